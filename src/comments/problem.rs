//! Why a comment (or a reply, an edit) was refused, as a sentence the learner reads. Without
//! JavaScript the form's text is kept in the session beside the problem and put back in the box,
//! so nothing typed is lost.

use serde::{Deserialize, Serialize};

use super::BODY_MAX_CHARS;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum CommentProblem {
    #[error("Sign in to comment.")]
    SignInFirst,
    #[error("Write something first: the comment is empty.")]
    Empty,
    #[error("A comment is at most {max} characters; this one has {has}. Shorten it and post again.", max = group_thousands(BODY_MAX_CHARS), has = group_thousands(*.0))]
    TooLong(usize),
    #[error("You are commenting faster than we allow: wait {0} seconds and post again. Your text is kept.")]
    SlowDownAccount(u64),
    #[error("Too many comments from your network just now: wait {0} seconds and post again. Your text is kept.")]
    SlowDownAddress(u64),
    #[error("That comment is gone (deleted, or hidden by an instructor); it can no longer be answered or changed.")]
    Gone,
    #[error("Only its author can do that to a comment.")]
    NotYours,
    #[error("Only instructors can hide comments.")]
    NotInstructor,
    #[error("There is no such lesson.")]
    NoSuchLesson,
}

impl CommentProblem {
    /// The HTTP status it goes out with.
    pub fn status(&self) -> u16 {
        match self {
            CommentProblem::Empty | CommentProblem::TooLong(_) => 400,
            CommentProblem::SignInFirst | CommentProblem::NotYours | CommentProblem::NotInstructor => 403,
            CommentProblem::Gone | CommentProblem::NoSuchLesson => 404,
            CommentProblem::SlowDownAccount(_) | CommentProblem::SlowDownAddress(_) => 429,
        }
    }
}

/// 5000 → "5,000".
pub fn group_thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// What is wrong with `body` as a comment, if anything (the same rule in the page and on the server).
pub fn body_problem(body: &str) -> Option<CommentProblem> {
    let length = body.chars().count();
    if body.trim().is_empty() {
        Some(CommentProblem::Empty)
    } else if length > BODY_MAX_CHARS {
        Some(CommentProblem::TooLong(length))
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_are_judged_with_a_sentence_that_says_the_limit() {
        assert_eq!(body_problem("Why does B miss messages?"), None);
        assert_eq!(body_problem(" \n\t "), Some(CommentProblem::Empty));
        let long = "é".repeat(BODY_MAX_CHARS + 1);
        assert_eq!(body_problem(&long), Some(CommentProblem::TooLong(BODY_MAX_CHARS + 1)));
        assert_eq!(body_problem(&"é".repeat(BODY_MAX_CHARS)), None, "characters count, not bytes");
        assert_eq!(
            CommentProblem::TooLong(5_214).to_string(),
            "A comment is at most 5,000 characters; this one has 5,214. Shorten it and post again."
        );
    }
}
