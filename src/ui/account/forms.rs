//! What the account forms share: the refusal read from the address (`?error=CODE&wait=S`), the
//! fields typed before it, and the page to go back to afterwards (`?next=/lessons/…`).

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::auth::problem::AccountProblem;
use crate::i18n::{Lang, use_lang};
use crate::routes;

/// One query parameter of the page's address.
pub fn query(name: &'static str) -> Memo<String> {
    let query = use_query_map();
    Memo::new(move |_| query.with(|q| q.get(name).unwrap_or_default()))
}

/// Where the form sends the learner when it works: `?next=`, a path of this site only; the
/// home page in the page's language when it names none.
pub fn next_page() -> Memo<String> {
    let next = query("next");
    let home = use_lang().path(routes::HOME);
    Memo::new(move |_| match routes::local_path_or_home(&next.get()) {
        routes::HOME => home.clone(),
        page => page.to_string(),
    })
}

/// The refusal the form came back with, in words, announced to screen readers.
#[component]
pub fn Refusal() -> impl IntoView {
    let (error, wait) = (query("error"), query("wait"));
    let lang = use_lang();
    move || {
        AccountProblem::from_code(&error.get()).map(|problem| {
            let sentence = crate::i18n::refusals::say_account(problem, wait.get().parse().ok(), lang);
            view! { <p class="form-problem error" role="alert">{sentence}</p> }
        })
    }
}

/// The link to another account page (a site path), in the page's language, that keeps `?next=`.
pub fn with_next(lang: Lang, page: &str, next: &str) -> String {
    let page = lang.path(page);
    if next == lang.path(routes::HOME) { page } else { format!("{page}?next={next}") }
}
