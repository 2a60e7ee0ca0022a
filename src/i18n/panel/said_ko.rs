//! Korean for what the sandbox's servers say: from an event's or a frame's fields where it has
//! them, and from the fixed phrases (close and leave reasons, how a process ended) otherwise;
//! anything else (a learner's own server's words, a newer sentence) is shown as it came.

use crate::sandbox::frames::{Args, ErrorFrame, SystemFrame};

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

/// A line the platform writes in server A's log, from its key and args.
pub fn platform_line(key: Option<&str>, args: &Args, text: &str) -> String {
    let arg = |name| args.get(name);
    let said = match key.unwrap_or_default() {
        "starting" => Some("내 서버를 시작하는 중…".to_string()),
        "answering" => arg("ms").map(|ms| format!("내 서버가 응답해요 ({ms} ms).")),
        "no_answer" => arg("seconds")
            .zip(arg("error"))
            .map(|(seconds, error)| format!("내 서버가 {seconds}초 안에 응답하지 않았어요: {error}")),
        "stopped" => Some("중지됐어요.".to_string()),
        "lifetime_over" => arg("minutes")
            .map(|m| format!("중지됐어요: 한 번 실행할 수 있는 시간은 최대 {m}분이에요. 다시 시작하려면 실행을 누르세요.")),
        "cpu_limit" => arg("seconds").map(|s| {
            format!("중지됐어요: 내 서버가 CPU 시간 {s}초를 다 썼어요(모든 프로세스 합계). 기다리지 않고 도는 루프가 있나요?")
        }),
        "memory_limit" => arg("mib")
            .map(|mib| format!("중지됐어요: 내 서버가 메모리를 {mib} MiB 넘게 썼어요(모든 프로세스 합계).")),
        "killed" => Some("강제 종료됐어요 (SIGKILL): 실행 환경의 제한을 넘었어요.".to_string()),
        "signal" => arg("signal").map(|n| format!("끝났어요 (시그널 {n}).")),
        "exited" => Some("종료됐어요.".to_string()),
        "exited_with" => arg("code").map(|code| format!("끝났어요 (종료 상태 {code}): 위 로그를 확인하세요.")),
        "lines_hidden" => arg("lines")
            .map(|n| format!("… {n}줄은 여기 보이지 않아요 (GET …/servers/a/log에 마지막 500줄이 있어요)")),
        "client_unreachable" => {
            arg("problem").map(|p| format!("서버 A의 클라이언트가 내 서버에 연결하지 못했어요: {p}"))
        }
        "dropped_frame" => {
            let why = match (arg("why"), arg("error")) {
                (Some("not_json"), _) => Some("JSON이 아니에요".to_string()),
                (Some("incomplete_message"), Some(error)) => Some(format!(
                    "메시지에는 id, room, user, text, origin, via, sent_at_ms가 있어야 해요 ({error})"
                )),
                (Some("unknown_type"), _) => Some("type이 message, system, error 중 하나가 아니에요".to_string()),
                _ => None,
            };
            why.zip(arg("user")).zip(arg("frame")).map(|((why, user), frame)| {
                format!("내 서버가 {user} 님에게 보낸 프레임이 버려졌어요: {why}: {frame}")
            })
        }
        _ => None,
    };
    said.unwrap_or_else(|| text.to_string())
}

