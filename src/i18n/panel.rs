//! The sandbox panel's words: its views, controls, timeline, checks and toasts, in each language.
//!
//! What the sandbox's servers say (a chat server's notices and error frames, why a client left,
//! why Redis or the learner's server ended) travels as data: an English sentence beside the
//! event's kind and values. It stays so on the wire and in the log; the panel says it in the
//! page's language here, at display time, from the kind and values. Anything without them (a
//! learner's own server's words, a newer notice) is shown as it came.

use crate::sandbox::frames::{ErrorFrame, SystemFrame};

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
    latency: |p50, p99, messages| format!("A↔B through Redis: p50 {p50:.1} ms, p99 {p99:.1} ms ({messages} messages)"),
    latency_hint: "Send from one pane to the other to measure the crossing.",
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

pub static KO: PanelWords = PanelWords {
    sandbox: "샌드박스",
    status_not_started: "시작 전",
    status_starting: "시작하는 중…",
    status_ready: "준비됨",
    status_ended: "종료됨",
    checks_done: |done, total| format!("체크 {done}/{total}"),
    hide_sandbox: "샌드박스 숨기기",
    show_sandbox: "샌드박스 보기",
    needs_js: "라이브 샌드박스(채팅 서버 두 대와 나만의 진짜 Redis)에는 JavaScript가 필요해요. \
               이 페이지에서 실습하려면 JavaScript를 켜 주세요.",
    start_intro: "채팅 서버 A와 B가 나만 쓰는 Redis로 이어져 있어요.",
    start_sandbox: "샌드박스 시작",
    starting: "샌드박스를 시작하는 중이에요: redis-server 하나와 채팅 서버 두 대…",
    loading_views: "샌드박스 화면을 불러오는 중…",
    ended_idle: "이 샌드박스는 끝났어요(너무 오래 쓰지 않았거나, 시간 제한에 도달했거나, 서버가 다시 시작됐어요). \
                 계속하려면 새로 시작하세요.",
    server_gone_starting: "샌드박스가 끝났어요: 샌드박스가 돌던 서버가 사라졌어요. 다른 서버에서 새로 시작하는 중…",
    server_gone_replaced: "샌드박스가 끝났어요: 샌드박스가 돌던 서버가 사라졌어요. 새 샌드박스는 다른 서버에서 돌아요. \
                           지금까지 얻은 것은 그대로 남아 있어요.",
    made_room: |lesson| match lesson {
        Some(slug) => format!(
            "샌드박스는 한 번에 몇 개까지만 실행할 수 있어요: 이 샌드박스를 위한 자리를 만들려고, 가장 오래전에 쓴 \
             `{slug}` 레슨의 샌드박스를 끝냈어요."
        ),
        None => "샌드박스는 한 번에 몇 개까지만 실행할 수 있어요: 이 샌드박스를 위한 자리를 만들려고, 가장 오래전에 \
                 쓴 샌드박스를 끝냈어요."
            .to_string(),
    },

    view_overview: "개요",
    view_console: "콘솔",
    view_events: "이벤트",
    view_code: "내 A",
    views_label: "샌드박스 화면",
    event_timeline: "이벤트 타임라인",
    reset_sandbox: "샌드박스 초기화",
    own_client: "내 클라이언트 연결",
    own_client_intro: "어떤 WebSocket 클라이언트든 들어올 수 있어요. 보낸 메시지는 여기에 나타나고 실습에도 반영돼요.",

    exercise: "실습",
    exercise_progress: |done, total| format!("{done}/{total}"),
    check_done: " (완료)",
    hint: "힌트",
    exercise_done: "실습 완료! 잘했어요: 서버가 모든 단계를 확인했어요.",

    seconds: |secs| format!("{secs}초"),
    minutes: |minutes| format!("{minutes}분"),
    hours_minutes: |hours, minutes| format!("{hours}시간 {minutes}분"),
    time_left: |duration| format!("남은 시간: {duration}"),
    idle_warning: |duration| format!("연결된 것이 없어요: 연장하지 않으면 이 샌드박스는 {duration} 뒤에 끝나요."),
    lifetime_warning: |duration| {
        format!("이 샌드박스는 {duration} 뒤에 시간 제한에 도달해요. 새 샌드박스를 쓰려면 샌드박스 초기화를 누르세요.")
    },
    extend: "연장",
    reset_exercise: "실습 초기화",

    redis_running: "Redis가 실행 중이에요",
    redis_stopped: "Redis가 멈춰 있어요: 메시지는 각자의 서버에만 머물러요",
    redis_ended: ko::redis_ended,
    stop_redis: "Redis 중지",
    start_redis: "Redis 시작",
    bridge_mode: "브리지 모드",
    counter_sent: "보냄",
    counter_delivered: "전달됨",
    counter_lost: "유실됨",
    counter_replayed: "재전송됨",

    server: |letter| format!("서버 {letter}"),
    clients: |count| format!("클라이언트 {count}개"),
    topology: |redis_running, mode| {
        let redis = if redis_running { "Redis가 실행 중이에요" } else { "Redis가 멈춰 있어요" };
        format!("서버 A와 서버 B가 각각 Redis에 연결되어 있어요. {redis}. 브리지 모드는 {mode} 모드예요.")
    },
    latency: |p50, p99, messages| format!("Redis를 거친 A↔B: p50 {p50:.1} ms, p99 {p99:.1} ms (메시지 {messages}개)"),
    latency_hint: "한쪽 창에서 다른 쪽 창으로 메시지를 보내면 건너가는 시간을 잴 수 있어요.",
    latency_label: "서버 간 지연 시간",
    histogram_label: "건너가는 시간의 히스토그램(밀리초)",

    your_code: "내 코드",
    add_client: "클라이언트 추가",
    user_name: "사용자 이름",
    user_name_placeholder: "사용자 이름",
    room: "룸",
    room_placeholder: "룸",
    connect: "연결",
    disconnect: "연결 끊기",
    message: "메시지",
    message_from: |user| format!("{user} 님의 메시지"),
    messages_received_by: |user| format!("{user} 님이 받은 메시지"),
    move_to_server: |letter| format!("서버 {letter}로 이동"),
    via_local: "로컬",
    via_redis: "Redis 경유",
    from_server: |letter| format!("{letter}에서 옴"),
    kept_for_you: "보관해 둔 메시지",
    say_something: |letter| format!("서버 {letter}에서 할 말을 입력하세요"),
    local_only: "로컬 전용",
    send: "보내기",
    system_notice: ko::system_notice,
    chat_error: ko::chat_error,
    disconnected: |reason| format!("연결이 끊겼어요: {}", ko::close_reason(reason)),

    redis_console: "Redis 콘솔",
    console_intro: "내 샌드박스만의 Redis예요. RESP3로 통신해요. 응답마다 redis-cli가 출력하는 모양과 실제로 오가는 \
                    바이트를 함께 보여 줘요.",
    console_transcript: "콘솔 기록",
    console_disconnected: "콘솔 연결이 끊겼어요. 다시 열려면 페이지를 새로 고치세요.",
    command: "명령",
    run: "실행",
    raw_bytes: "원시 바이트",

    your_server_a: "내 서버 A",
    reset_code_confirm: "처음 코드로 되돌릴까요? 바꾼 내용은 사라져요.",
    own_starting: "내 서버를 시작하는 중…",
    own_running: "실행 중: 서버 A에서 내 코드가 실행 중이에요. 서버 A의 클라이언트는 내 코드에 다시 연결됐어요.",
    own_failed: "내 서버가 시작되지 않았어요: 아래에서 이유를 확인하세요.",
    own_not_running: "실행 중이 아니에요: 서버 A는 저희 서버예요. 실행을 누르면 서버 A가 내 코드로 바뀌어요.",
    editor_keys: "Tab을 누르면 들여쓰기가 돼요. Esc를 누른 뒤 Tab을 누르면 편집기에서 나가요.",
    stop: "중지",
    reset_code: "코드 되돌리기",
    server_a_log: "서버 A 로그",

    timeline: TimelineWords {
        joined: |user, own_client, room, server| {
            let by = if own_client { " (내 클라이언트)" } else { "" };
            format!("{user} 님이 {server}의 {room} 룸에 들어왔어요{by}")
        },
        left: |user, server, reason| format!("{user} 님이 {server}에서 나갔어요 ({reason})"),
        leave_reason: ko::leave_reason,
        sent: |user, id, room, server, local| {
            let scope = if local { " (로컬 전용)" } else { "" };
            format!("{user} 님이 {server}에서 {room} 룸으로 {id} 메시지를 보냈어요{scope}")
        },
        delivered: |server, id, clients, room| format!("{server}가 {id} 메시지를 {room} 룸의 {clients}에 전달했어요"),
        delivered_through_redis: |server, id, clients, room| {
            format!("{server}가 Redis를 거쳐 {id} 메시지를 받아 {room} 룸의 {clients}에 전달했어요")
        },
        publish_failed: |server, id, error| {
            format!("{server}가 {id} 메시지를 발행하지 못했어요 ({error}): 메시지는 {server}에만 남았어요")
        },
        replayed: |server, id, waited_ms| {
            format!("Redis가 돌아오자 {server}가 {id} 메시지를 뒤늦게 Redis에 보냈어요 ({waited_ms} ms 대기)")
        },
        bridge_lost: |server, error| format!("{server}와 Redis의 연결이 끊겼어요: {error}. 다시 시도하는 중이에요"),
        bridge_restored: |server, down_ms| format!("{server}가 {down_ms} ms 만에 Redis에 다시 연결됐어요"),
        subscribed: |server, listening_on| format!("{server}가 {listening_on}에서 수신 대기해요"),
        resubscribed: |server, listening_on| format!("{server}가 재시작 없이 다시 {listening_on}에서 수신 대기해요"),
        session_resumed: |user, server, from| {
            format!("{user} 님이 세션을 가지고 {server}에 돌아왔어요 (마지막 위치: {from})")
        },
        history_replayed: |server, user, count| {
            format!("{server}가 {user} 님이 없는 동안 온 개인 메시지 {count}개를 전해 줬어요")
        },
        redis_stopped: "Redis가 멈췄어요: 메시지는 각자의 서버에만 머물러요",
        redis_started: |ready_ms| format!("Redis가 시작되어 {ready_ms} ms 만에 응답했어요"),
        mode_changed: |from, to| format!("브리지 모드가 바뀌었어요: {from} → {to}"),
        lagged: |user, server| format!("{user} 님이 너무 느리게 읽어서 {server}와의 연결이 끊겼어요"),
        check_passed: |position| format!("{position}번째 체크를 통과했어요"),
        exercise_completed: "실습을 완료했어요",
        exercise_reset: "실습을 초기화했어요: 체크를 처음부터 다시 해요",
        console_command: |line| format!("콘솔이 보냈어요: {line}"),
        console_refused: |command, error| format!("Redis가 콘솔의 {command} 명령을 거부했어요: {error}"),
        console_integer: |command, n| format!("Redis가 콘솔의 {command} 명령에 답했어요: {n}"),
        console_answered: |command| format!("Redis가 콘솔의 {command} 명령에 답했어요"),
        console_frame_on: |frame, channel| format!("콘솔이 {channel}에서 {frame} 프레임을 받았어요"),
        console_frame: |frame| format!("콘솔이 {frame} 프레임을 받았어요"),
        own_started: |ready_ms| {
            format!("내 서버 A가 {ready_ms} ms 만에 응답했어요: 이제 A의 클라이언트는 내 코드와 통신해요")
        },
        own_stopped: |reason| format!("내 서버 A가 끝났어요 ({reason}): 서버 A는 다시 저희 서버예요"),
        own_server_end: ko::own_server_end,
        own_output: |text| format!("내 서버 A: {text}"),
    },

    achievement_unlocked: "업적 달성: ",
    dismiss: "닫기",
};

