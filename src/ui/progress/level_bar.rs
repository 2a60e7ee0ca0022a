//! The level bar, first on every page: "Level 0 · Poller — 0 XP · 0/7 lessons · 0/10
//! achievements — 120 XP to the next level · 0% complete", a bar towards the next level, and
//! where the progress is kept: this browser only (with the ways to sign in), or the account.

use leptos::prelude::*;
use leptos_router::hooks::use_location;

use super::use_progress;
use crate::progress::summary::{KEPT_FOR_DAYS, ProgressSummary};
use crate::routes;

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
    let here = use_location().pathname;
    // Back to this page after signing in.
    let return_to = move |page: &str| format!("{page}?next={}", here.get());
    view! {
        <p class="level-line">
            <strong class="level-name">{format!("Level {} · {}", summary.level, summary.level_name)}</strong>
            " — "
            <span class="level-xp">{format!("{} XP", summary.xp)}</span>
            {format!(" · {}/{} lessons · ", summary.lessons_done, summary.lessons_total)}
            <a class="level-achievements" href=routes::ACHIEVEMENTS>
                {format!("{}/{} achievements", summary.achievements.len(), summary.achievements_total)}
            </a>
            {format!(" — {next} · {percent}% complete")}
        </p>
        <progress class="level-meter" max="100" value=summary.percent_of_level aria-label="XP towards the next level"></progress>
        {match summary.username {
            None => view! {
                <p class="level-where">
                    {format!("Progress is local-only: kept in this browser for {KEPT_FOR_DAYS} days after your last visit. ")}
                    <a href=move || return_to(routes::SIGN_IN)>"Sign in"</a>
                    " or "
                    <a href=move || return_to(routes::SIGN_UP)>"Sign up"</a>
                    " to sync across devices."
                </p>
            }.into_any(),
            Some(name) => view! {
                <div class="level-where">
                    "Signed in as " <a href=routes::ACCOUNT>{name}</a> " · synced across devices · "
                    <form class="inline-form" method="post" action=routes::POST_SIGN_OUT>
                        <button type="submit" class="link-button">"Sign out"</button>
                    </form>
                </div>
            }.into_any(),
        }}
    }
}
