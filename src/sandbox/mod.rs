//! The sandbox engine: per learner, a private `redis-server` and two chat servers (A and B) that
//! share nothing but that Redis, bridged in one of three modes (none, Pub/Sub, Streams), with an
//! event log the UI and the exercise checks read.
//!
//! It knows nothing of Leptos, HTTP routing or accounts: an owner is an opaque [`id::OwnerId`],
//! and the server layer (`server::sandbox_api`) maps sessions and requests onto it.

//!
//! Only [`wire`] and [`frames`] (and `flat`, how they are read) are compiled into the browser
//! bundle: the types the panel reads. The engine itself is server-only.

mod flat;
pub mod frames;
pub mod refusal;
pub mod wire;

#[cfg(feature = "ssr")]
pub mod backoff;
#[cfg(feature = "ssr")]
pub mod bridge;
#[cfg(feature = "ssr")]
pub mod chat_server;
#[cfg(feature = "ssr")]
pub mod connection;
#[cfg(feature = "ssr")]
pub mod console;
#[cfg(feature = "ssr")]
pub mod events;
#[cfg(feature = "ssr")]
pub mod id;
#[cfg(feature = "ssr")]
pub mod learner_relay;
#[cfg(feature = "ssr")]
pub mod learner_server;
#[cfg(feature = "ssr")]
pub mod leftovers;
#[cfg(feature = "ssr")]
pub mod private;
#[cfg(feature = "ssr")]
pub mod protocol;
#[cfg(feature = "ssr")]
pub mod redis_process;
#[cfg(feature = "ssr")]
pub mod redis_rules;
#[cfg(feature = "ssr")]
pub mod redis_spares;
#[cfg(feature = "ssr")]
pub mod registry;
#[cfg(feature = "ssr")]
pub mod rooms;
#[cfg(feature = "ssr")]
#[allow(clippy::module_inception)] // `sandbox::sandbox::Sandbox`: one sandbox, in the module of sandboxes
pub mod sandbox;
#[cfg(feature = "ssr")]
pub mod slots;
#[cfg(feature = "ssr")]
pub mod spawner;
