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
    use crate::accounts::limits::{Writing, check};
    check(&db, viewer.id, text.as_str(), Writing::NewPost)
        .await
        .map_err(fail)?;
    let id = db::add(
        &db,
        post.question_id,
        kind,
        post_id,
        lang,
        viewer.id,
        text.as_str(),
    )
    .await?;
    redirect_plain_post(&format!("/questions/{}#comment-{id}", post.question_id));
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
        let mut tx = db.begin_write().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO comments (question_id, entity_type, entity_id, lang, author_id, body_md,
                                   body_html, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id",
        )
        .bind(question_id)
        .bind(kind.as_str())
        .bind(post_id)
        .bind(lang.code())
        .bind(author_id)
        .bind(body_md)
        .bind(&html)
        .bind(now)
        .fetch_one(&mut *tx)
        .await?;
        crate::questions::db::touch(&mut tx, question_id).await?;
        crate::queue::db::asker_replied(&mut tx, question_id, author_id, now).await?;
        tx.commit().await?;
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
    view! {
        <section class="comments" aria-label=move || i18n.t(Msg::Comments)()>
            {list}
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
