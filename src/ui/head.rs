//! The head of every page: its title, its description, its canonical address and its language
//! versions, and for the pages people share (threads, labs, collectives) the OpenGraph and
//! Twitter card tags a link preview reads.
//!
//! Every routed page renders one `PageHead` (the error page renders its own unless it stands for a
//! failed part of a page that gave one, see `ErrorPage`), so a document has exactly one description and one canonical link;
//! `server::head_tests` walks the pages. Addresses are absolute: the configured public URL's
//! origin, else the request's host (`Config::origin_for`); in the browser `location.origin`.
//!
//! Escaping: leptos_meta renders `<Meta content>` and `<Link href>` as attributes, and tachys
//! escapes attribute values on the server (`&`, `<`, `>`, `"`, in
//! `tachys::html::attribute::value::escape_attr`). Only the `<title>` text is written raw, which
//! `app::page_title` escapes. So text goes into these props as it is: escaping it here as well
//! would show `&amp;lt;` in link previews. `server::head_tests` checks hostile names on the raw HTML.

use crate::i18n::{LANG_PARAM, Locale, Msg, use_i18n};
use crate::ui::href::url_encode;
use leptos::prelude::*;
use leptos::text_prop::TextProp;
use leptos_meta::{Link, Meta, Title};

/// The query parameters that choose what a page shows, in the order addresses list them. Others
/// (`lang`, `answer`, one-off notices such as `flagged` or `welcome`, tracking tags) are left out
/// of canonical and alternate addresses.
pub const ADDRESS_PARAMS: [&str; 13] = [
    "q",
    "type",
    "sector",
    "lab",
    "topic",
    "collective",
    "province",
    "status",
    "unanswered",
    "sort",
    "page",
    "after",
    "before",
];

/// How long a description may be: about what a search result shows.
pub const DESCRIPTION_CHARS: usize = 160;

/// The square picture link previews show (`public/`, the brand mark).
pub const PREVIEW_IMAGE: &str = "/icon-512.png";

/// What a shared page is, for link previews (OpenGraph `og:type`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Share {
    /// A question thread.
    Article,
    /// A lab or a collective.
    Website,
}

impl Share {
    pub fn og_type(self) -> &'static str {
        match self {
            Share::Article => "article",
            Share::Website => "website",
        }
    }
}

/// OpenGraph's name of a language (`og:locale`).
pub fn og_locale(locale: Locale) -> &'static str {
    match locale {
        Locale::Nl => "nl_NL",
        Locale::En => "en_GB",
    }
}

/// The absolute addresses of one page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PageAddresses {
    /// `scheme://host[:port]`.
    pub origin: String,
    /// The page as this response shows it: with `?lang=` when the URL chose the language.
    pub canonical: String,
    /// The page in Dutch and in English (`?lang=nl`, `?lang=en`).
    pub nl: String,
    pub en: String,
    /// The page without `lang`: in the reader's own language (`hreflang="x-default"`).
    pub default: String,
}

impl PageAddresses {
    /// The addresses of the page at `path` with the query parameters `get` returns (the
    /// `ADDRESS_PARAMS`, then `lang`).
    pub fn new(origin: &str, path: &str, get: impl Fn(&str) -> Option<String>) -> PageAddresses {
        let path = encode_path(path);
        let params: Vec<String> = ADDRESS_PARAMS
            .iter()
            .filter_map(|name| {
                get(name)
                    .filter(|value| !value.is_empty())
                    .map(|value| format!("{name}={}", url_encode(&value)))
            })
            .collect();
        let address = |lang: Option<Locale>| {
            let mut params = params.clone();
            if let Some(lang) = lang {
                params.push(format!("{LANG_PARAM}={}", lang.code()));
            }
            if params.is_empty() {
                format!("{origin}{path}")
            } else {
                format!("{origin}{path}?{}", params.join("&"))
            }
        };
        let chosen = get(LANG_PARAM).and_then(|code| Locale::from_code(&code));
        PageAddresses {
            origin: origin.to_string(),
            canonical: address(chosen),
            nl: address(Some(Locale::Nl)),
            en: address(Some(Locale::En)),
            default: address(None),
        }
    }

