//! Start-up as a library: [`Application::build`] turns settings and a bound listener into a
//! running site. `main.rs` uses it with the configured address; integration tests use it on
//! port 0 with a temporary data directory, so they exercise exactly what users run.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::middleware::from_fn_with_state;
use axum::routing::{get, post};
use leptos::prelude::*;
use tokio::net::TcpListener;
use tower_http::compression::CompressionLayer;
use tower_http::trace::TraceLayer;
use tower_sessions::{Expiry, SessionManagerLayer, cookie::SameSite, cookie::time};

use super::address_limits::AddressLimits;
use super::guards::{refuse_cross_site_writes, refuse_unknown_hosts};
use super::health::healthz;
use super::node::NodeLease;
use super::security_headers;
use super::session_store::Sessions;
use super::settings::Settings;
use super::shutdown::Shutdown;
use super::site::{BadPublicUrl, Site};
use super::state::AppState;
use crate::database::{Database, DbError};
use crate::lessons::library::LessonLibrary;
use crate::routes;
use crate::sandbox::registry::Registry;

/// How long shutdown waits for WebSockets and background tasks before giving up on them.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(5);
/// A learner's session outlives a browser restart; a month of inactivity ends it.
const SESSION_INACTIVITY: time::Duration = time::Duration::days(crate::progress::summary::KEPT_FOR_DAYS as i64);
/// The largest body an account form may send: a few short fields.
const ACCOUNT_FORM_BYTES: usize = 16 * 1024;

