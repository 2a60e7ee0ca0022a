//! The shell (the HTML document around the app), the router and the page layout. Pages live in
//! `ui/`; this file only decides which page answers which path.

use leptos::prelude::*;
use leptos_meta::{HashedStylesheet, MetaTags, Title, provide_meta_context};
use leptos_router::components::{A, Route, Router, Routes};
use leptos_router::{Lazy, SsrMode, path};

use crate::routes;
use crate::ui::account::account_page::AccountRoute;
use crate::ui::account::reset_password::ResetPasswordRoute;
use crate::ui::account::sign_in::SignInRoute;
use crate::ui::account::sign_up::SignUpRoute;
use crate::ui::home_page::HomePage;
use crate::ui::language_switch::{LanguageAlternates, LanguageSwitch};
use crate::ui::lesson_page::LessonPage;
use crate::ui::not_found::NotFound;
use crate::ui::notifications::Notifications;
use crate::ui::notifications::bell::NotificationBell;
use crate::ui::notifications::page::NotificationsRoute;
use crate::ui::notifications::site_stream::{PageStream, follow_site_stream};
use crate::ui::progress::achievements_page::AchievementsRoute;
use crate::ui::progress::level_bar::LevelBar;
use crate::ui::progress::toast::AchievementToasts;
use crate::ui::reports::instructor_page::ReportsRoute;
use crate::ui::reports::report_page::ReportRoute;
use crate::ui::theme_toggle::{THEME_BOOT_SCRIPT, ThemeToggle};

/// The document the server sends; only `<body>` is hydrated.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    // The page's Content-Security-Policy (set by the server's middleware) names this request's
    // nonce, which every inline script carries.
    let nonce = leptos::nonce::use_nonce();
    let lang = crate::i18n::page_lang();
    view! {
        <!DOCTYPE html>
        <html lang=lang.code()>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="color-scheme" content="light dark"/>
                <link rel="icon" type="image/png" href="/favicon.png"/>
                // `/pkg/streamlab.<hash>.css` in a release build (`hash.txt`), as the bundle's files.
                <HashedStylesheet options=options.clone() id="leptos"/>
                // Applies the saved theme before the first paint, so a dark page never flashes light.
                <script nonce=nonce inner_html=THEME_BOOT_SCRIPT></script>
                <AutoReload options=options.clone()/>
                <HydrationScripts options/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    // The page's language, from its path: every component's words, and the router's base, so
    // route links stay in it.
    let lang = crate::i18n::page_lang();
    crate::i18n::provide_lang(lang);
    let words = lang.words();
    crate::ui::copy_code::enable_copy_buttons();
    crate::ui::progress::Progress::provide();
    Notifications::provide();
    PageStream::provide();
    follow_site_stream();

    view! {
        // The empty text under every page's own: while the page hydrates, before its <Title> has
        // spoken, the tab reads "streamlab", never nothing (leptos_meta sets an empty title when
        // no text is on its stack, and axe-core caught that moment on a busy machine).
        <Title
            text=""
            formatter=|title: String| if title.is_empty() { "streamlab".to_string() } else { format!("{title} · streamlab") }
        />
        <Router base=lang.base()>
            <LanguageAlternates/>
            <LevelBar/>
            <header class="site-header">
                <A href=routes::HOME attr:class="site-name">"streamlab"</A>
                <span class="track-name">{words.shell.track_name}</span>
                <NotificationBell/>
                <LanguageSwitch/>
                <ThemeToggle/>
            </header>
            <main class="site-main">
                <Routes fallback=NotFound>
                    // Async: the whole page (and its status, 404 for an unknown slug) is rendered
                    // before the first byte is sent, so it reads complete without JavaScript.
                    <Route path=path!("/") view=HomePage ssr=SsrMode::Async/>
                    <Route path=path!("/lessons/:slug") view=LessonPage ssr=SsrMode::Async/>
                    // Pages visited now and then: each is a lazily loaded chunk of the bundle.
                    <Route path=path!("/achievements") view={Lazy::<AchievementsRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/signin") view={Lazy::<SignInRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/signup") view={Lazy::<SignUpRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/account") view={Lazy::<AccountRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/reset-password") view={Lazy::<ResetPasswordRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/notifications") view={Lazy::<NotificationsRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/lessons/:slug/report") view={Lazy::<ReportRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/reports") view={Lazy::<ReportsRoute>::new()} ssr=SsrMode::Async/>
                </Routes>
            </main>
            <AchievementToasts/>
        </Router>
    }
}
