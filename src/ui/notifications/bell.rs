//! The bell in the site's header, for a signed-in learner: a link to the notifications page
//! named with the unread count ("Notifications (2 unread)"), a badge when there are any.

use leptos::prelude::*;

use super::use_notifications;
use crate::routes;

#[component]
pub fn NotificationBell() -> impl IntoView {
    let notifications = use_notifications();
    let lang = crate::i18n::use_lang();
    let words = &lang.words().pages.notifications;
    view! {
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                // Read with the page (signed in or not); then the live count, when told.
                let signed_in = matches!(notifications.resource().await, Ok(Some(_)));
                signed_in.then(|| {
                    let unread = move || notifications.unread().unwrap_or(0);
                    view! {
                        <a
                            class="bell"
                            class=("has-unread", move || unread() > 0)
                            href=lang.path(routes::NOTIFICATIONS)
                            aria-label=move || (words.bell)(unread())
                        >
                            <svg class="bell-icon" viewBox="0 0 24 24" aria-hidden="true">
                                <path d="M12 3a6 6 0 0 0-6 6v3.6L4.4 15.5A1 1 0 0 0 5.3 17h13.4a1 1 0 0 0 .9-1.5L18 12.6V9a6 6 0 0 0-6-6Zm-2.3 15.5a2.4 2.4 0 0 0 4.6 0Z"/>
                            </svg>
                            {move || (unread() > 0).then(|| view! { <span class="bell-badge" aria-hidden="true">{unread()}</span> })}
                        </a>
                    }
                })
            })}
        </Transition>
    }
}
