//! The site in two languages over real HTTP: Korean pages under `/ko/`, `/` choosing once by
//! `Accept-Language` and then by the kept choice, the switcher keeping the page, and a lesson
//! with no translation served in English with a note.

use crate::common;

use common::{spawn_app, spawn_app_with};
use reqwest::header::{ACCEPT_LANGUAGE, COOKIE, LOCATION, SET_COOKIE};
use reqwest::redirect::Policy;

fn client() -> reqwest::Client {
    reqwest::Client::builder().redirect(Policy::none()).build().unwrap()
}

async fn page(url: &str) -> (u16, String) {
    let response = reqwest::get(url).await.expect("request");
    (response.status().as_u16(), response.text().await.expect("body"))
}

#[tokio::test]
async fn a_korean_lesson_page_is_korean_and_names_its_english_twin() {
    let app = spawn_app().await;
    let (status, body) = page(&app.url("/ko/lessons/the-redis-pubsub-bridge")).await;
    assert_eq!(status, 200);
    assert!(body.contains(r#"<html lang="ko""#), "the document's language");
    assert!(body.contains("<h1>Redis Pub/Sub 브리지</h1>"), "the translated title");
    assert!(body.contains("레슨 7 / 07"), "the page's own words in Korean");
    assert!(body.contains(r#"id="a-relay-that-outlives-redis""#), "the English heading ids");
    assert!(body.contains("Redis 중지"), "check hints in Korean");
    assert!(body.contains(r#"href="/ko/lessons/when-redis-blinks""#), "links stay in the language");
    for (lang, href) in [
        ("en", "/lessons/the-redis-pubsub-bridge"),
        ("ko", "/ko/lessons/the-redis-pubsub-bridge"),
        ("x-default", "/lessons/the-redis-pubsub-bridge"),
    ] {
        assert!(
            body.contains(&format!(r#"<link href="{href}" hreflang="{lang}" rel="alternate">"#)),
            "{lang} alternate"
        );
    }
    assert_eq!(body.matches(r#"href="/lessons/"#).count(), 2, "no link but the alternates leads to English pages");
    let (_, english) = page(&app.url("/lessons/the-redis-pubsub-bridge")).await;
    assert!(english.contains(r#"<html lang="en""#) && english.contains("<h1>The Redis Pub/Sub bridge</h1>"));
    let (status, home) = page(&app.url("/ko/")).await;
    assert_eq!(status, 200);
    assert!(home.contains("Redis Pub/Sub 브리지") && home.contains(r#"href="/ko/lessons/push-not-poll""#));
    assert_eq!(page(&app.url("/ko")).await.0, 200, "the Korean home without its slash");
    let (status, missing) = page(&app.url("/ko/lessons/no-such-lesson")).await;
    assert_eq!(status, 404);
    assert!(missing.contains("페이지를 찾을 수 없어요"));
}

#[tokio::test]
async fn the_home_page_asks_the_browser_once_then_keeps_the_choice() {
    let app = spawn_app().await;
    let korean = client().get(app.url("/")).header(ACCEPT_LANGUAGE, "ko-KR,ko;q=0.9,en;q=0.8").send().await.unwrap();
    assert!(korean.status().is_redirection());
    assert_eq!(korean.headers()[LOCATION], "/ko/");
    let cookie = korean.headers()[SET_COOKIE].to_str().unwrap();
    assert!(cookie.starts_with("lang=ko;") && cookie.contains("SameSite=Lax"), "{cookie}");

    // Kept: a Korean reader who chose English stays in English at `/`.
    let english = client()
        .get(app.url("/"))
        .header(ACCEPT_LANGUAGE, "ko-KR,ko;q=0.9")
        .header(COOKIE, "lang=en")
        .send()
        .await
        .unwrap();
    assert_eq!(english.status(), 200);
    assert!(english.headers().get(SET_COOKIE).is_none_or(|c| !c.to_str().unwrap().starts_with("lang=")));
    let kept = client().get(app.url("/")).header(COOKIE, "lang=ko").send().await.unwrap();
    assert_eq!(kept.headers()[LOCATION], "/ko/");

    let first_english = client().get(app.url("/")).header(ACCEPT_LANGUAGE, "en-US,en;q=0.9").send().await.unwrap();
    assert_eq!(first_english.status(), 200);
    assert!(first_english.text().await.unwrap().contains(r#"<html lang="en""#));
}

#[tokio::test]
async fn the_switcher_keeps_the_page_and_the_choice() {
    let app = spawn_app().await;
    let (_, body) = page(&app.url("/lessons/horizontal-scaling")).await;
    assert!(body.contains(r#"href="/language/ko?to=/lessons/horizontal-scaling""#), "the switcher's link");
    let to_english =
        client().get(app.url("/language/en?to=/ko/lessons/horizontal-scaling%3Freply%3D3")).send().await.unwrap();
    assert_eq!(to_english.headers()[LOCATION], "/lessons/horizontal-scaling?reply=3");
    assert!(to_english.headers()[SET_COOKIE].to_str().unwrap().starts_with("lang=en;"));
    let to_korean = client().get(app.url("/language/ko?to=/lessons/horizontal-scaling")).send().await.unwrap();
    assert_eq!(to_korean.headers()[LOCATION], "/ko/lessons/horizontal-scaling");
    let elsewhere = client().get(app.url("/language/ko?to=//evil.example/")).send().await.unwrap();
    assert_eq!(elsewhere.headers()[LOCATION], "/ko/", "only this site's pages");
    assert_eq!(client().get(app.url("/language/fr?to=/")).send().await.unwrap().status(), 404);
}

#[tokio::test]
async fn a_lesson_without_a_translation_is_served_in_english_with_a_note_in_korean() {
    let lessons = tempfile::tempdir().unwrap();
    let lesson = "+++\ntitle = \"Only English\"\norder = 1\nstatus = \"published\"\n+++\n## Why {#why}\n\nText.\n";
    std::fs::write(lessons.path().join("01-only-english.md"), lesson).unwrap();
    let dir = lessons.path().to_path_buf();
    let app = spawn_app_with(move |settings| settings.lessons_dir = dir).await;
    let (status, body) = page(&app.url("/ko/lessons/only-english")).await;
    assert_eq!(status, 200);
    assert!(body.contains(r#"<h1 lang="en">Only English</h1>"#));
    assert!(body.contains("이 레슨은 아직 한국어로 번역되지 않아서 영어로 보여 드려요."), "the note");
    assert!(body.contains(r#"<div lang="en" class="lesson-body">"#), "the English text is marked English");
}

#[tokio::test]
async fn a_saved_translation_is_served_at_once_by_a_watching_server() {
    let lessons = tempfile::tempdir().unwrap();
    let lesson = "+++\ntitle = \"Watched\"\norder = 1\nstatus = \"published\"\n+++\n## Why {#why}\n\nText.\n";
    std::fs::write(lessons.path().join("01-watched.md"), lesson).unwrap();
    std::fs::create_dir(lessons.path().join("ko")).unwrap();
    let translation = |body: &str| format!("+++\ntitle = \"지켜보는 레슨\"\n+++\n## 왜 {{#why}}\n\n{body}\n");
    let at = lessons.path().join("ko/01-watched.md");
    std::fs::write(&at, translation("처음 글이에요.")).unwrap();
    let dir = lessons.path().to_path_buf();
    let app = spawn_app_with(move |settings| {
        settings.lessons_dir = dir;
        settings.watch_lessons = true;
    })
    .await;
    let (_, before) = page(&app.url("/ko/lessons/watched")).await;
    assert!(before.contains("처음 글이에요."), "{before}");
    std::fs::write(&at, translation("방금 저장했어요.")).unwrap();
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(20);
    loop {
        let (_, after) = page(&app.url("/ko/lessons/watched")).await;
        if after.contains("방금 저장했어요.") {
            break;
        }
        assert!(tokio::time::Instant::now() < deadline, "the saved translation is not served: {after}");
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn a_form_posted_from_a_korean_page_comes_back_to_a_korean_page() {
    let app = spawn_app().await;
    let http = common::learners::browser();
    let refused = |referer: String| {
        http.post(app.url("/account/signin"))
            .header(reqwest::header::REFERER, referer)
            .form(&[("username", "nobody"), ("password", "wrong password")])
            .send()
    };
    let korean = refused(app.url("/ko/signin?next=/ko/lessons/push-not-poll")).await.unwrap();
    let location = korean.headers()[LOCATION].to_str().unwrap();
    assert!(location.starts_with("/ko/signin?error="), "{location}");
    let english = refused(app.url("/signin")).await.unwrap();
    assert!(english.headers()[LOCATION].to_str().unwrap().starts_with("/signin?error="));
    // The switcher's own redirect is never turned back into the page's language.
    let switched = client()
        .get(app.url("/language/en?to=/ko/"))
        .header(reqwest::header::REFERER, app.url("/ko/"))
        .send()
        .await
        .unwrap();
    assert_eq!(switched.headers()[LOCATION], "/");
}