/// Korean for what the sandbox's servers say: from an event's or a frame's fields where it has
/// them, and from the fixed phrases (close and leave reasons, how a process ended) otherwise;
/// anything else (a learner's own server's words, a newer sentence) is shown as it came.
mod ko {
    use crate::sandbox::frames::{ErrorFrame, SystemFrame};

    /// `RedisEnded`: Redis stopped by itself (`RedisEnd::event` on the server).
    pub fn redis_ended(ceiling_mb: Option<u64>, exit: Option<&str>, reason: &str) -> String {
        const AGAIN: &str = "Redis 시작을 누르면 빈 Redis로 이어서 할 수 있어요.";
        match (ceiling_mb, exit) {
            (Some(mb), _) => format!("Redis가 멈췄어요: 메모리 상한({mb} MiB)에 도달했어요. {AGAIN}"),
            (None, Some(how)) => format!("Redis가 스스로 멈췄어요 ({}). {AGAIN}", exit_words(how)),
            (None, None) => reason.to_string(),
        }
    }

    /// How a process ended, in the server's words ("it aborted", "signal 9", "exit status 1").
    fn exit_words(how: &str) -> String {
        if how == "it aborted" {
            "abort로 종료".to_string()
        } else if how == "unknown" {
            "이유를 알 수 없음".to_string()
        } else if let Some(n) = how.strip_prefix("signal ") {
            format!("시그널 {n}")
        } else if let Some(n) = how.strip_prefix("exit status ").or_else(|| how.strip_prefix("exited with status ")) {
            format!("종료 상태 {n}")
        } else {
            how.to_string()
        }
    }

