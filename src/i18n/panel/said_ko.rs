//! Korean for what the sandbox's servers say: from an event's or a frame's fields where it has
//! them, and from the fixed phrases (close and leave reasons, how a process ended) otherwise;
//! anything else (a learner's own server's words, a newer sentence) is shown as it came.
//!
//! The sentences are tables ([`crate::i18n::sentences`]), not code: Korean adds its words to the
//! browser's bundle and nothing more.

use crate::i18n::sentences::{Table, reword, say};
use crate::sandbox::frames::{Args, ErrorFrame, SystemFrame};

/// Redis ended by itself: at its memory ceiling, or otherwise (how it ended).
const REDIS_ENDED: &Table = &[
    (
        "redis_ended",
        "Redis가 멈췄어요: 메모리 상한({mb} MiB)에 도달했어요. Redis 시작을 누르면 빈 Redis로 이어서 할 수 있어요.",
    ),
    ("redis_ended", "Redis가 스스로 멈췄어요 ({how}). Redis 시작을 누르면 빈 Redis로 이어서 할 수 있어요."),
];

/// How a process ended, in the server's words (`Exit::short`, a Redis's end).
const EXITS: &Table = &[
    ("stopped", "중지됨"),
    ("its run time was up", "실행 시간이 다 됨"),
    ("its CPU time was used up", "CPU 시간을 다 씀"),
    ("its memory was used up", "메모리를 다 씀"),
    ("killed at a limit", "제한에 걸려 강제 종료됨"),
    ("it aborted", "abort로 종료"),
    ("unknown", "이유를 알 수 없음"),
    ("signal {n}", "시그널 {n}"),
    ("exit status {n}", "종료 상태 {n}"),
    ("exited with status {n}", "종료 상태 {n}"),
];

/// Why a client left (the chat server's and the relay's reasons), and a close frame's reason.
const LEAVE_REASONS: &Table = &[
    ("closed", "연결 종료"),
    ("closed by the client", "클라이언트가 연결을 닫음"),
    ("server shutdown", "서버 종료"),
    ("shutdown", "서버 종료"),
    ("sandbox ended", "샌드박스 종료"),
    ("lagged", "너무 느리게 읽음"),
    ("write failed", "쓰기 실패"),
    ("socket error", "소켓 오류"),
    ("frame too big", "프레임이 너무 큼"),
    ("server A did not read", "서버 A가 읽지 않음"),
    ("server A closed", "서버 A가 연결을 닫음"),
];

const CLOSE_REASONS: &Table = &[
    ("too many messages: rate limit exceeded", "메시지가 너무 많아요: 전송 속도 제한을 넘었어요"),
    ("frame larger than 16 KiB", "프레임이 16 KiB보다 커요"),
    ("too many messages waiting: reconnect to continue", "기다리는 메시지가 너무 많아요: 계속하려면 다시 연결하세요"),
    ("the sandbox has ended", "샌드박스가 끝났어요"),
    ("the server is shutting down", "서버가 종료되는 중이에요"),
    ("the site is restarting", "사이트가 다시 시작되는 중이에요"),
    ("server A is not answering", "서버 A가 응답하지 않아요"),
    ("server A closed the connection", "서버 A가 연결을 닫았어요"),
];

/// The lines the platform writes in server A's log (`Output::say`), by key.
const PLATFORM_LINES: &Table = &[
    ("starting", "내 서버를 시작하는 중…"),
    ("answering", "내 서버가 응답해요 ({ms} ms)."),
    ("no_answer", "내 서버가 {seconds}초 안에 응답하지 않았어요: {error}"),
    ("stopped", "중지됐어요."),
    (
        "lifetime_over",
        "중지됐어요: 한 번 실행할 수 있는 시간은 최대 {minutes}분이에요. 다시 시작하려면 실행을 누르세요.",
    ),
    (
        "cpu_limit",
        "중지됐어요: 내 서버가 CPU 시간 {seconds}초를 다 썼어요(모든 프로세스 합계). 기다리지 않고 도는 루프가 있나요?",
    ),
    ("memory_limit", "중지됐어요: 내 서버가 메모리를 {mib} MiB 넘게 썼어요(모든 프로세스 합계)."),
    ("killed", "강제 종료됐어요 (SIGKILL): 실행 환경의 제한을 넘었어요."),
    ("signal", "끝났어요 (시그널 {signal})."),
    ("exited", "종료됐어요."),
    ("exited_with", "끝났어요 (종료 상태 {code}): 위 로그를 확인하세요."),
    ("lines_hidden", "… {lines}줄은 여기 보이지 않아요 (GET …/servers/a/log에 마지막 500줄이 있어요)"),
    ("client_unreachable", "서버 A의 클라이언트가 내 서버에 연결하지 못했어요: {problem}"),
    ("dropped_frame", "내 서버가 {user} 님에게 보낸 프레임이 버려졌어요: {~why}: {frame}"),
    ("dropped_frame.not_json", "JSON이 아니에요"),
    (
        "dropped_frame.incomplete_message",
        "메시지에는 id, room, user, text, origin, via, sent_at_ms가 있어야 해요 ({error})",
    ),
    ("dropped_frame.unknown_type", "type이 message, system, error 중 하나가 아니에요"),
];

