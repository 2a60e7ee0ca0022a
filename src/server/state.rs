//! The one state value shared by axum handlers and Leptos server functions.

use std::sync::Arc;

use axum::extract::FromRef;
use leptos::prelude::{LeptosOptions, ServerFnError, use_context};
use sqlx::AnyPool;

use super::address_limits::AddressLimits;
use super::learner_news::LearnerNews;
use super::shutdown::Shutdown;
use super::site::Site;
use crate::lessons::library::LessonLibrary;
use crate::progress::track::Track;
use crate::sandbox::registry::Registry;

#[derive(Clone, FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub db: AnyPool,
    /// Browser sessions, kept in the same database.
    pub sessions: super::session_store::Sessions,
    pub lessons: Arc<LessonLibrary>,
    /// The track's levels and achievements (`lessons/track.toml`).
    pub track: Arc<Track>,
    pub shutdown: Shutdown,
    pub sandboxes: Arc<Registry>,
    pub site: Arc<Site>,
    pub address_limits: Arc<AddressLimits>,
    /// Sign-in (and sign-up) attempts, slowed down per account and per address.
    pub sign_in_throttle: Arc<crate::auth::throttle::Throttle>,
    /// New accounts, counted per address.
    #[from_ref(skip)]
    pub sign_up_throttle: Arc<crate::auth::throttle::Throttle>,
    /// Comments, replies and edits, slowed down per account and per address.
    #[from_ref(skip)]
    pub comment_throttle: Arc<crate::auth::throttle::Throttle>,
    /// Problem reports, slowed down per learner and per address.
    #[from_ref(skip)]
    pub report_throttle: Arc<crate::auth::throttle::Throttle>,
    /// How often a page's live stream asks whether its session still holds.
    #[from_ref(skip)]
    pub stream_recheck: std::time::Duration,
    /// What a learner's open pages hear of besides their own requests.
    pub learner_news: Arc<LearnerNews>,
    /// Live streams and WebSockets, by account and session, to end when their grounds go.
    pub open_connections: Arc<super::open_connections::OpenConnections>,
    /// Behind a reverse proxy: the header holding the client's address, believed only from
    /// these peers.
    pub trusted_proxy_header: Option<Arc<str>>,
    pub trusted_proxies: Arc<[std::net::IpAddr]>,
}

/// The app state inside a server function or a server-rendered component.
pub fn app_state() -> Result<AppState, ServerFnError> {
    use_context::<AppState>().ok_or_else(|| ServerFnError::new("the app state is missing from the request context"))
}
