//! Comments over real HTTP, as the page's server functions are called: with JavaScript (JSON
//! answers) and as plain forms without it (redirects, the text kept on refusal). Who may post,
//! what survives of hostile markdown, the rate limit, reply notifications, who may edit, delete
//! and hide, and what deleting an account leaves.

use crate::common;

use leptos::server_fn::ServerFn;
use serde_json::json;
use streamlab::ui::comments::server_fns::{DeleteComment, EditComment, HideComment, PostComment};
use streamlab::ui::notifications::server_fns::SetReplyNotifications;

use common::learners::{PASSWORD, browser, call, signed_up as learner};
use common::live_stream::Live;
use common::{TestApp, spawn_app_with};

const LESSON: &str = "push-not-poll";

async fn app_with_burst(burst: u32) -> TestApp {
    spawn_app_with(|settings| settings.comment_burst = burst).await
}

/// Posts a comment (or a reply) with JavaScript; its id, or the refusal's text.
async fn post(app: &TestApp, http: &reqwest::Client, body: &str, reply_to: Option<i64>) -> Result<i64, String> {
    let reply_to = reply_to.map(|id| id.to_string());
    let mut form = vec![("lesson", LESSON), ("body", body)];
    if let Some(id) = &reply_to {
        form.push(("reply_to", id));
    }
    call(app, http, PostComment::url(), &form).await.map(|id| id.trim().parse().expect("an id"))
}

/// Submits a form as a browser without JavaScript does; where it redirects to.
async fn plain_form(app: &TestApp, http: &reqwest::Client, url: &str, form: &[(&str, &str)]) -> String {
    let response = http
        .post(app.url(url))
        .header("accept", "text/html,application/xhtml+xml")
        .header("referer", app.url(&format!("/lessons/{LESSON}")))
        .form(form)
        .send()
        .await
        .unwrap();
    assert!(response.status().is_redirection(), "a plain form gets a redirect, not {}", response.status());
    response.headers()["location"].to_str().unwrap().to_string()
}

/// The lesson page's comments region, as the server renders it for this browser.
async fn thread_html(app: &TestApp, http: &reqwest::Client, query: &str) -> String {
    let page = http.get(app.url(&format!("/lessons/{LESSON}{query}"))).send().await.unwrap().text().await.unwrap();
    let start = page.find("aria-label=\"Comments\"").expect("the comments region");
    let end = start + page[start..].find("</section>").expect("its end");
    page[start..end].to_string()
}

async fn count(app: &TestApp, query: &str) -> i64 {
    let db = app.database().await;
    let n = sqlx::query_scalar(query).fetch_one(&db).await.unwrap();
    db.close().await;
    n
}

#[tokio::test]
async fn a_post_without_an_account_is_refused_and_the_thread_says_how_to_sign_in() {
    let app = app_with_burst(6).await;
    let anonymous = browser();
    let refused = post(&app, &anonymous, "Hello?", None).await.unwrap_err();
    assert_eq!(refused, "403 Sign in to comment.");
    let location = plain_form(&app, &anonymous, PostComment::url(), &[("lesson", LESSON), ("body", "Hello?")]).await;
    assert_eq!(location, format!("/signin?next=/lessons/{LESSON}%23comments"), "to the sign-in, and back after");
    assert_eq!(count(&app, "SELECT COUNT(*) FROM comments").await, 0);
    let thread = thread_html(&app, &anonymous, "").await;
    assert!(
        thread.contains(&format!("href=\"/signin?next=/lessons/{LESSON}%23comments\">Sign in to comment</a>")),
        "{thread}"
    );
    assert!(!thread.contains("<textarea"), "no box without an account");
}

