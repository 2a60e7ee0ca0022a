//! What the server refused, said in the reader's language at display time. A refusal travels
//! as a key and its arguments (`problem::Problem`); its English sentence is the domain's own
//! (`Display`), and its Korean one is here, matched on every variant, so a new refusal without
//! Korean words does not build.

use super::Lang;
use crate::auth::problem::AccountProblem;
use crate::comments::problem::{CommentProblem, group_thousands};
use crate::problem::{Problem, Refusal};
use crate::progress::ProgressProblem;
use crate::reports::{CONTACT_MAX_CHARS, ReportProblem, WHAT_MAX_CHARS};
use crate::sandbox::refusal::SandboxRefusal;

/// A problem as the reader reads it.
pub fn say(problem: &Problem, lang: Lang) -> String {
    match lang {
        Lang::En => problem.to_string(),
        Lang::Ko => korean(problem),
    }
}

/// A problem in the language of the page being shown.
pub fn said(problem: &Problem) -> String {
    say(problem, super::use_lang())
}

/// An account form's refusal (`wait`: the seconds to wait, for a slow-down).
pub fn say_account(problem: AccountProblem, wait: Option<u64>, lang: Lang) -> String {
    match lang {
        Lang::En => problem.sentence(wait),
        Lang::Ko => korean_account(problem, wait),
    }
}

fn korean(problem: &Problem) -> String {
    match problem {
        Problem::Refused(refusal) => korean_refusal(refusal),
        Problem::Fault { id } => {
            format!(
                "저희 쪽에서 문제가 생겼어요. 잠시 후 다시 해 보세요. 계속되면 신고할 때 이 코드를 적어 주세요: {id}"
            )
        }
        Problem::Unreachable => "지금은 서버에 연결할 수 없어요. 연결을 확인하고 다시 해 보세요.".into(),
    }
}

fn korean_refusal(refusal: &Refusal) -> String {
    match refusal {
        Refusal::Comment(p) => korean_comment(p),
        Refusal::Report(p) => korean_report(p),
        Refusal::Progress(p) => match p {
            ProgressProblem::NoSuchLesson => "그런 레슨은 없어요.".into(),
            ProgressProblem::TooManyNewLearners { retry_after_secs } => {
                format!(
                    "최근 1분 동안 같은 네트워크 주소에서 새 학습자가 너무 많아요. {retry_after_secs}초 후에 다시 해 보세요."
                )
            }
        },
        Refusal::Sandbox(p) => korean_sandbox(p),
        Refusal::InstructorsOnly => "강사만 할 수 있어요.".into(),
    }
}

fn korean_comment(problem: &CommentProblem) -> String {
    use CommentProblem::*;
    match problem {
        SignInFirst => "댓글을 쓰려면 로그인하세요.".into(),
        Empty => "댓글이 비어 있어요. 먼저 내용을 써 주세요.".into(),
        TooLong(has) => format!(
            "댓글은 최대 {}자예요. 이 댓글은 {}자예요. 줄여서 다시 올려 주세요.",
            group_thousands(crate::comments::BODY_MAX_CHARS),
            group_thousands(*has)
        ),
        SlowDownAccount(s) => {
            format!("댓글을 너무 빨리 쓰고 있어요. {s}초 기다렸다가 다시 올려 주세요. 쓴 내용은 그대로 있어요.")
        }
        SlowDownAddress(s) => {
            format!(
                "지금 같은 네트워크에서 댓글이 너무 많아요. {s}초 기다렸다가 다시 올려 주세요. 쓴 내용은 그대로 있어요."
            )
        }
        Gone => "그 댓글은 없어졌어요(삭제되었거나 강사가 숨겼어요). 더 이상 답하거나 고칠 수 없어요.".into(),
        NotYours => "댓글 작성자만 할 수 있어요.".into(),
        NotInstructor => "강사만 댓글을 숨길 수 있어요.".into(),
        NoSuchLesson => "그런 레슨은 없어요.".into(),
    }
}

fn korean_report(problem: &ReportProblem) -> String {
    use ReportProblem::*;
    match problem {
        Empty => "신고 내용이 비어 있어요. 무엇이 잘못됐는지 먼저 써 주세요.".into(),
        TooLong(has) => format!(
            "신고는 최대 {}자예요. 이 신고는 {}자예요. 줄여서 다시 보내 주세요.",
            group_thousands(WHAT_MAX_CHARS),
            group_thousands(*has)
        ),
        ContactTooLong => format!("연락처는 최대 {CONTACT_MAX_CHARS}자예요."),
        SlowDown(s) => {
            format!("방금 신고를 여러 번 보냈어요. {s}초 기다렸다가 다시 보내 주세요. 쓴 내용은 그대로 있어요.")
        }
        NoSuchLesson => "그런 레슨은 없어요.".into(),
        ClosedAlready => "그 신고는 이미 닫혔어요.".into(),
    }
}

