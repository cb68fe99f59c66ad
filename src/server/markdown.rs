//! Markdown → sanitised HTML, done once when content is written; reads never re-render.

use pulldown_cmark::{Options, Parser, html};
use std::collections::HashSet;

/// Renders user markdown and removes everything executable: scripts, event handlers, `style`,
/// `javascript:`/`data:` URLs, SVG/MathML, forms and frames. Links get `rel="noopener
/// noreferrer nofollow ugc"`.
pub fn render(markdown: &str) -> String {
    let mut options = Options::empty();
    options.insert(Options::ENABLE_TABLES);
    options.insert(Options::ENABLE_STRIKETHROUGH);
    let mut raw = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut raw, Parser::new_ext(markdown, options));
    ammonia::Builder::default()
        .url_schemes(HashSet::from(["http", "https", "mailto"]))
        .link_rel(Some("noopener noreferrer nofollow ugc"))
        .clean(&raw)
        .to_string()
}

/// The words of a markdown text without markup, for the search index: text, code and link
/// text; raw HTML is dropped. Blocks are separated by a newline.
pub fn plain_text(markdown: &str) -> String {
    use pulldown_cmark::{Event, TagEnd};
    let mut out = String::with_capacity(markdown.len());
    for event in Parser::new(markdown) {
        match event {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            Event::End(
                TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item | TagEnd::CodeBlock,
            ) => out.push('\n'),
            _ => {}
        }
    }
    out.trim_end().to_string()
}

#[cfg(test)]
mod tests {
    use super::{plain_text, render};

    #[test]
    fn plain_text_keeps_words_not_markup() {
        let text = plain_text(
            "# Warmtenet\n\n**Ledenobligaties** en [de bank](https://x.nl) <b>x</b>\n\n- een\n- twee",
        );
        assert_eq!(text, "Warmtenet\nLedenobligaties en de bank x\neen\ntwee");
    }

    #[test]
    fn renders_ordinary_markdown() {
        let html = render("**Ledenobligaties** werken:\n\n- 250 euro per stuk\n- 3% rente");
        assert!(html.contains("<strong>Ledenobligaties</strong>"), "{html}");
        assert!(html.contains("<li>250 euro per stuk</li>"), "{html}");
    }

    #[test]
    fn strips_everything_executable() {
        let hostile = [
            "<script>alert(1)</script>",
            "<img src=x onerror=alert(1)>",
            "[click](javascript:alert(1))",
            "<a href=\"data:text/html,<script>alert(1)</script>\">x</a>",
            "<svg onload=alert(1)><circle/></svg>",
            "<math><mi xlink:href=\"javascript:alert(1)\">x</mi></math>",
            "<iframe src=\"https://evil.example\"></iframe>",
            "<div style=\"background:url(javascript:alert(1))\">x",
            "<b onmouseover=alert(1)>unclosed <i>nested",
        ];
        for input in hostile {
            let html = render(input).to_ascii_lowercase();
            for bad in [
                "<script",
                "onerror",
                "onload",
                "onmouseover",
                "javascript:",
                "data:",
                "<svg",
                "<math",
                "<iframe",
                "style=",
            ] {
                assert!(!html.contains(bad), "{input:?} rendered as {html:?}");
            }
        }
    }

    #[test]
    fn links_do_not_leak_the_opener() {
        let html = render("[site](https://example.org)");
        assert!(
            html.contains("rel=\"noopener noreferrer nofollow ugc\""),
            "{html}"
        );
    }
}
