//! `/signin`: a username (or e-mail) and a password. Anonymous progress moves into the account.

use leptos::prelude::*;
use leptos_meta::Title;

use super::forms::{Refusal, next_page, query, with_next};
use crate::i18n::use_lang;
use crate::routes;

#[component]
pub fn SignInPage() -> impl IntoView {
    let (next, username) = (next_page(), query("username"));
    let lang = use_lang();
    let words = &lang.words().pages.account;
    view! {
        <Title text=words.sign_in/>
        <section class="account-form">
            <h1>{words.sign_in}</h1>
            <p class="form-lead">{words.sign_in_lead}</p>
            <Refusal/>
            <form method="post" action=routes::POST_SIGN_IN>
                <input type="hidden" name="next" value=move || next.get()/>
                <label for="signin-username">{words.username}</label>
                <input id="signin-username" name="username" autocomplete="username" required
                    aria-describedby="signin-username-hint" value=move || username.get()/>
                <p id="signin-username-hint" class="field-hint">{words.username_or_email}</p>
                <label for="signin-password">{words.password}</label>
                <input id="signin-password" name="password" type="password" autocomplete="current-password" required/>
                <button type="submit" class="primary-button">{words.sign_in}</button>
            </form>
            <p class="form-aside">
                {words.new_here} <a href=move || with_next(lang, routes::SIGN_UP, &next.get())>{words.sign_up}</a>
                {words.forgot_password}
            </p>
        </section>
    }
}

crate::ui::lazy_page!(SignInRoute, SignInPage);
