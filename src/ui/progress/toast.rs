//! "Achievement unlocked": a toast for each achievement that arrives while the page is open
//! (after "Mark as read", or told by the page's live stream), announced politely to screen
//! readers and gone after a few seconds or when dismissed.

use leptos::prelude::*;

use super::use_progress;
use crate::progress::summary::Badge;

/// How long a toast stays, in milliseconds.
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
const SHOWN_FOR_MS: u64 = 8_000;

#[component]
pub fn AchievementToasts() -> impl IntoView {
    let words = &crate::i18n::use_words().panel;
    let progress = use_progress();
    let shown = RwSignal::new(Vec::<Badge>::new());
    // The achievements the page already knew; `None` until the first summary arrives, so the
    // ones unlocked before this page opened are not toasted.
    let known = StoredValue::new(None::<Vec<String>>);
    Effect::new(move |_| {
        let Some(Ok(summary)) = progress.summary.get() else { return };
        let ids: Vec<String> = summary.achievements.iter().map(|b| b.id.clone()).collect();
        if let Some(before) = known.get_value() {
            let new: Vec<Badge> = summary.achievements.into_iter().filter(|b| !before.contains(&b.id)).collect();
            for badge in &new {
                dismiss_later(shown, badge.id.clone());
            }
            shown.update(|s| s.extend(new));
        }
        known.set_value(Some(ids));
    });
    view! {
        <div class="toasts" role="status" aria-live="polite">
            // A few at most: redrawn whole rather than keyed (a keyed list costs bundle size).
            {move || shown.get().into_iter().map(|badge| {
                let id = badge.id.clone();
                view! {
                    <div class="toast">
                        <span class="toast-mark" aria-hidden="true">"★"</span>
                        <p>
                            <strong>{words.achievement_unlocked}</strong>
                            {crate::i18n::named(&badge.name, crate::i18n::use_lang()).to_string()}
                            {format!(" (+{} XP)", badge.bonus)}
                        </p>
                        <button type="button" class="toast-close" aria-label=words.dismiss
                            on:click=move |_| shown.update(|s| s.retain(|b| b.id != id))>"×"</button>
                    </div>
                }
            }).collect_view()}
        </div>
    }
}

fn dismiss_later(shown: RwSignal<Vec<Badge>>, id: String) {
    #[cfg(feature = "hydrate")]
    set_timeout(move || shown.update(|s| s.retain(|b| b.id != id)), std::time::Duration::from_millis(SHOWN_FOR_MS));
    #[cfg(not(feature = "hydrate"))]
    let _ = (shown, id);
}
