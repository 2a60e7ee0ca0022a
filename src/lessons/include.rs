//! The include directive: `{{#include PATH}}` or `{{#include PATH:ANCHOR}}` (mdBook's syntax)
//! pulls a file, or the lines between `ANCHOR: name` and `ANCHOR_END: name` in it, into the
//! lesson before it is rendered, so a lesson shows the code that really runs. A missing file or
//! anchor is an error at the directive's place.
//!
//! Paths are relative to the lessons directory and may not leave the repository, whose root is
//! the lessons directory's parent: an absolute path, or `..` above that root, is an error rather
//! than a file's contents in a page. This is decided on the path as written, not on where
//! symlinks lead (the browser tests' lesson copy reaches `src/` through a link).

use std::path::Path;

const OPEN: &str = "{{#include ";
const CLOSE: &str = "}}";

/// A problem with one directive: its byte offset in the text and what is wrong.
#[derive(Debug, PartialEq, Eq)]
pub struct IncludeError {
    pub offset: usize,
    pub message: String,
}

/// Expands every directive in `markdown`; paths are relative to `base_dir` (the lesson's folder).
pub fn expand_includes(markdown: &str, base_dir: &Path) -> Result<String, Vec<IncludeError>> {
    let mut out = String::with_capacity(markdown.len());
    let mut errors = Vec::new();
    let mut rest = markdown;
    let mut consumed = 0;
    while let Some(start) = rest.find(OPEN) {
        out.push_str(&rest[..start]);
        let after_open = &rest[start + OPEN.len()..];
        let Some(end) = after_open.find(CLOSE).filter(|end| !after_open[..*end].contains('\n')) else {
            errors.push(IncludeError {
                offset: consumed + start,
                message: "an include directive is not closed by `}}`".into(),
            });
            out.push_str(&rest[start..start + OPEN.len()]);
            consumed += start + OPEN.len();
            rest = after_open;
            continue;
        };
        let argument = after_open[..end].trim();
        match included_text(argument, base_dir) {
            Ok(text) => out.push_str(&indented_like_directive(&text, &out)),
            Err(problem) => errors.push(IncludeError { offset: consumed + start, message: problem.to_string() }),
        }
        let directive_len = OPEN.len() + end + CLOSE.len();
        consumed += start + directive_len;
        rest = &rest[start + directive_len..];
    }
    out.push_str(rest);
    if errors.is_empty() { Ok(out) } else { Err(errors) }
}

/// A directive indented on its line (`    {{#include rooms.py:broadcast}}` under a `class Room:`
/// line) indents what it includes: its first line takes the directive's place, the others get
/// the same indentation, so a region of methods reads as part of the class around it.
fn indented_like_directive(text: &str, before: &str) -> String {
    let line_start = &before[before.rfind('\n').map_or(0, |i| i + 1)..];
    if line_start.is_empty() || !line_start.bytes().all(|b| b == b' ' || b == b'\t') {
        return text.to_string();
    }
    text.lines()
        .enumerate()
        .map(|(i, line)| if i == 0 || line.is_empty() { line.to_string() } else { format!("{line_start}{line}") })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Why an include could not be resolved, said in the lesson's diagnostics.
#[derive(Debug, thiserror::Error)]
enum IncludeProblem {
    #[error(
        "cannot include `{0}`: includes must stay inside the repository (a path relative to the lessons \
         directory, at most one `..` above it)"
    )]
    OutsideRepository(String),
    #[error("cannot include `{path}`: {cause}")]
    Unreadable { path: String, cause: std::io::Error },
    #[error("`{path}` has no `ANCHOR: {anchor}` … `ANCHOR_END: {anchor}`")]
    NoAnchor { path: String, anchor: String },
}

fn included_text(argument: &str, base_dir: &Path) -> Result<String, IncludeProblem> {
    let (path, anchor) = match argument.rsplit_once(':') {
        Some((path, anchor)) if !anchor.is_empty() && !anchor.contains('/') => (path, Some(anchor)),
        _ => (argument, None),
    };
    if !stays_in_repository(Path::new(path)) {
        return Err(IncludeProblem::OutsideRepository(path.to_string()));
    }
    let full = base_dir.join(path);
    let text =
        std::fs::read_to_string(&full).map_err(|cause| IncludeProblem::Unreadable { path: path.to_string(), cause })?;
    let text = match anchor {
        None => text,
        Some(anchor) => anchored_region(&text, anchor)
            .ok_or_else(|| IncludeProblem::NoAnchor { path: path.to_string(), anchor: anchor.to_string() })?,
    };
    Ok(dedent(text.trim_end_matches('\n')))
}

