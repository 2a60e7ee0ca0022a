//! `/lessons/{slug}`: one lesson, its place in the course, tags and body.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use super::not_found::NotFound;
use crate::lessons::LessonView;
use crate::lessons::api::get_lesson;
use crate::routes;

#[component]
pub fn LessonPage() -> impl IntoView {
    let params = use_params_map();
    let slug = move || params.read().get("slug").unwrap_or_default();
    let lesson = Resource::new_blocking(slug, get_lesson);
    view! {
        <Suspense fallback=|| view! { <p>"Loading lesson…"</p> }>
            {move || Suspend::new(async move {
                match lesson.await {
                    Ok(Some(lesson)) => view! { <LessonArticle lesson/> }.into_any(),
                    Ok(None) => view! { <NotFound/> }.into_any(),
                    Err(e) => view! { <p class="error">"The lesson could not be loaded: " {e.to_string()}</p> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn LessonArticle(lesson: LessonView) -> impl IntoView {
    let position = lesson.position_label();
    let status = lesson.status.label();
    let LessonView {
        summary,
        body_html,
        previous,
        next,
        ..
    } = lesson;
    view! {
        <Title text=summary.title.clone()/>
        <article class="lesson">
            <header class="lesson-header">
                <p class="lesson-position">{position} " · " <span class="lesson-status">{status}</span></p>
                <h1>{summary.title}</h1>
                <p class="lesson-meta">
                    <span class="reading-time">{format!("{} min read", summary.minutes)}</span>
                    <span class="tags">
                        {summary.tags.into_iter().map(|tag| view! { <span class="tag">{tag}</span> }).collect_view()}
                    </span>
                </p>
            </header>
            <div class="lesson-body" inner_html=body_html></div>
            <nav class="lesson-nav" aria-label="Course">
                {previous.map(|p| view! { <a class="previous" href=routes::lesson(&p.slug)>"← " {p.title}</a> })}
                {next.map(|n| view! { <a class="next" href=routes::lesson(&n.slug)>{n.title} " →"</a> })}
            </nav>
        </article>
    }
}
