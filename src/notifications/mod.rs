//! In-app notifications: followers of a question hear of new answers. The header shows how many
//! are unread; `/notifications` lists them. The table (`notifications`: kind, question, answer,
//! actor, read_at) is ready for more kinds and for mail delivery.

use crate::app::page_data;
use crate::error::AppError;
use crate::i18n::{Locale, Msg, format_date, iso_date, use_i18n};
use leptos::prelude::*;
use leptos_meta::Title;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NotificationView {
    pub id: i64,
    pub kind: String,
    pub question_id: Option<i64>,
    pub question_title: Option<String>,
    pub question_lang: Locale,
    pub answer_id: Option<i64>,
    /// `None` for a former member.
    pub actor_name: Option<String>,
    pub created_at: i64,
    pub read: bool,
    /// Warnings and suspensions: the moderator's reason.
    #[serde(default)]
    pub reason: Option<String>,
    /// Suspensions: until when.
    #[serde(default)]
    pub until: Option<i64>,
}

impl NotificationView {
    pub fn href(&self) -> String {
        if self.reason.is_some() {
            return "/moderation/log".to_string();
        }
        match (self.question_id, self.answer_id) {
            // The page of a long thread that holds the answer (issue 15: threads are paged).
            (Some(q), Some(a)) => crate::questions::answer_link(q, a),
            (Some(q), None) => format!("/questions/{q}"),
            _ => "/notifications".to_string(),
        }
    }
}

/// The unread count in the header; pages that mark notifications read set it.
#[derive(Clone, Copy)]
pub struct UnreadCount(pub RwSignal<i64>);

pub fn provide_unread_count(initial: i64) {
    provide_context(UnreadCount(RwSignal::new(initial)));
}

pub fn set_unread_count(count: i64) {
    if let Some(UnreadCount(signal)) = use_context::<UnreadCount>() {
        signal.set(count);
    }
}

/// The caller's 50 most recent notifications.
#[server(prefix = "/api", endpoint = "list_notifications")]
pub async fn list_notifications() -> Result<Vec<NotificationView>, AppError> {
    use crate::accounts::{policy, session};
    let viewer = session::request_viewer();
    let viewer = policy::member(viewer.as_ref())?;
    let db = crate::server::use_db()?;
    Ok(db::recent(&db, viewer.id, 50).await?)
}

/// Marks all of the caller's notifications read.
#[server(prefix = "/api", endpoint = "mark_notifications_read")]
pub async fn mark_notifications_read() -> Result<(), AppError> {
    use crate::accounts::{policy, session};
    use crate::forms::{redirect_plain_post, refuse};
    let viewer = session::request_viewer();
    let viewer = policy::member(viewer.as_ref()).map_err(|e| refuse("notifications", &[], e))?;
    let db = crate::server::use_db()?;
    db::mark_all_read(&db, viewer.id).await?;
    redirect_plain_post("/notifications");
    Ok(())
}

#[cfg(all(test, feature = "ssr"))]
mod tests;

#[cfg(feature = "ssr")]
pub mod db {
    use super::NotificationView;
    use crate::i18n::Locale;
    use crate::server::db::{Db, now_ms};
    use sqlx::FromRow;

    #[derive(FromRow)]
    struct Row {
        id: i64,
        kind: String,
        question_id: Option<i64>,
        question_title: Option<String>,
        question_lang: Option<String>,
        answer_id: Option<i64>,
        actor_name: Option<String>,
        created_at: i64,
        read_at: Option<i64>,
        log_reason: Option<String>,
        log_detail: Option<String>,
    }

