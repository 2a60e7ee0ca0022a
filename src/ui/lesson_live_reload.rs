//! Hot reload for authors: in development mode the server announces lesson file changes on
//! `/dev/lessons/changes` (server-sent events), and an open lesson page fetches itself again.
//! A production server says it does not watch, and the page opens no connection.
//!
//! Written against `web_sys` on purpose: leptos-use's `use_event_source` (which the page's live
//! stream uses) was tried here and added 29 KB to the bundle every page loads (12 KB gzipped,
//! measured on the release build), for a stream only development servers open.

/// The server-sent event's name (see `server::dev`).
#[cfg(feature = "hydrate")]
const LESSONS_CHANGED: &str = "lessons-changed";

/// Once `enabled` turns true, calls `refetch` whenever the server says the lessons changed
/// (in the browser only).
pub fn follow_lesson_changes(enabled: impl Fn() -> bool + 'static, refetch: impl Fn() + 'static) {
    #[cfg(feature = "hydrate")]
    {
        use leptos::prelude::*;
        use std::cell::RefCell;
        use wasm_bindgen::JsCast;
        use wasm_bindgen::closure::Closure;

        let refetch = RefCell::new(Some(refetch));
        Effect::new(move |_| {
            if !enabled() {
                return;
            }
            let Some(refetch) = refetch.borrow_mut().take() else { return };
            let Ok(source) = web_sys::EventSource::new(crate::routes::DEV_LESSON_CHANGES) else { return };
            // A named event: `onmessage` would only see unnamed ones.
            let on_change = Closure::<dyn Fn(web_sys::MessageEvent)>::new(move |_| refetch());
            let _ = source.add_event_listener_with_callback(LESSONS_CHANGED, on_change.as_ref().unchecked_ref());
            on_change.forget();
            on_cleanup(move || source.close());
        });
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (enabled, refetch);
}
