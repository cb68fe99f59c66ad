//! Markdown → sanitised HTML, done once when content is written; reads never re-render.

use pulldown_cmark::{Options, Parser, html};
use std::collections::HashSet;
use std::sync::atomic::{AtomicBool, Ordering};

/// Whether posts keep images from other sites (`--remote-images`): set once at start-up by
/// `server::cli` from the configuration, off until then.
static REMOTE_IMAGES: AtomicBool = AtomicBool::new(false);

/// Sets what `render` does with images (at start-up, from `Config::remote_images`).
pub fn set_remote_images(on: bool) {
    REMOTE_IMAGES.store(on, Ordering::Relaxed);
}

/// What rendering does with images (`<img>`, from markdown or raw HTML).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Images {
    /// Kept as images (`--remote-images`): the image's site sees every reader.
    Shown,
    /// Turned into a link to the image (its alt text, else its address, as the link text); an
    /// image inside a link becomes its alt text, and the link stays. The default.
    AsLinks,
}

/// Renders user markdown and removes everything executable: scripts, event handlers, `style`,
/// `javascript:`/`data:` URLs, SVG/MathML, forms and frames. Links get `rel="noopener
/// noreferrer nofollow ugc"`. Images follow the `--remote-images` setting (`Images`).
pub fn render(markdown: &str) -> String {
    let images = if REMOTE_IMAGES.load(Ordering::Relaxed) {
        Images::Shown
    } else {
        Images::AsLinks
    };
    render_with(markdown, images)
}

/// `render` with the images' treatment given.
pub fn render_with(markdown: &str, images: Images) -> String {
    let mut options = Options::empty();
    options.insert(Options::ENABLE_TABLES);
    options.insert(Options::ENABLE_STRIKETHROUGH);
    let mut raw = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut raw, Parser::new_ext(markdown, options));
    let clean = sanitiser().clean(&raw).to_string();
    if images == Images::Shown || !clean.contains("<img") {
        return clean;
    }
    // Sanitised again: the links made here get their `rel` and their URL checked like any other.
    sanitiser()
        .rm_tags(["img"])
        .clean(&images_as_links(&clean))
        .to_string()
}

fn sanitiser() -> ammonia::Builder<'static> {
    let mut builder = ammonia::Builder::default();
    builder
        .url_schemes(HashSet::from(["http", "https", "mailto"]))
        .link_rel(Some("noopener noreferrer nofollow ugc"));
    builder
}

/// One tag of sanitised HTML: its name (`/a` for a closing tag), its attributes (values as
/// written, still escaped) and its length in bytes.
type Tag<'a> = (&'a str, Vec<(&'a str, &'a str)>, usize);

/// The tag at the start of `html` (see `Tag`).
fn parse_tag(html: &str) -> Option<Tag<'_>> {
    // A closing tag's name starts with its slash.
    let name_start = if html[1..].starts_with('/') { 2 } else { 1 };
    let name_end = name_start
        + html[name_start..].find(|c: char| c.is_ascii_whitespace() || c == '>' || c == '/')?;
    let name = &html[1..name_end];
    let mut attrs = Vec::new();
    let mut at = name_end;
    loop {
        let rest = &html[at..];
        let trimmed = rest.trim_start();
        at += rest.len() - trimmed.len();
        if trimmed.starts_with('>') {
            return Some((name, attrs, at + 1));
        }
        if trimmed.starts_with("/>") {
            return Some((name, attrs, at + 2));
        }
        let key_len = trimmed.find(|c: char| c.is_ascii_whitespace() || "=>/".contains(c))?;
        if key_len == 0 {
            return None;
        }
        let key = &trimmed[..key_len];
        at += key_len;
        if html[at..].starts_with("=\"") {
            let close = html[at + 2..].find('"')?;
            attrs.push((key, &html[at + 2..at + 2 + close]));
            at += close + 3;
        } else {
            attrs.push((key, ""));
        }
    }
}

/// An attribute value (escaped for a double-quoted attribute: `&amp;`, `&quot;`, `&nbsp;`, but
/// raw `<` and `>`) as text content.
fn attribute_as_text(value: &str) -> String {
    value.replace('<', "&lt;").replace('>', "&gt;")
}

/// Sanitised HTML with every `<img>` turned into a link to its source (`Images::AsLinks`). It
/// reads ammonia's output, whose tags are well formed (attribute values double-quoted with `"`
/// escaped, every `<` in text escaped); the caller sanitises the result again.
fn images_as_links(html: &str) -> String {
    let mut out = String::with_capacity(html.len() + 64);
    let mut rest = html;
    let mut inside_link = 0_usize;
    while let Some(start) = rest.find('<') {
        out.push_str(&rest[..start]);
        rest = &rest[start..];
        let Some((name, attrs, len)) = parse_tag(rest) else {
            // Not a tag we can read: leave it to the second sanitising pass.
            out.push_str(rest);
            return out;
        };
        let attr = |key: &str| {
            attrs
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(key))
                .map(|(_, v)| *v)
                .filter(|v| !v.trim().is_empty())
        };
        if name.eq_ignore_ascii_case("img") {
            let alt = attr("alt");
            match (attr("src"), inside_link > 0) {
                (Some(src), false) => {
                    out.push_str(&format!(
                        "<a href=\"{src}\">{}</a>",
                        attribute_as_text(alt.unwrap_or(src))
                    ));
                }
                _ => out.push_str(&attribute_as_text(alt.unwrap_or_default())),
            }
        } else {
            if name.eq_ignore_ascii_case("a") {
                inside_link += 1;
            } else if name.eq_ignore_ascii_case("/a") {
                inside_link = inside_link.saturating_sub(1);
            }
            out.push_str(&rest[..len]);
        }
        rest = &rest[len..];
    }
    out.push_str(rest);
    out
}

