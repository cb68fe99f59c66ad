//! Comments under a question or an answer (the first few on the thread, with a folded form to
//! add one), and `/comments/:kind/:id`: every comment under a post, a page at a time.

use super::posts::{HiddenMarker, PostTools, rights};
use crate::editing::parts::InlineEdit;
use crate::error::AppError;
use crate::i18n::{Msg, format_date, iso_date, use_i18n};
use crate::questions::api::{PostComment, post_comments};
use crate::questions::{CommentView, PostCommentsPage, PostKind, comments_path};
use crate::revisions::EditKind;
use crate::ui::PageHead;
use crate::ui::{AuthorName, ThreadVersion, part_data};
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

/// The comments under a post and, for members, a folded form to add one (a `<details>`, so it
/// opens without JavaScript too).
#[component]
pub(super) fn Comments(
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
    let i18n = use_i18n();
    let c = comment;
    let created_at = c.created_at;
    let rights = rights(c.author_id);
    let body_html = c.body_html.clone();
    let lang = c.lang.code();
    view! {
        <li class="comment" class:comment--hidden=c.hidden.is_some() id=format!("comment-{}", c.id)>
            <HiddenMarker hidden=c.hidden />
            <InlineEdit kind=EditKind::Post(PostKind::Comment) id=c.id >
                <div class="comment__body prose" lang=lang inner_html=body_html.clone()></div>
            </InlineEdit>
            " — "
            {match c.author_id {
                Some(id) => view! {
                    <a class="comment__author" href=format!("/users/{id}")>
                        <AuthorName name=c.author_name.clone() />
                    </a>
                }
                    .into_any(),
                None => view! { <AuthorName name=c.author_name.clone() /> }.into_any(),
            }}
            " "
            <time class="comment__time" datetime=iso_date(created_at)>
                {move || format_date(created_at, i18n.get())}
            </time>
            " "
            <PostTools
                kind=PostKind::Comment
                id=c.id
                version=c.version
                rights
                hidden=c.hidden
            />
        </li>
    }
}

#[component]
fn CommentForm(kind: PostKind, post_id: i64) -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<PostComment>::new();
    let version = use_context::<ThreadVersion>();
    Effect::new(move |_| {
        if let (Some(Ok(_)), Some(ThreadVersion(version))) = (action.value().get(), version) {
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

/// `/comments/:kind/:id` (`?page=N`): every comment under a post, a page at a time.
#[component]
pub fn PostCommentsRoute() -> impl IntoView {
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
        <PageHead title=i18n.head(Msg::AllComments) description=i18n.head(Msg::CommentsDescription) />
        <section class="page page--narrow">
            {part_data(data, |data| view! { <PostCommentsView data /> })}
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
