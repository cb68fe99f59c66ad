//! Server functions for accounts. Each one states its rule from `policy` first; forms that must
//! work without JavaScript refuse through `forms::refuse`, which keeps the typed input.

use super::AdminUsers;
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// What `/account` shows the signed-in person about themselves.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AccountOverview {
    pub id: i64,
    pub name: String,
    pub email: String,
    pub joined_at: i64,
    pub pending_collectives: Vec<String>,
}

#[cfg(feature = "ssr")]
mod ssr {
    pub use super::super::{
        DisplayName, Email, Password, db, password, policy, rate_limit, session,
    };
    pub use crate::forms::{FieldError, local_path, redirect_plain_post, refuse};
    pub use crate::i18n::Msg;
    pub use crate::server::config::Config;
    pub use crate::server::db::Db;
    pub use crate::server::{from_context, use_db};
    pub use rate_limit::Limit;

    pub fn config() -> Result<Config, crate::error::AppError> {
        from_context("the configuration")
    }

    pub fn internal(what: &str, e: impl std::fmt::Display) -> crate::error::AppError {
        tracing::error!(error = %e, "{what}");
        crate::error::AppError::Internal
    }

    /// Signs `user_id` in: the current session (if any) ends and a new one, with a new id, starts.
    pub async fn start_session(
        db: &Db,
        config: &Config,
        user_id: i64,
    ) -> Result<(), crate::error::AppError> {
        if let Some(old) = session::current() {
            session::end(db, &old.id).await?;
        }
        let token = session::create(db, config, user_id, &session::user_agent()).await?;
        crate::server::cookies::set(&session::cookie(config, &token));
        Ok(())
    }

    /// The password of the signed-in account, asked again before a change that matters. The
    /// checks share one limit per account, like sign-in's: a borrowed session must not become a
    /// way to guess the password.
    pub async fn check_password_again(
        db: &Db,
        config: &Config,
        user_id: i64,
        password: &str,
        field: &str,
    ) -> Result<(), crate::error::AppError> {
        use crate::error::AppError;
        let bucket = rate_limit::reauthenticate(user_id);
        let limit = Limit::per_minute(config.signin_limit_account);
        if !rate_limit::take(db, &[(&bucket, limit)]).await? {
            return Err(AppError::RateLimited);
        }
        let stored = db::password_hash(db, user_id).await?;
        if !password::verify(password, stored).await {
            return Err(AppError::Fields(vec![FieldError::new(
                field,
                Msg::WrongPassword,
            )]));
        }
        rate_limit::reset(db, &bucket).await?;
        Ok(())
    }

    pub fn clear_session_cookie(config: &Config) {
        crate::server::cookies::set(&session::clearing_cookie(config));
    }
}

/// Creates an account and signs it in. Answers the page to go to next.
#[server(prefix = "/api", endpoint = "sign_up")]
pub async fn sign_up(
    name: String,
    email: String,
    password: String,
    next: Option<String>,
) -> Result<String, AppError> {
    use ssr::*;
    let values = [("name", name.as_str()), ("email", email.as_str())];
    let fail = |e: AppError| refuse("signup", &values, e);
    let mut errors = Vec::new();
    let name = DisplayName::parse(&name)
        .map_err(|m| errors.push(FieldError::new("name", m)))
        .ok();
    let email = Email::parse(&email)
        .map_err(|m| errors.push(FieldError::new("email", m)))
        .ok();
    let password = Password::parse(&password)
        .map_err(|m| errors.push(FieldError::new("password", m)))
        .ok();
    let (Some(name), Some(email), Some(password)) = (name, email, password) else {
        return Err(fail(AppError::Fields(errors)));
    };
    let (db, config) = (use_db()?, config()?);
    let ip_bucket = rate_limit::signup_ip(session::client_ip());
    let address_bucket = rate_limit::signup_address(email.as_str());
    let allowed = rate_limit::take(
        &db,
        &[
            (&ip_bucket, Limit::per_hour(config.signup_limit_ip)),
            (
                &address_bucket,
                Limit::per_hour(config.signin_limit_account),
            ),
        ],
    )
    .await?;
    if !allowed {
        return Err(fail(AppError::RateLimited));
    }
    let hash = password::hash(&password)
        .await
        .map_err(|e| internal("password hashing failed", e))?;
    let user_id = match db::create_user(&db, &name, &email, &hash).await {
        Ok(id) => id,
        Err(db::CreateUserError::EmailTaken) => {
            return Err(fail(AppError::Fields(vec![FieldError::new(
                "email",
                Msg::EmailTaken,
            )])));
        }
        Err(db::CreateUserError::Db(e)) => return Err(e.into()),
    };
    start_session(&db, &config, user_id).await?;
    let target = next
        .as_deref()
        .and_then(local_path)
        .unwrap_or_else(|| "/collectives?welcome=1".to_string());
    redirect_plain_post(&target);
    Ok(target)
}

