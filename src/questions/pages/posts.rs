//! What every post of a thread shows (question, answer, comment): the reader's rights, the tools
//! under it, the moderator's marker, and the author card.

use crate::editing::parts::EditControl;
use crate::i18n::{Msg, use_i18n};
use crate::moderation::parts::{FlagControl, PostModeration};
use crate::questions::{AuthorCard, Hidden, PostKind};
use crate::revisions::EditKind;
use crate::ui::AuthorName;
use leptos::prelude::*;

/// What the reader may do with a post (the server checks again).
#[derive(Clone, Copy)]
pub(super) struct PostRights {
    pub(super) vote: bool,
    edit: bool,
    flag: bool,
    pub(super) moderate: bool,
}

pub(super) fn rights(author: Option<i64>) -> PostRights {
    use crate::accounts::policy;
    let viewer = crate::accounts::use_viewer();
    let viewer = viewer.as_ref();
    PostRights {
        vote: policy::vote(viewer, author).is_ok(),
        edit: policy::edit_post(viewer, author).is_ok(),
        flag: policy::flag(viewer, author).is_ok(),
        moderate: policy::moderate(viewer).is_ok(),
    }
}

/// Under a post: "Edit" (inline), "Edited" (the history), "Flag", and the moderator's box.
#[component]
pub(super) fn PostTools(
    kind: PostKind,
    id: i64,
    version: i64,
    rights: PostRights,
    hidden: Option<Hidden>,
) -> impl IntoView {
    let i18n = use_i18n();
    let edit_kind = EditKind::Post(kind);
    view! {
        <span class="post-tools">
            {(rights.edit && hidden.is_none())
                .then(|| view! { <EditControl kind=edit_kind id /> })}
            {(version > 1)
                .then(|| {
                    view! {
                        " "
                        <a href=edit_kind.history_path(id) data-testid="history">
                            {i18n.t(Msg::Edited)}
                        </a>
                    }
                })}
            {(rights.flag && hidden.is_none())
                .then(|| view! { " " <FlagControl kind post_id=id /> })}
            {rights.moderate.then(|| view! { " " <PostModeration kind post_id=id hidden /> })}
        </span>
    }
}

/// A moderator's marker on a post others no longer see.
#[component]
pub(super) fn HiddenMarker(hidden: Option<Hidden>) -> impl IntoView {
    let i18n = use_i18n();
    hidden.map(|h| {
        view! { <p class="badge badge--hidden" data-testid="hidden-marker">{i18n.t(h.label())}</p> }
    })
}

/// Who wrote a question or an answer: the name (a link to the profile), collective, sector and
/// organisation.
#[component]
pub(super) fn AuthorCardView(author: AuthorCard) -> impl IntoView {
    let i18n = use_i18n();
    let initial = author
        .name
        .as_deref()
        .and_then(|n| n.chars().next())
        .map(|c| c.to_uppercase().to_string())
        .unwrap_or_else(|| "?".into());
    view! {
        <div class="author-card">
            <span class="avatar" aria-hidden="true">{initial}</span>
            <div>
                {match author.user_id {
                    Some(id) => view! {
                        <a class="author-card__name" href=format!("/users/{id}")>
                            <AuthorName name=author.name />
                        </a>
                    }
                        .into_any(),
                    None => view! { <AuthorName name=author.name /> }.into_any(),
                }}
                <div class="author-card__affiliation">
                    {author
                        .collective
                        .map(|c| {
                            view! { <a href=format!("/collectives/{}", c.slug)>{c.name}</a> }
                        })}
                    {author
                        .sector
                        .map(|s| {
                            view! {
                                " · "
                                <span>{move || s.name(i18n.get()).to_string()}</span>
                            }
                        })}
                    {author.organisation.map(|o| view! { <span>{o}</span> })}
                </div>
            </div>
        </div>
    }
}
