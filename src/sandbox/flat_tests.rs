//! Every variant the server writes is read back the same, and each kind is covered: a new
//! variant without a line here does not build (the `index` functions match without a wildcard).

use super::*;
use crate::sandbox::wire::Args;

fn text(s: &str) -> String {
    s.to_string()
}

/// One of each kind, with its optional fields set (and, where it has them, a second without).
fn every_event_kind() -> Vec<EventKind> {
    use EventKind::*;
    let (a, b) = (ServerName::A, ServerName::B);
    vec![
        ClientJoined { server: a, room: text("lobby"), user: text("ana"), own_client: true },
        ClientJoined { server: b, room: text("lobby"), user: text("bo"), own_client: false },
        ClientLeft { server: a, room: text("lobby"), user: text("ana"), reason: text("closed") },
        MessageSent {
            id: text("m1"),
            server: a,
            room: text("lobby"),
            user: text("ana"),
            local: false,
            bridge: BridgeMode::Streams,
        },
        MessageDelivered {
            id: text("m1"),
            server: b,
            room: text("lobby"),
            via: Via::Redis,
            recipients: 2,
            to: vec![text("bo"), text("cy")],
            crossed_us: Some(312),
        },
        EventKind::delivered("m2", a, "lobby", Via::Local, &[], 0),
        PublishFailed { id: text("m3"), server: a, error: text("connection refused") },
        MessageReplayed { id: text("m4"), server: b, waited_ms: 1200 },
        BridgeLost { server: b, error: text("broken pipe") },
        BridgeRestored { server: b, down_ms: 3400 },
        Subscribed { server: a, listening_on: text("room:*") },
        Resubscribed { server: a, listening_on: text("room:*") },
        SessionResumed { user: text("ana"), server: b, from: a },
        HistoryReplayed { user: text("ana"), server: b, resumed_from: a, count: 3 },
        RedisStopped,
        RedisEnded { reason: text("it hit its memory ceiling"), ceiling_mb: Some(16), exit: None },
        RedisEnded { reason: text("it ended"), ceiling_mb: None, exit: Some(text("signal 9")) },
        RedisStarted { ready_ms: 41 },
        ModeChanged { from: BridgeMode::Pubsub, to: BridgeMode::None },
        ClientLagged { server: a, room: text("lobby"), user: text("slow") },
        OwnServerStarted { ready_ms: 250 },
        OwnServerStopped { reason: text("stopped") },
        OwnServerOutput {
            text: text("Your server is answering (12 ms)."),
            platform: true,
            key: Some(text("answering")),
            args: Args::of(&[("ms", "12")]),
        },
        OwnServerOutput { text: text("listening on 8000"), platform: false, key: None, args: Args::default() },
        CheckPassed { check: text("cross"), position: 2 },
        ExerciseCompleted,
        ExerciseReset,
        ConsoleCommand { line: text("PUBLISH room:lobby hi") },
        ConsoleReply { command: text("PUBLISH"), integer: Some(2), error: None },
        ConsoleReply { command: text("SET"), integer: None, error: Some(text("WRONGTYPE")) },
        ConsoleFrame { frame: text("pmessage"), channel: Some(text("room:lobby")) },
        ConsoleFrame { frame: text("subscribe"), channel: None },
    ]
}

fn event_index(kind: &EventKind) -> usize {
    use EventKind::*;
    match kind {
        ClientJoined { .. } => 0,
        ClientLeft { .. } => 1,
        MessageSent { .. } => 2,
        MessageDelivered { .. } => 3,
        PublishFailed { .. } => 4,
        MessageReplayed { .. } => 5,
        BridgeLost { .. } => 6,
        BridgeRestored { .. } => 7,
        Subscribed { .. } => 8,
        Resubscribed { .. } => 9,
        SessionResumed { .. } => 10,
        HistoryReplayed { .. } => 11,
        RedisStopped => 12,
        RedisEnded { .. } => 13,
        RedisStarted { .. } => 14,
        ModeChanged { .. } => 15,
        ClientLagged { .. } => 16,
        OwnServerStarted { .. } => 17,
        OwnServerStopped { .. } => 18,
        OwnServerOutput { .. } => 19,
        CheckPassed { .. } => 20,
        ExerciseCompleted => 21,
        ExerciseReset => 22,
        ConsoleCommand { .. } => 23,
        ConsoleReply { .. } => 24,
        ConsoleFrame { .. } => 25,
    }
}

