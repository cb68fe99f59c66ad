//! Reading what someone typed into the search box: words and quoted phrases. Nothing in user
//! input is syntax except balanced double quotes, so no input is ever a parse error.

/// Most words taken from one query; the rest is ignored.
pub const MAX_WORDS: usize = 12;
const MAX_PHRASES: usize = 3;

/// The query text as words and phrases. Nothing in user input is syntax except balanced quotes.
#[derive(Debug, Default, PartialEq)]
pub struct ParsedText {
    pub words: Vec<String>,
    pub phrases: Vec<String>,
    /// The last word is still being typed (no space or quote after it).
    pub last_word_open: bool,
    /// The input was longer than `MAX_QUERY_CHARS` and was cut.
    pub cut: bool,
}

const OPERATORS: [&str; 6] = ["AND", "OR", "NOT", "EN", "OF", "NIET"];

pub fn parse_text(input: &str) -> ParsedText {
    let mut cut = false;
    let mut text: String = input
        .chars()
        .map(|c| {
            if c.is_control() {
                ' '
            } else if matches!(c, '“' | '”' | '„') {
                '"'
            } else {
                c
            }
        })
        .take(super::MAX_QUERY_CHARS + 1)
        .collect();
    if text.chars().count() > super::MAX_QUERY_CHARS {
        cut = true;
        text = text.chars().take(super::MAX_QUERY_CHARS).collect();
    }
    let mut out = ParsedText {
        cut,
        ..ParsedText::default()
    };
    // Split into quoted and unquoted stretches; an unmatched quote is ignored.
    let quotes = text.matches('"').count();
    let usable_quotes = quotes - quotes % 2;
    let mut seen = 0;
    let mut current = String::new();
    let mut in_phrase = false;
    let mut plain = String::new();
    for c in text.chars() {
        if c == '"' && seen < usable_quotes {
            seen += 1;
            if in_phrase {
                let phrase = current.trim().to_string();
                if !phrase.is_empty() && out.phrases.len() < MAX_PHRASES {
                    out.phrases.push(phrase);
                }
                current.clear();
                plain.push(' ');
            }
            in_phrase = !in_phrase;
        } else if in_phrase {
            current.push(c);
        } else if c == '"' {
            plain.push(' ');
        } else {
            plain.push(c);
        }
    }
    let ends_in_word =
        plain.chars().last().is_some_and(|c| c.is_alphanumeric()) && !text.ends_with('"');
    for word in plain.split(|c: char| !c.is_alphanumeric()) {
        if word.is_empty() || OPERATORS.contains(&word) {
            continue;
        }
        if out.words.len() == MAX_WORDS {
            break;
        }
        out.words.push(word.to_string());
    }
    out.last_word_open = ends_in_word && !out.words.is_empty() && !cut;
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_never_syntax() {
        let p = parse_text("warmtenet \"lokale bank\" AND OR NOT financ");
        assert_eq!(p.words, ["warmtenet", "financ"]);
        assert_eq!(p.phrases, ["lokale bank"]);
        assert!(p.last_word_open);
        let p = parse_text("\"unbalanced quote heat");
        assert_eq!(p.words, ["unbalanced", "quote", "heat"]);
        assert!(p.phrases.is_empty());
        let p = parse_text("'; DROP TABLE questions; -- \u{0}\u{7}x ");
        assert_eq!(p.words, ["DROP", "TABLE", "questions", "x"]);
        assert!(!p.last_word_open);
        let long = "subsidie ".repeat(2000);
        let p = parse_text(&long);
        assert!(p.cut);
        assert_eq!(p.words.len(), MAX_WORDS);
    }
}
