//! The region "Comments": the thread, then the box for a new comment (or the way to sign in).

use leptos::prelude::*;

use super::comment::CommentItem;
use super::compose::{Compose, ComposeKind};
use super::use_comments;
use crate::comments::thread::{DraftTarget, Thread};
use crate::routes;

#[component]
pub fn CommentsSection() -> impl IntoView {
    let comments = use_comments();
    view! {
        <section id="comments" class="comments" aria-label="Comments">
            <h2>"Comments"</h2>
            <Suspense fallback=|| view! { <p class="muted">"Loading comments…"</p> }>
                {move || Suspend::new(async move {
                    match comments.thread.await {
                        Ok(thread) => view! { <ThreadView thread/> }.into_any(),
                        Err(problem) => view! { <p class="error">{problem.to_string()}</p> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn ThreadView(thread: Thread) -> impl IntoView {
    // A draft's Reply or Edit box is open already: the address it came back to says which.
    let Thread { lesson, comments: items, reader, draft, older, paged, .. } = thread;
    let new_draft = draft.clone().filter(|d| d.target == DraftTarget::NewComment);
    let empty = items.is_empty();
    let sign_in = format!("{}?next={}%23comments", routes::SIGN_IN, routes::lesson(&lesson));
    view! {
        {empty.then(|| view! { <p class="muted comments-empty">"No comments yet. Ask a question, or help someone who did."</p> })}
        {older.map(|before| {
            let href = format!("{}?before={before}#comments", routes::lesson(&lesson));
            view! { <p class="comments-older"><a href=href>"Older comments"</a></p> }
        })}
        <ol class="comment-list">
            {items
                .into_iter()
                .map(|comment| {
                    let (lesson, reader, draft) = (lesson.clone(), reader.clone(), draft.clone());
                    view! { <li><CommentItem comment lesson reader draft/></li> }
                })
                .collect_view()}
        </ol>
        {paged.then(|| {
            let href = format!("{}#comments", routes::lesson(&lesson));
            view! { <p class="comments-newer"><a href=href>"Newest comments"</a></p> }
        })}
        {if reader.signed_in {
            view! { <Compose kind=ComposeKind::New { lesson } draft=new_draft/> }.into_any()
        } else {
            view! {
                <p class="comments-sign-in">
                    <a href=sign_in>"Sign in to comment"</a>
                    ": an account keeps your progress too, and tells you when someone replies."
                </p>
            }
            .into_any()
        }}
    }
}
