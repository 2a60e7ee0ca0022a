//! The chat servers' WebSocket frames, both ways, as types both builds share: the server writes
//! and reads them, and the panel in the browser decodes what it receives as the same types
//! (documented for learners in `docs/sandbox-protocol.md`).

use serde::{Deserialize, Serialize};

pub use super::wire::Args;
use super::wire::ChatMessage;

/// What a client may send.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum ClientFrame {
    Message {
        text: String,
        /// Another room to send to; defaults to the room the client joined.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        room: Option<String>,
        /// Deliver only on this server (Socket.IO's local emit): never published.
        #[serde(default)]
        local: bool,
    },
}

/// What a chat server sends a client: a chat message, a notice, or the answer to a bad frame.
/// Read by `sandbox::flat`, by its `type`.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(untagged)]
pub enum ServerFrame {
    Message(ChatMessage),
    System(SystemFrame),
    Error(ErrorFrame),
}

/// A notice for the learner: a bridge state change, a failed publish, a mode switch.
///
/// `text` is the sentence in English; `event` and `args` are the same notice for programs, so
/// the panel says it in the reader's language without reading the English back.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SystemFrame {
    #[serde(rename = "type")]
    pub kind: SystemTag,
    /// What happened, for programs (absent from a learner's own server's notices).
    #[serde(default)]
    pub event: String,
    pub text: String,
    /// The values the sentence names, by name (`{"seconds": "2.5"}` for `bridge_restored`).
    #[serde(default, skip_serializing_if = "Args::is_empty")]
    pub args: Args,
    /// The session a client in its own room `user:{name}` was given, to present when it
    /// reconnects (`event: "session"`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session: Option<String>,
}

impl SystemFrame {
    pub fn new(event: &str, text: &str) -> Self {
        SystemFrame {
            kind: SystemTag::System,
            event: event.to_string(),
            text: text.to_string(),
            args: Args::default(),
            session: None,
        }
    }

    /// The same notice with the values its sentence names.
    pub fn with(mut self, args: &[(&str, &str)]) -> Self {
        self.args.extend(args);
        self
    }

    /// One of the notice's values, by name.
    pub fn arg(&self, name: &str) -> Option<&str> {
        self.args.get(name)
    }
}

/// The answer to a bad frame; the connection stays open.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ErrorFrame {
    #[serde(rename = "type")]
    pub kind: ErrorTag,
    pub error: String,
    pub detail: String,
    /// The values the detail names, by name, as in `SystemFrame`.
    #[serde(default, skip_serializing_if = "Args::is_empty")]
    pub args: Args,
}

impl ErrorFrame {
    pub fn new(error: &str, detail: impl Into<String>) -> Self {
        ErrorFrame { kind: ErrorTag::Error, error: error.to_string(), detail: detail.into(), args: Args::default() }
    }

    /// The same answer with the values its detail names.
    pub fn with(mut self, args: &[(&str, &str)]) -> Self {
        self.args.extend(args);
        self
    }

    /// One of the answer's values, by name.
    pub fn arg(&self, name: &str) -> Option<&str> {
        self.args.get(name)
    }
}

/// Serialises as the constant `"system"`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SystemTag {
    System,
}

/// Serialises as the constant `"error"`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ErrorTag {
    Error,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_frame_a_server_writes_reads_back_as_its_own_kind() {
        let notice = serde_json::to_string(&SystemFrame::new("bridge_down", "Redis is not answering")).unwrap();
        assert_eq!(notice, r#"{"type":"system","event":"bridge_down","text":"Redis is not answering"}"#);
        assert!(matches!(serde_json::from_str(&notice), Ok(ServerFrame::System(f)) if f.event == "bridge_down"));
        let restored = serde_json::to_string(&SystemFrame::new("bridge_restored", "Back").with(&[("seconds", "2.5")]));
        assert_eq!(
            restored.unwrap(),
            r#"{"type":"system","event":"bridge_restored","text":"Back","args":{"seconds":"2.5"}}"#
        );
        let error = serde_json::to_string(&ErrorFrame::new("invalid_json", "the frame is not JSON")).unwrap();
        assert!(matches!(serde_json::from_str(&error), Ok(ServerFrame::Error(f)) if f.error == "invalid_json"));
        let message = r#"{"type":"message","id":"a-7","room":"lobby","user":"ada","text":"hi","origin":"a","via":"redis","sent_at_ms":1}"#;
        assert!(matches!(serde_json::from_str(message), Ok(ServerFrame::Message(m)) if m.text == "hi"));
        let sent = ClientFrame::Message { text: "hi".into(), room: None, local: true };
        assert_eq!(serde_json::to_string(&sent).unwrap(), r#"{"type":"message","text":"hi","local":true}"#);
    }
}
