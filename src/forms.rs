//! Forms: the one field component (label, input, error slot), and how a refused form keeps its
//! input when JavaScript is off.
//!
//! With JavaScript, an `ActionForm`'s server function answers `AppError::Fields` and each field
//! shows its message. A plain form post (no JavaScript) is answered with a redirect back to the
//! page (every page works without JavaScript; ARCHITECTURE.md, "Forms"): the typed input (never
//! a password) and the messages travel in a short-lived HttpOnly cookie, the "flash". The page
//! takes it once while rendering on the server, clears it, and writes it into the form's
//! `data-flash` attribute, so hydration renders the same.

use crate::error::AppError;
use crate::i18n::{Msg, use_i18n};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The message of an action's refusal, if it was refused (`AppError::message`: a field error's
/// first message, or the error's own). For small forms that show one line instead of `Field`s.
pub fn action_error<T>(value: Option<Result<T, AppError>>) -> Option<Msg> {
    value.and_then(Result::err).map(|e| e.message())
}

/// A message for one field of a form; `field` "" is about the form as a whole.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FieldError {
    pub field: String,
    pub msg: Msg,
}

impl FieldError {
    pub fn new(field: &str, msg: Msg) -> FieldError {
        FieldError {
            field: field.to_string(),
            msg,
        }
    }
}

/// A refused plain form post: which form, what was typed, what was wrong.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Flash {
    pub form: String,
    pub values: Vec<(String, String)>,
    pub errors: Vec<FieldError>,
}

pub const FLASH_COOKIE: &str = "cp_flash";

/// The messages a form shows: from the last submit (JavaScript) or from the flash (no JavaScript).
#[derive(Clone, Copy)]
pub struct FormState {
    pub name: &'static str,
    flash: StoredValue<Option<Flash>>,
    errors: Signal<Vec<FieldError>>,
}

impl FormState {
    pub fn new<T>(
        name: &'static str,
        result: MappedSignal<Option<Result<T, AppError>>>,
    ) -> FormState
    where
        T: Send + Sync + 'static,
    {
        let flash = StoredValue::new(take_flash(name));
        let errors = Signal::derive(move || {
            result.with(|r| match r {
                Some(Err(AppError::Fields(errors))) => errors.clone(),
                Some(Err(other)) => vec![FieldError::new("", other.message())],
                Some(Ok(_)) => Vec::new(),
                None => {
                    flash.with_value(|f| f.as_ref().map(|f| f.errors.clone()).unwrap_or_default())
                }
            })
        });
        FormState {
            name,
            flash,
            errors,
        }
    }

    pub fn error(self, field: &'static str) -> Signal<Option<Msg>> {
        let errors = self.errors;
        Signal::derive(move || errors.with(|e| e.iter().find(|e| e.field == field).map(|e| e.msg)))
    }

    /// Every message of the last refusal, whatever field it is about.
    pub fn messages(self) -> Signal<Vec<Msg>> {
        let errors = self.errors;
        Signal::derive(move || errors.with(|e| e.iter().map(|e| e.msg).collect()))
    }

    /// Whether the form was refused with `msg` (on any field).
    pub fn has_error(self, msg: Msg) -> bool {
        self.errors.with(|e| e.iter().any(|e| e.msg == msg))
    }

    /// What was typed into `field` before a refused plain form post.
    pub fn value(self, field: &str) -> Option<String> {
        self.flash.with_value(|f| {
            f.as_ref()
                .and_then(|f| f.values.iter().find(|(k, _)| k == field))
                .map(|(_, v)| v.clone())
        })
    }

    /// The flash as JSON for the form's `data-flash` attribute (read back when hydrating).
    pub fn flash_json(self) -> Option<String> {
        self.flash
            .with_value(|f| f.as_ref().and_then(|f| serde_json::to_string(f).ok()))
    }
}

/// On the server: the flash cookie, if it belongs to this form (and then it is cleared). In the
/// browser: what the server wrote into the form's `data-flash` attribute.
fn take_flash(form: &str) -> Option<Flash> {
    #[cfg(feature = "ssr")]
    {
        let parts = use_context::<http::request::Parts>()?;
        let raw = crate::server::cookies::get(&parts.headers, FLASH_COOKIE)?;
        let bytes = crate::server::cookies::base64url_decode(raw)?;
        let flash: Flash = serde_json::from_slice(&bytes).ok()?;
        if flash.form != form {
            return None;
        }
        crate::server::cookies::set("cp_flash=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax");
        Some(flash)
    }
    #[cfg(not(feature = "ssr"))]
    {
        let selector = format!("form[data-form='{form}']");
        let element = document().query_selector(&selector).ok()??;
        let json = element.get_attribute("data-flash")?;
        serde_json::from_str(&json).ok()
    }
}