    /// The condition (on a notification aliased `n`) for being shown: nothing about a hidden
    /// question, a hidden answer, a hidden comment or a comment under a hidden answer (its
    /// actor's name and link would show what was hidden), except a moderator's warnings and
    /// suspensions (whose thread may be the hidden one). Every count and list of notifications
    /// uses it, the header's unread count in `accounts::session::lookup` included.
    pub const SHOWN: &str = "(n.log_id IS NOT NULL OR (
            NOT EXISTS (SELECT 1 FROM questions hq
                        WHERE hq.id = n.question_id AND hq.hidden_at IS NOT NULL)
        AND NOT EXISTS (SELECT 1 FROM answers ha
                        WHERE ha.id = n.answer_id AND ha.hidden_at IS NOT NULL)
        AND NOT EXISTS (SELECT 1 FROM comments hc
                        LEFT JOIN answers hp ON hc.entity_type = 'answer' AND hp.id = hc.entity_id
                        WHERE hc.id = n.comment_id
                          AND (hc.hidden_at IS NOT NULL OR hp.hidden_at IS NOT NULL))))";

    /// The caller's unread notifications as a scalar subquery, for `user` (a fixed column
    /// reference such as `s.user_id`), counted up to `UNREAD_CAP`: it runs on every signed-in
    /// request, so its cost must not grow with a pile of unread notifications.
    pub fn unread_subquery(user: &str) -> String {
        format!(
            "(SELECT COUNT(*) FROM (SELECT 1 AS one FROM notifications n
              WHERE n.user_id = {user} AND n.read_at IS NULL AND {SHOWN}
              LIMIT {cap}) unread_capped)",
            cap = super::UNREAD_CAP
        )
    }

    /// The most recent notifications that are shown (`SHOWN`).
    pub async fn recent(
        db: &Db,
        user_id: i64,
        limit: i64,
    ) -> Result<Vec<NotificationView>, sqlx::Error> {
        Ok(sqlx::query_as::<_, Row>(&format!(
            "SELECT n.id, n.kind, n.question_id, q.title AS question_title,
                    q.lang AS question_lang, n.answer_id,
                    CASE WHEN u.deleted_at IS NULL THEN u.display_name END AS actor_name,
                    n.created_at, n.read_at, m.reason AS log_reason, m.detail AS log_detail
             FROM notifications n
             LEFT JOIN questions q ON q.id = n.question_id
             LEFT JOIN users u ON u.id = n.actor_id
             LEFT JOIN moderation_log m ON m.id = n.log_id
             WHERE n.user_id = $1 AND {SHOWN}
             ORDER BY n.created_at DESC, n.id DESC LIMIT $2"
        ))
        .bind(user_id)
        .bind(limit)
        .fetch_all(&db.read)
        .await?
        .into_iter()
        .map(|r| NotificationView {
            id: r.id,
            kind: r.kind,
            question_id: r.question_id,
            question_title: r.question_title,
            question_lang: r
                .question_lang
                .as_deref()
                .and_then(Locale::from_code)
                .unwrap_or_default(),
            answer_id: r.answer_id,
            actor_name: r.actor_name,
            created_at: r.created_at,
            read: r.read_at.is_some(),
            until: r.log_detail.as_deref().and_then(|d| d.parse().ok()),
            reason: r.log_reason,
        })
        .collect())
    }

    /// Unread notifications, as the list shows them (`SHOWN`).
    pub async fn unread(db: &Db, user_id: i64) -> Result<i64, sqlx::Error> {
        sqlx::query_scalar(&format!("SELECT {}", unread_subquery("$1")))
            .bind(user_id)
            .fetch_one(&db.read)
            .await
    }

    pub async fn mark_all_read(db: &Db, user_id: i64) -> Result<(), sqlx::Error> {
        let mut tx = db.begin_write().await?;
        sqlx::query("UPDATE notifications SET read_at = $2 WHERE user_id = $1 AND read_at IS NULL")
            .bind(user_id)
            .bind(now_ms())
            .execute(&mut *tx)
            .await?;
        tx.commit().await
    }
}

/// The most unread notifications counted; the header shows "99+" from there on.
pub const UNREAD_CAP: i64 = 100;

/// The unread count as the header shows it.
pub fn unread_label(n: i64) -> String {
    if n >= UNREAD_CAP {
        format!("{}+", UNREAD_CAP - 1)
    } else {
        n.to_string()
    }
}

