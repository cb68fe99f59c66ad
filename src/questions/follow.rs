//! Following a question, and what a thread looks like to the signed-in reader (their votes,
//! whether they follow it). Opening a thread marks its notifications read.

use super::ThreadViewerState;
use crate::error::AppError;
use crate::i18n::{Msg, use_i18n};
use leptos::prelude::*;

/// Follows (`follow` = true) or stops following a question. Answers whether the caller follows it.
#[server(prefix = "/api", endpoint = "follow_question")]
pub async fn follow_question(question_id: i64, follow: bool) -> Result<bool, AppError> {
    use crate::accounts::{policy, session};
    use crate::forms::{redirect_plain_post, refuse};
    let fail = |e: AppError| refuse("thread", &[], e);
    let viewer = session::request_viewer();
    let viewer = policy::member(viewer.as_ref()).map_err(fail)?;
    let db = crate::server::use_db()?;
    if super::db::status_of(&db, question_id).await?.is_none() {
        return Err(fail(AppError::NotFound));
    }
    db::set(&db, viewer.id, question_id, follow).await?;
    redirect_plain_post(&format!("/questions/{question_id}"));
    Ok(follow)
}

/// The reader's votes on this thread and whether they follow it; marks the thread's
/// notifications read. Visitors get the empty state.
#[server(prefix = "/api", endpoint = "load_thread_viewer_state")]
pub async fn load_thread_viewer_state(question_id: i64) -> Result<ThreadViewerState, AppError> {
    let Some(viewer) = crate::accounts::session::request_viewer() else {
        return Ok(ThreadViewerState::default());
    };
    let db = crate::server::use_db()?;
    Ok(db::viewer_state(&db, viewer.id, question_id, viewer.unread_notifications > 0).await?)
}

#[cfg(feature = "ssr")]
pub mod db {
    use crate::questions::{PostKind, ThreadViewerState};
    use crate::server::db::{Db, now_ms};

    pub async fn set(
        db: &Db,
        user_id: i64,
        question_id: i64,
        follow: bool,
    ) -> Result<(), sqlx::Error> {
        let mut tx = db.begin_write().await?;
        if follow {
            sqlx::query(
                "INSERT INTO follows (user_id, question_id, created_at) VALUES ($1, $2, $3)
                 ON CONFLICT (user_id, question_id) DO NOTHING",
            )
            .bind(user_id)
            .bind(question_id)
            .bind(now_ms())
            .execute(&mut *tx)
            .await?;
        } else {
            sqlx::query("DELETE FROM follows WHERE user_id = $1 AND question_id = $2")
                .bind(user_id)
                .bind(question_id)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await
    }

    /// The reader's state on a thread. With `has_unread`, the thread's notifications are marked
    /// read first (a write only for readers who have something unread).
    pub async fn viewer_state(
        db: &Db,
        user_id: i64,
        question_id: i64,
        has_unread: bool,
    ) -> Result<ThreadViewerState, sqlx::Error> {
        if has_unread {
            let mut tx = db.begin_write().await?;
            sqlx::query(
                "UPDATE notifications SET read_at = $3
                 WHERE user_id = $1 AND question_id = $2 AND read_at IS NULL",
            )
            .bind(user_id)
            .bind(question_id)
            .bind(now_ms())
            .execute(&mut *tx)
            .await?;
            tx.commit().await?;
        }
        let votes = sqlx::query_as::<_, (String, i64, i64)>(
            "SELECT v.entity_type, v.entity_id, v.value FROM votes v
             WHERE v.user_id = $1 AND v.entity_type = 'question' AND v.entity_id = $2
             UNION ALL
             SELECT v.entity_type, v.entity_id, v.value FROM votes v
             JOIN answers a ON a.id = v.entity_id
             WHERE v.user_id = $1 AND v.entity_type = 'answer' AND a.question_id = $2",
        )
        .bind(user_id)
        .bind(question_id)
        .fetch_all(&db.read)
        .await?
        .into_iter()
        .filter_map(|(kind, id, value)| Some((PostKind::parse(&kind)?, id, value)))
        .collect();
        let following = sqlx::query_scalar::<_, i64>(
            "SELECT COUNT(*) FROM follows WHERE user_id = $1 AND question_id = $2",
        )
        .bind(user_id)
        .bind(question_id)
        .fetch_one(&db.read)
        .await?
            > 0;
        let unread_notifications = crate::notifications::db::unread(db, user_id).await?;
        Ok(ThreadViewerState {
            votes,
            following,
            unread_notifications,
        })
    }
}

/// "Follow" / "Following" for members: a plain form post without JavaScript.
#[component]
pub fn FollowButton(question_id: i64, following: bool) -> impl IntoView {
    let i18n = use_i18n();
    let state = RwSignal::new(following);
    let action = ServerAction::<FollowQuestion>::new();
    Effect::new(move |_| {
        if let Some(Ok(now)) = action.value().get() {
            state.set(now);
        }
    });
    view! {
        <ActionForm action attr:class="follow">
            <input type="hidden" name="question_id" value=question_id />
            <input type="hidden" name="follow" value=move || (!state.get()).to_string() />
            <button
                type="submit"
                class="button button--small button--secondary"
                aria-pressed=move || state.get().to_string()
                data-testid="follow"
            >
                {move || {
                    if state.get() {
                        i18n.t(Msg::Following)()
                    } else {
                        i18n.t(Msg::Follow)()
                    }
                }}
            </button>
        </ActionForm>
    }
}
