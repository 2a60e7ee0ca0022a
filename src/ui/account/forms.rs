//! What the account forms share: the refusal read from the address (`?error=CODE&wait=S`), the
//! fields typed before it, and the page to go back to afterwards (`?next=/lessons/…`).

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::auth::problem::AccountProblem;
use crate::routes;

/// One query parameter of the page's address.
pub fn query(name: &'static str) -> Memo<String> {
    let query = use_query_map();
    Memo::new(move |_| query.with(|q| q.get(name).unwrap_or_default()))
}

/// Where the form sends the learner when it works: `?next=`, a path of this site only.
pub fn next_page() -> Memo<String> {
    let next = query("next");
    Memo::new(move |_| routes::local_path_or_home(&next.get()).to_string())
}

/// The refusal the form came back with, in words, announced to screen readers.
#[component]
pub fn Refusal() -> impl IntoView {
    let (error, wait) = (query("error"), query("wait"));
    move || {
        AccountProblem::from_code(&error.get()).map(|problem| {
            let sentence = problem.sentence(wait.get().parse().ok());
            view! { <p class="form-problem error" role="alert">{sentence}</p> }
        })
    }
}

/// The link to another account page that keeps `?next=`.
pub fn with_next(page: &str, next: &str) -> String {
    if next == routes::HOME { page.to_string() } else { format!("{page}?next={next}") }
}
