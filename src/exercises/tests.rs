//! Table tests: for every check kind, event sequences that meet it and that do not.

use super::evaluate::satisfied;
use crate::lessons::exercise::{Check, CheckKind, Mode, Reason, Server, Via as CheckVia};
use crate::sandbox::wire::{BridgeMode, EventKind, ServerName, Via};

use BridgeMode::{None as Off, Pubsub, Streams};
use ServerName::{A, B};

fn check(id: &str, kind: CheckKind) -> Check {
    Check { id: id.into(), text: String::new(), hint: String::new(), kind }
}

fn join(server: ServerName, room: &str) -> EventKind {
    EventKind::ClientJoined { server, room: room.into(), user: "u".into(), own_client: false }
}

fn leave(server: ServerName, room: &str) -> EventKind {
    EventKind::ClientLeft { server, room: room.into(), user: "u".into(), reason: "closed".into() }
}

fn sent(id: &str, server: ServerName, room: &str, bridge: BridgeMode) -> EventKind {
    EventKind::MessageSent { id: id.into(), server, room: room.into(), user: "u".into(), local: false, bridge }
}

fn sent_locally(id: &str, server: ServerName, room: &str) -> EventKind {
    EventKind::MessageSent { id: id.into(), server, room: room.into(), user: "u".into(), local: true, bridge: Pubsub }
}

/// `recipients` counts members other than the sender, as the engine records it.
fn delivered(id: &str, server: ServerName, room: &str, via: Via, recipients: usize) -> EventKind {
    EventKind::MessageDelivered {
        id: id.into(),
        server,
        room: room.into(),
        via,
        recipients,
        to: Vec::new(),
        crossed_us: None,
    }
}

fn failed(id: &str, server: ServerName) -> EventKind {
    EventKind::PublishFailed { id: id.into(), server, error: "connection refused".into() }
}

fn replayed(id: &str, server: ServerName) -> EventKind {
    EventKind::MessageReplayed { id: id.into(), server, waited_ms: 900 }
}

fn mode(from: BridgeMode, to: BridgeMode) -> EventKind {
    EventKind::ModeChanged { from, to }
}

const STOPPED: EventKind = EventKind::RedisStopped;
const STARTED: EventKind = EventKind::RedisStarted { ready_ms: 3 };

fn passes(kind: CheckKind, mode: BridgeMode, events: &[EventKind]) -> bool {
    satisfied(&[check("x", kind)], mode, events) == ["x"]
}

fn delivered_kind(from: Server, to: Server, via: Option<CheckVia>) -> CheckKind {
    CheckKind::Delivered { from, to, via, room: None }
}

fn not_delivered(from: Server, to: Server, because: Reason) -> CheckKind {
    CheckKind::NotDelivered { from, to, because: Some(because), room: None }
}

#[test]
fn delivered_needs_a_recipient_other_than_the_sender() {
    let same_room = delivered_kind(Server::A, Server::A, Some(CheckVia::Local));
    // One client alone: it sees its own message, but nobody received it.
    assert!(!passes(
        same_room.clone(),
        Off,
        &[join(A, "lobby"), sent("a-1", A, "lobby", Off), delivered("a-1", A, "lobby", Via::Local, 0)]
    ));
    assert!(passes(
        same_room,
        Off,
        &[
            join(A, "lobby"),
            join(A, "lobby"),
            sent("a-1", A, "lobby", Off),
            delivered("a-1", A, "lobby", Via::Local, 1)
        ]
    ));
}

#[test]
fn delivered_across_servers_is_judged_by_origin_server_and_way() {
    let crossing = delivered_kind(Server::A, Server::B, Some(CheckVia::Redis));
    let events = |origin: ServerName, at: ServerName, via: Via| {
        vec![
            join(A, "lobby"),
            join(B, "lobby"),
            sent("m-1", origin, "lobby", Pubsub),
            delivered("m-1", at, "lobby", via, 1),
        ]
    };
    assert!(passes(crossing.clone(), Pubsub, &events(A, B, Via::Redis)));
    assert!(!passes(crossing.clone(), Pubsub, &events(B, A, Via::Redis)), "the other direction");
    assert!(!passes(crossing.clone(), Pubsub, &events(A, A, Via::Local)), "the local copy is not a crossing");
    assert!(
        !passes(crossing, Pubsub, &[delivered("unknown", B, "lobby", Via::Redis, 1)]),
        "a message nobody sent here"
    );
}

