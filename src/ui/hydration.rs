//! Marks `<html data-hydrated>` once the wasm bundle has taken over the page. Browser tests wait
//! for it before clicking, instead of guessing how long hydration takes.

use leptos::prelude::*;

/// Call once in the root component.
pub fn mark_hydrated() {
    Effect::new(move |_| {
        #[cfg(feature = "hydrate")]
        if let Some(root) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element()) {
            let _ = root.set_attribute("data-hydrated", "");
        }
    });
}
