//! The event timeline: what happened in the sandbox, newest first, in words a beginner reads.

use leptos::prelude::*;

use super::live::use_live;
use crate::sandbox::wire::{EventKind, ServerName, Via};

fn server(s: &ServerName) -> String {
    format!("Server {}", s.as_str().to_uppercase())
}

fn clients(n: usize) -> String {
    if n == 1 { "1 client".to_string() } else { format!("{n} clients") }
}

/// One event as a sentence.
pub fn describe(kind: &EventKind) -> String {
    match kind {
        EventKind::ClientJoined { server: s, room, user, own_client } => {
            let by = if *own_client { " (your own client)" } else { "" };
            format!("{user}{by} joined room {room} on {}", server(s))
        }
        EventKind::ClientLeft { server: s, user, reason, .. } => format!("{user} left {} ({reason})", server(s)),
        EventKind::MessageSent { id, server: s, room, user, local, .. } => {
            let scope = if *local { " (local only)" } else { "" };
            format!("{user} sent {id} to room {room} on {}{scope}", server(s))
        }
        EventKind::MessageDelivered { id, server: s, room, via: Via::Local, recipients, .. } => {
            format!("{} delivered {id} to {} in {room}", server(s), clients(*recipients))
        }
        EventKind::MessageDelivered { id, server: s, room, recipients, .. } => {
            format!("{} got {id} through Redis and delivered it to {} in {room}", server(s), clients(*recipients))
        }
        EventKind::PublishFailed { id, server: s, error } => {
            format!("{} could not publish {id} ({error}): it stayed on {}", server(s), server(s))
        }
        EventKind::MessageReplayed { id, server: s, waited_ms } => {
            format!("{} appended {id} once Redis was back (it waited {waited_ms} ms)", server(s))
        }
        EventKind::BridgeLost { server: s, error } => format!("{} lost Redis: {error}, retrying", server(s)),
        EventKind::BridgeRestored { server: s, down_ms } => {
            format!("{} reached Redis again after {down_ms} ms", server(s))
        }
        EventKind::Subscribed { server: s, listening_on } => format!("{} listens on {listening_on}", server(s)),
        EventKind::Resubscribed { server: s, listening_on } => {
            format!("{} listens again on {listening_on}, without a restart", server(s))
        }
        EventKind::SessionResumed { user, server: s, from } => {
            format!("{user} came back with a session on {}, last seen on {}", server(s), server(from))
        }
        EventKind::HistoryReplayed { user, server: s, count, .. } => {
            let messages =
                if *count == 1 { "1 private message".to_string() } else { format!("{count} private messages") };
            format!("{} gave {user} the {messages} sent while they were away", server(s))
        }
        EventKind::RedisStopped => "Redis stopped: messages stay on their own server".to_string(),
        EventKind::RedisEnded { reason } => reason.clone(),
        EventKind::RedisStarted { ready_ms } => format!("Redis started and answered in {ready_ms} ms"),
        EventKind::ModeChanged { from, to } => format!("Bridge mode changed from {} to {}", from.as_str(), to.as_str()),
        EventKind::ClientLagged { server: s, user, .. } => {
            format!("{user} read too slowly and was disconnected from {}", server(s))
        }
        EventKind::CheckPassed { position, .. } => format!("Check {position} passed"),
        EventKind::ExerciseCompleted => "Exercise complete".to_string(),
        EventKind::ExerciseReset => "Exercise reset: the checks start over".to_string(),
        EventKind::ConsoleCommand { line } => format!("Console sent {line}"),
        EventKind::ConsoleReply { command, error: Some(error), .. } => {
            format!("Redis refused the console's {command}: {error}")
        }
        EventKind::ConsoleReply { command, integer: Some(n), .. } => {
            format!("Redis answered the console's {command} with {n}")
        }
        EventKind::ConsoleReply { command, .. } => format!("Redis answered the console's {command}"),
        EventKind::ConsoleFrame { frame, channel: Some(channel) } => {
            format!("The console received a {frame} frame on {channel}")
        }
        EventKind::ConsoleFrame { frame, channel: None } => format!("The console received a {frame} frame"),
        EventKind::OwnServerStarted { ready_ms } => {
            format!("Your server A answered in {ready_ms} ms: A's clients talk to your code now")
        }
        EventKind::OwnServerStopped { reason } => format!("Your server A ended ({reason}): server A is ours again"),
        EventKind::OwnServerOutput { text, .. } => format!("Your server A: {text}"),
    }
}

#[component]
pub fn Timeline() -> impl IntoView {
    let live = use_live();
    // The learner's server's log has a region of its own, in the "Your server A" tab.
    let newest_first = move || {
        live.events.with(|events| {
            let shown = events.iter().rev().filter(|e| !matches!(e.kind, EventKind::OwnServerOutput { .. }));
            shown.take(60).cloned().collect::<Vec<_>>()
        })
    };
    view! {
        <section class="timeline" aria-label="Event timeline">
            <h3>"Event timeline"</h3>
            <ol class="timeline-events">
                <For each=newest_first key=|e| e.seq let(event)>
                    <li class=format!("timeline-event kind-{}", kind_class(&event.kind))>{describe(&event.kind)}</li>
                </For>
            </ol>
        </section>
    }
    .into_any()
}

fn kind_class(kind: &EventKind) -> &'static str {
    match kind {
        EventKind::PublishFailed { .. }
        | EventKind::BridgeLost { .. }
        | EventKind::RedisStopped
        | EventKind::RedisEnded { .. }
        | EventKind::OwnServerStopped { .. } => "trouble",
        EventKind::BridgeRestored { .. }
        | EventKind::RedisStarted { .. }
        | EventKind::Resubscribed { .. }
        | EventKind::OwnServerStarted { .. } => "recovery",
        EventKind::CheckPassed { .. } | EventKind::ExerciseCompleted => "success",
        _ => "plain",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outages_read_as_sentences() {
        let lost = EventKind::BridgeLost { server: ServerName::B, error: "connection refused".into() };
        assert_eq!(describe(&lost), "Server B lost Redis: connection refused, retrying");
        assert_eq!(
            describe(&EventKind::BridgeRestored { server: ServerName::B, down_ms: 48 }),
            "Server B reached Redis again after 48 ms"
        );
    }
}
