//! The "not found" page, with HTTP status 404 when rendered on the server.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

use crate::routes;

#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(axum::http::StatusCode::NOT_FOUND);
    }
    let words = &crate::i18n::use_words().not_found;
    view! {
        <Title text=words.title/>
        <section class="not-found">
            <h1>{words.heading}</h1>
            <p>{words.text}</p>
            <p><A href=routes::HOME>{words.see_all}</A></p>
        </section>
    }
}
