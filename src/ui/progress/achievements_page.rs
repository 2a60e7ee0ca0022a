//! `/achievements`: every achievement of the track, unlocked ones with their date, locked ones
//! with how far along the learner is where they have steps ("3/7 lessons"). Rendered on the
//! server, so it reads the same without JavaScript.

use leptos::prelude::*;
use leptos_meta::Title;

use super::server_fns::get_achievements;
use crate::progress::summary::AchievementCard;

#[component]
pub fn AchievementsPage() -> impl IntoView {
    let cards = Resource::new_blocking(|| (), |_| get_achievements());
    view! {
        <Title text="Achievements"/>
        <section class="achievements">
            <h1>"Achievements"</h1>
            <Suspense fallback=|| view! { <p>"Loading achievements…"</p> }>
                {move || Suspend::new(async move {
                    match cards.await {
                        Ok(cards) => {
                            let unlocked = cards.iter().filter(|c| c.unlocked_on.is_some()).count();
                            let total = cards.len();
                            view! {
                                <p class="achievements-count">{format!("{unlocked} of {total} unlocked")}</p>
                                <ul class="achievement-list">
                                    {cards.into_iter().map(|card| view! { <Card card/> }).collect_view()}
                                </ul>
                            }.into_any()
                        }
                        Err(problem) => view! { <p class="error">{problem.to_string()}</p> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn Card(card: AchievementCard) -> impl IntoView {
    let unlocked = card.unlocked_on.is_some();
    let state = match (&card.unlocked_on, card.steps) {
        (Some(day), _) => format!("Unlocked on {day}"),
        (None, Some((so_far, needed))) => format!("Locked · {so_far}/{needed} lessons"),
        (None, None) => "Locked".to_string(),
    };
    view! {
        <li class="achievement" class:unlocked=unlocked>
            <span class="achievement-mark" aria-hidden="true">{if unlocked { "★" } else { "☆" }}</span>
            <div>
                <h2 class="achievement-name">{card.name}</h2>
                <p class="achievement-description">{card.description}</p>
                <p class="achievement-state">
                    {state}
                    {format!(" · +{} XP", card.bonus)}
                </p>
                {card.steps.filter(|_| !unlocked).map(|(so_far, needed)| view! {
                    <progress class="achievement-meter" max=needed.to_string() value=so_far.to_string()
                        aria-label="Lessons towards it"></progress>
                })}
            </div>
        </li>
    }
}

crate::ui::lazy_page!(AchievementsRoute, AchievementsPage);
