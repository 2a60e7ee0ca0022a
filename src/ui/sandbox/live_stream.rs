//! The page's one live connection to the server (`/api/live`, server-sent events, through
//! leptos-use's event source): it follows the learner's sandbox for this lesson, whichever it
//! is, so a reset or a start in another tab needs no new connection. Sandbox events go to
//! [`SandboxLive::receive`]; a sandbox started elsewhere or ended is told to the panel; an award
//! that landed makes the level bar read the learner's progress again, and a new unread count
//! moves the bell (the site's own stream is closed meanwhile: one stream per page).

use leptos::prelude::*;

/// What the stream tells the panel besides events.
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
#[derive(Clone, Debug, PartialEq)]
pub enum StreamNews {
    /// The learner's sandbox for this lesson is this one (perhaps started in another tab).
    Started(String),
    /// That sandbox ended.
    Ended(String),
    /// The stream broke: the sandbox may be gone (the server restarted).
    Broken,
}

#[component]
pub fn LiveStream(lesson: String, on_news: Callback<StreamNews>) -> impl IntoView {
    #[cfg(feature = "hydrate")]
    {
        use crate::sandbox::wire::LiveMessage;
        use crate::ui::notifications::site_stream::{open_live_stream, site_message_handler, use_page_stream};

        let live = super::live::use_live();
        // While this stream is open, the site's own (for the bell) is not needed.
        let page_stream = use_page_stream();
        Effect::new(move |_| page_stream.panel_holds_it.set(true));
        on_cleanup(move || page_stream.panel_holds_it.set(false));
        let handle_site_message = site_message_handler();
        let encoded = String::from(js_sys::encode_uri_component(&lesson));
        let url = format!("{}?lesson={encoded}", crate::routes::LIVE);
        let broken = open_live_stream(url, move |message| match live.receive(message) {
            Some(LiveMessage::SandboxStarted { sandbox }) => on_news.run(StreamNews::Started(sandbox)),
            Some(LiveMessage::SandboxEnded { sandbox }) => on_news.run(StreamNews::Ended(sandbox)),
            Some(other) => handle_site_message(&other),
            None => {}
        });
        Effect::new(move |_| {
            if broken.get() {
                on_news.run(StreamNews::Broken);
            }
        });
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (lesson, on_news);
}