#[test]
fn delivered_in_a_named_room_only_counts_that_room() {
    let kind = CheckKind::Delivered { from: Server::A, to: Server::B, via: None, room: Some("kitchen".into()) };
    let events = |room: &str| vec![sent("a-1", A, room, Pubsub), delivered("a-1", B, room, Via::Redis, 1)];
    assert!(passes(kind.clone(), Pubsub, &events("kitchen")));
    assert!(!passes(kind, Pubsub, &events("lobby")));
}

#[test]
fn not_delivered_because_the_bridge_is_off_needs_a_client_who_could_have_received_it() {
    let kind = not_delivered(Server::A, Server::B, Reason::BridgeOff);
    assert!(passes(kind.clone(), Off, &[join(A, "lobby"), join(B, "lobby"), sent("a-1", A, "lobby", Off)]));
    assert!(!passes(kind.clone(), Off, &[join(A, "lobby"), sent("a-1", A, "lobby", Off)]), "nobody on B");
    assert!(
        !passes(kind.clone(), Off, &[join(A, "lobby"), join(B, "kitchen"), sent("a-1", A, "lobby", Off)]),
        "B is in another room"
    );
    assert!(
        !passes(kind.clone(), Pubsub, &[join(A, "lobby"), join(B, "lobby"), sent("a-1", A, "lobby", Pubsub)]),
        "the bridge was on"
    );
    assert!(
        !passes(kind, Off, &[join(A, "lobby"), join(B, "lobby"), leave(B, "lobby"), sent("a-1", A, "lobby", Off)]),
        "B left before"
    );
}

#[test]
fn not_delivered_because_redis_is_down_is_settled_by_the_failed_publish() {
    let kind = not_delivered(Server::A, Server::B, Reason::RedisDown);
    let base = vec![join(A, "lobby"), join(B, "lobby"), STOPPED, sent("a-1", A, "lobby", Pubsub)];
    assert!(!passes(kind.clone(), Pubsub, &base), "not settled by a wait");
    let mut with_failure = base.clone();
    with_failure.push(failed("a-1", A));
    assert!(passes(kind.clone(), Pubsub, &with_failure));
    let nobody_on_b = vec![join(A, "lobby"), STOPPED, sent("a-1", A, "lobby", Pubsub), failed("a-1", A)];
    assert!(!passes(kind, Pubsub, &nobody_on_b));
}

#[test]
fn not_delivered_as_a_local_emit_needs_the_local_flag() {
    let kind = not_delivered(Server::A, Server::B, Reason::LocalEmit);
    assert!(passes(kind.clone(), Pubsub, &[join(A, "lobby"), join(B, "lobby"), sent_locally("a-1", A, "lobby")]));
    assert!(!passes(kind, Pubsub, &[join(A, "lobby"), join(B, "lobby"), sent("a-1", A, "lobby", Pubsub)]));
}

#[test]
fn not_delivered_to_another_room_needs_a_client_in_another_room_even_on_the_same_server() {
    let same_server = not_delivered(Server::A, Server::A, Reason::OtherRoom);
    // Lesson 1: a third client on A in the kitchen does not hear the lobby.
    assert!(passes(
        same_server.clone(),
        Off,
        &[join(A, "lobby"), join(A, "lobby"), join(A, "kitchen"), sent("a-1", A, "lobby", Off)]
    ));
    assert!(!passes(same_server, Off, &[join(A, "lobby"), join(A, "lobby"), sent("a-1", A, "lobby", Off)]));
    // Lesson 5: a client on B in the kitchen, while B's lobby client does get the broadcast.
    let across = not_delivered(Server::A, Server::B, Reason::OtherRoom);
    assert!(passes(
        across.clone(),
        Pubsub,
        &[join(A, "lobby"), join(B, "lobby"), join(B, "kitchen"), sent("a-1", A, "lobby", Pubsub)]
    ));
    assert!(!passes(across, Pubsub, &[join(A, "lobby"), join(B, "lobby"), sent("a-1", A, "lobby", Pubsub)]));
}

#[test]
fn resumed_after_restart_needs_a_restart_then_a_crossing() {
    let kind = CheckKind::ResumedAfterRestart { from: Server::A, to: Server::B, own_server: false };
    let crossing = [sent("a-2", A, "lobby", Pubsub), delivered("a-2", B, "lobby", Via::Redis, 1)];
    assert!(!passes(kind.clone(), Pubsub, &crossing), "no restart");
    let mut restarted = vec![STOPPED, STARTED];
    restarted.extend(crossing.iter().cloned());
    assert!(passes(kind.clone(), Pubsub, &restarted));
    let mut crossing_first = crossing.to_vec();
    crossing_first.extend([STOPPED, STARTED]);
    assert!(!passes(kind, Pubsub, &crossing_first), "the crossing came before the restart");
}

