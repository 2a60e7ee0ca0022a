//! Infrastructure at the edge of the server: settings, logs, the database, shutdown and start-up.
//! Domains (`lessons`, and later `sandbox`, `progress`, `auth`) are joined here and nowhere else.

pub mod accounts;
pub mod address_limits;
pub mod admin;
pub mod capacity;
pub mod client_addr;
pub mod comments;
pub mod dev;
pub mod fn_edge;
pub mod guards;
pub mod health;
pub mod kept_drafts;
pub mod learner;
pub mod learner_news;
pub mod lessons;
pub mod live;
pub mod metrics;
pub mod news_relay;
pub mod node;
pub mod notifications;
pub mod open_connections;
pub mod problem_response;
pub mod progress;
pub mod reports;
pub mod requester;
pub mod sandbox_api;
pub mod sandbox_watch;
pub mod security_headers;
pub mod session_store;
pub mod settings;
pub mod shutdown;
pub mod site;
pub mod startup;
pub mod state;
pub mod telemetry;
pub mod your_data;
