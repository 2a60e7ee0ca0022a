//! Who is asking, extracted once for every sandbox route: the owner id in the learner's session
//! and the sandbox token from `Authorization: Bearer …`, or from `?token=…` on the two routes
//! where a client cannot send a header (the WebSocket upgrade and the event stream, which
//! browsers and websocat open by URL). The registry decides what that [`Access`] may touch.
//!
//! A request a browser sends from a page of another site does not get the cookie's identity:
//! only a token opens a sandbox then. That is what stops cross-site WebSocket hijacking, since
//! WebSocket upgrades are not subject to CORS.

use axum::extract::{FromRequestParts, Query};
use axum::http::request::Parts;
use axum::http::{HeaderMap, header};
use serde::Deserialize;

use crate::problem::Problem;
use crate::sandbox::refusal::SandboxRefusal;
use crate::sandbox::registry::Access;
use crate::server::requester::Requester;
use crate::server::state::AppState;

/// For routes that take the token from a header only.
pub struct RequestAccess(pub Presented);

/// For the WebSocket upgrade and the event stream: the token may also come as `?token=`.
pub struct UpgradeAccess(pub Presented);

/// What a request presented, before the registry judges it.
pub struct Presented {
    pub access: Access,
    /// The session would have opened sandboxes, but the request came from another site.
    pub cookie_refused: bool,
    /// The session's id, when the request carried one: its sign-out ends what it opened.
    pub session_id: Option<String>,
}

impl Presented {
    /// The answer for a sandbox this access does not open: 403 when only the cross-site rule
    /// stood in the way, 404 (as if it did not exist) otherwise.
    pub fn refusal(&self) -> Problem {
        Problem::refused(if self.cookie_refused { SandboxRefusal::CrossSite } else { SandboxRefusal::Ended })
    }
}

impl FromRequestParts<AppState> for RequestAccess {
    type Rejection = Problem;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        Ok(RequestAccess(presented(parts, state, false).await?))
    }
}

impl FromRequestParts<AppState> for UpgradeAccess {
    type Rejection = Problem;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        Ok(UpgradeAccess(presented(parts, state, true).await?))
    }
}

async fn presented(parts: &mut Parts, state: &AppState, query_token_allowed: bool) -> Result<Presented, Problem> {
    let requester = Requester::from_request_parts(parts, state).await?;
    let query_token = query_token_allowed
        .then(|| Query::<TokenQuery>::try_from_uri(&parts.uri).ok().and_then(|Query(q)| q.token))
        .flatten();
    let token = bearer_token(&parts.headers).or(query_token);
    let owner = requester.owner().cloned();
    let cross_site = state.site.is_cross_site(&parts.headers);
    let cookie_refused = cross_site && owner.is_some();
    let owner = if cross_site { None } else { owner };
    let session_id = requester.session_id();
    Ok(Presented { access: Access { owner, token }, cookie_refused, session_id })
}

#[derive(Deserialize)]
struct TokenQuery {
    token: Option<String>,
}

fn bearer_token(headers: &HeaderMap) -> Option<String> {
    headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(|t| t.trim().to_string())
}
