//! `/notifications`: the replies to the learner's comments, newest first, unread ones marked;
//! opening one marks it read and goes to the reply. "Mark all as read", and the choice to have
//! reply notifications at all. Plain forms, so the page works without JavaScript.

use leptos::prelude::*;
use leptos_meta::Title;
use server_fn::ServerFn;

use super::server_fns::{
    MarkAllNotificationsRead, SetReplyNotifications, get_notifications, mark_all_notifications_read,
    set_reply_notifications,
};
use super::use_notifications;
use crate::comments::inbox::{NotificationLine, NotificationsView};
use crate::i18n::{use_lang, use_words};
use crate::routes;
use crate::ui::answer::StillHere;

#[component]
pub fn NotificationsPage() -> impl IntoView {
    let notifications = use_notifications();
    let lang = use_lang();
    let version = RwSignal::new(0u64);
    let list = crate::ui::loaded::loaded(move || version.get(), move |_| get_notifications(lang));
    // A reply arriving while the page is open shows up in the list too.
    Effect::new(move |previous: Option<Option<i64>>| {
        let unread = notifications.unread();
        if previous.is_some_and(|p| p != unread) {
            version.update(|v| *v += 1);
        }
        unread
    });
    let changed = Callback::new(move |()| version.update(|v| *v += 1));
    let words = &use_words().pages.notifications;
    view! {
        <Title text=words.title/>
        <section class="notifications-page">
            <h1>{words.title}</h1>
            <Transition fallback=move || view! { <p>{words.loading}</p> }>
                {move || Suspend::new(async move {
                    match list.await {
                        Ok(view) => view! { <Listing view changed/> }.into_any(),
                        Err(problem) => view! { <p class="error">{crate::i18n::refusals::said(&problem)}</p> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn Listing(view: NotificationsView, changed: Callback<()>) -> impl IntoView {
    let lang = use_lang();
    let words = &lang.words().pages.notifications;
    if !view.signed_in {
        let sign_in = format!("{}?next={}", lang.path(routes::SIGN_IN), lang.path(routes::NOTIFICATIONS));
        return view! {
            <p>{words.signed_out_before} <a href=sign_in>{words.sign_in}</a> {words.signed_out_after}</p>
        }
        .into_any();
    }
    let any_unread = view.items.iter().any(|n| !n.read);
    let empty = view.items.is_empty();
    view! {
        {empty.then(|| view! { <p class="muted">{words.empty}</p> })}
        <ul class="notification-list">
            {view.items.into_iter().map(|line| view! { <Line line/> }).collect_view()}
        </ul>
        {any_unread.then(|| view! { <MarkAllRead changed/> })}
        <Preference enabled=view.enabled changed/>
    }
    .into_any()
}

#[component]
fn Line(line: NotificationLine) -> impl IntoView {
    let NotificationLine { href, replier, lesson_title, excerpt, when, read } = line;
    let pages = &use_words().pages;
    let words = &pages.notifications;
    // The server names a replier whose account is gone in English; a username has no spaces.
    let replier = if replier == "A former learner" { words.former_learner.to_string() } else { replier };
    let when = pages.moment_iso(&when, &when);
    view! {
        <li class="notification" class:unread=!read>
            // A server route (it marks the notification read), not a page of the router.
            <a href=href rel="external">
                {(!read).then(|| view! { <span class="unread-dot" aria-hidden="true"></span><span class="visually-hidden">{words.new}</span> })}
                <strong>{replier}</strong> {words.replied_between} <em>{lesson_title}</em> {words.replied_after}
            </a>
            {(!excerpt.is_empty()).then(|| view! { <p class="notification-excerpt">{excerpt}</p> })}
            <p class="notification-when">{when}</p>
        </li>
    }
}

#[component]
fn MarkAllRead(changed: Callback<()>) -> impl IntoView {
    let notifications = use_notifications();
    let words = &use_words().pages.notifications;
    let here = StillHere::new();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        here.then(mark_all_notifications_read(), move |answer| {
            if answer.is_ok() {
                notifications.told(0);
                changed.run(());
            }
        });
    };
    view! {
        <form method="post" action=MarkAllNotificationsRead::url() on:submit=submit>
            <button type="submit" class="quiet-button">{words.mark_all_read}</button>
        </form>
    }
}

#[component]
fn Preference(enabled: bool, changed: Callback<()>) -> impl IntoView {
    let here = StillHere::new();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        here.then(set_reply_notifications(!enabled), move |answer| {
            if answer.is_ok() {
                changed.run(());
            }
        });
    };
    let words = &use_words().pages.notifications;
    let (state, button) = if enabled { (words.on, words.turn_off) } else { (words.off, words.turn_on) };
    view! {
        <form class="notification-preference" method="post" action=SetReplyNotifications::url() on:submit=submit>
            <input type="hidden" name="on" value=(!enabled).to_string()/>
            <p>{state} " " <button type="submit" class="link-button">{button}</button></p>
        </form>
    }
}

crate::ui::lazy_page!(NotificationsRoute, NotificationsPage);
