//! "Mark as read" at the end of a lesson: the lesson's reading XP, once. A plain form posting to
//! the server function, so it works without JavaScript (the server answers by sending the page
//! back); with JavaScript the page calls the function itself and stays where it is. (Leptos'
//! `ActionForm` does the same, but brings its form decoding into the bundle: 60 KB of wasm.)
//!
//! Reaching the end counts too: once the end of the lesson has stayed in view for a moment (a
//! reader pausing there, not a page scrolled past), the page claims the same award itself.

use leptos::either::Either;
use leptos::prelude::*;
use leptos_use_element_visibility::use_element_visibility;
use server_fn::ServerFn;

use super::server_fns::{MarkLessonRead, mark_lesson_read};
use super::use_progress;

#[component]
pub fn MarkRead(slug: String, xp: u32) -> impl IntoView {
    let progress = use_progress();
    let refused = RwSignal::new(None::<String>);
    let slug_for_check = slug.clone();
    let already = move || progress.summary.get().and_then(Result::ok).is_some_and(|s| s.read.contains(&slug_for_check));
    let claim = {
        let slug = slug.clone();
        move || {
            let slug = slug.clone();
            leptos::task::spawn_local(async move {
                // The answer may come after the reader left the page: `try_set`.
                match mark_lesson_read(slug).await {
                    Ok(_) => {
                        refused.try_set(None);
                        progress.changed();
                    }
                    Err(e) => {
                        refused.try_set(Some(crate::i18n::refusals::said(&e)));
                    }
                }
            });
        }
    };
    let submit = {
        let claim = claim.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            claim();
        }
    };
    let words = &crate::i18n::use_words().progress;
    let end = NodeRef::<leptos::html::Div>::new();
    claim_when_the_end_stays_in_view(end, already.clone(), claim);
    view! {
        <div class="mark-read" node_ref=end>
            <Transition fallback=|| ()>
                {
                    let slug = slug.clone();
                    let already = already.clone();
                    let submit = submit.clone();
                    move || if already() {
                        Either::Left(view! { <p class="read-done">{(words.read_done)(xp)}</p> })
                    } else {
                        let submit = submit.clone();
                        Either::Right(view! {
                            <form method="post" action=MarkLessonRead::url() on:submit=submit>
                                <input type="hidden" name="slug" value=slug.clone()/>
                                <button type="submit" class="mark-read-button">{words.mark_read}</button>
                                <span class="mark-read-xp">{format!(" +{xp} XP")}</span>
                            </form>
                        })
                    }
                }
            </Transition>
            {move || refused.get().map(|r| view! { <p class="error" role="alert">{r}</p> })}
        </div>
    }
}

/// How long the end of a lesson stays in view before it counts as read.
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
const END_IN_VIEW_MS: u64 = 1_500;

fn claim_when_the_end_stays_in_view(
    end: NodeRef<leptos::html::Div>,
    already: impl Fn() -> bool + Clone + Send + Sync + 'static,
    claim: impl Fn() + Clone + Send + Sync + 'static,
) {
    let in_view = use_element_visibility(end);
    let claimed = StoredValue::new(false);
    Effect::new(move |_| {
        if !in_view.get() || claimed.get_value() || already() {
            return;
        }
        let (already, claim) = (already.clone(), claim.clone());
        #[cfg(feature = "hydrate")]
        set_timeout(
            move || {
                // `try_`: the reader may have followed a link meanwhile (the next lesson, a
                // report), and this page's signals are gone; then nothing is claimed.
                let still_in_view = in_view.try_get_untracked().unwrap_or(false);
                if still_in_view && claimed.try_get_value() == Some(false) && !already() {
                    claimed.set_value(true);
                    claim();
                }
            },
            std::time::Duration::from_millis(END_IN_VIEW_MS),
        );
        #[cfg(not(feature = "hydrate"))]
        let _ = (already, claim);
    });
}
