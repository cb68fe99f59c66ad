//! The HTML shell, the router and the page layout (header, navigation, language switch, footer).

use crate::accounts::pages::{AccountPage, AdminPage, SignInPage, SignUpPage};
use crate::accounts::parts::UserMenu;
use crate::collectives::pages::NewCollectivePage;
use crate::collectives::pages::{CollectivePage, CollectivesPage};
use crate::home::pages::HomePage;
use crate::i18n::{I18n, Locale, Msg, SetLanguage, initial_locale, use_i18n};
use crate::labs::pages::LabPage;
use crate::questions::pages::{QuestionThreadPage, QuestionsPage};
use crate::search::pages::SearchPage;
use crate::search::parts::HeaderSearch;
use crate::ui::NotFound;
use leptos::prelude::*;
use leptos_meta::{HashedStylesheet, MetaTags, Title, provide_meta_context};
use leptos_router::{
    Lazy, LazyRoute, SsrMode,
    components::{Route, Router, Routes},
    path,
};

/// The document around the app; rendered on the server only.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    let locale = initial_locale();
    // The per-request CSP nonce (see `server::http`): Leptos puts it on its inline scripts.
    #[cfg(feature = "ssr")]
    if let Some(nonce) = use_context::<http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<leptos::nonce::Nonce>().cloned())
    {
        provide_context(nonce);
    }
    // The browser reads who is signed in from here when it hydrates (see `accounts::provide_viewer`).
    #[cfg(feature = "ssr")]
    let viewer_json = crate::accounts::session::request_viewer()
        .and_then(|viewer| serde_json::to_string(&viewer).ok());
    #[cfg(not(feature = "ssr"))]
    let viewer_json: Option<String> = None;
    view! {
        <!DOCTYPE html>
        <html lang=locale.code()>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <meta name="color-scheme" content="light dark" />
                // The page's own head (title, description, addresses) comes from `ui::PageHead`.
                <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
                <link rel="apple-touch-icon" href="/apple-touch-icon.png" />
                <link rel="manifest" href="/manifest.webmanifest" />
                {theme_color(THEME_LIGHT, "(prefers-color-scheme: light)")}
                {theme_color(THEME_DARK, "(prefers-color-scheme: dark)")}
                <AutoReload options=options.clone() />
                <HashedStylesheet options=options.clone() id="leptos" />
                <HydrationScripts options islands=cfg!(feature = "islands") />
                // The islands build moves between pages with a script of its own (public/nav.js).
                {cfg!(feature = "islands").then(|| view! { <script type="module" src="/nav.js"></script> })}
                <MetaTags />
            </head>
            <body data-viewer=viewer_json>
                <App />
            </body>
        </html>
    }
}

/// The browser's colour around the page (`theme-color`): the brand green, and the dark scheme's
/// page colour (`--paper` in style/main.css); the manifest says the same.
const THEME_LIGHT: &str = "#0e6b4f";
const THEME_DARK: &str = "#111a1f";

/// `<meta name="theme-color" content=colour media=scheme>` (the view macro knows no `media` on
/// `<meta>`).
fn theme_color(colour: &'static str, scheme: &'static str) -> impl IntoView {
    leptos::html::meta()
        .name("theme-color")
        .content(colour)
        .attr("media", scheme)
}

/// How every page is rendered on the server: all of its data first, then the whole document in
/// one piece. leptos_meta writes `<title>` and `<meta>` into the first chunk of the stream only; with
/// in-order streaming a title set once a page's data has arrived was missing whenever the first
/// chunk went out before it (about half of the lab pages, and cached threads kept that first
/// render). Whole documents also let status codes (404, redirects) be known before the first byte.
pub const PAGE_MODE: SsrMode = SsrMode::Async;

