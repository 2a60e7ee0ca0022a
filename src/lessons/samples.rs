//! Marked samples: code a lesson shows and the test suite runs. A fenced block whose info string
//! carries `sample="name"` claims behaviour (```` ```python title="Claim a task" sample="claim-once" ````),
//! and a driver beside the lessons, `samples/<lesson slug>/<name>.py`, runs it against a real
//! Redis and asserts what the text says happens. This module finds the marked blocks with their
//! lines, and says where each one's driver is;
//! running them is the tests' job (`tests/integration/lesson_samples.rs`).

use std::path::{Path, PathBuf};

use pulldown_cmark::{CodeBlockKind, Event, Parser, Tag, TagEnd};

use super::dialect::{FenceInfo, fence_info, options};

/// Where the drivers live, relative to the lessons directory.
pub const DRIVERS_DIR: &str = "samples";

/// A marked block as found in a lesson's body: its name, language, byte offset of the fence,
/// and code as written (includes not yet expanded).
#[derive(Debug, PartialEq, Eq)]
pub struct MarkedBlock {
    pub name: String,
    pub lang: String,
    pub offset: usize,
    pub code: String,
}

/// Every block of `markdown` that carries `sample="…"`.
pub fn marked_blocks(markdown: &str) -> Vec<MarkedBlock> {
    let mut blocks = Vec::new();
    let mut open: Option<(FenceInfo, usize, String)> = None;
    for (event, range) in Parser::new_ext(markdown, options()).into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) => {
                open = Some((fence_info(&info), range.start, String::new()));
            }
            Event::Text(text) => {
                if let Some((_, _, code)) = open.as_mut() {
                    code.push_str(&text);
                }
            }
            Event::End(TagEnd::CodeBlock) => {
                if let Some((FenceInfo { lang, sample: Some(name), .. }, offset, code)) = open.take() {
                    blocks.push(MarkedBlock { name, lang, offset, code });
                }
            }
            _ => {}
        }
    }
    blocks
}

/// A marked sample of a loaded lesson: what the test suite runs, and where to say it failed.
#[derive(Clone, Debug, PartialEq)]
pub struct Sample {
    pub name: String,
    pub lang: String,
    /// The lesson file and the line of the block's opening fence.
    pub file: PathBuf,
    pub line: usize,
    /// The code as a reader copies it (includes expanded).
    pub code: String,
    /// The script that runs it and checks what the lesson says.
    pub driver: PathBuf,
}

impl Sample {
    /// The module name the driver imports the sample by: `claim-once` → `claim_once`.
    pub fn module_name(&self) -> String {
        self.name.replace('-', "_")
    }
}

/// Where the driver of sample `name` of lesson `slug` lives, in the lessons directory `dir`.
pub fn driver_path(dir: &Path, slug: &str, name: &str) -> PathBuf {
    dir.join(DRIVERS_DIR).join(slug).join(format!("{name}.py"))
}

/// A sample name: lowercase letters, digits and dashes, as slugs are (it becomes a file name and
/// a Python module name).
pub fn is_valid_name(name: &str) -> bool {
    !name.is_empty()
        && name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && name.starts_with(|c: char| c.is_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marked_blocks_are_found_with_their_offsets_and_the_others_left_alone() {
        let markdown = "Intro.\n\n```python title=\"A\"\nprint(1)\n```\n\n```python sample=\"two\"\nprint(2)\n```\n";
        let blocks = marked_blocks(markdown);
        assert_eq!(blocks.len(), 1);
        assert_eq!(blocks[0].name, "two");
        assert_eq!(blocks[0].code, "print(2)\n");
        assert_eq!(&markdown[blocks[0].offset..blocks[0].offset + 3], "```");
    }

    #[test]
    fn sample_names_are_file_and_module_friendly() {
        assert!(is_valid_name("claim-once"));
        assert!(!is_valid_name("Claim"));
        assert!(!is_valid_name("1st"));
        assert!(!is_valid_name("../x"));
    }
}
