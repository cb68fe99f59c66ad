//! The answers of a thread: one answer (badges, votes, accepting it), the pager of a long
//! thread's answers, and the form to write one.

use super::comments::Comments;
use super::posts::{AuthorCardView, HiddenMarker, PostTools, rights};
use super::votes::VoteButtons;
use crate::editing::parts::InlineEdit;
use crate::i18n::{Msg, format_date, iso_date, use_i18n};
use crate::questions::api::{AcceptAnswer, PostAnswer};
use crate::questions::{AnswerView, PostKind, answer_link, thread_page_path};
use crate::revisions::EditKind;
use crate::ui::ThreadVersion;
use leptos::prelude::*;

/// The answer being accepted, shown as accepted before the server confirms.
#[derive(Clone, Copy)]
pub(super) struct Accepting(pub(super) RwSignal<Option<i64>>);

/// One answer: its badges, votes, text (editable in place), the asker's "accept" button, its
/// author and its comments.
#[component]
pub(super) fn Answer(answer: AnswerView, can_accept: bool, mine: i64, open: bool) -> impl IntoView {
    let i18n = use_i18n();
    let answer_rights = rights(answer.author.user_id);
    let body_html = answer.body_html.clone();
    let hidden = answer.hidden;
    // Accepting shows at once (optimistic); a refusal puts the thread back as it was, a
    // confirmation reloads it (the accepted answer moves to the top).
    let accepting = use_context::<Accepting>().map(|a| a.0);
    let answer_id = answer.id;
    let was_accepted = answer.is_accepted;
    let accepted = move || {
        accepting
            .and_then(|a| a.get())
            .map_or(was_accepted, |id| id == answer_id)
    };
    let accept = (can_accept && !answer.is_accepted).then(|| {
        let action = ServerAction::<AcceptAnswer>::new();
        let version = use_context::<ThreadVersion>();
        Effect::new(move |_| {
            if action.input().get().is_some()
                && let Some(accepting) = accepting
            {
                accepting.set(Some(answer_id));
            }
        });
        Effect::new(move |_| match action.value().get() {
            Some(Ok(())) => {
                if let Some(ThreadVersion(version)) = version {
                    version.update(|v| *v += 1);
                }
            }
            Some(Err(_)) => {
                if let Some(accepting) = accepting {
                    accepting.set(None);
                }
            }
            None => {}
        });
        let form = crate::forms::FormState::new("accept", action.value());
        view! {
            <ActionForm action attr:class="answer__accept" attr:data-form="accept" attr:hidden=accepted>
                <input type="hidden" name="answer_id" value=answer.id />
                <crate::forms::FormError form />
                <button type="submit" class="button button--small button--secondary" data-testid="accept-answer">
                    "✓ "
                    {i18n.t(Msg::AcceptThisAnswer)}
                </button>
            </ActionForm>
        }
    });
    let created_at = answer.created_at;
    let class = move || match (accepted(), hidden.is_some()) {
        (_, true) => "answer answer--hidden",
        (true, false) => "answer answer--accepted",
        (false, false) => "answer",
    };
    view! {
        <article class=class id=format!("answer-{}", answer.id)>
            <HiddenMarker hidden />
            <div class="answer__badges">
                {move || {
                    accepted()
                        .then(|| {
                            view! {
                                <span class="badge badge--accepted">
                                    "✓ "
                                    {i18n.t(Msg::AcceptedAnswer)}
                                </span>
                            }
                        })
                }}
                {answer
                    .expert_lab
                    .map(|lab| {
                        let lab_name = lab.clone();
                        view! {
                            <span class=format!("badge badge--expert lab-badge--{}", lab.slug)>
                                {i18n.t(Msg::ExpertAnswer)}
                                " · "
                                {move || lab_name.name(i18n.get()).to_string()}
                            </span>
                        }
                    })}
            </div>
            <div class="post">
                <VoteButtons
                    kind=PostKind::Answer
                    post_id=answer.id
                    score=answer.score
                    mine
                    enabled=answer_rights.vote
                />
                <div class="post__main">
                    <InlineEdit kind=EditKind::Post(PostKind::Answer) id=answer.id >
                        <div class="prose" lang=answer.lang.code() inner_html=body_html.clone()></div>
                    </InlineEdit>
                    <footer class="answer__footer">
                        {accept}
                        <PostTools
                            kind=PostKind::Answer
                            id=answer.id
                            version=answer.version
                            rights=answer_rights
                            hidden
                        />
                        <AuthorCardView author=answer.author />
                        <time datetime=iso_date(created_at)>
                            {move || format_date(created_at, i18n.get())}
                        </time>
                    </footer>
                    <Comments
                        kind=PostKind::Answer
                        post_id=answer.id
                        comments=answer.comments
                        more=answer.more_comments
                        open
                    />
                </div>
            </div>
        </article>
    }
}