#[test]
fn resumed_after_restart_by_the_learners_server_needs_it_running_through_the_restart() {
    let kind = || CheckKind::ResumedAfterRestart { from: Server::B, to: Server::A, own_server: true };
    let own_started = EventKind::OwnServerStarted { ready_ms: 250 };
    let own_stopped = EventKind::OwnServerStopped { reason: "stopped".into() };
    let crossing = || [sent("b-1", B, "lobby", Pubsub), delivered("b-1", A, "lobby", Via::Redis, 1)];
    let table: [(Vec<EventKind>, bool, &str); 4] = [
        (vec![STOPPED, STARTED].into_iter().chain(crossing()).collect(), false, "our own server A recovered"),
        (
            vec![own_started.clone(), STOPPED, STARTED].into_iter().chain(crossing()).collect(),
            true,
            "the learner's server recovered",
        ),
        (
            vec![STOPPED, STARTED, own_started.clone()].into_iter().chain(crossing()).collect(),
            false,
            "started after the restart: it never lived through one",
        ),
        (
            vec![own_started, STOPPED, STARTED, own_stopped].into_iter().chain(crossing()).collect(),
            false,
            "stopped before the crossing: server A was ours again",
        ),
    ];
    for (events, expected, case) in table {
        assert_eq!(passes(kind(), Pubsub, &events), expected, "{case}");
    }
}

#[test]
fn messages_lost_counts_failed_publishes() {
    let kind = CheckKind::MessagesLost { at_least: 2 };
    assert!(!passes(kind.clone(), Pubsub, &[STOPPED, sent("a-1", A, "lobby", Pubsub), failed("a-1", A)]));
    assert!(passes(
        kind,
        Pubsub,
        &[
            STOPPED,
            sent("a-1", A, "lobby", Pubsub),
            failed("a-1", A),
            sent("a-2", A, "lobby", Pubsub),
            failed("a-2", A)
        ]
    ));
}

#[test]
fn an_outage_without_loss_is_one_streams_outage_whose_messages_all_crossed() {
    let kind = CheckKind::OutageWithoutLoss { at_least: 1 };
    let clean = vec![
        join(A, "lobby"),
        join(B, "lobby"),
        STOPPED,
        sent("a-1", A, "lobby", Streams),
        STARTED,
        replayed("a-1", A),
        delivered("a-1", B, "lobby", Via::Redis, 1),
    ];
    assert!(passes(kind.clone(), Streams, &clean));
    assert!(!passes(kind.clone(), Streams, &clean[..6]), "not yet seen on B");
    let mut in_pubsub = clean.clone();
    in_pubsub[3] = sent("a-1", A, "lobby", Pubsub);
    assert!(!passes(kind.clone(), Pubsub, &in_pubsub), "Pub/Sub mode");
    let mut with_loss = clean.clone();
    with_loss.insert(4, failed("a-1", A));
    assert!(!passes(kind.clone(), Streams, &with_loss), "a message was lost");
    let nothing_sent = vec![STOPPED, STARTED];
    assert!(!passes(kind, Streams, &nothing_sent), "an outage with no message proves nothing");
}

#[test]
fn a_loss_before_the_outage_does_not_spoil_a_later_clean_one() {
    // Lesson 6: check 1 loses a message in Pub/Sub, check 2 switches, check 3 must still pass.
    let checks = [
        check("lose", CheckKind::MessagesLost { at_least: 1 }),
        check("switch", CheckKind::ModeSwitched { to: Mode::Streams }),
        check("clean", CheckKind::OutageWithoutLoss { at_least: 1 }),
    ];
    let events = [
        join(A, "lobby"),
        join(B, "lobby"),
        STOPPED,
        sent("a-1", A, "lobby", Pubsub),
        failed("a-1", A),
        STARTED,
        mode(Pubsub, Streams),
        STOPPED,
        sent("a-2", A, "lobby", Streams),
        STARTED,
        replayed("a-2", A),
        delivered("a-2", B, "lobby", Via::Redis, 1),
    ];
    assert_eq!(satisfied(&checks, Pubsub, &events), ["lose", "switch", "clean"]);
}

