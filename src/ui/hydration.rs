//! Marks `<html data-hydrated>` once the wasm bundle has taken over the whole page (a lazy page's
//! chunk loaded and hydrated too). Browser tests wait for it before clicking, instead of guessing how
//! long hydration takes.

/// Called once, when hydration has finished.
#[cfg(feature = "hydrate")]
pub fn mark_hydrated() {
    if let Some(root) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element()) {
        let _ = root.set_attribute("data-hydrated", "");
    }
}
