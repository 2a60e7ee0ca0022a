//! The sandbox panel of a lesson page, one component per file: the panel itself, its live
//! state and event stream, the checklist, the topology picture, the Redis controls, the server
//! panes and their chat clients, the Redis console, the timeline; and the server functions it calls.

pub mod chat_client;
pub mod checklist;
pub mod console;
pub mod latency;
pub mod lifecycle;
pub mod live;
pub mod live_stream;
pub mod own_server;
pub mod panel;
pub mod redis_controls;
pub mod running;
pub mod server_fns;
pub mod server_pane;
pub mod socket_url;
pub mod timeline;
pub mod topology;
