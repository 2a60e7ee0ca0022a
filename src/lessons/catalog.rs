//! The course catalog: every lesson file in a directory, parsed, checked against each other
//! (duplicate slugs and orders), and ordered. Lessons with problems are left out of the course and
//! their diagnostics kept, so one broken file never takes the other lessons down.
//!
//! Translations (`lessons/ko/NN-slug.md`, see `translation`) are read beside their English
//! files; a lesson without a usable translation is served in English.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::diagnostic::Diagnostic;
use super::samples::Sample;
use super::source::{Lesson, parse_lesson, slug_from_file_name};
use super::translation::{Source, Translation, read_translation, translation_files};
use super::{LessonLink, LessonStatus, LessonSummary, LessonView};
use crate::i18n::Lang;
use crate::sandbox::learner_server::CourseModule;

#[derive(Clone, Debug, Default)]
pub struct Catalog {
    /// Lessons without problems, in course order.
    lessons: Vec<Lesson>,
    problems: Vec<Diagnostic>,
    /// Slugs of files with problems, and their problems, so their pages can show them.
    broken: HashMap<String, Vec<Diagnostic>>,
    files: usize,
    /// The served translations, by language and slug.
    translations: HashMap<(Lang, String), Translation>,
    translation_files: usize,
    /// What does not keep a file from being served (a translation older than its source).
    warnings: Vec<Diagnostic>,
}

impl Catalog {
    /// Reads every `*.md` file of `dir` except `README.md` (the instructors' guide).
    pub fn load(dir: &Path) -> Catalog {
        let mut files = match lesson_files(dir) {
            Ok(files) => files,
            Err(e) => {
                return Catalog {
                    problems: vec![Diagnostic::new(dir, 1, 1, format!("cannot read the lessons directory: {e}"))],
                    ..Catalog::default()
                };
            }
        };
        files.sort();
        let file_count = files.len();
        let sources = files.into_iter().map(|path| {
            let text = std::fs::read_to_string(&path);
            (path, text)
        });
        let mut parsed = Vec::new();
        let mut problems = Vec::new();
        let mut texts = HashMap::new();
        for (path, text) in sources {
            match text {
                Ok(text) => {
                    match parse_lesson(&path, &text) {
                        Ok(lesson) => parsed.push((path.clone(), lesson)),
                        Err(mut diagnostics) => problems.append(&mut diagnostics),
                    }
                    texts.insert(path, text);
                }
                Err(e) => problems.push(Diagnostic::new(&path, 1, 1, format!("cannot read: {e}"))),
            }
        }
        let mut translated = Translated::default();
        for lang in Lang::ALL.into_iter().filter(|lang| *lang != Lang::En) {
            translated.read(dir, lang, &parsed, &texts);
        }
        problems.append(&mut translated.problems);
        let catalog = Self::from_parsed(parsed, problems);
        Catalog {
            files: file_count,
            translations: translated.served,
            translation_files: translated.files,
            warnings: translated.warnings,
            ..catalog
        }
    }

    fn from_parsed(parsed: Vec<(PathBuf, Lesson)>, problems: Vec<Diagnostic>) -> Catalog {
        let (lessons, mut problems) = Self::without_duplicates(parsed, problems);
        // Links between lessons: the target must exist among the lessons that loaded.
        let known: Vec<&str> = lessons.iter().map(|(_, l)| l.slug.as_str()).collect();
        let mut linked_ok = Vec::new();
        for (path, lesson) in &lessons {
            let broken: Vec<Diagnostic> = lesson
                .lesson_links
                .iter()
                .filter(|(slug, _, _)| !known.contains(&slug.as_str()))
                .map(|(slug, line, col)| {
                    Diagnostic::new(path, *line, *col, format!("link to lesson `{slug}`, which does not exist"))
                })
                .collect();
            if broken.is_empty() {
                linked_ok.push(lesson.clone());
            } else {
                problems.extend(broken);
            }
        }
        let mut lessons = linked_ok;
        lessons.sort_by_key(|l| l.order);
        problems.sort_by(|a, b| (&a.file, a.line, a.col).cmp(&(&b.file, b.line, b.col)));
        let mut broken: HashMap<String, Vec<Diagnostic>> = HashMap::new();
        for problem in &problems {
            broken.entry(slug_from_file_name(&problem.file)).or_default().push(problem.clone());
        }
        Catalog { lessons, problems, broken, ..Catalog::default() }
    }

    fn without_duplicates(
        parsed: Vec<(PathBuf, Lesson)>,
        mut problems: Vec<Diagnostic>,
    ) -> (Vec<(PathBuf, Lesson)>, Vec<Diagnostic>) {
        let mut by_slug: HashMap<String, PathBuf> = HashMap::new();
        let mut by_order: HashMap<u32, PathBuf> = HashMap::new();
        let mut lessons = Vec::new();
        for (path, lesson) in parsed {
            if let Some(first) = by_slug.get(&lesson.slug) {
                problems.push(Diagnostic::new(
                    &path,
                    lesson.front_matter_line,
                    1,
                    format!("slug `{}` is already used by {}", lesson.slug, first.display()),
                ));
                continue;
            }
            if let Some(first) = by_order.get(&lesson.order) {
                problems.push(Diagnostic::new(
                    &path,
                    lesson.front_matter_line,
                    1,
                    format!("order {} is already used by {}", lesson.order, first.display()),
                ));
                continue;
            }
            by_slug.insert(lesson.slug.clone(), path.clone());
            by_order.insert(lesson.order, path.clone());
            lessons.push((path, lesson));
        }
        (lessons, problems)
    }

