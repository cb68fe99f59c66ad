//! What every page is made of: its data (loaded by route id, shown once loaded, or the error
//! page), the loading line, the error and not-found pages (with their head when the page gave
//! none, `head::PageHead`), the filter form's buttons.

use crate::error::AppError;
use crate::i18n::{Msg, use_i18n};
use leptos::prelude::*;
use leptos_meta::Title;

/// The end of a GET filter form: the submit button (what readers without JavaScript press) and
/// a link that clears the filters.
#[component]
pub fn FilterButtons(reset: String) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <button type="submit" class="button">
            {i18n.t(Msg::FilterApply)}
        </button>
        <a href=reset class="filters__reset">
            {i18n.t(Msg::FilterReset)}
        </a>
    }
}

/// A page's data, loaded by the route's numeric `:id` (a malformed id is "not found") and loaded
/// again whenever `version` changes (after the page's own forms changed it).
pub fn resource_by_id<T, F, Fut>(load: F, version: Signal<u32>) -> Resource<Result<T, AppError>>
where
    T: Clone + Send + Sync + serde::Serialize + serde::de::DeserializeOwned + 'static,
    F: Fn(i64) -> Fut + Copy + Send + Sync + 'static,
    Fut: std::future::Future<Output = Result<T, AppError>> + Send + 'static,
{
    let params = leptos_router::hooks::use_params_map();
    Resource::new_blocking(
        move || {
            let id = params
                .read()
                .get("id")
                .and_then(|id| id.parse::<i64>().ok());
            (id, version.get())
        },
        move |(id, _)| async move {
            match id {
                Some(id) => load(id).await,
                None => Err(AppError::NotFound),
            }
        },
    )
}

/// A page's data, once loaded: `render` it, or show the error page. With a blocking resource on
/// a route rendered with `PAGE_MODE` (whole documents) the server sends the finished HTML, never the fallback.
/// For data that is the whole page (its `PageHead` is inside `render`): an error page gives the
/// document its head.
pub fn page_data<T, V>(
    resource: Resource<Result<T, AppError>>,
    render: impl Fn(T) -> V + Copy + Send + Sync + 'static,
) -> impl IntoView
where
    T: Clone + Send + Sync + serde::Serialize + serde::de::DeserializeOwned + 'static,
    V: IntoView + 'static,
{
    view! { <Suspense fallback=PageLoading>{loaded(resource, render, false)}</Suspense> }
}

/// `page_data` for a part of a page that has given its head already (`PageHead` above it): an
/// error there sets only the title, so the document keeps one description and one canonical.
pub fn part_data<T, V>(
    resource: Resource<Result<T, AppError>>,
    render: impl Fn(T) -> V + Copy + Send + Sync + 'static,
) -> impl IntoView
where
    T: Clone + Send + Sync + serde::Serialize + serde::de::DeserializeOwned + 'static,
    V: IntoView + 'static,
{
    view! { <Suspense fallback=PageLoading>{loaded(resource, render, true)}</Suspense> }
}

/// Like `page_data`, for pages that reload their data in place (after an inline edit or a
/// moderator's action): the page stays as it is, scroll position included, until the new data
/// has arrived, instead of showing the loading fallback in between.
pub fn page_data_in_place<T, V>(
    resource: Resource<Result<T, AppError>>,
    render: impl Fn(T) -> V + Copy + Send + Sync + 'static,
) -> impl IntoView
where
    T: Clone + Send + Sync + serde::Serialize + serde::de::DeserializeOwned + 'static,
    V: IntoView + 'static,
{
    view! { <Transition fallback=PageLoading>{loaded(resource, render, false)}</Transition> }
}

/// `page_data_in_place` for a part of a page that has given its head already (see `part_data`).
pub fn part_data_in_place<T, V>(
    resource: Resource<Result<T, AppError>>,
    render: impl Fn(T) -> V + Copy + Send + Sync + 'static,
) -> impl IntoView
where
    T: Clone + Send + Sync + serde::Serialize + serde::de::DeserializeOwned + 'static,
    V: IntoView + 'static,
{
    view! { <Transition fallback=PageLoading>{loaded(resource, render, true)}</Transition> }
}

fn loaded<T, V>(
    resource: Resource<Result<T, AppError>>,
    render: impl Fn(T) -> V + Copy + Send + Sync + 'static,
    part: bool,
) -> impl Fn() -> Suspend<AnyView> + Send + Sync + 'static
where
    T: Clone + Send + Sync + serde::Serialize + serde::de::DeserializeOwned + 'static,
    V: IntoView + 'static,
{
    move || {
        Suspend::new(async move {
            match resource.await {
                Ok(data) => render(data).into_any(),
                Err(error) => {
                    #[cfg(feature = "ssr")]
                    crate::error::mark_page_error(&error);
                    view! { <ErrorPage error part /> }.into_any()
                }
            }
        })
    }
}

#[component]
pub fn PageLoading() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <p class="loading" role="status">
            {i18n.t(Msg::Loading)}
        </p>
    }
}

#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    crate::error::mark_not_found();
    view! { <ErrorPage error=AppError::NotFound /> }
}

/// A failed page: "not found" or a generic error, in the reader's language.
#[component]
pub fn ErrorPage(
    error: AppError,
    /// A failed part of a page that has given its head: only the title changes, so the document
    /// keeps one description and one canonical address. (Decided by the caller: a reactive
    /// context cannot tell, because the server may render a `Suspend` twice.)
    #[prop(optional)]
    part: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let sign_in = matches!(error, AppError::SignInRequired);
    let (title, text) = match error {
        AppError::NotFound => (Msg::NotFoundTitle, Msg::NotFoundText),
        AppError::SignInRequired => (Msg::SignIn, Msg::SignInRequired),
        AppError::Forbidden => (Msg::ForbiddenTitle, Msg::Forbidden),
        other => (Msg::ErrorTitle, other.message()),
    };
    let head = if part {
        view! { <Title text=i18n.head(title) /> }.into_any()
    } else {
        view! { <super::PageHead title=i18n.head(title) description=i18n.head(text) /> }.into_any()
    };
    view! {
        {head}
        <section class="page error-page">
            <h1>{i18n.t(title)}</h1>
            <p>{i18n.t(text)}</p>
            <p>
                {sign_in.then(|| view! {
                    <a class="button" href="/signin">{i18n.t(Msg::SignIn)}</a>
                    " "
                })}
                <a class="button" href="/">
                    {i18n.t(Msg::BackHome)}
                </a>
            </p>
        </section>
    }
}
