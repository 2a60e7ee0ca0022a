//! Leptos components, one per file: the pages and the pieces they share.

/// A page as a lazy route: its code is a wasm chunk of its own, loaded when the page is visited
/// (`cargo leptos build --split`), so it does not weigh on every other page. `lazy_page!(Route,
/// Page)` declares `Route`, to give the router as `Lazy::<Route>::new()`.
macro_rules! lazy_page {
    ($route:ident, $page:ident) => {
        pub struct $route;

        #[leptos_router::lazy_route]
        impl leptos_router::LazyRoute for $route {
            fn data() -> Self {
                $route
            }

            fn view(this: Self) -> leptos::prelude::AnyView {
                use leptos::prelude::*;
                let $route = this;
                view! { <$page/> }.into_any()
            }
        }
    };
}
pub(crate) use lazy_page;

pub mod account;
pub mod answer;
pub mod comments;
pub mod copy_code;
pub mod home_page;
pub mod hydration;
pub mod language_switch;
pub mod lesson_live_reload;
pub mod lesson_page;
pub mod lesson_server_fns;
pub mod loaded;
pub mod not_found;
pub mod notifications;
pub mod progress;
pub mod reports;
pub mod sandbox;
pub mod theme_toggle;
