//! The words of the account pages, comments, notifications, problem reports, the instructors'
//! page and the achievements page: one struct of keys per page, one value per language
//! (`en.rs`, `ko.rs`).
//!
//! Dates come from the server as machine values (RFC 3339, `YYYY-MM-DD`): [`Moment`] and [`Day`]
//! (`dates.rs`) take them apart, and each language says them ([`PagesWords::moment`],
//! [`PagesWords::day`]); one that cannot be read is shown as the server wrote it.

mod dates;
mod en;
mod ko;

pub use dates::{Day, Moment};
pub use en::EN;
pub use ko::KO;

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

impl PagesWords {
    /// A moment sent as RFC 3339, in this language; `fallback` if it cannot be read.
    pub fn moment_iso(&self, iso: &str, fallback: &str) -> String {
        Moment::from_iso(iso).map_or_else(|| fallback.to_string(), |m| (self.moment)(&m))
    }

    /// A day sent as `YYYY-MM-DD`, in this language.
    pub fn day_iso(&self, iso: &str) -> String {
        Day::from_iso(iso).map_or_else(|| iso.to_string(), |d| (self.day)(&d))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_says_a_moment_as_the_server_used_to_and_korean_in_its_own_order() {
        let iso = "2025-12-01T12:40:00Z";
        assert_eq!(Moment::from_iso(iso), Some(Moment { year: 2025, month: 12, day: 1, hour: 12, minute: 40 }));
        assert_eq!(EN.moment_iso(iso, "?"), "1 Dec 2025, 12:40 UTC");
        assert_eq!(KO.moment_iso(iso, "?"), "2025년 12월 1일 12:40 UTC");
        assert_eq!(EN.moment_iso("2026-01-09T03:05:00Z", "?"), "9 Jan 2026, 03:05 UTC");
        assert_eq!(KO.moment_iso("not a date", "as sent"), "as sent");
    }

    #[test]
    fn days_are_iso_in_english_and_written_out_in_korean() {
        assert_eq!(EN.day_iso("2026-12-01"), "2026-12-01");
        assert_eq!(KO.day_iso("2026-12-01"), "2026년 12월 1일");
        assert_eq!(KO.day_iso(""), "");
    }
}
