//! The pages of accounts: sign-in, sign-up, the account page (password, data export, deletion)
//! and the admin's role screen. Every form is an `ActionForm` that also works as a plain form post.

use super::api::{
    ChangePassword, DeleteAccount, GrantPartner, RevokePartner, SetModerator, SignIn, SignUp,
    list_accounts, load_account,
};
use super::{AdminUserRow, use_viewer};
use crate::forms::{Field, FormError, FormState};
use crate::i18n::{Msg, format_date, use_i18n};
use crate::taxonomy::Term;
use crate::ui::PageHead;
use crate::ui::{LabBadge, SignInFirst, go_to, part_data};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

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
        <PageHead title=i18n.head(Msg::SignIn) description=i18n.head(Msg::SignInDescription) />
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
        <PageHead title=i18n.head(Msg::SignUp) description=i18n.head(Msg::SignUpIntro) />
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
        <PageHead title=i18n.head(Msg::AccountTitle) description=i18n.head(Msg::AccountDescription) />
        <section class="page page--narrow">
            <h1>{i18n.t(Msg::AccountTitle)}</h1>
            {if signed_in {
                let overview = Resource::new_blocking(|| (), |_| load_account());
                part_data(overview, |o| view! { <AccountView overview=o /> }).into_any()
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
        <PageHead title=i18n.head(Msg::AdminTitle) description=i18n.head(Msg::AdminDescription) />
        <section class="page">
            <h1>{i18n.t(Msg::AdminTitle)}</h1>
            <FormError form=grant_form />
            <FormError form=revoke_form />
            <FormError form=moderator_form />
            {if signed_in {
                part_data(users, move |data| {
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
