//! The Redis console of a sandbox: a command line in the page against the sandbox's own Redis,
//! over a WebSocket of its own. It reads typed lines like `redis-cli` and lets through only the
//! commands the lessons teach ([`command`]), speaks RESP3 through `redis-protocol` and shows each
//! frame decoded and as raw bytes ([`resp`]), and records what it sends and receives in the
//! sandbox's event log ([`session`]), where the exercise's console checks read it.

pub mod command;
pub mod resp;
pub mod session;