/// The Redis console's refusals and notices, by key.
const CONSOLE: &Table = &[
    ("line_too_long", "이 줄은 {bytes}바이트예요. 콘솔은 {max}바이트까지 받아요."),
    ("open_quote", "따옴표가 닫히지 않았어요."),
    ("too_many_words", "이 명령은 단어가 {words}개예요. 콘솔은 단어를 {max}개까지 받아요."),
    (
        "not_available",
        "{command} 명령은 이 콘솔에서 쓸 수 없어요. 이 콘솔은 레슨에서 배우는 명령만 실행해요: \
         Pub/Sub(PUBLISH, SUBSCRIBE, PSUBSCRIBE, PUBSUB…), Streams(XADD, XREAD, XRANGE…), \
         문자열·해시·리스트(SET, GET, HSET, LPUSH…), PING, ECHO, TIME, CLIENT LIST, INFO.",
    ),
    ("subcommands", "여기서 {command} 명령은 다음 하위 명령만 받아요: {allowed}."),
    (
        "info_sections",
        "여기서 INFO는 다음 섹션만 보여 줘요(하나 이상 지정하세요): {sections}. 나머지 섹션에는 호스트의 경로와 프로세스 ID가 들어 있어요.",
    ),
    ("resp3_only", "이 콘솔은 레슨처럼 RESP3로 통신해요: HELLO나 HELLO 3만 쓸 수 있어요."),
    (
        "unbounded_block",
        "여기서 BLOCK은 1~{max_ms} ms만 받아요: 기다리는 동안 콘솔 연결은 다른 명령에 응답하지 못해요.",
    ),
    (
        "too_many_subscriptions",
        "콘솔 하나는 채널과 패턴을 합쳐 최대 {max}개까지 구독할 수 있어요(지금 {listening}개): 먼저 UNSUBSCRIBE나 PUNSUBSCRIBE로 구독을 줄이세요.",
    ),
    ("slow_down", "천천히 보내세요: 콘솔은 초당 명령을 {rate}개까지 받아요."),
    ("text_frames_only", "콘솔은 명령을 텍스트 프레임으로 읽어요."),
    ("redis_not_running", "Redis가 실행 중이 아니에요: Redis 시작을 누른 뒤 명령을 다시 입력하세요."),
    ("connected", "내 샌드박스의 Redis에 연결했어요. 콘솔은 RESP3로 통신하려고 먼저 HELLO 3을 보내요:"),
    ("write_failed", "명령을 보내지 못했어요: Redis가 연결을 닫았어요. 명령을 다시 입력하면 재연결해요."),
    (
        "connection_closed",
        "Redis가 콘솔의 연결을 닫았어요(Redis가 멈췄거나 콘솔이 너무 뒤처졌어요). 구독도 함께 끝났어요. 다음 명령을 입력하면 새로 연결해요.",
    ),
    (
        "reply_too_large",
        "응답이 1 MiB보다 커서 콘솔이 보여 줄 수 있는 양을 넘었어요: 연결을 닫았어요. COUNT를 쓰거나 범위를 좁혀서 더 적게 요청하세요.",
    ),
];

/// A chat server's notices, by event (`session`'s `{session}` is the frame's own field).
const NOTICES: &Table = &[
    ("bridge_lost", "Redis와의 연결이 끊겼어요: 이제 메시지가 서버 사이를 건너가지 못해요. 다시 연결하는 중…"),
    ("bridge_restored", "{seconds}초 만에 Redis에 다시 연결됐어요: 메시지가 다시 서버 사이를 건너가요."),
    ("mode_changed", "이제 브리지 모드는 {mode} 모드예요."),
    // Not published (it stayed on its server), or not kept in an addressee's inbox.
    (
        "publish_failed",
        "{id} 메시지는 서버 {server}의 클라이언트에게만 전달됐어요: Redis에 발행하지 못했어요 ({error}).",
    ),
    (
        "publish_failed",
        "{id} 메시지는 실시간으로 나갔지만, {to} 님이 자리에 없다면 받지 못해요 ({to} 님의 인박스에 보관되지 않음: {error}).",
    ),
    ("session", "어느 서버에서든 {user} 님으로 돌아올 수 있는 세션이에요: {session}"),
    ("session_resumed", "다시 오신 걸 환영해요, {user} 님: 세션이 이어져요. 여기는 서버 {server}예요."),
    ("session_ended", "그 세션은 끝났어요: {user} 님으로 새로 들어왔어요."),
    ("session_unavailable", "세션을 확인하지 못했어요 ({error}): 세션 없이 {user} 님으로 새로 들어왔어요."),
    ("session_unavailable", "이번에는 세션이 없어요 ({error})."),
    ("inbox_unavailable", "인박스를 읽지 못했어요: {error}"),
];