#[tokio::test]
async fn hostile_markdown_is_neutralised_in_the_page() {
    let app = app_with_burst(40).await;
    let ann = learner(&app, "ann").await;
    let cases = [
        "<script>alert('XSS')</script>",
        "<img src=x onerror=alert(1)>",
        "[click](javascript:alert(1))",
        "[click](JaVaScRiPt:alert(1))",
        "[click](java\tscript:alert(1))",
        "<a href=\"javascript:alert(1)\">click</a>",
        "<svg/onload=alert('XSS')>",
        "<iframe src=https://evil.example></iframe>",
        "<IMG SRC=&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;&#97;&#108;&#101;&#114;&#116;&#40;&#39;&#88;&#83;&#83;&#39;&#41;>",
        "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        "<a href=\"https://ok.example\" onmouseover=\"alert(1)\" style=\"position:fixed\">hover</a>",
        "![x](https://evil.example/track.png)",
        "Fine: [docs](https://redis.io/docs) and `code`",
    ];
    for case in cases {
        post(&app, &ann, case, None).await.unwrap_or_else(|e| panic!("{case:?} posted: {e}"));
    }
    let thread = thread_html(&app, &ann, "").await;
    // What learners typed is shown as text (escaped); look inside the tags themselves.
    let lower = thread.to_lowercase();
    let tags: Vec<&str> = lower.split('<').skip(1).map(|tag| tag.split('>').next().unwrap_or("")).collect();
    for tag in tags {
        for element in ["script", "img", "svg", "iframe", "style"] {
            assert!(!tag.starts_with(element), "<{tag}> in the thread: {thread}");
        }
        for attribute in ["onerror=", "onload=", "onmouseover=", "style=", "javascript:", "data:text", "src="] {
            assert!(!tag.contains(attribute), "<{tag}> in the thread: {thread}");
        }
    }
    assert!(thread.contains("&lt;script&gt;alert('XSS')&lt;/script&gt;"), "a question about a tag shows the tag");
    assert!(thread.contains("<a href=\"https://redis.io/docs\" rel=\"nofollow noopener\">docs</a>"));
    assert!(thread.contains("<code>code</code>"));
}

#[tokio::test]
async fn posting_too_fast_is_refused_with_a_clear_message_and_the_text_is_kept_without_javascript() {
    let app = app_with_burst(2).await;
    let ann = learner(&app, "ann").await;
    post(&app, &ann, "one", None).await.unwrap();
    post(&app, &ann, "two", None).await.unwrap();
    let refused = post(&app, &ann, "three", None).await.unwrap_err();
    assert!(refused.starts_with("429 You are commenting faster than we allow: wait"), "{refused}");
    assert!(refused.contains("seconds and post again. Your text is kept."), "{refused}");

    let location =
        plain_form(&app, &ann, PostComment::url(), &[("lesson", LESSON), ("body", "my **careful** question")]).await;
    assert_eq!(location, format!("/lessons/{LESSON}?draft=1#new-comment"));
    let thread = thread_html(&app, &ann, "?draft=1").await;
    assert!(thread.contains("You are commenting faster than we allow"), "the page says why: {thread}");
    assert!(thread.contains("my **careful** question</textarea>"), "the text is back in its box: {thread}");
    assert!(!thread_html(&app, &ann, "").await.contains("faster than we allow"), "only where the address says so");
    assert_eq!(count(&app, "SELECT COUNT(*) FROM comments").await, 2);
}

#[tokio::test]
async fn one_network_posting_too_fast_is_refused_with_its_own_message() {
    // A burst of 1 per account: the address may post 5 in a row, whoever posts them.
    let app = app_with_burst(1).await;
    for n in 0..5 {
        let learner = learner(&app, &format!("learner{n}")).await;
        post(&app, &learner, "hello", None).await.unwrap();
    }
    let sixth = learner(&app, "learner5").await;
    let refused = post(&app, &sixth, "hello", None).await.unwrap_err();
    assert!(refused.starts_with("429 Too many comments from your network just now: wait"), "{refused}");
}

#[tokio::test]
async fn a_comment_too_long_is_refused_saying_the_limit() {
    let app = app_with_burst(6).await;
    let ann = learner(&app, "ann").await;
    let refused = post(&app, &ann, &"x".repeat(5_001), None).await.unwrap_err();
    assert!(refused.starts_with("400 A comment is at most 5,000 characters; this one has 5,001."), "{refused}");
    let refused = post(&app, &ann, "   ", None).await.unwrap_err();
    assert!(refused.contains("the comment is empty"), "{refused}");
}

#[tokio::test]
async fn a_reply_notifies_the_comments_author_once_and_replying_to_yourself_does_not() {
    let app = app_with_burst(10).await;
    let (ann, bob) = (learner(&app, "ann").await, learner(&app, "bob").await);
    let question = post(&app, &ann, "Why does B miss messages?", None).await.unwrap();
    let answer = post(&app, &bob, "Because the listener never re-subscribes.", Some(question)).await.unwrap();
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM notifications WHERE recipient = (SELECT id FROM accounts WHERE username = 'ann')"
        )
        .await,
        1
    );
    post(&app, &ann, "Thanks! (replying to myself)", Some(question)).await.unwrap();
    // A reply to a reply joins the same comment's replies, and notifies the one answered.
    post(&app, &ann, "@bob which line?", Some(answer)).await.unwrap();
    assert_eq!(count(&app, "SELECT COUNT(*) FROM notifications").await, 2);
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM notifications WHERE recipient = (SELECT id FROM accounts WHERE username = 'bob')"
        )
        .await,
        1
    );
    assert_eq!(count(&app, &format!("SELECT COUNT(*) FROM comments WHERE parent = {question}")).await, 3);

    let thread = thread_html(&app, &ann, "").await;
    assert!(thread.contains("<ol class=\"replies\">"));
    assert!(thread.find("Why does B miss").unwrap() < thread.find("never re-subscribes").unwrap(), "oldest first");
}