    /// `OwnServerStopped`: why the learner's server ended (`Exit::short` on the server).
    pub fn own_server_end(reason: &str) -> String {
        match reason {
            "stopped" => "중지됨".to_string(),
            "its run time was up" => "실행 시간이 다 됨".to_string(),
            "its CPU time was used up" => "CPU 시간을 다 씀".to_string(),
            "its memory was used up" => "메모리를 다 씀".to_string(),
            "killed at a limit" => "제한에 걸려 강제 종료됨".to_string(),
            other => exit_words(other),
        }
    }

    /// `ClientLeft`: why a client left (the chat server's and the relay's reasons).
    pub fn leave_reason(reason: &str) -> String {
        let words = match reason {
            "closed" => "연결 종료",
            "closed by the client" => "클라이언트가 연결을 닫음",
            "server shutdown" | "shutdown" => "서버 종료",
            "sandbox ended" => "샌드박스 종료",
            "lagged" => "너무 느리게 읽음",
            "write failed" => "쓰기 실패",
            "socket error" => "소켓 오류",
            "frame too big" => "프레임이 너무 큼",
            "server A did not read" => "서버 A가 읽지 않음",
            "server A closed" => "서버 A가 연결을 닫음",
            other => return close_reason(other),
        };
        words.to_string()
    }

