//! A node's name: what `--node-id` accepts, and the default made from the host's name.

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

/// The machine's host name (empty when it cannot be read).
pub fn host_name() -> String {
    std::fs::read_to_string("/proc/sys/kernel/hostname").map(|h| h.trim().to_string()).unwrap_or_default()
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
