//! The page's one live stream where the sandbox panel does not hold it: on any page of a
//! signed-in learner, `/api/live` without a lesson, which carries awards (the level bar moves) and
//! the unread count (the bell moves). A lesson page whose sandbox runs opens the stream with
//! its lesson instead (`ui/sandbox/live_stream.rs`) and says so through [`PageStream`]; this
//! one then closes, so a page never holds two.

use leptos::prelude::*;

use crate::sandbox::wire::LiveMessage;

/// Whether the sandbox panel holds the page's live stream.
#[derive(Clone, Copy)]
pub struct PageStream {
    pub panel_holds_it: RwSignal<bool>,
}

impl PageStream {
    pub fn provide() {
        provide_context(PageStream { panel_holds_it: RwSignal::new(false) });
    }
}

pub fn use_page_stream() -> PageStream {
    expect_context::<PageStream>()
}

/// What any page does with a message of the stream that is not the sandbox's: read the progress
/// again, show the new unread count. Made where the stream is (the page's contexts are read
/// there, not in the stream's callbacks).
pub fn site_message_handler() -> impl Fn(&LiveMessage) + Clone + 'static {
    let (progress, notifications) = (crate::ui::progress::use_progress(), super::use_notifications());
    move |message| match message {
        LiveMessage::ProgressChanged => progress.changed(),
        LiveMessage::Notifications { unread } => notifications.told(*unread),
        _ => {}
    }
}

/// Opens the site's stream for a signed-in learner while the panel does not hold one. Called
/// once by the app.
///
/// Browser only, and no markup: an effect opens it once the page is live. It was a suspense
/// around a lazy view, and that suspense took its hydration id whenever the unread count
/// happened to resolve on the server, before or after the lesson's: when before, every id
/// after it moved by two, the browser looked for the comment thread under the wrong id and
/// the page stopped hydrating halfway (signed-in learners only, on a busy server).
pub fn follow_site_stream() {
    let notifications = super::use_notifications();
    let page_stream = use_page_stream();
    let wanted = Memo::new(move |_| {
        matches!(notifications.resource().get(), Some(Ok(Some(_)))) && !page_stream.panel_holds_it.get()
    });
    Effect::new(move |_| {
        if wanted.get() {
            // Under the effect's owner: its next run (the panel took the stream over) or the
            // page's end closes the stream.
            leptos::task::spawn_local_scoped_with_cancellation(open_site_stream());
        }
    });
}

/// In a chunk of its own, like the panel's stream: an anonymous reader never loads it.
#[lazy]
fn open_site_stream() {
    #[cfg(feature = "hydrate")]
    {
        let handle_site_message = site_message_handler();
        let _ = open_live_stream(crate::routes::LIVE.to_string(), move |message| handle_site_message(&message));
    }
}

/// Opens the page's live stream at `url` (leptos-use's event source, reconnecting without end)
/// and hands each message to `on_message` as it arrives: the hook's own `message` signal keeps
/// only the latest, and a burst of events would lose all but one. True while the stream is broken.
#[cfg(feature = "hydrate")]
pub fn open_live_stream(url: String, on_message: impl Fn(LiveMessage) + Clone + Send + Sync + 'static) -> Signal<bool> {
    use codee::string::FromToStringCodec;
    use leptos_use_event_source::{
        ReconnectLimit, UseEventSourceOnEventReturn, UseEventSourceOptions, use_event_source_with_options,
    };
    use wasm_bindgen::JsCast;

    let options = UseEventSourceOptions::<String>::default()
        .reconnect_limit(ReconnectLimit::Infinite)
        .reconnect_interval(2_000)
        .on_event(move |event: &web_sys::Event| {
            if let Some(message) = event.dyn_ref::<web_sys::MessageEvent>()
                && let Some(data) = message.data().as_string()
                && let Ok(parsed) = serde_json::from_str::<LiveMessage>(&data)
            {
                on_message(parsed);
            }
            UseEventSourceOnEventReturn::IgnoreProcessingMessage
        });
    let stream = use_event_source_with_options::<String, FromToStringCodec>(url, options);
    Signal::derive(move || stream.error.with(Option::is_some))
}