    /// A close frame's reason, from a chat server or the relay to the learner's server.
    pub fn close_reason(reason: &str) -> String {
        let words = match reason {
            "too many messages: rate limit exceeded" => "메시지가 너무 많아요: 전송 속도 제한을 넘었어요",
            "frame larger than 16 KiB" => "프레임이 16 KiB보다 커요",
            "too many messages waiting: reconnect to continue" => {
                "기다리는 메시지가 너무 많아요: 계속하려면 다시 연결하세요"
            }
            "the sandbox has ended" => "샌드박스가 끝났어요",
            "the server is shutting down" => "서버가 종료되는 중이에요",
            "the site is restarting" => "사이트가 다시 시작되는 중이에요",
            "server A is not answering" => "서버 A가 응답하지 않아요",
            "server A closed the connection" => "서버 A가 연결을 닫았어요",
            other => return other.to_string(),
        };
        words.to_string()
    }

    /// A chat server's notice, from its event and args.
    pub fn system_notice(notice: &SystemFrame) -> String {
        let arg = |name| notice.arg(name);
        let said = match notice.event.as_str() {
            "bridge_lost" => {
                Some("Redis와의 연결이 끊겼어요: 이제 메시지가 서버 사이를 건너가지 못해요. 다시 연결하는 중…".to_string())
            }
            "bridge_restored" => arg("seconds")
                .map(|s| format!("{s}초 만에 Redis에 다시 연결됐어요: 메시지가 다시 서버 사이를 건너가요.")),
            "mode_changed" => arg("mode").map(|mode| format!("이제 브리지 모드는 {mode} 모드예요.")),
            "publish_failed" => publish_failed(notice),
            "session" => arg("user").map(|user| {
                let id = notice.session.as_deref().unwrap_or_default();
                format!("어느 서버에서든 {user} 님으로 돌아올 수 있는 세션이에요: {id}")
            }),
            "session_resumed" => arg("user").zip(arg("server")).map(|(user, server)| {
                format!("다시 오신 걸 환영해요, {user} 님: 세션이 이어져요. 여기는 서버 {server}예요.")
            }),
            "session_ended" => arg("user").map(|user| format!("그 세션은 끝났어요: {user} 님으로 새로 들어왔어요.")),
            "session_unavailable" => arg("error").map(|error| match arg("user") {
                Some(user) => format!("세션을 확인하지 못했어요 ({error}): 세션 없이 {user} 님으로 새로 들어왔어요."),
                None => format!("이번에는 세션이 없어요 ({error})."),
            }),
            "inbox_unavailable" => arg("error").map(|error| format!("인박스를 읽지 못했어요: {error}")),
            _ => None,
        };
        said.unwrap_or_else(|| notice.text.clone())
    }

