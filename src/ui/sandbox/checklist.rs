//! The exercise's checks at the top of the panel: ticked live as the server's evaluation passes
//! them, the first unmet one showing its hint, and a celebration once it is complete. With
//! JavaScript off it is the plain list of what to do. A hint the learner opens themselves is
//! told to the server (instructors see which hints learners need).

use leptos::prelude::*;

use super::live::SandboxLive;
use crate::lessons::exercise::Check;

#[component]
pub fn Checklist(lesson: String, checks: Vec<Check>, xp: u32, live: SandboxLive) -> impl IntoView {
    let words = &crate::i18n::use_words().panel;
    let total = checks.len();
    let passed = move |id: &str| live.passed.with(|p| p.iter().any(|x| x == id));
    let first_unmet = {
        let ids: Vec<String> = checks.iter().map(|c| c.id.clone()).collect();
        move || ids.iter().find(|id| !passed(id)).cloned()
    };
    let done = move || live.passed.with(|p| p.len()).min(total);
    view! {
        <section class="exercise" aria-label=words.exercise class:complete=move || live.completed.get()>
            <h2 class="exercise-title">
                {words.exercise}
                <span class="exercise-progress">{move || (words.exercise_progress)(done(), total)}</span>
                <span class="exercise-xp">{format!("{xp} XP")}</span>
            </h2>
            <ol class="checks">
                {checks
                    .into_iter()
                    .map(|check| {
                        let id = check.id.clone();
                        let id_for_hint = check.id.clone();
                        let (lesson_for_hint, id_opened) = (lesson.clone(), check.id.clone());
                        // A click that opens a closed hint: the learner asked for it.
                        let opened = move |ev: leptos::ev::MouseEvent| {
                            let closed = event_target::<leptos::web_sys::Element>(&ev)
                                .parent_element()
                                .is_some_and(|details| !details.has_attribute("open"));
                            if closed {
                                let (lesson, check) = (lesson_for_hint.clone(), id_opened.clone());
                                leptos::task::spawn_local(async move {
                                    let _ = super::server_fns::hint_opened(lesson, check).await;
                                });
                            }
                        };
                        let first_unmet = first_unmet.clone();
                        let met = move || passed(&id);
                        view! {
                            <li class="check" data-check=check.id.clone() class:passed=met.clone()>
                                <span class="check-mark" aria-hidden="true">{let met = met.clone(); move || if met() { "✓" } else { "○" }}</span>
                                <span class="check-text">{check.text}</span>
                                <span class="visually-hidden">{let met = met.clone(); move || if met() { words.check_done } else { "" }}</span>
                                {(!check.hint.is_empty()).then(|| view! {
                                    <details class="check-hint" class:hidden=met.clone() prop:open=move || first_unmet().as_deref() == Some(id_for_hint.as_str())>
                                        <summary on:click=opened>{words.hint}</summary>
                                        <p>{check.hint}</p>
                                    </details>
                                })}
                            </li>
                        }
                    })
                    .collect_view()}
            </ol>
            <Show when=move || live.completed.get()>
                <p class="exercise-done" role="status">{words.exercise_done}</p>
            </Show>
        </section>
    }
}
