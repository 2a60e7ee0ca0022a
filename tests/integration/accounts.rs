//! Accounts over real HTTP: sign up, sign in, sign out, the merge of anonymous progress, refusals
//! (wrong password, short password, taken name, another site's form, too many attempts), reset
//! links, the data download and deleting an account. The forms are plain posts answered with
//! redirects, as a browser without JavaScript sends them.

use crate::common;

use leptos::server_fn::ServerFn;
use reqwest::redirect::Policy;
use streamlab::ui::progress::server_fns::MarkLessonRead;

use common::{TestApp, spawn_app};

const PASSWORD: &str = "correct horse battery";

/// A browser: keeps its cookies, does not follow redirects (the tests read where they point).
fn browser() -> reqwest::Client {
    reqwest::Client::builder().cookie_store(true).redirect(Policy::none()).build().unwrap()
}

/// Posts a form; returns the status and where it redirects.
async fn post_form(app: &TestApp, http: &reqwest::Client, path: &str, form: &[(&str, &str)]) -> (u16, String) {
    let response = http.post(app.url(path)).form(form).send().await.unwrap();
    let location = response.headers().get("location").map(|l| l.to_str().unwrap().to_string()).unwrap_or_default();
    (response.status().as_u16(), location)
}

async fn sign_up(app: &TestApp, http: &reqwest::Client, username: &str, password: &str) -> (u16, String) {
    post_form(app, http, "/account/signup", &[("username", username), ("password", password)]).await
}

async fn sign_in(app: &TestApp, http: &reqwest::Client, username: &str, password: &str) -> (u16, String) {
    post_form(app, http, "/account/signin", &[("username", username), ("password", password)]).await
}

async fn mark_read(app: &TestApp, http: &reqwest::Client, slug: &str) {
    let response = http
        .post(app.url(MarkLessonRead::url()))
        .header("accept", "application/json")
        .form(&[("slug", slug)])
        .send()
        .await
        .unwrap();
    assert!(response.status().is_success(), "mark as read: {}", response.status());
}

/// The level bar as the server renders it on the course index.
async fn level_bar(app: &TestApp, http: &reqwest::Client) -> String {
    let page = http.get(app.url("/")).send().await.unwrap().text().await.unwrap();
    let start = page.find("class=\"level-bar\"").expect("the level bar");
    let end = start + page[start..].find("</section>").unwrap();
    page[start..end].to_string()
}

async fn sql<T: Send + Unpin + for<'r> sqlx::FromRow<'r, sqlx::any::AnyRow>>(app: &TestApp, query: &str) -> Vec<T> {
    let pool = app.database().await;
    let rows = sqlx::query_as(query).fetch_all(&pool).await.unwrap();
    pool.close().await;
    rows
}

fn session_cookie(response: &reqwest::Response) -> Option<String> {
    response.cookies().find(|c| c.name() == "id").map(|c| c.value().to_string())
}

#[tokio::test]
async fn a_learner_signs_up_keeping_what_they_earned_signs_out_and_signs_in_again() {
    let app = spawn_app().await;
    let http = browser();
    mark_read(&app, &http, "push-not-poll").await;
    assert!(level_bar(&app, &http).await.contains("10 XP"));
    assert!(level_bar(&app, &http).await.contains("Progress is local-only"));

    assert_eq!(
        sign_up(&app, &http, "ada", "short").await,
        (303, "/signup?error=password_too_short&username=ada".into())
    );
    assert_eq!(sign_up(&app, &http, "ada", PASSWORD).await, (303, "/".into()));
    let bar = level_bar(&app, &http).await;
    assert!(bar.contains("10 XP") && bar.contains("Signed in as"), "{bar}");

    // The name is taken, whatever its case, from another browser.
    let other = browser();
    assert_eq!(sign_up(&app, &other, "ADA", PASSWORD).await.1, "/signup?error=username_taken&username=ADA");

    assert_eq!(post_form(&app, &http, "/account/signout", &[]).await, (303, "/".into()));
    let bar = level_bar(&app, &http).await;
    assert!(bar.contains("0 XP") && bar.contains("Progress is local-only"), "signed out: {bar}");

    let fresh = browser();
    assert_eq!(sign_in(&app, &fresh, "ada", "wrong password!").await.1, "/signin?error=wrong_password&username=ada");
    assert_eq!(sign_in(&app, &fresh, "nobody", PASSWORD).await.1, "/signin?error=wrong_password&username=nobody");
    assert_eq!(sign_in(&app, &fresh, "Ada", PASSWORD).await, (303, "/".into()));
    let bar = level_bar(&app, &fresh).await;
    assert!(bar.contains("10 XP") && bar.contains("Signed in as"), "another browser sees the same: {bar}");
}

