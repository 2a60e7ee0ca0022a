//! `GET /healthz`: is the process up, which node is it, and can it reach its database? (A
//! proxy's health check takes a node that answers otherwise out of its rotation.)

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::Serialize;

use super::state::AppState;

#[derive(Serialize)]
pub struct Health {
    status: &'static str,
    node: String,
    database: &'static str,
    lessons: usize,
    lesson_problems: usize,
}

pub async fn healthz(State(state): State<AppState>) -> (StatusCode, Json<Health>) {
    let database_ok = sqlx::query("SELECT 1").execute(&state.db).await.is_ok();
    let lessons = state.lessons.current();
    let health = Health {
        status: if database_ok { "ok" } else { "degraded" },
        node: state.sandboxes.config().node.clone(),
        database: if database_ok { "ok" } else { "unreachable" },
        lessons: lessons.published_count(),
        lesson_problems: lessons.problems().len(),
    };
    let code = if database_ok { StatusCode::OK } else { StatusCode::SERVICE_UNAVAILABLE };
    (code, Json(health))
}
