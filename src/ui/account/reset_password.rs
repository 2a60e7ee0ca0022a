//! `/reset-password?token=…`: the page a one-time link from an instructor opens; a new password
//! signs the learner in.

use leptos::prelude::*;
use leptos_meta::Title;

use super::forms::{Refusal, query};
use crate::auth::PASSWORD_MIN_LENGTH;
use crate::routes;

#[component]
pub fn ResetPasswordPage() -> impl IntoView {
    let token = query("token");
    view! {
        <Title text="Set a new password"/>
        <section class="account-form">
            <h1>"Set a new password"</h1>
            <Refusal/>
            <form method="post" action=routes::POST_RESET_PASSWORD>
                <input type="hidden" name="token" value=move || token.get()/>
                <label for="reset-password">"Password"</label>
                <input id="reset-password" name="password" type="password" autocomplete="new-password" required
                    minlength=PASSWORD_MIN_LENGTH.to_string()/>
                <p class="field-hint">{format!("At least {PASSWORD_MIN_LENGTH} characters. The link works once.")}</p>
                <button type="submit" class="primary-button">"Set password and sign in"</button>
            </form>
        </section>
    }
}

crate::ui::lazy_page!(ResetPasswordRoute, ResetPasswordPage);