/// The pages of a long thread's answers (plain links: they work without JavaScript). Nothing on
/// a thread of one page.
#[component]
pub(super) fn AnswerPager(question_id: i64, page: i64, pages: i64) -> impl IntoView {
    let i18n = use_i18n();
    (pages > 1).then(|| {
        // The first, the last and the pages around this one; gaps as "…".
        let shown: Vec<i64> = (1..=pages)
            .filter(|p| *p == 1 || *p == pages || (*p - page).abs() <= 2)
            .collect();
        let mut items = Vec::new();
        let mut last = 0;
        for p in shown {
            if p > last + 1 {
                items.push(view! { <span class="pager__gap">"…"</span> }.into_any());
            }
            last = p;
            let href = thread_page_path(question_id, p);
            items.push(if p == page {
                view! { <span class="pager__current" aria-current="page">{p}</span> }.into_any()
            } else {
                view! {
                    <a class="pager__page" href=href data-testid=format!("answers-page-{p}")>
                        <span class="visually-hidden">{i18n.t(Msg::PageNumber)} " "</span>
                        {p}
                    </a>
                }
                .into_any()
            });
        }
        let previous = (page > 1).then(|| thread_page_path(question_id, page - 1));
        let next = (page < pages).then(|| thread_page_path(question_id, page + 1));
        view! {
            <nav class="pager pager--answers" aria-label=move || i18n.t(Msg::AnswerPages)()>
                {previous
                    .map(|href| {
                        view! {
                            <a class="button button--secondary" href=href rel="prev" data-testid="answers-previous">
                                "← "
                                {i18n.t(Msg::PreviousPage)}
                            </a>
                        }
                    })}
                " "
                {items}
                " "
                {next
                    .map(|href| {
                        view! {
                            <a class="button button--secondary" href=href rel="next" data-testid="answers-next">
                                {i18n.t(Msg::FollowingPage)}
                                " →"
                            </a>
                        }
                    })}
            </nav>
        }
    })
}

/// "Your answer" under a thread: for members a markdown form (a plain form post without
/// JavaScript), for visitors a way to sign in first.
#[component]
pub(super) fn AnswerForm(question_id: i64, single_page: bool) -> impl IntoView {
    let i18n = use_i18n();
    if crate::accounts::use_viewer().is_none() {
        let next = format!("/signin?next=/questions/{question_id}");
        return view! {
            <p class="answer-form__signin">
                <a class="button button--secondary" href=next>
                    {i18n.t(Msg::SignInToAnswer)}
                </a>
            </p>
        }
        .into_any();
    }
    let action = ServerAction::<PostAnswer>::new();
    let form = crate::forms::FormState::new("answer", action.value());
    let version = use_context::<ThreadVersion>();
    Effect::new(move |_| {
        if let Some(Ok(id)) = action.value().get() {
            if !single_page {
                // A long thread: the new answer may be on another page than this one.
                crate::ui::go_to(&answer_link(question_id, id));
                return;
            }
            if let Some(ThreadVersion(version)) = version {
                version.update(|v| *v += 1);
            }
            #[cfg(feature = "hydrate")]
            let _ = window().location().set_hash(&format!("answer-{id}"));
            #[cfg(not(feature = "hydrate"))]
            let _ = id;
        }
    });
    view! {
        <section class="answer-form" aria-labelledby="answer-form-heading">
            <h2 id="answer-form-heading">{i18n.t(Msg::YourAnswer)}</h2>
            <ActionForm
                action
                attr:class="form"
                attr:data-form="answer"
                attr:data-flash=form.flash_json()
            >
                <input type="hidden" name="question_id" value=question_id />
                <input type="hidden" name="lang" value=move || i18n.get().code() />
                <crate::forms::FormError form />
                <crate::forms::Field
                    form
                    name="body"
                    label=Msg::YourAnswer
                    hint=Msg::AnswerHint
                    multiline=true
                    required=true
                    maxlength=20000
                />
                <button type="submit" class="button" data-testid="post-answer">
                    {i18n.t(Msg::PostAnswer)}
                </button>
            </ActionForm>
        </section>
    }
    .into_any()
}
