//! The composition root's one join: the site's pages (the Leptos app, `app` and `ui`) served by
//! the server's router, with their static files. It sits above both, so the server never
//! depends on the pages that depend on it; `main` and the tests hand it to `Application`.

use axum::Router;
use leptos_axum::{LeptosRoutes, generate_route_list};

use crate::app::{App, shell};
use crate::server::startup::provide_request_context;
use crate::server::state::AppState;

/// Every page route, and the files (`/pkg/…`, the favicon) with the not-found page behind them.
pub fn routes(state: &AppState) -> Router<AppState> {
    let options = state.leptos_options.clone();
    let context = {
        let state = state.clone();
        move || provide_request_context(&state)
    };
    Router::new()
        .leptos_routes_with_context(state, generate_route_list(App), context.clone(), move || shell(options.clone()))
        .fallback(leptos_axum::file_and_error_handler_with_context::<AppState, _>(context, shell))
}
