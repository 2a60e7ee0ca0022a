//! `/reset-password?token=…`: the page a one-time link from an instructor opens; a new password
//! signs the learner in.

use leptos::prelude::*;
use leptos_meta::Title;

use super::forms::{Refusal, query};
use crate::auth::PASSWORD_MIN_LENGTH;
use crate::i18n::use_words;
use crate::routes;

#[component]
pub fn ResetPasswordPage() -> impl IntoView {
    let token = query("token");
    let words = &use_words().pages.account;
    view! {
        <Title text=words.set_new_password/>
        <section class="account-form">
            <h1>{words.set_new_password}</h1>
            <Refusal/>
            <form method="post" action=routes::POST_RESET_PASSWORD>
                <input type="hidden" name="token" value=move || token.get()/>
                <label for="reset-password">{words.password}</label>
                <input id="reset-password" name="password" type="password" autocomplete="new-password" required
                    minlength=PASSWORD_MIN_LENGTH.to_string()/>
                <p class="field-hint">{(words.reset_hint)(PASSWORD_MIN_LENGTH)}</p>
                <button type="submit" class="primary-button">{words.reset_button}</button>
            </form>
        </section>
    }
}

crate::ui::lazy_page!(ResetPasswordRoute, ResetPasswordPage);
