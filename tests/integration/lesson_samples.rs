//! The lessons' marked samples, run against real redis-servers by their drivers
//! (`lessons/samples/`): what the text says the code does, it does. And a sample broken on
//! purpose is reported at its lesson's `file:line`.

use crate::common;

use common::samples::{run_all, samples_python};

#[test]
fn every_marked_sample_does_what_its_lesson_says() {
    let lessons = common::repo_path("lessons");
    let failures = run_all(&lessons, &samples_python());
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn a_sample_broken_on_purpose_fails_at_its_lesson_line() {
    let root = tempfile::tempdir().unwrap();
    let lessons = root.path().join("lessons");
    std::fs::create_dir_all(lessons.join("samples/counting")).unwrap();
    let lesson = [
        "+++",
        "title = \"Counting\"",
        "order = 1",
        "status = \"published\"",
        "+++",
        "",
        "Text.",
        "",
        "```python title=\"One per subscriber\" sample=\"counts\"",
        "def publish_count(subscribers):",
        "    return len(subscribers) - 1  # broken on purpose: one short",
        "",
        "",
        "def check(subscribers):",
        "    if publish_count(subscribers) != len(subscribers):",
        "        raise AssertionError(\"PUBLISH counts every subscriber\")",
        "```",
        "",
    ]
    .join("\n");
    std::fs::write(lessons.join("01-counting.md"), lesson).unwrap();
    std::fs::write(lessons.join("samples/counting/counts.py"), "from counts import check\n\ncheck(['a', 'b'])\n")
        .unwrap();

    let failures = run_all(&lessons, &samples_python());
    assert_eq!(failures.len(), 1, "{failures:#?}");
    let file = lessons.join("01-counting.md");
    let report = &failures[0];
    assert!(report.starts_with(&format!("{}:9: sample `counts`", file.display())), "{report}");
    assert!(report.contains(&format!("File \"{}:16\", in check", file.display())), "the raise, at its line: {report}");
    assert!(report.contains("AssertionError: PUBLISH counts every subscriber"), "{report}");
}
