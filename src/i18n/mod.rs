//! Dutch and English for every UI string. The language comes from the URL's `?lang=` (so each
//! language has addresses of its own a crawler can follow; the cookie is left as it is), then the
//! `cp_lang` cookie, then `Accept-Language`, then Dutch; the server writes it into `<html lang>`,
//! hydration reads it back.
//! The table is `messages.rs`, dates and counts `format.rs`, vocabularies `vocab.rs` (re-exported).

mod format;
mod messages;
mod vocab;

pub use format::{answers_label, civil_date, count_label, format_date, iso_date, questions_label};
pub use messages::Msg;
pub use vocab::{PROVINCES, legal_form_name, province_name, stage_name};

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// Name of the cookie that remembers the language choice.
pub const LANG_COOKIE: &str = "cp_lang";

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Locale {
    #[default]
    Nl,
    En,
}

impl Locale {
    pub const ALL: [Locale; 2] = [Locale::Nl, Locale::En];

    pub fn code(self) -> &'static str {
        match self {
            Locale::Nl => "nl",
            Locale::En => "en",
        }
    }

    pub fn from_code(code: &str) -> Option<Locale> {
        match code.trim().to_ascii_lowercase().as_str() {
            "nl" => Some(Locale::Nl),
            "en" => Some(Locale::En),
            _ => None,
        }
    }

    /// The language's own name, as shown on the switch.
    pub fn native_name(self) -> &'static str {
        match self {
            Locale::Nl => "Nederlands",
            Locale::En => "English",
        }
    }

    /// Picks one of two texts held per language (reference data carries both).
    pub fn pick<'a>(self, nl: &'a str, en: &'a str) -> &'a str {
        match self {
            Locale::Nl => nl,
            Locale::En => en,
        }
    }
}

/// The language for a request: the cookie wins, then the first supported language in
/// `Accept-Language` (by q-value), then Dutch.
pub fn negotiate(cookie_header: Option<&str>, accept_language: Option<&str>) -> Locale {
    if let Some(cookies) = cookie_header {
        for pair in cookies.split(';') {
            if let Some((name, value)) = pair.trim().split_once('=')
                && name == LANG_COOKIE
                && let Some(locale) = Locale::from_code(value)
            {
                return locale;
            }
        }
    }
    if let Some(header) = accept_language {
        let mut best: Option<(f32, Locale)> = None;
        for item in header.split(',') {
            let mut parts = item.trim().split(';');
            let tag = parts.next().unwrap_or_default();
            let primary = tag.split('-').next().unwrap_or_default();
            let q = parts
                .find_map(|p| p.trim().strip_prefix("q="))
                .and_then(|q| q.parse::<f32>().ok())
                .unwrap_or(1.0);
            if let Some(locale) = Locale::from_code(primary)
                && q > 0.0
                && best.is_none_or(|(bq, _)| q > bq)
            {
                best = Some((q, locale));
            }
        }
        if let Some((_, locale)) = best {
            return locale;
        }
    }
    Locale::Nl
}

/// The query parameter that chooses the language of one response.
pub const LANG_PARAM: &str = "lang";

/// The language a URL's query asks for (`lang=nl` or `lang=en`), if it names one we have.
pub fn lang_param(query: &str) -> Option<Locale> {
    query
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .find(|(name, _)| *name == LANG_PARAM)
        .and_then(|(_, value)| Locale::from_code(value))
}

/// `path` (a local path with its query) without its `lang` parameter: where the language switch
/// sends a reader back to, so the choice just made is the one the page shows.
pub fn without_lang_param(path: &str) -> String {
    let (path, fragment) = match path.split_once('#') {
        Some((path, fragment)) => (path, Some(fragment)),
        None => (path, None),
    };
    let mut out = match path.split_once('?') {
        Some((path, query)) => {
            let kept: Vec<&str> = query
                .split('&')
                .filter(|pair| !pair.is_empty() && pair.split('=').next() != Some(LANG_PARAM))
                .collect();
            if kept.is_empty() {
                path.to_string()
            } else {
                format!("{path}?{}", kept.join("&"))
            }
        }
        None => path.to_string(),
    };
    if let Some(fragment) = fragment {
        out.push('#');
        out.push_str(fragment);
    }
    out
}

/// The UI language, shared through context as a signal, so the server and the hydrating browser
/// render the same text.
#[derive(Clone, Copy)]
pub struct I18n {
    pub locale: RwSignal<Locale>,
}

impl I18n {
    /// A reactive translation, for use directly in `view!`.
    pub fn t(self, msg: Msg) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
        let locale = self.locale;
        move || msg.text(locale.get())
    }

    pub fn get(self) -> Locale {
        self.locale.get()
    }

    /// Text for the document `<title>` (and other head tags). In the browser it follows the
    /// language switch; on the server it is fixed when the component renders, because leptos_axum
    /// may build the head after the page's reactive arena has gone (reading a signal there panics
    /// with `sandboxed-arenas`, seen on the 404 fallback).
    pub fn head_text(
        self,
        text: impl Fn(Locale) -> String + Send + Sync + 'static,
    ) -> impl Fn() -> String + Send + Sync + 'static {
        #[cfg(feature = "ssr")]
        {
            let fixed = text(self.locale.get_untracked());
            move || fixed.clone()
        }
        #[cfg(not(feature = "ssr"))]
        {
            let locale = self.locale;
            move || text(locale.get())
        }
    }

    /// `head_text` for one message.
    pub fn head(self, msg: Msg) -> impl Fn() -> String + Send + Sync + 'static {
        self.head_text(move |l| msg.text(l).to_string())
    }
}

