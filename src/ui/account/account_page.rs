//! `/account`: who is signed in, their data as a download, signing out, and deleting the account
//! with everything that belongs to it.

use leptos::prelude::*;
use leptos_meta::Title;

use super::forms::{Refusal, query};
use crate::i18n::use_lang;
use crate::routes;
use crate::ui::progress::use_progress;

#[component]
pub fn AccountPage() -> impl IntoView {
    let progress = use_progress();
    let changed = query("password");
    let lang = use_lang();
    let words = &lang.words().pages.account;
    // Back to this page, in its language, after signing in.
    let return_to = move |page: &str| format!("{}?next={}", lang.path(page), lang.path(routes::ACCOUNT));
    view! {
        <Title text=words.your_account/>
        <section class="account-form">
            <h1>{words.your_account}</h1>
            <Refusal/>
            {move || (changed.get() == "changed").then(|| view! { <p class="form-done" role="status">{words.password_changed}</p> })}
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    let summary = progress.summary.await.unwrap_or_default();
                    match summary.username {
                        Some(name) => view! {
                            <p>{words.signed_in_as} <strong>{name}</strong> {(words.standing)(summary.xp, summary.level, crate::i18n::named(&summary.level_name, lang))}</p>
                            <h2>{words.your_data}</h2>
                            <p><a href=routes::YOUR_DATA download="streamlab-progress.json">{words.download_progress}</a></p>
                            <form method="post" action=routes::POST_SIGN_OUT>
                                <button type="submit" class="quiet-button">{words.sign_out}</button>
                            </form>
                            <h2>{words.delete_heading}</h2>
                            <p>{words.delete_text}</p>
                            <form method="post" action=routes::POST_DELETE_ACCOUNT>
                                <label for="delete-password">{words.password}</label>
                                <input id="delete-password" name="password" type="password" autocomplete="current-password" required/>
                                <button type="submit" class="danger-button">{words.delete_button}</button>
                            </form>
                        }.into_any(),
                        None => view! {
                            <p>{words.not_signed_in}</p>
                            <p>
                                <a href=return_to(routes::SIGN_IN)>{words.sign_in}</a>
                                {words.or}
                                <a href=return_to(routes::SIGN_UP)>{words.sign_up}</a>
                                {words.to_keep_everywhere}
                            </p>
                            <p><a href=routes::YOUR_DATA download="streamlab-progress.json">{words.download_browser_progress}</a></p>
                        }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

crate::ui::lazy_page!(AccountRoute, AccountPage);
