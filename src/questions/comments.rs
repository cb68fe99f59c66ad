//! Comments: short remarks under a question or an answer (markdown, sanitised once on write).

use super::{CommentView, PostKind};
use crate::error::AppError;
use crate::i18n::{Msg, format_date, iso_date, use_i18n};
use leptos::prelude::*;

/// Adds a comment under a post; answers the comment's id.
#[server(prefix = "/api", endpoint = "post_comment")]
pub async fn post_comment(
    kind: String,
    post_id: i64,
    body: String,
    lang: String,
) -> Result<i64, AppError> {
    use crate::accounts::{policy, session};
    use crate::forms::{FieldError, redirect_plain_post, refuse};
    use crate::i18n::Locale;
    // A refusal without JavaScript is shown at the top of the thread (`votes::ThreadFlash`).
    let fail = |e: AppError| refuse("thread", &[], e);
    let viewer = session::request_viewer();
    let viewer = policy::participate(viewer.as_ref()).map_err(fail)?;
    let Some(kind @ (PostKind::Question | PostKind::Answer)) = PostKind::parse(&kind) else {
        return Err(fail(AppError::Invalid(Msg::InvalidRequest)));
    };
    let text = super::CommentBody::parse(&body)
        .map_err(|m| fail(AppError::Fields(vec![FieldError::new("body", m)])))?;
    let lang = Locale::from_code(&lang).unwrap_or_default();
    let db = crate::server::use_db()?;
    let Some(post) = super::db::post_owner(&db, kind, post_id).await? else {
        return Err(fail(AppError::NotFound));
    };
    if post.locked {
        return Err(fail(AppError::Invalid(Msg::ThreadLocked)));
    }
    use crate::accounts::limits::{Writing, check, check_new_post};
    check(&db, viewer.id, text.as_str(), Writing::NewPost)
        .await
        .map_err(fail)?;
    let html = crate::server::markdown::render(text.as_str());
    let now = crate::server::db::now_ms();
    let mut tx = db.begin_write().await?;
    // Counted again where the comment is inserted: a parallel burst cannot pass it. Rows are
    // locked in one order on every write path (account, answer, question), so no two writes
    // wait for each other.
    check_new_post(&mut tx, viewer.id, now)
        .await
        .map_err(fail)?;
    // Decided again inside the transaction: a moderator may have hidden the answer, or locked
    // or hidden the thread, since the read above.
    if kind == PostKind::Answer
        && !super::db::answer_visible_in_write(&mut tx, db.backend, post_id).await?
    {
        return Err(fail(AppError::NotFound));
    }
    match super::db::status_in_write(&mut tx, db.backend, post.question_id).await? {
        None => return Err(fail(AppError::NotFound)),
        Some((_, true)) => return Err(fail(AppError::Invalid(Msg::ThreadLocked))),
        Some(_) => {}
    }
    let new = db::NewComment {
        question_id: post.question_id,
        kind,
        post_id,
        lang,
        author_id: viewer.id,
        body_md: text.as_str(),
    };
    let id = db::insert(&mut tx, &new, &html, now).await?;
    tx.commit().await?;
    redirect_plain_post(&comment_path(&db, post.question_id, kind, post_id, id).await?);
    Ok(id)
}

#[cfg(feature = "ssr")]
pub mod db {
    use crate::i18n::Locale;
    use crate::questions::PostKind;
    use crate::server::db::Db;

    /// Stores a comment (markdown rendered and sanitised once, here).
    pub async fn add(
        db: &Db,
        question_id: i64,
        kind: PostKind,
        post_id: i64,
        lang: Locale,
        author_id: i64,
        body_md: &str,
    ) -> Result<i64, sqlx::Error> {
        let now = crate::server::db::now_ms();
        let html = crate::server::markdown::render(body_md);
        let new = NewComment {
            question_id,
            kind,
            post_id,
            lang,
            author_id,
            body_md,
        };
        let mut tx = db.begin_write().await?;
        let id = insert(&mut tx, &new, &html, now).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// A comment to store.
    pub struct NewComment<'a> {
        pub question_id: i64,
        pub kind: PostKind,
        pub post_id: i64,
        pub lang: Locale,
        pub author_id: i64,
        pub body_md: &'a str,
    }

