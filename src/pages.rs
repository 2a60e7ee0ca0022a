//! The composition root's one join: the site's pages (the Leptos app, `app` and `ui`) served by
//! the server's router, with their static files. It sits above both, so the server never
//! depends on the pages that depend on it; `main` and the tests hand it to `Application`.

use std::sync::OnceLock;

use axum::Router;
use axum::handler::Handler;
use axum::http::HeaderValue;
use axum::http::header::VARY;
use leptos_axum::{AxumRouteListing, LeptosRoutes, generate_route_list};
use tower_http::set_header::SetResponseHeaderLayer;

use crate::app::{App, shell};
use crate::i18n::Lang;
use crate::server::startup::provide_request_context;
use crate::server::state::AppState;
use crate::server::static_files;

/// Every page route, the bundle's files (`/pkg/…`, see `server::static_files`), and the other
/// files (the favicon) with the not-found page behind them.
///
/// The build compresses the files once (`--precompress`: `.br` and `.gz` beside each), and the
/// file handlers send the one the browser accepts; such an answer says it varies with
/// `Accept-Encoding`, as the ones compressed on the fly do, so no cache hands brotli to a
/// browser that did not ask for it.
pub fn routes(state: &AppState) -> Router<AppState> {
    let options = state.leptos_options.clone();
    let context = {
        let state = state.clone();
        move || provide_request_context(&state)
    };
    let pkg_dir = std::path::Path::new(&*options.site_root).join(&*options.site_pkg_dir);
    Router::new()
        .leptos_routes_with_context(state, route_list(), context.clone(), move || shell(options.clone()))
        .nest_service(&format!("/{}", state.leptos_options.site_pkg_dir), static_files::pkg_service(&pkg_dir))
        .fallback(
            leptos_axum::file_and_error_handler_with_context::<AppState, _>(context, shell)
                .layer(SetResponseHeaderLayer::if_not_present(VARY, HeaderValue::from_static("accept-encoding"))),
        )
}

/// The app's page routes, listed once per process. Leptos lists them by rendering the app with
/// resource loading switched off for the whole process, not just the listing thread: a resource
/// first polled in that moment by a page being served waits forever. One process runs many
/// apps in the tests (and could in an embedding), so the listing is made once, before any app
/// serves, and shared.
///
/// Each page is listed once per language: Korean pages are the same routes under `/ko` (the app
/// reads the language from the path and routes below it).
pub fn route_list() -> Vec<AxumRouteListing> {
    static ROUTES: OnceLock<Vec<AxumRouteListing>> = OnceLock::new();
    ROUTES.get_or_init(|| in_every_language(generate_route_list(App))).clone()
}

fn in_every_language(english: Vec<AxumRouteListing>) -> Vec<AxumRouteListing> {
    let mut all = english.clone();
    for lang in Lang::ALL.into_iter().filter(|lang| *lang != Lang::En) {
        for route in &english {
            let mut paths = vec![lang.path(route.path())];
            // `/ko` as well as `/ko/`: both are the Korean home.
            if route.path() == "/" {
                paths.push(lang.base().to_string());
            }
            for path in paths {
                all.push(AxumRouteListing::new(path, route.mode().clone(), route.methods(), Vec::new()));
            }
        }
    }
    all
}
