//! A lesson's translation: `lessons/ko/NN-slug.md` beside the English `lessons/NN-slug.md`. It
//! gives only words (its title, summary, each check's `text` and `hint`, the body); everything
//! else (order, XP, the sandbox, the checks' kinds and parameters, links) is the English file's,
//! so a translation cannot change what a learner must do or earns.
//!
//! Checked against its source, each problem at its `file:line`: the same checks by id and in
//! order, and the same body structure (headings with the same `{#id}`s, code blocks with the
//! same languages and samples, the same includes, `lesson:` links and callouts); code comments
//! and titles may be translated. A translation names the English text it was made from by a
//! hash (`source_hash`); when the English file changes, the translation is reported as older
//! (a warning: it is still served, and the reader sees the English file's checks).

use std::path::{Path, PathBuf};

use pulldown_cmark::{CodeBlockKind, Event, Parser, Tag};
use serde::Deserialize;

use super::diagnostic::{Diagnostic, line_col};
use super::dialect::{fence_info, options};
use super::include::expand_includes;
use super::render::{LESSON_LINK_SCHEME, render_markdown};
use super::source::{Lesson, split_front_matter};
use crate::i18n::Lang;

/// The words of one lesson in another language, ready to serve.
#[derive(Clone, Debug, PartialEq)]
pub struct Translation {
    pub title: String,
    pub summary: String,
    /// Each check's text and hint, by the English file's ids.
    pub checks: Vec<TranslatedCheck>,
    pub body_html: String,
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TranslatedCheck {
    pub id: String,
    pub text: String,
    #[serde(default)]
    pub hint: String,
}

/// The keys a translation's front matter may have.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FrontMatter {
    #[serde(default)]
    source_hash: String,
    title: String,
    #[serde(default)]
    summary: String,
    #[serde(default)]
    exercise: Vec<toml::Spanned<toml::Table>>,
}

/// What reading a translation found: the translation when it can be served, its problems
/// (which keep it from being served) and its warnings (which do not).
#[derive(Debug, Default)]
pub struct Read {
    pub translation: Option<Translation>,
    pub problems: Vec<Diagnostic>,
    pub warnings: Vec<Diagnostic>,
}

/// The English source a translation is checked against.
pub struct Source<'a> {
    pub path: &'a Path,
    pub text: &'a str,
    pub lesson: &'a Lesson,
}

/// The hash a translation records of the English file it was made from: 16 hex digits of
/// BLAKE2b over the file's bytes.
pub fn source_hash(english_text: &str) -> String {
    use blake2::{Blake2b512, Digest};
    let digest = Blake2b512::digest(english_text.as_bytes());
    digest[..8].iter().map(|b| format!("{b:02x}")).collect()
}

/// Reads the translation at `path` (its text `text`) into `lang`, against its English source.
pub fn read_translation(path: &Path, text: &str, lang: Lang, source: &Source) -> Read {
    let mut read = Read::default();
    let (front, front_line, body) = match split_front_matter(path, text) {
        Ok(parts) => parts,
        Err(problems) => return Read { problems, ..read },
    };
    let front_at = |offset: usize| {
        let (line, col) = line_col(front, offset);
        (front_line + line - 1, col)
    };
    let body_line = front_line + front.matches('\n').count() + 1;
    let body_at = |offset: usize| {
        let (line, col) = line_col(body, offset);
        (body_line + line - 1, col)
    };
    let fm: FrontMatter = match toml::from_str(front) {
        Ok(fm) => fm,
        Err(e) => {
            let (line, col) = e.span().map_or((front_line, 1), |span| front_at(span.start));
            let message = format!(
                "front matter: {} (a translation gives only `source_hash`, `title`, `summary` and each \
                 check's `id`, `text` and `hint`; the rest is the English file's)",
                e.message().trim_end()
            );
            read.problems.push(Diagnostic::new(path, line, col, message));
            return read;
        }
    };
    let checks = translated_checks(path, &fm.exercise, &front_at, source, &mut read.problems);
    if fm.title.trim().is_empty() {
        read.problems.push(Diagnostic::new(path, front_line, 1, "`title` is empty"));
    }
    let (_, _, english_body) = split_front_matter(source.path, source.text).unwrap_or(("", 1, ""));
    let english_name = source.path.display().to_string();
    for (offset, message) in structure_differences(&outline(english_body), &outline(body), &english_name) {
        let (line, col) = body_at(offset.min(body.len()));
        read.problems.push(Diagnostic::new(path, line, col, message));
    }
    // Includes name files relative to the lessons directory, the English file's folder.
    let lessons_dir = source.path.parent().unwrap_or(Path::new("."));
    let expanded = match expand_includes(body, lessons_dir) {
        Ok(expanded) => expanded,
        Err(errors) => {
            for error in errors {
                let (line, col) = body_at(error.offset);
                read.problems.push(Diagnostic::new(path, line, col, error.message));
            }
            String::new()
        }
    };
    let now = source_hash(source.text);
    if fm.source_hash != now {
        let message = if fm.source_hash.is_empty() {
            format!("no `source_hash`: once this matches {}, set source_hash = \"{now}\"", source.path.display())
        } else {
            format!(
                "older than {} (made from {}, the file is now {now}): bring the changes over (`git log -p` on \
                 the English file), then set source_hash = \"{now}\"",
                source.path.display(),
                fm.source_hash
            )
        };
        read.warnings.push(Diagnostic::new(path, front_line, 1, message));
    }
    if read.problems.is_empty() {
        read.translation = Some(Translation {
            title: fm.title,
            summary: fm.summary,
            checks,
            body_html: render_markdown(&expanded, lang),
        });
    }
    read
}

