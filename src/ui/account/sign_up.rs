//! `/signup`: a username and a password. The account keeps what the learner earned in this
//! browser. No e-mail is asked for: we send no mail, and a form that could say "that address
//! has an account" would tell anyone who has one.

use leptos::prelude::*;
use leptos_meta::Title;

use super::forms::{Refusal, next_page, query, with_next};
use crate::auth::PASSWORD_MIN_LENGTH;
use crate::i18n::use_lang;
use crate::routes;

#[component]
pub fn SignUpPage() -> impl IntoView {
    let (next, username) = (next_page(), query("username"));
    let lang = use_lang();
    let words = &lang.words().pages.account;
    view! {
        <Title text=words.sign_up/>
        <section class="account-form">
            <h1>{words.sign_up}</h1>
            <p class="form-lead">{words.sign_up_lead}</p>
            <Refusal/>
            <form method="post" action=routes::POST_SIGN_UP>
                <input type="hidden" name="next" value=move || next.get()/>
                <label for="signup-username">{words.username}</label>
                <input id="signup-username" name="username" autocomplete="username" required minlength="3" maxlength="32"
                    pattern="[A-Za-z0-9._\\-]{3,32}" aria-describedby="signup-username-hint" value=move || username.get()/>
                <p id="signup-username-hint" class="field-hint">{words.username_rule}</p>
                <label for="signup-password">{words.password}</label>
                <input id="signup-password" name="password" type="password" autocomplete="new-password" required
                    minlength=PASSWORD_MIN_LENGTH.to_string() aria-describedby="signup-password-hint"/>
                <p id="signup-password-hint" class="field-hint">{(words.password_rule)(PASSWORD_MIN_LENGTH)}</p>
                <button type="submit" class="primary-button">{words.sign_up}</button>
            </form>
            <p class="form-aside">
                {words.have_account} <a href=move || with_next(lang, routes::SIGN_IN, &next.get())>{words.sign_in}</a>
                {words.have_account_after}
            </p>
        </section>
    }
}

crate::ui::lazy_page!(SignUpRoute, SignUpPage);
