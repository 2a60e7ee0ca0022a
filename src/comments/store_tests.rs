//! The comment store's unit tests (kept beside it, out of its file).

use super::*;

fn row(id: i64, parent: Option<i64>, author: &str) -> Row {
    Row {
        id,
        parent,
        author: Some(author.into()),
        username: Some(author.to_uppercase()),
        body: format!("comment {id}"),
        body_html: Some(format!("<p>comment {id}</p>\n")),
        created_at: 1_764_592_800_000,
        edited_at: None,
        deleted_at: None,
        hidden_at: None,
    }
}

#[test]
fn replies_sit_under_their_comment_and_placeholders_only_stand_for_replies() {
    let mut deleted = row(3, None, "ann");
    deleted.deleted_at = Some(1);
    deleted.author = None;
    let mut deleted_alone = row(5, None, "ann");
    deleted_alone.deleted_at = Some(1);
    let rows = vec![row(1, None, "ann"), row(2, Some(1), "bob"), deleted, row(4, Some(3), "bob"), deleted_alone];
    let (thread, count) = shape(rows, Some("bob"), &Reader { signed_in: true, instructor: false });
    assert_eq!(thread.iter().map(|c| c.id).collect::<Vec<_>>(), [1, 3]);
    assert_eq!(thread[0].replies[0].id, 2);
    assert_eq!(thread[1].shown, Shown::Deleted);
    assert_eq!(thread[1].author, None);
    assert_eq!(thread[1].body_html, "");
    assert_eq!(count, 3, "the placeholder does not count");
    assert!(thread[0].replies[0].can_edit && !thread[0].can_edit, "bob edits his own only");
    assert_eq!(thread[0].replies[0].source, "comment 2");
    assert_eq!(thread[0].source, "", "another's markdown is not sent");
    assert_eq!(thread[0].posted, "1 Dec 2025, 12:40 UTC");
}

#[test]
fn a_hidden_comment_is_seen_by_instructors_and_its_author_only() {
    let mut hidden = row(1, None, "ann");
    hidden.hidden_at = Some(1);
    let learner = Reader { signed_in: true, instructor: false };
    let (thread, count) = shape(vec![hidden.clone()], Some("bob"), &learner);
    assert!(thread.is_empty());
    assert_eq!(count, 0);
    let (thread, _) = shape(vec![hidden.clone()], Some("ann"), &learner);
    assert_eq!(thread[0].shown, Shown::HiddenButYouSeeIt);
    let (thread, _) = shape(vec![hidden.clone()], Some("teacher"), &Reader { signed_in: true, instructor: true });
    assert!(thread[0].can_hide && thread[0].shown == Shown::HiddenButYouSeeIt);
    let (thread, _) = shape(vec![hidden, row(2, Some(1), "bob")], None, &Reader::default());
    assert_eq!(thread[0].shown, Shown::Hidden);
    assert_eq!(thread[0].body_html, "");
}
