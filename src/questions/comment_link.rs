//! `GET /comment/:id`, the stable link to a comment, and where a comment is shown now (a thread
//! page or a page of its post's comment list). Server only.

use super::{COMMENTS_PER_PAGE, COMMENTS_SHOWN, PostKind, comments_path};
use crate::error::AppError;

/// Where a visible comment is shown: on the thread page holding its post when it is one of the
/// first `COMMENTS_SHOWN` under it, else on its page of the post's comment list.
pub(super) async fn comment_path(
    db: &crate::server::db::Db,
    question_id: i64,
    kind: PostKind,
    post_id: i64,
    comment_id: i64,
) -> Result<String, AppError> {
    let place = super::db::comment_place(db, comment_id).await?.unwrap_or(0);
    if place >= COMMENTS_SHOWN {
        let page = place / COMMENTS_PER_PAGE + 1;
        return Ok(format!(
            "{}#comment-{comment_id}",
            comments_path(kind, post_id, page)
        ));
    }
    let thread = match kind {
        PostKind::Answer => super::db::answer_path(db, question_id, post_id).await?,
        _ => format!("/questions/{question_id}"),
    };
    let thread = thread.split('#').next().unwrap_or_default().to_string();
    Ok(format!("{thread}#comment-{comment_id}"))
}

/// `GET /comment/:id`: a stable link to a comment (notifications, the flag queue, the history's
/// way back, the no-JavaScript answers to votes and flags) that redirects to wherever the comment
/// is shown now (`comment_path`): long threads and long comment lists are paged, so the place
/// changes as posts are added. A comment the public cannot see leads to its thread (which shows
/// moderators what they may see); an unknown one is a 404.
pub async fn goto_comment(
    db: crate::server::db::Db,
    axum::extract::Path(id): axum::extract::Path<i64>,
    axum::extract::RawQuery(query): axum::extract::RawQuery,
) -> axum::response::Response {
    use axum::response::{IntoResponse, Redirect};
    let place = super::db::comments::comment_location(&db, id).await;
    let target = match place {
        Ok(Some((question_id, kind, post_id, true))) => {
            let kind = PostKind::parse(&kind).unwrap_or(PostKind::Question);
            comment_path(&db, question_id, kind, post_id, id)
                .await
                .unwrap_or_else(|_| format!("/questions/{question_id}#comment-{id}"))
        }
        Ok(Some((question_id, ..))) => format!("/questions/{question_id}#comment-{id}"),
        Ok(None) => format!("/comments/comment/{id}"),
        Err(e) => {
            tracing::error!("looking up comment {id}: {e}");
            return axum::http::StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    // The thank-you of a no-JavaScript flag (`?flagged=1`) goes along; nothing else of the
    // query does (the redirect never repeats what a link put there).
    let flagged = query
        .as_deref()
        .is_some_and(|q| q.split('&').any(|pair| pair == "flagged=1"));
    let target = if flagged {
        super::flagged_link(&target)
    } else {
        target
    };
    Redirect::to(&target).into_response()
}