    /// How many lesson files were read (with or without problems).
    pub fn file_count(&self) -> usize {
        self.files
    }

    /// The course modules a learner's server A may import: every lesson's
    /// `own_server_modules`, once each by file name (the first lesson in course order to name a
    /// file gives it). The same for every sandbox, with a lesson or without (an API user's).
    pub fn own_server_modules(&self) -> Vec<CourseModule> {
        let mut modules: Vec<CourseModule> = Vec::new();
        for module in self.lessons.iter().flat_map(|l| &l.own_server_modules) {
            if !modules.iter().any(|m| m.file == module.file) {
                modules.push(module.clone());
            }
        }
        modules
    }

    /// The marked samples of every loaded lesson, drafts included, in course order.
    pub fn samples(&self) -> impl Iterator<Item = &Sample> {
        self.lessons.iter().flat_map(|lesson| &lesson.samples)
    }

    /// How many translation files were read (with or without problems).
    pub fn translation_file_count(&self) -> usize {
        self.translation_files
    }

    /// What was found that does not keep a file from being served: translations older than
    /// their English files.
    pub fn warnings(&self) -> &[Diagnostic] {
        &self.warnings
    }

    /// Problems found while loading, in file order.
    pub fn problems(&self) -> &[Diagnostic] {
        &self.problems
    }

    fn published(&self) -> impl Iterator<Item = &Lesson> {
        self.lessons.iter().filter(|l| l.status == LessonStatus::Published)
    }

    pub fn published_count(&self) -> usize {
        self.published().count()
    }

    /// The course index, in `lang` where a lesson is translated.
    pub fn summaries(&self, lang: Lang) -> Vec<LessonSummary> {
        self.published().enumerate().map(|(i, l)| summary(l, i + 1, self.translation(l, lang))).collect()
    }

    fn translation(&self, lesson: &Lesson, lang: Lang) -> Option<&Translation> {
        self.translations.get(&(lang, lesson.slug.clone()))
    }

    /// The problems of the lesson file whose slug is `slug`, if it failed to load.
    pub fn problems_of(&self, slug: &str) -> Option<Vec<String>> {
        self.broken.get(slug).map(|problems| problems.iter().map(ToString::to_string).collect())
    }

    /// Draft lessons (slug and title), in course order: instructors preview them.
    pub fn drafts(&self) -> Vec<(String, String)> {
        self.lessons
            .iter()
            .filter(|l| l.status == LessonStatus::Draft)
            .map(|l| (l.slug.clone(), l.title.clone()))
            .collect()
    }

    /// The page of a draft lesson, for an instructor's preview: placed where its `order` puts it
    /// among the published ones, with no neighbours to walk to.
    pub fn draft_view(&self, slug: &str, lang: Lang) -> Option<LessonView> {
        let lesson = self.lessons.iter().find(|l| l.slug == slug && l.status == LessonStatus::Draft)?;
        let before = self.published().filter(|l| l.order < lesson.order).count();
        let place = Place { position: before + 1, total: self.published_count(), previous: None, next: None };
        Some(page(lesson, place, self.translation(lesson, lang).map(|t| (lang, t))))
    }

    /// The page of a published lesson, in `lang` when it is translated (in English otherwise).
    pub fn view(&self, slug: &str, lang: Lang) -> Option<LessonView> {
        let published: Vec<&Lesson> = self.published().collect();
        let index = published.iter().position(|l| l.slug == slug)?;
        let link = |l: &&Lesson| LessonLink {
            slug: l.slug.clone(),
            title: self.translation(l, lang).map_or_else(|| l.title.clone(), |t| t.title.clone()),
        };
        let previous = index.checked_sub(1).and_then(|i| published.get(i)).map(link);
        let next = published.get(index + 1).map(link);
        let place = Place { position: index + 1, total: published.len(), previous, next };
        let lesson = published[index];
        Some(page(lesson, place, self.translation(lesson, lang).map(|t| (lang, t))))
    }
}

/// The translations of one language, read against the English lessons.
#[derive(Default)]
struct Translated {
    served: HashMap<(Lang, String), Translation>,
    problems: Vec<Diagnostic>,
    warnings: Vec<Diagnostic>,
    files: usize,
}

