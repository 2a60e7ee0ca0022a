//! One lesson file: a TOML front matter block between `+++` lines, then markdown.
//!
//! Parsing turns the text into a [`Lesson`] or into diagnostics that point at the exact line of
//! the file (front matter errors are shifted by the opening `+++` line).

use std::path::Path;

use serde::Deserialize;

use super::LessonStatus;
use super::diagnostic::{Diagnostic, line_col};
use super::render::render_markdown;

/// Words a learner reads per minute of technical prose, for the computed reading time.
const WORDS_PER_MINUTE: usize = 200;

const FENCE: &str = "+++";

/// A lesson as the server holds it, parsed and rendered.
#[derive(Clone, Debug, PartialEq)]
pub struct Lesson {
    pub slug: String,
    pub title: String,
    pub order: u32,
    pub summary: String,
    pub tags: Vec<String>,
    pub status: LessonStatus,
    pub minutes: u32,
    pub body_html: String,
    /// Line in the file where `order` and `slug` were declared, for duplicate diagnostics.
    pub front_matter_line: usize,
}

/// The front matter keys an instructor may write (documented in `lessons/README.md`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FrontMatter {
    title: String,
    order: u32,
    slug: Option<String>,
    #[serde(default)]
    summary: String,
    #[serde(default)]
    tags: Vec<String>,
    status: LessonStatus,
    minutes: Option<u32>,
}

/// Parses the text of the lesson file at `path`.
pub fn parse_lesson(path: &Path, text: &str) -> Result<Lesson, Vec<Diagnostic>> {
    let (front, front_start_line, body) = split_front_matter(path, text)?;
    let fm: FrontMatter = toml::from_str(front).map_err(|e| {
        let (line, col) = e.span().map_or((1, 1), |span| line_col(front, span.start));
        vec![Diagnostic::new(
            path,
            front_start_line + line - 1,
            col,
            format!("front matter: {}", e.message()),
        )]
    })?;

    let slug = match fm.slug {
        Some(slug) => slug,
        None => slug_from_file_name(path),
    };
    if !is_valid_slug(&slug) {
        return Err(vec![Diagnostic::new(
            path,
            front_start_line,
            1,
            format!("slug `{slug}` must be lowercase letters, digits and dashes"),
        )]);
    }
    if fm.title.trim().is_empty() {
        return Err(vec![Diagnostic::new(
            path,
            front_start_line,
            1,
            "`title` is empty",
        )]);
    }

    let minutes = fm.minutes.unwrap_or_else(|| reading_minutes(body));
    Ok(Lesson {
        slug,
        title: fm.title,
        order: fm.order,
        summary: fm.summary,
        tags: fm.tags,
        status: fm.status,
        minutes,
        body_html: render_markdown(body),
        front_matter_line: front_start_line,
    })
}

/// Returns the front matter, the file line it starts on, and the markdown body.
fn split_front_matter<'a>(
    path: &Path,
    text: &'a str,
) -> Result<(&'a str, usize, &'a str), Vec<Diagnostic>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lines = text.split_inclusive('\n');
    let first = lines.next().unwrap_or("");
    if first.trim_end() != FENCE {
        return Err(vec![Diagnostic::new(
            path,
            1,
            1,
            "a lesson starts with a `+++` line opening its front matter",
        )]);
    }
    let front_start = first.len();
    let mut offset = front_start;
    for line in lines {
        if line.trim_end() == FENCE {
            let front = &text[front_start..offset];
            let body = &text[offset + line.len()..];
            return Ok((front, 2, body));
        }
        offset += line.len();
    }
    Err(vec![Diagnostic::new(
        path,
        1,
        1,
        "the front matter opened here is never closed by a `+++` line",
    )])
}

/// `03-redis-pubsub.md` → `redis-pubsub`: a leading order number is for sorting files, not URLs.
fn slug_from_file_name(path: &Path) -> String {
    let stem = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or_default();
    let without_number = stem.trim_start_matches(|c: char| c.is_ascii_digit());
    let without_number = without_number
        .strip_prefix(['-', '_'])
        .unwrap_or(without_number);
    let slug = if without_number.is_empty() {
        stem
    } else {
        without_number
    };
    slug.to_lowercase().replace('_', "-")
}

fn is_valid_slug(slug: &str) -> bool {
    !slug.is_empty()
        && slug
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

fn reading_minutes(markdown: &str) -> u32 {
    let words = markdown.split_whitespace().count();
    words.div_ceil(WORDS_PER_MINUTE).max(1) as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Lesson, Vec<Diagnostic>> {
        parse_lesson(Path::new("lessons/02-horizontal-scaling.md"), text)
    }

    #[test]
    fn a_complete_lesson_parses_with_slug_from_file_name() {
        let lesson = parse("+++\ntitle = \"Scaling out\"\norder = 2\ntags = [\"redis\"]\nstatus = \"published\"\n+++\n# Hi\n").unwrap();
        assert_eq!(lesson.slug, "horizontal-scaling");
        assert_eq!(lesson.title, "Scaling out");
        assert_eq!(lesson.order, 2);
        assert_eq!(lesson.tags, vec!["redis"]);
        assert_eq!(lesson.minutes, 1);
        assert!(lesson.body_html.contains("<h1"));
    }

    #[test]
    fn an_unknown_key_is_reported_on_its_own_line() {
        let errors =
            parse("+++\ntitle = \"T\"\norder = 1\nstatus = \"published\"\ncolour = \"red\"\n+++\n")
                .unwrap_err();
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].line, 5, "{}", errors[0]);
        assert!(errors[0].message.contains("colour"), "{}", errors[0]);
    }

    #[test]
    fn a_missing_title_is_reported() {
        let errors = parse("+++\norder = 1\nstatus = \"published\"\n+++\n").unwrap_err();
        assert!(errors[0].message.contains("title"), "{}", errors[0]);
        assert!(
            errors[0]
                .to_string()
                .starts_with("lessons/02-horizontal-scaling.md:")
        );
    }

    #[test]
    fn a_file_without_front_matter_is_reported_at_line_one() {
        let errors = parse("# Just markdown\n").unwrap_err();
        assert_eq!((errors[0].line, errors[0].col), (1, 1));
    }

    #[test]
    fn an_unclosed_front_matter_is_reported() {
        let errors = parse("+++\ntitle = \"T\"\n").unwrap_err();
        assert!(errors[0].message.contains("never closed"));
    }

    #[test]
    fn reading_time_is_computed_from_the_words_when_absent() {
        let body = "word ".repeat(450);
        let lesson = parse(&format!(
            "+++\ntitle = \"T\"\norder = 1\nstatus = \"draft\"\n+++\n{body}"
        ))
        .unwrap();
        assert_eq!(lesson.minutes, 3);
        assert_eq!(lesson.status, LessonStatus::Draft);
    }

    #[test]
    fn slugs_come_from_file_names_without_their_order_number() {
        assert_eq!(
            slug_from_file_name(Path::new("07_Redis_Bridge.md")),
            "redis-bridge"
        );
        assert_eq!(slug_from_file_name(Path::new("intro.md")), "intro");
        assert_eq!(slug_from_file_name(Path::new("42.md")), "42");
    }
}
