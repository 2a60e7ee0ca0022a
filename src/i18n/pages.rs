//! The words of the account pages, comments, notifications, problem reports and the
//! instructors' page, in each language.
//!
//! Dates come from the server already in English words ("1 Dec 2026, 12:40 UTC", see
//! `comments::store::when`) or as machine values (RFC 3339, `YYYY-MM-DD`): [`Moment`] and [`Day`]
//! take either apart, and each language says them again ([`PagesWords::moment`],
//! [`PagesWords::day`]); one that cannot be read is shown as the server wrote it.

use super::number;

pub struct PagesWords {
    pub account: AccountWords,
    pub comments: CommentWords,
    pub notifications: NotificationWords,
    pub report: ReportFormWords,
    pub reports: InstructorWords,
    pub achievements: AchievementWords,
    /// A moment: "1 Dec 2026, 12:40 UTC" (English: the server's own words for it).
    pub moment: fn(&Moment) -> String,
    /// A day: "2026-12-01" (English: the ISO date the server sends).
    pub day: fn(&Day) -> String,
}

/// `/signin`, `/signup`, `/account`, `/reset-password`.
pub struct AccountWords {
    pub sign_in: &'static str,
    pub sign_up: &'static str,
    pub sign_out: &'static str,
    pub or: &'static str,
    pub username: &'static str,
    pub password: &'static str,
    // Sign in.
    pub sign_in_lead: &'static str,
    pub username_or_email: &'static str,
    pub new_here: &'static str,
    /// After the "Sign up" link: "Forgot your password? …".
    pub forgot_password: &'static str,
    // Sign up.
    pub sign_up_lead: &'static str,
    pub username_rule: &'static str,
    /// "At least 10 characters."
    pub password_rule: fn(min: usize) -> String,
    pub have_account: &'static str,
    /// After the "Sign in" link of the sign-up page.
    pub have_account_after: &'static str,
    // The account.
    pub your_account: &'static str,
    pub password_changed: &'static str,
    pub signed_in_as: &'static str,
    /// After the name: " · 120 XP · level 1 (Listener)".
    pub standing: fn(xp: u32, level: usize, level_name: &str) -> String,
    pub your_data: &'static str,
    pub download_progress: &'static str,
    pub delete_heading: &'static str,
    pub delete_text: &'static str,
    pub delete_button: &'static str,
    pub not_signed_in: &'static str,
    /// After "Sign in or Sign up".
    pub to_keep_everywhere: &'static str,
    pub download_browser_progress: &'static str,
    // A new password.
    pub set_new_password: &'static str,
    /// "At least 10 characters. The link works once."
    pub reset_hint: fn(min: usize) -> String,
    pub reset_button: &'static str,
}

/// The comment thread under a lesson, and the count in its header.
pub struct CommentWords {
    /// The region and its heading.
    pub comments: &'static str,
    pub loading: &'static str,
    pub empty: &'static str,
    pub older: &'static str,
    pub newest: &'static str,
    pub sign_in_to_comment: &'static str,
    pub sign_in_why: &'static str,
    /// "no comments yet", "1 comment", "3 comments".
    pub count: fn(n: usize) -> String,
    /// Who wrote a comment whose account is gone.
    pub former_learner: &'static str,
    pub edited: &'static str,
    pub hidden_note: &'static str,
    pub deleted_placeholder: &'static str,
    pub hidden_placeholder: &'static str,
    pub reply: &'static str,
    pub edit: &'static str,
    pub delete: &'static str,
    pub confirm_delete: &'static str,
    pub hide: &'static str,
    pub show_again: &'static str,
    // The box.
    pub new_label: &'static str,
    pub post_comment: &'static str,
    pub post_reply: &'static str,
    pub edit_label: &'static str,
    pub save_changes: &'static str,
    pub markdown_hint: &'static str,
    /// "4,600 of 5,000 characters."
    pub characters_of: fn(length: usize, max: usize) -> String,
    /// "At most 5,000 characters."
    pub at_most: fn(max: usize) -> String,
    pub cancel: &'static str,
}