    /// `add` inside the caller's transaction (which may check more first, such as the limits
    /// of new accounts), with the HTML rendered beforehand.
    pub async fn insert(
        tx: &mut sqlx::Transaction<'static, sqlx::Any>,
        c: &NewComment<'_>,
        html: &str,
        now: i64,
    ) -> Result<i64, sqlx::Error> {
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO comments (question_id, entity_type, entity_id, lang, author_id, body_md,
                                   body_html, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id",
        )
        .bind(c.question_id)
        .bind(c.kind.as_str())
        .bind(c.post_id)
        .bind(c.lang.code())
        .bind(c.author_id)
        .bind(c.body_md)
        .bind(html)
        .bind(now)
        .fetch_one(&mut **tx)
        .await?;
        crate::questions::db::touch(tx, c.question_id).await?;
        crate::queue::db::asker_replied_in(tx, c.question_id, c.author_id, now, Some(id)).await?;
        Ok(id)
    }
}

/// The comments under a post and, for members, a folded form to add one (a `<details>`, so it
/// opens without JavaScript too).
#[component]
pub fn Comments(
    kind: PostKind,
    post_id: i64,
    comments: Vec<CommentView>,
    /// More comments are under the post than shown: a link to all of them (a paged list).
    #[prop(optional)]
    more: bool,
    /// False on locked and closed threads: no new comments.
    open: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let signed_in = crate::accounts::use_viewer().is_some();
    let list = (!comments.is_empty()).then(|| {
        view! {
            <ul class="comments__list">
                {comments.into_iter().map(|c| view! { <CommentItem comment=c /> }).collect_view()}
            </ul>
        }
    });
    let more = more.then(|| {
        view! {
            <p class="comments__more">
                <a href=comments_path(kind, post_id, 1) data-testid="more-comments">
                    {i18n.t(Msg::MoreComments)}
                </a>
            </p>
        }
    });
    view! {
        <section class="comments" aria-label=move || i18n.t(Msg::Comments)()>
            {list}
            {more}
            {(signed_in && open).then(|| view! { <CommentForm kind post_id /> })}
        </section>
    }
}

/// One comment, editable in place by its author and moderators.
#[component]
fn CommentItem(comment: CommentView) -> impl IntoView {
    use crate::editing::EditKind;
    use crate::editing::inline::{Editing, InlineEdit};
    let i18n = use_i18n();
    let c = comment;
    let created_at = c.created_at;
    let rights = super::ui::rights(c.author_id);
    let editing = Editing::new();
    let reload = super::ui::thread_reloader();
    let body_html = c.body_html.clone();
    let lang = c.lang.code();
    view! {
        <li class="comment" class:comment--hidden=c.hidden.is_some() id=format!("comment-{}", c.id)>
            <super::ui::HiddenMarker hidden=c.hidden />
            <InlineEdit kind=EditKind::Post(PostKind::Comment) id=c.id editing on_saved=reload>
                <div class="comment__body prose" lang=lang inner_html=body_html.clone()></div>
            </InlineEdit>
            " — "
            {match c.author_id {
                Some(id) => view! {
                    <a class="comment__author" href=format!("/users/{id}")>
                        <super::ui::AuthorName name=c.author_name.clone() />
                    </a>
                }
                    .into_any(),
                None => view! { <super::ui::AuthorName name=c.author_name.clone() /> }.into_any(),
            }}
            " "
            <time class="comment__time" datetime=iso_date(created_at)>
                {move || format_date(created_at, i18n.get())}
            </time>
            " "
            <super::ui::PostTools
                kind=PostKind::Comment
                id=c.id
                version=c.version
                rights
                editing
                hidden=c.hidden
            />
        </li>
    }
}

