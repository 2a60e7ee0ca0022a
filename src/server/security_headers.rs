//! Security headers. Every response gets the fixed ones (`X-Content-Type-Options: nosniff`, a
//! `Referrer-Policy`, and a framing ban); every page gets a Content-Security-Policy built around
//! a nonce made for each request (and given to Leptos to render with), because Leptos writes inline scripts for
//! hydration and resource data on every page (a fixed hash could not cover them) and the wasm
//! bundle needs `'wasm-unsafe-eval'`.

use std::sync::Arc;

use axum::extract::Request;
use axum::http::{HeaderName, HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;
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

/// The nonce of one request's page, made before the request reaches Leptos.
#[derive(Clone, Debug)]
struct PageNonce(Arc<str>);

/// Middleware: gives each request a nonce (Leptos renders the page's inline scripts with it,
/// through [`provide_page_nonce`]) and, when the answer is a page, the policy naming it.
///
/// The policy used to be written through Leptos' `ResponseOptions` while the shell rendered; on a
/// loaded machine a page now and then went out without it (the fallback policy instead), and its
/// inline scripts were blocked: a page that never hydrated. Written here, on the response itself,
/// the header cannot go missing.
pub async fn page_policy_for_pages(mut request: Request, next: Next) -> Response {
    let nonce: Arc<str> = leptos::nonce::Nonce::new().as_inner().clone();
    request.extensions_mut().insert(PageNonce(nonce.clone()));
    let mut response = next.run(request).await;
    let is_page = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|content_type| content_type.as_bytes().starts_with(b"text/html"));
    if !is_page {
        return response;
    }
    let dev_reload = std::env::var_os("LEPTOS_WATCH").is_some();
    if let Ok(value) = HeaderValue::from_str(&page_policy(&nonce, dev_reload)) {
        response.headers_mut().insert(header::CONTENT_SECURITY_POLICY, value);
    }
    // Every page is rendered for its learner (the level bar, the bell; an instructor's reports
    // and drafts): no shared cache keeps one, and the browser asks again.
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-cache"));
    response
}

/// Makes the request's nonce the one Leptos renders with (called with the request's context,
/// after leptos_axum has provided a nonce of its own, which this one replaces).
pub fn provide_page_nonce() {
    let nonce = leptos::prelude::use_context::<axum::http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<PageNonce>().cloned());
    if let Some(PageNonce(nonce)) = nonce {
        leptos::prelude::provide_context(leptos::nonce::Nonce::from_value(nonce));
    }
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
