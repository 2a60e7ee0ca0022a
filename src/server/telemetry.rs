//! Structured logs through `tracing`. `RUST_LOG` overrides the default filter.

use tracing_subscriber::EnvFilter;

pub fn init() {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,tower_http=info"));
    // `try_init`: tests may start several apps in one process; the first subscriber wins.
    let _ = tracing_subscriber::fmt().with_env_filter(filter).with_target(true).try_init();
}