#[component]
fn CommentForm(kind: PostKind, post_id: i64) -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<PostComment>::new();
    let version = use_context::<super::ui::ThreadVersion>();
    Effect::new(move |_| {
        if let (Some(Ok(_)), Some(super::ui::ThreadVersion(version))) =
            (action.value().get(), version)
        {
            version.update(|v| *v += 1);
        }
    });
    let error =
        move || crate::forms::action_error(action.value().get()).map(|m| m.text(i18n.get()));
    let field_id = format!("comment-{}-{post_id}", kind.as_str());
    view! {
        <details class="comment-form">
            <summary data-testid="add-comment">{i18n.t(Msg::AddComment)}</summary>
            <ActionForm action attr:class="form form--inline">
                <input type="hidden" name="kind" value=kind.as_str() />
                <input type="hidden" name="post_id" value=post_id />
                <input type="hidden" name="lang" value=move || i18n.get().code() />
                <label class="visually-hidden" for=field_id.clone()>{i18n.t(Msg::AddComment)}</label>
                <textarea id=field_id name="body" rows="2" maxlength="1000" required></textarea>
                <p class="form-error" role="alert">{error}</p>
                <button type="submit" class="button button--small" data-testid="post-comment">
                    {i18n.t(Msg::PostComment)}
                </button>
            </ActionForm>
        </details>
    }
}

