//! Reply notifications in the page: the bell on every page for a signed-in learner ("Notifications
//! (2 unread)"), the notifications page, and the site's live stream that moves the bell while the
//! learner is on the site. The count comes from the server with the page (so it renders without
//! JavaScript), then from the page's one live stream.

pub mod bell;
pub mod page;
pub mod server_fns;
pub mod site_stream;

use leptos::prelude::*;

use crate::problem::Problem;
use crate::ui::loaded::{Loaded, loaded};

/// The page's count of unread notifications: `None` for an anonymous learner.
#[derive(Clone, Copy)]
pub struct Notifications {
    read: Loaded<Result<Option<i64>, Problem>>,
    /// The latest count the live stream told, which wins over the one read with the page.
    told: RwSignal<Option<i64>>,
}

impl Notifications {
    /// Provided once, by the app.
    pub fn provide() {
        let read = loaded(|| (), |_| server_fns::get_unread_count());
        provide_context(Notifications { read, told: RwSignal::new(None) });
    }

    /// The unread count, once known; `None` while unknown or for an anonymous learner.
    pub fn unread(&self) -> Option<i64> {
        self.told.get().or_else(|| self.read.get().and_then(Result::ok).flatten())
    }

    /// The live stream told a new count.
    pub fn told(&self, unread: i64) {
        self.told.set(Some(unread));
    }

    pub fn resource(&self) -> Loaded<Result<Option<i64>, Problem>> {
        self.read
    }
}

pub fn use_notifications() -> Notifications {
    expect_context::<Notifications>()
}
