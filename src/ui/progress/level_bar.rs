//! The level bar, first on every page: "Level 0 · Poller — 0 XP · 0/7 lessons — 120 XP to the
//! next level · 0% complete", a bar towards the next level, and where the progress is kept.

use leptos::prelude::*;

use super::use_progress;
use crate::progress::summary::ProgressSummary;

#[component]
pub fn LevelBar() -> impl IntoView {
    let progress = use_progress();
    view! {
        <section class="level-bar" aria-label="Your progress">
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    match progress.summary.await {
                        Ok(summary) => view! { <Standing summary/> }.into_any(),
                        Err(_) => view! { <p class="level-line">"Your progress could not be read just now."</p> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn Standing(summary: ProgressSummary) -> impl IntoView {
    let next = match summary.to_next_level {
        Some(xp) => format!("{xp} XP to the next level"),
        None => "top level reached".to_string(),
    };
    let percent = summary.percent_complete();
    view! {
        <p class="level-line">
            <strong class="level-name">{format!("Level {} · {}", summary.level, summary.level_name)}</strong>
            " — "
            <span class="level-xp">{format!("{} XP", summary.xp)}</span>
            {format!(" · {}/{} lessons — {next} · {percent}% complete", summary.lessons_done, summary.lessons_total)}
        </p>
        <progress class="level-meter" max="100" value=summary.percent_of_level aria-label="XP towards the next level"></progress>
        {summary.local_only.then(|| view! {
            <p class="level-where">"Progress is local-only: it is kept for this browser."</p>
        })}
    }
}
