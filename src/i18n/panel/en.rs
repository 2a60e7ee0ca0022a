//! The panel's words in English.

use super::*;

pub static EN: PanelWords = PanelWords {
    sandbox: "Sandbox",
    status_not_started: "not started",
    status_starting: "starting…",
    status_ready: "ready",
    status_ended: "ended",
    checks_done: |done, total| format!("{done} of {total} checks"),
    hide_sandbox: "Hide the sandbox",
    show_sandbox: "Show the sandbox",
    needs_js: "The live sandbox (two chat servers and a real Redis of your own) needs JavaScript. \
               Turn it on to do this exercise in the page.",
    start_intro: "Two chat servers, A and B, bridged by a Redis that is yours alone.",
    start_sandbox: "Start sandbox",
    starting: "Starting your sandbox: a redis-server and two chat servers…",
    loading_views: "Loading the sandbox's views…",
    ended_idle: "This sandbox has ended (it was idle too long, reached its time limit, or the server restarted). \
                 Start a new one to continue.",
    server_gone_starting: "Your sandbox ended: its server went away. Starting a new one on another server…",
    server_gone_replaced: "Your sandbox ended: its server went away. This new one runs on another server; \
                           what you have earned is kept.",
    made_room: |lesson| match lesson {
        Some(slug) => format!(
            "You may run a few sandboxes at once: your sandbox for the lesson `{slug}`, the one you used least \
             recently, was ended to make room for this one."
        ),
        None => "You may run a few sandboxes at once: the one you used least recently was ended to make room \
                 for this one."
            .to_string(),
    },

    view_overview: "Overview",
    view_console: "Console",
    view_events: "Events",
    view_code: "Your A",
    views_label: "Sandbox views",
    event_timeline: "Event timeline",
    reset_sandbox: "Reset sandbox",
    own_client: "Connect your own client",
    own_client_intro: "Any WebSocket client can join; its messages appear here and count for the exercise.",

    exercise: "Exercise",
    exercise_progress: |done, total| format!("{done} of {total}"),
    check_done: " (done)",
    hint: "Hint",
    exercise_done: "Exercise complete. Well done: the server checked every step.",

    seconds: |secs| format!("{secs} s"),
    minutes: |minutes| format!("{minutes} min"),
    hours_minutes: |hours, minutes| format!("{hours} h {minutes} min"),
    time_left: |duration| format!("Time left: {duration}"),
    idle_warning: |duration| format!("Nothing is connected: this sandbox ends in {duration} unless you extend it."),
    lifetime_warning: |duration| {
        format!("This sandbox reaches its time limit in {duration}. Reset sandbox for a fresh one.")
    },
    extend: "Extend",
    reset_exercise: "Reset exercise",

    redis_running: "Redis is running",
    redis_stopped: "Redis is stopped: messages stay on their own server",
    redis_ended: |_, _, reason| reason.to_string(),
    stop_redis: "Stop Redis",
    start_redis: "Start Redis",
    bridge_mode: "Bridge mode",
    counter_sent: "sent",
    counter_delivered: "delivered",
    counter_lost: "lost",
    counter_replayed: "replayed",

    server: |letter| format!("Server {letter}"),
    clients: |count| if count == 1 { "1 client".to_string() } else { format!("{count} clients") },
    topology: |redis_running, mode| {
        let redis = if redis_running { "Redis is running" } else { "Redis is stopped" };
        format!("Server A and server B, each linked to Redis. {redis}; bridge mode {mode}.")
    },
    latency: |p50, p99, messages| {
        format!("A↔B through Redis, timed by the servers: p50 {p50:.1} ms, p99 {p99:.1} ms ({messages} messages)")
    },
    latency_hint: "Send from one pane to the other: the servers time each crossing, from server A reading \
                   the message to server B handing it on.",
    latency_label: "Cross-server latency",
    histogram_label: "Histogram of crossing times in milliseconds",

    your_code: "your code",
    add_client: "Add a client",
    user_name: "User name",
    user_name_placeholder: "user name",
    room: "Room",
    room_placeholder: "room",
    connect: "Connect",
    disconnect: "Disconnect",
    message: "Message",
    message_from: |user| format!("Message from {user}"),
    messages_received_by: |user| format!("Messages received by {user}"),
    move_to_server: |letter| format!("Move to server {letter}"),
    via_local: "local",
    via_redis: "via Redis",
    from_server: |letter| format!("from {letter}"),
    kept_for_you: "kept for you",
    say_something: |letter| format!("Say something on server {letter}"),
    local_only: "Local only",
    send: "Send",
    system_notice: |notice| notice.text.clone(),
    chat_error: |error| error.detail.clone(),
    disconnected: |reason| format!("Disconnected: {reason}"),

    redis_console: "Redis console",
    console_intro: "Your sandbox's own Redis, in RESP3. Each reply shows as redis-cli prints it and as the bytes on \
                    the wire.",
    console_transcript: "Console transcript",
    console_disconnected: "The console is disconnected. Reload the page to open it again.",
    command: "Command",
    run: "Run",
    raw_bytes: "Raw bytes",

    your_server_a: "Your server A",
    reset_code_confirm: "Put the starting code back? Your changes will be lost.",
    own_starting: "Starting your server…",
    own_running: "Running: server A is your code. Its clients have reconnected to it.",
    own_failed: "Your server did not start: see why below.",
    own_not_running: "Not running: server A is ours. Press Run to make it your code.",
    editor_keys: "Tab indents; Esc then Tab leaves the editor.",
    stop: "Stop",
    reset_code: "Reset code",
    server_a_log: "Server A log",
    platform_line: |_, _, text| text.to_string(),
    console_said: |_, _, text| text.to_string(),

    timeline: TimelineWords {
        joined: |user, own_client, room, server| {
            let by = if own_client { " (your own client)" } else { "" };
            format!("{user}{by} joined room {room} on {server}")
        },
        left: |user, server, reason| format!("{user} left {server} ({reason})"),
        leave_reason: |reason| reason.to_string(),
        sent: |user, id, room, server, local| {
            let scope = if local { " (local only)" } else { "" };
            format!("{user} sent {id} to room {room} on {server}{scope}")
        },
        delivered: |server, id, clients, room| format!("{server} delivered {id} to {clients} in {room}"),
        delivered_through_redis: |server, id, clients, room| {
            format!("{server} got {id} through Redis and delivered it to {clients} in {room}")
        },
        publish_failed: |server, id, error| format!("{server} could not publish {id} ({error}): it stayed on {server}"),
        replayed: |server, id, waited_ms| {
            format!("{server} appended {id} once Redis was back (it waited {waited_ms} ms)")
        },
        bridge_lost: |server, error| format!("{server} lost Redis: {error}, retrying"),
        bridge_restored: |server, down_ms| format!("{server} reached Redis again after {down_ms} ms"),
        subscribed: |server, listening_on| format!("{server} listens on {listening_on}"),
        resubscribed: |server, listening_on| format!("{server} listens again on {listening_on}, without a restart"),
        session_resumed: |user, server, from| {
            format!("{user} came back with a session on {server}, last seen on {from}")
        },
        history_replayed: |server, user, count| {
            let messages =
                if count == 1 { "1 private message".to_string() } else { format!("{count} private messages") };
            format!("{server} gave {user} the {messages} sent while they were away")
        },
        redis_stopped: "Redis stopped: messages stay on their own server",
        redis_started: |ready_ms| format!("Redis started and answered in {ready_ms} ms"),
        mode_changed: |from, to| format!("Bridge mode changed from {from} to {to}"),
        lagged: |user, server| format!("{user} read too slowly and was disconnected from {server}"),
        check_passed: |position| format!("Check {position} passed"),
        exercise_completed: "Exercise complete",
        exercise_reset: "Exercise reset: the checks start over",
        console_command: |line| format!("Console sent {line}"),
        console_refused: |command, error| format!("Redis refused the console's {command}: {error}"),
        console_integer: |command, n| format!("Redis answered the console's {command} with {n}"),
        console_answered: |command| format!("Redis answered the console's {command}"),
        console_frame_on: |frame, channel| format!("The console received a {frame} frame on {channel}"),
        console_frame: |frame| format!("The console received a {frame} frame"),
        own_started: |ready_ms| format!("Your server A answered in {ready_ms} ms: A's clients talk to your code now"),
        own_stopped: |reason| format!("Your server A ended ({reason}): server A is ours again"),
        own_server_end: |reason| reason.to_string(),
        own_output: |text| format!("Your server A: {text}"),
    },

    achievement_unlocked: "Achievement unlocked: ",
    dismiss: "Dismiss",
};
