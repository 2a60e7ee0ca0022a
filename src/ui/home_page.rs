//! `/`: the course index, the published lessons in order, each marked done (its exercise
//! complete) or read, with "Continue" at the first lesson not done.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::lessons::LessonSummary;
use crate::progress::summary::ProgressSummary;
use crate::routes;
use crate::ui::lesson_server_fns::list_lessons;
use crate::ui::progress::use_progress;

#[component]
pub fn HomePage() -> impl IntoView {
    let lessons = Resource::new_blocking(|| (), |_| list_lessons());
    let progress = use_progress();
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
                // Without a readable progress the list still shows, unmarked.
                let mine = progress.summary.await.unwrap_or_default();
                match lessons.await {
                    Ok(list) => view! { <LessonList lessons=list progress=mine/> }.into_any(),
                    Err(e) => view! { <p class="error">"The lessons could not be loaded: " {e.to_string()}</p> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn LessonList(lessons: Vec<LessonSummary>, progress: ProgressSummary) -> impl IntoView {
    if lessons.is_empty() {
        return view! { <p>"No lessons are published yet."</p> }.into_any();
    }
    let next = lessons.iter().find(|lesson| !progress.done.contains(&lesson.slug)).cloned();
    let started = !progress.done.is_empty() || !progress.read.is_empty();
    view! {
        {next.map(|lesson| {
            let label = if started { "Continue" } else { "Start" };
            view! {
                <p class="continue">
                    <a class="continue-link" href=routes::lesson(&lesson.slug)>
                        {format!("{label}: lesson {} · {} →", lesson.position, lesson.title)}
                    </a>
                </p>
            }
        })}
        <ol class="lesson-list">
            {lessons
                .into_iter()
                .map(|lesson| {
                    let done = progress.done.contains(&lesson.slug);
                    let read = progress.read.contains(&lesson.slug);
                    let state = match (done, read) {
                        (true, _) => Some("Done ✓"),
                        (false, true) => Some("Read"),
                        _ => None,
                    };
                    view! {
                        <li class="lesson-card" class:done=done>
                            <span class="lesson-number">{format!("{:02}", lesson.position)}</span>
                            <div>
                                <a href=routes::lesson(&lesson.slug) class="lesson-title">{lesson.title}</a>
                                <p class="lesson-summary">{lesson.summary}</p>
                                <p class="lesson-meta">
                                    {format!("{} min read", lesson.minutes)}
                                    {state.map(|s| view! { " · " <span class="lesson-state">{s}</span> })}
                                </p>
                            </div>
                        </li>
                    }
                })
                .collect_view()}
        </ol>
    }
    .into_any()
}
