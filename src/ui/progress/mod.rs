//! The learner's progress in the page: the level bar first on every page, "Mark as read" at the
//! end of a lesson, the achievements page and the toast when one unlocks. One summary, read from the server (so it renders without JavaScript),
//! read again when an award lands: after "Mark as read", or told by the page's live stream.

pub mod achievements_page;
pub mod level_bar;
pub mod mark_read;
pub mod server_fns;
pub mod toast;

use leptos::prelude::*;

use crate::problem::Problem;
use crate::progress::summary::ProgressSummary;
use crate::ui::loaded::{Loaded, loaded};

/// The page's progress: the summary, and a way to read it again.
#[derive(Clone, Copy)]
pub struct Progress {
    version: RwSignal<u64>,
    pub summary: Loaded<Result<ProgressSummary, Problem>>,
}

impl Progress {
    /// Provided once, by the app.
    pub fn provide() {
        let version = RwSignal::new(0u64);
        let summary = loaded(move || version.get(), |_| server_fns::get_progress());
        provide_context(Progress { version, summary });
    }

    /// An award landed: read the summary again.
    pub fn changed(&self) {
        self.version.update(|v| *v += 1);
    }
}

pub fn use_progress() -> Progress {
    expect_context::<Progress>()
}
