//! Votes on questions and answers: one per person per post, changeable and withdrawable. The
//! buttons update at once (optimistic) and roll back when the server refuses; without JavaScript
//! they are plain form posts.

use super::PostKind;
use crate::error::AppError;
use crate::i18n::{Msg, use_i18n};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// A post's score and the caller's own vote (-1, 0 or +1) after a vote.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VoteState {
    pub score: i64,
    pub mine: i64,
}

impl VoteState {
    /// The state after the caller votes `value` (0 withdraws), as the server will compute it.
    pub fn after(self, value: i64) -> VoteState {
        VoteState {
            score: self.score - self.mine + value,
            mine: value,
        }
    }
}

/// Votes `value` (+1 up, -1 down, 0 withdraw) on a question or an answer. Not on one's own post.
#[server(prefix = "/api", endpoint = "vote")]
pub async fn vote(kind: String, post_id: i64, value: i64) -> Result<VoteState, AppError> {
    use crate::accounts::{policy, session};
    use crate::forms::{redirect_plain_post, refuse};
    let fail = |e: AppError| refuse("thread", &[], e);
    let viewer = session::request_viewer();
    policy::participate(viewer.as_ref()).map_err(fail)?;
    let (Some(kind @ (PostKind::Question | PostKind::Answer)), true) =
        (PostKind::parse(&kind), (-1..=1).contains(&value))
    else {
        return Err(fail(AppError::Invalid(Msg::InvalidRequest)));
    };
    let db = crate::server::use_db()?;
    let Some(post) = super::db::post_owner(&db, kind, post_id).await? else {
        return Err(fail(AppError::NotFound));
    };
    let viewer = policy::vote(viewer.as_ref(), post.author_id).map_err(fail)?;
    let state = db::vote(&db, kind, post_id, viewer.id, value).await?;
    redirect_plain_post(&super::post_anchor(kind, post.question_id, post_id));
    Ok(state)
}

#[cfg(feature = "ssr")]
pub mod db {
    use super::VoteState;
    use crate::questions::PostKind;
    use crate::server::db::Db;

    /// Replaces the caller's vote on a post and moves the post's score by the difference, in one
    /// transaction. The post's row is locked first (on PostgreSQL; SQLite runs write
    /// transactions one at a time), so parallel votes on a post queue and each reads the vote
    /// the one before it left: a burst of the same vote moves the score once.
    pub async fn vote(
        db: &Db,
        kind: PostKind,
        post_id: i64,
        user_id: i64,
        value: i64,
    ) -> Result<VoteState, sqlx::Error> {
        // Only the two fixed table names and the fixed lock clause are formatted in.
        let table = match kind {
            PostKind::Question => "questions",
            PostKind::Answer | PostKind::Comment => "answers",
        };
        let mut tx = db.begin_write().await?;
        sqlx::query(&format!(
            "SELECT id FROM {table} WHERE id = $1{}",
            db.backend.for_update()
        ))
        .bind(post_id)
        .fetch_optional(&mut *tx)
        .await?;
        let old: i64 = sqlx::query_scalar(
            "SELECT value FROM votes WHERE entity_type = $1 AND entity_id = $2 AND user_id = $3",
        )
        .bind(kind.as_str())
        .bind(post_id)
        .bind(user_id)
        .fetch_optional(&mut *tx)
        .await?
        .unwrap_or(0);
        if value == 0 {
            sqlx::query(
                "DELETE FROM votes WHERE entity_type = $1 AND entity_id = $2 AND user_id = $3",
            )
            .bind(kind.as_str())
            .bind(post_id)
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
        } else {
            sqlx::query(
                "INSERT INTO votes (entity_type, entity_id, user_id, value, created_at)
                 VALUES ($1, $2, $3, $4, $5)
                 ON CONFLICT (entity_type, entity_id, user_id)
                 DO UPDATE SET value = excluded.value, created_at = excluded.created_at",
            )
            .bind(kind.as_str())
            .bind(post_id)
            .bind(user_id)
            .bind(value)
            .bind(crate::server::db::now_ms())
            .execute(&mut *tx)
            .await?;
        }
        let score: i64 = sqlx::query_scalar(&format!(
            "UPDATE {table} SET score = score + $1 WHERE id = $2 RETURNING score"
        ))
        .bind(value - old)
        .bind(post_id)
        .fetch_one(&mut *tx)
        .await?;
        // The thread page shows the score.
        sqlx::query(match kind {
            PostKind::Question => {
                "UPDATE questions SET cache_version = cache_version + 1 WHERE id = $1"
            }
            PostKind::Answer | PostKind::Comment => {
                "UPDATE questions SET cache_version = cache_version + 1
                 WHERE id = (SELECT question_id FROM answers WHERE id = $1)"
            }
        })
        .bind(post_id)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(VoteState { score, mine: value })
    }
}

