//! Every URL the site serves or links to, in one place: a rename is one edit here.

/// The course's home: the list of published lessons.
pub const HOME: &str = "/";
/// Liveness and readiness probe (plain JSON, no page).
pub const HEALTHZ: &str = "/healthz";

/// The page of one lesson.
pub fn lesson(slug: &str) -> String {
    format!("/lessons/{slug}")
}
