//! "3 comments" in the lesson's header, a link down to the thread.

use leptos::prelude::*;

use super::use_comments;

#[component]
pub fn CommentCount() -> impl IntoView {
    let comments = use_comments();
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                comments.thread.await.ok().map(|thread| {
                    let words = match thread.count {
                        0 => "no comments yet".to_string(),
                        1 => "1 comment".to_string(),
                        n => format!("{n} comments"),
                    };
                    view! { " · " <a class="comment-count" href="#comments">{words}</a> }
                })
            })}
        </Suspense>
    }
}
