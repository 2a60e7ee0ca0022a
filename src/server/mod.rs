//! Infrastructure at the edge of the server: settings, logs, the database, shutdown and start-up.
//! Domains (`lessons`, and later `sandbox`, `progress`, `auth`) are joined here and nowhere else.

pub mod db;
pub mod dev;
pub mod health;
pub mod learner;
pub mod sandbox_api;
pub mod settings;
pub mod shutdown;
pub mod startup;
pub mod state;
pub mod telemetry;
