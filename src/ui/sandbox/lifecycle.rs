//! Nothing expires silently: how long the sandbox has left, a warning a minute before it would
//! end (idle with nothing connected, or at its lifetime cap), Extend (restarts the idle clock),
//! and "Reset exercise" to practise again. A ticking clock through leptos-use's interval.

use leptos::prelude::*;
use leptos_use_interval_fn::use_interval_fn;

use super::live::use_live;
use super::redis_controls::plain;
use super::server_fns::{extend_sandbox, reset_exercise};
use crate::i18n::panel::PanelWords;
use crate::ui::answer::StillHere;

/// How early the learner is warned before the sandbox ends.
const WARN_MS: u64 = 60_000;

fn now_ms() -> u64 {
    #[cfg(feature = "hydrate")]
    return js_sys::Date::now() as u64;
    #[cfg(not(feature = "hydrate"))]
    0
}

/// A duration in its largest useful unit: "1 h 5 min", "4 min", "45 s" in English.
pub fn duration_words(words: &PanelWords, ms: u64) -> String {
    let secs = ms / 1000;
    match secs {
        0..60 => (words.seconds)(secs),
        60..3600 => (words.minutes)(secs / 60),
        _ => (words.hours_minutes)(secs / 3600, (secs % 3600) / 60),
    }
}

#[component]
pub fn Lifecycle(expires_at_ms: u64, idle_timeout_secs: u64, has_exercise: bool) -> impl IntoView {
    let words = &crate::i18n::use_words().panel;
    let live = use_live();
    let now = RwSignal::new(now_ms());
    let _clock = use_interval_fn(move || now.set(now_ms()), 1_000);
    // When the last client left (the idle clock only runs with nothing connected).
    let quiet_since = RwSignal::new(None::<u64>);
    Effect::new(move |_| {
        let connected = live.clients.get().iter().sum::<usize>();
        let since = quiet_since.get_untracked();
        match (connected, since) {
            (0, None) => quiet_since.set(Some(now_ms())),
            (n, Some(_)) if n > 0 => quiet_since.set(None),
            _ => {}
        }
    });
    let problem = RwSignal::new(None::<String>);
    let lifetime_left = move || expires_at_ms.saturating_sub(now.get());
    let idle_left = move || quiet_since.get().map(|since| (since + idle_timeout_secs * 1000).saturating_sub(now.get()));
    let here = StillHere::new();
    let extend = move |_| {
        let Some(id) = live.sandbox_id() else { return };
        here.then(extend_sandbox(id), move |answer| match answer {
            Ok(_) => {
                if quiet_since.get_untracked().is_some() {
                    quiet_since.set(Some(now_ms()));
                }
            }
            Err(e) => problem.set(Some(plain(e))),
        });
    };
    let reset = move |_| {
        let Some(id) = live.sandbox_id() else { return };
        here.then(reset_exercise(id), move |answer| {
            if let Err(e) = answer {
                problem.set(Some(plain(e)));
            }
        });
    };
    view! {
        <div class="lifecycle">
            <span class="time-left">{move || (words.time_left)(&duration_words(words, lifetime_left()))}</span>
            <Show when=move || idle_left().is_some_and(|left| left <= WARN_MS)>
                <p class="expiry-warning" role="alert">
                    {move || (words.idle_warning)(&duration_words(words, idle_left().unwrap_or(0)))}
                    " "
                    <button type="button" on:click=extend>{words.extend}</button>
                </p>
            </Show>
            <Show when=move || lifetime_left() <= WARN_MS>
                <p class="expiry-warning" role="alert">
                    {move || (words.lifetime_warning)(&duration_words(words, lifetime_left()))}
                </p>
            </Show>
            {has_exercise.then(|| view! {
                <button type="button" class="link-button" on:click=reset>{words.reset_exercise}</button>
            })}
            {move || problem.get().map(|p| view! { <p class="panel-problem" role="alert">{p}</p> })}
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::duration_words;
    use crate::i18n::panel::{EN, KO};

    #[test]
    fn durations_read_in_the_largest_useful_unit() {
        assert_eq!(duration_words(&EN, 45_000), "45 s");
        assert_eq!(duration_words(&EN, 4 * 60_000 + 5_000), "4 min");
        assert_eq!(duration_words(&EN, 2 * 3_600_000 - 60_000), "1 h 59 min");
        assert_eq!(duration_words(&KO, 2 * 3_600_000 - 60_000), "1시간 59분");
    }
}