#[test]
fn mode_switched_needs_the_switch_to_that_mode() {
    let kind = CheckKind::ModeSwitched { to: Mode::Pubsub };
    assert!(passes(kind.clone(), Off, &[mode(Off, Pubsub)]));
    assert!(!passes(kind, Off, &[mode(Off, Streams)]));
}

#[test]
fn history_replayed_needs_the_other_server_and_enough_messages() {
    let kind = CheckKind::HistoryReplayed { at_least: 3 };
    let replayed =
        |server, resumed_from, count| EventKind::HistoryReplayed { user: "linus".into(), server, resumed_from, count };
    assert!(passes(kind.clone(), Pubsub, &[replayed(A, B, 3)]));
    assert!(!passes(kind.clone(), Pubsub, &[replayed(A, A, 3)]), "back on the same server");
    assert!(!passes(kind, Pubsub, &[replayed(A, B, 2)]), "fewer than asked");
}

#[test]
fn checks_are_decided_in_order_each_on_events_after_the_previous_one() {
    let checks = [
        check("crossing", delivered_kind(Server::A, Server::B, Some(CheckVia::Redis))),
        check("switch", CheckKind::ModeSwitched { to: Mode::Streams }),
    ];
    // The switch happened before the crossing: it does not count for the second check.
    let events = [mode(Pubsub, Streams), sent("a-1", A, "lobby", Streams), delivered("a-1", B, "lobby", Via::Redis, 1)];
    assert_eq!(satisfied(&checks, Pubsub, &events), ["crossing"]);
    let mut again = events.to_vec();
    again.push(mode(Streams, Pubsub));
    again.push(mode(Pubsub, Streams));
    assert_eq!(satisfied(&checks, Pubsub, &again), ["crossing", "switch"]);
}

#[test]
fn the_lesson_seven_walkthrough_completes() {
    let checks = [
        check("a-reaches-b", delivered_kind(Server::A, Server::B, Some(CheckVia::Redis))),
        check("redis-down", not_delivered(Server::A, Server::B, Reason::RedisDown)),
        check("comes-back", CheckKind::ResumedAfterRestart { from: Server::A, to: Server::B, own_server: false }),
    ];
    let events = [
        join(A, "lobby"),
        join(B, "lobby"),
        sent("a-1", A, "lobby", Pubsub),
        delivered("a-1", A, "lobby", Via::Local, 0),
        delivered("a-1", B, "lobby", Via::Redis, 1),
        STOPPED,
        sent("a-2", A, "lobby", Pubsub),
        delivered("a-2", A, "lobby", Via::Local, 0),
        failed("a-2", A),
        STARTED,
        sent("a-3", A, "lobby", Pubsub),
        delivered("a-3", B, "lobby", Via::Redis, 1),
    ];
    assert_eq!(satisfied(&checks, Pubsub, &events), ["a-reaches-b", "redis-down", "comes-back"]);
}

#[test]
fn after_starting_over_every_check_must_be_met_again_on_new_events() {
    use super::evaluate::{Evaluator, Outcome};
    let checks = vec![check("switch", CheckKind::ModeSwitched { to: Mode::Streams })];
    let mut evaluator = Evaluator::new(checks, Pubsub);
    let outcomes = evaluator.observe(&mode(Pubsub, Streams));
    assert_eq!(outcomes, [Outcome::Passed { check: "switch".into() }, Outcome::Completed]);
    evaluator.start_over();
    assert!(!evaluator.is_complete());
    assert!(evaluator.observe(&join(A, "lobby")).is_empty());
    assert_eq!(evaluator.observe(&mode(Streams, Streams)).len(), 2, "a new switch passes it again");
}

fn console_frame(frame: &str, channel: &str) -> EventKind {
    EventKind::ConsoleFrame { frame: frame.into(), channel: Some(channel.into()) }
}

fn console_reply(command: &str, integer: Option<i64>) -> EventKind {
    EventKind::ConsoleReply { command: command.into(), integer, error: None }
}

fn frame_kind(frame: &str, channels: u32) -> CheckKind {
    CheckKind::ConsoleFrame { frame: frame.into(), channels, channel: None }
}

#[test]
fn console_frame_needs_a_frame_of_that_type() {
    assert!(passes(frame_kind("subscribe", 1), Pubsub, &[console_frame("subscribe", "ws:room:lobby")]));
    assert!(passes(frame_kind("subscribe", 1), Pubsub, &[console_frame("SUBSCRIBE", "ws:room:lobby")]));
    assert!(!passes(frame_kind("subscribe", 1), Pubsub, &[console_frame("psubscribe", "ws:room:*")]));
    let command = EventKind::ConsoleCommand { line: "SUBSCRIBE ws:room:lobby".into() };
    assert!(!passes(frame_kind("subscribe", 1), Pubsub, &[command]), "typing it is not receiving it");
}

