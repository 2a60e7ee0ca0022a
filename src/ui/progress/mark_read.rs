//! "Mark as read" at the end of a lesson: the lesson's reading XP, once. A plain form posting to
//! the server function, so it works without JavaScript (the server answers by sending the page
//! back); with JavaScript the page calls the function itself and stays where it is. (Leptos'
//! `ActionForm` does the same, but brings its form decoding into the bundle: 60 KB of wasm.)

use leptos::prelude::*;
use server_fn::ServerFn;

use super::server_fns::{MarkLessonRead, mark_lesson_read};
use super::use_progress;

#[component]
pub fn MarkRead(slug: String, xp: u32) -> impl IntoView {
    let progress = use_progress();
    let refused = RwSignal::new(None::<String>);
    let slug_for_check = slug.clone();
    let already = move || progress.summary.get().and_then(Result::ok).is_some_and(|s| s.read.contains(&slug_for_check));
    let submit = {
        let slug = slug.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let slug = slug.clone();
            leptos::task::spawn_local(async move {
                match mark_lesson_read(slug).await {
                    Ok(_) => {
                        refused.set(None);
                        progress.changed();
                    }
                    Err(e) => refused.set(Some(e.to_string())),
                }
            });
        }
    };
    view! {
        <div class="mark-read">
            <Suspense fallback=|| ()>
                {
                    let slug = slug.clone();
                    let already = already.clone();
                    let submit = submit.clone();
                    move || if already() {
                        view! { <p class="read-done">{format!("Read ✓ ({xp} XP)")}</p> }.into_any()
                    } else {
                        let submit = submit.clone();
                        view! {
                            <form method="post" action=MarkLessonRead::url() on:submit=submit>
                                <input type="hidden" name="slug" value=slug.clone()/>
                                <button type="submit" class="mark-read-button">"Mark as read"</button>
                                <span class="mark-read-xp">{format!(" +{xp} XP")}</span>
                            </form>
                        }.into_any()
                    }
                }
            </Suspense>
            {move || refused.get().map(|r| view! { <p class="error" role="alert">{r}</p> })}
        </div>
    }
}
