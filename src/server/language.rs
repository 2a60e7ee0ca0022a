//! Which language a reader gets where the URL does not say: `/` follows the choice kept in the
//! language cookie, or, the first time, the browser's `Accept-Language` (then kept); the
//! switcher's link (`/language/{code}?to=PATH`) keeps a new choice and goes to the same page in
//! that language; a form answered by a redirect comes back in the language of the page it was
//! posted from. Everything else is in the language its URL names (`crate::i18n`).

use axum::extract::{Path, Query, Request, State};
use axum::http::{HeaderMap, Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};

use super::state::AppState;
use crate::i18n::{self, Lang};

/// A choice of language is kept for a year.
const KEPT_SECS: u64 = 365 * 24 * 3600;

/// `/` in the reader's language: Korean readers go on to `/ko/`. The first visit's pick, from
/// `Accept-Language`, is kept, so a reader who then switches is not sent back.
pub async fn pick_at_home(State(state): State<AppState>, request: Request, next: Next) -> Response {
    if request.method() != Method::GET || request.uri().path() != crate::routes::HOME {
        return next.run(request).await;
    }
    let kept = super::cookies::value(request.headers(), i18n::COOKIE).and_then(Lang::from_code);
    let lang = kept.unwrap_or_else(|| preferred(request.headers()));
    let mut response = if lang == Lang::En { next.run(request).await } else { go_to(lang.path("/")) };
    if kept.is_none() {
        super::cookies::set(response.headers_mut(), i18n::COOKIE, lang.code(), KEPT_SECS, state.site.is_https());
    }
    response
}

fn preferred(headers: &HeaderMap) -> Lang {
    headers.get(header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()).map_or(Lang::En, i18n::from_accept_language)
}

#[derive(serde::Deserialize)]
pub struct SwitchTo {
    /// The page to show in the new language, as a path of this site in any language.
    #[serde(default)]
    to: String,
}

/// The switcher: keeps the choice and shows the same page (its query too) in that language. The
/// fragment of the link (`#section`, added by the page's script) survives the redirect, as
/// browsers keep a request's fragment when the redirect names none.
pub async fn switch(
    State(state): State<AppState>,
    Path(code): Path<String>,
    Query(SwitchTo { to }): Query<SwitchTo>,
) -> Response {
    let Some(lang) = Lang::from_code(&code) else {
        return (axum::http::StatusCode::NOT_FOUND, "no such language").into_response();
    };
    let page = i18n::site_path(crate::routes::local_path_or_home(&to));
    let mut response = go_to(lang.path(page));
    super::cookies::set(response.headers_mut(), i18n::COOKIE, lang.code(), KEPT_SECS, state.site.is_https());
    response
}

/// A form posted from a Korean page (and a notification opened from one) comes back to a Korean
/// page: the redirect that answers it, written in the site's English paths by the handlers, is
/// put in the language of the page the request came from (its `Referer`).
pub async fn keep_in_redirects(request: Request, next: Next) -> Response {
    let answers_a_page = request.method() == Method::POST || request.uri().path().starts_with("/notifications/");
    let from = request.headers().get(header::REFERER).and_then(|v| v.to_str().ok()).map(path_of_url);
    let lang = from.map_or(Lang::En, Lang::of_path);
    let mut response = next.run(request).await;
    if !answers_a_page || lang == Lang::En || !response.status().is_redirection() {
        return response;
    }
    let location = response.headers().get(header::LOCATION).and_then(|v| v.to_str().ok());
    let in_lang = location
        .filter(|l| l.starts_with('/') && !l.starts_with("//") && Lang::of_path(l) == Lang::En)
        .filter(|l| !l.starts_with(crate::routes::SERVER_FNS))
        .and_then(|l| header::HeaderValue::from_str(&lang.path(l)).ok());
    if let Some(in_lang) = in_lang {
        response.headers_mut().insert(header::LOCATION, in_lang);
    }
    response
}

/// `https://host/ko/lessons/x?a=b` → `/ko/lessons/x?a=b`.
fn path_of_url(url: &str) -> &str {
    let after_scheme = url.split_once("://").map_or(url, |(_, rest)| rest);
    after_scheme.find('/').map_or("/", |slash| &after_scheme[slash..])
}

fn go_to(path: String) -> Response {
    let mut response = Redirect::to(&path).into_response();
    // The answer depends on the cookie and Accept-Language: no shared cache may keep it.
    response.headers_mut().insert(header::CACHE_CONTROL, header::HeaderValue::from_static("no-store"));
    response.headers_mut().insert(header::VARY, header::HeaderValue::from_static("Cookie, Accept-Language"));
    response
}
