//! What the bell and the notifications page ask of the server. The writing functions are also
//! plain forms' actions: without JavaScript, the server answers by sending the page back.

use leptos::prelude::*;

use crate::comments::inbox::NotificationsView;
use crate::i18n::Lang;
use crate::problem::Problem;

/// The signed-in learner's unread count; `None` for an anonymous learner.
#[server]
pub async fn get_unread_count() -> Result<Option<i64>, Problem> {
    let (state, asker) = edge::asked().await?;
    edge::answer(notifications::unread(&state, &asker).await)
}

/// The signed-in learner's notifications, the lessons' titles in `lang` where translated.
#[server]
pub async fn get_notifications(lang: Lang) -> Result<NotificationsView, Problem> {
    let (state, asker) = edge::asked().await?;
    edge::answer(notifications::page(&state, &asker, lang).await)
}

#[server]
pub async fn mark_all_notifications_read() -> Result<(), Problem> {
    let (state, asker) = edge::asked().await?;
    edge::answer(notifications::mark_all_read(&state, &asker).await)
}

/// Turns reply notifications on or off.
#[server]
pub async fn set_reply_notifications(on: bool) -> Result<(), Problem> {
    let (state, asker) = edge::asked().await?;
    edge::answer(notifications::set_enabled(&state, &asker, on).await)
}

#[cfg(feature = "ssr")]
use crate::server::{fn_edge as edge, notifications};
