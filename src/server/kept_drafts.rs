//! A form refused without JavaScript keeps what the learner typed: the draft goes into the
//! session (one per kind of form, for one lesson), and the page it redirects to puts it back in
//! its box (`?draft=1`). Reading a draft does not remove it, so a reload shows it again; a form
//! that goes through forgets it. Callers cut a draft to a bound first, so refusals never make the
//! session a free store.

use serde::Serialize;
use serde::de::DeserializeOwned;
use tower_sessions::Session;

/// Which form's draft: each kind has its own place in the session.
#[derive(Clone, Copy)]
pub struct DraftKind(&'static str);

pub const COMMENT: DraftKind = DraftKind("comment_draft");
pub const REPORT: DraftKind = DraftKind("report_draft");

pub async fn keep<T: Serialize>(session: &Session, kind: DraftKind, lesson: &str, draft: &T) {
    if let Err(e) = session.insert(kind.0, (lesson, draft)).await {
        tracing::warn!("cannot keep a {} draft: {e}", kind.0);
    }
}

pub async fn kept<T: DeserializeOwned>(session: &Session, kind: DraftKind, lesson: &str) -> Option<T> {
    let (for_lesson, draft) = session.get::<(String, T)>(kind.0).await.ok().flatten()?;
    (for_lesson == lesson).then_some(draft)
}

pub async fn forget(session: &Session, kind: DraftKind) {
    let _ = session.remove_value(kind.0).await;
}

/// `text` cut to at most `max_chars` characters.
pub fn cut_chars(text: &mut String, max_chars: usize) {
    if let Some((cut, _)) = text.char_indices().nth(max_chars) {
        text.truncate(cut);
    }
}