fn korean_sandbox(refusal: &SandboxRefusal) -> String {
    use SandboxRefusal::*;
    match refusal {
        Ended => "이 샌드박스는 끝났어요. 새로 시작하세요.".into(),
        OnAnotherNode { node } => format!("이 샌드박스는 노드 {node}에서 돌고 있는데, 이 요청은 다른 노드에 왔어요."),
        CrossSite => "다른 사이트의 요청은 학습자의 쿠키를 써서 요청할 수 없어요. 샌드박스의 토큰을 쓰세요.".into(),
        NoSuchLesson { slug } => format!("`{slug}` 레슨은 없어요."),
        NoExercise => "이 샌드박스는 레슨을 위해 시작된 것이 아니어서 실습이 없어요.".into(),
        BadRoom => "룸 이름은 1~64자로, 글자, 숫자, '-', '_', '.', ':'만 쓸 수 있어요.".into(),
        BadUser => "사용자 이름은 1~40자의 출력 가능한 문자예요.".into(),
        // The parser's own words stay as they are: they name what the request's body got wrong.
        BadBody { expected, detail } => format!("요청 본문을 이해하지 못했어요. 기대한 것: {expected}: {detail}"),
        CodeTooLarge { max_kib } => format!("코드가 {max_kib} KiB를 넘어요. 서버 A 코드는 파일 하나로 작성하세요."),
        TooManyForOwner(n) => format!("이미 샌드박스 {n}개가 실행 중이에요. 하나를 지우거나 만료될 때까지 기다리세요."),
        TooManyForAddress(n) => {
            format!("이 네트워크 주소에 허용된 샌드박스 {n}개를 이미 모두 쓰고 있어요. 하나가 끝나면 다시 해 보세요.")
        }
        TooManyInTotal(n) => format!("서버가 최대치인 샌드박스 {n}개를 실행 중이에요. 1분 후에 다시 해 보세요."),
        TooManyNewLearners { retry_after_secs } => {
            format!(
                "최근 1분 동안 같은 네트워크 주소에서 새 학습자가 너무 많아요. {retry_after_secs}초 후에 다시 해 보세요."
            )
        }
        SandboxConnectionsFull(n) => format!("이 샌드박스에는 이미 WebSocket {n}개가 열려 있어요."),
        EventStreamsFull(n) => format!("이 샌드박스에는 이미 이벤트 스트림 {n}개가 열려 있어요."),
        AddressConnectionsFull => "이 네트워크 주소에서 열린 연결이 너무 많아요.".into(),
        LiveStreamsFull(n) => format!("라이브 스트림이 열린 페이지가 이미 {n}개예요."),
        TooManyRooms(n) => format!("이 샌드박스는 이미 룸 {n}개를 쓰고 있어요. 그중 하나에 들어가세요."),
        TooFast { retry_after_secs } => {
            format!("Redis를 너무 자주 멈추고 시작했어요. {retry_after_secs}초 후에 다시 해 보세요.")
        }
        ServersBusyInTotal(n) => format!(
            "이 서버는 학습자 서버를 최대치인 {n}개까지 동시에 실행하고 있어요. 몇 분 후에 다시 해 보거나, 그동안 저희 서버 A를 쓰세요."
        ),
        ServersBusyForAddress(n) => format!(
            "이 네트워크 주소에 허용된 서버 {n}개가 이미 실행 중이에요. 하나를 멈추고(다른 탭에 있나요?) 다시 실행하세요."
        ),
        // Said to whoever runs the site (a redis-server or bubblewrap is missing): a command to run.
        Unavailable { what } => what.clone(),
    }
}

fn korean_account(problem: AccountProblem, wait: Option<u64>) -> String {
    use AccountProblem::*;
    let wait = wait.map_or_else(|| "잠시".to_string(), |s| format!("{s}초"));
    match problem {
        UsernameInvalid => "사용자 이름은 3~32자의 영문자, 숫자, '-', '_', '.'로 정해 주세요.".into(),
        PasswordTooShort => format!("비밀번호는 {}자 이상으로 정해 주세요.", crate::auth::PASSWORD_MIN_LENGTH),
        PasswordTooLong => "비밀번호는 200자 이하로 정해 주세요.".into(),
        UsernameTaken => "이미 쓰이는 사용자 이름이에요. 다른 이름을 골라 주세요.".into(),
        TooLong => "저희가 저장하는 어떤 사용자 이름, 비밀번호, 링크보다도 길어요.".into(),
        WrongPassword => "그 사용자 이름(또는 이메일)과 비밀번호에 맞는 계정이 없어요.".into(),
        SlowDownAccount => format!("이 계정의 로그인 시도가 너무 많아요. {wait} 기다렸다가 다시 해 보세요."),
        SlowDownAddress => format!("같은 네트워크에서 로그인 시도가 너무 많아요. {wait} 기다렸다가 다시 해 보세요."),
        TooManyNewLearners => "최근 1분 동안 같은 네트워크에서 새 학습자가 너무 많아요. 잠시 후 다시 해 보세요.".into(),
        AlreadySignedIn => "이미 로그인되어 있어요. 다른 계정을 만들려면 먼저 로그아웃하세요.".into(),
        ResetLinkInvalid => "이 재설정 링크는 만료되었거나 이미 쓰였어요. 강사에게 새 링크를 요청하세요.".into(),
        Internal => "저희 쪽에서 문제가 생겼어요. 잠시 후 다시 해 보세요.".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refusal_is_said_in_the_readers_language_from_its_key_and_arguments() {
        let problem = Problem::refused(CommentProblem::SlowDownAccount(17));
        assert!(say(&problem, Lang::En).contains("wait 17 seconds"));
        assert!(say(&problem, Lang::Ko).contains("17초 기다렸다가"), "{}", say(&problem, Lang::Ko));
        let fault = Problem::Fault { id: "E-0000abcd".into() };
        assert!(say(&fault, Lang::Ko).contains("E-0000abcd"));
        assert_eq!(say_account(AccountProblem::SlowDownAddress, Some(9), Lang::Ko).matches("9초").count(), 1);
        assert_eq!(
            say_account(AccountProblem::UsernameTaken, None, Lang::En),
            "That username is taken; choose another."
        );
    }
}
