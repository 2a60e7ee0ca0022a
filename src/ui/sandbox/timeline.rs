//! The event timeline: what happened in the sandbox, newest first, in words a beginner reads.

use leptos::prelude::*;

use super::live::use_live;
use crate::i18n::panel::PanelWords;
use crate::sandbox::wire::{EventKind, ServerName, Via};

/// One event as a sentence, in `words`' language (the panel's timeline, the instructors' page):
/// the kind decides which sentence, its fields fill it.
pub fn describe(words: &PanelWords, kind: &EventKind) -> String {
    let t = &words.timeline;
    let server = |s: &ServerName| (words.server)(&s.as_str().to_uppercase());
    match kind {
        EventKind::ClientJoined { server: s, room, user, own_client } => {
            (t.joined)(user, *own_client, room, &server(s))
        }
        EventKind::ClientLeft { server: s, user, reason, .. } => (t.left)(user, &server(s), &(t.leave_reason)(reason)),
        EventKind::MessageSent { id, server: s, room, user, local, .. } => (t.sent)(user, id, room, &server(s), *local),
        EventKind::MessageDelivered { id, server: s, room, via: Via::Local, recipients, .. } => {
            (t.delivered)(&server(s), id, &(words.clients)(*recipients), room)
        }
        EventKind::MessageDelivered { id, server: s, room, recipients, .. } => {
            (t.delivered_through_redis)(&server(s), id, &(words.clients)(*recipients), room)
        }
        EventKind::PublishFailed { id, server: s, error } => (t.publish_failed)(&server(s), id, error),
        EventKind::MessageReplayed { id, server: s, waited_ms } => (t.replayed)(&server(s), id, *waited_ms),
        EventKind::BridgeLost { server: s, error } => (t.bridge_lost)(&server(s), error),
        EventKind::BridgeRestored { server: s, down_ms } => (t.bridge_restored)(&server(s), *down_ms),
        EventKind::Subscribed { server: s, listening_on } => (t.subscribed)(&server(s), listening_on),
        EventKind::Resubscribed { server: s, listening_on } => (t.resubscribed)(&server(s), listening_on),
        EventKind::SessionResumed { user, server: s, from } => (t.session_resumed)(user, &server(s), &server(from)),
        EventKind::HistoryReplayed { user, server: s, count, .. } => (t.history_replayed)(&server(s), user, *count),
        EventKind::RedisStopped => t.redis_stopped.to_string(),
        EventKind::RedisEnded { reason, ceiling_mb, exit } => (words.redis_ended)(*ceiling_mb, exit.as_deref(), reason),
        EventKind::RedisStarted { ready_ms } => (t.redis_started)(*ready_ms),
        EventKind::ModeChanged { from, to } => (t.mode_changed)(from.as_str(), to.as_str()),
        EventKind::ClientLagged { server: s, user, .. } => (t.lagged)(user, &server(s)),
        EventKind::CheckPassed { position, .. } => (t.check_passed)(*position),
        EventKind::ExerciseCompleted => t.exercise_completed.to_string(),
        EventKind::ExerciseReset => t.exercise_reset.to_string(),
        EventKind::ConsoleCommand { line } => (t.console_command)(line),
        EventKind::ConsoleReply { command, error: Some(error), .. } => (t.console_refused)(command, error),
        EventKind::ConsoleReply { command, integer: Some(n), .. } => (t.console_integer)(command, *n),
        EventKind::ConsoleReply { command, .. } => (t.console_answered)(command),
        EventKind::ConsoleFrame { frame, channel: Some(channel) } => (t.console_frame_on)(frame, channel),
        EventKind::ConsoleFrame { frame, channel: None } => (t.console_frame)(frame),
        EventKind::OwnServerStarted { ready_ms } => (t.own_started)(*ready_ms),
        EventKind::OwnServerStopped { reason } => (t.own_stopped)(&(t.own_server_end)(reason)),
        EventKind::OwnServerOutput { text, .. } => (t.own_output)(text),
    }
}

#[component]
pub fn Timeline() -> impl IntoView {
    let words = &crate::i18n::use_words().panel;
    let live = use_live();
    // The learner's server's log has a region of its own, in the "Your server A" tab.
    let newest_first = move || {
        live.events.with(|events| {
            let shown = events.iter().rev().filter(|e| !matches!(e.kind, EventKind::OwnServerOutput { .. }));
            shown.take(60).cloned().collect::<Vec<_>>()
        })
    };
    view! {
        <section class="timeline" aria-label=words.event_timeline>
            <h3>{words.event_timeline}</h3>
            <ol class="timeline-events">
                <For each=newest_first key=|e| e.seq let(event)>
                    <li class=format!("timeline-event kind-{}", kind_class(&event.kind))>{describe(words, &event.kind)}</li>
                </For>
            </ol>
        </section>
    }
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
    use crate::i18n::panel::{EN, KO};

    #[test]
    fn outages_read_as_sentences() {
        let lost = EventKind::BridgeLost { server: ServerName::B, error: "connection refused".into() };
        assert_eq!(describe(&EN, &lost), "Server B lost Redis: connection refused, retrying");
        assert_eq!(
            describe(&EN, &EventKind::BridgeRestored { server: ServerName::B, down_ms: 48 }),
            "Server B reached Redis again after 48 ms"
        );
        assert_eq!(
            describe(&KO, &lost),
            "서버 B와 Redis의 연결이 끊겼어요: connection refused. 다시 시도하는 중이에요"
        );
    }
}
