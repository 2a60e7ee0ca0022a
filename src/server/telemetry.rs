//! Structured logs through `tracing` (`RUST_LOG` overrides the default filter), and sqlx's
//! timing of each statement turned into a metric (its events read at their own level, whatever
//! the logs show).

use tracing_subscriber::Layer;
use tracing_subscriber::filter::{EnvFilter, Targets};
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;

pub fn init() {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,tower_http=info"));
    let logs = tracing_subscriber::fmt::layer().with_target(true).with_filter(filter);
    let statements =
        super::metrics::DbStatementTimes.with_filter(Targets::new().with_target("sqlx::query", tracing::Level::DEBUG));
    // `try_init`: tests may start several apps in one process; the first subscriber wins.
    let _ = tracing_subscriber::registry().with(logs).with(statements).try_init();
}
