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
mod tests {
    use super::{Images, excerpt, plain_text, render, render_with};

    #[test]
    fn excerpts_are_one_line_of_words_cut_at_a_space() {
        assert_eq!(
            excerpt("**Village hall**\n\n- buy\n- rent", 100),
            "Village hall buy rent"
        );
        assert_eq!(excerpt("one two three four five", 12), "one two…");
        assert_eq!(excerpt("abcdefghijkl", 5), "abcde…");
    }

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
    fn links_are_counted_once_in_every_form() {
        use super::link_count;
        assert_eq!(link_count("No links, just text about www and http."), 0);
        assert_eq!(link_count("[bank](https://bank.example)"), 1);
        assert_eq!(link_count("<https://a.example> and https://b.example/x"), 2);
        assert_eq!(link_count("www.c.example and https://www.d.example"), 2);
        assert_eq!(
            link_count("![img](https://e.example/x.png) <a href=\"https://f\">f</a>"),
            2
        );
    }

    // issue 15 (F6b): raw HTML links were counted as the literal text `href=`, images not at all.
    #[test]
    fn links_and_images_are_counted_from_the_sanitised_html() {
        use super::{link_count, links_in_html};
        assert_eq!(
            link_count(
                "<a href =\"https://a.example\">a</a> <a href= \"https://b.example\">b</a> \
                 <a\nhref=https://c.example>c</a>"
            ),
            3,
            "spacing and quoting do not hide a link"
        );
        assert_eq!(
            link_count("<img src=\"https://t.example/1.png\"> <IMG SRC=https://t.example/2.png>"),
            2,
            "raw images"
        );
        assert_eq!(
            link_count("![a](https://t.example/a.png) ![b](https://t.example/b.png) ![c](c.png)"),
            3,
            "markdown images"
        );
        assert_eq!(
            link_count("<a title=\"href=\">not a link</a> <span>href=</span> `<a href=x>`"),
            0,
            "the text `href=` is not a link, and an <a> without href is not either"
        );
        assert_eq!(
            link_count("<a href=\"javascript:alert(1)\">x</a>"),
            0,
            "what the sanitiser removed is no link"
        );
        assert_eq!(
            links_in_html(
                "<p title=\"<img> <a href=x>\">&lt;img&gt;</p><a href=\"y\" rel=\"z\">y</a>"
            ),
            1,
            "quoted and escaped markup is no element"
        );
    }

    // issue 15: remote images
    #[test]
    fn images_become_links_unless_remote_images_are_on() {
        let rel = "rel=\"noopener noreferrer nofollow ugc\"";
        let off = |md: &str| render_with(md, Images::AsLinks);
        // The default (`render`) is off: the link stays, the alt text is its text.
        for html in [
            render("![Heat pump](https://img.example/p.png \"t\")"),
            off("![Heat pump](https://img.example/p.png)"),
        ] {
            assert_eq!(
                html,
                format!("<p><a href=\"https://img.example/p.png\" {rel}>Heat pump</a></p>\n"),
            );
        }
        // No alt text: the address is the link's text.
        assert_eq!(
            off("![](https://img.example/p.png?a=1&b=2)"),
            format!(
                "<p><a href=\"https://img.example/p.png?a=1&amp;b=2\" {rel}>https://img.example/p.png?a=1&amp;b=2</a></p>\n"
            ),
        );
        // An image inside a link (a badge): the outer link stays, with the alt text.
        assert_eq!(
            off("[![build](https://img.example/b.svg)](https://ci.example/)"),
            format!("<p><a href=\"https://ci.example/\" {rel}>build</a></p>\n"),
        );
        // Raw HTML images too; markup in the alt text stays text, `>` in a value is no tag end.
        let raw = off(
            "<img src=\"https://img.example/r.png\" title=\"a > b\" alt=\"raw <b>x</b> &quot;q&quot;\">",
        );
        assert!(!raw.contains("<img") && !raw.contains("<b>"), "{raw}");
        assert!(
            raw.contains("href=\"https://img.example/r.png\"")
                && raw.contains(">raw &lt;b&gt;x&lt;/b&gt; \"q\"</a>"),
            "{raw}"
        );
        // An image whose address was removed (a bad scheme) leaves its alt text only.
        assert_eq!(off("![x](javascript:alert(1))"), "<p>x</p>\n");
        // On: as before, an image.
        assert_eq!(
            render_with("![Heat pump](https://img.example/p.png)", Images::Shown),
            "<p><img src=\"https://img.example/p.png\" alt=\"Heat pump\"></p>\n"
        );
        // Text without images is rendered once, the same either way.
        let plain = "**Ledenobligaties** [bank](https://bank.example) a < b";
        assert_eq!(off(plain), render_with(plain, Images::Shown));
    }

