//! The account forms against what an attacker sends them: fields of any length (bounded before
//! anything is done with them, never echoed back), guesses at someone's password from one
//! address (which must not keep the owner out) or from many (which meet a ceiling), and sign-ups
//! that would tell which e-mail addresses have accounts.

use crate::common::learners::{PASSWORD, browser, signed_up};
use crate::common::{TestApp, spawn_app, spawn_app_with};

async fn post_from(
    app: &TestApp,
    http: &reqwest::Client,
    path: &str,
    from: &str,
    form: &[(&str, &str)],
) -> (u16, String) {
    let response = http.post(app.url(path)).header("x-forwarded-for", from).form(form).send().await.unwrap();
    let location = response.headers().get("location").map(|l| l.to_str().unwrap().to_string()).unwrap_or_default();
    (response.status().as_u16(), location)
}

async fn behind_a_proxy() -> TestApp {
    spawn_app_with(|s| s.trusted_proxy_header = Some("X-Forwarded-For".into())).await
}

#[tokio::test]
async fn a_login_of_a_mebibyte_is_refused_first_and_never_echoed() {
    let app = spawn_app().await;
    let http = browser();
    let huge = "x".repeat(1024 * 1024);
    let response = http
        .post(app.url("/account/signin"))
        .form(&[("username", huge.as_str()), ("password", "p")])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 413, "a body past 16 KiB is not read");
    let long = "x".repeat(4 * 1024);
    for path in ["/account/signin", "/account/signup"] {
        let (status, location) =
            post_from(&app, &http, path, "", &[("username", long.as_str()), ("password", PASSWORD)]).await;
        assert_eq!(status, 303);
        assert!(location.ends_with("?error=too_long"), "{path}: {location}");
    }
    let (_, location) =
        post_from(&app, &http, "/account/reset-password", "", &[("token", long.as_str()), ("password", PASSWORD)])
            .await;
    assert_eq!(location, "/reset-password?error=too_long");
}

#[tokio::test]
async fn someone_guessing_from_their_address_does_not_keep_the_owner_out() {
    let app = behind_a_proxy().await;
    signed_up(&app, "gwen").await;
    let attacker = browser();
    let guess = [("username", "gwen"), ("password", "guess guess")];
    let mut location = String::new();
    for _ in 0..9 {
        (_, location) = post_from(&app, &attacker, "/account/signin", "203.0.113.9", &guess).await;
    }
    assert!(location.contains("error=slow_down_account"), "the guesser is slowed down: {location}");
    let (_, location) =
        post_from(&app, &browser(), "/account/signin", "198.51.100.7", &[("username", "gwen"), ("password", PASSWORD)])
            .await;
    assert_eq!(location, "/", "the owner, from their own address, signs in");
}

#[tokio::test]
async fn guesses_spread_over_many_addresses_meet_the_accounts_ceiling() {
    let app = behind_a_proxy().await;
    signed_up(&app, "hugo").await;
    let mut slowed_after = None;
    let started = std::time::Instant::now();
    for n in 0..60 {
        let from = format!("203.0.113.{n}");
        let (_, location) =
            post_from(&app, &browser(), "/account/signin", &from, &[("username", "hugo"), ("password", "guess guess")])
                .await;
        if location.contains("error=slow_down_account") {
            slowed_after = Some(n);
            break;
        }
    }
    // Fifty, and one more for every 5 s the guessing took: each guess is a password hash, and a
    // busy machine may take longer than 5 s for fifty (the throttle's unit test counts exactly).
    let trickle = started.elapsed().as_secs() as usize / 5;
    let slowed_after = slowed_after.expect("the guesses were slowed down");
    assert!(
        (50..=50 + trickle).contains(&slowed_after),
        "fifty guesses, then one every 5 s: slowed after {slowed_after}, {trickle} trickled in"
    );
}

#[tokio::test]
async fn sign_up_never_says_which_e_mail_addresses_have_accounts_and_is_counted_per_address() {
    let app = behind_a_proxy().await;
    signed_up(&app, "iris").await;
    let db = app.database().await;
    sqlx::query(
        "UPDATE accounts SET email = 'iris@example.org', email_key = 'iris@example.org' WHERE username = 'iris'",
    )
    .execute(&db)
    .await
    .unwrap();
    let form = [("username", "iris2"), ("email", "iris@example.org"), ("password", PASSWORD)];
    let (_, location) = post_from(&app, &browser(), "/account/signup", "198.51.100.1", &form).await;
    assert_eq!(location, "/", "an e-mail sent along is not asked for, so never judged");
    let page = browser().get(app.url("/signup")).send().await.unwrap().text().await.unwrap();
    assert!(!page.contains("mail\""), "the form has no e-mail field");
    // From one address, a classroom's worth of accounts, then one every few seconds.
    let mut refused = None;
    for n in 0..40 {
        let name = format!("pupil{n}");
        let (_, location) = post_from(
            &app,
            &browser(),
            "/account/signup",
            "198.51.100.2",
            &[("username", name.as_str()), ("password", PASSWORD)],
        )
        .await;
        if location.contains("error=slow_down_address") {
            refused = Some(n);
            break;
        }
    }
    assert_eq!(refused, Some(30));
    db.close().await;
}