/// Whether `path`, taken from the lessons directory, stays at or below its parent, judged on
/// the components as written.
fn stays_in_repository(path: &Path) -> bool {
    use std::path::Component;
    // The lessons directory is one level below the repository root.
    let mut depth: usize = 1;
    for component in path.components() {
        match component {
            Component::Normal(_) => depth += 1,
            Component::CurDir => {}
            Component::ParentDir => match depth.checked_sub(1) {
                Some(up) => depth = up,
                None => return false,
            },
            Component::RootDir | Component::Prefix(_) => return false,
        }
    }
    true
}

/// The lines strictly between the anchor's start and end markers, other markers removed.
fn anchored_region(text: &str, anchor: &str) -> Option<String> {
    let start_marker = format!("ANCHOR: {anchor}");
    let end_marker = format!("ANCHOR_END: {anchor}");
    let mut lines = text.lines();
    lines.by_ref().find(|l| l.trim_end().ends_with(&start_marker))?;
    let mut region = Vec::new();
    for line in lines {
        if line.trim_end().ends_with(&end_marker) {
            return Some(region.join("\n"));
        }
        if !line.contains("ANCHOR: ") && !line.contains("ANCHOR_END: ") {
            region.push(line);
        }
    }
    None
}

/// Removes the indentation all non-blank lines share. Only ASCII spaces and tabs count as
/// indentation: they are one byte each, so the same count can be cut from every line without
/// landing inside a character (a line indented with U+3000 keeps it, as text).
fn dedent(text: &str) -> String {
    let indent_of = |line: &str| line.bytes().take_while(|b| *b == b' ' || *b == b'\t').count();
    let indent = text.lines().filter(|l| !l.trim().is_empty()).map(indent_of).min().unwrap_or(0);
    text.lines().map(|l| &l[indent.min(indent_of(l))..]).collect::<Vec<_>>().join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("code.rs"),
            "fn outside() {}\n    // ANCHOR: inner\n    fn inner() {\n        // ANCHOR: nested\n        work();\n        // ANCHOR_END: nested\n    }\n    // ANCHOR_END: inner\n",
        )
        .unwrap();
        dir
    }

    #[test]
    fn an_anchor_pulls_its_region_dedented_without_markers() {
        let dir = fixture();
        let out = expand_includes("```rust\n{{#include code.rs:inner}}\n```\n", dir.path()).unwrap();
        assert_eq!(out, "```rust\nfn inner() {\n    work();\n}\n```\n");
    }

    #[test]
    fn an_indented_directive_indents_the_region_it_includes() {
        let dir = fixture();
        let out = expand_includes("```rust\nimpl X {\n    {{#include code.rs:inner}}\n}\n```\n", dir.path()).unwrap();
        assert_eq!(out, "```rust\nimpl X {\n    fn inner() {\n        work();\n    }\n}\n```\n");
    }

    #[test]
    fn a_whole_file_can_be_included() {
        let dir = fixture();
        let out = expand_includes("{{#include code.rs}}", dir.path()).unwrap();
        assert!(out.starts_with("fn outside() {}\n"));
    }

    #[test]
    fn a_missing_file_or_anchor_is_an_error_at_the_directive() {
        let dir = fixture();
        let errors =
            expand_includes("text\n{{#include nope.rs}}\n{{#include code.rs:absent}}\n", dir.path()).unwrap_err();
        assert_eq!(errors.len(), 2);
        assert_eq!(errors[0].offset, 5);
        assert!(errors[0].message.contains("cannot include `nope.rs`"));
        assert!(errors[1].message.contains("no `ANCHOR: absent`"));
    }

    #[test]
    fn includes_outside_the_repository_are_errors_not_file_contents() {
        let dir = fixture();
        for outside in ["/etc/hostname", "../../etc/hostname", "../src/../../etc/passwd", "./../.."] {
            let errors = expand_includes(&format!("{{{{#include {outside}}}}}"), dir.path()).unwrap_err();
            assert!(errors[0].message.contains("must stay inside the repository"), "{outside}: {:?}", errors);
        }
        assert!(stays_in_repository(Path::new("../src/sandbox/mod.rs")));
        assert!(stays_in_repository(Path::new("code.rs")));
    }

    #[test]
    fn dedent_of_a_line_indented_with_a_non_ascii_space_does_not_panic() {
        assert_eq!(dedent("  a\n\u{3000}b\n    c"), "  a\n\u{3000}b\n    c", "no ASCII indent is shared");
        assert_eq!(dedent("    a\n      b"), "a\n  b");
        assert_eq!(dedent("\u{a0}\u{a0}x\n  y"), "\u{a0}\u{a0}x\n  y");
    }

    #[test]
    fn an_unclosed_directive_is_an_error() {
        let errors = expand_includes("{{#include code.rs\n", Path::new(".")).unwrap_err();
        assert!(errors[0].message.contains("not closed"));
    }
}
