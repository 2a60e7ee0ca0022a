//! The comment thread under a lesson (the region "Comments"): the comments, newest last, each
//! with its replies, then the box for a new one; the count in the lesson's header. Every action
//! is a plain form, so the thread works without JavaScript (Reply and Edit open their box
//! through the address, `?reply=ID` and `?edit=ID`); with JavaScript the page calls the same
//! server functions itself and stays where it is.

mod comment;
mod compose;
pub mod count;
pub mod section;
pub mod server_fns;

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::comments::thread::Thread;
use crate::problem::Problem;
use crate::ui::loaded::{Loaded, loaded};

/// The thread of the lesson on the page, and which box is open.
#[derive(Clone, Copy)]
pub struct Comments {
    version: RwSignal<u64>,
    pub thread: Loaded<Result<Thread, Problem>>,
    /// The comment whose Reply box is open.
    pub replying: RwSignal<Option<i64>>,
    /// The comment being edited.
    pub editing: RwSignal<Option<i64>>,
    /// The thread's mark of being on the page: an answer to a post, an edit or a delete is
    /// applied while the thread is there, even if the box or button that sent it has gone
    /// (Cancel, another box opened): the comment was saved, and the thread shows it.
    pub here: crate::ui::answer::StillHere,
}

impl Comments {
    /// Provided by the lesson page, read by its header (the count) and its thread.
    ///
    /// Made once per page, by the page itself, never inside the view that shows a lesson once it
    /// has loaded: on the server that view may run more than once while its resources resolve,
    /// and each run made a thread of its own, read at its own moment. The browser hydrated
    /// against the first while the HTML showed the last, and a comment posted in between made
    /// them differ: the page panicked (a hydration mismatch) and nothing on it answered.
    pub fn provide(lesson: impl Fn() -> String + Send + Sync + 'static) -> Comments {
        let version = RwSignal::new(0u64);
        let query = use_query_map();
        // After a refusal without JavaScript the address says `?draft=1`; once the thread is read
        // again (a post that worked), the draft is gone anyway.
        let with_draft = query.with_untracked(|q| q.get("draft").is_some());
        // `?before=ID`: a page of older comments (a link, so it works without JavaScript).
        let before = Memo::new(move |_| query.with(|q| q.get("before").and_then(|id| id.parse::<i64>().ok())));
        let thread = loaded(
            move || (lesson(), version.get(), before.get()),
            move |(lesson, version, before)| server_fns::get_thread(lesson, with_draft && version == 0, before),
        );
        let opened = |name: &str| query.with_untracked(|q| q.get(name).and_then(|id| id.parse().ok()));
        let comments = Comments {
            version,
            thread,
            replying: RwSignal::new(opened("reply")),
            editing: RwSignal::new(opened("edit")),
            here: crate::ui::answer::StillHere::new(),
        };
        provide_context(comments);
        comments
    }

    /// The thread changed (a post, an edit, a delete): read it again, with every box closed.
    pub fn reload(&self) {
        self.replying.set(None);
        self.editing.set(None);
        self.version.update(|v| *v += 1);
    }
}

pub fn use_comments() -> Comments {
    expect_context::<Comments>()
}