/// Signs in. Attempts count per client address, per account and address, and per account; an
/// address over its limit is refused for the window even with the right password, but a
/// stranger's failures never refuse the owner at their own address.
#[server(prefix = "/api", endpoint = "sign_in")]
pub async fn sign_in(
    email: String,
    password: String,
    next: Option<String>,
) -> Result<String, AppError> {
    use ssr::*;
    let values = [("email", email.as_str())];
    let fail = |e: AppError| refuse("signin", &values, e);
    let mut errors = Vec::new();
    let parsed = Email::parse(&email)
        .map_err(|m| errors.push(FieldError::new("email", m)))
        .ok();
    if password.is_empty() {
        errors.push(FieldError::new("password", Msg::PasswordMissing));
    }
    let Some(email) = parsed.filter(|_| errors.is_empty()) else {
        return Err(fail(AppError::Fields(errors)));
    };
    let (db, config) = (use_db()?, config()?);
    // Counted per address, per account and address, and per account (see `rate_limit::SignIn`):
    // an attempt is counted before its password is checked, a refused one writes nothing, and a
    // successful sign-in forgives this address's failures on the account.
    let attempt = rate_limit::SignIn::new(email.as_str(), session::client_ip());
    let limits = rate_limit::SignInLimits {
        ip_per_minute: config.signin_limit_ip,
        pair_per_minute: config.signin_limit_account,
        account_per_hour: config.signin_limit_account_hour,
    };
    if !attempt.take(&db, limits).await? {
        return Err(fail(AppError::RateLimited));
    }
    let record = db::sign_in_record(&db, &email).await?;
    let stored = record.as_ref().and_then(|(_, hash)| hash.clone());
    let matches = password::verify(&password, stored).await;
    let Some((user_id, _)) = record.filter(|_| matches) else {
        return Err(fail(AppError::Fields(vec![FieldError::new(
            "password",
            Msg::WrongCredentials,
        )])));
    };
    attempt.succeeded(&db).await?;
    start_session(&db, &config, user_id).await?;
    let target = next
        .as_deref()
        .and_then(local_path)
        .unwrap_or_else(|| "/".to_string());
    redirect_plain_post(&target);
    Ok(target)
}

/// Ends this session (on the server, not just the cookie).
#[server(prefix = "/api", endpoint = "sign_out")]
pub async fn sign_out() -> Result<(), AppError> {
    use ssr::*;
    let (db, config) = (use_db()?, config()?);
    if let Some(current) = session::current() {
        session::end(&db, &current.id).await?;
    }
    clear_session_cookie(&config);
    redirect_plain_post("/");
    Ok(())
}

/// Changes the password after checking the current one; every other session of the account ends
/// and this one continues under a new id.
#[server(prefix = "/api", endpoint = "change_password")]
pub async fn change_password(current: String, new_password: String) -> Result<(), AppError> {
    use ssr::*;
    let viewer = session::request_viewer();
    let fail = |e: AppError| refuse("password", &[], e);
    let viewer = policy::member(viewer.as_ref()).map_err(fail)?;
    let new_password = Password::parse(&new_password)
        .map_err(|m| fail(AppError::Fields(vec![FieldError::new("new_password", m)])))?;
    let (db, config) = (use_db()?, config()?);
    check_password_again(&db, &config, viewer.id, &current, "current")
        .await
        .map_err(fail)?;
    let hash = password::hash(&new_password)
        .await
        .map_err(|e| internal("password hashing failed", e))?;
    db::set_password(&db, viewer.id, &hash, None).await?;
    start_session(&db, &config, viewer.id).await?;
    redirect_plain_post("/account?password=changed");
    Ok(())
}

