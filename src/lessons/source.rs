//! One lesson file: a TOML front matter block between `+++` lines, then markdown.
//!
//! Parsing turns the text into a [`Lesson`] or into diagnostics that point at the exact line of
//! the file (front matter errors are shifted by the opening `+++` line).

use std::path::Path;

use serde::Deserialize;

use super::diagnostic::{Diagnostic, line_col};
use super::exercise::{CHECK_KINDS, Check, CheckKind, SandboxSetup};
use super::include::expand_includes;
use super::render::{lesson_references, render_markdown};
use super::samples::{Sample, driver_path, is_valid_name, marked_blocks};
use super::{ExternalLink, LessonStatus, LessonXp};
use crate::sandbox::learner_server::CourseModule;
use crate::sandbox::learner_server::code::is_module_file_name;

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
    pub xp: LessonXp,
    pub links: Vec<ExternalLink>,
    pub sandbox: SandboxSetup,
    /// The starting code of "Your server A" (`[sandbox] own_server`), read from its file.
    pub own_server_code: Option<String>,
    /// The course modules that code may import (`[sandbox] own_server_modules`), read.
    pub own_server_modules: Vec<CourseModule>,
    pub exercise: Vec<Check>,
    /// Line in the file where `order` and `slug` were declared, for duplicate diagnostics.
    pub front_matter_line: usize,
    /// `lesson:` links in the body, with their place in the file, for the catalog to check.
    pub lesson_links: Vec<(String, usize, usize)>,
    /// The blocks marked `sample="…"`, which the test suite runs.
    pub samples: Vec<Sample>,
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
    #[serde(default)]
    xp: LessonXp,
    #[serde(default)]
    links: Vec<ExternalLink>,
    #[serde(default)]
    sandbox: SandboxSetup,
    #[serde(default)]
    exercise: Vec<toml::Spanned<toml::Table>>,
}

/// Parses the text of the lesson file at `path`; every problem found is reported.
pub fn parse_lesson(path: &Path, text: &str) -> Result<Lesson, Vec<Diagnostic>> {
    let (front, front_start_line, body) = split_front_matter(path, text)?;
    // Where a byte offset of the front matter or the body is in the file.
    let front_at = |offset: usize| {
        let (line, col) = line_col(front, offset);
        (front_start_line + line - 1, col)
    };
    let body_start_line = front_start_line + front.matches('\n').count() + 1;
    let body_at = |offset: usize| {
        let (line, col) = line_col(body, offset);
        (body_start_line + line - 1, col)
    };

    let fm: FrontMatter = toml::from_str(front).map_err(|e| {
        let (line, col) = e.span().map_or((front_start_line, 1), |span| front_at(span.start));
        vec![Diagnostic::new(path, line, col, format!("front matter: {}", e.message().trim_end()))]
    })?;

    let mut problems = Vec::new();
    let slug = fm.slug.clone().unwrap_or_else(|| slug_from_file_name(path));
    if !is_valid_slug(&slug) {
        problems.push(Diagnostic::new(
            path,
            front_start_line,
            1,
            format!("slug `{slug}` must be lowercase letters, digits and dashes"),
        ));
    }
    if fm.title.trim().is_empty() {
        problems.push(Diagnostic::new(path, front_start_line, 1, "`title` is empty"));
    }
    for link in &fm.links {
        if !(link.url.starts_with("https://") || link.url.starts_with("http://")) {
            problems.push(Diagnostic::new(
                path,
                front_start_line,
                1,
                format!("link `{}` needs an http(s) URL, not `{}`", link.title, link.url),
            ));
        }
    }
    let exercise = parse_checks(path, &fm.exercise, &front_at, &mut problems);

    let base_dir = path.parent().unwrap_or(Path::new("."));
    let own_server_code = fm.sandbox.own_server.as_ref().and_then(|file| {
        let code = std::fs::read_to_string(base_dir.join(file));
        if let Err(e) = &code {
            let problem = format!("`[sandbox] own_server`: cannot read `{file}` (relative to this file): {e}");
            problems.push(Diagnostic::new(path, front_start_line, 1, problem));
        }
        code.ok()
    });
    let own_server_modules = own_server_modules(path, &fm.sandbox.own_server_modules, front_start_line, &mut problems);
    let expanded = match expand_includes(body, base_dir) {
        Ok(expanded) => expanded,
        Err(errors) => {
            for error in errors {
                let (line, col) = body_at(error.offset);
                problems.push(Diagnostic::new(path, line, col, error.message));
            }
            String::new()
        }
    };
    let samples = samples(path, &slug, body, &body_at, &mut problems);
    let lesson_links = lesson_references(body)
        .into_iter()
        .map(|reference| {
            let (line, col) = body_at(reference.offset);
            (reference.slug, line, col)
        })
        .collect();
    if !problems.is_empty() {
        return Err(problems);
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
        body_html: render_markdown(&expanded, crate::i18n::Lang::En),
        xp: fm.xp,
        links: fm.links,
        sandbox: fm.sandbox,
        own_server_code,
        own_server_modules,
        exercise,
        front_matter_line: front_start_line,
        lesson_links,
        samples,
    })
}

