//! A learner as the tests drive the site: a browser that keeps its cookies and reads redirects
//! instead of following them, an account signed up, a server function called as the page calls
//! it with JavaScript, and the app's SQLite file opened beside it.

use super::TestApp;

pub const PASSWORD: &str = "correct horse battery";

/// A browser: keeps its cookies, does not follow redirects (the tests read where they point),
/// and gives up on an answer after a minute, so a request the app never answers fails its test
/// with the request named instead of hanging the run.
pub fn browser() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .timeout(std::time::Duration::from_secs(60))
        .build()
        .unwrap()
}

/// A browser signed in to a new account `username`.
pub async fn signed_up(app: &TestApp, username: &str) -> reqwest::Client {
    account_form(app, "/account/signup", username).await
}

/// Another browser, signed in to the existing account `username`.
pub async fn signed_in(app: &TestApp, username: &str) -> reqwest::Client {
    account_form(app, "/account/signin", username).await
}

/// A fresh browser that posted the account form at `path` for `username` and was let in.
async fn account_form(app: &TestApp, path: &str, username: &str) -> reqwest::Client {
    let http = browser();
    let response =
        http.post(app.url(path)).form(&[("username", username), ("password", PASSWORD)]).send().await.unwrap();
    assert_eq!(response.status(), 303, "{path} for {username}");
    http
}

/// Calls a server function as the page does with JavaScript: `Ok(body)` or `Err(body)`.
/// A server function called as the page calls it (fetch, JSON back): its body, or its problem
/// as `"STATUS sentence"` (a refusal travels as a key and arguments; the sentence is said here,
/// as the page says it).
pub async fn call(app: &TestApp, http: &reqwest::Client, url: &str, form: &[(&str, &str)]) -> Result<String, String> {
    let response = http.post(app.url(url)).header("accept", "application/json").form(form).send().await.unwrap();
    let status = response.status();
    let body = response.text().await.unwrap();
    if status.is_success() {
        return Ok(body);
    }
    let problem: streamlab::problem::Problem =
        serde_json::from_str(&body).unwrap_or_else(|e| panic!("a problem's body ({e}): {body}"));
    Err(format!("{} {problem}", status.as_u16()))
}