    #[test]
    fn links_do_not_leak_the_opener() {
        let html = render("[site](https://example.org)");
        assert!(
            html.contains("rel=\"noopener noreferrer nofollow ugc\""),
            "{html}"
        );
    }

    /// Every tag of sanitised output (text `<` is always escaped as `&lt;`): its name and its
    /// attributes as (name, value) pairs.
    fn tags(html: &str) -> Vec<(String, Vec<(String, String)>)> {
        let mut out = Vec::new();
        let mut rest = html;
        while let Some(start) = rest.find('<') {
            let after = &rest[start + 1..];
            let end = after.find('>').expect("a tag closes");
            let inside = after[..end].trim_start_matches('/').trim_end_matches('/');
            let mut parts = inside.splitn(2, char::is_whitespace);
            let name = parts.next().unwrap_or_default().to_ascii_lowercase();
            let mut attrs = Vec::new();
            let mut attr_text = parts.next().unwrap_or_default().trim();
            while !attr_text.is_empty() {
                let (key, value, next) = match attr_text.find(['=', ' ']) {
                    Some(i) if attr_text.as_bytes()[i] == b'=' => {
                        let value_start = &attr_text[i + 1..];
                        assert!(value_start.starts_with('"'), "quoted: {html}");
                        let close = value_start[1..].find('"').expect("closing quote") + 1;
                        (
                            &attr_text[..i],
                            &value_start[1..close],
                            value_start[close + 1..].trim_start(),
                        )
                    }
                    Some(i) => (&attr_text[..i], "", attr_text[i..].trim_start()),
                    None => (attr_text, "", ""),
                };
                attrs.push((key.to_ascii_lowercase(), value.to_string()));
                attr_text = next;
            }
            out.push((name, attrs));
            rest = &after[end + 1..];
        }
        out
    }

    /// Whether a URL in sanitised output could run anything: only http(s), mailto and relative
    /// URLs may remain.
    fn executable_url(value: &str) -> bool {
        let decoded = value.replace("&amp;", "&").to_ascii_lowercase();
        let compact: String = decoded
            .chars()
            .filter(|c| !c.is_whitespace() && !c.is_control())
            .collect();
        match compact.find(':') {
            Some(colon) => {
                let scheme = &compact[..colon];
                let before_path = !scheme.contains(['/', '?', '#']);
                before_path && !["http", "https", "mailto"].contains(&scheme)
            }
            None => false,
        }
    }

