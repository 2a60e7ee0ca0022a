//! The edge of a server function: the app state and who is asking (a [`Requester`], resolved
//! once), and the answer on the wire. A refusal called by fetch goes out with its status (and
//! `Retry-After`), so the browser's network log and the server's access log tell a refusal from
//! a fault; a plain form post without JavaScript keeps its redirect (a status set here would
//! replace it), and a server function called while a page renders leaves the page's status be.

use std::sync::Arc;

use axum::http::{HeaderValue, StatusCode, header};
use leptos::prelude::use_context;
use leptos_axum::ResponseOptions;

use crate::problem::Problem;
use crate::sandbox::registry::Access;
use crate::sandbox::sandbox::Sandbox;
use crate::server::requester::Requester;
use crate::server::state::{AppState, app_state};

/// The app and who is asking.
pub async fn asked() -> Result<(AppState, Requester), Problem> {
    let state = app_state().map_err(|e| Problem::fault("server function without the app's state", e))?;
    // As `Result`, so the extractor's own problem (a fault, logged where it happened) comes through.
    let requester = leptos_axum::extract_with_state::<Result<Requester, Problem>, AppState>(&state)
        .await
        .map_err(|e| Problem::fault("server function without its request", e))??;
    Ok((state, requester))
}

/// The server function's answer: a problem gets its status when the browser's page called the
/// function itself (fetch); see the module's paragraph for when it does not.
pub fn answer<T>(result: Result<T, Problem>) -> Result<T, Problem> {
    if let Err(problem) = &result
        && called_by_fetch()
        && let Some(response) = use_context::<ResponseOptions>()
    {
        response.set_status(StatusCode::from_u16(problem.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR));
        if let Some(secs) = problem.refusal().and_then(|r| r.retry_after_secs()) {
            response.insert_header(header::RETRY_AFTER, HeaderValue::from(secs));
        }
    }
    result
}

/// Whether the request is a server function's own (not a page rendering), called by the page's
/// code rather than posted by a plain form.
fn called_by_fetch() -> bool {
    use_context::<axum::http::request::Parts>()
        .is_some_and(|parts| parts.uri.path().starts_with(crate::routes::SERVER_FNS) && !accepts_html(&parts.headers))
}

/// Whether the request is a plain HTML form posted without JavaScript: the browser wants a page
/// back, so the function answers with a redirect (the page calling it with JavaScript asks for
/// JSON instead).
pub fn plain_form_post() -> bool {
    use_context::<axum::http::request::Parts>().is_some_and(|parts| accepts_html(&parts.headers))
}

fn accepts_html(headers: &axum::http::HeaderMap) -> bool {
    headers.get(header::ACCEPT).and_then(|a| a.to_str().ok()).is_some_and(|a| a.contains("text/html"))
}

/// The sandbox `id`, if it is the asker's own (by session; a token is for the HTTP API).
pub fn own_sandbox(state: &AppState, asker: &Requester, id: &str) -> Result<Arc<Sandbox>, Problem> {
    let access = Access { owner: asker.owner().cloned(), token: None };
    state.sandboxes.find(id, &access).map_err(Problem::refused)
}
