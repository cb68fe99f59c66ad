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
    SsrMode,
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
                <HydrationScripts options islands=true />
                // Moving between pages without reloading the document (islands have no router).
                <script type="module" src="/nav.js" nonce=leptos::nonce::use_nonce()></script>
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

    let site_name = i18n.head(Msg::SiteName);
    view! {
        // Every page has a title: the site name until the page sets its own (`ui::PageHead`, which
        // also gives each page its one description and canonical address).
        <Title text="" formatter=move |title: String| page_title(&title, &site_name()) />
        // Rendered on the server only (islands): in the browser `public/nav.js` moves between
        // pages by fetching the next one, and only `#[island]` components hydrate.
        <Router>
            <a class="skip-link" href="#main">
                {i18n.t(Msg::SkipToContent)}
            </a>
            <SiteHeader />
            <main id="main" class="container" tabindex="-1">
                <Routes fallback=NotFound>
                    <Route path=path!("/") view=HomePage ssr=PAGE_MODE />
                    <Route path=path!("/labs/:slug") view=LabPage ssr=PAGE_MODE />
                    <Route path=path!("/labs/:slug/dashboard") view=crate::dashboard::pages::LabDashboardPage ssr=PAGE_MODE />
                    <Route path=path!("/stats") view=crate::dashboard::pages::StatsPage ssr=PAGE_MODE />
                    <Route path=path!("/admin/overview") view=crate::dashboard::pages::AdminOverviewPage ssr=PAGE_MODE />
                    <Route path=path!("/queue") view=crate::queue::pages::QueuePage ssr=PAGE_MODE />
                    <Route path=path!("/questions") view=QuestionsPage ssr=PAGE_MODE />
                    <Route path=path!("/questions/new") view=crate::questions::pages::AskPage ssr=PAGE_MODE />
                    <Route path=path!("/edit/:kind/:id") view=crate::editing::pages::EditPostPage ssr=PAGE_MODE />
                    <Route path=path!("/history/:kind/:id") view=crate::editing::pages::HistoryPage ssr=PAGE_MODE />
                    <Route path=path!("/notifications") view=crate::notifications::pages::NotificationsPage ssr=PAGE_MODE />
                    <Route path=path!("/questions/:id") view=QuestionThreadPage ssr=PAGE_MODE />
                    <Route path=path!("/comments/:kind/:id") view=crate::questions::pages::PostCommentsRoute ssr=PAGE_MODE />
                    <Route path=path!("/collectives") view=CollectivesPage ssr=PAGE_MODE />
                    <Route path=path!("/collectives/new") view=NewCollectivePage ssr=PAGE_MODE />
                    <Route path=path!("/signin") view=SignInPage ssr=PAGE_MODE />
                    <Route path=path!("/signup") view=SignUpPage ssr=PAGE_MODE />
                    <Route path=path!("/account") view=AccountPage ssr=PAGE_MODE />
                    <Route path=path!("/users/:id") view=crate::profiles::pages::ProfilePage ssr=PAGE_MODE />
                    <Route path=path!("/admin") view=AdminPage ssr=PAGE_MODE />
                    <Route path=path!("/admin/audit") view=crate::moderation::pages::AuditLogPage ssr=PAGE_MODE />
                    <Route path=path!("/moderation") view=crate::moderation::pages::FlagQueuePage ssr=PAGE_MODE />
                    <Route path=path!("/moderation/log") view=crate::moderation::pages::ModerationLogPage ssr=PAGE_MODE />
                    <Route path=path!("/search") view=SearchPage ssr=PAGE_MODE />
                    <Route path=path!("/collectives/:slug") view=CollectivePage ssr=PAGE_MODE />
                </Routes>
            </main>
            <SiteFooter />
        </Router>
    }
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

/// Switches between Dutch and English: a form post that sets the cookie and redirects back to
/// the same address without any `?lang=` (`i18n::set_language`); `public/nav.js` shows the page
/// it redirects to in place, without JavaScript the browser loads it.
#[component]
fn LanguageSwitch() -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<SetLanguage>::new();
    let other = match i18n.locale.get_untracked() {
        Locale::Nl => Locale::En,
        Locale::En => Locale::Nl,
    };
    view! {
        <ActionForm action attr:class="lang-switch">
            <input type="hidden" name="lang" value=other.code() />
            <button type="submit" class="lang-switch__button" lang=other.code() data-testid="language-switch">
                <span class="lang-switch__code" aria-hidden="true">
                    {other.code().to_uppercase()}
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
