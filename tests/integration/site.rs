//! The site over real HTTP: pages, status codes, the health probe and shutdown.

use crate::common;

use std::time::Duration;

use common::spawn_app;

async fn get(url: &str) -> (u16, String) {
    let response = reqwest::get(url).await.expect("request");
    let status = response.status().as_u16();
    (status, response.text().await.expect("body"))
}

#[tokio::test]
async fn the_home_page_lists_the_seven_published_lessons_in_order() {
    let app = spawn_app().await;
    let (status, body) = get(&app.url("/")).await;
    assert_eq!(status, 200);
    let first = body.find("Push, not poll").expect("lesson 1 listed");
    let last = body.find("The Redis Pub/Sub bridge").expect("lesson 7 listed");
    assert!(first < last, "lessons are in course order");
    assert!(body.contains("href=\"/lessons/horizontal-scaling\""), "lessons link to their pages");
}

#[tokio::test]
async fn a_lesson_page_shows_its_place_in_the_course_its_tags_and_body() {
    let app = spawn_app().await;
    let (status, body) = get(&app.url("/lessons/horizontal-scaling")).await;
    assert_eq!(status, 200);
    assert!(body.contains("Lesson 2 of 07"), "position shown");
    assert!(body.contains("published"));
    assert!(body.contains("<h1>Horizontal scaling</h1>"), "title shown");
    assert!(body.contains("class=\"tag\">scaling</span>"), "tags shown");
    assert!(body.contains("split-room problem"), "body rendered");
    assert!(body.contains("<title>Horizontal scaling · streamlab</title>"), "document title set");
}

#[tokio::test]
async fn an_unknown_lesson_answers_404_with_a_page() {
    let app = spawn_app().await;
    let (status, body) = get(&app.url("/lessons/no-such-lesson")).await;
    assert_eq!(status, 404);
    assert!(body.contains("Page not found"));
}

#[tokio::test]
async fn an_unknown_path_answers_404_with_a_page() {
    let app = spawn_app().await;
    let (status, body) = get(&app.url("/no/such/page")).await;
    assert_eq!(status, 404);
    assert!(body.contains("Page not found"));
}

#[tokio::test]
async fn healthz_reports_the_database_and_lessons() {
    let app = spawn_app().await;
    let (status, body) = get(&app.url("/healthz")).await;
    assert_eq!(status, 200);
    let health: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(health["status"], "ok");
    assert_eq!(health["database"], "ok");
    assert_eq!(health["lessons"], 7);
    assert_eq!(health["lesson_problems"], 0);
}

#[tokio::test]
async fn the_database_is_a_real_file_in_the_data_directory_or_postgresql_when_the_url_names_it() {
    let app = spawn_app().await;
    let file = app.data_dir.path().join("streamlab.db");
    assert_eq!(file.exists(), !app.on_postgres(), "{}", app.database_url);
    let accounts: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM accounts").fetch_one(&app.database().await).await.unwrap();
    assert_eq!(accounts, 0, "migrated and empty");
}

#[tokio::test]
async fn triggering_shutdown_stops_the_server() {
    let app = spawn_app().await;
    let health_url = app.url("/healthz");
    app.shutdown.trigger();
    let result = tokio::time::timeout(Duration::from_secs(10), app.server).await;
    assert!(matches!(result, Ok(Ok(Ok(())))), "the server ends cleanly");
    assert!(reqwest::get(health_url).await.is_err(), "nothing listens any more");
}

#[tokio::test]
async fn every_page_carries_a_content_security_policy_with_the_nonce_its_inline_scripts_use() {
    let app = spawn_app().await;
    for path in ["/", "/lessons/horizontal-scaling", "/lessons/no-such-lesson"] {
        let response = reqwest::get(app.url(path)).await.unwrap();
        let headers = response.headers().clone();
        let policy = headers["content-security-policy"].to_str().unwrap().to_string();
        let body = response.text().await.unwrap();
        let nonce = policy.split("'nonce-").nth(1).and_then(|rest| rest.split('\'').next()).expect("a nonce");
        assert!(policy.contains("'wasm-unsafe-eval'") && policy.contains("frame-ancestors 'none'"), "{path}: {policy}");
        let inline_scripts = body.matches("<script").count();
        let with_nonce = body.matches(&format!("nonce=\"{nonce}\"")).count();
        assert!(
            inline_scripts > 0 && with_nonce >= inline_scripts,
            "{path}: {with_nonce} of {inline_scripts} scripts carry the nonce"
        );
        assert_eq!(headers["x-content-type-options"], "nosniff");
        assert!(headers.contains_key("referrer-policy"));
    }
    let api = reqwest::get(app.url("/healthz")).await.unwrap();
    assert!(api.headers()["content-security-policy"].to_str().unwrap().contains("frame-ancestors 'none'"));
}