/// The document title: the page's own title and the site name, escaped for the server's HTML.
///
/// leptos_meta 0.8.7 writes the title text into `<head>` without escaping it, so a question titled
/// `</title><meta http-equiv=refresh …>` would inject markup into every visitor's page. The
/// formatter is applied to every `<Title>`, so escaping here covers them all; in the browser the
/// same text is assigned to `document.title`, which is plain text and must not be escaped.
pub fn page_title(title: &str, site: &str) -> String {
    let full = if title.trim().is_empty() {
        site.to_string()
    } else {
        format!("{title} · {site}")
    };
    #[cfg(feature = "ssr")]
    let full = crate::ui::href::escape_html(&full);
    full
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    let i18n = I18n {
        locale: RwSignal::new(initial_locale()),
    };
    provide_context(i18n);
    crate::accounts::provide_viewer();
    crate::ui::live::provide_unread_count(
        crate::accounts::use_viewer().map_or(0, |v| v.unread_notifications),
    );

    // In the browser: keep <html lang> in step with the switch.
    Effect::new(move |_| {
        let code = i18n.get().code();
        if let Some(html) = document().document_element() {
            let _ = html.set_attribute("lang", code);
        }
    });

    let site_name = i18n.head(Msg::SiteName);
    view! {
        // Every page has a title: the site name until the page sets its own (`ui::PageHead`, which
        // also gives each page its one description and canonical address).
        <Title text="" formatter=move |title: String| page_title(&title, &site_name()) />
        <Router>
            <crate::ui::nav::NavigationWatch />
            <a class="skip-link" href="#main">
                {i18n.t(Msg::SkipToContent)}
            </a>
            <SiteHeader />
            <main id="main" class="container" tabindex="-1">
                <Routes fallback=RouteNotFound>
                    <Route path=path!("/") view={Lazy::<HomeRoute>::new()} ssr=PAGE_MODE />
                    <Route path=path!("/labs/:slug") view={Lazy::<LabRoute>::new()} ssr=PAGE_MODE />
                    <Route path=path!("/labs/:slug/dashboard") view={Lazy::<LabDashboardRoute>::new()} ssr=PAGE_MODE />
                    <Route path=path!("/stats") view={Lazy::<StatsRoute>::new()} ssr=PAGE_MODE />
                    <Route path=path!("/admin/overview") view={Lazy::<AdminOverviewRoute>::new()} ssr=PAGE_MODE />
                    <Route path=path!("/queue") view={Lazy::<QueueRoute>::new()} ssr=PAGE_MODE />
                    <Route path=path!("/questions") view={Lazy::<QuestionsRoute>::new()} ssr=PAGE_MODE />
                    <Route path=path!("/questions/new") view={Lazy::<AskRoute>::new()} ssr=PAGE_MODE />
                    <Route path=path!("/edit/:kind/:id") view={Lazy::<EditPostRoute>::new()} ssr=PAGE_MODE />
                    <Route path=path!("/history/:kind/:id") view={Lazy::<HistoryRoute>::new()} ssr=PAGE_MODE />
                    <Route path=path!("/notifications") view={Lazy::<NotificationsRoute>::new()} ssr=PAGE_MODE />
                    <Route path=path!("/questions/:id") view={Lazy::<QuestionThreadRoute>::new()} ssr=PAGE_MODE />
                    <Route path=path!("/comments/:kind/:id") view={Lazy::<PostCommentsRoute>::new()} ssr=PAGE_MODE />
                    <Route path=path!("/collectives") view={Lazy::<CollectivesRoute>::new()} ssr=PAGE_MODE />
                    <Route path=path!("/collectives/new") view={Lazy::<NewCollectiveRoute>::new()} ssr=PAGE_MODE />
                    <Route path=path!("/signin") view={Lazy::<SignInRoute>::new()} ssr=PAGE_MODE />
                    <Route path=path!("/signup") view={Lazy::<SignUpRoute>::new()} ssr=PAGE_MODE />
                    <Route path=path!("/account") view={Lazy::<AccountRoute>::new()} ssr=PAGE_MODE />
                    <Route path=path!("/users/:id") view={Lazy::<ProfileRoute>::new()} ssr=PAGE_MODE />
                    <Route path=path!("/admin") view={Lazy::<AdminRoute>::new()} ssr=PAGE_MODE />
                    <Route path=path!("/admin/audit") view={Lazy::<AuditLogRoute>::new()} ssr=PAGE_MODE />
                    <Route path=path!("/moderation") view={Lazy::<FlagQueueRoute>::new()} ssr=PAGE_MODE />
                    <Route path=path!("/moderation/log") view={Lazy::<ModerationLogRoute>::new()} ssr=PAGE_MODE />
                    <Route path=path!("/search") view={Lazy::<SearchRoute>::new()} ssr=PAGE_MODE />
                    <Route path=path!("/collectives/:slug") view={Lazy::<CollectiveRoute>::new()} ssr=PAGE_MODE />
                </Routes>
            </main>
            <SiteFooter />
        </Router>
    }
}

