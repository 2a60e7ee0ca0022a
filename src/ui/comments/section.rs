//! The region "Comments": the thread, then the box for a new comment (or the way to sign in).

use leptos::either::Either;
use leptos::prelude::*;

use super::comment::CommentItem;
use super::compose::{Compose, ComposeKind};
use super::use_comments;
use crate::comments::thread::{DraftTarget, Thread};
use crate::i18n::use_lang;
use crate::routes;

#[component]
pub fn CommentsSection() -> impl IntoView {
    let comments = use_comments();
    let words = &crate::i18n::use_words().pages.comments;
    view! {
        <section id="comments" class="comments" aria-label=words.comments>
            <h2>{words.comments}</h2>
            <Transition fallback=move || view! { <p class="muted">{words.loading}</p> }>
                {move || Suspend::new(async move {
                    match comments.thread.await {
                        Ok(thread) => Either::Left(view! { <ThreadView thread/> }),
                        Err(problem) => Either::Right(view! { <p class="error">{crate::i18n::refusals::said(&problem)}</p> }),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn ThreadView(thread: Thread) -> impl IntoView {
    // A draft's Reply or Edit box is open already: the address it came back to says which.
    let Thread { lesson, comments: items, reader, draft, older, paged, .. } = thread;
    let new_draft = draft.clone().filter(|d| d.target == DraftTarget::NewComment);
    let empty = items.is_empty();
    let lang = use_lang();
    let words = &lang.words().pages.comments;
    // The lesson's page in the page's language: links, and where signing in comes back to.
    let page = lang.path(&routes::lesson(&lesson));
    let sign_in = format!("{}?next={page}%23comments", lang.path(routes::SIGN_IN));
    // The list says when its buttons answer: an effect runs only once the thread has hydrated
    // (browser tests wait on it, not on the page's own `data-hydrated`, which comes first).
    let live = RwSignal::new(false);
    Effect::new(move |_| live.set(true));
    view! {
        {empty.then(|| view! { <p class="muted comments-empty">{words.empty}</p> })}
        {older.map(|before| {
            let href = format!("{page}?before={before}#comments");
            view! { <p class="comments-older"><a href=href>{words.older}</a></p> }
        })}
        <ol class="comment-list" data-live=move || live.get().then_some("")>
            {items
                .into_iter()
                .map(|comment| {
                    let (lesson, reader, draft) = (lesson.clone(), reader.clone(), draft.clone());
                    view! { <li><CommentItem comment lesson reader draft/></li> }
                })
                .collect_view()}
        </ol>
        {paged.then(|| {
            let href = format!("{page}#comments");
            view! { <p class="comments-newer"><a href=href>{words.newest}</a></p> }
        })}
        {if reader.signed_in {
            Either::Left(view! { <Compose kind=ComposeKind::New { lesson } draft=new_draft/> })
        } else {
            Either::Right(view! {
                <p class="comments-sign-in">
                    <a href=sign_in>{words.sign_in_to_comment}</a>
                    {words.sign_in_why}
                </p>
            })
        }}
    }
}
