//! `streamlab lessons check`: the course passes (its translations too), and each broken fixture
//! is reported at its exact `file:line:col`.

use std::process::Command;

fn check(dir: &str) -> (bool, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_streamlab"))
        .args(["lessons", "check", dir])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("run streamlab lessons check");
    (output.status.success(), String::from_utf8(output.stdout).unwrap())
}

#[test]
fn the_course_lessons_pass_the_check() {
    let (ok, out) = check("lessons");
    assert!(ok, "{out}");
    let samples = out.lines().filter(|l| l.contains(": sample `")).count();
    assert!(
        out.ends_with(&format!(
            "7 lesson files and 7 translations checked in lessons: {samples} marked samples, 0 problems, 0 warnings\n"
        )),
        "{out}"
    );
    assert!(
        out.lines().any(|l| l.starts_with("lessons/06-when-redis-blinks.md:")
            && l.ends_with(": sample `run-once`, run by samples/when-redis-blinks/run-once.py")),
        "marked samples are listed with their drivers: {out}"
    );
}

#[test]
fn each_broken_fixture_is_reported_at_its_file_and_line() {
    let (ok, out) = check("tests/fixtures/broken-lessons");
    assert!(!ok, "problems make the check fail");
    let dir = "tests/fixtures/broken-lessons";
    let expected = [
        format!("{dir}/02-unknown-key.md:5:1: front matter: unknown field `colour`"),
        format!("{dir}/03-missing-title.md:2:1: front matter: missing field `title`"),
        format!("{dir}/06-unknown-check-kind.md:6:1: check `x`: unknown kind `teleported`"),
        format!("{dir}/07-bad-parameter.md:6:1: check `x` (delivered): unknown variant `c`"),
        format!("{dir}/08-broken-include.md:9:1: `../broken-lessons/01-fine.md` has no `ANCHOR: no-such-anchor`"),
        format!(
            "{dir}/10-include-outside.md:8:1: cannot include `/etc/hostname`: includes must stay inside the repository"
        ),
        format!("{dir}/04-duplicate-order.md:2:1: order 1 is already used by {dir}/01-fine.md"),
        format!("{dir}/05-duplicate-slug.md:2:1: slug `fine` is already used by {dir}/01-fine.md"),
        format!("{dir}/09-broken-link.md:7:1: link to lesson `nowhere`, which does not exist"),
        format!(
            "{dir}/11-sample-without-driver.md:9:1: sample `counts` has no driver: write samples/sample-without-driver/counts.py"
        ),
        // A translation says only words: what a check checks is its English file's.
        format!("{dir}/ko/12-translated.md:5:1: exercise check 1: unknown field `kind`"),
        // One older than its English file is served, with a warning that names the new hash.
        format!(
            "{dir}/ko/01-fine.md:2:1: warning: older than {dir}/01-fine.md (made from 0000000000000000, the file is now "
        ),
    ];
    for line in &expected {
        assert!(out.lines().any(|l| l.starts_with(line.as_str())), "missing {line:?} in:\n{out}");
    }
    assert!(
        out.ends_with(
            "12 lesson files and 2 translations checked in tests/fixtures/broken-lessons: 0 marked samples, 11 problems, 1 warnings\n"
        ),
        "{out}"
    );
}
