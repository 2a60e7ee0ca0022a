//! The copy buttons of lesson code blocks. The HTML comes rendered from the server (inner HTML, not
//! components), so one click listener on the document serves every button. Without JavaScript the
//! buttons stay hidden (see `style/main.css`). One listener for the page's life, so `forget` is
//! its whole lifecycle: leptos-use's `use_event_listener` was tried and added 5 KB (3 KB gzipped)
//! to the bundle every page loads.

/// Call once in the root component.
pub fn enable_copy_buttons() {
    #[cfg(feature = "hydrate")]
    leptos::prelude::Effect::new(move |_| {
        use wasm_bindgen::JsCast;
        use wasm_bindgen::closure::Closure;

        let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
        let on_click = Closure::<dyn Fn(web_sys::MouseEvent)>::new(|event: web_sys::MouseEvent| {
            let Some(target) = event.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) else { return };
            let Ok(Some(button)) = target.closest(".copy-code") else { return };
            let code = button.closest("figure").ok().flatten().and_then(|f| f.query_selector("pre").ok().flatten());
            let Some(text) = code.and_then(|c| c.text_content()) else { return };
            if let Some(window) = web_sys::window() {
                let _ = window.navigator().clipboard().write_text(&text);
            }
            button.set_text_content(Some("Copied"));
        });
        let _ = document.add_event_listener_with_callback("click", on_click.as_ref().unchecked_ref());
        on_click.forget();
    });
}
