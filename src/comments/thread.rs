//! A lesson's thread as the page shows it: what each reader may see and do is decided on the
//! server, so the page only draws it (and draws the same without JavaScript).

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Thread {
    pub lesson: String,
    /// Comments oldest first, each with its replies oldest first.
    pub comments: Vec<CommentView>,
    /// Comments and replies a reader sees (not deleted, not hidden), on every page: the lesson
    /// header's count.
    pub count: usize,
    /// Where the page of older comments starts (`?before=ID`), when there are older comments.
    pub older: Option<i64>,
    /// Whether this is a page of older comments (not the newest).
    pub paged: bool,
    /// Who reads it, as the page may know: may they post, and hide? (Not the server's `Requester`.)
    pub reader: Reader,
    /// A comment refused when posted without JavaScript: its text comes back into its box.
    pub draft: Option<Draft>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Reader {
    pub signed_in: bool,
    pub instructor: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CommentView {
    pub id: i64,
    /// The author's username; `None` for a placeholder.
    pub author: Option<String>,
    /// Sanitised HTML; empty for a placeholder.
    pub body_html: String,
    /// The markdown as typed, for its author's Edit box only (empty for everyone else).
    pub source: String,
    /// When it was posted, in words ("1 Dec 2026, 12:40 UTC") and as `<time datetime>`.
    pub posted: String,
    pub posted_iso: String,
    pub edited: bool,
    pub shown: Shown,
    pub can_edit: bool,
    pub can_delete: bool,
    pub can_hide: bool,
    /// Replies (a reply has none of its own).
    pub replies: Vec<CommentView>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Shown {
    Visible,
    /// Hidden by an instructor, shown to instructors and its author with a note.
    HiddenButYouSeeIt,
    /// Deleted by its author, kept because it has replies: "comment deleted".
    Deleted,
    /// Hidden, to everyone else: kept because it has replies.
    Hidden,
}

impl Shown {
    /// The line shown instead of the text.
    pub fn placeholder(self) -> Option<&'static str> {
        match self {
            Shown::Deleted => Some("comment deleted"),
            Shown::Hidden => Some("comment hidden by an instructor"),
            Shown::Visible | Shown::HiddenButYouSeeIt => None,
        }
    }
}

/// A refused comment's text and why, to put back into the box it came from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Draft {
    /// Which box: a new comment, a reply to this comment, or an edit of this comment.
    pub target: DraftTarget,
    pub body: String,
    pub problem: crate::problem::Problem,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum DraftTarget {
    NewComment,
    Reply(i64),
    Edit(i64),
}
