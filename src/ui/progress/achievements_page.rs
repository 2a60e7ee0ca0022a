//! `/achievements`: every achievement of the track, unlocked ones with their date, locked ones
//! with how far along the learner is where they have steps ("3/7 lessons"). Rendered on the
//! server, so it reads the same without JavaScript.

use leptos::prelude::*;
use leptos_meta::Title;

use super::server_fns::get_achievements;
use crate::i18n::use_words;
use crate::progress::summary::AchievementCard;

#[component]
pub fn AchievementsPage() -> impl IntoView {
    let cards = crate::ui::loaded::loaded_first(|| (), |_| get_achievements());
    let words = &use_words().pages.achievements;
    view! {
        <Title text=words.title/>
        <section class="achievements">
            <h1>{words.title}</h1>
            <Suspense fallback=move || view! { <p>{words.loading}</p> }>
                {move || Suspend::new(async move {
                    match cards.await {
                        Ok(cards) => {
                            let unlocked = cards.iter().filter(|c| c.unlocked_on.is_some()).count();
                            let total = cards.len();
                            view! {
                                <p class="achievements-count">{(words.count)(unlocked, total)}</p>
                                <ul class="achievement-list">
                                    {cards.into_iter().map(|card| view! { <Card card/> }).collect_view()}
                                </ul>
                            }.into_any()
                        }
                        Err(problem) => view! { <p class="error">{crate::i18n::refusals::said(&problem)}</p> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn Card(card: AchievementCard) -> impl IntoView {
    let unlocked = card.unlocked_on.is_some();
    let pages = &use_words().pages;
    let words = &pages.achievements;
    let state = match (&card.unlocked_on, card.steps) {
        (Some(day), _) => (words.unlocked_on)(&pages.day_iso(day)),
        (None, Some((so_far, needed))) => (words.locked_steps)(so_far, needed),
        (None, None) => words.locked.to_string(),
    };
    view! {
        <li class="achievement" class:unlocked=unlocked>
            <span class="achievement-mark" aria-hidden="true">{if unlocked { "★" } else { "☆" }}</span>
            <div>
                <h2 class="achievement-name">{crate::i18n::named(&card.name, crate::i18n::use_lang()).to_string()}</h2>
                <p class="achievement-description">{crate::i18n::named(&card.description, crate::i18n::use_lang()).to_string()}</p>
                <p class="achievement-state">
                    {state}
                    {format!(" · +{} XP", card.bonus)}
                </p>
                {card.steps.filter(|_| !unlocked).map(|(so_far, needed)| view! {
                    <progress class="achievement-meter" max=needed.to_string() value=so_far.to_string()
                        aria-label=words.towards></progress>
                })}
            </div>
        </li>
    }
}

crate::ui::lazy_page!(AchievementsRoute, AchievementsPage);
