//! A [`Problem`] as an HTTP answer from a plain axum handler (the sandbox's JSON API, the live
//! stream, the extractors): its status, `Retry-After` for a limit, and a JSON body that names the
//! refusal for programs (`error`) and says it for people (`message`). A fault says only its id.

use axum::Json;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use crate::problem::{Problem, Refusal};

#[derive(Serialize)]
struct Body {
    error: &'static str,
    message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    retry_after_secs: Option<u64>,
}

/// The `error` field: the sandbox API's documented codes, the status's name for the rest.
fn code(problem: &Problem) -> &'static str {
    match problem {
        Problem::Refused(Refusal::Sandbox(refusal)) => refusal.code(),
        Problem::Refused(refusal) => match refusal.status() {
            403 => "forbidden",
            404 => "not_found",
            409 => "conflict",
            429 => "too_many_requests",
            _ => "bad_request",
        },
        Problem::Fault { .. } => "internal",
        Problem::Unreachable => "unavailable",
    }
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let retry_after_secs = self.refusal().and_then(|r| r.retry_after_secs());
        let body = Json(Body { error: code(&self), message: self.to_string(), retry_after_secs });
        match retry_after_secs {
            Some(secs) => (status, [(header::RETRY_AFTER, secs.to_string())], body).into_response(),
            None => (status, body).into_response(),
        }
    }
}
