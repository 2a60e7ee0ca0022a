//! Identifiers: who a sandbox is, who owns it, and the secret that opens it without a cookie.

use std::fmt;

use rand::RngCore;
use serde::{Deserialize, Serialize};

fn random_hex(bytes: usize) -> String {
    let mut buf = vec![0u8; bytes];
    rand::rng().fill_bytes(&mut buf);
    buf.iter().map(|b| format!("{b:02x}")).collect()
}

/// The node that runs the sandbox, a dot, and 128 random bits in hex (`n1.3fa9…`): unguessable,
/// URL-safe, and telling a proxy (and a node that gets a request meant for another) where the
/// sandbox lives. Node names hold no dot.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct SandboxId(String);

impl SandboxId {
    pub fn generate(node: &str) -> SandboxId {
        debug_assert!(!node.contains('.'), "a node name holds no dot");
        SandboxId(format!("{node}.{}", random_hex(16)))
    }

    /// The node an id names, if it names one.
    pub fn node_of(id: &str) -> Option<&str> {
        id.split_once('.').map(|(node, _)| node).filter(|node| !node.is_empty())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl From<String> for SandboxId {
    fn from(s: String) -> Self {
        SandboxId(s)
    }
}

impl fmt::Display for SandboxId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// 256 random bits: opens a sandbox for clients without the owner's cookie (curl, websocat).
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SandboxToken(String);

impl SandboxToken {
    pub fn generate() -> SandboxToken {
        SandboxToken(random_hex(32))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Compares in time independent of where the strings differ (`subtle`).
    pub fn matches(&self, candidate: &str) -> bool {
        use subtle::ConstantTimeEq;
        self.0.as_bytes().ct_eq(candidate.as_bytes()).into()
    }
}

impl fmt::Debug for SandboxToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SandboxToken(…)")
    }
}

/// Whoever owns a sandbox. Opaque here: the server layer derives it from the learner's session.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct OwnerId(String);

impl OwnerId {
    pub fn generate() -> OwnerId {
        OwnerId(random_hex(16))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl From<String> for OwnerId {
    fn from(s: String) -> Self {
        OwnerId(s)
    }
}

/// Who asks for a new sandbox: the learner and the network address the request came from.
/// (Here, beside the owner id, so the registry and a sandbox both use it without using each other.)
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Creator {
    pub owner: OwnerId,
    pub address: std::net::IpAddr,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_their_node_and_128_bits_of_url_safe_hex_and_differ() {
        let a = SandboxId::generate("n1");
        let b = SandboxId::generate("n1");
        let (node, secret) = a.as_str().split_once('.').unwrap();
        assert_eq!(node, "n1");
        assert_eq!(secret.len(), 32);
        assert!(secret.chars().all(|c| c.is_ascii_hexdigit()));
        assert_ne!(a, b);
        assert_eq!(SandboxId::node_of(a.as_str()), Some("n1"));
        assert_eq!(SandboxId::node_of("3fa9"), None, "an id without a node");
        assert_eq!(SandboxId::node_of(".3fa9"), None);
    }

    #[test]
    fn a_token_matches_only_itself() {
        let token = SandboxToken::generate();
        assert!(token.matches(token.as_str()));
        assert!(!token.matches(SandboxToken::generate().as_str()));
        assert!(!token.matches(""));
    }
}
