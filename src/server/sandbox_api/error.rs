//! What the sandbox API answers when something goes wrong: a status and a plain sentence, as
//! JSON (`{"error": "not_found", "message": "…"}`). Internal causes are logged, never shown.

use std::time::Duration;

use axum::Json;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use crate::sandbox::registry::CreateError;

#[derive(Debug)]
pub enum ApiError {
    NotFound,
    /// A page of another site tried to act with the learner's cookie.
    CrossSite,
    BadRequest(String),
    /// A limit: `error` names which (`too_many_sandboxes`, `too_many_connections`, …).
    TooMany {
        error: &'static str,
        message: String,
        retry_after: Duration,
    },
    Unavailable(String),
    Internal(String),
}

#[derive(Serialize)]
struct Body<'a> {
    error: &'a str,
    message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    retry_after_secs: Option<u64>,
}

impl From<CreateError> for ApiError {
    fn from(e: CreateError) -> Self {
        // Limits pass with time; a missing or failing redis-server needs someone to act.
        match e.retry_after() {
            Some(retry_after) => ApiError::TooMany { error: "too_many_sandboxes", message: e.to_string(), retry_after },
            None => ApiError::Unavailable(e.to_string()),
        }
    }
}

impl ApiError {
    /// The sentence a learner reads in the page (internal causes are logged, not shown).
    pub fn learner_message(self) -> String {
        match self {
            ApiError::NotFound => "This sandbox has ended. Start a new one.".to_string(),
            ApiError::CrossSite => "Requests from other sites may not act for you.".to_string(),
            ApiError::BadRequest(m) | ApiError::Unavailable(m) => m,
            ApiError::TooMany { message, .. } => message,
            ApiError::Internal(cause) => {
                tracing::error!("sandbox API: {cause}");
                "Something went wrong on our side; try again in a moment.".to_string()
            }
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, error, message, retry_after) = match self {
            ApiError::NotFound => (StatusCode::NOT_FOUND, "not_found", "no such sandbox".to_string(), None),
            ApiError::CrossSite => (
                StatusCode::FORBIDDEN,
                "cross_site",
                "requests from other sites may not act with a learner's cookie; use the sandbox's token".to_string(),
                None,
            ),
            ApiError::BadRequest(m) => (StatusCode::BAD_REQUEST, "bad_request", m, None),
            ApiError::TooMany { error, message, retry_after } => {
                // Whole seconds, rounded up: "retry after 0 s" would invite an immediate retry.
                let secs = retry_after.as_secs() + u64::from(retry_after.subsec_nanos() > 0);
                (StatusCode::TOO_MANY_REQUESTS, error, message, Some(secs.max(1)))
            }
            ApiError::Unavailable(m) => (StatusCode::SERVICE_UNAVAILABLE, "unavailable", m, None),
            ApiError::Internal(cause) => {
                tracing::error!("sandbox API: {cause}");
                (StatusCode::INTERNAL_SERVER_ERROR, "internal", "something went wrong on our side".to_string(), None)
            }
        };
        let body = Json(Body { error, message, retry_after_secs: retry_after });
        match retry_after {
            Some(secs) => (status, [(header::RETRY_AFTER, secs.to_string())], body).into_response(),
            None => (status, body).into_response(),
        }
    }
}
