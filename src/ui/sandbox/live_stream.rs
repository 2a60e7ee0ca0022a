//! The panel's one live connection to the server: the sandbox's event stream (server-sent
//! events), through leptos-use's event source. Every event goes to [`SandboxLive::apply`]; when
//! the stream breaks and the sandbox is gone, the panel is told it ended.

use leptos::prelude::*;

use super::live::use_live;

#[component]
pub fn LiveStream(sandbox_id: String, lesson: String) -> impl IntoView {
    #[cfg(feature = "hydrate")]
    {
        use codee::string::FromToStringCodec;
        use leptos_use_event_source::{
            ReconnectLimit, UseEventSourceOnEventReturn, UseEventSourceOptions, use_event_source_with_options,
        };
        use wasm_bindgen::JsCast;

        use crate::sandbox::wire::Event;

        let live = use_live();
        let url = format!("{}/stream", crate::routes::sandbox_events(&sandbox_id));
        let options = UseEventSourceOptions::<String>::default()
            .reconnect_limit(ReconnectLimit::Infinite)
            .reconnect_interval(2_000)
            .on_event(move |event: &web_sys::Event| {
                // Each message is handled here, one by one: the hook's own `message` signal keeps
                // only the latest, and a burst of events would lose all but one.
                if let Some(message) = event.dyn_ref::<web_sys::MessageEvent>()
                    && let Some(data) = message.data().as_string()
                    && let Ok(parsed) = serde_json::from_str::<Event>(&data)
                {
                    live.apply(parsed);
                }
                UseEventSourceOnEventReturn::IgnoreProcessingMessage
            });
        let stream = use_event_source_with_options::<String, FromToStringCodec>(url, options);
        // A broken stream may mean the sandbox ended (idle, expired, or a server restart): ask.
        Effect::new(move |_| {
            if stream.error.with(Option::is_some) {
                let lesson = lesson.clone();
                leptos::task::spawn_local(async move {
                    if let Ok(None) = super::server_fns::find_sandbox(lesson).await {
                        live.end();
                    }
                });
            }
        });
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (sandbox_id, lesson, use_live());
}