#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    #[error("cannot create the data directory {path}: {source}")]
    DataDir { path: String, source: std::io::Error },
    #[error(transparent)]
    Database(#[from] DbError),
    #[error(transparent)]
    Node(#[from] crate::cluster::membership::ClaimError),
    #[error(transparent)]
    PlatformRedis(#[from] super::news_relay::BadPlatformRedis),
    #[error(transparent)]
    PublicUrl(#[from] BadPublicUrl),
    #[error("cannot bind {addr}: {source}")]
    Bind { addr: SocketAddr, source: std::io::Error },
    #[error("server error: {0}")]
    Serve(std::io::Error),
}

pub struct Application {
    listener: TcpListener,
    router: Router,
    state: AppState,
    database: Database,
    node: NodeLease,
}

impl Application {
    /// Binds the configured address, then builds the app.
    pub async fn bind(settings: Settings, pages: Pages) -> Result<Application, StartupError> {
        let listener = TcpListener::bind(settings.listen)
            .await
            .map_err(|source| StartupError::Bind { addr: settings.listen, source })?;
        Application::build(settings, listener, pages).await
    }

    /// Prepares everything the site needs (data directory, database, lessons) on `listener`.
    pub async fn build(settings: Settings, listener: TcpListener, pages: Pages) -> Result<Application, StartupError> {
        super::capacity::raise_open_files_limit();
        super::metrics::install();
        let leftovers = tokio::task::spawn_blocking(crate::sandbox::leftovers::clean_up).await.unwrap_or_default();
        if leftovers.jails > 0 {
            tracing::warn!("ended {} learners' jails left running by an app that was killed", leftovers.jails);
        }
        if leftovers.directories > 0 {
            tracing::info!("removed {} sandbox directories left by an app that was killed", leftovers.directories);
        }
        std::fs::create_dir_all(&settings.data_dir)
            .map_err(|source| StartupError::DataDir { path: settings.data_dir.display().to_string(), source })?;
        let database = crate::database::open(&settings.database_url()).await?;
        let db = database.pool.clone();
        let node_id = settings.node_id();
        let node = NodeLease::claim(&db, &node_id).await?;
        tracing::info!(node = %node_id, "this node holds its name");
        // Comments written before their HTML was kept with them are rendered once, now.
        match crate::comments::store::render_older_rows(&db).await {
            Ok(0) => {}
            Ok(n) => tracing::info!("rendered {n} older comments once"),
            Err(e) => tracing::warn!("cannot render older comments (they render on view): {e}"),
        }

        let lessons_dir = settings.lessons_dir.clone();
        let library = tokio::task::spawn_blocking(move || LessonLibrary::load(&lessons_dir))
            .await
            .expect("loading lessons does not panic");
        let catalog = library.current();
        for problem in catalog.problems() {
            tracing::warn!("lesson problem: {problem}");
        }
        tracing::info!(lessons = catalog.published_count(), dir = %settings.lessons_dir.display(), "lessons loaded");
        // A broken track file is the instructor's to fix (`lessons check` names the line); the
        // site carries on with one level rather than not start.
        let track = crate::progress::track::load(&settings.lessons_dir).unwrap_or_else(|problems| {
            for problem in &problems {
                tracing::error!("track problem: {problem}");
            }
            crate::progress::track::Track::fallback()
        });

        let stale = super::static_files::drop_stale_compressed(&settings.site_root.join("pkg"));
        if stale > 0 {
            tracing::info!("removed {stale} compressed files older than the files they were made from");
        }

        let addr = listener.local_addr().map_err(|source| StartupError::Bind { addr: settings.listen, source })?;
        // Hashed names when the build made them (a release build): the pages name those.
        let hash_file = super::static_files::hash_file(
            &settings.site_root,
            "pkg",
            "streamlab",
            &settings.data_dir.join("site-hashes.txt"),
        );
        let leptos_options = LeptosOptions::builder()
            .output_name("streamlab")
            .site_root(settings.site_root.display().to_string())
            .site_pkg_dir("pkg")
            .site_addr(addr)
            .hash_files(hash_file.is_some())
            .hash_file(hash_file.map_or_else(|| "hash.txt".into(), |path| path.display().to_string().into()))
            .build();

        let site = Site::new(&settings, addr)?;
        let sandbox_config = settings.sandbox_config();
        tracing::info!(
            total = sandbox_config.total,
            per_address = sandbox_config.per_address,
            per_learner = sandbox_config.per_owner,
            worst_case_mib = settings.sandbox_worst_case_bytes() >> 20,
            learner_servers = sandbox_config.learner_server.slots.total(),
            jails_in_control_groups = sandbox_config.learner_server.control_groups.is_some(),
            "sandbox limits"
        );
        let sandboxes = Registry::new(sandbox_config);
        let shutdown = Shutdown::new();
        let state = AppState {
            leptos_options,
            db,
            sessions: Sessions::new(&database.native),
            lessons: Arc::new(library),
            open_connections: Arc::new(super::open_connections::OpenConnections::new(shutdown.clone())),
            shutdown,
            sandboxes,
            site: Arc::new(site),
            learner_news: Arc::default(),
            stream_recheck: Duration::from_secs(settings.stream_recheck_secs.max(1)),
            track: Arc::new(track),
            address_limits: Arc::new(AddressLimits::new(
                settings.new_learners_per_minute,
                settings.connections_per_address,
            )),
            sign_in_throttle: Arc::new(crate::auth::throttle::Throttle::sign_in()),
            sign_up_throttle: Arc::new(crate::auth::throttle::Throttle::sign_up()),
            comment_throttle: Arc::new(super::comments::throttle(settings.comment_burst)),
            report_throttle: Arc::new(super::reports::throttle()),
            trusted_proxy_header: settings.trusted_proxy_header.as_deref().map(Arc::from),
            trusted_proxies: settings.trusted_proxies.clone().into(),
        };
        if let Some(url) = &settings.platform_redis_url {
            super::news_relay::start(url, &state)?;
            tracing::info!("news for learners' pages travels between nodes through the platform Redis");
        }
        let secure_cookies = settings.secure_cookies || state.site.is_https();
        let router = router(state.clone(), settings.watch_lessons, secure_cookies, pages);
        if settings.watch_lessons {
            let (library, stop) = (state.lessons.clone(), state.shutdown.cancelled());
            state.shutdown.spawn(crate::lessons::watch::watch_lessons(library, stop));
        }
        Ok(Application { listener, router, state, database, node })
    }

    pub fn local_addr(&self) -> SocketAddr {
        self.listener.local_addr().expect("a bound listener has an address")
    }

    /// A handle that stops the app when triggered (tests use it instead of a signal).
    pub fn shutdown_handle(&self) -> Shutdown {
        self.state.shutdown.clone()
    }

    /// Serves until SIGINT/SIGTERM or until the shutdown handle is triggered, then ends every
    /// tracked task (WebSockets included) before returning.
    pub async fn run(self) -> Result<(), StartupError> {
        let shutdown = self.state.shutdown.clone();
        spawn_expired_session_cleanup(&shutdown, self.state.sessions.clone(), self.state.db.clone());
        spawn_sandbox_reaper(&shutdown, self.state.clone());

        let signal_watch = shutdown.clone();
        tokio::spawn(async move {
            tokio::select! {
                () = super::shutdown::termination_signal() => signal_watch.trigger(),
                () = signal_watch.cancelled() => {}
            }
        });

        tracing::info!("listening on http://{}", self.local_addr());
        self.node.keep(self.state.db.clone(), &shutdown);
        super::sandbox_places::keep(self.state.clone());
        // With the peer address, for the per-address limits.
        let service = self.router.into_make_service_with_connect_info::<SocketAddr>();
        // No Nagle: a small write (an event on a stream, a WebSocket frame) goes out at once instead
        // of waiting up to 40 ms for the browser's delayed ACK of the one before it.
        let listener = axum::serve::ListenerExt::tap_io(self.listener, |tcp: &mut tokio::net::TcpStream| {
            if let Err(e) = tcp.set_nodelay(true) {
                tracing::debug!("cannot set TCP_NODELAY: {e}");
            }
        });
        let served = axum::serve(listener, service).with_graceful_shutdown(shutdown.cancelled()).await;
        let left = shutdown.drain(SHUTDOWN_GRACE).await;
        // Connections are closed; now end every sandbox's bridges and redis-server.
        self.state.sandboxes.shut_down_all().await;
        if left > 0 {
            tracing::warn!("{left} tasks still running after {SHUTDOWN_GRACE:?}; exiting anyway");
        }
        self.database.close().await;
        tracing::info!("stopped");
        served.map_err(StartupError::Serve)
    }
}

/// The site's pages (the Leptos app's routes and its static files), given by the crate's
/// composition root (`crate::pages`): the server serves them without depending on them.
pub type Pages = fn(&AppState) -> Router<AppState>;

fn router(state: AppState, watch_lessons: bool, secure_cookies: bool, pages: Pages) -> Router {
    let [nosniff, referrer_policy, no_framing, fallback_policy] = security_headers::fixed_headers();
    // Lax, not Strict: with Strict, a learner arriving from a link elsewhere would come without
    // their cookie and get a fresh identity. Cross-site requests are refused by origin instead.
    let session_layer = SessionManagerLayer::new(state.sessions.clone())
        .with_secure(secure_cookies)
        .with_same_site(SameSite::Lax)
        .with_expiry(Expiry::OnInactivity(SESSION_INACTIVITY));

    // An account form is a few short fields: a larger body is refused before it is read.
    let account_forms = Router::new()
        .route(routes::POST_SIGN_UP, post(super::accounts::sign_up))
        .route(routes::POST_SIGN_IN, post(super::accounts::sign_in))
        .route(routes::POST_SIGN_OUT, post(super::accounts::sign_out))
        .route(routes::POST_DELETE_ACCOUNT, post(super::accounts::delete_account))
        .route(routes::POST_RESET_PASSWORD, post(super::accounts::reset_password))
        .layer(axum::extract::DefaultBodyLimit::max(ACCOUNT_FORM_BYTES));
    Router::new()
        .route(routes::HEALTHZ, get(healthz))
        .route(routes::METRICS, get(super::metrics::render))
        .merge(super::sandbox_api::routes())
        .route(routes::LIVE, get(super::live::stream))
        .merge(account_forms)
        .route(routes::YOUR_DATA, get(super::your_data::your_data))
        .route("/notifications/{id}", get(super::notifications::open))
        .route(routes::SWITCH_LANGUAGE, get(super::language::switch))
        .merge(if watch_lessons {
            Router::new().route(routes::DEV_LESSON_CHANGES, get(super::dev::lesson_changes))
        } else {
            Router::new()
        })
        .merge(pages(&state))
        .layer(from_fn_with_state(state.clone(), super::language::pick_at_home))
        .layer(axum::middleware::from_fn(super::language::keep_in_redirects))
        // Outermost last: trace → fixed headers → host check → cross-site check → page policy →
        // session → routes.
        .layer(session_layer)
        .layer(from_fn_with_state(state.clone(), super::node::name_this_node))
        .layer(axum::middleware::from_fn(security_headers::page_policy_for_pages))
        .layer(from_fn_with_state(state.clone(), refuse_cross_site_writes))
        .layer(from_fn_with_state(state.clone(), refuse_unknown_hosts))
        .layer(nosniff)
        .layer(referrer_policy)
        .layer(no_framing)
        .layer(fallback_policy)
        // Pages and JSON gzipped when the browser accepts it (lesson 7's page: ~200 KB raw, ~20 KB
        // gzipped); the bundle's files already are (`static_files`: an encoded answer is left as it
        // is), and event streams and small bodies are left alone by the default predicate.
        .layer(CompressionLayer::new())
        .layer(axum::middleware::from_fn(super::metrics::time_requests))
        .layer(TraceLayer::new_for_http().make_span_with(request_span))
        .with_state(state)
}

/// What pages and server functions find in their context: the app state for the server's own
/// edges, and the lesson library on its own, so the lessons domain needs nothing else.
pub fn provide_request_context(state: &AppState) {
    security_headers::provide_page_nonce();
    provide_context(state.clone());
    provide_context(state.lessons.clone());
}

/// The span of one request: method and path, never the query string (tokens travel there).
fn request_span(request: &axum::http::Request<axum::body::Body>) -> tracing::Span {
    tracing::debug_span!("request", method = %request.method(), path = %request.uri().path())
}

/// Expired sessions go, and with them (the same keeping period after the last visit) the
/// progress of anonymous learners: removed, not left orphaned.
fn spawn_expired_session_cleanup(shutdown: &Shutdown, store: Sessions, db: sqlx::AnyPool) {
    use tower_sessions::session_store::ExpiredDeletion;
    let stop = shutdown.clone();
    shutdown.spawn(async move {
        let anonymous = async {
            let mut every = tokio::time::interval(Duration::from_secs(3600));
            loop {
                every.tick().await;
                let keep_ms = SESSION_INACTIVITY.whole_milliseconds() as i64;
                match crate::progress::owner_data::remove_expired_anonymous(&db, keep_ms).await {
                    Ok(0) => {}
                    Ok(removed) => {
                        tracing::info!("removed the progress of {removed} anonymous learners past their keeping period")
                    }
                    Err(e) => tracing::warn!("cannot remove expired anonymous progress: {e}"),
                }
            }
        };
        tokio::select! {
            result = store.continuously_delete_expired(tokio::time::Duration::from_secs(3600)) => {
                if let Err(e) = result {
                    tracing::warn!("expired-session cleanup stopped: {e}");
                }
            }
            () = anonymous => {}
            () = stop.cancelled() => {}
        }
    });
}

/// How often idle and expired sandboxes are looked for.
const REAP_EVERY: Duration = Duration::from_secs(1);

fn spawn_sandbox_reaper(shutdown: &Shutdown, state: AppState) {
    let stop = shutdown.clone();
    let (sandboxes, address_limits) = (state.sandboxes, state.address_limits);
    let throttles = [state.sign_in_throttle, state.sign_up_throttle, state.comment_throttle, state.report_throttle];
    shutdown.spawn(async move {
        let mut every = tokio::time::interval(REAP_EVERY);
        let mut ticks: u64 = 0;
        loop {
            tokio::select! {
                () = stop.cancelled() => return,
                _ = every.tick() => {
                    sandboxes.reap().await;
                    ticks += 1;
                    if ticks.is_multiple_of(60) {
                        address_limits.forget_idle();
                        throttles.iter().for_each(|throttle| throttle.forget_idle());
                    }
                }
            }
        }
    });
}
