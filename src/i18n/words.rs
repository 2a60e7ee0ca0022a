//! The catalogue's keys: every sentence of the interface, grouped by the part of the site that
//! says it. Each language is one value of [`Words`] (`en.rs`, `ko.rs`); a field missing from one
//! of them, or one that is not here, is a compile error, so no page can show a raw key.
//!
//! A plain field is a fixed text; a `fn` field puts numbers and names into a sentence, in the
//! order its language needs them. Numbers are formatted here, on the server where the page is
//! rendered there (no locale data in the browser's bundle).

pub struct Words {
    pub shell: Shell,
    pub home: Home,
    pub lesson: LessonWords,
    pub progress: ProgressWords,
    pub not_found: NotFoundWords,
    /// The sandbox panel (its own file: `panel.rs`).
    pub panel: &'static super::panel::PanelWords,
    /// Accounts, comments, notifications, reports (`pages.rs`).
    pub pages: &'static super::pages::PagesWords,
}

/// The header, the language switcher and the theme toggle, on every page.
pub struct Shell {
    pub track_name: &'static str,
    /// The switcher's tooltip, in the page's language: "Read this page in Korean".
    pub read_in_other_language: &'static str,
    pub dark_theme: &'static str,
    pub light_theme: &'static str,
    pub theme_toggle_title: &'static str,
    pub main_navigation: &'static str,
}

/// `/`: the course index.
pub struct Home {
    pub page_title: &'static str,
    pub heading: &'static str,
    pub intro: &'static str,
    pub loading: &'static str,
    pub load_failed: &'static str,
    pub none_published: &'static str,
    /// "Continue: lesson 3 · Redis Pub/Sub on the wire →" (`started`: the learner has begun).
    pub continue_at: fn(started: bool, position: usize, title: &str) -> String,
    pub done: &'static str,
    pub read: &'static str,
}

/// A lesson's page around its text.
pub struct LessonWords {
    pub loading: &'static str,
    pub load_failed: &'static str,
    /// "Lesson 3 of 07".
    pub position: fn(position: usize, total: usize) -> String,
    pub published: &'static str,
    pub draft: &'static str,
    pub minutes_to_read: fn(minutes: u32) -> String,
    pub draft_banner: &'static str,
    /// Shown above a lesson served in English on a page of another language.
    pub not_translated: &'static str,
    pub report_prompt: &'static str,
    pub report_link: &'static str,
    pub course_navigation: &'static str,
    pub further_reading: &'static str,
    pub broken_title: fn(slug: &str) -> String,
    pub broken_heading: &'static str,
    pub broken_for_authors: &'static str,
    pub broken_for_learners: &'static str,
    /// The titles of `> [!NOTE]` and its kin, in this order: note, tip, important, warning, caution.
    pub callouts: [&'static str; 5],
}

/// The level bar first on every page, and "Mark as read".
pub struct ProgressWords {
    pub region: &'static str,
    pub unreadable: &'static str,
    /// "Level 2 · Listener".
    pub level: fn(level: usize, name: &str) -> String,
    pub lessons_done: fn(done: usize, total: usize) -> String,
    pub achievements: fn(unlocked: usize, total: usize) -> String,
    pub to_next_level: fn(xp: u32) -> String,
    pub top_level: &'static str,
    pub complete: fn(percent: usize) -> String,
    pub meter: &'static str,
    pub local_only: fn(days: u32) -> String,
    pub sign_in: &'static str,
    pub or: &'static str,
    pub sign_up: &'static str,
    pub to_sync: &'static str,
    pub signed_in_as: &'static str,
    pub synced: &'static str,
    pub sign_out: &'static str,
    pub mark_read: &'static str,
    pub read_done: fn(xp: u32) -> String,
}

/// The page for an address with nothing at it.
pub struct NotFoundWords {
    pub title: &'static str,
    pub heading: &'static str,
    pub text: &'static str,
    pub see_all: &'static str,
}

pub use super::number;