    #[test]
    fn a_hostile_suite_leaves_nothing_executable() {
        let hostile = [
            // Script tags, in every disguise.
            "<script>alert(1)</script>",
            "<SCRIPT SRC=https://evil.example/x.js></SCRIPT>",
            "<<script>script>alert(1)<</script>/script>",
            "<scr<script>ipt>alert(1)</scr</script>ipt>",
            "<!--><script>alert(1)</script>-->",
            "<template><script>alert(1)</script></template>",
            "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">",
            // Event handlers.
            "<img src=x onerror=alert(1)>",
            "<IMG SRC=x OnErRoR=alert(1)>",
            "<details open ontoggle=alert(1)>x</details>",
            "<video><source onerror=alert(1)></video>",
            "<input autofocus onfocus=alert(1)>",
            "<body onload=alert(1)>",
            "<p onclick=\"alert(1)\">click me</p>",
            "<b onmouseover=alert(1)>unclosed <i>nested",
            // javascript:, vbscript: and data: URLs, in markdown and HTML.
            "[click](javascript:alert(1))",
            "[click](JaVaScRiPt:alert(1))",
            "[click](<javascript:alert(1)>)",
            "[click][1]\n\n[1]: javascript:alert(1)",
            "<javascript:alert(1)>",
            "![x](javascript:alert(1))",
            "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
            "<a href=\"jav&#x61;script:alert(1)\">x</a>",
            "<a href=\"java\tscript:alert(1)\">x</a>",
            "<a href=\"  javascript:alert(1)\">x</a>",
            "<a href=\"vbscript:msgbox(1)\">x</a>",
            "<a href=\"data:text/html,<script>alert(1)</script>\">x</a>",
            "<img src=\"x\" srcset=\"javascript:alert(1) 1x\">",
            "<a href=\"javascript:alert(1)",
            // SVG and MathML.
            "<svg onload=alert(1)><circle/></svg>",
            "<svg><script>alert(1)</script></svg>",
            "<svg><a xlink:href=\"javascript:alert(1)\"><text>x</text></a></svg>",
            "<math><mi xlink:href=\"javascript:alert(1)\">x</mi></math>",
            "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table></mtext></math>",
            // Frames, objects, forms, styles and document-level tags.
            "<iframe src=\"https://evil.example\"></iframe>",
            "<iframe srcdoc=\"<script>alert(1)</script>\"></iframe>",
            "<object data=\"javascript:alert(1)\"></object>",
            "<embed src=\"javascript:alert(1)\">",
            "<form action=\"javascript:alert(1)\"><button>go</button></form>",
            "<button formaction=\"javascript:alert(1)\">go</button>",
            "<div style=\"background:url(javascript:alert(1))\">x",
            "<style>@import 'https://evil.example/x.css';</style>",
            "<link rel=stylesheet href=https://evil.example/x.css>",
            "<meta http-equiv=refresh content=\"0;url=javascript:alert(1)\">",
            "<base href=\"https://evil.example/\">",
            // Nested and unclosed markup.
            "<div><p><a href=\"https://ok.example\"><img src=x onerror=alert(1)",
            "*[emphasis <img src=x onerror=alert(1)>](https://ok.example)*",
            "> quote <script>alert(1)\n> more",
        ];
        let forbidden_tags = [
            "script", "style", "svg", "math", "iframe", "frame", "object", "embed", "form",
            "input", "button", "textarea", "select", "link", "meta", "base", "template",
            "noscript", "body", "html", "head", "video", "audio", "source",
        ];
        // Both ways of treating images (`--remote-images` on and off).
        let both = hostile
            .iter()
            .flat_map(|input| [Images::Shown, Images::AsLinks].map(|images| (*input, images)));
        for (input, images) in both {
            let html = render_with(input, images);
            for (name, attrs) in tags(&html) {
                assert!(
                    !forbidden_tags.contains(&name.as_str()),
                    "{input:?} kept <{name}>: {html}"
                );
                for (attr, value) in attrs {
                    assert!(
                        !attr.starts_with("on")
                            && !["style", "srcdoc", "formaction", "srcset", "xlink:href"]
                                .contains(&attr.as_str()),
                        "{input:?} kept {attr}=: {html}"
                    );
                    if ["href", "src", "action", "cite", "data", "poster"].contains(&attr.as_str())
                    {
                        assert!(
                            !executable_url(&value),
                            "{input:?} kept {attr}={value:?}: {html}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn the_checker_sees_what_it_must() {
        // The suite above is only as good as its checks: they catch the real thing.
        let raw = "<p onclick=\"x\"><a href=\"javascript:alert(1)\">x</a><img src=\"data:x\"></p>";
        let found = tags(raw);
        assert_eq!(found[0], ("p".into(), vec![("onclick".into(), "x".into())]));
        assert!(executable_url("javascript:alert(1)"));
        assert!(executable_url(" JAVA\tSCRIPT:alert(1)"));
        assert!(executable_url("data:text/html,x"));
        assert!(!executable_url("https://example.org/a:b"));
        assert!(!executable_url("/questions/1#answer-2"));
        assert!(!executable_url("mailto:info@example.org"));
    }
}