/// Where a visible comment is shown: on the thread page holding its post when it is one of the
/// first `COMMENTS_SHOWN` under it, else on its page of the post's comment list.
#[cfg(feature = "ssr")]
pub async fn comment_path(
    db: &crate::server::db::Db,
    question_id: i64,
    kind: PostKind,
    post_id: i64,
    comment_id: i64,
) -> Result<String, AppError> {
    use super::{COMMENTS_PER_PAGE, COMMENTS_SHOWN};
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
#[cfg(feature = "ssr")]
pub async fn goto_comment(
    db: crate::server::db::Db,
    axum::extract::Path(id): axum::extract::Path<i64>,
    axum::extract::RawQuery(query): axum::extract::RawQuery,
) -> axum::response::Response {
    use axum::response::{IntoResponse, Redirect};
    let place: Result<Option<(i64, String, i64, bool)>, sqlx::Error> =
        sqlx::query_as::<_, (i64, String, i64, i64)>(
            "SELECT c.question_id, c.entity_type, c.entity_id,
                CASE WHEN c.hidden_at IS NULL AND q.hidden_at IS NULL AND pa.hidden_at IS NULL
                     THEN 1 ELSE 0 END
         FROM comments c JOIN questions q ON q.id = c.question_id
         LEFT JOIN answers pa ON c.entity_type = 'answer' AND pa.id = c.entity_id
         WHERE c.id = $1",
        )
        .bind(id)
        .fetch_optional(&db.read)
        .await
        .map(|row| row.map(|(q, kind, post, visible)| (q, kind, post, visible == 1)));
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

/// The list of all comments under a post, page `page` (from 1).
pub fn comments_path(kind: PostKind, post_id: i64, page: i64) -> String {
    if page <= 1 {
        format!("/comments/{}/{post_id}", kind.as_str())
    } else {
        format!("/comments/{}/{post_id}?page={page}", kind.as_str())
    }
}

/// A page of the comments under one post (the thread shows the first few of each).
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct PostCommentsPage {
    pub kind: PostKind,
    pub post_id: i64,
    /// The question's title and the post on its thread page.
    pub heading: String,
    pub back: String,
    pub comments: Vec<CommentView>,
    pub page: i64,
    pub more: bool,
}

/// A page of `COMMENTS_PER_PAGE` comments under a visible question or answer. Public, like the
/// thread.
#[server(prefix = "/api", endpoint = "post_comments")]
pub async fn post_comments(
    kind: String,
    id: i64,
    #[server(default)] page: Option<i64>,
) -> Result<PostCommentsPage, AppError> {
    use super::COMMENTS_PER_PAGE;
    let db = crate::server::use_db()?;
    let not_found = || {
        crate::error::mark_not_found();
        AppError::NotFound
    };
    let Some(kind @ (PostKind::Question | PostKind::Answer)) = PostKind::parse(&kind) else {
        return Err(not_found());
    };
    let Some(post) = super::db::post_owner(&db, kind, id).await? else {
        return Err(not_found());
    };
    let heading: String = sqlx::query_scalar("SELECT title FROM questions WHERE id = $1")
        .bind(post.question_id)
        .fetch_one(&db.read)
        .await?;
    // A page far beyond the last is cheap for the database (an index range), and empty.
    let page = page.unwrap_or(1).clamp(1, 1_000_000);
    let (comments, more) = super::db::post_comments(
        &db,
        kind,
        id,
        (page - 1) * COMMENTS_PER_PAGE,
        COMMENTS_PER_PAGE,
    )
    .await?;
    let back = match kind {
        PostKind::Answer => super::db::answer_path(&db, post.question_id, id).await?,
        _ => format!("/questions/{}", post.question_id),
    };
    Ok(PostCommentsPage {
        kind,
        post_id: id,
        heading,
        back,
        comments,
        page,
        more,
    })
}

/// `/comments/:kind/:id` (`?page=N`): every comment under a post, a page at a time.
#[component]
pub fn PostCommentsRoute() -> impl IntoView {
    use leptos_router::hooks::{use_params_map, use_query_map};
    let i18n = use_i18n();
    let params = use_params_map();
    let query = use_query_map();
    let data = Resource::new_blocking(
        move || {
            let p = params.read();
            let kind = p.get("kind");
            let id = p.get("id").and_then(|id| id.parse::<i64>().ok());
            let page = query.read().get("page").and_then(|v| v.parse::<i64>().ok());
            (kind, id, page)
        },
        |(kind, id, page)| async move {
            match (kind, id) {
                (Some(kind), Some(id)) => post_comments(kind, id, page).await,
                _ => Err(AppError::NotFound),
            }
        },
    );
    view! {
        <leptos_meta::Title text=i18n.head(Msg::AllComments) />
        <section class="page page--narrow">
            {crate::app::page_data(data, |data| view! { <PostCommentsView data /> })}
        </section>
    }
}

#[component]
fn PostCommentsView(data: PostCommentsPage) -> impl IntoView {
    let i18n = use_i18n();
    let previous = (data.page > 1).then(|| comments_path(data.kind, data.post_id, data.page - 1));
    let next = data
        .more
        .then(|| comments_path(data.kind, data.post_id, data.page + 1));
    view! {
        <header class="page__header">
            <h1>{i18n.t(Msg::AllComments)}</h1>
            <p class="lead"><a href=data.back.clone()>{data.heading.clone()}</a></p>
        </header>
        <section class="comments" aria-label=move || i18n.t(Msg::Comments)()>
            <ul class="comments__list">
                {data.comments.into_iter().map(|c| view! { <CommentItem comment=c /> }).collect_view()}
            </ul>
        </section>
        <nav class="pager" aria-label=move || i18n.t(Msg::Pagination)()>
            {previous
                .map(|href| {
                    view! {
                        <a class="button button--secondary" href=href rel="prev" data-testid="comments-previous">
                            "← "
                            {i18n.t(Msg::PreviousPage)}
                        </a>
                    }
                })}
            " "
            {next
                .map(|href| {
                    view! {
                        <a class="button button--secondary" href=href rel="next" data-testid="comments-next">
                            {i18n.t(Msg::FollowingPage)}
                            " →"
                        </a>
                    }
                })}
            " "
            <a href=data.back>{i18n.t(Msg::BackToThread)}</a>
        </nav>
    }
}
