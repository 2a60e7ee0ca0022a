//! Middleware that refuses what no handler should see: requests addressed to a host name that
//! is not this site's (DNS rebinding against a server on 127.0.0.1), and state-changing requests
//! that a page of another site makes with the learner's cookie (cross-site request forgery).
//!
//! WebSocket upgrades are GET requests, so they pass here; the sandbox's access extractor
//! ignores the cookie on cross-site upgrades instead (a token still opens them).

use axum::extract::{Request, State};
use axum::http::{Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::state::AppState;
use crate::routes;

/// 400 for a Host that is not one of the site's names; /healthz answers whatever the Host.
pub async fn refuse_unknown_hosts(State(state): State<AppState>, request: Request, next: Next) -> Response {
    if request.uri().path() == routes::HEALTHZ {
        return next.run(request).await;
    }
    let host = request
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .or_else(|| request.uri().authority().map(|a| a.as_str()));
    match host {
        Some(host) if state.site.allows_host(host) => next.run(request).await,
        _ => (StatusCode::BAD_REQUEST, "This server does not answer for that host name.\n").into_response(),
    }
}

/// 403 for a POST, PUT, PATCH or DELETE that a browser sent from a page of another site, unless
/// it carries a bearer token (which a page of another site cannot add to a request that reaches
/// us: that would need a CORS preflight, which this site never grants). Other `Authorization`
/// schemes do not count: a browser adds HTTP Basic credentials by itself.
pub async fn refuse_cross_site_writes(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let safe = matches!(*request.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    let bearer = request
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("Bearer "));
    if safe || bearer || !state.site.is_cross_site(request.headers()) {
        return next.run(request).await;
    }
    crate::problem::Problem::refused(crate::sandbox::refusal::SandboxRefusal::CrossSite).into_response()
}