/// The translation's `[[exercise]]` tables: the English checks' ids, in their order, each with
/// a text, and nothing of a check's kind.
fn translated_checks(
    path: &Path,
    tables: &[toml::Spanned<toml::Table>],
    front_at: &dyn Fn(usize) -> (usize, usize),
    source: &Source,
    problems: &mut Vec<Diagnostic>,
) -> Vec<TranslatedCheck> {
    let english: Vec<&str> = source.lesson.exercise.iter().map(|c| c.id.as_str()).collect();
    let mut checks = Vec::new();
    for (index, spanned) in tables.iter().enumerate() {
        let (line, col) = front_at(spanned.span().start);
        let mut problem = |message: String| problems.push(Diagnostic::new(path, line, col, message));
        let check = match TranslatedCheck::deserialize(toml::Value::Table(spanned.get_ref().clone())) {
            Ok(check) => check,
            Err(e) => {
                problem(format!(
                    "exercise check {}: {} (a translation's check has only `id`, `text` and `hint`: what it \
                     checks is the English file's)",
                    index + 1,
                    e.message().trim_end()
                ));
                continue;
            }
        };
        match english.get(index) {
            Some(id) if *id == check.id => {}
            Some(id) => problem(format!("check {} is `{}` here and `{id}` in the English file", index + 1, check.id)),
            None => problem(format!("check `{}` is not in the English file", check.id)),
        }
        if check.text.trim().is_empty() {
            problem(format!("check `{}`: `text` is empty", check.id));
        }
        checks.push(check);
    }
    if tables.len() < english.len() {
        let missing = english[tables.len()..].join("`, `");
        problems.push(Diagnostic::new(path, front_at(0).0, 1, format!("checks missing here: `{missing}`")));
    }
    checks
}

/// What must be the same in a lesson and its translation, each with its offset in the body.
#[derive(Debug, Default)]
struct Outline {
    headings: Vec<(usize, String)>,
    code_blocks: Vec<(usize, String)>,
    includes: Vec<(usize, String)>,
    lesson_links: Vec<(usize, String)>,
    callouts: Vec<(usize, String)>,
}

fn outline(body: &str) -> Outline {
    let mut outline = Outline::default();
    for (event, range) in Parser::new_ext(body, options()).into_offset_iter() {
        match event {
            Event::Start(Tag::Heading { level, id, .. }) => {
                let id = id.map_or_else(|| "no {#id}".to_string(), |id| format!("{{#{id}}}"));
                outline.headings.push((range.start, format!("{level} {id}")));
            }
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) => {
                let fence = fence_info(&info);
                let sample = fence.sample.map(|s| format!(" sample=\"{s}\"")).unwrap_or_default();
                outline.code_blocks.push((range.start, format!("{}{sample}", fence.lang)));
            }
            Event::Start(Tag::Link { dest_url, .. }) if dest_url.starts_with(LESSON_LINK_SCHEME) => {
                outline.lesson_links.push((range.start, dest_url.to_string()));
            }
            Event::Start(Tag::BlockQuote(Some(kind))) => outline.callouts.push((range.start, format!("{kind:?}"))),
            _ => {}
        }
    }
    for (offset, _) in body.match_indices("{{#include ") {
        let directive = body[offset..].lines().next().unwrap_or("").trim_end().to_string();
        outline.includes.push((offset, directive));
    }
    outline
}

/// The first difference in each part of the structure, at the translation's offset.
fn structure_differences(english: &Outline, translated: &Outline, english_name: &str) -> Vec<(usize, String)> {
    let parts = [
        ("heading", &english.headings, &translated.headings),
        ("code block", &english.code_blocks, &translated.code_blocks),
        ("include", &english.includes, &translated.includes),
        ("`lesson:` link", &english.lesson_links, &translated.lesson_links),
        ("callout", &english.callouts, &translated.callouts),
    ];
    let mut differences = Vec::new();
    for (what, english, translated) in parts {
        let first_difference = (0..english.len().max(translated.len()))
            .find(|&i| english.get(i).map(|(_, e)| e) != translated.get(i).map(|(_, t)| t));
        let Some(i) = first_difference else { continue };
        let at = translated.get(i).or(translated.last()).map_or(0, |(offset, _)| *offset);
        let message = match (english.get(i), translated.get(i)) {
            (Some((_, e)), Some((_, t))) => format!("{what} {} is `{t}` here and `{e}` in {english_name}", i + 1),
            (Some((_, e)), None) => format!("{what} {} of {english_name} (`{e}`) is missing here", i + 1),
            (None, Some((_, t))) => format!("{what} {} (`{t}`) is not in {english_name}", i + 1),
            (None, None) => unreachable!("an index below the longer list's length"),
        };
        differences.push((at, message));
    }
    differences
}

/// The translations of `lang` in `dir` (`lessons/ko/`): each `NN-slug.md` translates the English
/// file of the same name.
pub fn translation_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|entry| entry.path())
        .filter(|path| path.is_file() && path.extension().is_some_and(|e| e == "md"))
        .filter(|path| !path.file_name().is_some_and(|n| n.eq_ignore_ascii_case("README.md")))
        .collect();
    files.sort();
    files
}

#[cfg(test)]
#[path = "translation_tests.rs"]
mod tests;