impl Translated {
    /// Reads `dir/{lang}/*.md`: each file translates the English file of the same name.
    fn read(&mut self, dir: &Path, lang: Lang, english: &[(PathBuf, Lesson)], texts: &HashMap<PathBuf, String>) {
        for path in translation_files(&dir.join(lang.code())) {
            self.files += 1;
            let source = english.iter().find(|(english_path, _)| english_path.file_name() == path.file_name());
            let Some((english_path, lesson)) = source else {
                let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
                let message = format!("no English lesson `{}` to translate", dir.join(name).display());
                self.problems.push(Diagnostic::new(&path, 1, 1, message));
                continue;
            };
            let text = match std::fs::read_to_string(&path) {
                Ok(text) => text,
                Err(e) => {
                    self.problems.push(Diagnostic::new(&path, 1, 1, format!("cannot read: {e}")));
                    continue;
                }
            };
            let source = Source { path: english_path, text: &texts[english_path], lesson };
            let mut read = read_translation(&path, &text, lang, &source);
            self.problems.append(&mut read.problems);
            self.warnings.append(&mut read.warnings);
            if let Some(translation) = read.translation {
                self.served.insert((lang, lesson.slug.clone()), translation);
            }
        }
    }
}

/// Where a lesson's page sits in the course.
struct Place {
    position: usize,
    total: usize,
    previous: Option<LessonLink>,
    next: Option<LessonLink>,
}

/// A lesson's page at its place in the course, in the translation's words when there is one.
fn page(lesson: &Lesson, place: Place, translation: Option<(Lang, &Translation)>) -> LessonView {
    let mut exercise = lesson.exercise.clone();
    if let Some((_, translation)) = translation {
        for check in &mut exercise {
            if let Some(words) = translation.checks.iter().find(|t| t.id == check.id) {
                check.text = words.text.clone();
                check.hint = words.hint.clone();
            }
        }
    }
    LessonView {
        summary: summary(lesson, place.position, translation.map(|(_, t)| t)),
        status: lesson.status,
        language: translation.map_or(Lang::En, |(lang, _)| lang),
        total: place.total,
        body_html: translation.map_or_else(|| lesson.body_html.clone(), |(_, t)| t.body_html.clone()),
        xp: lesson.xp,
        links: lesson.links.clone(),
        sandbox: lesson.sandbox.clone(),
        own_server_code: lesson.own_server_code.clone(),
        exercise,
        previous: place.previous,
        next: place.next,
        live_reload: false,
    }
}

fn summary(lesson: &Lesson, position: usize, translation: Option<&Translation>) -> LessonSummary {
    LessonSummary {
        slug: lesson.slug.clone(),
        title: translation.map_or_else(|| lesson.title.clone(), |t| t.title.clone()),
        position,
        summary: translation.map_or_else(|| lesson.summary.clone(), |t| t.summary.clone()),
        tags: lesson.tags.clone(),
        minutes: lesson.minutes,
    }
}

fn lesson_files(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        let is_markdown = path.extension().is_some_and(|e| e == "md");
        let is_guide = path.file_name().is_some_and(|n| n.eq_ignore_ascii_case("README.md"));
        if path.is_file() && is_markdown && !is_guide {
            files.push(path);
        }
    }
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, name: &str, order: u32, status: &str) {
        let text =
            format!("+++\ntitle = \"Lesson {order}\"\norder = {order}\nstatus = \"{status}\"\n+++\nBody of {name}.\n");
        std::fs::write(dir.join(name), text).unwrap();
    }

    #[test]
    fn published_lessons_are_listed_in_order_and_drafts_are_hidden() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "b.md", 2, "published");
        write(dir.path(), "a.md", 3, "published");
        write(dir.path(), "c.md", 1, "draft");
        std::fs::write(dir.path().join("README.md"), "not a lesson").unwrap();
        let catalog = Catalog::load(dir.path());
        assert!(catalog.problems().is_empty(), "{:?}", catalog.problems());
        let slugs: Vec<_> = catalog.summaries(Lang::En).into_iter().map(|s| (s.slug, s.position)).collect();
        assert_eq!(slugs, vec![("b".to_string(), 1), ("a".to_string(), 2)]);
        assert!(catalog.view("c", Lang::En).is_none(), "a draft is not served");
        let view = catalog.view("a", Lang::En).unwrap();
        assert_eq!((view.summary.position, view.total), (2, 2));
        assert_eq!(view.previous.unwrap().slug, "b");
        assert!(view.next.is_none());
    }

    #[test]
    fn a_broken_lesson_is_reported_and_the_others_still_load() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "good.md", 1, "published");
        std::fs::write(dir.path().join("bad.md"), "+++\norder = 2\nstatus = \"published\"\n+++\n").unwrap();
        let catalog = Catalog::load(dir.path());
        assert_eq!(catalog.summaries(Lang::En).len(), 1);
        assert_eq!(catalog.problems().len(), 1);
        assert!(catalog.problems()[0].to_string().contains("bad.md:"));
    }

    #[test]
    fn duplicate_orders_and_slugs_are_reported() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "one.md", 1, "published");
        write(dir.path(), "two.md", 1, "published");
        let catalog = Catalog::load(dir.path());
        assert_eq!(catalog.summaries(Lang::En).len(), 1);
        assert!(catalog.problems()[0].message.contains("order 1 is already used"), "{:?}", catalog.problems());
    }
}
