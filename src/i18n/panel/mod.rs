//! The sandbox panel's words: its views, controls, timeline, checks and toasts, in each language.
//!
//! What the sandbox's servers say (a chat server's notices and error frames, why a client left,
//! why Redis or the learner's server ended) travels as data: an English sentence beside the
//! event's kind and values. It stays so on the wire and in the log; the panel says it in the
//! page's language here, at display time, from the kind and values. Anything without them (a
//! learner's own server's words, a newer notice) is shown as it came.

mod en;
mod ko;
mod said_ko;

pub use en::EN;
pub use ko::KO;

use crate::sandbox::frames::{Args, ErrorFrame, SystemFrame};

/// The panel, its views and controls, and the achievement toast.
pub struct PanelWords {
    // The panel itself.
    pub sandbox: &'static str,
    pub status_not_started: &'static str,
    pub status_starting: &'static str,
    pub status_ready: &'static str,
    pub status_ended: &'static str,
    /// On the narrow-screen sheet's bar: "2 of 5 checks".
    pub checks_done: fn(done: usize, total: usize) -> String,
    pub hide_sandbox: &'static str,
    pub show_sandbox: &'static str,
    pub needs_js: &'static str,
    pub start_intro: &'static str,
    pub start_sandbox: &'static str,
    pub starting: &'static str,
    pub loading_views: &'static str,
    pub ended_idle: &'static str,
    pub server_gone_starting: &'static str,
    pub server_gone_replaced: &'static str,
    /// Another sandbox of the learner's was ended to make room (the lesson it was for, if any).
    pub made_room: fn(lesson: Option<&str>) -> String,

    // The views of the narrow-screen sheet, and what the running sandbox shows.
    pub view_overview: &'static str,
    pub view_console: &'static str,
    pub view_events: &'static str,
    /// "Your server A", short.
    pub view_code: &'static str,
    pub views_label: &'static str,
    pub event_timeline: &'static str,
    pub reset_sandbox: &'static str,
    pub own_client: &'static str,
    pub own_client_intro: &'static str,

    // The exercise's checks.
    pub exercise: &'static str,
    /// "2 of 5".
    pub exercise_progress: fn(done: usize, total: usize) -> String,
    /// Read by screen readers after a met check.
    pub check_done: &'static str,
    pub hint: &'static str,
    pub exercise_done: &'static str,

    // Time left, Extend, Reset exercise.
    pub seconds: fn(secs: u64) -> String,
    pub minutes: fn(minutes: u64) -> String,
    pub hours_minutes: fn(hours: u64, minutes: u64) -> String,
    pub time_left: fn(duration: &str) -> String,
    pub idle_warning: fn(duration: &str) -> String,
    pub lifetime_warning: fn(duration: &str) -> String,
    pub extend: &'static str,
    pub reset_exercise: &'static str,

    // Redis controls.
    pub redis_running: &'static str,
    pub redis_stopped: &'static str,
    /// Why Redis ended by itself (the server's sentence, `RedisEnded`'s reason).
    pub redis_ended: fn(ceiling_mb: Option<u64>, exit: Option<&str>, reason: &str) -> String,
    pub stop_redis: &'static str,
    pub start_redis: &'static str,
    pub bridge_mode: &'static str,
    pub counter_sent: &'static str,
    pub counter_delivered: &'static str,
    pub counter_lost: &'static str,
    pub counter_replayed: &'static str,

    // The topology and the servers.
    /// "Server A" (`letter`: "A" or "B").
    pub server: fn(letter: &str) -> String,
    pub clients: fn(count: usize) -> String,
    /// The topology picture's description.
    pub topology: fn(redis_running: bool, mode: &str) -> String,
    pub latency: fn(p50: f64, p99: f64, messages: usize) -> String,
    pub latency_hint: &'static str,
    pub latency_label: &'static str,
    pub histogram_label: &'static str,