/// The Redis console's refusal or notice, from its key and args.
pub fn console_said(key: Option<&str>, args: &Args, text: &str) -> String {
    let arg = |name| args.get(name);
    let said = match key.unwrap_or_default() {
        "line_too_long" => arg("bytes")
            .zip(arg("max"))
            .map(|(bytes, max)| format!("이 줄은 {bytes}바이트예요. 콘솔은 {max}바이트까지 받아요.")),
        "open_quote" => Some("따옴표가 닫히지 않았어요.".to_string()),
        "too_many_words" => arg("words")
            .zip(arg("max"))
            .map(|(words, max)| format!("이 명령은 단어가 {words}개예요. 콘솔은 단어를 {max}개까지 받아요.")),
        "not_available" => arg("command").map(|command| {
            format!(
                "{command} 명령은 이 콘솔에서 쓸 수 없어요. 이 콘솔은 레슨에서 배우는 명령만 실행해요: \
                 Pub/Sub(PUBLISH, SUBSCRIBE, PSUBSCRIBE, PUBSUB…), Streams(XADD, XREAD, XRANGE…), \
                 문자열·해시·리스트(SET, GET, HSET, LPUSH…), PING, ECHO, TIME, CLIENT LIST, INFO."
            )
        }),
        "subcommands" => arg("command")
            .zip(arg("allowed"))
            .map(|(command, allowed)| format!("여기서 {command} 명령은 다음 하위 명령만 받아요: {allowed}.")),
        "info_sections" => arg("sections").map(|sections| {
            format!("여기서 INFO는 다음 섹션만 보여 줘요(하나 이상 지정하세요): {sections}. 나머지 섹션에는 호스트의 경로와 프로세스 ID가 들어 있어요.")
        }),
        "resp3_only" => Some("이 콘솔은 레슨처럼 RESP3로 통신해요: HELLO나 HELLO 3만 쓸 수 있어요.".to_string()),
        "unbounded_block" => arg("max_ms").map(|max| {
            format!("여기서 BLOCK은 1~{max} ms만 받아요: 기다리는 동안 콘솔 연결은 다른 명령에 응답하지 못해요.")
        }),
        "too_many_subscriptions" => arg("max").zip(arg("listening")).map(|(max, listening)| {
            format!(
                "콘솔 하나는 채널과 패턴을 합쳐 최대 {max}개까지 구독할 수 있어요(지금 {listening}개): 먼저 UNSUBSCRIBE나 PUNSUBSCRIBE로 구독을 줄이세요."
            )
        }),
        "slow_down" => arg("rate").map(|rate| format!("천천히 보내세요: 콘솔은 초당 명령을 {rate}개까지 받아요.")),
        "text_frames_only" => Some("콘솔은 명령을 텍스트 프레임으로 읽어요.".to_string()),
        "redis_not_running" => {
            Some("Redis가 실행 중이 아니에요: Redis 시작을 누른 뒤 명령을 다시 입력하세요.".to_string())
        }
        "connected" => Some("내 샌드박스의 Redis에 연결했어요. 콘솔은 RESP3로 통신하려고 먼저 HELLO 3을 보내요:".to_string()),
        "write_failed" => Some("명령을 보내지 못했어요: Redis가 연결을 닫았어요. 명령을 다시 입력하면 재연결해요.".to_string()),
        "connection_closed" => Some(
            "Redis가 콘솔의 연결을 닫았어요(Redis가 멈췄거나 콘솔이 너무 뒤처졌어요). 구독도 함께 끝났어요. 다음 명령을 입력하면 새로 연결해요."
                .to_string(),
        ),
        "reply_too_large" => Some(
            "응답이 1 MiB보다 커서 콘솔이 보여 줄 수 있는 양을 넘었어요: 연결을 닫았어요. COUNT를 쓰거나 범위를 좁혀서 더 적게 요청하세요."
                .to_string(),
        ),
        _ => None,
    };
    said.unwrap_or_else(|| text.to_string())
}

/// A chat server's notice, from its event and args.
pub fn system_notice(notice: &SystemFrame) -> String {
    let arg = |name| notice.arg(name);
    let said = match notice.event.as_str() {
        "bridge_lost" => {
            Some("Redis와의 연결이 끊겼어요: 이제 메시지가 서버 사이를 건너가지 못해요. 다시 연결하는 중…".to_string())
        }
        "bridge_restored" => {
            arg("seconds").map(|s| format!("{s}초 만에 Redis에 다시 연결됐어요: 메시지가 다시 서버 사이를 건너가요."))
        }
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
