//! The panel's words in Korean (해요체, as the authoring guide says).

use super::said_ko as ko;
use super::*;

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
    latency: |p50, p99, messages| {
        format!("Redis를 거친 A↔B, 서버가 잰 시간: p50 {p50:.1} ms, p99 {p99:.1} ms (메시지 {messages}개)")
    },
    latency_hint: "한쪽 창에서 다른 쪽 창으로 메시지를 보내 보세요. 서버 A가 메시지를 읽은 순간부터 서버 B가 \
                   전달하는 순간까지 건너가는 시간을 서버가 재요.",
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
    platform_line: ko::platform_line,
    console_said: ko::console_said,

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
