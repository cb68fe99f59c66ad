//! Pages and header parts for accounts: sign-in, sign-up, the account page (password, data
//! export, deletion), public profiles and the admin's role screen. Every form is an `ActionForm`
//! that also works as a plain form post.

use super::api::{
    ChangePassword, DeleteAccount, GrantPartner, RevokePartner, SetModerator, SignIn, SignOut,
    SignUp, get_user_profile, list_accounts, load_account,
};
use super::{AdminUserRow, UserProfile, use_viewer};
use crate::app::page_data;
use crate::forms::{Field, FormError, FormState};
use crate::i18n::{Msg, format_date, use_i18n};
use crate::questions::ui::{LabBadge, QuestionCards};
use crate::taxonomy::Term;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// A full page load of `path` (after signing in or out every part of the page changes).
pub fn go_to(path: &str) {
    #[cfg(feature = "hydrate")]
    {
        let _ = window().location().set_href(path);
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = path;
}

/// The `next` query parameter, if it is a local path.
fn next_param() -> Signal<Option<String>> {
    let query = use_query_map();
    Signal::derive(move || {
        query
            .read()
            .get("next")
            .and_then(|n| crate::forms::local_path(&n))
    })
}

/// Signed-out visitors of a members-only page get this instead.
#[component]
pub fn SignInFirst(#[prop(into)] next: String) -> impl IntoView {
    let i18n = use_i18n();
    #[cfg(feature = "ssr")]
    crate::error::set_page_status(http::StatusCode::UNAUTHORIZED);
    view! {
        <div class="card notice" data-testid="sign-in-first">
            <p>{i18n.t(Msg::SignInRequired)}</p>
            <p>
                <a class="button" href=format!("/signin?next={}", crate::questions::ui::url_encode(&next))>
                    {i18n.t(Msg::SignIn)}
                </a>
                " "
                <a class="button button--secondary" href="/signup">{i18n.t(Msg::SignUp)}</a>
            </p>
        </div>
    }
}

/// The header's part: sign-in and sign-up links, or the person's name, account and sign-out.
#[component]
pub fn UserMenu() -> impl IntoView {
    let i18n = use_i18n();
    match use_viewer() {
        None => view! {
            <div class="user-menu">
                <a href="/signin" class="user-menu__link" data-testid="nav-sign-in">{i18n.t(Msg::SignIn)}</a>
                <a href="/signup" class="user-menu__link user-menu__link--primary">{i18n.t(Msg::SignUp)}</a>
            </div>
        }
        .into_any(),
        Some(viewer) => {
            let sign_out = ServerAction::<SignOut>::new();
            Effect::new(move |_| {
                if let Some(Ok(())) = sign_out.value().get() {
                    go_to("/");
                }
            });
            view! {
                <div class="user-menu">
                    {(!viewer.partner_labs.is_empty()).then(|| view! {
                        <a href="/queue" class="user-menu__link" data-testid="nav-queue">{i18n.t(Msg::QueueTitle)}</a>
                    })}
                    {(viewer.is_moderator || viewer.is_admin).then(|| view! {
                        <a href="/moderation" class="user-menu__link" data-testid="nav-moderation">{i18n.t(Msg::NavModeration)}</a>
                    })}
                    {viewer.is_admin.then(|| view! {
                        <a href="/admin" class="user-menu__link">{i18n.t(Msg::AdminTitle)}</a>
                        <a href="/admin/overview" class="user-menu__link" data-testid="nav-overview">{i18n.t(Msg::OverviewTitle)}</a>
                    })}
                    <a href="/account" class="user-menu__link" data-testid="nav-account">{viewer.name.clone()}</a>
                    <ActionForm action=sign_out attr:class="user-menu__form">
                        <button type="submit" class="user-menu__link user-menu__button" data-testid="sign-out">
                            {i18n.t(Msg::SignOut)}
                        </button>
                    </ActionForm>
                </div>
            }
            .into_any()
        }
    }
}

/// `/signin`
#[component]
pub fn SignInPage() -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<SignIn>::new();
    let form = FormState::new("signin", action.value());
    let next = next_param();
    Effect::new(move |_| {
        if let Some(Ok(target)) = action.value().get() {
            go_to(&target);
        }
    });
    view! {
        <Title text=i18n.head(Msg::SignIn) />
        <section class="page page--narrow">
            <h1>{i18n.t(Msg::SignIn)}</h1>
            <ActionForm action attr:class="form" attr:data-form="signin" attr:data-flash=form.flash_json()>
                <input type="hidden" name="next" value=move || next.get() />
                <FormError form />
                <Field form name="email" label=Msg::Email kind="email" autocomplete="email" required=true />
                <Field form name="password" label=Msg::Password kind="password" autocomplete="current-password" required=true />
                <button type="submit" class="button" data-testid="sign-in-submit">{i18n.t(Msg::SignIn)}</button>
            </ActionForm>
            <p class="form-aside">
                {i18n.t(Msg::NoAccountYet)} " "
                <a href="/signup">{i18n.t(Msg::SignUp)}</a>
            </p>
        </section>
    }
}

