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
    view! {
        <Title text="Not found"/>
        <section class="not-found">
            <h1>"Page not found"</h1>
            <p>"There is no page at this address. It may have been renamed, or it is still a draft."</p>
            <p><A href=routes::HOME>"See all lessons"</A></p>
        </section>
    }
}
