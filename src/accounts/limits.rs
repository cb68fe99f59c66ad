//! Limits for new accounts against spam (a simplified version of Discourse's trust levels): for
//! its first `NEW_FOR_DAYS` days an account may post at most `POSTS_PER_HOUR` times an hour
//! (questions, answers and comments together) and put at most `LINKS_PER_POST` links in a post.
//! The posts themselves are the count (no extra table, nothing written to check), and an account
//! older than that is never slowed down.

use crate::error::AppError;
use crate::forms::FieldError;
use crate::i18n::Msg;
use crate::server::db::{Db, now_ms};

pub const NEW_FOR_DAYS: i64 = 3;
pub const POSTS_PER_HOUR: i64 = 10;
pub const LINKS_PER_POST: usize = 2;

const DAY_MS: i64 = 86_400_000;
const HOUR_MS: i64 = 3_600_000;

/// What is being checked: a new post (counts towards the hourly limit) or an edit (links only).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Writing {
    NewPost,
    Edit,
}

/// Refuses the post when the account is new and over a limit; `body` is the markdown (its field
/// is `body` in every form).
pub async fn check(db: &Db, user_id: i64, body: &str, writing: Writing) -> Result<(), AppError> {
    let created_at: Option<i64> = sqlx::query_scalar("SELECT created_at FROM users WHERE id = $1")
        .bind(user_id)
        .fetch_optional(&db.read)
        .await?;
    let now = now_ms();
    if created_at.is_none_or(|at| now - at >= NEW_FOR_DAYS * DAY_MS) {
        return Ok(());
    }
    if crate::server::markdown::link_count(body) > LINKS_PER_POST {
        return Err(AppError::Fields(vec![FieldError::new(
            "body",
            Msg::NewAccountLinks,
        )]));
    }
    if writing == Writing::NewPost {
        let since = now - HOUR_MS;
        let posts: i64 = sqlx::query_scalar(
            "SELECT (SELECT COUNT(*) FROM questions WHERE author_id = $1 AND created_at > $2)
                  + (SELECT COUNT(*) FROM answers WHERE author_id = $1 AND created_at > $2)
                  + (SELECT COUNT(*) FROM comments WHERE author_id = $1 AND created_at > $2)",
        )
        .bind(user_id)
        .bind(since)
        .fetch_one(&db.read)
        .await?;
        if posts >= POSTS_PER_HOUR {
            return Err(AppError::Invalid(Msg::NewAccountPostsPerHour));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::accounts::{DisplayName, Email};
    use crate::i18n::Locale;
    use crate::server::testing::seeded_backends;

    #[tokio::test]
    async fn a_new_account_is_limited_an_old_one_is_not() {
        for t in seeded_backends().await {
            let name = DisplayName::parse("Nieuw Lid").expect("name");
            let email = Email::parse("nieuw@example.nl").expect("email");
            let fresh = crate::accounts::db::create_user(&t.db, &name, &email, "x")
                .await
                .expect("user");
            let old: i64 = sqlx::query_scalar(
                "SELECT id FROM users WHERE email = 'henk@demo.collectievekracht.example'",
            )
            .fetch_one(&t.db.read)
            .await
            .expect("henk");
            let question: i64 = sqlx::query_scalar("SELECT MIN(id) FROM questions")
                .fetch_one(&t.db.read)
                .await
                .expect("question");
            let spam = "[a](https://a.example) [b](https://b.example) https://c.example";
            assert_eq!(
                check(&t.db, fresh, spam, Writing::NewPost).await,
                Err(AppError::Fields(vec![FieldError::new(
                    "body",
                    Msg::NewAccountLinks
                )]))
            );
            assert_eq!(
                check(&t.db, fresh, spam, Writing::Edit).await,
                Err(AppError::Fields(vec![FieldError::new(
                    "body",
                    Msg::NewAccountLinks
                )])),
                "links cannot come in through an edit either"
            );
            assert_eq!(check(&t.db, old, spam, Writing::NewPost).await, Ok(()));
            for i in 0..POSTS_PER_HOUR {
                assert_eq!(
                    check(
                        &t.db,
                        fresh,
                        "One link: https://ok.example",
                        Writing::NewPost
                    )
                    .await,
                    Ok(()),
                    "post {i}"
                );
                crate::questions::db::add_answer(
                    &t.db,
                    question,
                    Locale::Nl,
                    Some(fresh),
                    "Een antwoord.",
                )
                .await
                .expect("answer");
            }
            assert_eq!(
                check(&t.db, fresh, "The eleventh.", Writing::NewPost).await,
                Err(AppError::Invalid(Msg::NewAccountPostsPerHour))
            );
            assert_eq!(
                check(&t.db, fresh, "An edit is not a new post.", Writing::Edit).await,
                Ok(())
            );
            for _ in 0..POSTS_PER_HOUR {
                crate::questions::db::add_answer(&t.db, question, Locale::Nl, Some(old), "Ja.")
                    .await
                    .expect("answer");
            }
            assert_eq!(
                check(&t.db, old, "Still fine.", Writing::NewPost).await,
                Ok(())
            );
            t.finish().await;
        }
    }
}