    // A server's pane and its chat clients.
    pub your_code: &'static str,
    pub add_client: &'static str,
    pub user_name: &'static str,
    pub user_name_placeholder: &'static str,
    pub room: &'static str,
    pub room_placeholder: &'static str,
    pub connect: &'static str,
    pub disconnect: &'static str,
    pub message: &'static str,
    pub message_from: fn(user: &str) -> String,
    pub messages_received_by: fn(user: &str) -> String,
    pub move_to_server: fn(letter: &str) -> String,
    pub via_local: &'static str,
    pub via_redis: &'static str,
    /// "from A": where a message came from.
    pub from_server: fn(letter: &str) -> String,
    pub kept_for_you: &'static str,
    pub say_something: fn(letter: &str) -> String,
    pub local_only: &'static str,
    pub send: &'static str,
    /// A chat server's notice (its `event` and `args`, and the English text it wrote).
    pub system_notice: fn(notice: &SystemFrame) -> String,
    /// A chat server's answer to a frame it would not take (`error`, `args`, and its detail).
    pub chat_error: fn(error: &ErrorFrame) -> String,
    /// The client's WebSocket was closed, and why (the close frame's reason).
    pub disconnected: fn(reason: &str) -> String,

    // The Redis console.
    pub redis_console: &'static str,
    pub console_intro: &'static str,
    pub console_transcript: &'static str,
    pub console_disconnected: &'static str,
    /// The console's refusal or notice (its `key` and `args`, and the English text).
    pub console_said: fn(key: Option<&str>, args: &Args, text: &str) -> String,
    pub command: &'static str,
    pub run: &'static str,
    pub raw_bytes: &'static str,

    // "Your server A".
    pub your_server_a: &'static str,
    pub reset_code_confirm: &'static str,
    pub own_starting: &'static str,
    pub own_running: &'static str,
    pub own_failed: &'static str,
    pub own_not_running: &'static str,
    pub editor_keys: &'static str,
    pub stop: &'static str,
    pub reset_code: &'static str,
    pub server_a_log: &'static str,
    /// A line the platform writes in server A's log (its `key` and `args`, and the English text).
    pub platform_line: fn(key: Option<&str>, args: &Args, text: &str) -> String,

    /// The event timeline's sentences.
    pub timeline: TimelineWords,

    // The achievement toast.
    pub achievement_unlocked: &'static str,
    pub dismiss: &'static str,
}

/// One sentence per kind of sandbox event. `server` and `from` arrive as the words for the
/// server ("Server A"), `clients` as the words for a count of clients.
pub struct TimelineWords {
    pub joined: fn(user: &str, own_client: bool, room: &str, server: &str) -> String,
    pub left: fn(user: &str, server: &str, reason: &str) -> String,
    /// Why a client left (`ClientLeft`'s reason, as the server wrote it).
    pub leave_reason: fn(reason: &str) -> String,
    pub sent: fn(user: &str, id: &str, room: &str, server: &str, local: bool) -> String,
    pub delivered: fn(server: &str, id: &str, clients: &str, room: &str) -> String,
    pub delivered_through_redis: fn(server: &str, id: &str, clients: &str, room: &str) -> String,
    pub publish_failed: fn(server: &str, id: &str, error: &str) -> String,
    pub replayed: fn(server: &str, id: &str, waited_ms: u64) -> String,
    pub bridge_lost: fn(server: &str, error: &str) -> String,
    pub bridge_restored: fn(server: &str, down_ms: u64) -> String,
    pub subscribed: fn(server: &str, listening_on: &str) -> String,
    pub resubscribed: fn(server: &str, listening_on: &str) -> String,
    pub session_resumed: fn(user: &str, server: &str, from: &str) -> String,
    pub history_replayed: fn(server: &str, user: &str, count: usize) -> String,
    pub redis_stopped: &'static str,
    pub redis_started: fn(ready_ms: u64) -> String,
    pub mode_changed: fn(from: &str, to: &str) -> String,
    pub lagged: fn(user: &str, server: &str) -> String,
    pub check_passed: fn(position: usize) -> String,
    pub exercise_completed: &'static str,
    pub exercise_reset: &'static str,
    pub console_command: fn(line: &str) -> String,
    pub console_refused: fn(command: &str, error: &str) -> String,
    pub console_integer: fn(command: &str, n: i64) -> String,
    pub console_answered: fn(command: &str) -> String,
    pub console_frame_on: fn(frame: &str, channel: &str) -> String,
    pub console_frame: fn(frame: &str) -> String,
    pub own_started: fn(ready_ms: u64) -> String,
    pub own_stopped: fn(reason: &str) -> String,
    /// Why the learner's server ended (`OwnServerStopped`'s reason, as the server wrote it).
    pub own_server_end: fn(reason: &str) -> String,
    pub own_output: fn(text: &str) -> String,
}
