//! The level bar, first on every page: "Level 0 · Poller — 0 XP · 0/7 lessons · 0/10
//! achievements — 120 XP to the next level · 0% complete", a bar towards the next level, and
//! where the progress is kept: this browser only (with the ways to sign in), or the account.

use leptos::either::Either;
use leptos::prelude::*;
use leptos_router::hooks::use_location;

use super::use_progress;
use crate::i18n::number;
use crate::i18n::{use_lang, use_words};
use crate::progress::summary::{KEPT_FOR_DAYS, ProgressSummary};
use crate::routes;

#[component]
pub fn LevelBar() -> impl IntoView {
    let progress = use_progress();
    let words = &use_words().progress;
    view! {
        <section class="level-bar" aria-label=words.region>
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    match progress.summary.await {
                        Ok(summary) => Either::Left(view! { <Standing summary/> }),
                        Err(_) => Either::Right(view! { <p class="level-line">{words.unreadable}</p> }),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn Standing(summary: ProgressSummary) -> impl IntoView {
    let lang = use_lang();
    let words = &lang.words().progress;
    let next = match summary.to_next_level {
        Some(xp) => (words.to_next_level)(xp),
        None => words.top_level.to_string(),
    };
    let percent = summary.percent_complete();
    let here = use_location().pathname;
    // The account pages in the page's language, and back to this page after signing in.
    let return_to = move |page: &str| format!("{}?next={}", lang.path(page), here.get());
    view! {
        <p class="level-line">
            <strong class="level-name">{(words.level)(summary.level, crate::i18n::named(&summary.level_name, lang))}</strong>
            " — "
            <span class="level-xp">{format!("{} XP", number(summary.xp.into()))}</span>
            {format!(" · {} · ", (words.lessons_done)(summary.lessons_done, summary.lessons_total))}
            <a class="level-achievements" href=lang.path(routes::ACHIEVEMENTS)>
                {(words.achievements)(summary.achievements.len(), summary.achievements_total)}
            </a>
            {format!(" — {next} · {}", (words.complete)(percent))}
        </p>
        <progress class="level-meter" max="100" value=summary.percent_of_level aria-label=words.meter></progress>
        {match summary.username {
            None => Either::Left(view! {
                <p class="level-where">
                    {(words.local_only)(KEPT_FOR_DAYS)}
                    <a href=move || return_to(routes::SIGN_IN)>{words.sign_in}</a>
                    {words.or}
                    <a href=move || return_to(routes::SIGN_UP)>{words.sign_up}</a>
                    {words.to_sync}
                </p>
            }),
            Some(name) => Either::Right(view! {
                <div class="level-where">
                    {words.signed_in_as} <a href=lang.path(routes::ACCOUNT)>{name}</a> {words.synced}
                    <form class="inline-form" method="post" action=routes::POST_SIGN_OUT>
                        <button type="submit" class="link-button">{words.sign_out}</button>
                    </form>
                </div>
            }),
        }}
    }
}