/// The bell and `/notifications`.
pub struct NotificationWords {
    /// The bell's name: "Notifications (2 unread)".
    pub bell: fn(unread: i64) -> String,
    pub title: &'static str,
    pub loading: &'static str,
    /// Signed out: before and after the "Sign in" link.
    pub signed_out_before: &'static str,
    pub sign_in: &'static str,
    pub signed_out_after: &'static str,
    pub empty: &'static str,
    pub new: &'static str,
    /// "**kim** replied to your comment on *Lesson*": between the name and the title, and after it.
    pub replied_between: &'static str,
    pub replied_after: &'static str,
    /// Who replied, when their account is gone.
    pub former_learner: &'static str,
    pub mark_all_read: &'static str,
    pub on: &'static str,
    pub turn_off: &'static str,
    pub off: &'static str,
    pub turn_on: &'static str,
}

/// `/lessons/{slug}/report`: "Report a problem".
pub struct ReportFormWords {
    pub loading: &'static str,
    /// The page's title: "Report a problem: {lesson}".
    pub page_title: fn(lesson: &str) -> String,
    pub heading: &'static str,
    /// Before and after the lesson's title.
    pub with_lesson_before: &'static str,
    pub with_lesson_after: &'static str,
    /// "Thank you: …", and how many events its snapshot carries (`None`: no sandbox ran).
    pub sent: fn(events: Option<usize>) -> String,
    pub back: &'static str,
    pub guidance: &'static str,
    pub snapshot_running: &'static str,
    pub snapshot_none: &'static str,
    pub what: &'static str,
    pub contact: &'static str,
    pub contact_hint: &'static str,
    pub send: &'static str,
}

/// `/reports`, for instructors: the reports, where learners get stuck, the draft lessons.
pub struct InstructorWords {
    pub title: &'static str,
    pub loading: &'static str,
    /// Around `streamlab admin grant USER`.
    pub not_for_you_before: &'static str,
    pub not_for_you_after: &'static str,
    pub by_lesson: &'static str,
    pub all_lessons: fn(open: usize) -> String,
    pub open_only: &'static str,
    pub show_closed: &'static str,
    pub none_open: &'static str,
    /// A report's name for screen readers: "Report 12".
    pub report: fn(id: i64) -> String,
    /// Who sent it: a learner's name, or an anonymous learner (with how to reach them).
    pub from: fn(name: Option<&str>, contact: Option<&str>) -> String,
    pub no_sandbox: &'static str,
    /// "Closed {when}".
    pub closed: fn(at: &str) -> String,
    pub their_sandbox: &'static str,
    /// The snapshot in one line: mode, Redis (`running`/`stopped`), counters, whose server A.
    pub snapshot: fn(&SnapshotLine<'_>) -> String,
    pub checks_then: &'static str,
    pub passed: &'static str,
    pub not_passed: &'static str,
    pub exercise_complete: &'static str,
    pub last_events: fn(count: usize) -> String,
    pub closing_note: &'static str,
    pub closing_placeholder: &'static str,
    pub close: &'static str,
    // Where learners get stuck.
    pub stuck: &'static str,
    pub stuck_note: &'static str,
    /// After the lesson's title, when nobody started its sandbox.
    pub not_started: &'static str,
    pub started_row: &'static str,
    pub completed_row: &'static str,
    pub step: &'static str,
    pub learners: &'static str,
    pub opened_hint: &'static str,
    pub stuck_here: &'static str,
    pub drafts: &'static str,
    pub drafts_note: &'static str,
}

/// What the snapshot's line says, as the server recorded it.
pub struct SnapshotLine<'a> {
    pub mode: &'a str,
    /// `running` or `stopped`, as the sandbox API says it.
    pub redis: &'a str,
    pub sent: u64,
    pub delivered: u64,
    pub lost: u64,
    pub replayed: u64,
    pub own_server: bool,
}

