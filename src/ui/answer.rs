//! Asking the server from a page, and applying its answer only while the part of the page that
//! asked is still there.
//!
//! A request a learner sent (post a comment, stop Redis, extend the sandbox) is never
//! cancelled: it reaches the server even when the learner follows a link at once, since
//! dropping a server function's future aborts its `fetch`. Its answer, though, may come back to
//! a page that is gone, whose signals are gone with it; reading one of them then panics and
//! takes the whole app down. So a component makes a [`StillHere`] as it is created, and its
//! answers are handed on only while that component is mounted, and dropped otherwise.

use leptos::prelude::*;

/// A component's mark of being on the page: made in its body, gone with it.
#[derive(Clone, Copy)]
pub struct StillHere(StoredValue<()>);

impl StillHere {
    /// Made in a component's body (its reactive owner current), it lives as long as that
    /// component; copied into event handlers, sockets' callbacks and timers, it still tells.
    #[allow(clippy::new_without_default)]
    pub fn new() -> Self {
        StillHere(StoredValue::new(()))
    }

    /// Whether the component that made this is still mounted.
    pub fn is_here(self) -> bool {
        !self.0.is_disposed()
    }

    /// Runs `request` to its end and hands its answer to `apply` if the component is still
    /// mounted then.
    pub fn then<T: 'static>(self, request: impl Future<Output = T> + 'static, apply: impl FnOnce(T) + 'static) {
        leptos::task::spawn_local(async move {
            let answer = request.await;
            if self.is_here() {
                apply(answer);
            }
        });
    }
}
