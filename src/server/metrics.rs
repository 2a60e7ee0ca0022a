//! Prometheus metrics at `GET /metrics` on each node (the proxy does not pass it on): through the
//! `metrics` facade and its Prometheus exporter, one recorder per process. What is counted as it
//! happens: requests and their latency by route, sandboxes created and refused by reason, bridge
//! recoveries and how long Redis was away, database statements and their time (from sqlx's own
//! timing of each statement, read off its `tracing` events). What is read when scraped, so that
//! the message path pays nothing: live sandboxes, WebSockets, learner servers running,
//! deliveries.

use std::sync::OnceLock;
use std::time::Instant;

use axum::extract::{MatchedPath, Request, State};
use axum::http::header;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};

use super::state::AppState;
use crate::sandbox::refusal::SandboxRefusal;

/// Latency buckets, in seconds: from a cached page to a sandbox's start.
const SECONDS_BUCKETS: &[f64] = &[0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0];

/// The process's recorder, installed at the first app's start (tests start many in one process).
pub fn install() -> &'static PrometheusHandle {
    static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();
    HANDLE.get_or_init(|| {
        let recorder = PrometheusBuilder::new()
            .set_buckets_for_metric(Matcher::Suffix("_seconds".into()), SECONDS_BUCKETS)
            .expect("non-empty buckets")
            .build_recorder();
        let handle = recorder.handle();
        // Another recorder may be there already (a test harness's): then ours renders nothing
        // but stays a valid page.
        if metrics::set_global_recorder(recorder).is_err() {
            tracing::warn!("a metrics recorder was installed before ours: /metrics stays empty");
        }
        describe();
        handle
    })
}

fn describe() {
    use metrics::{Unit, describe_counter, describe_gauge, describe_histogram};
    describe_gauge!("streamlab_sandboxes_live", "Sandboxes running on this node.");
    describe_gauge!("streamlab_sandboxes_launching", "Sandboxes being started on this node.");
    describe_counter!("streamlab_sandbox_creates_total", "Sandboxes created on this node.");
    describe_counter!("streamlab_sandbox_refusals_total", "Sandbox creations refused, by reason.");
    describe_gauge!("streamlab_websockets_open", "WebSockets open to this node's sandboxes (chat clients, consoles).");
    describe_counter!("streamlab_deliveries_total", "Messages delivered to sandbox clients on this node.");
    describe_gauge!("streamlab_learner_servers_running", "Learners' own servers (jailed) running on this node.");
    describe_gauge!(
        "streamlab_spare_redis_servers",
        "Redis servers running ahead of need on this node, ready for the next sandboxes."
    );
    describe_counter!("streamlab_bridge_recoveries_total", "Times a sandbox bridge got Redis back after losing it.");
    describe_histogram!("streamlab_bridge_down_seconds", Unit::Seconds, "How long a bridge was without Redis.");
    describe_histogram!(
        "streamlab_http_request_duration_seconds",
        Unit::Seconds,
        "Requests by route and status class."
    );
    describe_histogram!("streamlab_db_statement_duration_seconds", Unit::Seconds, "Database statements by kind.");
}

/// `GET /metrics`: the text exposition format, with the registry's figures read now.
pub async fn render(State(state): State<AppState>) -> Response {
    let handle = install();
    let tally = state.sandboxes.tally();
    metrics::gauge!("streamlab_sandboxes_live").set(tally.live as f64);
    metrics::gauge!("streamlab_sandboxes_launching").set(tally.launching as f64);
    metrics::gauge!("streamlab_websockets_open").set(tally.websockets as f64);
    metrics::gauge!("streamlab_learner_servers_running").set(tally.learner_servers as f64);
    metrics::gauge!("streamlab_spare_redis_servers").set(tally.spare_redis_servers as f64);
    metrics::counter!("streamlab_deliveries_total").absolute(tally.deliveries);
    ([(header::CONTENT_TYPE, "text/plain; version=0.0.4")], handle.render()).into_response()
}

/// Times every request, labelled by its route's pattern (never the path itself, whose ids would
/// make a series each), its method and its status class.
pub async fn time_requests(request: Request, next: Next) -> Response {
    let route = request.extensions().get::<MatchedPath>().map(|p| p.as_str().to_string());
    let method = request.method().as_str().to_string();
    let started = Instant::now();
    let response = next.run(request).await;
    let status = format!("{}xx", response.status().as_u16() / 100);
    let route = route.unwrap_or_else(|| "other".to_string());
    metrics::histogram!("streamlab_http_request_duration_seconds", "route" => route, "method" => method, "status" => status)
        .record(started.elapsed().as_secs_f64());
    response
}

/// A sandbox created, or refused and why.
pub fn sandbox_created(result: Result<(), &SandboxRefusal>) {
    match result {
        Ok(()) => metrics::counter!("streamlab_sandbox_creates_total").increment(1),
        Err(refusal) => metrics::counter!("streamlab_sandbox_refusals_total", "reason" => refusal.code()).increment(1),
    }
}

/// A `tracing` layer that turns sqlx's timing of each statement (its `sqlx::query` events) into
/// the statement histogram, labelled by the statement's first word.
pub struct DbStatementTimes;

impl<S: tracing::Subscriber> tracing_subscriber::Layer<S> for DbStatementTimes {
    fn on_event(&self, event: &tracing::Event<'_>, _: tracing_subscriber::layer::Context<'_, S>) {
        if event.metadata().target() != "sqlx::query" {
            return;
        }
        let mut fields = StatementFields::default();
        event.record(&mut fields);
        if let Some(seconds) = fields.elapsed_secs {
            metrics::histogram!("streamlab_db_statement_duration_seconds", "statement" => fields.kind).record(seconds);
        }
    }
}

#[derive(Default)]
struct StatementFields {
    elapsed_secs: Option<f64>,
    kind: &'static str,
}

impl tracing::field::Visit for StatementFields {
    fn record_f64(&mut self, field: &tracing::field::Field, value: f64) {
        if field.name() == "elapsed_secs" {
            self.elapsed_secs = Some(value);
        }
    }

    fn record_str(&mut self, field: &tracing::field::Field, value: &str) {
        if field.name() == "summary" {
            self.kind = statement_kind(value);
        }
    }

    fn record_debug(&mut self, _: &tracing::field::Field, _: &dyn std::fmt::Debug) {}
}

/// The kind of a statement, from its first word: a closed set, so a label of few values.
fn statement_kind(summary: &str) -> &'static str {
    let word = summary.split_whitespace().next().unwrap_or_default().to_ascii_uppercase();
    match word.as_str() {
        "SELECT" | "WITH" => "select",
        "INSERT" => "insert",
        "UPDATE" => "update",
        "DELETE" => "delete",
        "BEGIN" | "COMMIT" | "ROLLBACK" => "transaction",
        _ => "other",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statements_are_labelled_by_a_closed_set_of_kinds() {
        assert_eq!(statement_kind("select id from comments …"), "select");
        assert_eq!(statement_kind("WITH page AS (…"), "select");
        assert_eq!(statement_kind("insert into xp_awards …"), "insert");
        assert_eq!(statement_kind("PRAGMA journal_mode"), "other");
        assert_eq!(statement_kind(""), "other");
    }
}
