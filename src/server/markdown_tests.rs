//! Markdown rendering and sanitising: what survives, what is stripped, how links and images
//! are rewritten.

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
        links_in_html("<p title=\"<img> <a href=x>\">&lt;img&gt;</p><a href=\"y\" rel=\"z\">y</a>"),
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
        "script", "style", "svg", "math", "iframe", "frame", "object", "embed", "form", "input",
        "button", "textarea", "select", "link", "meta", "base", "template", "noscript", "body",
        "html", "head", "video", "audio", "source",
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
                if ["href", "src", "action", "cite", "data", "poster"].contains(&attr.as_str()) {
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