/// Every index in `0..count` is met.
fn covers(indices: impl Iterator<Item = usize>, count: usize) {
    let mut seen = vec![false; count];
    indices.for_each(|i| seen[i] = true);
    let missing: Vec<usize> = seen.iter().enumerate().filter(|(_, seen)| !**seen).map(|(i, _)| i).collect();
    assert!(missing.is_empty(), "variants without a sample: {missing:?}");
}

fn read_back<T: serde::Serialize + serde::de::DeserializeOwned + PartialEq + std::fmt::Debug>(value: &T) {
    let json = serde_json::to_string(value).unwrap();
    let back: T = serde_json::from_str(&json).unwrap_or_else(|e| panic!("{json}: {e}"));
    assert_eq!(&back, value, "{json}");
}

#[test]
fn every_event_kind_reads_back_as_it_was_written() {
    let kinds = every_event_kind();
    covers(kinds.iter().map(event_index), 26);
    for (seq, kind) in kinds.into_iter().enumerate() {
        let event = Event { seq: seq as u64, at_ms: 1_700_000_000_000 + seq as u64, kind };
        read_back(&event);
        read_back(&LiveMessage::Sandbox { sandbox: text("sbx-1"), event });
    }
}

#[test]
fn every_live_message_reads_back() {
    let messages = [
        LiveMessage::SandboxStarted { sandbox: text("sbx-1") },
        LiveMessage::Sandbox {
            sandbox: text("sbx-1"),
            event: Event { seq: 1, at_ms: 2, kind: EventKind::RedisStopped },
        },
        LiveMessage::SandboxEnded { sandbox: text("sbx-1") },
        LiveMessage::ProgressChanged,
        LiveMessage::Notifications { unread: 4 },
    ];
    covers(
        messages.iter().map(|m| match m {
            LiveMessage::SandboxStarted { .. } => 0,
            LiveMessage::Sandbox { .. } => 1,
            LiveMessage::SandboxEnded { .. } => 2,
            LiveMessage::ProgressChanged => 3,
            LiveMessage::Notifications { .. } => 4,
        }),
        5,
    );
    messages.iter().for_each(read_back);
}

#[test]
fn every_console_output_reads_back() {
    let outputs = [
        ConsoleOutput::Sent { line: text("PING"), raw: vec![text("*1"), text("$4"), text("PING")] },
        ConsoleOutput::Received { text: text("PONG"), raw: vec![text("+PONG")], push: None },
        ConsoleOutput::Received { text: text("1) message"), raw: vec![], push: Some(text("message")) },
        ConsoleOutput::refused("FLUSHALL", text("not here"), "not_allowed", Args::of(&[("command", "FLUSHALL")])),
        ConsoleOutput::Refused { line: text("X"), reason: text("unknown"), key: None, args: Args::default() },
        ConsoleOutput::notice("connected", "Connected to your Redis."),
    ];
    covers(
        outputs.iter().map(|o| match o {
            ConsoleOutput::Sent { .. } => 0,
            ConsoleOutput::Received { .. } => 1,
            ConsoleOutput::Refused { .. } => 2,
            ConsoleOutput::Notice { .. } => 3,
        }),
        4,
    );
    outputs.iter().for_each(read_back);
}

