//! WebSocket URLs on the page's own host and scheme (the token in the query opens them without
//! a cookie, so a proxy or another port in front of the site changes nothing).

/// `ws(s)://<this page's host><path>?k=v&…`, each value URI-encoded.
#[cfg(feature = "hydrate")]
pub fn on_this_host(path: &str, query: &[(&str, &str)]) -> String {
    let location = web_sys::window().map(|w| w.location());
    let host = location.as_ref().and_then(|l| l.host().ok()).unwrap_or_default();
    let scheme = if location.and_then(|l| l.protocol().ok()).as_deref() == Some("https:") { "wss" } else { "ws" };
    let query: Vec<String> =
        query.iter().map(|(k, v)| format!("{k}={}", String::from(js_sys::encode_uri_component(v)))).collect();
    format!("{scheme}://{host}{path}?{}", query.join("&"))
}