/// The header's link to `/notifications`, with the unread count.
#[component]
pub fn NotificationBell() -> impl IntoView {
    let i18n = use_i18n();
    let Some(UnreadCount(count)) = use_context::<UnreadCount>() else {
        return ().into_any();
    };
    view! {
        <a class="bell" href="/notifications" data-testid="notifications"
            aria-label=move || format!("{}: {}", i18n.t(Msg::Notifications)(), unread_label(count.get()))>
            <span aria-hidden="true">"🔔"</span>
            {move || {
                let n = count.get();
                (n > 0).then(|| view! { <span class="bell__count" data-testid="unread-count">{unread_label(n)}</span> })
            }}
        </a>
    }
    .into_any()
}

/// `/notifications`
#[component]
pub fn NotificationsPage() -> impl IntoView {
    let i18n = use_i18n();
    let signed_in = crate::accounts::use_viewer().is_some();
    let version = RwSignal::new(0u32);
    let list = Resource::new_blocking(move || version.get(), |_| list_notifications());
    let action = ServerAction::<MarkNotificationsRead>::new();
    Effect::new(move |_| {
        if let Some(Ok(())) = action.value().get() {
            set_unread_count(0);
            version.update(|v| *v += 1);
        }
    });
    view! {
        <Title text=i18n.head(Msg::Notifications) />
        <section class="page page--narrow">
            <header class="page__header">
                <h1>{i18n.t(Msg::Notifications)}</h1>
            </header>
            {if signed_in {
                view! {
                    <ActionForm action attr:class="form form--inline">
                        <button type="submit" class="button button--small button--secondary" data-testid="mark-read">
                            {i18n.t(Msg::MarkAllRead)}
                        </button>
                    </ActionForm>
                    {page_data(list, |items| view! { <NotificationList items /> })}
                }
                    .into_any()
            } else {
                view! { <crate::accounts::ui::SignInFirst next="/notifications" /> }.into_any()
            }}
        </section>
    }
}

#[component]
fn NotificationList(items: Vec<NotificationView>) -> impl IntoView {
    let i18n = use_i18n();
    if items.is_empty() {
        return view! { <p class="empty">{i18n.t(Msg::NoNotifications)}</p> }.into_any();
    }
    view! {
        <ul class="notifications">
            {items
                .into_iter()
                .map(|n| {
                    let href = n.href();
                    let created_at = n.created_at;
                    let who = n.actor_name.clone();
                    let kind = n.kind.clone();
                    if let Some(reason) = n.reason.clone() {
                        let headline = match n.kind.as_str() {
                            "suspension" => Msg::NotificationSuspended,
                            "unsuspension" => Msg::NotificationUnsuspended,
                            _ => Msg::NotificationWarned,
                        };
                        let until = n.until;
                        return view! {
                            <li class="notification notification--moderation" class:notification--unread=!n.read data-testid="moderation-notification">
                                <a href=href>{i18n.t(headline)}</a>
                                {until.map(|until| view! {
                                    " "
                                    <time datetime=iso_date(until)>{move || format_date(until, i18n.get())}</time>
                                })}
                                ": "
                                <q>{reason}</q>
                                " · "
                                <time datetime=iso_date(created_at)>{move || format_date(created_at, i18n.get())}</time>
                            </li>
                        }
                        .into_any();
                    }
                    view! {
                        <li class="notification" class:notification--unread=!n.read>
                            <a href=href>
                                {move || {
                                    let who = who
                                        .clone()
                                        .unwrap_or_else(|| i18n.t(Msg::FormerMember)().to_string());
                                    let what = match kind.as_str() {
                                        "lab_question" => Msg::NotificationLabQuestion,
                                        "waiting" => Msg::NotificationWaiting,
                                        "asker_replied" => Msg::NotificationAskerReplied,
                                        _ => Msg::NotificationAnswered,
                                    };
                                    format!("{} {}", who, i18n.t(what)())
                                }}
                                " "
                                <strong lang=n.question_lang.code()>{n.question_title.clone().unwrap_or_default()}</strong>
                            </a>
                            " · "
                            <time datetime=iso_date(created_at)>{move || format_date(created_at, i18n.get())}</time>
                        </li>
                    }
                    .into_any()
                })
                .collect_view()}
        </ul>
    }
    .into_any()
}