/// The modules "Your server A" may import, read from their files (relative to the lesson).
fn own_server_modules(path: &Path, files: &[String], line: usize, problems: &mut Vec<Diagnostic>) -> Vec<CourseModule> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let mut modules = Vec::new();
    for relative in files {
        let file = Path::new(relative).file_name().map(|f| f.to_string_lossy().into_owned()).unwrap_or_default();
        if !is_module_file_name(&file) {
            let problem = format!(
                "`[sandbox] own_server_modules`: `{relative}` is not a module the learner's code can import \
                 (a lowercase `name.py`, not `bridge.py`)"
            );
            problems.push(Diagnostic::new(path, line, 1, problem));
            continue;
        }
        match std::fs::read_to_string(dir.join(relative)) {
            Ok(code) => modules.push(CourseModule { file, code }),
            Err(e) => problems.push(Diagnostic::new(
                path,
                line,
                1,
                format!("`[sandbox] own_server_modules`: cannot read `{relative}` (relative to this file): {e}"),
            )),
        }
    }
    modules
}

/// The marked samples of a body, each with its fence's line and includes expanded; a bad or
/// repeated name, a language other than Python, or a missing driver is a problem at its line.
fn samples(
    path: &Path,
    slug: &str,
    body: &str,
    body_at: &impl Fn(usize) -> (usize, usize),
    problems: &mut Vec<Diagnostic>,
) -> Vec<Sample> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let mut samples: Vec<Sample> = Vec::new();
    for block in marked_blocks(body) {
        let (line, col) = body_at(block.offset);
        let mut problem = |message: String| problems.push(Diagnostic::new(path, line, col, message));
        let driver = driver_path(dir, slug, &block.name);
        if !is_valid_name(&block.name) {
            problem(format!("sample `{}`: a name is lowercase letters, digits and dashes", block.name));
        } else if samples.iter().any(|s| s.name == block.name) {
            problem(format!("sample `{}` is marked twice in this lesson", block.name));
        } else if block.lang != "python" {
            problem(format!("sample `{}`: only python blocks can be run, not `{}`", block.name, block.lang));
        } else if !driver.is_file() {
            problem(format!(
                "sample `{}` has no driver: write {} (the authoring guide, README.md, says how)",
                block.name,
                driver.strip_prefix(dir).unwrap_or(&driver).display()
            ));
        } else {
            // A broken include in the block is reported with the body's, at its own line.
            if let Ok(code) = expand_includes(&block.code, dir) {
                samples.push(Sample {
                    name: block.name,
                    lang: block.lang,
                    file: path.to_path_buf(),
                    line,
                    code,
                    driver,
                });
            }
        }
    }
    samples
}

/// Each `[[exercise]]` table: `id`, `text`, `hint`, and a `kind` with its parameters.
fn parse_checks(
    path: &Path,
    tables: &[toml::Spanned<toml::Table>],
    front_at: &dyn Fn(usize) -> (usize, usize),
    problems: &mut Vec<Diagnostic>,
) -> Vec<Check> {
    let mut checks: Vec<Check> = Vec::new();
    for spanned in tables {
        let (line, col) = front_at(spanned.span().start);
        let mut table = spanned.get_ref().clone();
        let mut take = |key: &str| table.remove(key).and_then(|v| v.as_str().map(str::to_string));
        let id = take("id").unwrap_or_default();
        let text = take("text").unwrap_or_default();
        let hint = take("hint").unwrap_or_default();
        let mut problem = |message: String| problems.push(Diagnostic::new(path, line, col, message));
        if !is_valid_slug(&id) {
            problem(format!("an exercise check needs an `id` of lowercase letters, digits and dashes (got `{id}`)"));
            continue;
        }
        if checks.iter().any(|c| c.id == id) {
            problem(format!("check `{id}`: the id is used twice"));
            continue;
        }
        if text.trim().is_empty() {
            problem(format!("check `{id}`: `text` (the sentence the learner sees) is missing"));
        }
        let kind_name = table.get("kind").and_then(|k| k.as_str()).unwrap_or_default().to_string();
        if !CHECK_KINDS.contains(&kind_name.as_str()) {
            problem(format!("check `{id}`: unknown kind `{kind_name}`; the kinds are {}", CHECK_KINDS.join(", ")));
            continue;
        }
        match CheckKind::deserialize(toml::Value::Table(table)) {
            Ok(kind) => checks.push(Check { id, text, hint, kind }),
            Err(e) => problem(format!("check `{id}` ({kind_name}): {}", e.message().trim_end())),
        }
    }
    checks
}

/// Returns the front matter, the file line it starts on, and the markdown body.
pub(crate) fn split_front_matter<'a>(path: &Path, text: &'a str) -> Result<(&'a str, usize, &'a str), Vec<Diagnostic>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lines = text.split_inclusive('\n');
    let first = lines.next().unwrap_or("");
    if first.trim_end() != FENCE {
        return Err(vec![Diagnostic::new(path, 1, 1, "a lesson starts with a `+++` line opening its front matter")]);
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
    Err(vec![Diagnostic::new(path, 1, 1, "the front matter opened here is never closed by a `+++` line")])
}

