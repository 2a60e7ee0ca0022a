//! "3 comments" in the lesson's header, a link down to the thread.

use leptos::prelude::*;

use super::use_comments;

#[component]
pub fn CommentCount() -> impl IntoView {
    let comments = use_comments();
    let words = &crate::i18n::use_words().pages.comments;
    view! {
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                comments.thread.await.ok().map(|thread| {
                    view! { " · " <a class="comment-count" href="#comments">{(words.count)(thread.count)}</a> }
                })
            })}
        </Transition>
    }
}