    /// A message that did not reach everyone: not published, or not kept in an inbox.
    fn publish_failed(notice: &SystemFrame) -> Option<String> {
        let (id, error) = (notice.arg("id")?, notice.arg("error")?);
        match (notice.arg("server"), notice.arg("to")) {
            (Some(server), _) => Some(format!(
                "{id} 메시지는 서버 {server}의 클라이언트에게만 전달됐어요: Redis에 발행하지 못했어요 ({error})."
            )),
            (None, Some(to)) => Some(format!(
                "{id} 메시지는 실시간으로 나갔지만, {to} 님이 자리에 없다면 받지 못해요 ({to} 님의 인박스에 보관되지 않음: {error})."
            )),
            (None, None) => None,
        }
    }

    /// A chat server's error frame, from its error and args.
    pub fn chat_error(frame: &ErrorFrame) -> String {
        let said = match frame.error.as_str() {
            "rate_limited" => Some(match (frame.arg("rate"), frame.arg("burst")) {
                (Some(rate), Some(burst)) => {
                    format!("초당 메시지는 최대 {rate}개(한 번에 {burst}개까지)예요: 이 메시지는 버려졌어요")
                }
                _ => "천천히 보내세요: 이 메시지는 전송되지 않았어요".to_string(),
            }),
            "empty_message" => Some("메시지 내용이 비어 있어요".to_string()),
            "server_unreachable" => {
                frame.arg("problem").map(|problem| format!("내 서버 A가 연결을 받지 않았어요: {problem}"))
            }
            _ => None,
        };
        said.unwrap_or_else(|| frame.detail.clone())
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn the_servers_notices_are_said_from_their_fields() {
            assert_eq!(
                redis_ended(Some(64), None, "Redis stopped: it hit its memory ceiling (64 MiB)."),
                "Redis가 멈췄어요: 메모리 상한(64 MiB)에 도달했어요. Redis 시작을 누르면 빈 Redis로 이어서 할 수 있어요."
            );
            assert_eq!(own_server_end("exited with status 1"), "종료 상태 1");
            let restored = SystemFrame::new("bridge_restored", "Reconnected…").with(&[("seconds", "2.5")]);
            assert_eq!(system_notice(&restored), "2.5초 만에 Redis에 다시 연결됐어요: 메시지가 다시 서버 사이를 건너가요.");
            // A notice without the fields its Korean needs (a learner's own server's) is shown as it came.
            assert_eq!(system_notice(&SystemFrame::new("bridge_restored", "back!")), "back!");
            assert_eq!(system_notice(&SystemFrame::new("", "hello from my server")), "hello from my server");
            let limited = ErrorFrame::new("rate_limited", "at most…").with(&[("rate", "20"), ("burst", "40")]);
            assert_eq!(chat_error(&limited), "초당 메시지는 최대 20개(한 번에 40개까지)예요: 이 메시지는 버려졌어요");
            assert_eq!(leave_reason("something new"), "something new");
        }
    }
}