#[tokio::test]
async fn a_lesson_page_travels_gzipped_when_the_browser_accepts_it() {
    let app = spawn_app().await;
    let response = reqwest::Client::new()
        .get(app.url("/lessons/the-redis-pubsub-bridge"))
        .header("accept-encoding", "gzip")
        .send()
        .await
        .unwrap();
    assert_eq!(response.headers()["content-encoding"], "gzip");
    let on_the_wire = response.bytes().await.unwrap().len();
    assert!(on_the_wire < 60_000, "lesson 7 is {on_the_wire} bytes on the wire");
}

#[tokio::test]
async fn a_static_file_goes_as_the_build_compressed_it_and_says_it_varies() {
    let site = tempfile::tempdir().unwrap();
    std::fs::create_dir(site.path().join("pkg")).unwrap();
    std::fs::write(site.path().join("pkg/app.wasm"), b"the bundle itself").unwrap();
    std::fs::write(site.path().join("pkg/app.wasm.br"), b"as brotli").unwrap();
    std::fs::write(site.path().join("pkg/app.wasm.gz"), b"as gzip").unwrap();
    let root = site.path().to_path_buf();
    let app = common::spawn_app_with(move |settings| settings.site_root = root).await;
    let client = reqwest::Client::new();
    for (accepted, encoding, body) in [
        ("gzip, deflate, br, zstd", Some("br"), "as brotli"),
        ("gzip", Some("gzip"), "as gzip"),
        ("identity", None, "the bundle itself"),
    ] {
        let response = client.get(app.url("/pkg/app.wasm")).header("accept-encoding", accepted).send().await.unwrap();
        assert_eq!(response.status(), 200, "{accepted}");
        let headers = response.headers().clone();
        assert_eq!(headers.get("content-encoding").map(|v| v.to_str().unwrap()), encoding, "{accepted}");
        assert!(
            headers.get_all("vary").iter().any(|v| v.to_str().unwrap().to_lowercase().contains("accept-encoding")),
            "{accepted}: {headers:?}"
        );
        assert_eq!(response.bytes().await.unwrap(), body.as_bytes(), "{accepted}");
    }
}

/// A release build names the bundle's files by their hashes (`hash.txt` in the site's root says
/// which): pages name those files, a browser keeps a year each one whose name holds the hash of
/// what it holds, and asks again for any other (cargo-leptos rewrites the main script after
/// naming it), with a 304 when it has not changed.
#[tokio::test]
async fn hashed_files_are_named_by_the_pages_and_kept_a_year_and_the_others_are_revalidated() {
    use streamlab::server::static_files::content_hash;
    const REWRITTEN: &str = "eYd2kM0vQ4LhZxP3r9sT1w";
    let wasm = content_hash(b"the bundle");
    let site = tempfile::tempdir().unwrap();
    let pkg = site.path().join("pkg");
    std::fs::create_dir(&pkg).unwrap();
    std::fs::write(pkg.join(format!("streamlab.{wasm}.wasm")), b"the bundle").unwrap();
    for name in [format!("streamlab.{REWRITTEN}.js"), format!("streamlab.{REWRITTEN}.css")] {
        std::fs::write(pkg.join(name), b"not what its name says").unwrap();
    }
    std::fs::write(site.path().join("hash.txt"), format!("js: {REWRITTEN}\nwasm: {wasm}\ncss: {REWRITTEN}\n")).unwrap();
    let root = site.path().to_path_buf();
    let app = common::spawn_app_with(move |settings| settings.site_root = root).await;
    let client = reqwest::Client::new();

    let page = client.get(app.url("/")).send().await.unwrap().text().await.unwrap();
    for file in [
        format!("/pkg/streamlab.{REWRITTEN}.js"),
        format!("/pkg/streamlab.{wasm}.wasm"),
        format!("/pkg/streamlab.{REWRITTEN}.css"),
    ] {
        assert!(page.contains(&file), "the page names {file}");
    }
    assert!(!page.contains("/pkg/streamlab.css") && !page.contains("/pkg/streamlab.js"), "no unhashed name");

    let hashed = client.get(app.url(&format!("/pkg/streamlab.{wasm}.wasm"))).send().await.unwrap();
    assert_eq!(hashed.status(), 200);
    assert_eq!(hashed.headers()["cache-control"], "public, max-age=31536000, immutable");

    let rewritten = client.get(app.url(&format!("/pkg/streamlab.{REWRITTEN}.js"))).send().await.unwrap();
    assert_eq!(rewritten.status(), 200);
    assert_eq!(rewritten.headers()["cache-control"], "no-cache", "its name is not its content's hash");
    let modified = rewritten.headers()["last-modified"].clone();
    let again = client
        .get(app.url(&format!("/pkg/streamlab.{REWRITTEN}.js")))
        .header("if-modified-since", modified)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 304, "a revalidation of an unchanged file");

    let missing = client.get(app.url("/pkg/gone.wasm")).send().await.unwrap();
    assert_eq!(missing.status(), 404);
    assert!(missing.headers().get("cache-control").is_none(), "a missing file is not kept");
}

