//! `/`: the course index, the published lessons in order, each marked done (its exercise
//! complete) or read, with "Continue" at the first lesson not done.

use leptos::either::Either;
use leptos::prelude::*;
use leptos_meta::Title;

use crate::i18n::{localized, use_lang, use_words};
use crate::lessons::LessonSummary;
use crate::progress::summary::ProgressSummary;
use crate::routes;
use crate::ui::lesson_server_fns::list_lessons;
use crate::ui::progress::use_progress;

#[component]
pub fn HomePage() -> impl IntoView {
    let progress = use_progress();
    let lang = use_lang();
    let words = &lang.words().home;
    let lessons = crate::ui::loaded::loaded_first(move || lang, list_lessons);
    view! {
        <Title text=words.page_title/>
        <section class="course-intro">
            <h1>{words.heading}</h1>
            <p>{words.intro}</p>
        </section>
        <Transition fallback=move || view! { <p>{words.loading}</p> }>
            {move || Suspend::new(async move {
                // Without a readable progress the list still shows, unmarked.
                let mine = progress.summary.await.unwrap_or_default();
                match lessons.await {
                    Ok(list) => Either::Left(view! { <LessonList lessons=list progress=mine/> }),
                    Err(e) => Either::Right(view! { <p class="error">{words.load_failed} {crate::i18n::refusals::said(&e)}</p> }),
                }
            })}
        </Transition>
    }
}

#[component]
fn LessonList(lessons: Vec<LessonSummary>, progress: ProgressSummary) -> impl IntoView {
    let words = &use_words().home;
    if lessons.is_empty() {
        return Either::Left(view! { <p>{words.none_published}</p> });
    }
    let next = lessons.iter().find(|lesson| !progress.done.contains(&lesson.slug)).cloned();
    let started = !progress.done.is_empty() || !progress.read.is_empty();
    Either::Right(view! {
        {next.map(|lesson| {
            view! {
                <p class="continue">
                    <a class="continue-link" href=localized(&routes::lesson(&lesson.slug))>
                        {(words.continue_at)(started, lesson.position, &lesson.title)}
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
                        (true, _) => Some(words.done),
                        (false, true) => Some(words.read),
                        _ => None,
                    };
                    view! {
                        <li class="lesson-card" class:done=done>
                            <span class="lesson-number">{format!("{:02}", lesson.position)}</span>
                            <div>
                                <a href=localized(&routes::lesson(&lesson.slug)) class="lesson-title">{lesson.title}</a>
                                <p class="lesson-summary">{lesson.summary}</p>
                                <p class="lesson-meta">
                                    {(use_words().lesson.minutes_to_read)(lesson.minutes)}
                                    {state.map(|s| view! { " · " <span class="lesson-state">{s}</span> })}
                                </p>
                            </div>
                        </li>
                    }
                })
                .collect_view()}
        </ol>
    })
}