#[test]
fn console_frame_on_two_channels_needs_two_different_channels() {
    let one_room = [console_frame("pmessage", "ws:room:lobby"), console_frame("pmessage", "ws:room:lobby")];
    assert!(!passes(frame_kind("pmessage", 2), Pubsub, &one_room), "two messages in one room are one channel");
    let two_rooms = [console_frame("pmessage", "ws:room:lobby"), console_frame("pmessage", "ws:room:kitchen")];
    assert!(passes(frame_kind("pmessage", 2), Pubsub, &two_rooms));
    let mixed = [console_frame("message", "ws:room:lobby"), console_frame("pmessage", "ws:room:kitchen")];
    assert!(!passes(frame_kind("pmessage", 2), Pubsub, &mixed), "a message frame is not a pmessage");
}

#[test]
fn console_frame_on_a_named_channel_needs_that_exact_channel() {
    let kind = || CheckKind::ConsoleFrame { frame: "message".into(), channels: 1, channel: Some("ws:user:42".into()) };
    assert!(passes(kind(), Pubsub, &[console_frame("message", "ws:user:42")]));
    assert!(!passes(kind(), Pubsub, &[console_frame("message", "ws:user:7")]), "another user");
    assert!(!passes(kind(), Pubsub, &[console_frame("subscribe", "ws:user:42")]), "subscribing is not hearing");
    let unnamed = EventKind::ConsoleFrame { frame: "message".into(), channel: None };
    assert!(!passes(kind(), Pubsub, &[unnamed]), "a frame without a channel");
}

#[test]
fn console_channels_count_from_the_previous_check() {
    let checks = [check("sub", frame_kind("psubscribe", 1)), check("two", frame_kind("pmessage", 2))];
    let before = console_frame("pmessage", "ws:room:lobby");
    let events = [before, console_frame("psubscribe", "ws:room:*"), console_frame("pmessage", "ws:room:kitchen")];
    assert_eq!(satisfied(&checks, Pubsub, &events), ["sub"], "the lobby frame came before the first check passed");
}

#[test]
fn console_reply_needs_that_command_with_an_integer_large_enough() {
    let kind = || CheckKind::ConsoleReply { command: "PUBLISH".into(), at_least: 2 };
    assert!(passes(kind(), Pubsub, &[console_reply("PUBLISH", Some(2))]));
    assert!(passes(kind(), Pubsub, &[console_reply("publish", Some(3))]));
    assert!(!passes(kind(), Pubsub, &[console_reply("PUBLISH", Some(1))]));
    assert!(!passes(kind(), Pubsub, &[console_reply("PUBSUB", Some(2))]), "another command");
    assert!(!passes(kind(), Pubsub, &[console_reply("PUBLISH", None)]), "an error or a non-integer reply");
}

#[test]
fn sent_from_an_own_client_needs_a_message_from_a_client_that_joined_without_a_browser() {
    let own_join = EventKind::ClientJoined { server: B, room: "lobby".into(), user: "u".into(), own_client: true };
    let own_left = EventKind::ClientLeft { server: B, room: "lobby".into(), user: "u".into(), reason: "closed".into() };
    let any = || CheckKind::Sent { from: None, own_client: false };
    let own = || CheckKind::Sent { from: None, own_client: true };
    let from_a = || CheckKind::Sent { from: Some(Server::A), own_client: false };
    let table: [(CheckKind, Vec<EventKind>, bool, &str); 6] = [
        (any(), vec![join(A, "lobby"), sent("m", A, "lobby", Pubsub)], true, "any message"),
        (from_a(), vec![join(B, "lobby"), sent("m", B, "lobby", Pubsub)], false, "sent from B, not A"),
        (own(), vec![join(B, "lobby"), sent("m", B, "lobby", Pubsub)], false, "from the page"),
        (own(), vec![own_join.clone(), sent("m", B, "lobby", Pubsub)], true, "from websocat"),
        (own(), vec![own_join.clone(), sent("m", A, "lobby", Pubsub)], false, "the own client is on B"),
        (own(), vec![own_join, own_left, sent("m", B, "lobby", Pubsub)], false, "the own client left first"),
    ];
    for (kind, events, expected, case) in table {
        assert_eq!(passes(kind, Pubsub, &events), expected, "{case}");
    }
}