#[tokio::test]
async fn a_broken_lessons_diagnostics_are_for_instructors_not_for_anyone() {
    let lessons = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(crate::common::repo_path("lessons")).unwrap().flatten() {
        if entry.path().is_file() {
            std::fs::copy(entry.path(), lessons.path().join(entry.file_name())).unwrap();
        }
    }
    std::fs::write(lessons.path().join("99-half-written.md"), "+++\ntitle = \"Half\nno end of the front matter\n")
        .unwrap();
    let dir = lessons.path().to_path_buf();
    let app = crate::common::spawn_app_with(move |s| s.lessons_dir = dir).await;
    let visitor = reqwest::get(app.url("/lessons/half-written")).await.unwrap();
    assert_eq!(visitor.status(), 500);
    let page = visitor.text().await.unwrap();
    assert!(page.contains("This lesson has problems") && page.contains("its authors can see why"), "{page}");
    assert!(!page.contains("99-half-written.md"), "no file, line or path for a visitor");

    let teacher = crate::common::learners::signed_up(&app, "teacher").await;
    let db = app.database().await;
    streamlab::server::admin::set_instructor(&db, "teacher", true).await.unwrap();
    let page = teacher.get(app.url("/lessons/half-written")).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("99-half-written.md"), "an instructor reads the diagnostics: {page}");
    db.close().await;
}

/// Leptos turns resource loading off for the whole process while it lists an app's routes, and a
/// resource first polled in that moment never loads: a page rendered in one app while another app
/// in the same process started hung until its client gave up (twice in CI). Pages rendered while
/// routes are listed beside them, as every app start lists them, must all answer.
#[tokio::test]
async fn pages_rendered_while_other_apps_list_their_routes_all_answer() {
    use std::sync::atomic::{AtomicBool, Ordering};
    let app = spawn_app().await;
    let listing = std::sync::Arc::new(AtomicBool::new(true));
    let lister = {
        let listing = listing.clone();
        std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
            let _entered = runtime.enter();
            while listing.load(Ordering::Relaxed) {
                streamlab::pages::route_list();
            }
        })
    };
    let client = reqwest::Client::builder().timeout(Duration::from_secs(30)).build().unwrap();
    let mut pages = tokio::task::JoinSet::new();
    for round in 0..60 {
        let url = app.url(if round % 2 == 0 { "/" } else { "/lessons/redis-pubsub-on-the-wire" });
        let client = client.clone();
        pages.spawn(async move { client.get(&url).send().await.map(|r| r.status().as_u16()).map_err(|e| (url, e)) });
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let answers = pages.join_all().await;
    listing.store(false, Ordering::Relaxed);
    lister.join().unwrap();
    let hung: Vec<_> = answers.iter().filter_map(|a| a.as_ref().err()).map(|(url, e)| format!("{url}: {e}")).collect();
    assert!(hung.is_empty(), "pages that never answered: {hung:#?}");
    assert!(answers.iter().all(|a| matches!(a, Ok(200))), "{answers:?}");
}