// Code by route. Each page's code is a WASM chunk fetched when the page is shown: preloaded with
// the server-rendered first load, fetched on navigation in the browser (`cargo leptos build
// --split`; code several chunks share lands in shared chunks). Pages are grouped by who reads
// them, one chunk per group: the pages phones load most (home, the question list, a thread,
// search, a lab, the dashboards, the partner queue) each have their own, rarely visited pages
// share one per audience. Fewer, larger chunks compress better and keep the number of requests
// and the build's wasm-opt runs down (bench/README.md has the figures). `data()` stays in the main
// module and does nothing: each page creates its resources itself, so their code moves out too.

/// A route whose page is rendered by the lazily loaded function of its group.
macro_rules! lazy_page {
    ($(#[$doc:meta])* $route:ident => $group:ident($page:expr), $preload:ident) => {
        $(#[$doc])*
        struct $route;

        impl LazyRoute for $route {
            fn data() -> Self {
                $route
            }

            async fn view(_: Self) -> AnyView {
                $group($page).await
            }

            // Fetches the chunk before the page hydrates or is shown, as `#[lazy_route]` does:
            // hydration then walks the page in the order the server rendered it.
            async fn preload() {
                #[cfg(feature = "hydrate")]
                $preload().await;
            }
        }
    };
}

#[lazy]
fn home_pages() -> AnyView {
    mark_hydrated();
    view! { <HomePage /> }.into_any()
}

/// `/`
struct HomeRoute;

impl LazyRoute for HomeRoute {
    fn data() -> Self {
        HomeRoute
    }

    async fn view(_: Self) -> AnyView {
        home_pages().await
    }

    async fn preload() {
        #[cfg(feature = "hydrate")]
        __preload_home_pages().await;
    }
}

#[lazy]
fn question_list_pages() -> AnyView {
    mark_hydrated();
    view! { <QuestionsPage /> }.into_any()
}

/// `/questions`
struct QuestionsRoute;

impl LazyRoute for QuestionsRoute {
    fn data() -> Self {
        QuestionsRoute
    }

    async fn view(_: Self) -> AnyView {
        question_list_pages().await
    }

    async fn preload() {
        #[cfg(feature = "hydrate")]
        __preload_question_list_pages().await;
    }
}

#[lazy]
fn thread_pages() -> AnyView {
    mark_hydrated();
    view! { <QuestionThreadPage /> }.into_any()
}

/// `/questions/:id`
struct QuestionThreadRoute;

impl LazyRoute for QuestionThreadRoute {
    fn data() -> Self {
        QuestionThreadRoute
    }

    async fn view(_: Self) -> AnyView {
        thread_pages().await
    }

    async fn preload() {
        #[cfg(feature = "hydrate")]
        __preload_thread_pages().await;
    }
}

#[lazy]
fn search_pages() -> AnyView {
    mark_hydrated();
    view! { <SearchPage /> }.into_any()
}

/// `/search`
struct SearchRoute;

impl LazyRoute for SearchRoute {
    fn data() -> Self {
        SearchRoute
    }

    async fn view(_: Self) -> AnyView {
        search_pages().await
    }

    async fn preload() {
        #[cfg(feature = "hydrate")]
        __preload_search_pages().await;
    }
}

#[lazy]
fn lab_pages() -> AnyView {
    mark_hydrated();
    view! { <LabPage /> }.into_any()
}

/// `/labs/:slug`
struct LabRoute;

impl LazyRoute for LabRoute {
    fn data() -> Self {
        LabRoute
    }

    async fn view(_: Self) -> AnyView {
        lab_pages().await
    }

    async fn preload() {
        #[cfg(feature = "hydrate")]
        __preload_lab_pages().await;
    }
}

#[derive(Clone, Copy)]
enum DashboardPages {
    LabDashboard,
    Stats,
    AdminOverview,
}

#[lazy]
fn dashboard_pages(page: DashboardPages) -> AnyView {
    mark_hydrated();
    match page {
        DashboardPages::LabDashboard => {
            view! { <crate::dashboard::pages::LabDashboardPage /> }.into_any()
        }
        DashboardPages::Stats => view! { <crate::dashboard::pages::StatsPage /> }.into_any(),
        DashboardPages::AdminOverview => {
            view! { <crate::dashboard::pages::AdminOverviewPage /> }.into_any()
        }
    }
}

lazy_page! {
    /// `/labs/:slug/dashboard`
    LabDashboardRoute => dashboard_pages(DashboardPages::LabDashboard), __preload_dashboard_pages
}

lazy_page! {
    /// `/stats`
    StatsRoute => dashboard_pages(DashboardPages::Stats), __preload_dashboard_pages
}

lazy_page! {
    /// `/admin/overview`
    AdminOverviewRoute => dashboard_pages(DashboardPages::AdminOverview), __preload_dashboard_pages
}

#[lazy]
fn queue_pages() -> AnyView {
    mark_hydrated();
    view! { <crate::queue::pages::QueuePage /> }.into_any()
}

/// `/queue`
struct QueueRoute;

impl LazyRoute for QueueRoute {
    fn data() -> Self {
        QueueRoute
    }

    async fn view(_: Self) -> AnyView {
        queue_pages().await
    }

    async fn preload() {
        #[cfg(feature = "hydrate")]
        __preload_queue_pages().await;
    }
}

#[derive(Clone, Copy)]
enum CollectivePages {
    Collectives,
    Collective,
    NewCollective,
    Profile,
}

#[lazy]
fn collective_pages(page: CollectivePages) -> AnyView {
    mark_hydrated();
    match page {
        CollectivePages::Collectives => view! { <CollectivesPage /> }.into_any(),
        CollectivePages::Collective => view! { <CollectivePage /> }.into_any(),
        CollectivePages::NewCollective => view! { <NewCollectivePage /> }.into_any(),
        CollectivePages::Profile => view! { <crate::profiles::pages::ProfilePage /> }.into_any(),
    }
}

lazy_page! {
    /// `/collectives`
    CollectivesRoute => collective_pages(CollectivePages::Collectives), __preload_collective_pages
}

lazy_page! {
    /// `/collectives/:slug`
    CollectiveRoute => collective_pages(CollectivePages::Collective), __preload_collective_pages
}

lazy_page! {
    /// `/collectives/new`
    NewCollectiveRoute => collective_pages(CollectivePages::NewCollective), __preload_collective_pages
}

lazy_page! {
    /// `/users/:id`
    ProfileRoute => collective_pages(CollectivePages::Profile), __preload_collective_pages
}

#[derive(Clone, Copy)]
enum MemberPages {
    SignIn,
    SignUp,
    Account,
    Notifications,
    Ask,
    EditPost,
    History,
    PostComments,
}

#[lazy]
fn member_pages(page: MemberPages) -> AnyView {
    mark_hydrated();
    match page {
        MemberPages::SignIn => view! { <SignInPage /> }.into_any(),
        MemberPages::SignUp => view! { <SignUpPage /> }.into_any(),
        MemberPages::Account => view! { <AccountPage /> }.into_any(),
        MemberPages::Notifications => {
            view! { <crate::notifications::pages::NotificationsPage /> }.into_any()
        }
        MemberPages::Ask => view! { <crate::questions::pages::AskPage /> }.into_any(),
        MemberPages::EditPost => view! { <crate::editing::pages::EditPostPage /> }.into_any(),
        MemberPages::History => view! { <crate::editing::pages::HistoryPage /> }.into_any(),
        MemberPages::PostComments => {
            view! { <crate::questions::pages::PostCommentsRoute /> }.into_any()
        }
    }
}

lazy_page! {
    /// `/signin`
    SignInRoute => member_pages(MemberPages::SignIn), __preload_member_pages
}

lazy_page! {
    /// `/signup`
    SignUpRoute => member_pages(MemberPages::SignUp), __preload_member_pages
}

lazy_page! {
    /// `/account`
    AccountRoute => member_pages(MemberPages::Account), __preload_member_pages
}

lazy_page! {
    /// `/notifications`
    NotificationsRoute => member_pages(MemberPages::Notifications), __preload_member_pages
}

lazy_page! {
    /// `/questions/new`
    AskRoute => member_pages(MemberPages::Ask), __preload_member_pages
}

lazy_page! {
    /// `/edit/:kind/:id`
    EditPostRoute => member_pages(MemberPages::EditPost), __preload_member_pages
}

lazy_page! {
    /// `/history/:kind/:id`
    HistoryRoute => member_pages(MemberPages::History), __preload_member_pages
}

lazy_page! {
    /// `/comments/:kind/:id`
    PostCommentsRoute => member_pages(MemberPages::PostComments), __preload_member_pages
}

#[derive(Clone, Copy)]
enum StaffPages {
    Admin,
    AuditLog,
    FlagQueue,
    ModerationLog,
}

#[lazy]
fn staff_pages(page: StaffPages) -> AnyView {
    mark_hydrated();
    match page {
        StaffPages::Admin => view! { <AdminPage /> }.into_any(),
        StaffPages::AuditLog => view! { <crate::moderation::pages::AuditLogPage /> }.into_any(),
        StaffPages::FlagQueue => view! { <crate::moderation::pages::FlagQueuePage /> }.into_any(),
        StaffPages::ModerationLog => {
            view! { <crate::moderation::pages::ModerationLogPage /> }.into_any()
        }
    }
}

lazy_page! {
    /// `/admin`
    AdminRoute => staff_pages(StaffPages::Admin), __preload_staff_pages
}

lazy_page! {
    /// `/admin/audit`
    AuditLogRoute => staff_pages(StaffPages::AuditLog), __preload_staff_pages
}

lazy_page! {
    /// `/moderation`
    FlagQueueRoute => staff_pages(StaffPages::FlagQueue), __preload_staff_pages
}

lazy_page! {
    /// `/moderation/log`
    ModerationLogRoute => staff_pages(StaffPages::ModerationLog), __preload_staff_pages
}

/// Marks `<html data-hydrated>` once the page has hydrated (end-to-end tests wait for it before
/// they use WASM-only behaviour). Created inside the page's lazily loaded function, so the effect
/// runs after the page's chunk has arrived and the page has hydrated, not when the shell has.
fn mark_hydrated() {
    Effect::new(move |_| {
        if let Some(html) = document().document_element() {
            let _ = html.set_attribute("data-hydrated", "true");
        }
    });
}

/// The fallback for unknown paths (not a lazy route): marks the page hydrated as the pages do.
#[component]
fn RouteNotFound() -> impl IntoView {
    mark_hydrated();
    view! { <NotFound /> }
}

#[component]
fn SiteHeader() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <header class="site-header">
            <div class="container site-header__inner">
                <a class="brand" href="/">
                    <span class="brand__mark" aria-hidden="true">
                        "●"
                    </span>
                    <span class="brand__name">{i18n.t(Msg::SiteName)}</span>
                </a>
                <nav class="site-nav" aria-label=i18n.t(Msg::NavMain)>
                    <ul>
                        <li>
                            <a href="/questions">{i18n.t(Msg::NavQuestions)}</a>
                        </li>
                        <li>
                            <a href="/labs/collectives">{i18n.t(Msg::NavLabs)}</a>
                        </li>
                        <li>
                            <a href="/collectives">{i18n.t(Msg::NavCollectives)}</a>
                        </li>
                    </ul>
                </nav>
                <HeaderSearch />
                {crate::accounts::use_viewer()
                    .is_some()
                    .then(|| {
                        view! {
                            <a class="button button--small header-ask" href="/questions/new">
                                {i18n.t(Msg::AskQuestion)}
                            </a>
                            <crate::notifications::parts::NotificationBell />
                        }
                    })}
                <UserMenu />
                <LanguageSwitch />
            </div>
        </header>
    }
}