/// `/achievements`.
pub struct AchievementWords {
    pub title: &'static str,
    pub loading: &'static str,
    pub count: fn(unlocked: usize, total: usize) -> String,
    /// "Unlocked on {day}" (the day already said in the page's language).
    pub unlocked_on: fn(day: &str) -> String,
    pub locked_steps: fn(so_far: usize, needed: usize) -> String,
    pub locked: &'static str,
    pub towards: &'static str,
}

/// A moment to the minute, in UTC, as the server gives it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Moment {
    pub year: i32,
    pub month: u8,
    pub day: u8,
    pub hour: u8,
    pub minute: u8,
}

/// A day, in UTC.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Day {
    pub year: i32,
    pub month: u8,
    pub day: u8,
}

const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

impl Day {
    /// From `YYYY-MM-DD` (what the achievements page is sent; an RFC 3339 moment starts so too).
    pub fn from_iso(text: &str) -> Option<Day> {
        let mut parts = text.get(..10)?.split('-');
        let year = parts.next()?.parse().ok()?;
        let month = parts.next()?.parse().ok().filter(|m| (1..=12).contains(m))?;
        let day = parts.next()?.parse().ok().filter(|d| (1..=31).contains(d))?;
        Some(Day { year, month, day })
    }
}

impl Moment {
    /// From RFC 3339 in UTC (`2026-12-01T12:40:00Z`, a `<time datetime>`).
    pub fn from_iso(text: &str) -> Option<Moment> {
        let Day { year, month, day } = Day::from_iso(text)?;
        let (hour, minute) = clock(text.get(10..16)?.strip_prefix('T')?)?;
        Some(Moment { year, month, day, hour, minute })
    }

    /// From the server's English words for it: `1 Dec 2026, 12:40 UTC`.
    pub fn from_words(text: &str) -> Option<Moment> {
        let mut parts = text.split(' ');
        let day = parts.next()?.parse().ok().filter(|d| (1..=31).contains(d))?;
        let month_name = parts.next()?;
        let month = MONTHS.iter().position(|m| *m == month_name)? as u8 + 1;
        let year = parts.next()?.strip_suffix(',')?.parse().ok()?;
        let (hour, minute) = clock(parts.next()?)?;
        (parts.next() == Some("UTC") && parts.next().is_none()).then_some(Moment { year, month, day, hour, minute })
    }
}

/// `12:40`.
fn clock(text: &str) -> Option<(u8, u8)> {
    let (hour, minute) = text.split_once(':')?;
    let hour = hour.parse().ok().filter(|h| *h < 24)?;
    let minute = minute.parse().ok().filter(|m| *m < 60)?;
    Some((hour, minute))
}

impl PagesWords {
    /// The server's words for a moment ("1 Dec 2026, 12:40 UTC"), in this language.
    pub fn moment_words(&self, server_words: &str) -> String {
        Moment::from_words(server_words).map_or_else(|| server_words.to_string(), |m| (self.moment)(&m))
    }

    /// A moment sent as RFC 3339, in this language; `fallback` (the server's words) if unreadable.
    pub fn moment_iso(&self, iso: &str, fallback: &str) -> String {
        Moment::from_iso(iso).map_or_else(|| fallback.to_string(), |m| (self.moment)(&m))
    }

    /// A day sent as `YYYY-MM-DD`, in this language.
    pub fn day_iso(&self, iso: &str) -> String {
        Day::from_iso(iso).map_or_else(|| iso.to_string(), |d| (self.day)(&d))
    }
}

/// Redis's state in the sandbox API's words, in Korean.
fn redis_ko(state: &str) -> &str {
    match state {
        "running" => "실행 중",
        "stopped" => "중지됨",
        other => other,
    }
}

