//! Every URL the site serves or links to, in one place: a rename is one edit here.

/// The course's home: the list of published lessons.
pub const HOME: &str = "/";
/// Liveness and readiness probe (plain JSON, no page).
pub const HEALTHZ: &str = "/healthz";
/// Prometheus metrics of this node (not passed on by the proxy).
pub const METRICS: &str = "/metrics";

/// Where server functions are called (their paths start here; so does the sandbox API's).
pub const SERVER_FNS: &str = "/api/";

/// The page's one live stream (server-sent events): `?lesson=SLUG`.
pub const LIVE: &str = "/api/live";

/// Development mode only: server-sent events announcing lesson file changes.
pub const DEV_LESSON_CHANGES: &str = "/dev/lessons/changes";

/// The page of one lesson.
pub fn lesson(slug: &str) -> String {
    format!("/lessons/{slug}")
}

/// A sandbox chat server's WebSocket endpoint (`server` is "a" or "b").
pub fn sandbox_ws(sandbox_id: &str, server: &str) -> String {
    format!("/sandbox/{sandbox_id}/servers/{server}/ws")
}

/// A sandbox's event log (JSON); `/stream` after it is the live stream.
pub fn sandbox_events(sandbox_id: &str) -> String {
    format!("/api/sandboxes/{sandbox_id}/events")
}

/// A sandbox's Redis console: a WebSocket of its own, one command per text frame.
pub fn sandbox_console(sandbox_id: &str) -> String {
    format!("/sandbox/{sandbox_id}/console")
}

/// Every achievement of the track, locked or unlocked.
pub const ACHIEVEMENTS: &str = "/achievements";

/// The account pages (forms) and where their forms post.
pub const SIGN_UP: &str = "/signup";
pub const SIGN_IN: &str = "/signin";
pub const ACCOUNT: &str = "/account";
pub const RESET_PASSWORD: &str = "/reset-password";
pub const POST_SIGN_UP: &str = "/account/signup";
pub const POST_SIGN_IN: &str = "/account/signin";
pub const POST_SIGN_OUT: &str = "/account/signout";
pub const POST_DELETE_ACCOUNT: &str = "/account/delete";
pub const POST_RESET_PASSWORD: &str = "/account/reset-password";
/// Replies to the learner's comments; one of them, opened (marked read, then the reply).
pub const NOTIFICATIONS: &str = "/notifications";
pub fn notification(id: i64) -> String {
    format!("/notifications/{id}")
}

/// "Report a problem" with a lesson: its form.
pub fn report(slug: &str) -> String {
    format!("/lessons/{slug}/report")
}
/// Problem reports and where learners get stuck, for instructors.
pub const REPORTS: &str = "/reports";

/// The learner's progress as a JSON download.
pub const YOUR_DATA: &str = "/account/data.json";

/// The language switcher's link: keeps the choice of language `code` and shows `page` (a path
/// of this site, with its query) in it.
pub fn switch_language(code: &str, page: &str) -> String {
    format!("/language/{code}?to={}", query_value(page))
}
pub const SWITCH_LANGUAGE: &str = "/language/{code}";

/// A text as one value of a query string: every byte but the unreserved ones and `/` escaped.
pub fn query_value(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// A page to go back to after a form: a path of this site only. Anything else (`//elsewhere`,
/// a backslash, a tab or newline that browsers drop, a scheme) sends the learner home instead.
pub fn local_path_or_home(next: &str) -> &str {
    let path_character = |c: char| c.is_ascii_alphanumeric() || "/-._~%?=&+:@!$'()*,;#".contains(c);
    let local = next.starts_with('/') && !next.starts_with("//") && next.chars().all(path_character);
    if local { next } else { HOME }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_switchers_link_carries_the_page_as_one_query_value() {
        assert_eq!(switch_language("ko", "/lessons/x?reply=3&a=b"), "/language/ko?to=/lessons/x%3Freply%3D3%26a%3Db");
        assert_eq!(query_value("/ko/레"), "/ko/%EB%A0%88");
    }

    #[test]
    fn only_paths_of_this_site_are_followed_after_a_form() {
        for (next, expected) in [
            ("/lessons/push-not-poll", "/lessons/push-not-poll"),
            ("/account?password=changed", "/account?password=changed"),
            ("https://evil.example/", HOME),
            ("//evil.example/", HOME),
            ("/\\evil.example/", HOME),
            ("/\t/evil.example/", HOME),
            ("/\r\nSet-Cookie: x", HOME),
            ("javascript:alert(1)", HOME),
            ("", HOME),
        ] {
            assert_eq!(local_path_or_home(next), expected, "{next:?}");
        }
    }
}
