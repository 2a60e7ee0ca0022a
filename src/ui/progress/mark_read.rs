//! "Mark as read" at the end of a lesson: the lesson's reading XP, once. A plain form, so it
//! works without JavaScript too (the server answers and sends the page back).

use leptos::prelude::*;

use super::server_fns::MarkLessonRead;
use super::use_progress;

#[component]
pub fn MarkRead(slug: String, xp: u32) -> impl IntoView {
    let progress = use_progress();
    let action = ServerAction::<MarkLessonRead>::new();
    // The bar reads the summary again once the award is in.
    Effect::new(move |_| {
        if action.version().get() > 0 && !action.pending().get() {
            progress.changed();
        }
    });
    let slug_for_check = slug.clone();
    let already = move || {
        progress.summary.get().and_then(Result::ok).is_some_and(|s| s.read.contains(&slug_for_check))
    };
    let refused = move || action.value().get().and_then(Result::err).map(|e| e.to_string());
    view! {
        <div class="mark-read">
            <Suspense fallback=|| ()>
                {
                    let slug = slug.clone();
                    let already = already.clone();
                    move || if already() {
                        view! { <p class="read-done">{format!("Read ✓ ({xp} XP)")}</p> }.into_any()
                    } else {
                        let slug = slug.clone();
                        view! {
                            <ActionForm action>
                                <input type="hidden" name="slug" value=slug/>
                                <button type="submit" class="mark-read-button">"Mark as read"</button>
                                <span class="mark-read-xp">{format!(" +{xp} XP")}</span>
                            </ActionForm>
                        }.into_any()
                    }
                }
            </Suspense>
            {move || refused().map(|r| view! { <p class="error" role="alert">{r}</p> })}
        </div>
    }
}