/// `/signup`
#[component]
pub fn SignUpPage() -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<SignUp>::new();
    let form = FormState::new("signup", action.value());
    let next = next_param();
    Effect::new(move |_| {
        if let Some(Ok(target)) = action.value().get() {
            go_to(&target);
        }
    });
    view! {
        <Title text=i18n.head(Msg::SignUp) />
        <section class="page page--narrow">
            <h1>{i18n.t(Msg::SignUp)}</h1>
            <p class="lead">{i18n.t(Msg::SignUpIntro)}</p>
            <ActionForm action attr:class="form" attr:data-form="signup" attr:data-flash=form.flash_json()>
                <input type="hidden" name="next" value=move || next.get() />
                <FormError form />
                <Field form name="name" label=Msg::DisplayName autocomplete="name" required=true maxlength=60 />
                <Field form name="email" label=Msg::Email kind="email" autocomplete="email" required=true />
                <Field form name="password" label=Msg::Password kind="password" autocomplete="new-password" required=true hint=Msg::PasswordHint />
                <button type="submit" class="button" data-testid="sign-up-submit">{i18n.t(Msg::SignUpSubmit)}</button>
            </ActionForm>
            <p class="form-aside">
                {i18n.t(Msg::HaveAccount)} " "
                <a href="/signin">{i18n.t(Msg::SignIn)}</a>
            </p>
        </section>
    }
}

/// `/account`: the signed-in person's own settings and data.
#[component]
pub fn AccountPage() -> impl IntoView {
    let i18n = use_i18n();
    let signed_in = use_viewer().is_some();
    view! {
        <Title text=i18n.head(Msg::AccountTitle) />
        <section class="page page--narrow">
            <h1>{i18n.t(Msg::AccountTitle)}</h1>
            {if signed_in {
                let overview = Resource::new_blocking(|| (), |_| load_account());
                page_data(overview, |o| view! { <AccountView overview=o /> }).into_any()
            } else {
                view! { <SignInFirst next="/account" /> }.into_any()
            }}
        </section>
    }
}

#[component]
fn AccountView(overview: super::api::AccountOverview) -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let change = ServerAction::<ChangePassword>::new();
    let delete = ServerAction::<DeleteAccount>::new();
    let password_form = FormState::new("password", change.value());
    let delete_form = FormState::new("delete", delete.value());
    Effect::new(move |_| {
        if let Some(Ok(())) = delete.value().get() {
            go_to("/?account=deleted");
        }
    });
    let changed = move || {
        matches!(change.value().get(), Some(Ok(())))
            || query.read().get("password").as_deref() == Some("changed")
    };
    let joined = move || format_date(overview.joined_at, i18n.get());
    view! {
        <dl class="facts">
            <dt>{i18n.t(Msg::DisplayName)}</dt>
            <dd><a href=format!("/users/{}", overview.id)>{overview.name.clone()}</a></dd>
            <dt>{i18n.t(Msg::Email)}</dt>
            <dd>{overview.email.clone()}</dd>
            <dt>{i18n.t(Msg::MemberSince)}</dt>
            <dd>{joined}</dd>
        </dl>
        {(!overview.pending_collectives.is_empty()).then(|| view! {
            <p class="notice">{i18n.t(Msg::MembershipPending)} ": " {overview.pending_collectives.join(", ")}</p>
        })}
        <p><a class="button button--secondary" href="/collectives/new">{i18n.t(Msg::NewCollectiveTitle)}</a></p>

        <section class="card" aria-labelledby="password-title">
            <h2 id="password-title">{i18n.t(Msg::ChangePassword)}</h2>
            <Show when=changed>
                <p class="notice" role="status" data-testid="password-changed">{i18n.t(Msg::PasswordChanged)}</p>
            </Show>
            <ActionForm action=change attr:class="form" attr:data-form="password" attr:data-flash=password_form.flash_json()>
                <FormError form=password_form />
                <Field form=password_form name="current" label=Msg::CurrentPassword kind="password" autocomplete="current-password" required=true />
                <Field form=password_form name="new_password" label=Msg::NewPassword kind="password" autocomplete="new-password" required=true hint=Msg::PasswordHint />
                <button type="submit" class="button">{i18n.t(Msg::ChangePassword)}</button>
            </ActionForm>
        </section>

        <section class="card" aria-labelledby="data-title">
            <h2 id="data-title">{i18n.t(Msg::YourData)}</h2>
            <p>{i18n.t(Msg::YourDataText)}</p>
            <p><a class="button button--secondary" href="/account/export" download="collectivepower-my-data.json" rel="external" data-testid="export">{i18n.t(Msg::DownloadData)}</a></p>
        </section>

        <section class="card card--danger" aria-labelledby="delete-title">
            <h2 id="delete-title">{i18n.t(Msg::DeleteAccount)}</h2>
            <p>{i18n.t(Msg::DeleteAccountText)}</p>
            <ActionForm action=delete attr:class="form" attr:data-form="delete" attr:data-flash=delete_form.flash_json()>
                <FormError form=delete_form />
                <Field form=delete_form name="password" label=Msg::Password kind="password" autocomplete="current-password" required=true />
                <div class="field" class:field--invalid=move || delete_form.error("confirm").get().is_some()>
                    <label class="choice">
                        <input type="checkbox" name="confirm" value="yes" required />
                        <span>{i18n.t(Msg::DeleteConfirm)}</span>
                    </label>
                    <p class="field__error" role="alert">{move || delete_form.error("confirm").get().map(|m| m.text(i18n.get()))}</p>
                </div>
                <button type="submit" class="button button--danger">{i18n.t(Msg::DeleteAccount)}</button>
            </ActionForm>
        </section>
    }
}

