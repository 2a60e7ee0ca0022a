//! The box a comment is written in: a new comment ("Comment", "Post comment"), a reply ("Reply",
//! "Post reply") or an edit ("Edit your comment", "Save changes"). A plain form posting to its
//! server function; with JavaScript the page posts it itself, keeps the text when refused and
//! says why, and reads the thread again when it worked.

use leptos::either::EitherOf3;
use leptos::prelude::*;
use server_fn::ServerFn;

use super::server_fns::{EditComment, PostComment, edit_comment, post_comment};
use super::use_comments;
use crate::comments::BODY_MAX_CHARS;
use crate::comments::thread::Draft;
use crate::i18n::use_lang;
use crate::routes;

#[derive(Clone, Debug)]
pub enum ComposeKind {
    New { lesson: String },
    Reply { lesson: String, to: i64 },
    Edit { id: i64, lesson: String, text: String },
}

/// Shown once the text comes near the limit.
const COUNT_FROM: usize = BODY_MAX_CHARS * 9 / 10;

#[component]
pub fn Compose(kind: ComposeKind, draft: Option<Draft>) -> impl IntoView {
    let comments = use_comments();
    let lang = use_lang();
    let words = &lang.words().pages.comments;
    let starting_text = match (&draft, &kind) {
        (Some(draft), _) => draft.body.clone(),
        (None, ComposeKind::Edit { text, .. }) => text.clone(),
        (None, _) => String::new(),
    };
    let text = RwSignal::new(starting_text.clone());
    let problem = RwSignal::new(draft.map(|d| crate::i18n::refusals::said(&d.problem)));
    let busy = RwSignal::new(false);
    let field_ref = NodeRef::<leptos::html::Textarea>::new();
    let (label, button, field, anchor) = match &kind {
        ComposeKind::New { .. } => {
            (words.new_label, words.post_comment, "new-comment-text".to_string(), "new-comment".to_string())
        }
        ComposeKind::Reply { to, .. } => {
            (words.reply, words.post_reply, format!("reply-text-{to}"), format!("reply-{to}"))
        }
        ComposeKind::Edit { id, .. } => {
            (words.edit_label, words.save_changes, format!("edit-text-{id}"), format!("edit-{id}"))
        }
    };
    let action = match &kind {
        ComposeKind::Edit { .. } => EditComment::url(),
        _ => PostComment::url(),
    };
    let hint = format!("{field}-hint");
    let cancel_to = match &kind {
        ComposeKind::New { .. } => None,
        ComposeKind::Reply { lesson, to } => Some(format!("{}#comment-{to}", lang.path(&routes::lesson(lesson)))),
        ComposeKind::Edit { lesson, id, .. } => Some(format!("{}#comment-{id}", lang.path(&routes::lesson(lesson)))),
    };
    let hidden_fields = match &kind {
        ComposeKind::New { lesson } => {
            EitherOf3::A(view! { <input type="hidden" name="lesson" value=lesson.clone()/> })
        }
        ComposeKind::Reply { lesson, to } => EitherOf3::B(view! {
            <input type="hidden" name="lesson" value=lesson.clone()/>
            <input type="hidden" name="reply_to" value=to.to_string()/>
        }),
        ComposeKind::Edit { id, .. } => EitherOf3::C(view! { <input type="hidden" name="id" value=id.to_string()/> }),
    };
    let kind_for_focus = kind.clone();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        // What the box holds, typed before the page hydrated too (the signal only follows input).
        let body = field_ref.get_untracked().map(|field| field.value()).unwrap_or_else(|| text.get_untracked());
        let kind = kind.clone();
        let request = async move {
            match kind {
                ComposeKind::New { lesson } => post_comment(lesson, body, None).await,
                ComposeKind::Reply { lesson, to } => post_comment(lesson, body, Some(to)).await,
                ComposeKind::Edit { id, .. } => edit_comment(id, body).await,
            }
        };
        // The thread's mark, not this box's: a box closed meanwhile (Cancel, another box opened)
        // is gone, its signals with it (setting one does nothing; reading one is `try_`), but
        // the thread still shows what was saved.
        comments.here.then(request, move |result| {
            busy.set(false);
            match result {
                Ok(_) => {
                    if let Some(Some(field)) = field_ref.try_get_untracked() {
                        field.set_value("");
                    }
                    text.set(String::new());
                    problem.set(None);
                    comments.reload();
                }
                Err(e) => problem.set(Some(crate::i18n::refusals::said(&e))),
            }
        });
    };
    let length = move || text.with(|t| t.chars().count());
    // A Reply or Edit box opened by a click takes the focus (opened by the address without
    // JavaScript, `autofocus` does).
    let opened = !matches!(kind_for_focus, ComposeKind::New { .. });
    // Once the box is live: the count follows what it holds (a learner may have typed before
    // the page hydrated), and a box opened by a click takes the focus.
    Effect::new(move |_| {
        if let Some(field) = field_ref.get() {
            text.set(field.value());
            if opened {
                let _ = field.focus();
            }
        }
    });
    let cancel = move |ev: leptos::ev::MouseEvent| {
        ev.prevent_default();
        comments.replying.set(None);
        comments.editing.set(None);
    };
    view! {
        <form class="compose" id=anchor method="post" action=action on:submit=submit>
            {hidden_fields}
            <label for=field.clone()>{label}</label>
            <textarea
                id=field
                node_ref=field_ref
                name="body"
                rows="4"
                required
                autofocus=opened
                aria-describedby=hint.clone()
                on:input=move |ev| text.set(event_target_value(&ev))
            >
                {starting_text}
            </textarea>
            <p class="compose-hint" id=hint>
                {words.markdown_hint}
                {move || if length() >= COUNT_FROM {
                    (words.characters_of)(length(), BODY_MAX_CHARS)
                } else {
                    (words.at_most)(BODY_MAX_CHARS)
                }}
            </p>
            {move || problem.get().map(|p| view! { <p class="form-problem error" role="alert">{p}</p> })}
            <div class="compose-actions">
                <button type="submit" class="primary-button" disabled=move || busy.get()>{button}</button>
                {cancel_to.map(|href| view! { <a class="quiet-link" href=href on:click=cancel>{words.cancel}</a> })}
            </div>
        </form>
    }
}