#[tokio::test]
async fn signing_in_merges_the_anonymous_learners_progress_each_award_once_and_changes_the_session_id() {
    let app = spawn_app().await;
    let first = browser();
    mark_read(&app, &first, "push-not-poll").await;
    sign_up(&app, &first, "grace", PASSWORD).await;

    // Another browser read lesson 1 too (an overlap) and lesson 2, without an account.
    let second = browser();
    mark_read(&app, &second, "push-not-poll").await;
    mark_read(&app, &second, "horizontal-scaling").await;
    let response = second
        .post(app.url("/account/signin"))
        .form(&[("username", "grace"), ("password", PASSWORD), ("next", "/lessons/horizontal-scaling")])
        .send()
        .await
        .unwrap();
    assert_eq!(response.headers()["location"], "/lessons/horizontal-scaling", "back where they were");
    assert!(session_cookie(&response).is_some(), "signing in sets a new session id");
    let bar = level_bar(&app, &second).await;
    assert!(bar.contains("20 XP"), "read:push-not-poll counted once, read:horizontal-scaling added: {bar}");
    let owners: Vec<(String, i64)> = sql(&app, "SELECT owner, COUNT(*) FROM xp_awards GROUP BY owner").await;
    assert_eq!(owners.len(), 1, "nothing left under the anonymous id: {owners:?}");
    assert_eq!(owners[0].1, 2);
}

#[tokio::test]
async fn another_sites_form_cannot_sign_in_or_up() {
    let app = spawn_app().await;
    let http = browser();
    for path in ["/account/signup", "/account/signin", "/account/signout", "/account/delete"] {
        let response = http
            .post(app.url(path))
            .header("origin", "http://evil.example")
            .form(&[("username", "mallory"), ("password", PASSWORD)])
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 403, "{path}");
    }
    let accounts: Vec<(i64,)> = sql(&app, "SELECT COUNT(*) FROM accounts").await;
    assert_eq!(accounts[0].0, 0);
}

#[tokio::test]
async fn repeated_failed_sign_ins_are_slowed_down_with_a_wait_in_words() {
    let app = spawn_app().await;
    sign_up(&app, &browser(), "alan", PASSWORD).await;
    let http = browser();
    // Five tries, as a learner who mistypes gets; then one every 20 seconds.
    for _ in 0..5 {
        assert_eq!(
            sign_in(&app, &http, "alan", "not the password").await.1,
            "/signin?error=wrong_password&username=alan"
        );
    }
    let (_, location) = sign_in(&app, &http, "alan", "not the password").await;
    assert!(location.starts_with("/signin?error=slow_down_account&wait="), "{location}");
    let (_, location) = sign_in(&app, &http, "ALAN", PASSWORD).await;
    assert!(location.starts_with("/signin?error=slow_down_account"), "even the right password waits: {location}");
    let page = http.get(app.url(&location)).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("Too many sign-in attempts for this account: wait"), "said in words on the page");
}

#[tokio::test]
async fn an_accounts_username_and_email_share_one_count_of_attempts() {
    let app = spawn_app().await;
    sign_up(&app, &browser(), "joan", PASSWORD).await;
    // Sign-up asks for no e-mail; an account made before it did may have one.
    let db = app.database().await;
    sqlx::query(
        "UPDATE accounts SET email = 'joan@example.org', email_key = 'joan@example.org' WHERE username = 'joan'",
    )
    .execute(&db)
    .await
    .unwrap();
    let http = browser();
    for login in ["joan", "JOAN@example.org", "joan", "joan@example.org", "Joan"] {
        assert!(sign_in(&app, &http, login, "nope nope nope").await.1.contains("error=wrong_password"), "{login}");
    }
    let (_, location) = sign_in(&app, &http, "joan@example.org", "nope nope nope").await;
    assert!(location.contains("error=slow_down_account"), "{location}");
}