    /// `(hreflang, address)` of the language versions, `x-default` last.
    pub fn alternates(&self) -> [(&'static str, &str); 3] {
        [
            ("nl", &self.nl),
            ("en", &self.en),
            ("x-default", &self.default),
        ]
    }
}

/// A path as it goes into an address: characters outside the path's own set percent-encoded
/// (escapes already there are kept); anything but an absolute path is the root.
fn encode_path(path: &str) -> String {
    if !path.starts_with('/') {
        return "/".to_string();
    }
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        match b {
            b'A'..=b'Z'
            | b'a'..=b'z'
            | b'0'..=b'9'
            | b'-'
            | b'.'
            | b'_'
            | b'~'
            | b'/'
            | b'%'
            | b'!'
            | b'$'
            | b'&'
            | b'\''
            | b'('
            | b')'
            | b'*'
            | b'+'
            | b','
            | b';'
            | b'='
            | b':'
            | b'@' => out.push(b as char),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// `text` as one line of at most `max_chars` characters: whitespace collapsed, cut at a space
/// when there is one in the second half, and marked with "…" when cut.
pub fn summary(text: &str, max_chars: usize) -> String {
    let line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if line.chars().count() <= max_chars {
        return line;
    }
    let cut: String = line.chars().take(max_chars.saturating_sub(1)).collect();
    let cut = match cut.rfind(' ') {
        Some(i) if i > cut.len() / 2 => &cut[..i],
        _ => &cut,
    };
    format!("{}…", cut.trim_end_matches([',', ';', ':', '.', ' ']))
}

/// The origin absolute addresses start with: from the configuration and the request on the
/// server (`Config::origin_for`), `location.origin` in the browser.
pub fn site_origin() -> String {
    #[cfg(feature = "ssr")]
    {
        let parts = use_context::<http::request::Parts>();
        use_context::<crate::server::config::Config>()
            .map(|config| config.origin_for(parts.as_ref().map(|p| &p.headers)))
            .unwrap_or_default()
    }
    #[cfg(not(feature = "ssr"))]
    {
        window().location().origin().unwrap_or_default()
    }
}

/// The addresses of the page being rendered (read once: the head of a page that only changes
/// its query in the browser keeps the addresses it was rendered with).
pub fn current_addresses() -> PageAddresses {
    let location = leptos_router::hooks::use_location();
    let query = location.query.get_untracked();
    PageAddresses::new(&site_origin(), &location.pathname.get_untracked(), |name| {
        query.get(name)
    })
}

/// A page's head: its `<title>` (the site name is added, and it is escaped, by the root title's
/// formatter, `app::page_title`), its description, its canonical address and its language
/// versions; with `share`, the OpenGraph and Twitter card tags of a link preview. Text is given as
/// it is (see the module doc for the escaping); pass `I18n::head`/`head_text` closures, which are
/// fixed on the server and follow the language switch in the browser.
#[component]
pub fn PageHead(
    /// The page's own title.
    #[prop(into)]
    title: TextProp,
    /// What the page holds, in a sentence (cut to `DESCRIPTION_CHARS`).
    #[prop(into)]
    description: TextProp,
    /// Pages worth sharing: their OpenGraph type.
    #[prop(optional)]
    share: Option<Share>,
) -> impl IntoView {
    let i18n = use_i18n();
    let description: TextProp = {
        let full = description;
        (move || summary(&full.get(), DESCRIPTION_CHARS)).into()
    };
    let addresses = current_addresses();
    let preview = share.map(|share| {
        let other = move |l: Locale| match l {
            Locale::Nl => Locale::En,
            Locale::En => Locale::Nl,
        };
        view! {
            <Meta property="og:type" content=share.og_type() />
            <Meta property="og:title" content=title.clone() />
            <Meta property="og:description" content=description.clone() />
            <Meta property="og:url" content=addresses.canonical.clone() />
            <Meta property="og:site_name" content=i18n.head(Msg::SiteName) />
            <Meta property="og:locale" content=i18n.head_text(|l| og_locale(l).to_string()) />
            <Meta
                property="og:locale:alternate"
                content=i18n.head_text(move |l| og_locale(other(l)).to_string())
            />
            <Meta property="og:image" content=format!("{}{PREVIEW_IMAGE}", addresses.origin) />
            <Meta name="twitter:card" content="summary" />
        }
    });
    let alternates = addresses
        .alternates()
        .into_iter()
        .map(|(lang, href)| view! { <Link rel="alternate" hreflang=lang href=href.to_string() /> })
        .collect_view();
    view! {
        <Title text=title.clone() />
        <Meta name="description" content=description.clone() />
        <Link rel="canonical" href=addresses.canonical.clone() />
        {alternates}
        {preview}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn query<'a>(pairs: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |name| {
            pairs
                .iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| v.to_string())
        }
    }

    #[test]
    fn addresses_keep_what_chooses_the_page_and_add_the_language() {
        let a = PageAddresses::new(
            "https://cp.example.nl",
            "/questions",
            query(&[
                ("utm_source", "mail"),
                ("sector", "energy"),
                ("lang", "en"),
                ("q", "zon & wind"),
                ("flagged", "1"),
            ]),
        );
        assert_eq!(
            a.canonical,
            "https://cp.example.nl/questions?q=zon%20%26%20wind&sector=energy&lang=en"
        );
        assert_eq!(
            a.nl,
            "https://cp.example.nl/questions?q=zon%20%26%20wind&sector=energy&lang=nl"
        );
        assert_eq!(
            a.default,
            "https://cp.example.nl/questions?q=zon%20%26%20wind&sector=energy"
        );
        let home = PageAddresses::new("http://127.0.0.1:3000", "/", query(&[("lang", "fr")]));
        assert_eq!(home.canonical, "http://127.0.0.1:3000/");
        assert_eq!(home.en, "http://127.0.0.1:3000/?lang=en");
        assert_eq!(
            home.alternates().map(|(lang, _)| lang),
            ["nl", "en", "x-default"]
        );
    }

    #[test]
    fn paths_are_encoded_once() {
        let a = PageAddresses::new("http://h", "/no/\"><x> y%20z", query(&[]));
        assert_eq!(a.default, "http://h/no/%22%3E%3Cx%3E%20y%20z");
        assert_eq!(
            PageAddresses::new("http://h", "x", query(&[])).default,
            "http://h/"
        );
    }

    #[test]
    fn summaries_are_one_line_and_cut_at_a_word() {
        assert_eq!(summary("  Two\n\nlines  ", 160), "Two lines");
        let long = "word ".repeat(60);
        let cut = summary(&long, 160);
        assert!(cut.chars().count() <= 160, "{cut}");
        assert!(cut.ends_with("word…"), "{cut}");
        assert_eq!(summary("abcdefghij", 5), "abcd…");
    }
}