pub static EN: PagesWords = PagesWords {
    account: AccountWords {
        sign_in: "Sign in",
        sign_up: "Sign up",
        sign_out: "Sign out",
        or: " or ",
        username: "Username",
        password: "Password",
        sign_in_lead: "Your progress follows you to every browser you sign in from. What you earned here without an \
                       account comes with you.",
        username_or_email: "Or the e-mail address you signed up with.",
        new_here: "New here? ",
        forgot_password: ". Forgot your password? Your instructor can give you a link to set a new one.",
        sign_up_lead: "An account keeps your XP, level and achievements, and brings them to any browser you sign in \
                       from. Everything you earned so far stays yours.",
        username_rule: "3 to 32 letters, digits, '-', '_' or '.'.",
        password_rule: |min| format!("At least {min} characters."),
        have_account: "Have an account? ",
        have_account_after: "",
        your_account: "Your account",
        password_changed: "Your new password is set, and you are signed in.",
        signed_in_as: "Signed in as ",
        standing: |xp, level, level_name| format!(" · {xp} XP · level {level} ({level_name})"),
        your_data: "Your data",
        download_progress: "Download your progress (JSON)",
        delete_heading: "Delete your account",
        delete_text: "This removes your account, your XP, achievements and everything recorded for you, and ends \
                      your sandboxes. It cannot be undone.",
        delete_button: "Delete my account",
        not_signed_in: "You are not signed in: your progress is kept for this browser only.",
        to_keep_everywhere: " to keep it on every device.",
        download_browser_progress: "Download this browser's progress (JSON)",
        set_new_password: "Set a new password",
        reset_hint: |min| format!("At least {min} characters. The link works once."),
        reset_button: "Set password and sign in",
    },
    comments: CommentWords {
        comments: "Comments",
        loading: "Loading comments…",
        empty: "No comments yet. Ask a question, or help someone who did.",
        older: "Older comments",
        newest: "Newest comments",
        sign_in_to_comment: "Sign in to comment",
        sign_in_why: ": an account keeps your progress too, and tells you when someone replies.",
        count: |n| match n {
            0 => "no comments yet".to_string(),
            1 => "1 comment".to_string(),
            n => format!("{n} comments"),
        },
        former_learner: "a former learner",
        edited: " · edited",
        hidden_note: " · hidden from learners by an instructor",
        deleted_placeholder: "comment deleted",
        hidden_placeholder: "comment hidden by an instructor",
        reply: "Reply",
        edit: "Edit",
        delete: "Delete",
        confirm_delete: "Delete your comment? Its replies stay, under \u{201c}comment deleted\u{201d}.",
        hide: "Hide",
        show_again: "Show again",
        new_label: "Comment",
        post_comment: "Post comment",
        post_reply: "Post reply",
        edit_label: "Edit your comment",
        save_changes: "Save changes",
        markdown_hint: "Markdown: *emphasis*, `code`, ``` code blocks, [links](https://…). ",
        characters_of: |length, max| format!("{} of {} characters.", number(length as u64), number(max as u64)),
        at_most: |max| format!("At most {} characters.", number(max as u64)),
        cancel: "Cancel",
    },
    notifications: NotificationWords {
        bell: |unread| format!("Notifications ({unread} unread)"),
        title: "Notifications",
        loading: "Loading notifications…",
        signed_out_before: "When someone replies to your comment under a lesson, it shows here. ",
        sign_in: "Sign in",
        signed_out_after: " to comment and to hear of replies.",
        empty: "No notifications yet. Replies to your comments will show here, and the bell at the top counts the \
                unread ones.",
        new: "New: ",
        replied_between: " replied to your comment on ",
        replied_after: "",
        former_learner: "A former learner",
        mark_all_read: "Mark all as read",
        on: "Reply notifications are on: you hear when someone replies to your comment.",
        turn_off: "Turn them off",
        off: "Reply notifications are off: replies to your comments are not counted here.",
        turn_on: "Turn them on",
    },
    report: ReportFormWords {
        loading: "Loading…",
        page_title: |lesson| format!("Report a problem: {lesson}"),
        heading: "Report a problem",
        with_lesson_before: "With the lesson ",
        with_lesson_after: ".",
        sent: |events| {
            let with = match events {
                Some(n) => format!(" It carries a snapshot of your sandbox ({n} events)."),
                None => String::new(),
            };
            format!("Thank you: your report is with the instructors.{with}")
        },
        back: "Back to the lesson",
        guidance: "A mistake in the text, a check that does not tick, a sandbox that misbehaves: say what you did \
                   and what you expected.",
        snapshot_running: "Your sandbox for this lesson is running: the report carries a snapshot of it (its mode, \
                           Redis, counters, the exercise's checks and its last 200 events), so the instructor sees \
                           what you saw.",
        snapshot_none: "No sandbox of yours runs for this lesson, so the report carries your words only. If the \
                        problem is in the sandbox, start it and report from there.",
        what: "What is wrong",
        contact: "How to reach you (optional)",
        contact_hint: "An e-mail address, if you would like an answer.",
        send: "Send report",
    },
    reports: InstructorWords {
        title: "Problem reports",
        loading: "Loading reports…",
        not_for_you_before: "Problem reports are for instructors. An instructor's account is made one with ",
        not_for_you_after: " on the server.",
        by_lesson: "Reports by lesson",
        all_lessons: |open| format!("All lessons ({open} open)"),
        open_only: "Open only",
        show_closed: "Show closed too",
        none_open: "No open reports. Learners send them from \u{201c}Report a problem\u{201d} under each lesson.",
        report: |id| format!("Report {id}"),
        from: |name, contact| match (name, contact) {
            (Some(name), _) => format!("from {name}"),
            (None, Some(contact)) => format!("from an anonymous learner ({contact})"),
            (None, None) => "from an anonymous learner".to_string(),
        },
        no_sandbox: "No sandbox was running for this lesson when it was sent.",
        closed: |at| format!("Closed {at}"),
        their_sandbox: "Their sandbox then: ",
        snapshot: |s| {
            format!(
                "Mode {} · Redis {} · sent {} · delivered {} · lost {} · replayed {}{}",
                s.mode,
                s.redis,
                s.sent,
                s.delivered,
                s.lost,
                s.replayed,
                if s.own_server { " · server A ran the learner's code" } else { "" },
            )
        },
        checks_then: "The exercise's checks then",
        passed: " (passed)",
        not_passed: " (not passed)",
        exercise_complete: "The exercise was complete.",
        last_events: |count| format!("Last {count} events"),
        closing_note: "Closing note",
        closing_placeholder: "Fixed in the lesson text, thanks!",
        close: "Close report",
        stuck: "Where learners get stuck",
        stuck_note: "Counted from what the server recorded as it happened: each learner once per step.",
        not_started: ": no learner has started its sandbox yet.",
        started_row: "Started the sandbox",
        completed_row: "Completed the exercise",
        step: "Step",
        learners: "Learners",
        opened_hint: "Opened the hint",
        stuck_here: " · most stop before this step",
        drafts: "Draft lessons",
        drafts_note: "Learners do not see these yet; you can preview them.",
    },
    achievements: AchievementWords {
        title: "Achievements",
        loading: "Loading achievements…",
        count: |unlocked, total| format!("{unlocked} of {total} unlocked"),
        unlocked_on: |day| format!("Unlocked on {day}"),
        locked_steps: |so_far, needed| format!("Locked · {so_far}/{needed} lessons"),
        locked: "Locked",
        towards: "Lessons towards it",
    },
    moment: |m| {
        let month = MONTHS.get(usize::from(m.month).wrapping_sub(1)).copied().unwrap_or("?");
        format!("{} {month} {}, {:02}:{:02} UTC", m.day, m.year, m.hour, m.minute)
    },
    day: |d| format!("{:04}-{:02}-{:02}", d.year, d.month, d.day),
};

