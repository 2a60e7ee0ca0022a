//! `/signup`: a username and a password. The account keeps what the learner earned in this
//! browser. No e-mail is asked for: we send no mail, and a form that could say "that address
//! has an account" would tell anyone who has one.

use leptos::prelude::*;
use leptos_meta::Title;

use super::forms::{Refusal, next_page, query, with_next};
use crate::auth::PASSWORD_MIN_LENGTH;
use crate::routes;

#[component]
pub fn SignUpPage() -> impl IntoView {
    let (next, username) = (next_page(), query("username"));
    view! {
        <Title text="Sign up"/>
        <section class="account-form">
            <h1>"Sign up"</h1>
            <p class="form-lead">"An account keeps your XP, level and achievements, and brings them to any browser you sign in from. Everything you earned so far stays yours."</p>
            <Refusal/>
            <form method="post" action=routes::POST_SIGN_UP>
                <input type="hidden" name="next" value=move || next.get()/>
                <label for="signup-username">"Username"</label>
                <input id="signup-username" name="username" autocomplete="username" required minlength="3" maxlength="32"
                    pattern="[A-Za-z0-9._\\-]{3,32}" aria-describedby="signup-username-hint" value=move || username.get()/>
                <p id="signup-username-hint" class="field-hint">"3 to 32 letters, digits, '-', '_' or '.'."</p>
                <label for="signup-password">"Password"</label>
                <input id="signup-password" name="password" type="password" autocomplete="new-password" required
                    minlength=PASSWORD_MIN_LENGTH.to_string() aria-describedby="signup-password-hint"/>
                <p id="signup-password-hint" class="field-hint">{format!("At least {PASSWORD_MIN_LENGTH} characters.")}</p>
                <button type="submit" class="primary-button">"Sign up"</button>
            </form>
            <p class="form-aside">"Have an account? " <a href=move || with_next(routes::SIGN_IN, &next.get())>"Sign in"</a></p>
        </section>
    }
}

crate::ui::lazy_page!(SignUpRoute, SignUpPage);