#[tokio::test]
async fn only_authors_edit_and_delete_and_only_instructors_hide() {
    let app = app_with_burst(10).await;
    let (ann, bob, teacher) = (learner(&app, "ann").await, learner(&app, "bob").await, learner(&app, "teacher").await);
    let db = app.database().await;
    streamlab::server::admin::set_instructor(&db, "teacher", true).await.unwrap();
    let comment = post(&app, &ann, "My first take", None).await.unwrap();
    let id = comment.to_string();
    let reply = post(&app, &bob, "A reply", Some(comment)).await.unwrap();

    let refused = call(&app, &bob, EditComment::url(), &[("id", &id), ("body", "bob was here")]).await.unwrap_err();
    assert!(refused.contains("Only its author can do that"), "{refused}");
    let refused = call(&app, &bob, DeleteComment::url(), &[("id", &id)]).await.unwrap_err();
    assert!(refused.starts_with("403 Only its author can do that"), "{refused}");
    let refused =
        call(&app, &ann, HideComment::url(), &[("id", &reply.to_string()), ("hidden", "true")]).await.unwrap_err();
    assert!(refused.contains("Only instructors can hide comments."), "{refused}");
    // An instructor hides; editing and deleting stay the author's.
    let refused =
        call(&app, &teacher, EditComment::url(), &[("id", &id), ("body", "teacher was here")]).await.unwrap_err();
    assert!(refused.contains("Only its author can do that"), "{refused}");
    let refused = call(&app, &teacher, DeleteComment::url(), &[("id", &id)]).await.unwrap_err();
    assert!(refused.contains("Only its author can do that"), "{refused}");
    let anonymous = browser();
    for (url, form) in [
        (DeleteComment::url(), vec![("id", id.as_str())]),
        (HideComment::url(), vec![("id", id.as_str()), ("hidden", "true")]),
        (EditComment::url(), vec![("id", id.as_str()), ("body", "x")]),
    ] {
        let refused = call(&app, &anonymous, url, &form).await.unwrap_err();
        assert!(refused.contains("Sign in to comment."), "{url}: {refused}");
    }
    call(&app, &ann, EditComment::url(), &[("id", &id), ("body", "My *second* take")]).await.unwrap();
    assert!(thread_html(&app, &bob, "").await.contains("My <em>second</em> take"));
    assert!(thread_html(&app, &bob, "").await.contains(" · edited"));

    call(&app, &teacher, HideComment::url(), &[("id", &reply.to_string()), ("hidden", "true")]).await.unwrap();
    assert!(!thread_html(&app, &ann, "").await.contains("A reply"), "hidden from learners");
    let refused =
        call(&app, &bob, HideComment::url(), &[("id", &reply.to_string()), ("hidden", "false")]).await.unwrap_err();
    assert!(refused.contains("Only instructors can hide comments."), "a learner does not show it again: {refused}");
    let refused = post(&app, &ann, "answering the hidden one", Some(reply)).await.unwrap_err();
    assert!(refused.contains("That comment is gone"), "{refused}");
    let refused =
        call(&app, &bob, EditComment::url(), &[("id", &reply.to_string()), ("body", "sneaky")]).await.unwrap_err();
    assert!(refused.contains("That comment is gone"), "a hidden comment is not edited: {refused}");
    let annes_list = ann.get(app.url("/notifications")).send().await.unwrap().text().await.unwrap();
    assert!(!annes_list.contains("A reply"), "a hidden reply leaves the author's notifications");
    assert!(thread_html(&app, &bob, "").await.contains("hidden from learners by an instructor"), "its author sees it");
    assert!(thread_html(&app, &teacher, "").await.contains("Show again"));
    call(&app, &teacher, HideComment::url(), &[("id", &reply.to_string()), ("hidden", "false")]).await.unwrap();
    assert!(thread_html(&app, &ann, "").await.contains("A reply"), "shown again");

    // Deleting a comment with replies leaves a placeholder; the reply deleted too, nothing is left.
    call(&app, &ann, DeleteComment::url(), &[("id", &id)]).await.unwrap();
    let thread = thread_html(&app, &bob, "").await;
    assert!(thread.contains("comment deleted") && !thread.contains("second"), "{thread}");
    call(&app, &bob, DeleteComment::url(), &[("id", &reply.to_string())]).await.unwrap();
    assert_eq!(count(&app, "SELECT COUNT(*) FROM comments").await, 0);
    db.close().await;
}

