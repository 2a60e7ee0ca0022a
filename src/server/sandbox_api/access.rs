//! Who is asking, extracted once for every sandbox route: the owner id in the learner's session
//! and the sandbox token from `Authorization: Bearer …` or `?token=…` (so curl and websocat work).
//! The registry decides what that [`Access`] may touch.

use axum::extract::{FromRequestParts, Query};
use axum::http::request::Parts;
use axum::http::{HeaderMap, header};
use serde::Deserialize;
use tower_sessions::Session;

use super::ApiError;
use crate::sandbox::registry::Access;
use crate::server::learner::current_owner;

/// The extractor: `RequestAccess(access): RequestAccess` in a handler's arguments.
pub struct RequestAccess(pub Access);

impl<S: Send + Sync> FromRequestParts<S> for RequestAccess {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let session = Session::from_request_parts(parts, state)
            .await
            .map_err(|(_, reason)| ApiError::Internal(reason.to_string()))?;
        let query_token = Query::<TokenQuery>::try_from_uri(&parts.uri).ok().and_then(|Query(q)| q.token);
        let token = bearer_token(&parts.headers).or(query_token);
        Ok(RequestAccess(Access { owner: current_owner(&session).await, token }))
    }
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
