//! Accounts: sign-up, sign-in, sessions, platform roles, the admin's role screen and
//! personal data (export, deletion).
//!
//! Who is calling is decided once per request by the session middleware (`session::resolve`),
//! which puts a `CurrentSession` into the request; what they may do is decided in `policy`.
//!
//! The layout of every feature folder: `api` (the server functions), `db` (all the SQL, server
//! only), `pages` (the routed pages: sign-in, sign-up, `/account`, `/admin`), `parts` (what the
//! shell embeds: the header's `UserMenu`), and here the types that cross the wire. Beside them,
//! modules with a job of their own: `policy` (roles into permissions, in both builds) and, server
//! only, `session` (the middleware), `password`, `rate_limit`, `limits` and `export` (the
//! download); each keeps its rules and leaves the SQL to `db`.

pub mod api;
pub mod pages;
pub mod parts;
pub mod policy;

#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "ssr")]
pub mod export;
#[cfg(test)]
mod http_tests;
#[cfg(feature = "ssr")]
pub mod limits;
#[cfg(feature = "ssr")]
pub mod password;
#[cfg(test)]
mod policy_matrix_tests;
#[cfg(feature = "ssr")]
pub mod rate_limit;
#[cfg(feature = "ssr")]
pub mod session;
#[cfg(test)]
mod sign_in_limit_tests;

use crate::i18n::Msg;
use crate::taxonomy::Term;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The signed-in person, as the server resolved them for this request.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Viewer {
    pub id: i64,
    pub name: String,
    pub is_moderator: bool,
    pub is_admin: bool,
    /// Slugs of the Partner Labs this person answers for.
    pub partner_labs: Vec<String>,
    /// In-app notifications not read yet (when the page was rendered).
    #[serde(default)]
    pub unread_notifications: i64,
    /// Set while a moderator's suspension lasts (epoch ms): the person reads but cannot post,
    /// vote or flag.
    #[serde(default)]
    pub suspended_until: Option<i64>,
}

/// The most unread notifications counted for the viewer (`db::unread_subquery`); the
/// header shows "99+" from there on.
pub const UNREAD_CAP: i64 = 100;

/// The viewer for the components of this page (None: signed out).
#[derive(Clone, Debug, PartialEq)]
pub struct ViewerContext(pub Option<Viewer>);

pub fn use_viewer() -> Option<Viewer> {
    use_context::<ViewerContext>().and_then(|v| v.0)
}

/// Puts the viewer into context: on the server from the request, in the browser from the
/// `data-viewer` attribute the server wrote on `<body>` (so hydration renders the same header).
pub fn provide_viewer() {
    #[cfg(feature = "ssr")]
    let viewer = session::request_viewer();
    #[cfg(not(feature = "ssr"))]
    let viewer = document()
        .body()
        .and_then(|body| body.get_attribute("data-viewer"))
        .and_then(|json| serde_json::from_str::<Viewer>(&json).ok());
    provide_context(ViewerContext(viewer));
}

/// A normalised email address: trimmed, lower-case, one `@`, a dot in the domain, at most 254
/// characters. Addresses are unique in this form.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Email(String);

impl Email {
    pub fn parse(text: &str) -> Result<Email, Msg> {
        let email = text.trim().to_lowercase();
        if email.is_empty() {
            return Err(Msg::EmailMissing);
        }
        let Some((local, domain)) = email.split_once('@') else {
            return Err(Msg::EmailInvalid);
        };
        let bad_char =
            |c: char| c.is_whitespace() || c.is_control() || "<>()[],;:\"\\@".contains(c);
        let valid = email.chars().count() <= 254
            && !local.is_empty()
            && local.chars().count() <= 64
            && !local.chars().any(bad_char)
            && domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !domain.contains("..")
            && !domain.chars().any(bad_char);
        if valid {
            Ok(Email(email))
        } else {
            Err(Msg::EmailInvalid)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A new password: 10 to 128 characters (length is what makes a password strong; no other
/// composition rules, as NIST SP 800-63B advises).
#[derive(Clone, PartialEq, Eq)]
pub struct Password(String);

impl Password {
    pub const MIN_CHARS: usize = 10;
    pub const MAX_CHARS: usize = 128;

    pub fn parse(text: &str) -> Result<Password, Msg> {
        let chars = text.chars().count();
        if chars < Self::MIN_CHARS {
            Err(Msg::PasswordTooShort)
        } else if chars > Self::MAX_CHARS {
            Err(Msg::PasswordTooLong)
        } else if text.trim().is_empty() {
            Err(Msg::PasswordTooShort)
        } else {
            Ok(Password(text.to_string()))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Password {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Password(…)")
    }
}

/// A display name: 2 to 60 characters after trimming, no control characters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DisplayName(String);

impl DisplayName {
    pub fn parse(text: &str) -> Result<DisplayName, Msg> {
        let name = text.split_whitespace().collect::<Vec<_>>().join(" ");
        let chars = name.chars().count();
        if chars == 0 {
            Err(Msg::NameMissing)
        } else if !(2..=60).contains(&chars) || name.chars().any(char::is_control) {
            Err(Msg::NameInvalid)
        } else {
            Ok(DisplayName(name))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A lab a person is a partner of, with the organisation they answer for.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LabRole {
    pub lab: Term,
    pub organisation: String,
}

/// One row of the admin's user list.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AdminUserRow {
    pub id: i64,
    pub name: String,
    pub email: String,
    pub is_moderator: bool,
    pub is_admin: bool,
    pub labs: Vec<LabRole>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AdminUsers {
    pub query: String,
    pub users: Vec<AdminUserRow>,
    /// The Partner Labs, for the grant form.
    pub labs: Vec<Term>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_are_normalised_and_checked() {
        assert_eq!(
            Email::parse("  Anna.de.Vries@Example.NL ").map(|e| e.0),
            Ok("anna.de.vries@example.nl".to_string())
        );
        assert_eq!(Email::parse(""), Err(Msg::EmailMissing));
        for bad in [
            "anna",
            "anna@",
            "@example.nl",
            "anna@example",
            "anna@@example.nl",
            "anna de vries@example.nl",
            "anna@example..nl",
            "<script>@x.nl",
        ] {
            assert_eq!(Email::parse(bad), Err(Msg::EmailInvalid), "{bad}");
        }
        let long = format!("{}@example.nl", "a".repeat(65));
        assert_eq!(Email::parse(&long), Err(Msg::EmailInvalid));
    }

    #[test]
    fn passwords_need_length_not_tricks() {
        assert_eq!(Password::parse("kort"), Err(Msg::PasswordTooShort));
        assert_eq!(Password::parse("          "), Err(Msg::PasswordTooShort));
        assert!(Password::parse("paard batterij nietje").is_ok());
        assert_eq!(Password::parse(&"x".repeat(129)), Err(Msg::PasswordTooLong));
        assert_eq!(
            format!("{:?}", Password::parse("geheim-wachtwoord")),
            "Ok(Password(…))"
        );
    }

    #[test]
    fn names_are_trimmed_and_bounded() {
        assert_eq!(
            DisplayName::parse("  Anna   de Vries ").map(|n| n.0),
            Ok("Anna de Vries".to_string())
        );
        assert_eq!(DisplayName::parse("   "), Err(Msg::NameMissing));
        assert_eq!(DisplayName::parse("A"), Err(Msg::NameInvalid));
        assert_eq!(DisplayName::parse(&"a".repeat(61)), Err(Msg::NameInvalid));
    }
}
