//! The sandbox engine: per learner, a private `redis-server` and two chat servers (A and B) that
//! share nothing but that Redis, bridged in one of three modes (none, Pub/Sub, Streams), with an
//! event log the UI and the exercise checks read.
//!
//! It knows nothing of Leptos, HTTP routing or accounts: an owner is an opaque [`id::OwnerId`],
//! and the server layer (`server::sandbox_api`) maps sessions and requests onto it.

pub mod bridge;
pub mod chat_server;
pub mod connection;
pub mod events;
pub mod id;
pub mod protocol;
pub mod redis_process;
pub mod registry;
pub mod rooms;
#[allow(clippy::module_inception)] // `sandbox::sandbox::Sandbox`: one sandbox, in the module of sandboxes
pub mod sandbox;
pub mod slots;