#[tokio::test]
async fn a_comment_posted_without_javascript_lands_and_the_page_goes_to_it() {
    let app = app_with_burst(6).await;
    let ann = learner(&app, "ann").await;
    let location = plain_form(&app, &ann, PostComment::url(), &[("lesson", LESSON), ("body", "Plain *form*")]).await;
    assert_eq!(location, format!("/lessons/{LESSON}#comment-1"));
    let thread = thread_html(&app, &ann, "?reply=1").await;
    assert!(thread.contains("Plain <em>form</em>"));
    assert!(thread.contains("<label for=\"reply-text-1\">Reply</label>"), "?reply=1 opens the box: {thread}");
    let location =
        plain_form(&app, &ann, PostComment::url(), &[("lesson", LESSON), ("body", "again"), ("reply_to", "1")]).await;
    assert_eq!(location, format!("/lessons/{LESSON}#comment-2"));
}

#[tokio::test]
async fn deleting_an_account_removes_its_comments_and_the_download_has_them_before() {
    let app = app_with_burst(10).await;
    let (ann, bob) = (learner(&app, "ann").await, learner(&app, "bob").await);
    let with_reply = post(&app, &ann, "A question with an answer", None).await.unwrap();
    post(&app, &ann, "A question alone", None).await.unwrap();
    post(&app, &bob, "An answer", Some(with_reply)).await.unwrap();
    let db = app.database().await;
    streamlab::server::admin::set_instructor(&db, "ann", true).await.unwrap();
    db.close().await;
    let report = [("lesson", LESSON), ("what", "A typo in the second paragraph")];
    call(&app, &ann, streamlab::ui::reports::server_fns::SendReport::url(), &report).await.unwrap();

    let data: serde_json::Value = ann.get(app.url("/account/data.json")).send().await.unwrap().json().await.unwrap();
    let bodies: Vec<&str> = data["comments"].as_array().unwrap().iter().map(|c| c["body"].as_str().unwrap()).collect();
    assert_eq!(bodies, ["A question with an answer", "A question alone"]);
    assert_eq!(data["notifications"][0]["excerpt"], "An answer");
    assert_eq!(data["problem_reports"][0]["what"], "A typo in the second paragraph");
    assert_eq!(data["instructor"], true);

    let response = ann.post(app.url("/account/delete")).form(&[("password", PASSWORD)]).send().await.unwrap();
    assert_eq!(response.headers()["location"], "/?deleted=1");
    let thread = thread_html(&app, &bob, "").await;
    assert!(thread.contains("comment deleted") && thread.contains("An answer"), "{thread}");
    assert!(!thread.contains("A question"), "{thread}");
    assert_eq!(count(&app, "SELECT COUNT(*) FROM comments WHERE body LIKE 'A question%'").await, 0);
    for table in ["notifications", "account_roles", "problem_reports"] {
        assert_eq!(count(&app, &format!("SELECT COUNT(*) FROM {table}")).await, 0, "{table} of the account are gone");
    }
}

