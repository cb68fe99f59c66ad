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

/// How many links a markdown text carries: links, images, autolinks and bare `http(s)://` or
/// `www.` addresses in the text (a link's own text is not counted again).
pub fn link_count(markdown: &str) -> usize {
    use pulldown_cmark::{Event, Tag, TagEnd};
    let mut count = 0;
    let mut inside = 0_usize;
    for event in Parser::new_ext(markdown, Options::ENABLE_TABLES) {
        match event {
            Event::Start(Tag::Link { .. } | Tag::Image { .. }) => {
                count += 1;
                inside += 1;
            }
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
            Event::Html(html) | Event::InlineHtml(html) => {
                count += html.to_ascii_lowercase().matches("href=").count();
            }
            _ => {}
        }
    }
    count
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
    use super::{excerpt, plain_text, render};

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
        for input in hostile {
            let html = render(input);
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