/// `03-redis-pubsub.md` → `redis-pubsub`: a leading order number is for sorting files, not URLs.
pub fn slug_from_file_name(path: &Path) -> String {
    let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or_default();
    let without_number = stem.trim_start_matches(|c: char| c.is_ascii_digit());
    let without_number = without_number.strip_prefix(['-', '_']).unwrap_or(without_number);
    let slug = if without_number.is_empty() { stem } else { without_number };
    slug.to_lowercase().replace('_', "-")
}

fn is_valid_slug(slug: &str) -> bool {
    !slug.is_empty() && slug.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
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
        let lesson =
            parse("+++\ntitle = \"Scaling out\"\norder = 2\ntags = [\"redis\"]\nstatus = \"published\"\n+++\n# Hi\n")
                .unwrap();
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
            parse("+++\ntitle = \"T\"\norder = 1\nstatus = \"published\"\ncolour = \"red\"\n+++\n").unwrap_err();
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].line, 5, "{}", errors[0]);
        assert!(errors[0].message.contains("colour"), "{}", errors[0]);
    }

    #[test]
    fn a_missing_title_is_reported() {
        let errors = parse("+++\norder = 1\nstatus = \"published\"\n+++\n").unwrap_err();
        assert!(errors[0].message.contains("title"), "{}", errors[0]);
        assert!(errors[0].to_string().starts_with("lessons/02-horizontal-scaling.md:"));
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
        let lesson = parse(&format!("+++\ntitle = \"T\"\norder = 1\nstatus = \"draft\"\n+++\n{body}")).unwrap();
        assert_eq!(lesson.minutes, 3);
        assert_eq!(lesson.status, LessonStatus::Draft);
    }

    #[test]
    fn slugs_come_from_file_names_without_their_order_number() {
        assert_eq!(slug_from_file_name(Path::new("07_Redis_Bridge.md")), "redis-bridge");
        assert_eq!(slug_from_file_name(Path::new("intro.md")), "intro");
        assert_eq!(slug_from_file_name(Path::new("42.md")), "42");
    }

    const FULL: &str = r#"+++
title = "Scaling out"
order = 2
status = "published"

[xp]
reading = 10
exercise = 40

[[links]]
title = "Redis Pub/Sub"
url = "https://redis.io/docs/latest/develop/interact/pubsub/"

[sandbox]
mode = "none"
panels = ["chat", "mode-switch"]

[[exercise]]
id = "split-room"
kind = "not_delivered"
from = "a"
to = "b"
because = "bridge_off"
text = "Send on A; B does not get it."
hint = "Mode none."

[[exercise]]
id = "bridged"
kind = "delivered"
from = "a"
to = "b"
via = "redis"
text = "Now it crosses."
hint = ""
+++
Body with a [link](lesson:push-not-poll).
"#;

    #[test]
    fn the_full_front_matter_parses_into_xp_links_sandbox_and_checks() {
        use crate::lessons::exercise::{CheckKind, Mode, Panel, Reason, Server};
        let lesson = parse(FULL).unwrap();
        assert_eq!(lesson.xp.exercise, 40);
        assert_eq!(lesson.links[0].title, "Redis Pub/Sub");
        assert_eq!(lesson.sandbox.mode, Mode::None);
        assert_eq!(lesson.sandbox.panels, vec![Panel::Chat, Panel::ModeSwitch]);
        assert_eq!(lesson.exercise.len(), 2);
        assert_eq!(
            lesson.exercise[0].kind,
            CheckKind::NotDelivered { from: Server::A, to: Server::B, because: Some(Reason::BridgeOff), room: None }
        );
        assert_eq!(lesson.exercise[1].id, "bridged");
        assert_eq!(lesson.lesson_links, vec![("push-not-poll".to_string(), 36, 13)]);
    }

    #[test]
    fn an_unknown_check_kind_is_reported_at_its_table() {
        let text = FULL.replace("kind = \"delivered\"", "kind = \"delivred\"");
        let errors = parse(&text).unwrap_err();
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert!(errors[0].message.contains("unknown kind `delivred`"), "{}", errors[0]);
        assert_eq!(errors[0].line, 27, "the check's [[exercise]] line: {}", errors[0]);
    }

    #[test]
    fn a_bad_check_parameter_is_reported() {
        let text = FULL.replace("because = \"bridge_off\"", "bcause = \"bridge_off\"");
        let errors = parse(&text).unwrap_err();
        assert!(errors[0].message.contains("bcause"), "{}", errors[0]);
        assert!(errors[0].message.contains("split-room"), "{}", errors[0]);
    }

    #[test]
    fn a_broken_include_is_reported_at_its_line() {
        let text = "+++\ntitle = \"T\"\norder = 1\nstatus = \"published\"\n+++\nIntro.\n\n```rust\n{{#include nowhere.rs:x}}\n```\n";
        let errors = parse(text).unwrap_err();
        assert_eq!((errors[0].line, errors[0].col), (9, 1), "{}", errors[0]);
    }
}