#[test]
fn every_server_frame_reads_back() {
    let message = ChatMessage {
        kind: MessageTag::Message,
        id: text("m1"),
        room: text("lobby"),
        user: text("ana"),
        text: text("hi"),
        origin: text("a"),
        via: Via::Local,
        sent_at_ms: 5,
        seq: Some(3),
        replayed: true,
    };
    let frames = [
        ServerFrame::Message(message.clone()),
        ServerFrame::Message(ChatMessage { seq: None, replayed: false, ..message }),
        ServerFrame::System(SystemFrame::new("bridge_restored", "Redis is back.").with(&[("seconds", "2.5")])),
        ServerFrame::System(SystemFrame { session: Some(text("s-1")), ..SystemFrame::new("session", "Your session.") }),
        ServerFrame::Error(ErrorFrame::new("invalid_json", "expected value").with(&[("line", "1")])),
    ];
    covers(
        frames.iter().map(|f| match f {
            ServerFrame::Message(_) => 0,
            ServerFrame::System(_) => 1,
            ServerFrame::Error(_) => 2,
        }),
        3,
    );
    frames.iter().for_each(read_back);
}

#[test]
fn a_learners_own_server_may_send_a_notice_without_an_event() {
    let frame: ServerFrame = serde_json::from_str(r#"{"type":"system","text":"welcome"}"#).unwrap();
    assert!(
        matches!(frame, ServerFrame::System(SystemFrame { ref event, ref text, .. }) if event.is_empty() && text == "welcome")
    );
}

#[test]
fn what_cannot_be_read_says_which_field_or_type() {
    let missing = serde_json::from_str::<Event>(r#"{"seq":1,"at_ms":2,"type":"bridge_lost","server":"a"}"#);
    assert!(missing.unwrap_err().to_string().contains("missing field `error` for type `bridge_lost`"));
    let unknown = serde_json::from_str::<LiveMessage>(r#"{"type":"weather"}"#);
    assert!(unknown.unwrap_err().to_string().contains("unknown type `weather`"));
    let wrong =
        serde_json::from_str::<Event>(r#"{"seq":1,"at_ms":2,"type":"mode_changed","from":"pubsub","to":["x"]}"#);
    assert!(wrong.unwrap_err().to_string().contains("expected a bridge mode"));
    assert!(serde_json::from_str::<ServerFrame>(r#"{"type":"message","text":"hi"}"#).is_err());
}

#[test]
fn a_ticket_reads_back_with_its_sandbox_beside_it() {
    use crate::sandbox::wire::{
        CounterSnapshot, EndedSandbox, ExerciseStatus, SandboxInfo, SandboxTicket, ServerInfo, ServersInfo, Websockets,
    };
    let server = |clients| ServerInfo { clients, bridge: text("subscribed") };
    let ticket = SandboxTicket {
        info: SandboxInfo {
            id: text("sbx-1"),
            redis: text("/tmp/r.sock"),
            redis_pid: Some(42),
            bridge: BridgeMode::Pubsub,
            servers: ServersInfo { a: server(1), b: server(0) },
            counters: CounterSnapshot { sent: 3, delivered: 2, lost: 1, replayed: 0 },
            created_at_ms: 9,
            exercise: Some(ExerciseStatus { lesson: text("push-not-poll"), passed: vec![text("x")], completed: false }),
            own_server_running: true,
        },
        token: text("t"),
        websockets: Websockets { a: text("ws://a"), b: text("ws://b"), console: text("ws://c") },
        events_url: text("/events"),
        expires_at_ms: 10,
        idle_timeout_secs: 11,
        ended: Some(EndedSandbox { lesson: None, message: text("ended to make room") }),
    };
    read_back(&ticket);
    let json = serde_json::to_value(&ticket).unwrap();
    assert_eq!(json["id"], "sbx-1", "the sandbox's fields sit beside the ticket's: {json}");
    let bare = SandboxTicket {
        info: SandboxInfo { redis_pid: None, exercise: None, own_server_running: false, ..ticket.info.clone() },
        ended: None,
        ..ticket
    };
    read_back(&bare);
}
