//! This node of the site: its name (`--node-id`, by default the host name's first label: see
//! `cluster::node_name`), held among the live nodes through the shared database (`cluster::membership`) for as long as the
//! node runs, and the node cookie that lets a proxy send a learner's requests to the node that
//! holds their sandboxes.

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;
use sqlx::AnyPool;

use super::shutdown::Shutdown;
use super::state::AppState;
use crate::cluster::membership::{self, ClaimError, Holder};
use crate::cluster::node_name::host_name;

/// The cookie naming the node a learner's sandboxes live on (a proxy routes by it).
pub const NODE_COOKIE: &str = "node";
/// The cookie outlives any sandbox (two hours at most): a browser restarted within a day comes
/// back to its sandboxes.
const NODE_COOKIE_SECS: u32 = 24 * 3600;
/// This node's hold on its name while it runs.
pub struct NodeLease {
    node: String,
    holder: Holder,
}

impl NodeLease {
    /// Claims `node` among the live nodes; refused when a live node holds it.
    pub async fn claim(db: &AnyPool, node: &str) -> Result<NodeLease, ClaimError> {
        let holder = Holder {
            host: host_name(),
            pid: i64::from(std::process::id()),
            instance: crate::sandbox::id::OwnerId::generate().as_str().to_string(),
        };
        let gone = |pid: i64| !std::path::Path::new(&format!("/proc/{pid}")).exists();
        membership::claim(db, node, &holder, gone).await?;
        // A node that starts holds no sandbox yet: the places its last run held are free.
        crate::cluster::places::give_back_all(db, node).await?;
        Ok(NodeLease { node: node.to_string(), holder })
    }

    /// Renews the claim until shutdown, then lets the name go.
    pub fn keep(self, db: AnyPool, shutdown: &Shutdown) {
        let stop = shutdown.clone();
        shutdown.spawn(async move {
            let every = std::time::Duration::from_millis(membership::RENEW_EVERY_MS as u64);
            loop {
                tokio::select! {
                    () = tokio::time::sleep(every) => {}
                    () = stop.cancelled() => break,
                }
                match membership::renew(&db, &self.node, &self.holder).await {
                    Ok(true) => {}
                    Ok(false) => tracing::error!(
                        node = %self.node,
                        "another node took this node's name (this one was taken for dead): its sandbox ids are ambiguous now"
                    ),
                    Err(e) => tracing::warn!("cannot renew this node's name: {e}"),
                }
            }
            if let Err(e) = membership::release(&db, &self.node, &self.holder).await {
                tracing::warn!("cannot let this node's name go (it frees itself in seconds): {e}");
            }
        });
    }
}

/// Names this node in the node cookie when the request named another or none: the learner's
/// next requests, through a proxy, come back here, where their sandboxes are made.
pub async fn name_this_node(State(state): State<AppState>, request: Request, next: Next) -> Response {
    // A health check or a scrape is no learner.
    if [crate::routes::HEALTHZ, crate::routes::METRICS].contains(&request.uri().path()) {
        return next.run(request).await;
    }
    let node = &state.sandboxes.config().node;
    let named = super::cookies::value(request.headers(), NODE_COOKIE) == Some(node.as_str());
    let mut response = next.run(request).await;
    if !named {
        super::cookies::set(response.headers_mut(), NODE_COOKIE, node, NODE_COOKIE_SECS.into(), state.site.is_https());
    }
    response
}
