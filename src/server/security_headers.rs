//! Security headers. Every response gets the fixed ones (`X-Content-Type-Options: nosniff`, a
//! `Referrer-Policy`, and a framing ban); every page gets a Content-Security-Policy built around
//! the nonce leptos_axum makes for each request, because Leptos writes inline scripts for
//! hydration and resource data on every page (a fixed hash could not cover them) and the wasm
//! bundle needs `'wasm-unsafe-eval'`.

use axum::http::{HeaderName, HeaderValue, header};
use tower_http::set_header::SetResponseHeaderLayer;

/// For responses that are not pages (JSON, files): no framing, no plugins, no base tricks.
const FALLBACK_POLICY: &str = "default-src 'self'; frame-ancestors 'none'; object-src 'none'; base-uri 'self'";

/// The policy of a page whose inline scripts carry `nonce`.
pub fn page_policy(nonce: &str, dev_reload: bool) -> String {
    // `cargo leptos watch` injects a script that listens on its own WebSocket port.
    let connect = if dev_reload { "'self' ws: wss:" } else { "'self'" };
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
         style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src {connect}; \
         object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
    )
}

/// Sets the page's policy (and its caching) on the response being rendered (call while rendering
/// the shell).
pub fn set_page_policy() {
    let Some(nonce) = leptos::nonce::use_nonce() else {
        return;
    };
    let Some(response) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() else {
        return;
    };
    let dev_reload = std::env::var_os("LEPTOS_WATCH").is_some();
    if let Ok(value) = HeaderValue::from_str(&page_policy(&nonce.to_string(), dev_reload)) {
        response.insert_header(header::CONTENT_SECURITY_POLICY, value);
    }
    // Every page is rendered for its learner (the level bar, the bell; an instructor's reports
    // and drafts): no shared cache keeps one, and the browser asks again.
    response.insert_header(header::CACHE_CONTROL, HeaderValue::from_static("private, no-cache"));
}

/// The headers every response carries; a page's own policy is kept where it set one.
pub fn fixed_headers() -> [SetResponseHeaderLayer<HeaderValue>; 4] {
    let fixed = |name: HeaderName, value: &'static str| {
        SetResponseHeaderLayer::overriding(name, HeaderValue::from_static(value))
    };
    [
        fixed(header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        fixed(header::REFERRER_POLICY, "strict-origin-when-cross-origin"),
        fixed(header::X_FRAME_OPTIONS, "DENY"),
        SetResponseHeaderLayer::if_not_present(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(FALLBACK_POLICY),
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_policy_allows_its_own_nonce_and_the_wasm_and_forbids_framing() {
        let policy = page_policy("abc123", false);
        assert!(policy.contains("script-src 'self' 'nonce-abc123' 'wasm-unsafe-eval'"));
        assert!(policy.contains("frame-ancestors 'none'"));
        assert!(!policy.contains("ws:"));
        assert!(page_policy("n", true).contains("connect-src 'self' ws: wss:"));
    }
}
