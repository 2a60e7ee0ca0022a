//! `/signin`: a username (or e-mail) and a password. Anonymous progress moves into the account.

use leptos::prelude::*;
use leptos_meta::Title;

use super::forms::{Refusal, next_page, query, with_next};
use crate::routes;

#[component]
pub fn SignInPage() -> impl IntoView {
    let (next, username) = (next_page(), query("username"));
    view! {
        <Title text="Sign in"/>
        <section class="account-form">
            <h1>"Sign in"</h1>
            <p class="form-lead">"Your progress follows you to every browser you sign in from. What you earned here without an account comes with you."</p>
            <Refusal/>
            <form method="post" action=routes::POST_SIGN_IN>
                <input type="hidden" name="next" value=move || next.get()/>
                <label for="signin-username">"Username"</label>
                <input id="signin-username" name="username" autocomplete="username" required
                    aria-describedby="signin-username-hint" value=move || username.get()/>
                <p id="signin-username-hint" class="field-hint">"Or the e-mail address you signed up with."</p>
                <label for="signin-password">"Password"</label>
                <input id="signin-password" name="password" type="password" autocomplete="current-password" required/>
                <button type="submit" class="primary-button">"Sign in"</button>
            </form>
            <p class="form-aside">
                "New here? " <a href=move || with_next(routes::SIGN_UP, &next.get())>"Sign up"</a>
                ". Forgot your password? Your instructor can give you a link to set a new one."
            </p>
        </section>
    }
}

crate::ui::lazy_page!(SignInRoute, SignInPage);