/// `/users/:id`
#[component]
pub fn ProfilePage() -> impl IntoView {
    let profile = crate::app::resource_by_id(get_user_profile, Signal::stored(0));
    view! { <section class="page">{page_data(profile, |p| view! { <ProfileView profile=p /> })}</section> }
}

#[component]
fn ProfileView(profile: UserProfile) -> impl IntoView {
    let i18n = use_i18n();
    let name = profile.name.clone();
    let joined = move || format_date(profile.joined_at, i18n.get());
    let bio = {
        let (nl, en) = (profile.bio_nl.clone(), profile.bio_en.clone());
        move || i18n.get().pick(&nl, &en).to_string()
    };
    view! {
        <Title text=name.clone() />
        <header class="page__header profile__header">
            <h1>{name}</h1>
            <p class="muted">{i18n.t(Msg::MemberSince)} " " {joined}</p>
            {profile.is_moderator.then(|| view! { <span class="badge">{i18n.t(Msg::RoleModerator)}</span> })}
            <p>{bio}</p>
        </header>
        {crate::accounts::use_viewer()
            .is_some_and(|v| crate::accounts::policy::discipline(Some(&v), profile.id, false).is_ok())
            .then(|| {
                view! {
                    <crate::moderation::ui::UserModeration
                        user_id=profile.id
                        suspended_until=profile.suspended_until
                    />
                }
            })}
        <div class="profile__facts">
            {(!profile.labs.is_empty()).then(|| view! {
                <section data-testid="profile-labs">
                    <h2>{i18n.t(Msg::ProfileLabs)}</h2>
                    <ul class="plain-list">
                        {profile.labs.iter().cloned().map(|r| view! {
                            <li><LabBadge lab=r.lab /> " " {r.organisation}</li>
                        }).collect_view()}
                    </ul>
                </section>
            })}
            <section>
                <h2>{i18n.t(Msg::ProfileCollectives)}</h2>
                {if profile.collectives.is_empty() {
                    view! { <p class="muted">{i18n.t(Msg::ProfileNoCollectives)}</p> }.into_any()
                } else {
                    view! {
                        <ul class="plain-list">
                            {profile.collectives.iter().cloned().map(|c| view! {
                                <li>
                                    <a href=format!("/collectives/{}", c.slug)>{c.name}</a>
                                    {c.is_admin.then(|| view! { " " <span class="badge">{i18n.t(Msg::RoleCollectiveAdmin)}</span> })}
                                </li>
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }}
            </section>
        </div>
        <section>
            <h2>{i18n.t(Msg::ProfileQuestions)}</h2>
            {if profile.questions.is_empty() {
                view! { <p class="muted">{i18n.t(Msg::ProfileNone)}</p> }.into_any()
            } else {
                view! { <QuestionCards questions=profile.questions.clone() /> }.into_any()
            }}
        </section>
        <section>
            <h2>{i18n.t(Msg::ProfileAnswers)}</h2>
            {if profile.answers.is_empty() {
                view! { <p class="muted">{i18n.t(Msg::ProfileNone)}</p> }.into_any()
            } else {
                view! {
                    <ul class="plain-list answer-links">
                        {profile.answers.iter().cloned().map(|a| {
                            let date = move || format_date(a.created_at, i18n.get());
                            view! {
                                <li>
                                    <a href=format!("/questions/{}", a.question_id)>{a.question_title}</a>
                                    " " <span class="muted">{date}</span>
                                    {a.is_accepted.then(|| view! { " " <span class="badge badge--accepted">{i18n.t(Msg::AcceptedAnswer)}</span> })}
                                    {a.expert_lab.map(|lab| view! { " " <LabBadge lab /> })}
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
}

/// `/admin?q=…`: accounts and their roles. Only admins get the data (the server decides).
#[component]
pub fn AdminPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let grant = ServerAction::<GrantPartner>::new();
    let revoke = ServerAction::<RevokePartner>::new();
    let moderator = ServerAction::<SetModerator>::new();
    let users = Resource::new_blocking(
        move || {
            (
                query.read().get("q"),
                grant.version().get(),
                revoke.version().get(),
                moderator.version().get(),
            )
        },
        |(q, ..)| list_accounts(q),
    );
    let signed_in = use_viewer().is_some();
    let grant_form = FormState::new("grant", grant.value());
    let revoke_form = FormState::new("roles", revoke.value());
    let moderator_form = FormState::new("roles", moderator.value());
    view! {
        <Title text=i18n.head(Msg::AdminTitle) />
        <section class="page">
            <h1>{i18n.t(Msg::AdminTitle)}</h1>
            <FormError form=grant_form />
            <FormError form=revoke_form />
            <FormError form=moderator_form />
            {if signed_in {
                page_data(users, move |data| {
                    let labs = data.labs.clone();
                    view! {
                        <form method="GET" action="/admin" class="filters" role="search">
                            <label>
                                <span>{i18n.t(Msg::AdminSearch)}</span>
                                <input type="search" name="q" value=data.query.clone() />
                            </label>
                            <button type="submit" class="button">{i18n.t(Msg::SearchLabel)}</button>
                        </form>
                        <ul class="admin-users">
                            {data.users.into_iter().map(|user| view! {
                                <AdminUserView user labs=labs.clone() grant revoke moderator />
                            }).collect_view()}
                        </ul>
                    }
                }).into_any()
            } else {
                view! { <SignInFirst next="/admin" /> }.into_any()
            }}
        </section>
    }
}

#[component]
fn AdminUserView(
    user: AdminUserRow,
    labs: Vec<Term>,
    grant: ServerAction<GrantPartner>,
    revoke: ServerAction<RevokePartner>,
    moderator: ServerAction<SetModerator>,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = user.id;
    view! {
        <li class="admin-user card" data-testid="admin-user">
            <div class="admin-user__who">
                <a href=format!("/users/{id}")>{user.name.clone()}</a>
                " " <span class="muted">{user.email.clone()}</span>
                {user.is_admin.then(|| view! { " " <span class="badge">{i18n.t(Msg::RoleAdmin)}</span> })}
                {user.is_moderator.then(|| view! { " " <span class="badge">{i18n.t(Msg::RoleModerator)}</span> })}
            </div>
            <ul class="plain-list">
                {user.labs.iter().cloned().map(|r| {
                    let slug = r.lab.slug.clone();
                    view! {
                        <li>
                            <LabBadge lab=r.lab /> " " {r.organisation} " "
                            <ActionForm action=revoke attr:class="inline-form">
                                <input type="hidden" name="user_id" value=id />
                                <input type="hidden" name="lab" value=slug />
                                <button type="submit" class="button button--small button--secondary">{i18n.t(Msg::RevokePartner)}</button>
                            </ActionForm>
                        </li>
                    }
                }).collect_view()}
            </ul>
            <ActionForm action=moderator attr:class="inline-form">
                <input type="hidden" name="user_id" value=id />
                <input type="hidden" name="moderator" value=if user.is_moderator { "false" } else { "true" } />
                <button type="submit" class="button button--small button--secondary">
                    {i18n.t(if user.is_moderator { Msg::RevokeModerator } else { Msg::GrantModerator })}
                </button>
            </ActionForm>
            <ActionForm action=grant attr:class="grant-form" attr:data-form="grant">
                <input type="hidden" name="user_id" value=id />
                <label>
                    <span>{i18n.t(Msg::NavLabs)}</span>
                    <select name="lab">
                        {labs.into_iter().map(|lab| {
                            let slug = lab.slug.clone();
                            view! { <option value=slug>{move || lab.name(i18n.get()).to_string()}</option> }
                        }).collect_view()}
                    </select>
                </label>
                <label>
                    <span>{i18n.t(Msg::Organisation)}</span>
                    <input type="text" name="organisation" required maxlength=120 />
                </label>
                <button type="submit" class="button button--small">{i18n.t(Msg::GrantPartner)}</button>
            </ActionForm>
        </li>
    }
}