/// A labelled input (or, with `options`, a select) with its error slot. The error is announced
/// and tied to the control with `aria-describedby`; the control keeps what was typed or chosen
/// after a refused plain form post.
#[component]
pub fn Field(
    form: FormState,
    name: &'static str,
    label: Msg,
    #[prop(default = "text")] kind: &'static str,
    #[prop(optional)] autocomplete: Option<&'static str>,
    #[prop(optional)] required: bool,
    #[prop(optional)] hint: Option<Msg>,
    #[prop(optional)] maxlength: Option<u32>,
    #[prop(optional, into)] value: Option<String>,
    /// `(value, text)` pairs: the field is a select with an empty first choice. The texts follow
    /// the language switch.
    #[prop(optional)]
    options: Option<Vec<(String, Signal<String>)>>,
    /// A text area (several lines) instead of a one-line input.
    #[prop(optional)]
    multiline: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = format!("{}-{name}", form.name);
    let error_id = format!("{id}-error");
    let hint_id = format!("{id}-hint");
    let error = form.error(name);
    // Passwords are never sent back into the page.
    let initial = if kind == "password" {
        None
    } else {
        form.value(name).or(value)
    };
    let described_by = {
        let (error_id, hint_id) = (error_id.clone(), hint_id.clone());
        move || {
            let mut ids = Vec::new();
            if hint.is_some() {
                ids.push(hint_id.clone());
            }
            if error.get().is_some() {
                ids.push(error_id.clone());
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    view! {
        <div class="field" class:field--invalid=move || error.get().is_some()>
            <label for=id.clone()>{i18n.t(label)}</label>
            {hint.map(|h| view! { <p class="field__hint" id=hint_id.clone()>{i18n.t(h)}</p> })}
            {match options {
                None if multiline => view! {
                    <textarea
                        id=id
                        name=name
                        rows=5
                        required=required
                        maxlength=maxlength
                        aria-invalid=move || error.get().map(|_| "true")
                        aria-describedby=described_by
                    >
                        {initial}
                    </textarea>
                }
                    .into_any(),
                None => view! {
                    <input
                        id=id
                        name=name
                        type=kind
                        value=initial
                        autocomplete=autocomplete
                        required=required
                        maxlength=maxlength
                        aria-invalid=move || error.get().map(|_| "true")
                        aria-describedby=described_by
                    />
                }
                    .into_any(),
                Some(options) => view! {
                    <select
                        id=id
                        name=name
                        required=required
                        aria-invalid=move || error.get().map(|_| "true")
                        aria-describedby=described_by
                    >
                        <option value="">"—"</option>
                        {options
                            .into_iter()
                            .map(|(value, text)| {
                                let selected = initial.as_deref() == Some(value.as_str());
                                view! { <option value=value selected=selected>{text}</option> }
                            })
                            .collect_view()}
                    </select>
                }
                    .into_any(),
            }}
            <p class="field__error" id=error_id role="alert">
                {move || error.get().map(|m| m.text(i18n.get()))}
            </p>
        </div>
    }
}

/// The message about the form as a whole (wrong password, too many attempts, …).
#[component]
pub fn FormError(form: FormState) -> impl IntoView {
    let i18n = use_i18n();
    let error = form.error("");
    view! {
        <p class="form-error" role="alert" data-testid=format!("{}-error", form.name)>
            {move || error.get().map(|m| m.text(i18n.get()))}
        </p>
    }
}

/// On the server: refuse a form. For a plain form post the input (minus passwords) and the
/// messages go into the flash and the answer redirects back to the form's page without the
/// server-function error in its URL; the error is returned either way.
#[cfg(feature = "ssr")]
pub fn refuse(form: &str, values: &[(&str, &str)], error: AppError) -> AppError {
    if is_plain_form_post() {
        let errors = match &error {
            AppError::Fields(errors) => errors.clone(),
            other => vec![FieldError::new("", other.message())],
        };
        let mut flash = Flash {
            form: form.to_string(),
            values: values
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            errors,
        };
        if let Some(encoded) = encode_within_cookie_limit(&mut flash) {
            let cookie = format!(
                "{FLASH_COOKIE}={encoded}; Path=/; Max-Age=120; HttpOnly; SameSite=Lax{}",
                crate::server::cookies::secure_attribute()
            );
            crate::server::cookies::set(&cookie);
        }
        leptos_axum::redirect(&back_path());
    }
    error
}

/// The flash, encoded for its cookie. Browsers drop cookies over 4 KB, so the longest typed values
/// are left out until it fits: the messages always arrive, a very long text may have to be typed
/// again.
#[cfg(feature = "ssr")]
fn encode_within_cookie_limit(flash: &mut Flash) -> Option<String> {
    const MAX_ENCODED: usize = 3_800;
    loop {
        let json = serde_json::to_vec(&*flash).ok()?;
        let encoded = crate::server::cookies::base64url_encode(&json);
        if encoded.len() <= MAX_ENCODED {
            return Some(encoded);
        }
        let longest = flash
            .values
            .iter()
            .enumerate()
            .max_by_key(|(_, (_, v))| v.len())
            .map(|(i, _)| i)?;
        flash.values.remove(longest);
    }
}

/// Whether this server-function call is a plain HTML form post (no JavaScript): the browser
/// then accepts HTML, a script's `fetch` does not.
#[cfg(feature = "ssr")]
pub fn is_plain_form_post() -> bool {
    use_context::<http::request::Parts>().is_some_and(|parts| {
        parts
            .headers
            .get(http::header::ACCEPT)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.contains("text/html"))
    })
}

/// After a plain form post: where to go next. Only local paths are followed (no open redirects).
#[cfg(feature = "ssr")]
pub fn redirect_plain_post(to: &str) {
    if is_plain_form_post() {
        leptos_axum::redirect(&local_path(to).unwrap_or_else(|| "/".to_string()));
    }
}

/// The path (and query) of the page the form was posted from.
#[cfg(feature = "ssr")]
fn back_path() -> String {
    referer_path().unwrap_or_else(|| "/".to_string())
}

/// The local path of the page the request came from (its `Referer`), if any.
#[cfg(feature = "ssr")]
pub fn referer_path() -> Option<String> {
    use_context::<http::request::Parts>().and_then(|parts| {
        let referer = parts.headers.get(http::header::REFERER)?.to_str().ok()?;
        let after_scheme = referer.split_once("://").map(|(_, rest)| rest)?;
        let path = &after_scheme[after_scheme.find('/')?..];
        local_path(path)
    })
}

/// `path` if it is a path on this site (`/…`, not `//host`), without any server-function error
/// marker in its query.
pub fn local_path(path: &str) -> Option<String> {
    let path = path.trim();
    if !path.starts_with('/') || path.starts_with("//") || path.contains('\\') {
        return None;
    }
    if path.chars().any(|c| c.is_control()) {
        return None;
    }
    let (base, query) = match path.split_once('?') {
        Some((base, query)) => (base, Some(query)),
        None => (path, None),
    };
    let kept: Vec<&str> = query
        .map(|q| {
            q.split('&')
                .filter(|pair| {
                    !pair.is_empty() && !pair.starts_with("__path") && !pair.starts_with("__err")
                })
                .collect()
        })
        .unwrap_or_default();
    Some(if kept.is_empty() {
        base.to_string()
    } else {
        format!("{base}?{}", kept.join("&"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_local_paths_are_followed() {
        assert_eq!(local_path("/account").as_deref(), Some("/account"));
        assert_eq!(
            local_path("/questions?lab=finance").as_deref(),
            Some("/questions?lab=finance")
        );
        assert_eq!(local_path("//evil.example/x"), None);
        assert_eq!(local_path("https://evil.example"), None);
        assert_eq!(local_path("/\\evil.example"), None);
        assert_eq!(local_path("/a\nb"), None);
    }

    #[test]
    fn server_function_error_markers_are_dropped() {
        assert_eq!(
            local_path("/signin?__path=/api/sign_in&__err=xyz").as_deref(),
            Some("/signin")
        );
        assert_eq!(
            local_path("/x?next=%2Fa&__err=1").as_deref(),
            Some("/x?next=%2Fa")
        );
    }
}

#[cfg(all(test, feature = "ssr"))]
mod flash_tests {
    use super::*;

    #[test]
    fn a_long_text_is_left_out_of_the_flash_but_the_messages_stay() {
        let mut flash = Flash {
            form: "collective".into(),
            values: vec![
                ("name".into(), "Buurtwarmte Zuid".into()),
                ("description_nl".into(), "warmte ".repeat(800)),
            ],
            errors: vec![FieldError::new("sectors", Msg::SectorsMissing)],
        };
        let encoded = encode_within_cookie_limit(&mut flash).expect("fits");
        assert!(encoded.len() <= 3_800);
        let back: Flash = serde_json::from_slice(
            &crate::server::cookies::base64url_decode(&encoded).expect("decodes"),
        )
        .expect("json");
        assert_eq!(
            back.values,
            [("name".to_string(), "Buurtwarmte Zuid".to_string())]
        );
        assert_eq!(back.errors, flash.errors);
    }
}
