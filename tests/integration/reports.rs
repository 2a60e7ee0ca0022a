//! Problem reports over real HTTP: sent with and without an account, with a snapshot of the
//! learner's running sandbox (its last events), refused when empty or too fast, read and closed
//! by instructors only, listed by `streamlab reports list`, and part of the learner's data.

use crate::common;

use leptos::server_fn::ServerFn;
use serde_json::json;
use streamlab::ui::reports::server_fns::{CloseReport, SendReport};
use streamlab::ui::sandbox::server_fns::HintOpened;

use common::learners::{browser, call, signed_up as learner};
use common::{TestApp, spawn_app};

const LESSON: &str = "horizontal-scaling";

async fn reports_page(app: &TestApp, http: &reqwest::Client) -> (u16, String) {
    let response = http.get(app.url("/reports")).send().await.unwrap();
    (response.status().as_u16(), response.text().await.unwrap())
}

#[tokio::test]
async fn a_report_from_a_running_sandbox_carries_its_events_to_the_instructors_page() {
    let app = spawn_app().await;
    let ann = learner(&app, "ann").await;
    let sandbox: serde_json::Value = ann
        .post(app.url("/api/sandboxes"))
        .json(&json!({ "lesson": LESSON }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let id = sandbox["id"].as_str().unwrap();
    let stopped = ann.post(app.url(&format!("/api/sandboxes/{id}/redis/stop"))).send().await.unwrap();
    assert!(stopped.status().is_success(), "{}", stopped.status());
    // The stop is in the sandbox's log once its watcher sees Redis gone.
    let events_url = app.url(&format!("/api/sandboxes/{id}/events"));
    let deadline = std::time::Instant::now() + common::sandbox_client::EVENTUALLY;
    while !ann.get(&events_url).send().await.unwrap().text().await.unwrap().contains("redis_stopped") {
        assert!(std::time::Instant::now() < deadline, "Redis stopped, in the log");
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }

    let events = call(&app, &ann, SendReport::url(), &[("lesson", LESSON), ("what", "B never hears A <b>at all</b>")])
        .await
        .unwrap();
    let events: Option<usize> = serde_json::from_str(&events).unwrap();
    assert!(events.unwrap() >= 1, "Redis stopping, at least: {events:?}");

    // A learner is not an instructor.
    let (status, page) = reports_page(&app, &ann).await;
    assert_eq!(status, 403);
    assert!(!page.contains("B never hears A"));
    let teacher = learner(&app, "teacher").await;
    let db = app.database().await;
    streamlab::server::admin::set_instructor(&db, "teacher", true).await.unwrap();

    let (status, page) = reports_page(&app, &teacher).await;
    assert_eq!(status, 200);
    let stuck = &page[page.find("aria-label=\"Where learners get stuck\"").expect("the funnels")..];
    let funnel = &stuck[stuck.find("Horizontal scaling</a></caption>").expect("its lesson's funnel")..];
    assert!(funnel.contains("Started the sandbox"), "{funnel}");
    assert!(
        funnel.contains("<meter min=\"0\" max=\"1\" value=\"1\"></meter> 1 (100%)"),
        "one learner started it: {funnel}"
    );
    assert!(funnel.contains("most stop before this step"), "{funnel}");
    assert!(page.contains("B never hears A &lt;b&gt;at all&lt;/b&gt;"), "the learner's words, escaped: {page}");
    assert!(page.contains("from ann"));
    assert!(
        page.contains("Redis stopped: messages stay on their own server"),
        "its events, in the timeline's words: {page}"
    );
    assert!(page.contains("Mode none · Redis stopped"), "{page}");

    let terminal = streamlab::server::reports::print_open(&db).await.unwrap();
    assert!(terminal.starts_with(&format!("#1 {LESSON} · ")), "{terminal}");
    assert!(terminal.contains("B never hears A <b>at all</b>"));
    assert!(terminal.contains("sandbox: mode none, Redis stopped"), "{terminal}");
    assert!(terminal.ends_with("1 open reports\n"));

    let refused = call(&app, &ann, CloseReport::url(), &[("id", "1"), ("note", "mine now")]).await.unwrap_err();
    assert_eq!(refused, "403 Only instructors may do that.");
    call(&app, &teacher, CloseReport::url(), &[("id", "1"), ("note", "Fixed the text, thanks")]).await.unwrap();
    assert!(!reports_page(&app, &teacher).await.1.contains("B never hears A"), "closed reports leave the list");
    assert!(streamlab::server::reports::print_open(&db).await.unwrap().ends_with("0 open reports\n"));

    let data: serde_json::Value = ann.get(app.url("/account/data.json")).send().await.unwrap().json().await.unwrap();
    assert_eq!(data["problem_reports"][0]["close_note"], "Fixed the text, thanks");
    db.close().await;
}

#[tokio::test]
async fn an_anonymous_learner_reports_without_javascript_and_empty_or_hurried_reports_are_refused() {
    let app = spawn_app().await;
    let anonymous = browser();
    let plain = |form: Vec<(&'static str, String)>| {
        let (anonymous, url) = (anonymous.clone(), app.url(SendReport::url()));
        async move {
            let response = anonymous.post(url).header("accept", "text/html").form(&form).send().await.unwrap();
            assert!(response.status().is_redirection());
            response.headers()["location"].to_str().unwrap().to_string()
        }
    };
    let to = plain(vec![("lesson", LESSON.into()), ("what", "   ".into())]).await;
    assert_eq!(to, format!("/lessons/{LESSON}/report?draft=1"));
    let to = plain(vec![
        ("lesson", LESSON.into()),
        ("what", "The diagram shows three servers".into()),
        ("contact", "ada@example.org".into()),
    ])
    .await;
    assert_eq!(to, format!("/lessons/{LESSON}/report?sent=1"), "no sandbox ran: no snapshot");
    let form =
        anonymous.get(app.url(&format!("/lessons/{LESSON}/report?sent=1"))).send().await.unwrap().text().await.unwrap();
    assert!(form.contains("Thank you: your report is with the instructors."), "{form}");

    // Refusals count too (the empty one above): two more, then slowed down.
    for n in 0..1 {
        call(&app, &anonymous, SendReport::url(), &[("lesson", LESSON), ("what", &format!("again {n}"))])
            .await
            .unwrap();
    }
    let refused =
        call(&app, &anonymous, SendReport::url(), &[("lesson", LESSON), ("what", "and again")]).await.unwrap_err();
    assert!(refused.starts_with("429 You have sent several reports just now: wait"), "{refused}");

    let db = app.database().await;
    let contact: Option<String> =
        sqlx::query_scalar("SELECT contact FROM problem_reports WHERE id = 1").fetch_one(&db).await.unwrap();
    assert_eq!(contact.as_deref(), Some("ada@example.org"));
    db.close().await;
}

#[tokio::test]
async fn instructors_preview_draft_lessons_that_learners_do_not_find_and_see_hints_opened() {
    // The course's lessons and a draft, in a directory of their own (beside `src/`, which the
    // lessons include).
    let root = tempfile::tempdir().unwrap();
    let lessons = root.path().join("lessons");
    std::fs::create_dir(&lessons).unwrap();
    for entry in std::fs::read_dir(common::repo_path("lessons")).unwrap() {
        let entry = entry.unwrap();
        if entry.file_type().unwrap().is_file() {
            std::fs::copy(entry.path(), lessons.join(entry.file_name())).unwrap();
        }
    }
    copy_dir(&common::repo_path("lessons/code"), &lessons.join("code"));
    copy_dir(&common::repo_path("lessons/samples"), &lessons.join("samples"));
    std::os::unix::fs::symlink(common::repo_path("src"), root.path().join("src")).unwrap();
    std::fs::write(
        lessons.join("sharding-rooms.md"),
        "+++\ntitle = \"Sharding rooms\"\norder = 99\nstatus = \"draft\"\n+++\n\nNot ready yet: *rooms across shards*.\n",
    )
    .unwrap();
    let app = common::spawn_app_with(|settings| settings.lessons_dir = lessons.clone()).await;

    let ann = learner(&app, "ann").await;
    assert_eq!(ann.get(app.url("/lessons/sharding-rooms")).send().await.unwrap().status(), 404);
    let teacher = learner(&app, "teacher").await;
    let db = app.database().await;
    streamlab::server::admin::set_instructor(&db, "teacher", true).await.unwrap();
    let preview = teacher.get(app.url("/lessons/sharding-rooms")).send().await.unwrap();
    assert_eq!(preview.status(), 200);
    let preview = preview.text().await.unwrap();
    assert!(preview.contains("Draft preview: only instructors see this lesson"));
    assert!(preview.contains("<em>rooms across shards</em>"));
    let (_, page) = reports_page(&app, &teacher).await;
    assert!(page.contains("href=\"/lessons/sharding-rooms\">Sharding rooms</a>"), "listed to preview");

    // A hint the learner opens is counted once, for a check the lesson has.
    ann.post(app.url("/api/sandboxes")).json(&json!({ "lesson": LESSON })).send().await.unwrap();
    for check in ["split-room", "split-room", "no-such-check"] {
        let hint = HintOpened::url();
        call(&app, &ann, hint, &[("lesson", LESSON), ("check", check)]).await.unwrap();
    }
    let hints: Vec<(String,)> =
        sqlx::query_as("SELECT step FROM lesson_steps WHERE step LIKE '%hint%'").fetch_all(&db).await.unwrap();
    assert_eq!(hints, [(format!("{LESSON}/hint:split-room"),)]);
    db.close().await;
}

fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        if entry.file_name() == ".venv" {
            continue; // the samples' Python environment: no page reads it
        }
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &to.join(entry.file_name()));
        } else {
            std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
        }
    }
}

#[tokio::test]
async fn a_refused_report_keeps_a_draft_no_larger_than_a_report_may_be() {
    let app = spawn_app().await;
    let anonymous = browser();
    let huge = "x".repeat(600_000);
    let response = anonymous
        .post(app.url(SendReport::url()))
        .header("accept", "text/html")
        .form(&[("lesson", LESSON), ("what", huge.as_str()), ("contact", huge.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(response.headers()["location"], format!("/lessons/{LESSON}/report?draft=1").as_str());
    let db = app.database().await;
    let largest: i64 =
        sqlx::query_scalar(&format!("SELECT COALESCE(MAX(LENGTH(data)), 0) FROM {}", app.sessions_table()))
            .fetch_one(&db)
            .await
            .unwrap();
    assert!(largest < 40_000, "the session keeps {largest} bytes");
    db.close().await;
}
