//! What the bell and the notifications page ask of the server. The writing functions are also
//! plain forms' actions: without JavaScript, the server answers by sending the page back.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::problem::Problem;

/// The notifications page's content.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NotificationsView {
    pub signed_in: bool,
    /// Reply notifications are on.
    pub enabled: bool,
    pub items: Vec<NotificationLine>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NotificationLine {
    /// Opens it (marks it read) and goes to the reply.
    pub href: String,
    pub replier: String,
    pub lesson_title: String,
    pub excerpt: String,
    pub when: String,
    pub read: bool,
}

#[cfg(feature = "ssr")]
const UNREADABLE: &str = "Your notifications could not be read just now.";

/// The signed-in learner's unread count; `None` for an anonymous learner.
#[server]
pub async fn get_unread_count() -> Result<Option<i64>, Problem> {
    let (state, session) = crate::server::fn_edge::state_and_session().await?;
    crate::server::notifications::unread(&state, &session).await.map_err(|e| Problem::logged(e, UNREADABLE))
}

#[server]
pub async fn get_notifications() -> Result<NotificationsView, Problem> {
    let (state, session) = crate::server::fn_edge::state_and_session().await?;
    crate::server::notifications::page(&state, &session).await.map_err(|e| Problem::logged(e, UNREADABLE))
}

#[server]
pub async fn mark_all_notifications_read() -> Result<(), Problem> {
    let (state, session) = crate::server::fn_edge::state_and_session().await?;
    crate::server::notifications::mark_all_read(&state, &session)
        .await
        .map_err(|e| Problem::logged(e, "Your notifications could not be marked read just now; try again."))
}

/// Turns reply notifications on or off.
#[server]
pub async fn set_reply_notifications(on: bool) -> Result<(), Problem> {
    let (state, session) = crate::server::fn_edge::state_and_session().await?;
    crate::server::notifications::set_enabled(&state, &session, on)
        .await
        .map_err(|e| Problem::logged(e, "Your choice could not be saved just now; try again."))
}
