//! What a learner's server printed (its stdout and stderr, tracebacks included) and what the app
//! says about it (started, stopped and why), as lines: the last few hundred kept for a page that
//! opens late, and every new one sent to whoever follows.

use std::collections::VecDeque;
use std::sync::Mutex;

use tokio::sync::broadcast;

use crate::sandbox::frames::Args;

/// Lines kept for a page that starts following late.
const KEPT_LINES: usize = 500;
/// Longer lines are cut: a learner's `print` of a huge value must not fill the app's memory.
const MAX_LINE_CHARS: usize = 2_000;

/// One line of the server's log.
#[derive(Clone, Debug, PartialEq)]
pub struct OutputLine {
    pub from: Source,
    /// What the process wrote, or the platform's sentence in English.
    pub text: String,
    /// A platform line's sentence for programs: which one, and the values it names (the panel
    /// says it in the reader's language from these).
    pub key: Option<&'static str>,
    pub args: Args,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    /// The learner's process wrote it.
    Process,
    /// The platform says it (started, limits, exit).
    Platform,
}

pub struct Output {
    kept: Mutex<VecDeque<OutputLine>>,
    live: broadcast::Sender<OutputLine>,
}

impl Default for Output {
    fn default() -> Self {
        Output { kept: Mutex::new(VecDeque::with_capacity(64)), live: broadcast::channel(256).0 }
    }
}

impl Output {
    pub fn push(&self, from: Source, text: &str) {
        self.push_line(from, text, None, Args::default());
    }

    /// A platform line: `text` in English, and the same sentence as `key` and `args`.
    pub fn say(&self, key: &'static str, args: Args, text: &str) {
        self.push_line(Source::Platform, text, Some(key), args);
    }

    fn push_line(&self, from: Source, text: &str, key: Option<&'static str>, args: Args) {
        let text: String = text.trim_end_matches(['\r', '\n']).chars().take(MAX_LINE_CHARS).collect();
        let line = OutputLine { from, text, key, args };
        // Sent under the lock, so `lines_and_follow` sees each line exactly once.
        let mut kept = self.kept.lock().expect("output log poisoned");
        if kept.len() == KEPT_LINES {
            kept.pop_front();
        }
        kept.push_back(line.clone());
        let _ = self.live.send(line);
    }

    /// The lines so far and every later one, none twice and none missed.
    pub fn lines_and_follow(&self) -> (Vec<OutputLine>, broadcast::Receiver<OutputLine>) {
        let kept = self.kept.lock().expect("output log poisoned");
        (kept.iter().cloned().collect(), self.live.subscribe())
    }

    pub fn lines(&self) -> Vec<OutputLine> {
        self.kept.lock().expect("output log poisoned").iter().cloned().collect()
    }

    pub fn follow(&self) -> broadcast::Receiver<OutputLine> {
        self.live.subscribe()
    }

    /// The kept lines as one text, for error messages and tests.
    pub fn text(&self) -> String {
        self.lines().into_iter().map(|l| l.text).collect::<Vec<_>>().join("\n")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_last_lines_are_kept_and_long_ones_are_cut() {
        let output = Output::default();
        for i in 0..KEPT_LINES + 3 {
            output.push(Source::Process, &format!("line {i}\n"));
        }
        let lines = output.lines();
        assert_eq!(lines.len(), KEPT_LINES);
        assert_eq!(lines[0].text, "line 3");
        output.push(Source::Process, &"x".repeat(MAX_LINE_CHARS * 2));
        assert_eq!(output.lines().last().unwrap().text.chars().count(), MAX_LINE_CHARS);
    }
}