#[tokio::test]
async fn after_a_form_only_pages_of_this_site_are_visited() {
    let app = spawn_app().await;
    let nexts = ["https://evil.example/", "//evil.example/x", "/\t/evil.example/", "/lessons/push-not-poll"];
    for (i, next) in nexts.into_iter().enumerate() {
        let name = format!("learner{i}");
        let (_, location) = post_form(
            &app,
            &browser(),
            "/account/signup",
            &[("username", &name), ("password", PASSWORD), ("next", next)],
        )
        .await;
        let expected = if next.starts_with("/lessons") { next } else { "/" };
        assert_eq!(location, expected);
    }
}

#[tokio::test]
async fn a_reset_link_sets_a_new_password_once_signs_the_learner_in_and_ends_older_sessions() {
    let app = spawn_app().await;
    let taken = browser();
    sign_up(&app, &taken, "barbara", PASSWORD).await;
    assert!(level_bar(&app, &taken).await.contains("Signed in as"));
    let created = taken
        .post(app.url("/api/sandboxes"))
        .json(&serde_json::json!({ "lesson": "push-not-poll" }))
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), 201);
    let db = app.database().await;
    let link = streamlab::server::admin::reset_link(&db, &app.url(""), "barbara").await.unwrap();
    assert!(streamlab::server::admin::reset_link(&db, "x", "nobody").await.is_err());
    let token = link.split("token=").nth(1).unwrap().to_string();
    // The link printed is the latest; make it the one used.
    let link = streamlab::server::admin::reset_link(&db, &app.url(""), "barbara").await.unwrap();
    let token_now = link.split("token=").nth(1).unwrap();
    assert_ne!(token, token_now);

    let http = browser();
    let form = [("token", token_now), ("password", "a brand new secret")];
    assert_eq!(post_form(&app, &http, "/account/reset-password", &form).await.1, "/account?password=changed");
    assert!(level_bar(&app, &http).await.contains("Signed in as"));
    let listed: serde_json::Value = taken.get(app.url("/api/sandboxes")).send().await.unwrap().json().await.unwrap();
    assert_eq!(listed.as_array().map(Vec::len), Some(0), "the older session no longer opens the account's sandboxes");
    assert!(
        level_bar(&app, &taken).await.contains("Progress is local-only"),
        "the session signed in before the reset is over"
    );
    assert_eq!(
        post_form(&app, &browser(), "/account/reset-password", &form).await.1,
        "/reset-password?error=reset_link_invalid",
        "once only"
    );
    assert_eq!(sign_in(&app, &browser(), "barbara", PASSWORD).await.1, "/signin?error=wrong_password&username=barbara");
    assert_eq!(sign_in(&app, &browser(), "barbara", "a brand new secret").await.1, "/");
    db.close().await;
}

#[tokio::test]
async fn a_learner_downloads_their_data_and_deletes_their_account_with_everything_in_it() {
    let app = spawn_app().await;
    let http = browser();
    mark_read(&app, &http, "push-not-poll").await;
    sign_up(&app, &http, "hedy", PASSWORD).await;
    // An account made when sign-up still asked for an e-mail has one: the download shows it.
    let db = app.database().await;
    sqlx::query(
        "UPDATE accounts SET email = 'hedy@example.org', email_key = 'hedy@example.org' WHERE username = 'hedy'",
    )
    .execute(&db)
    .await
    .unwrap();
    let data: serde_json::Value = http.get(app.url("/account/data.json")).send().await.unwrap().json().await.unwrap();
    assert_eq!(data["account"]["username"], "hedy");
    assert_eq!(data["account"]["email"], "hedy@example.org");
    assert_eq!(data["progress"]["awards"][0]["source"], "read:push-not-poll");

    assert_eq!(
        post_form(&app, &http, "/account/delete", &[("password", "not it at all")]).await.1,
        "/account?error=wrong_password"
    );
    assert_eq!(post_form(&app, &http, "/account/delete", &[("password", PASSWORD)]).await.1, "/?deleted=1");
    let left: Vec<(i64,)> = sql(
        &app,
        "SELECT (SELECT COUNT(*) FROM accounts) + (SELECT COUNT(*) FROM xp_awards) + (SELECT COUNT(*) FROM learner_facts)",
    )
    .await;
    assert_eq!(left[0].0, 0, "nothing of the account is left");
    assert!(level_bar(&app, &http).await.contains("Progress is local-only"));
    assert_eq!(sign_in(&app, &browser(), "hedy", PASSWORD).await.1, "/signin?error=wrong_password&username=hedy");
}
