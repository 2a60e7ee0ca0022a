//! Lessons: markdown files in `lessons/`, loaded, validated and rendered on the server, and the
//! data shapes the pages receive.
//!
//! The server-only half (`source`, `render`, `catalog`) is pure: files in, [`catalog::Catalog`]
//! and `file:line:col` diagnostics out. It knows nothing of HTTP or SQL. The shared half (this file
//! and `api`) is what the browser needs: plain data and the server functions that return it.

pub mod exercise;

#[cfg(feature = "ssr")]
pub mod catalog;
#[cfg(feature = "ssr")]
pub mod diagnostic;
#[cfg(feature = "ssr")]
pub mod dialect;
#[cfg(feature = "ssr")]
pub mod include;
#[cfg(feature = "ssr")]
pub mod library;
#[cfg(feature = "ssr")]
pub mod render;
#[cfg(feature = "ssr")]
pub mod samples;
#[cfg(feature = "ssr")]
pub mod source;
#[cfg(feature = "ssr")]
pub mod translation;
#[cfg(feature = "ssr")]
pub mod watch;

use serde::{Deserialize, Serialize};

use exercise::{Check, SandboxSetup};

/// Whether learners see a lesson. Drafts are validated like the rest but never listed or served.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LessonStatus {
    Published,
    Draft,
}

impl LessonStatus {
    pub fn label(self) -> &'static str {
        match self {
            LessonStatus::Published => "published",
            LessonStatus::Draft => "draft",
        }
    }
}

/// One line of the course index: enough to choose a lesson.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LessonSummary {
    pub slug: String,
    pub title: String,
    /// 1-based place among the published lessons ("Lesson 3 of 07").
    pub position: usize,
    pub summary: String,
    pub tags: Vec<String>,
    /// Reading time in minutes.
    pub minutes: u32,
}

/// A neighbour in the course, for the previous/next links at the foot of a lesson.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LessonLink {
    pub slug: String,
    pub title: String,
}

/// XP a learner earns for reading the lesson and for completing its exercise.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LessonXp {
    #[serde(default = "default_reading_xp")]
    pub reading: u32,
    #[serde(default)]
    pub exercise: u32,
}

impl Default for LessonXp {
    fn default() -> Self {
        LessonXp { reading: default_reading_xp(), exercise: 0 }
    }
}

fn default_reading_xp() -> u32 {
    10
}

/// Further reading, shown at the foot of the lesson.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExternalLink {
    pub title: String,
    pub url: String,
}

/// Everything a lesson page shows. The body is HTML rendered on the server from trusted files
/// in `lessons/`; nothing a learner types ever reaches it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LessonView {
    pub summary: LessonSummary,
    pub status: LessonStatus,
    /// The language its words are in: the page's, or English when it has no translation yet.
    pub language: crate::i18n::Lang,
    /// How many lessons are published, for "Lesson N of 07".
    pub total: usize,
    /// Never serialised: the server renders it into the page once, and a page rendered in the
    /// browser asks for it on its own (`ui::lesson_server_fns::get_lesson_body`). Sent with the rest, a long
    /// lesson's text would travel twice, once as HTML and again as hydration data.
    #[serde(skip)]
    pub body_html: String,
    pub xp: LessonXp,
    pub links: Vec<ExternalLink>,
    pub sandbox: SandboxSetup,
    /// The starting code of "Your server A", when the lesson offers it.
    pub own_server_code: Option<String>,
    pub exercise: Vec<Check>,
    pub previous: Option<LessonLink>,
    pub next: Option<LessonLink>,
    /// The server reloads lessons when their files change (development): the page follows.
    pub live_reload: bool,
}

/// What `/lessons/{slug}` shows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum LessonPage {
    Ready(Box<LessonView>),
    /// The lesson file has problems: the instructor sees them, as `file:line:col: message`.
    Broken {
        slug: String,
        problems: Vec<String>,
    },
    NotFound,
}