pub static KO: PagesWords = PagesWords {
    account: AccountWords {
        sign_in: "로그인",
        sign_up: "회원가입",
        sign_out: "로그아웃",
        or: " 또는 ",
        username: "사용자 이름",
        password: "비밀번호",
        sign_in_lead: "로그인한 모든 브라우저에서 진행 상황을 이어 갈 수 있어요. 계정 없이 여기서 얻은 것도 함께 \
                       옮겨 가요.",
        username_or_email: "가입할 때 쓴 이메일 주소를 입력해도 돼요.",
        new_here: "처음이에요? ",
        forgot_password: "하세요. 비밀번호를 잊었나요? 강사에게 새 비밀번호를 설정할 링크를 받을 수 있어요.",
        sign_up_lead: "계정이 있으면 XP, 레벨, 업적이 보관되고, 로그인하는 어느 브라우저에서든 이어져요. 지금까지 \
                       얻은 것도 모두 그대로 남아요.",
        username_rule: "영문자, 숫자, '-', '_', '.'로 3~32자예요.",
        password_rule: |min| format!("{min}자 이상이어야 해요."),
        have_account: "계정이 있나요? ",
        have_account_after: "하세요.",
        your_account: "내 계정",
        password_changed: "새 비밀번호가 설정됐고, 로그인됐어요.",
        signed_in_as: "로그인한 계정: ",
        standing: |xp, level, level_name| format!(" · {} XP · 레벨 {level} ({level_name})", number(xp.into())),
        your_data: "내 데이터",
        download_progress: "내 진행 상황 다운로드 (JSON)",
        delete_heading: "계정 삭제",
        delete_text: "계정과 XP, 업적, 나에 관한 모든 기록이 지워지고, 실행 중인 샌드박스도 종료돼요. \
                      되돌릴 수 없어요.",
        delete_button: "내 계정 삭제",
        not_signed_in: "로그인하지 않았어요: 진행 상황은 이 브라우저에만 보관돼요.",
        to_keep_everywhere: "하면 모든 기기에서 이어 갈 수 있어요.",
        download_browser_progress: "이 브라우저의 진행 상황 다운로드 (JSON)",
        set_new_password: "새 비밀번호 설정",
        reset_hint: |min| format!("{min}자 이상이어야 해요. 링크는 한 번만 쓸 수 있어요."),
        reset_button: "비밀번호 설정하고 로그인",
    },
    comments: CommentWords {
        comments: "댓글",
        loading: "댓글을 불러오는 중…",
        empty: "아직 댓글이 없어요. 질문을 남기거나, 질문한 사람을 도와주세요.",
        older: "이전 댓글",
        newest: "최신 댓글",
        sign_in_to_comment: "로그인하고 댓글 달기",
        sign_in_why: ": 계정이 있으면 진행 상황도 보관되고, 누가 답글을 달면 알려 드려요.",
        count: |n| match n {
            0 => "아직 댓글 없음".to_string(),
            n => format!("댓글 {n}개"),
        },
        former_learner: "탈퇴한 학습자",
        edited: " · 수정됨",
        hidden_note: " · 강사가 학습자에게 보이지 않게 숨겼어요",
        deleted_placeholder: "삭제된 댓글",
        hidden_placeholder: "강사가 숨긴 댓글",
        reply: "답글",
        edit: "수정",
        delete: "삭제",
        confirm_delete: "댓글을 삭제할까요? 답글은 \u{201c}삭제된 댓글\u{201d} 아래에 남아요.",
        hide: "숨기기",
        show_again: "다시 보이기",
        new_label: "댓글",
        post_comment: "댓글 남기기",
        post_reply: "답글 남기기",
        edit_label: "댓글 수정",
        save_changes: "변경 사항 저장",
        markdown_hint: "Markdown: *강조*, `코드`, ``` 코드 블록, [링크](https://…). ",
        characters_of: |length, max| format!("최대 {}자 중 {}자예요.", number(max as u64), number(length as u64)),
        at_most: |max| format!("최대 {}자까지 쓸 수 있어요.", number(max as u64)),
        cancel: "취소",
    },
    notifications: NotificationWords {
        bell: |unread| format!("알림 (읽지 않음 {unread}개)"),
        title: "알림",
        loading: "알림을 불러오는 중…",
        signed_out_before: "레슨 아래에 남긴 내 댓글에 누군가 답글을 달면 여기에 표시돼요. ",
        sign_in: "로그인",
        signed_out_after: "하면 댓글을 달고 답글 알림을 받을 수 있어요.",
        empty: "아직 알림이 없어요. 내 댓글에 달린 답글이 여기에 표시되고, 위쪽 종 아이콘에 읽지 않은 알림 수가 \
                나와요.",
        new: "새 알림: ",
        replied_between: "님이 ",
        replied_after: " 레슨의 내 댓글에 답글을 달았어요",
        former_learner: "탈퇴한 학습자",
        mark_all_read: "모두 읽음으로 표시",
        on: "답글 알림이 켜져 있어요: 누군가 내 댓글에 답글을 달면 알려 드려요.",
        turn_off: "끄기",
        off: "답글 알림이 꺼져 있어요: 내 댓글에 달린 답글을 여기에서 세지 않아요.",
        turn_on: "켜기",
    },
    report: ReportFormWords {
        loading: "불러오는 중…",
        page_title: |lesson| format!("문제 신고하기: {lesson}"),
        heading: "문제 신고하기",
        with_lesson_before: "",
        with_lesson_after: " 레슨에 대한 신고예요.",
        sent: |events| {
            let with = match events {
                Some(n) => format!(" 샌드박스 스냅샷(이벤트 {n}개)도 함께 보냈어요."),
                None => String::new(),
            };
            format!("감사해요. 신고가 강사에게 전달됐어요.{with}")
        },
        back: "레슨으로 돌아가기",
        guidance: "본문의 오류, 통과되지 않는 체크, 이상하게 동작하는 샌드박스: 무엇을 했고 무엇을 기대했는지 \
                   알려 주세요.",
        snapshot_running: "이 레슨의 샌드박스가 실행 중이에요: 신고에 샌드박스 스냅샷(모드, Redis, 카운터, 실습의 \
                           체크, 최근 이벤트 200개)이 함께 담겨서, 강사가 내가 본 것을 그대로 볼 수 있어요.",
        snapshot_none: "이 레슨에서 실행 중인 내 샌드박스가 없어서, 신고에는 내가 쓴 내용만 담겨요. 문제가 \
                        샌드박스에 있다면 샌드박스를 시작한 뒤 거기서 신고해 주세요.",
        what: "무엇이 문제인가요",
        contact: "연락받을 방법 (선택)",
        contact_hint: "답변을 받고 싶다면 이메일 주소를 남겨 주세요.",
        send: "신고 보내기",
    },
    reports: InstructorWords {
        title: "문제 신고",
        loading: "신고를 불러오는 중…",
        not_for_you_before: "문제 신고는 강사만 볼 수 있어요. 서버에서 ",
        not_for_you_after: "를 실행하면 그 계정이 강사 계정이 돼요.",
        by_lesson: "레슨별 신고",
        all_lessons: |open| format!("모든 레슨 (열린 신고 {open}개)"),
        open_only: "열린 신고만",
        show_closed: "닫힌 신고도 보기",
        none_open: "열린 신고가 없어요. 학습자는 각 레슨 아래의 \u{201c}문제 신고하기\u{201d}에서 신고를 보내요.",
        report: |id| format!("신고 {id}"),
        from: |name, contact| match (name, contact) {
            (Some(name), _) => format!("보낸 사람: {name}"),
            (None, Some(contact)) => format!("보낸 사람: 익명 학습자 ({contact})"),
            (None, None) => "보낸 사람: 익명 학습자".to_string(),
        },
        no_sandbox: "신고를 보낼 때 이 레슨의 샌드박스는 실행 중이 아니었어요.",
        closed: |at| format!("{at}에 닫힘"),
        their_sandbox: "당시 샌드박스: ",
        snapshot: |s| {
            format!(
                "모드 {} · Redis {} · 보냄 {} · 전달 {} · 유실 {} · 재전송 {}{}",
                s.mode,
                redis_ko(s.redis),
                number(s.sent),
                number(s.delivered),
                number(s.lost),
                number(s.replayed),
                if s.own_server { " · 서버 A에서 학습자의 코드가 실행됐어요" } else { "" },
            )
        },
        checks_then: "당시 실습의 체크",
        passed: " (통과)",
        not_passed: " (미통과)",
        exercise_complete: "실습이 완료된 상태였어요.",
        last_events: |count| format!("최근 이벤트 {count}개"),
        closing_note: "닫는 메모",
        closing_placeholder: "레슨 본문에서 고쳤어요, 고마워요!",
        close: "신고 닫기",
        stuck: "학습자가 막히는 곳",
        stuck_note: "서버가 그때그때 기록한 내용으로 셌어요: 학습자마다 단계별로 한 번씩이에요.",
        not_started: ": 아직 샌드박스를 시작한 학습자가 없어요.",
        started_row: "샌드박스를 시작함",
        completed_row: "실습을 완료함",
        step: "단계",
        learners: "학습자",
        opened_hint: "힌트를 연 학습자",
        stuck_here: " · 대부분 이 단계 앞에서 멈춰요",
        drafts: "초안 레슨",
        drafts_note: "학습자에게는 아직 보이지 않아요. 미리 볼 수 있어요.",
    },
    achievements: AchievementWords {
        title: "업적",
        loading: "업적을 불러오는 중…",
        count: |unlocked, total| format!("{total}개 중 {unlocked}개 달성"),
        unlocked_on: |day| format!("{day} 달성"),
        locked_steps: |so_far, needed| format!("잠김 · 레슨 {so_far}/{needed}"),
        locked: "잠김",
        towards: "달성까지 완료한 레슨",
    },
    moment: |m| format!("{}년 {}월 {}일 {:02}:{:02} UTC", m.year, m.month, m.day, m.hour, m.minute),
    day: |d| format!("{}년 {}월 {}일", d.year, d.month, d.day),
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_says_a_moment_as_the_server_does_and_korean_in_its_own_order() {
        let words = "1 Dec 2025, 12:40 UTC";
        let moment = Moment::from_words(words).unwrap();
        assert_eq!(moment, Moment { year: 2025, month: 12, day: 1, hour: 12, minute: 40 });
        assert_eq!(EN.moment_words(words), words);
        assert_eq!(KO.moment_words(words), "2025년 12월 1일 12:40 UTC");
        assert_eq!(Moment::from_iso("2025-12-01T12:40:00Z"), Some(moment));
        assert_eq!(EN.moment_words("9 Jan 2026, 03:05 UTC"), "9 Jan 2026, 03:05 UTC");
        assert_eq!(KO.moment_iso("not a date", "as sent"), "as sent");
        assert_eq!(KO.moment_words("yesterday"), "yesterday");
    }

    #[test]
    fn days_are_iso_in_english_and_written_out_in_korean() {
        assert_eq!(EN.day_iso("2026-12-01"), "2026-12-01");
        assert_eq!(KO.day_iso("2026-12-01"), "2026년 12월 1일");
        assert_eq!(KO.day_iso(""), "");
    }
}
