//! One comment (or reply): who, when, the text (or its placeholder), and what this reader may do
//! to it: Reply, Edit, Delete (its author), Hide (an instructor). Each action is a form; Reply and
//! Edit only open a box, so without JavaScript they are GET forms that reopen the page with it.

use leptos::either::EitherOf3;
use leptos::prelude::*;
use server_fn::ServerFn;

use super::compose::{Compose, ComposeKind};
use super::server_fns::{DeleteComment, HideComment, delete_comment, hide_comment};
use super::use_comments;
use crate::comments::thread::{CommentView, Draft, DraftTarget, Reader, Shown};
use crate::i18n::use_lang;
use crate::routes;

#[component]
pub fn CommentItem(comment: CommentView, lesson: String, reader: Reader, draft: Option<Draft>) -> impl IntoView {
    let comments = use_comments();
    let lang = use_lang();
    let pages = &lang.words().pages;
    let words = &pages.comments;
    let CommentView {
        id,
        author,
        body_html,
        source,
        posted,
        posted_iso,
        edited,
        shown,
        can_edit,
        can_delete,
        can_hide,
        replies,
    } = comment;
    let page = lang.path(&routes::lesson(&lesson));
    // The server names an author whose account is gone in English; a username has no spaces.
    let author = author.map(|name| if name == "a former learner" { words.former_learner.to_string() } else { name });
    let posted = pages.moment_iso(&posted_iso, &posted);
    let can_reply = reader.signed_in && shown == Shown::Visible;
    let draft_for = |target: DraftTarget| draft.clone().filter(|d| d.target == target);
    let (reply_draft, edit_draft) = (draft_for(DraftTarget::Reply(id)), draft_for(DraftTarget::Edit(id)));
    let has_replies = !replies.is_empty();
    let replies = replies
        .into_iter()
        .map(|reply| {
            let (lesson, reader, draft) = (lesson.clone(), reader.clone(), draft.clone());
            // Boxed: a comment's view holds its replies' views, of the same type.
            view! { <li><CommentItem comment=reply lesson reader draft/></li> }.into_any()
        })
        .collect_view();
    let placeholder = match shown {
        Shown::Deleted => Some(words.deleted_placeholder),
        Shown::Hidden => Some(words.hidden_placeholder),
        Shown::Visible | Shown::HiddenButYouSeeIt => None,
    };
    let lesson_for_edit = lesson.clone();
    // An address may ask for any box (`?edit=ID`); only one this reader may use opens.
    let text = move || match (can_edit && comments.editing.get() == Some(id), placeholder) {
        (true, _) => {
            let kind = ComposeKind::Edit { id, lesson: lesson_for_edit.clone(), text: source.clone() };
            EitherOf3::A(view! { <Compose kind draft=edit_draft.clone()/> })
        }
        (false, Some(placeholder)) => EitherOf3::B(view! { <p class="comment-placeholder">{placeholder}</p> }),
        (false, None) => EitherOf3::C(view! { <div class="comment-body" inner_html=body_html.clone()></div> }),
    };
    let replying = move || can_reply && comments.replying.get() == Some(id);
    view! {
        <article class="comment" id=format!("comment-{id}") class:hidden-comment=shown == Shown::HiddenButYouSeeIt>
            {author.map(|author| view! {
                <p class="comment-meta">
                    <span class="comment-author">{author}</span>
                    " · " <time datetime=posted_iso>{posted}</time>
                    {edited.then_some(words.edited)}
                    {(shown == Shown::HiddenButYouSeeIt).then(|| view! {
                        <span class="comment-hidden-note">{words.hidden_note}</span>
                    })}
                </p>
            })}
            {text}
            <div class="comment-actions">
                {can_reply.then(|| view! { <OpenBox page=page.clone() name="reply" id label=words.reply open=comments.replying/> })}
                {can_edit.then(|| view! { <OpenBox page=page.clone() name="edit" id label=words.edit open=comments.editing/> })}
                {can_delete.then(|| view! { <DeleteButton id/> })}
                {can_hide.then(|| view! { <HideButton id hidden=shown != Shown::Visible/> })}
            </div>
            {has_replies.then(|| view! { <ol class="replies">{replies}</ol> })}
            // After the replies: the answer will be the last of them.
            {move || replying().then(|| {
                view! { <Compose kind=ComposeKind::Reply { lesson: lesson.clone(), to: id } draft=reply_draft.clone()/> }
            })}
        </article>
    }
    .into_any()
}

/// Reply or Edit: opens the comment's box. Without JavaScript, a GET form that reloads the page
/// with `?reply=ID` (or `?edit=ID`) and the box open.
#[component]
fn OpenBox(
    page: String,
    name: &'static str,
    id: i64,
    label: &'static str,
    open: RwSignal<Option<i64>>,
) -> impl IntoView {
    let anchor = if name == "reply" { format!("reply-{id}") } else { format!("comment-{id}") };
    let comments = use_comments();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        // One box at a time.
        comments.replying.set(None);
        comments.editing.set(None);
        open.set(Some(id));
    };
    view! {
        <form class="inline-form" method="get" action=format!("{page}#{anchor}") on:submit=submit>
            <button type="submit" class="link-button" name=name value=id.to_string()>{label}</button>
        </form>
    }
}

#[component]
fn DeleteButton(id: i64) -> impl IntoView {
    let comments = use_comments();
    let words = &crate::i18n::use_words().pages.comments;
    let problem = RwSignal::new(None::<String>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if !confirmed(words.confirm_delete) {
            return;
        }
        comments.here.then(delete_comment(id), move |answer| match answer {
            Ok(()) => comments.reload(),
            Err(e) => problem.set(Some(crate::i18n::refusals::said(&e))),
        });
    };
    view! {
        <form class="inline-form" method="post" action=DeleteComment::url() on:submit=submit>
            <input type="hidden" name="id" value=id.to_string()/>
            <button type="submit" class="link-button danger-link">{words.delete}</button>
            {move || problem.get().map(|p| view! { <span class="error" role="alert">{p}</span> })}
        </form>
    }
}

#[component]
fn HideButton(id: i64, hidden: bool) -> impl IntoView {
    let comments = use_comments();
    let words = &crate::i18n::use_words().pages.comments;
    let problem = RwSignal::new(None::<String>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        comments.here.then(hide_comment(id, !hidden), move |answer| match answer {
            Ok(()) => comments.reload(),
            Err(e) => problem.set(Some(crate::i18n::refusals::said(&e))),
        });
    };
    view! {
        <form class="inline-form" method="post" action=HideComment::url() on:submit=submit>
            <input type="hidden" name="id" value=id.to_string()/>
            <input type="hidden" name="hidden" value=(!hidden).to_string()/>
            <button type="submit" class="link-button">{if hidden { words.show_again } else { words.hide }}</button>
            {move || problem.get().map(|p| view! { <span class="error" role="alert">{p}</span> })}
        </form>
    }
}

/// The browser's own confirmation dialog (there is none without JavaScript: the form posts).
fn confirmed(question: &str) -> bool {
    #[cfg(feature = "hydrate")]
    {
        web_sys::window().and_then(|w| w.confirm_with_message(question).ok()).unwrap_or(true)
    }
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = question;
        true
    }
}
