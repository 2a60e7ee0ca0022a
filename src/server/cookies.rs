//! The few cookies the site sets itself (the node's name, the reader's language), read from a
//! request's `Cookie` headers and written as `Set-Cookie` with the site's attributes.

use axum::http::{HeaderMap, HeaderValue, header};

/// The value of the cookie `name` in a request's headers.
pub fn value<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find_map(|(key, value)| (key == name).then_some(value))
}

/// A cookie for the whole site that lasts `max_age_secs`, sent only over HTTPS when the site is
/// served so, and never to another site's requests (`SameSite=Lax`).
pub fn set(headers: &mut HeaderMap, name: &str, value: &str, max_age_secs: u64, https: bool) {
    let secure = if https { "; Secure" } else { "" };
    let cookie = format!("{name}={value}; Path=/; Max-Age={max_age_secs}; HttpOnly; SameSite=Lax{secure}");
    if let Ok(value) = HeaderValue::from_str(&cookie) {
        headers.append(header::SET_COOKIE, value);
    }
}