/// Up, score, down. `mine` is the reader's vote; `enabled` is false for visitors and for the
/// post's own author (the server checks again).
#[component]
pub fn VoteButtons(
    kind: PostKind,
    post_id: i64,
    score: i64,
    mine: i64,
    enabled: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let state = RwSignal::new(VoteState { score, mine });
    let action = ServerAction::<Vote>::new();
    // The state before the pending vote, to roll back to.
    let before = StoredValue::new(None::<VoteState>);
    Effect::new(move |_| {
        if let Some(input) = action.input().get() {
            let current = state.get_untracked();
            before.set_value(Some(current));
            state.set(current.after(input.value));
        }
    });
    Effect::new(move |_| match action.value().get() {
        Some(Ok(confirmed)) => {
            before.set_value(None);
            state.set(confirmed);
        }
        Some(Err(_)) => {
            if let Some(previous) = before.get_value() {
                state.set(previous);
            }
            before.set_value(None);
        }
        None => {}
    });
    // With JavaScript a refusal shows here; a refused plain form post shows at the top of the
    // thread (`ThreadFlash`), since the flash is one per page.
    let error =
        move || crate::forms::action_error(action.value().get()).map(|m| m.text(i18n.get()));
    let button = move |direction: i64| {
        let (label, symbol) = if direction > 0 {
            (Msg::VoteUp, "▲")
        } else {
            (Msg::VoteDown, "▼")
        };
        let testid = if direction > 0 {
            "vote-up"
        } else {
            "vote-down"
        };
        let pressed = move || state.get().mine == direction;
        // Pressing the active direction again withdraws the vote.
        let value = move || if pressed() { 0 } else { direction };
        view! {
            <ActionForm action attr:class="vote__form">
                <input type="hidden" name="kind" value=kind.as_str() />
                <input type="hidden" name="post_id" value=post_id />
                <input type="hidden" name="value" value=value />
                <button
                    type="submit"
                    class="vote__button"
                    class:vote__button--on=pressed
                    aria-pressed=move || pressed().to_string()
                    title=move || i18n.t(label)()
                    disabled=!enabled
                    data-testid=testid
                >
                    <span aria-hidden="true">{symbol}</span>
                    <span class="visually-hidden">{i18n.t(label)}</span>
                </button>
            </ActionForm>
        }
    };
    view! {
        <div class="vote" data-kind=kind.as_str() data-id=post_id>
            {button(1)}
            <span class="vote__score" data-testid="score" aria-label=move || i18n.t(Msg::Score)()>
                {move || state.get().score}
            </span>
            {button(-1)}
            <p class="vote__error" role="alert">{error}</p>
        </div>
    }
}

/// Where a vote or comment refused without JavaScript is explained: once, at the top of the
/// thread (the small forms of a thread share one flash).
#[component]
pub fn ThreadFlash() -> impl IntoView {
    let action = ServerAction::<Vote>::new();
    let form = crate::forms::FormState::new("thread", action.value());
    view! {
        <form class="thread-flash" data-form="thread" data-flash=form.flash_json()>
            <crate::forms::FormError form />
        </form>
    }
}

// issue 15 (F3): parallel votes by one member were counted more than once on PostgreSQL.
#[cfg(all(test, feature = "ssr"))]
mod race_tests {
    use super::{VoteState, db};
    use crate::questions::PostKind;
    use crate::server::testing::{demo_user, seeded_backends};

    /// Runs `n` copies of the same vote by `user` at once.
    async fn burst(db: &crate::server::db::Db, answer: i64, user: i64, value: i64, n: usize) {
        let mut parallel = tokio::task::JoinSet::new();
        for _ in 0..n {
            let db = db.clone();
            parallel
                .spawn(async move { db::vote(&db, PostKind::Answer, answer, user, value).await });
        }
        while let Some(done) = parallel.join_next().await {
            let state = done.expect("task").expect("vote");
            assert_eq!(state.mine, value);
        }
    }

    async fn score(db: &crate::server::db::Db, answer: i64) -> i64 {
        sqlx::query_scalar("SELECT score FROM answers WHERE id = $1")
            .bind(answer)
            .fetch_one(&db.read)
            .await
            .expect("score")
    }

    #[tokio::test]
    async fn forty_parallel_votes_by_one_member_count_once_and_withdraw_to_the_start() {
        for t in seeded_backends().await {
            let henk = demo_user(&t, "henk").await;
            let answer: i64 = sqlx::query_scalar(
                "SELECT MIN(id) FROM answers WHERE author_id IS NULL OR author_id <> $1",
            )
            .bind(henk)
            .fetch_one(&t.db.read)
            .await
            .expect("answer");
            // Whatever the demo left: withdraw first, so the start is known.
            let start = db::vote(&t.db, PostKind::Answer, answer, henk, 0)
                .await
                .expect("withdraw")
                .score;
            burst(&t.db, answer, henk, 1, 40).await;
            assert_eq!(score(&t.db, answer).await, start + 1, "{:?}", t.db.backend);
            burst(&t.db, answer, henk, -1, 40).await;
            assert_eq!(score(&t.db, answer).await, start - 1, "{:?}", t.db.backend);
            burst(&t.db, answer, henk, 0, 40).await;
            assert_eq!(score(&t.db, answer).await, start, "{:?}", t.db.backend);
            let rows: i64 = sqlx::query_scalar(
                "SELECT COUNT(*) FROM votes
                 WHERE entity_type = 'answer' AND entity_id = $1 AND user_id = $2",
            )
            .bind(answer)
            .bind(henk)
            .fetch_one(&t.db.read)
            .await
            .expect("votes");
            assert_eq!(rows, 0, "henk's vote is gone");
            assert_eq!(
                db::vote(&t.db, PostKind::Answer, answer, henk, 1)
                    .await
                    .expect("vote"),
                VoteState {
                    score: start + 1,
                    mine: 1
                }
            );
            t.finish().await;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::VoteState;

    #[test]
    fn a_vote_moves_the_score_by_the_difference() {
        let none = VoteState { score: 3, mine: 0 };
        assert_eq!(none.after(1), VoteState { score: 4, mine: 1 });
        let up = VoteState { score: 4, mine: 1 };
        assert_eq!(up.after(-1), VoteState { score: 2, mine: -1 });
        assert_eq!(up.after(0), VoteState { score: 3, mine: 0 });
    }
}
