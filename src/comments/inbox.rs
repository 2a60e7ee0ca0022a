//! The notifications page as the browser draws it: the replies to the learner's comments,
//! decided and worded on the server.

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
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
    /// When the reply was written, RFC 3339 (the page says it in its language).
    pub when: String,
    pub read: bool,
}
