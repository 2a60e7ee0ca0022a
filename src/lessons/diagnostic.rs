//! A problem found in a lesson file, located as `file:line:col` so an editor can jump to it.

use std::fmt;
use std::path::PathBuf;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub file: PathBuf,
    /// 1-based line in the file.
    pub line: usize,
    /// 1-based column (in characters) in that line.
    pub col: usize,
    pub message: String,
}

impl Diagnostic {
    pub fn new(file: impl Into<PathBuf>, line: usize, col: usize, message: impl Into<String>) -> Self {
        Diagnostic { file: file.into(), line, col, message: message.into() }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}: {}", self.file.display(), self.line, self.col, self.message)
    }
}

/// The 1-based line and column of a byte offset in `text`.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = before[line_start..].chars().count() + 1;
    (line, col)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_from_one() {
        let text = "ab\ncdé\nf";
        assert_eq!(line_col(text, 0), (1, 1));
        assert_eq!(line_col(text, 3), (2, 1));
        assert_eq!(line_col(text, text.find('f').unwrap()), (3, 1));
        // Columns count characters, not bytes.
        assert_eq!(line_col(text, text.find('\n').unwrap() + 1 + "cdé".len()), (2, 4));
    }

    #[test]
    fn displays_as_file_line_col_message() {
        let d = Diagnostic::new("lessons/01-push.md", 3, 1, "missing `title`");
        assert_eq!(d.to_string(), "lessons/01-push.md:3:1: missing `title`");
    }
}