/// The language of this render. An island hydrates without the app's context (it is its own root
/// in the browser): it then reads `<html lang>`, as hydration does, and shares it with its children.
pub fn use_i18n() -> I18n {
    use_context::<I18n>().unwrap_or_else(|| {
        let i18n = I18n {
            locale: RwSignal::new(initial_locale()),
        };
        provide_context(i18n);
        i18n
    })
}

/// The language for this render: from the request on the server (`request_locale`), from
/// `<html lang>` in the browser.
pub fn initial_locale() -> Locale {
    #[cfg(feature = "ssr")]
    {
        use_context::<http::request::Parts>()
            .map(|parts| request_locale(&parts))
            .unwrap_or_default()
    }
    #[cfg(not(feature = "ssr"))]
    {
        document()
            .document_element()
            .and_then(|html| html.get_attribute("lang"))
            .and_then(|code| Locale::from_code(&code))
            .unwrap_or_default()
    }
}

/// The language of a request: its `?lang=`; for a server function (`/api/…`) the `?lang=` of the
/// page that called it (its `Referer`), so a page read in English searches in English; then the
/// cookie, `Accept-Language` and Dutch (`negotiate`).
#[cfg(feature = "ssr")]
pub fn request_locale(parts: &http::request::Parts) -> Locale {
    let header = |name| {
        parts
            .headers
            .get(name)
            .and_then(|v: &http::HeaderValue| v.to_str().ok())
    };
    let from_page = || {
        if !parts.uri.path().starts_with("/api/") {
            return None;
        }
        let referer = header(http::header::REFERER)?;
        let query = referer.split('#').next()?.split_once('?')?.1;
        lang_param(query)
    };
    parts
        .uri
        .query()
        .and_then(lang_param)
        .or_else(from_page)
        .unwrap_or_else(|| {
            negotiate(
                header(http::header::COOKIE),
                header(http::header::ACCEPT_LANGUAGE),
            )
        })
}

/// Remembers the language choice in a cookie. As a plain form post (no JavaScript) the server
/// answers with a redirect back to the page, now in the chosen language: without its `?lang=`,
/// which would otherwise outrank the cookie just set.
#[server(prefix = "/api", endpoint = "set_language")]
pub async fn set_language(lang: String) -> Result<(), crate::error::AppError> {
    use crate::error::AppError;
    let locale = Locale::from_code(&lang).ok_or(AppError::Invalid(Msg::LanguageSwitch))?;
    crate::server::cookies::set(&format!(
        "{LANG_COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax{}",
        locale.code(),
        crate::server::cookies::secure_attribute()
    ));
    if let Some(back) = crate::forms::referer_path() {
        crate::forms::redirect_plain_post(&without_lang_param(&back));
    }
    Ok(())
}

#[cfg(all(test, feature = "ssr"))]
mod url_tests;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cookie_beats_accept_language() {
        assert_eq!(
            negotiate(Some("a=b; cp_lang=en"), Some("nl-NL,nl;q=0.9")),
            Locale::En
        );
    }

    #[test]
    fn accept_language_by_quality() {
        assert_eq!(
            negotiate(None, Some("de;q=1.0, en;q=0.8, nl;q=0.9")),
            Locale::Nl
        );
        assert_eq!(negotiate(None, Some("en-US,en;q=0.9")), Locale::En);
    }

    #[test]
    fn the_lang_parameter_names_a_language() {
        assert_eq!(lang_param("lang=en"), Some(Locale::En));
        assert_eq!(lang_param("page=2&lang=NL"), Some(Locale::Nl));
        assert_eq!(lang_param("lang=fr"), None);
        assert_eq!(lang_param("language=en&slang=en"), None);
        assert_eq!(lang_param(""), None);
    }

    #[test]
    fn the_switch_goes_back_without_the_lang_parameter() {
        assert_eq!(without_lang_param("/questions/7?lang=en"), "/questions/7");
        assert_eq!(
            without_lang_param("/questions/7?page=2&lang=en&answer=9#answer-9"),
            "/questions/7?page=2&answer=9#answer-9"
        );
        assert_eq!(without_lang_param("/search?q=lang"), "/search?q=lang");
        assert_eq!(without_lang_param("/"), "/");
    }

    #[test]
    fn unknown_languages_fall_back_to_dutch() {
        assert_eq!(negotiate(Some("cp_lang=fr"), Some("fr-FR, de")), Locale::Nl);
        assert_eq!(negotiate(None, None), Locale::Nl);
    }
}