/// A chat server's answers to a frame it would not take, by error.
const CHAT_ERRORS: &Table = &[
    ("rate_limited", "초당 메시지는 최대 {rate}개(한 번에 {burst}개까지)예요: 이 메시지는 버려졌어요"),
    ("rate_limited", "천천히 보내세요: 이 메시지는 전송되지 않았어요"),
    ("empty_message", "메시지 내용이 비어 있어요"),
    ("server_unreachable", "내 서버 A가 연결을 받지 않았어요: {problem}"),
];

/// `RedisEnded`: Redis stopped by itself (`RedisEnd::event` on the server).
pub fn redis_ended(ceiling_mb: Option<u64>, exit: Option<&str>, reason: &str) -> String {
    let mb = ceiling_mb.map(|mb| mb.to_string());
    let how = exit.map(exit_words);
    let value = |name: &str| match name {
        "mb" => mb.as_deref(),
        "how" => how.as_deref(),
        _ => None,
    };
    say(REDIS_ENDED, "redis_ended", &value).unwrap_or_else(|| reason.to_string())
}

/// How a process ended, in the server's words ("it aborted", "signal 9", "exit status 1").
fn exit_words(how: &str) -> String {
    reword(EXITS, how).unwrap_or_else(|| how.to_string())
}

/// `OwnServerStopped`: why the learner's server ended (`Exit::short` on the server).
pub fn own_server_end(reason: &str) -> String {
    exit_words(reason)
}

/// `ClientLeft`: why a client left (the chat server's and the relay's reasons).
pub fn leave_reason(reason: &str) -> String {
    reword(LEAVE_REASONS, reason).unwrap_or_else(|| close_reason(reason))
}

/// A close frame's reason, from a chat server or the relay to the learner's server.
pub fn close_reason(reason: &str) -> String {
    reword(CLOSE_REASONS, reason).unwrap_or_else(|| reason.to_string())
}

/// A line the platform writes in server A's log, from its key and args.
pub fn platform_line(key: Option<&str>, args: &Args, text: &str) -> String {
    key.and_then(|key| say(PLATFORM_LINES, key, &|name| args.get(name))).unwrap_or_else(|| text.to_string())
}

/// The Redis console's refusal or notice, from its key and args.
pub fn console_said(key: Option<&str>, args: &Args, text: &str) -> String {
    key.and_then(|key| say(CONSOLE, key, &|name| args.get(name))).unwrap_or_else(|| text.to_string())
}

/// A chat server's notice, from its event and args.
pub fn system_notice(notice: &SystemFrame) -> String {
    let value = |name: &str| match name {
        "session" => Some(notice.session.as_deref().unwrap_or_default()),
        _ => notice.arg(name),
    };
    say(NOTICES, &notice.event, &value).unwrap_or_else(|| notice.text.clone())
}

/// A chat server's error frame, from its error and args.
pub fn chat_error(frame: &ErrorFrame) -> String {
    say(CHAT_ERRORS, &frame.error, &|name| frame.arg(name)).unwrap_or_else(|| frame.detail.clone())
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
        let answering = Args::of(&[("ms", "240")]);
        assert_eq!(
            platform_line(Some("answering"), &answering, "Your server is answering (240 ms)."),
            "내 서버가 응답해요 (240 ms)."
        );
        let dropped = Args::of(&[("user", "ada"), ("why", "not_json"), ("error", ""), ("frame", "hi")]);
        assert_eq!(
            platform_line(Some("dropped_frame"), &dropped, "…"),
            "내 서버가 ada 님에게 보낸 프레임이 버려졌어요: JSON이 아니에요: hi"
        );
        let limited = Args::of(&[("rate", "10")]);
        assert_eq!(
            console_said(Some("slow_down"), &limited, "Slow down…"),
            "천천히 보내세요: 콘솔은 초당 명령을 10개까지 받아요."
        );
        // What the learner's code printed has no key: it is shown as printed.
        assert_eq!(platform_line(None, &Args::default(), "INFO: started"), "INFO: started");
    }
}