/// Switches between Dutch and English. Without JavaScript it is a plain form post that sets the
/// cookie and redirects back; with JavaScript the page switches in place, without a reload.
#[component]
fn LanguageSwitch() -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<SetLanguage>::new();
    let location = leptos_router::hooks::use_location();
    let navigate = leptos_router::hooks::use_navigate();
    Effect::new(move |_| {
        if let Some(locale) = action
            .input()
            .get()
            .and_then(|input| Locale::from_code(&input.lang))
        {
            i18n.locale.set(locale);
            // A `?lang=` in the address would outrank the choice on the next visit: drop it, as
            // the no-JavaScript redirect does (`i18n::set_language`).
            let query = location.query.get_untracked();
            if query.get(crate::i18n::LANG_PARAM).is_some() {
                let hash = location.hash.get_untracked();
                let hash = if hash.is_empty() || hash.starts_with('#') {
                    hash
                } else {
                    format!("#{hash}")
                };
                let here = format!(
                    "{}?{}{hash}",
                    location.pathname.get_untracked(),
                    location.search.get_untracked()
                );
                navigate(
                    &crate::i18n::without_lang_param(&here),
                    leptos_router::NavigateOptions {
                        replace: true,
                        scroll: false,
                        ..Default::default()
                    },
                );
            }
        }
    });
    let other = move || match i18n.get() {
        Locale::Nl => Locale::En,
        Locale::En => Locale::Nl,
    };
    view! {
        <ActionForm action attr:class="lang-switch">
            <input type="hidden" name="lang" value=move || other().code() />
            <button
                type="submit"
                class="lang-switch__button"
                lang=move || other().code()
                data-testid="language-switch"
            >
                <span class="lang-switch__code" aria-hidden="true">
                    {move || other().code().to_uppercase()}
                </span>
                <span class="lang-switch__name">{i18n.t(Msg::SwitchToOther)}</span>
            </button>
        </ActionForm>
    }
}

#[component]
fn SiteFooter() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <footer class="site-footer">
            <div class="container">
                <p class="site-footer__brand">{i18n.t(Msg::SiteName)}</p>
                <p>{i18n.t(Msg::FooterAbout)}</p>
                <p class="muted">{i18n.t(Msg::FooterPillars)}</p>
                <p>
                    <a href="/stats" data-testid="footer-stats">{i18n.t(Msg::StatsTitle)}</a>
                    " · "
                    <a href="/moderation/log">{i18n.t(Msg::ModerationLog)}</a>
                </p>
            </div>
        </footer>
    }
}