/// Deletes the signed-in account after the password is confirmed. Posts stay, shown as by a
/// "former member".
#[server(prefix = "/api", endpoint = "delete_account")]
pub async fn delete_account(password: String, confirm: Option<String>) -> Result<(), AppError> {
    use ssr::*;
    let viewer = session::request_viewer();
    let fail = |e: AppError| refuse("delete", &[], e);
    let viewer = policy::member(viewer.as_ref()).map_err(fail)?;
    if confirm.as_deref() != Some("yes") {
        return Err(fail(AppError::Fields(vec![FieldError::new(
            "confirm",
            Msg::DeleteConfirmMissing,
        )])));
    }
    let (db, config) = (use_db()?, config()?);
    check_password_again(&db, &config, viewer.id, &password, "password")
        .await
        .map_err(fail)?;
    db::delete_account(&db, viewer.id).await?;
    clear_session_cookie(&config);
    redirect_plain_post("/?account=deleted");
    Ok(())
}

/// The signed-in person's own account page.
#[server(prefix = "/api", endpoint = "load_account")]
pub async fn load_account() -> Result<AccountOverview, AppError> {
    use ssr::*;
    let viewer = session::request_viewer();
    let viewer = policy::member(viewer.as_ref())?;
    let db = use_db()?;
    let (name, email, joined_at) = db::account_facts(&db, viewer.id).await?;
    let pending_collectives = db::pending_collectives(&db, viewer.id).await?;
    Ok(AccountOverview {
        id: viewer.id,
        name,
        email: email.unwrap_or_default(),
        joined_at,
        pending_collectives,
    })
}

/// The admin's list of accounts (name or address contains `query`).
#[server(prefix = "/api", endpoint = "list_accounts")]
pub async fn list_accounts(query: Option<String>) -> Result<AdminUsers, AppError> {
    use ssr::*;
    let viewer = session::request_viewer();
    policy::manage_roles(viewer.as_ref())?;
    let db = use_db()?;
    let query: String = query.unwrap_or_default().trim().chars().take(100).collect();
    Ok(AdminUsers {
        users: db::admin_users(&db, &query).await?,
        labs: crate::taxonomy::db::partner_labs(&db).await?,
        query,
    })
}

/// Makes someone a partner of a Partner Lab, answering for `organisation`.
#[server(prefix = "/api", endpoint = "grant_partner")]
pub async fn grant_partner(
    user_id: i64,
    lab: String,
    organisation: String,
) -> Result<(), AppError> {
    use ssr::*;
    let viewer = session::request_viewer();
    let admin = policy::manage_roles(viewer.as_ref()).map_err(|e| refuse("grant", &[], e))?;
    let values = [("organisation", organisation.as_str())];
    let fail = |e: AppError| refuse("grant", &values, e);
    let organisation = organisation
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let chars = organisation.chars().count();
    if !(2..=120).contains(&chars) {
        return Err(fail(AppError::Invalid(Msg::OrganisationInvalid)));
    }
    let db = use_db()?;
    if !db::user_exists(&db, user_id).await? {
        return Err(fail(AppError::NotFound));
    }
    if !db::grant_partner(&db, user_id, &lab, &organisation, admin.id).await? {
        return Err(fail(AppError::Invalid(Msg::LabInvalid)));
    }
    // A plain form post goes back to the admin page it came from (the server-function default).
    Ok(())
}

#[server(prefix = "/api", endpoint = "revoke_partner")]
pub async fn revoke_partner(user_id: i64, lab: String) -> Result<(), AppError> {
    use ssr::*;
    let viewer = session::request_viewer();
    policy::manage_roles(viewer.as_ref()).map_err(|e| refuse("roles", &[], e))?;
    db::revoke_partner(&use_db()?, user_id, &lab).await?;
    Ok(())
}

/// Grants (`moderator` = "true") or revokes the moderator role.
#[server(prefix = "/api", endpoint = "set_moderator")]
pub async fn set_moderator(user_id: i64, moderator: String) -> Result<(), AppError> {
    use ssr::*;
    let viewer = session::request_viewer();
    let fail = |e: AppError| refuse("roles", &[], e);
    policy::manage_roles(viewer.as_ref()).map_err(fail)?;
    let on = match moderator.as_str() {
        "true" => true,
        "false" => false,
        _ => return Err(fail(AppError::Invalid(Msg::ErrorText))),
    };
    let db = use_db()?;
    if !db::user_exists(&db, user_id).await? {
        return Err(fail(AppError::NotFound));
    }
    db::set_moderator(&db, user_id, on).await?;
    Ok(())
}
