//! Hot reload for authors: in development mode the server announces lesson file changes on
//! `/dev/lessons/changes` (server-sent events), and an open lesson page fetches itself again.
//! A production server says it does not watch, and the page opens no connection. The stream is
//! leptos-use's event source, the hook the page's live stream already uses.

/// The server-sent event's name (see `server::dev`).
#[cfg(feature = "hydrate")]
const LESSONS_CHANGED: &str = "lessons-changed";

/// Once `enabled` turns true, calls `refetch` whenever the server says the lessons changed
/// (in the browser only).
pub fn follow_lesson_changes(enabled: impl Fn() -> bool + 'static, refetch: impl Fn() + Send + Sync + 'static) {
    #[cfg(feature = "hydrate")]
    {
        use codee::string::FromToStringCodec;
        use leptos::prelude::*;
        use leptos_use_event_source::{
            UseEventSourceOnEventReturn, UseEventSourceOptions, use_event_source_with_options,
        };

        let options = UseEventSourceOptions::<String>::default()
            .immediate(false)
            // A named event: the source's `message` handler would only see unnamed ones.
            .named_events([LESSONS_CHANGED.to_string()])
            .on_event(move |event: &web_sys::Event| {
                if event.type_() != LESSONS_CHANGED {
                    return UseEventSourceOnEventReturn::ProcessMessage;
                }
                refetch();
                UseEventSourceOnEventReturn::IgnoreProcessingMessage
            });
        let source = use_event_source_with_options::<String, FromToStringCodec>(
            crate::routes::DEV_LESSON_CHANGES.to_string(),
            options,
        );
        let opened = StoredValue::new(false);
        Effect::new(move |_| {
            if enabled() && !opened.get_value() {
                opened.set_value(true);
                (source.open)();
            }
        });
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (enabled, refetch);
}
