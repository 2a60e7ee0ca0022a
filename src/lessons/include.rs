//! The include directive: `{{#include PATH}}` or `{{#include PATH:ANCHOR}}` (mdBook's syntax)
//! pulls a file, or the lines between `ANCHOR: name` and `ANCHOR_END: name` in it, into the
//! lesson before it is rendered, so a lesson shows the code that really runs. A missing file or
//! anchor is an error at the directive's place.

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
            Ok(text) => out.push_str(&text),
            Err(message) => errors.push(IncludeError { offset: consumed + start, message }),
        }
        let directive_len = OPEN.len() + end + CLOSE.len();
        consumed += start + directive_len;
        rest = &rest[start + directive_len..];
    }
    out.push_str(rest);
    if errors.is_empty() { Ok(out) } else { Err(errors) }
}

fn included_text(argument: &str, base_dir: &Path) -> Result<String, String> {
    let (path, anchor) = match argument.rsplit_once(':') {
        Some((path, anchor)) if !anchor.is_empty() && !anchor.contains('/') => (path, Some(anchor)),
        _ => (argument, None),
    };
    let full = base_dir.join(path);
    let text = std::fs::read_to_string(&full).map_err(|e| format!("cannot include `{path}`: {e}"))?;
    let text = match anchor {
        None => text,
        Some(anchor) => anchored_region(&text, anchor)
            .ok_or_else(|| format!("`{path}` has no `ANCHOR: {anchor}` … `ANCHOR_END: {anchor}`"))?,
    };
    Ok(dedent(text.trim_end_matches('\n')))
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

/// Removes the indentation all non-blank lines share.
fn dedent(text: &str) -> String {
    let indent =
        text.lines().filter(|l| !l.trim().is_empty()).map(|l| l.len() - l.trim_start().len()).min().unwrap_or(0);
    text.lines().map(|l| if l.len() >= indent { &l[indent..] } else { l.trim_start() }).collect::<Vec<_>>().join("\n")
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
    fn an_unclosed_directive_is_an_error() {
        let errors = expand_includes("{{#include code.rs\n", Path::new(".")).unwrap_err();
        assert!(errors[0].message.contains("not closed"));
    }
}
