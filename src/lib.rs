//! streamlab: an interactive course on scaling real-time WebSocket servers.
//!
//! One crate, compiled twice by cargo-leptos: the server binary with the `ssr` feature and the
//! browser bundle (wasm) with `hydrate`. Modules shared by both hold only what the browser needs
//! (components, routes, the data shapes server functions return); everything that touches files,
//! sockets, processes or SQL is behind `ssr`, so none of it reaches the wasm bundle.

pub mod app;
pub mod auth;
#[cfg(feature = "ssr")]
pub mod clock;
#[cfg(feature = "ssr")]
pub mod cluster;
pub mod comments;
#[cfg(feature = "ssr")]
pub mod database;
#[cfg(feature = "ssr")]
pub mod exercises;
pub mod i18n;
pub mod lessons;
pub mod problem;
pub mod progress;
pub mod reports;
pub mod routes;
pub mod sandbox;
pub mod ui;

#[cfg(feature = "ssr")]
pub mod pages;
#[cfg(feature = "ssr")]
pub mod server;

/// Browser entry point: attaches the reactive system to the server-rendered page.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    // Lazy: some pages are wasm chunks of their own, fetched before their part of the page
    // hydrates (what `leptos::mount::hydrate_lazy` does); then the page says it is live.
    _ = any_spawner::Executor::init_wasm_bindgen();
    leptos::task::spawn_local(async {
        let body = leptos::prelude::document().body().expect("a page has a body");
        let app = leptos::mount::hydrate_from_async(body, app::App).await;
        app.forget();
        ui::hydration::mark_hydrated();
    });
}
