//! `/account`: who is signed in, their data as a download, signing out, and deleting the account
//! with everything that belongs to it.

use leptos::prelude::*;
use leptos_meta::Title;

use super::forms::{Refusal, query};
use crate::routes;
use crate::ui::progress::use_progress;

#[component]
pub fn AccountPage() -> impl IntoView {
    let progress = use_progress();
    let changed = query("password");
    view! {
        <Title text="Your account"/>
        <section class="account-form">
            <h1>"Your account"</h1>
            <Refusal/>
            {move || (changed.get() == "changed").then(|| view! { <p class="form-done" role="status">"Your new password is set, and you are signed in."</p> })}
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    let summary = progress.summary.await.unwrap_or_default();
                    match summary.username {
                        Some(name) => view! {
                            <p>"Signed in as " <strong>{name}</strong> {format!(" · {} XP · level {} ({})", summary.xp, summary.level, summary.level_name.get(crate::i18n::Lang::En))}</p>
                            <h2>"Your data"</h2>
                            <p><a href=routes::YOUR_DATA download="streamlab-progress.json">"Download your progress (JSON)"</a></p>
                            <form method="post" action=routes::POST_SIGN_OUT>
                                <button type="submit" class="quiet-button">"Sign out"</button>
                            </form>
                            <h2>"Delete your account"</h2>
                            <p>"This removes your account, your XP, achievements and everything recorded for you, and ends your sandboxes. It cannot be undone."</p>
                            <form method="post" action=routes::POST_DELETE_ACCOUNT>
                                <label for="delete-password">"Password"</label>
                                <input id="delete-password" name="password" type="password" autocomplete="current-password" required/>
                                <button type="submit" class="danger-button">"Delete my account"</button>
                            </form>
                        }.into_any(),
                        None => view! {
                            <p>"You are not signed in: your progress is kept for this browser only."</p>
                            <p>
                                <a href=format!("{}?next={}", routes::SIGN_IN, routes::ACCOUNT)>"Sign in"</a>
                                " or "
                                <a href=format!("{}?next={}", routes::SIGN_UP, routes::ACCOUNT)>"Sign up"</a>
                                " to keep it on every device."
                            </p>
                            <p><a href=routes::YOUR_DATA download="streamlab-progress.json">"Download this browser's progress (JSON)"</a></p>
                        }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

crate::ui::lazy_page!(AccountRoute, AccountPage);
