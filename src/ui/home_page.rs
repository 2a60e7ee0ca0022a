//! `/`: the course index, the published lessons in order.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::lessons::LessonSummary;
use crate::lessons::api::list_lessons;
use crate::routes;

#[component]
pub fn HomePage() -> impl IntoView {
    let lessons = Resource::new_blocking(|| (), |_| list_lessons());
    view! {
        <Title text="Stream"/>
        <section class="course-intro">
            <h1>"Stream: scaling real-time WebSocket servers"</h1>
            <p>
                "Seven lessons, from one chat server to two bridged over Redis. Each lesson has a live sandbox: "
                "two real chat servers and a real Redis you can stop and start."
            </p>
        </section>
        <Suspense fallback=|| view! { <p>"Loading lessons…"</p> }>
            {move || Suspend::new(async move {
                match lessons.await {
                    Ok(list) => view! { <LessonList lessons=list/> }.into_any(),
                    Err(e) => view! { <p class="error">"The lessons could not be loaded: " {e.to_string()}</p> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn LessonList(lessons: Vec<LessonSummary>) -> impl IntoView {
    if lessons.is_empty() {
        return view! { <p>"No lessons are published yet."</p> }.into_any();
    }
    view! {
        <ol class="lesson-list">
            {lessons
                .into_iter()
                .map(|lesson| {
                    view! {
                        <li class="lesson-card">
                            <span class="lesson-number">{format!("{:02}", lesson.position)}</span>
                            <div>
                                <a href=routes::lesson(&lesson.slug) class="lesson-title">{lesson.title}</a>
                                <p class="lesson-summary">{lesson.summary}</p>
                                <p class="lesson-meta">{format!("{} min read", lesson.minutes)}</p>
                            </div>
                        </li>
                    }
                })
                .collect_view()}
        </ol>
    }
    .into_any()
}
