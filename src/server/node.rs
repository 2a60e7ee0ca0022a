//! This node of the site: its name (`--node-id`, by default the host name's first label), held
//! among the live nodes through the shared database (`cluster::membership`) for as long as the
//! node runs, and the node cookie that lets a proxy send a learner's requests to the node that
//! holds their sandboxes.

use axum::extract::{Request, State};
use axum::http::header;
use axum::middleware::Next;
use axum::response::Response;
use sqlx::AnyPool;

use super::shutdown::Shutdown;
use super::state::AppState;
use crate::cluster::membership::{self, ClaimError, Holder};

/// The cookie naming the node a learner's sandboxes live on (a proxy routes by it).
pub const NODE_COOKIE: &str = "node";
/// The cookie outlives any sandbox (two hours at most): a browser restarted within a day comes
/// back to its sandboxes.
const NODE_COOKIE_SECS: u32 = 24 * 3600;
const NODE_ID_MAX: usize = 32;

/// A node name as `--node-id` takes it: letters, digits, '-' or '_' (no dot: a sandbox id is the
/// node's name, a dot, and its secret).
pub fn parse_node_id(name: &str) -> Result<String, String> {
    let allowed = |c: char| c.is_ascii_alphanumeric() || c == '-' || c == '_';
    if name.is_empty() || name.len() > NODE_ID_MAX || !name.chars().all(allowed) {
        return Err(format!("a node id is 1-{NODE_ID_MAX} letters, digits, '-' or '_'"));
    }
    Ok(name.to_string())
}

/// The host name's first label, made a valid node name ("web-1.example.org" → "web-1").
pub fn host_node_id() -> String {
    let label: String = host_name()
        .split('.')
        .next()
        .unwrap_or_default()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || c == '-' || c == '_' { c } else { '-' })
        .take(NODE_ID_MAX)
        .collect();
    if label.is_empty() { "node".to_string() } else { label }
}

fn host_name() -> String {
    std::fs::read_to_string("/proc/sys/kernel/hostname").map(|h| h.trim().to_string()).unwrap_or_default()
}

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
    let named = request
        .headers()
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .any(|(name, value)| name == NODE_COOKIE && value == node);
    let mut response = next.run(request).await;
    if !named {
        let secure = if state.site.is_https() { "; Secure" } else { "" };
        let cookie =
            format!("{NODE_COOKIE}={node}; Path=/; Max-Age={NODE_COOKIE_SECS}; HttpOnly; SameSite=Lax{secure}");
        if let Ok(value) = cookie.parse() {
            response.headers_mut().append(header::SET_COOKIE, value);
        }
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn node_ids_are_short_names_without_dots() {
        assert_eq!(parse_node_id("n1").unwrap(), "n1");
        assert_eq!(parse_node_id("web-1_a").unwrap(), "web-1_a");
        assert!(parse_node_id("web1.example.org").is_err());
        assert!(parse_node_id("").is_err());
        assert!(parse_node_id(&"n".repeat(33)).is_err());
        let derived = host_node_id();
        assert_eq!(parse_node_id(&derived).unwrap(), derived, "the default is a valid name");
    }
}
