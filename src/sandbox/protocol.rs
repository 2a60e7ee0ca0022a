//! The chat servers' WebSocket protocol: JSON text frames, documented for learners in
//! `docs/sandbox-protocol.md`. Also the envelope a message travels in through Redis.

pub use super::frames::{ClientFrame, ErrorFrame, SystemFrame};
pub use super::wire::{ChatMessage, MessageTag, ServerName, Via};

/// Identifies one connection on one chat server.
pub type MemberId = u64;

/// A chat message as its clients read it (and, with `via: redis`, as it travels through Redis).
pub fn encode(message: &ChatMessage) -> axum::extract::ws::Utf8Bytes {
    axum::extract::ws::Utf8Bytes::from(serde_json::to_string(message).expect("a chat message serialises"))
}

/// Frames larger than this close the socket with code 1009 (message too big).
pub const MAX_FRAME_BYTES: usize = 16 * 1024;
/// WebSocket close codes we use.
pub const CLOSE_TOO_BIG: u16 = 1009;
pub const CLOSE_POLICY: u16 = 1008;
pub const CLOSE_GOING_AWAY: u16 = 1001;
/// Private-use code: the client read too slowly and its outbound queue filled up.
pub const CLOSE_LAGGED: u16 = 4000;

/// The Redis Pub/Sub channel of a room.
pub fn room_channel(room: &str) -> String {
    format!("ws:room:{room}")
}

/// The pattern one subscription per server listens on.
pub const ROOM_PATTERN: &str = "ws:room:*";

/// The Redis Stream of a room (Streams mode).
pub fn room_stream(room: &str) -> String {
    format!("ws:stream:{room}")
}

/// Room names: short, printable, no spaces or wildcards (they become Redis key names).
pub fn valid_room(room: &str) -> bool {
    !room.is_empty()
        && room.len() <= 64
        && room.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | ':'))
}

pub fn valid_user(user: &str) -> bool {
    !user.trim().is_empty() && user.chars().count() <= 40 && !user.chars().any(char::is_control)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_message_frame_parses_with_optional_fields() {
        let frame: ClientFrame = serde_json::from_str(r#"{"type":"message","text":"hi"}"#).unwrap();
        let ClientFrame::Message { text, room, local } = frame;
        assert_eq!((text.as_str(), room, local), ("hi", None, false));
        let frame: ClientFrame =
            serde_json::from_str(r#"{"type":"message","text":"x","room":"r2","local":true}"#).unwrap();
        let ClientFrame::Message { room, local, .. } = frame;
        assert_eq!((room.as_deref(), local), (Some("r2"), true));
    }

    #[test]
    fn unknown_types_and_fields_are_rejected() {
        assert!(serde_json::from_str::<ClientFrame>(r#"{"type":"shout","text":"hi"}"#).is_err());
        assert!(serde_json::from_str::<ClientFrame>(r#"{"type":"message","text":"hi","colour":1}"#).is_err());
    }

    #[test]
    fn a_chat_message_serialises_in_the_documented_shape() {
        let message = ChatMessage {
            kind: MessageTag::Message,
            id: "a-1".into(),
            room: "lobby".into(),
            user: "ada".into(),
            text: "hi \"there\"".into(),
            origin: "a".into(),
            via: Via::Local,
            sent_at_ms: 5,
            seq: None,
            replayed: false,
        };
        assert_eq!(
            serde_json::to_string(&message).unwrap(),
            r#"{"type":"message","id":"a-1","room":"lobby","user":"ada","text":"hi \"there\"","origin":"a","via":"local","sent_at_ms":5}"#
        );
    }

    #[test]
    fn room_names_exclude_wildcards_and_spaces() {
        assert!(valid_room("lobby-2"));
        assert!(!valid_room("a*"));
        assert!(!valid_room("two words"));
        assert!(!valid_room(""));
    }
}
