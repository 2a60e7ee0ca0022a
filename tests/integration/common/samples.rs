//! The lessons' sample runner: every block a lesson marks `sample="name"` is written out as a
//! Python module (with the lesson's other samples beside it, for a driver that needs several),
//! and its driver, `samples/<slug>/<name>.py`, runs it in the samples' own environment against
//! redis-servers of its own. A failure is named by the block's `file:line`, and the lines of a
//! traceback inside the sample are given as lesson lines too.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use streamlab::lessons::catalog::Catalog;
use streamlab::lessons::samples::{DRIVERS_DIR, Sample};

/// A driver that has not finished in this long is stuck, not slow.
const DRIVER_LIMIT: Duration = Duration::from_secs(180);

/// The samples' environment: installed by `./scripts/test.sh` (`ensure_samples_env`).
pub fn samples_python() -> PathBuf {
    let python = super::repo_path("lessons/samples/.venv/bin/python");
    assert!(
        python.is_file(),
        "{} is missing: ./scripts/test.sh installs the lesson samples' environment (lessons/samples/requirements.txt)",
        python.display()
    );
    python
}

/// Runs every marked sample of the lessons in `dir`; returns one report per failure.
pub fn run_all(dir: &Path, python: &Path) -> Vec<String> {
    let catalog = Catalog::load(dir);
    assert!(catalog.problems().is_empty(), "the lessons have problems: {:#?}", catalog.problems());
    let samples: Vec<&Sample> = catalog.samples().collect();
    samples.iter().filter_map(|sample| run_one(sample, &samples, dir, python).err()).collect()
}

fn run_one(sample: &Sample, all: &[&Sample], dir: &Path, python: &Path) -> Result<(), String> {
    let work = tempfile::tempdir().expect("a temporary directory");
    for other in all.iter().filter(|other| other.file == sample.file) {
        std::fs::write(work.path().join(format!("{}.py", other.module_name())), &other.code).expect("write a sample");
    }
    let harness = dir.join(DRIVERS_DIR);
    let mut driver = Command::new(python);
    driver
        // -P: the driver's own folder is not put first on the path, where a driver named as its
        // sample would import itself.
        .arg("-P")
        .arg(&sample.driver)
        .current_dir(work.path())
        .env("PYTHONPATH", format!("{}:{}", work.path().display(), harness.display()))
        .env("PYTHONDONTWRITEBYTECODE", "1")
        .env("PYTHONUNBUFFERED", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    // Its own process group, so whatever it started (redis-servers, uvicorn) goes with it.
    std::os::unix::process::CommandExt::process_group(&mut driver, 0);
    let child = driver.spawn().map_err(|e| format!("{}: cannot run {}: {e}", place(sample), python.display()))?;
    let pid = child.id();
    let started = Instant::now();
    let watchdog = std::thread::spawn(move || {
        while started.elapsed() < DRIVER_LIMIT {
            std::thread::sleep(Duration::from_millis(200));
            if !super::processes::is_running(pid) {
                return;
            }
        }
        kill_group(pid);
    });
    let output = child.wait_with_output().expect("the driver's output");
    kill_group(pid);
    let _ = watchdog.join();
    if output.status.success() {
        return Ok(());
    }
    let said = format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    let said = in_lesson_lines(&said, sample, work.path());
    let tail: Vec<&str> = said.lines().rev().take(40).collect();
    let ended =
        if started.elapsed() >= DRIVER_LIMIT { "stopped after 180 s".to_string() } else { output.status.to_string() };
    Err(format!(
        "{}: sample `{}` did not do what its lesson says (driver {}, {ended}):\n{}",
        place(sample),
        sample.name,
        sample.driver.strip_prefix(dir).unwrap_or(&sample.driver).display(),
        tail.into_iter().rev().collect::<Vec<_>>().join("\n")
    ))
}

fn place(sample: &Sample) -> String {
    format!("{}:{}", shown(&sample.file).display(), sample.line)
}

/// A path as the person running the tests reads it: from where they stand, when it is below.
fn shown(path: &Path) -> &Path {
    std::env::current_dir().ok().and_then(|here| path.strip_prefix(here).ok()).unwrap_or(path)
}

/// `File "/tmp/x/claim_once.py", line 12` → `File "lessons/06-….md:484"`: the block's code
/// starts on the line after its fence.
fn in_lesson_lines(said: &str, sample: &Sample, work: &Path) -> String {
    let module = format!("File \"{}/{}.py\", line ", work.display(), sample.module_name());
    said.lines()
        .map(|line| match line.split_once(&module) {
            Some((indent, rest)) => {
                let (number, after) = rest.split_once(',').map_or((rest, String::new()), |(n, a)| (n, format!(",{a}")));
                match number.trim().parse::<usize>() {
                    Ok(n) => format!("{indent}File \"{}:{}\"{after}", shown(&sample.file).display(), sample.line + n),
                    Err(_) => line.to_string(),
                }
            }
            None => line.to_string(),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn kill_group(pid: u32) {
    // The group may be gone already; a kill that finds nobody is fine.
    let _ = Command::new("kill").args(["-KILL", "--", &format!("-{pid}")]).stderr(Stdio::null()).status();
}