#[tokio::test]
async fn a_reply_reaches_the_authors_open_page_live_and_opening_it_marks_it_read() {
    let app = app_with_burst(10).await;
    let (ann, bob) = (learner(&app, "ann").await, learner(&app, "bob").await);
    let question = post(&app, &ann, "Where does the gap come from?", None).await.unwrap();
    // Ann is on another page of the site: its stream starts with her count.
    let mut ann_page = Live::open(&app, &ann, "").await.expect("a stream for a signed-in learner");
    assert_eq!(ann_page.next().await.unwrap(), json!({ "type": "notifications", "unread": 0 }));

    let reply = post(&app, &bob, "From the backoff: 1 s, then doubling.", Some(question)).await.unwrap();
    let told = ann_page.wait_for(|m| m["type"] == "notifications").await;
    assert_eq!(told, json!({ "type": "notifications", "unread": 1 }));

    let list = ann.get(app.url("/notifications")).send().await.unwrap().text().await.unwrap();
    assert!(list.contains("<strong>bob</strong> replied to your comment on"), "{list}");
    assert!(list.contains("From the backoff: 1 s, then doubling."));
    assert!(list.contains("aria-label=\"Notifications (1 unread)\""), "the bell: {list}");
    assert!(list.contains("<em>Push, not poll</em>"), "{list}");
    // On the Korean page, the lesson's Korean title.
    let korean = ann.get(app.url("/ko/notifications")).send().await.unwrap().text().await.unwrap();
    assert!(korean.contains("<em>폴링 말고 푸시</em>"), "{korean}");
    // Nobody else opens it: it stays unread for ann.
    assert_eq!(bob.get(app.url("/notifications/1")).send().await.unwrap().headers()["location"], "/notifications");
    let unread = "SELECT COUNT(*) FROM notifications WHERE read_at IS NULL";
    assert_eq!(count(&app, unread).await, 1);
    let opened = ann.get(app.url("/notifications/1")).send().await.unwrap();
    // To the page of the thread that holds the reply: the one that starts after its comment.
    let page = question + 1;
    assert_eq!(opened.headers()["location"], format!("/lessons/{LESSON}?before={page}#comment-{reply}").as_str());
    assert_eq!(ann_page.wait_for(|m| m["type"] == "notifications").await["unread"], 0);

    // Turned off, a reply leaves nothing.
    call(&app, &ann, SetReplyNotifications::url(), &[("on", "false")]).await.unwrap();
    post(&app, &bob, "One more thing.", Some(question)).await.unwrap();
    assert_eq!(count(&app, "SELECT COUNT(*) FROM notifications").await, 1);
}

#[tokio::test]
async fn a_page_of_another_site_cannot_post_hide_or_report_with_the_learners_cookie() {
    let app = app_with_burst(6).await;
    let ann = learner(&app, "ann").await;
    let forged = [
        (PostComment::url(), vec![("lesson", LESSON), ("body", "posted by evil.example")]),
        (HideComment::url(), vec![("id", "1"), ("hidden", "true")]),
        (streamlab::ui::reports::server_fns::SendReport::url(), vec![("lesson", LESSON), ("what", "spam")]),
        (SetReplyNotifications::url(), vec![("on", "false")]),
    ];
    for (url, form) in forged {
        let response = ann
            .post(app.url(url))
            .header("origin", "http://evil.example")
            .header("accept", "text/html")
            .form(&form)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 403, "{url}");
    }
    assert_eq!(count(&app, "SELECT COUNT(*) FROM comments").await, 0);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM problem_reports").await, 0);
}

#[tokio::test]
async fn a_long_thread_is_read_a_page_at_a_time_newest_first_and_works_without_javascript() {
    let app = app_with_burst(40).await;
    let ann = learner(&app, "ann").await;
    let mut ids = Vec::new();
    for n in 1..=25 {
        ids.push(post(&app, &ann, &format!("Question number {n}."), None).await.unwrap());
    }
    let newest = thread_html(&app, &browser(), "").await;
    assert!(newest.contains("Question number 25.") && newest.contains("Question number 6."));
    assert!(!newest.contains("Question number 5."), "20 comments a page");
    let older = format!("/lessons/{LESSON}?before={}#comments", ids[5]);
    assert!(newest.contains(&format!("href=\"{older}\"")), "a link to the older ones: {newest}");
    let page = thread_html(&app, &browser(), &format!("?before={}", ids[5])).await;
    assert!(page.contains("Question number 1.") && page.contains("Question number 5."));
    assert!(!page.contains("Question number 6.") && !page.contains("Older comments"));
    assert!(page.contains("Newest comments"));
    let header = browser().get(app.url(&format!("/lessons/{LESSON}?before={}", ids[5]))).send().await.unwrap();
    assert!(header.text().await.unwrap().contains("25 comments"), "the count is the whole thread's");
}

#[tokio::test]
async fn a_comment_is_rendered_once_when_written_and_nests_quotes_four_deep() {
    let app = app_with_burst(10).await;
    let ann = learner(&app, "ann").await;
    let nested = format!("{} the innermost thought", ">".repeat(2000));
    post(&app, &ann, &nested, None).await.unwrap();
    let db = app.database().await;
    let html: Option<String> = sqlx::query_scalar("SELECT body_html FROM comments").fetch_one(&db).await.unwrap();
    let html = html.expect("kept with the comment");
    assert_eq!(html.matches("<blockquote>").count(), 4, "{html}");
    // What the page shows is what was kept (the page reads the column, not the markdown).
    sqlx::query("UPDATE comments SET body_html = '<p>kept once</p>'").execute(&db).await.unwrap();
    assert!(thread_html(&app, &browser(), "").await.contains("kept once"));
    db.close().await;
}