/// How many links a markdown text carries: every `<a href>` and `<img>` of its sanitised HTML
/// (`render`, so whatever survives as a link is counted, whichever way it was written: markdown,
/// autolinks, raw HTML with odd spacing such as `<a href ="…">`), plus bare `http(s)://` or
/// `www.` addresses in the text outside links (a link's own text is not counted again).
pub fn link_count(markdown: &str) -> usize {
    links_in_html(&render(markdown)) + bare_addresses(markdown)
}

/// Bare web addresses in the text of a markdown document, outside markdown links and images.
fn bare_addresses(markdown: &str) -> usize {
    use pulldown_cmark::{Event, Tag, TagEnd};
    let mut count = 0;
    let mut inside = 0_usize;
    for event in Parser::new_ext(markdown, Options::ENABLE_TABLES) {
        match event {
            Event::Start(Tag::Link { .. } | Tag::Image { .. }) => inside += 1,
            Event::End(TagEnd::Link | TagEnd::Image) => inside = inside.saturating_sub(1),
            Event::Text(text) | Event::Code(text) if inside == 0 => {
                let lower = text.to_ascii_lowercase();
                count += lower.matches("http://").count()
                    + lower.matches("https://").count()
                    + lower
                        .matches("www.")
                        .count()
                        .saturating_sub(lower.matches("://www.").count());
            }
            _ => {}
        }
    }
    count
}

/// The `<a>` elements with an `href` and the `<img>` elements of sanitised HTML as ammonia
/// writes it: `<` in text is escaped, attribute values are double-quoted (a `"` inside is
/// escaped), so a tag runs from `<` to the first `>` outside quotes.
fn links_in_html(html: &str) -> usize {
    let mut count = 0;
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        rest = &rest[open + 1..];
        let mut quoted = false;
        let end = rest
            .char_indices()
            .find(|&(_, c)| {
                if c == '"' {
                    quoted = !quoted;
                }
                c == '>' && !quoted
            })
            .map_or(rest.len(), |(i, _)| i);
        let tag = &rest[..end];
        rest = &rest[end..];
        let name_end = tag
            .find(|c: char| c.is_ascii_whitespace() || c == '/')
            .unwrap_or(tag.len());
        let (name, attributes) = tag.split_at(name_end);
        if name.eq_ignore_ascii_case("img")
            || (name.eq_ignore_ascii_case("a") && attribute_names(attributes).any(|a| a == "href"))
        {
            count += 1;
        }
    }
    count
}

/// The attribute names (lower case) of a tag's attribute text (`href="…" rel="…"`).
fn attribute_names(mut text: &str) -> impl Iterator<Item = String> + '_ {
    std::iter::from_fn(move || {
        text = text.trim_start_matches(|c: char| c.is_ascii_whitespace() || c == '/');
        if text.is_empty() {
            return None;
        }
        let name_end = text
            .find(|c: char| c.is_ascii_whitespace() || c == '=' || c == '/')
            .unwrap_or(text.len());
        let name = text[..name_end].to_ascii_lowercase();
        text = text[name_end..].trim_start();
        if let Some(value) = text.strip_prefix('=') {
            let value = value.trim_start();
            text = match value.strip_prefix('"') {
                Some(quoted) => quoted.find('"').map_or("", |i| &quoted[i + 1..]),
                None => value
                    .find(|c: char| c.is_ascii_whitespace())
                    .map_or("", |i| &value[i..]),
            };
        }
        Some(name)
    })
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

/// `text` cut to at most `max_chars` characters — at a space when there is one in the second
/// half — and marked with "…" when cut.
pub fn shorten(text: &str, max_chars: usize) -> String {
    if text.chars().count() <= max_chars {
        return text.to_string();
    }
    let cut: String = text.chars().take(max_chars).collect();
    let cut = match cut.rfind(' ') {
        Some(i) if i > max_chars / 2 => &cut[..i],
        _ => &cut,
    };
    format!("{cut}…")
}

/// The start of a markdown text as one line of plain text (cards, the partner queue).
pub fn excerpt(markdown: &str, max_chars: usize) -> String {
    let plain = plain_text(markdown);
    shorten(
        &plain.split_whitespace().collect::<Vec<_>>().join(" "),
        max_chars,
    )
}

#[cfg(test)]
#[path = "markdown_tests.rs"]
mod tests;
