//! RESP3 for the console, through `redis-protocol`: a command written as Redis reads it, frames
//! cut from the bytes Redis sends (each with the exact bytes it came in), and both shown the
//! way a learner reads them: decoded as `redis-cli` prints it, and raw with `\r\n` visible.

use redis_protocol::resp3::decode::complete::decode;
use redis_protocol::resp3::encode::complete::encode;
use redis_protocol::resp3::types::{OwnedFrame, Resp3Frame};

/// Raw bytes and decoded text shown for one frame, at most; the rest is summarised.
pub const SHOWN_BYTES: usize = 16 * 1024;

/// The RESP bytes of a command: an array of bulk strings.
pub fn encode_command(words: &[String]) -> Vec<u8> {
    let frame = OwnedFrame::Array {
        data: words.iter().map(|w| OwnedFrame::BlobString { data: w.clone().into_bytes(), attributes: None }).collect(),
        attributes: None,
    };
    let mut bytes = vec![0; frame.encode_len(false)];
    // The buffer is exactly the frame's encoded length, so encoding cannot run out of room.
    let written = encode(&mut bytes, &frame, false).expect("a buffer of the frame's own length");
    bytes.truncate(written);
    bytes
}

/// One frame Redis sent, with the bytes it came in.
#[derive(Debug)]
pub struct Received {
    pub frame: OwnedFrame,
    pub raw: Vec<u8>,
}

/// Redis sent something the console cannot read as RESP3 (the connection is dropped then).
#[derive(Debug, thiserror::Error)]
#[error("Redis sent bytes that are not RESP3: {0}")]
pub struct NotResp3(redis_protocol::error::RedisProtocolError);

/// Cuts the complete frames off the front of `buffer`, leaving an incomplete one in place.
pub fn take_frames(buffer: &mut Vec<u8>) -> Result<Vec<Received>, NotResp3> {
    let mut frames = Vec::new();
    let mut used = 0;
    while used < buffer.len() {
        match decode(&buffer[used..]) {
            Ok(Some((frame, length))) => {
                frames.push(Received { frame, raw: buffer[used..used + length].to_vec() });
                used += length;
            }
            Ok(None) => break,
            Err(e) => return Err(NotResp3(e)),
        }
    }
    buffer.drain(..used);
    Ok(frames)
}

/// What kind of push a frame is (`"message"`, `"pmessage"`, `"subscribe"`…) and the channel it
/// concerns (for `pmessage`, the channel that matched, not the pattern); `None` for a reply.
pub fn push_kind(frame: &OwnedFrame) -> Option<(String, Option<String>)> {
    let OwnedFrame::Push { data, .. } = frame else {
        return None;
    };
    let text = |i: usize| data.get(i).and_then(as_text);
    let kind = text(0)?.to_ascii_lowercase();
    let channel = if kind == "pmessage" { text(2) } else { text(1) };
    Some((kind, channel))
}

/// The integer a reply carries, if it is one (`PUBLISH`, `PUBSUB NUMPAT`, `XLEN`…).
pub fn integer(frame: &OwnedFrame) -> Option<i64> {
    match frame {
        OwnedFrame::Number { data, .. } => Some(*data),
        _ => None,
    }
}

/// The error a reply carries, if it is one.
pub fn error(frame: &OwnedFrame) -> Option<String> {
    match frame {
        OwnedFrame::SimpleError { data, .. } => Some(data.clone()),
        OwnedFrame::BlobError { data, .. } => Some(String::from_utf8_lossy(data).into_owned()),
        _ => None,
    }
}

fn as_text(frame: &OwnedFrame) -> Option<String> {
    match frame {
        OwnedFrame::BlobString { data, .. } | OwnedFrame::SimpleString { data, .. } => {
            Some(String::from_utf8_lossy(data).into_owned())
        }
        _ => None,
    }
}

/// The frame as `redis-cli` prints it: `(integer) 2`, `1) "message"`, `1# "server" => "redis"`.
pub fn render(frame: &OwnedFrame) -> String {
    let mut out = String::new();
    render_into(&mut out, frame, 0);
    truncate(out)
}

fn render_into(out: &mut String, frame: &OwnedFrame, indent: usize) {
    match frame {
        OwnedFrame::BlobString { data, .. } => out.push_str(&quoted(data)),
        OwnedFrame::SimpleString { data, .. } => out.push_str(&String::from_utf8_lossy(data)),
        OwnedFrame::VerbatimString { data, .. } => out.push_str(&String::from_utf8_lossy(data)),
        OwnedFrame::SimpleError { data, .. } => out.push_str(&format!("(error) {data}")),
        OwnedFrame::BlobError { data, .. } => out.push_str(&format!("(error) {}", String::from_utf8_lossy(data))),
        OwnedFrame::Number { data, .. } => out.push_str(&format!("(integer) {data}")),
        OwnedFrame::Double { data, .. } => out.push_str(&format!("(double) {data}")),
        OwnedFrame::BigNumber { data, .. } => out.push_str(&format!("(big number) {}", String::from_utf8_lossy(data))),
        OwnedFrame::Boolean { data, .. } => out.push_str(&format!("({data})")),
        OwnedFrame::Null => out.push_str("(nil)"),
        OwnedFrame::Array { data, .. } | OwnedFrame::Push { data, .. } => {
            list(out, data.iter().map(|f| (None, f)), ")", "(empty array)", indent)
        }
        OwnedFrame::Set { data, .. } => list(out, data.iter().map(|f| (None, f)), "~", "(empty set)", indent),
        // redis-protocol 6 builds a map by popping pairs off the end, so its (insertion-ordered)
        // map holds them last first: reversed, they read in the order Redis sent them.
        OwnedFrame::Map { data, .. } => {
            list(out, data.iter().rev().map(|(k, v)| (Some(k), v)), "#", "(empty hash)", indent)
        }
        other => out.push_str(&format!("{:?}", other.kind())),
    }
}

/// Numbered lines, nested ones indented under their number, as `redis-cli` does.
fn list<'a>(
    out: &mut String,
    items: impl ExactSizeIterator<Item = (Option<&'a OwnedFrame>, &'a OwnedFrame)>,
    mark: &str,
    empty: &str,
    indent: usize,
) {
    if items.len() == 0 {
        out.push_str(empty);
        return;
    }
    let width = items.len().to_string().len();
    for (i, (key, value)) in items.enumerate() {
        if i > 0 {
            out.push('\n');
            out.push_str(&" ".repeat(indent));
        }
        let label = format!("{:>width$}{mark} ", i + 1);
        out.push_str(&label);
        let inner = indent + label.len();
        if let Some(key) = key {
            render_into(out, key, inner);
            out.push_str(" => ");
        }
        render_into(out, value, inner);
    }
}

fn quoted(data: &[u8]) -> String {
    let mut out = String::from("\"");
    for c in String::from_utf8_lossy(data).chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\x{:02x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The raw bytes cut at each `\r\n`, every other byte that is not printable written `\xHH`: the
/// page shows each piece followed by a visible `\r\n`.
pub fn raw_lines(raw: &[u8]) -> Vec<String> {
    let shown = &raw[..raw.len().min(SHOWN_BYTES)];
    let mut lines: Vec<String> =
        shown.split(|b| *b == b'\n').map(|line| escape(line.strip_suffix(b"\r").unwrap_or(line))).collect();
    // A frame ends with `\r\n`, so the last piece is the empty rest after it.
    if lines.last().is_some_and(String::is_empty) {
        lines.pop();
    }
    if raw.len() > SHOWN_BYTES {
        lines.push(format!("… {} more bytes", raw.len() - SHOWN_BYTES));
    }
    lines
}

fn escape(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\r' => out.push_str("\\r"),
            '\n' => out.push_str("\\n"),
            c if c.is_control() => out.push_str(&format!("\\x{:02x}", c as u32)),
            c => out.push(c),
        }
    }
    out
}

fn truncate(mut text: String) -> String {
    if text.len() > SHOWN_BYTES {
        let mut cut = SHOWN_BYTES;
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        let rest = text.len() - cut;
        text.truncate(cut);
        text.push_str(&format!("\n… {rest} more bytes"));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(bytes: &[u8]) -> Received {
        let mut buffer = bytes.to_vec();
        let mut frames = take_frames(&mut buffer).expect("RESP3");
        assert!(buffer.is_empty(), "all consumed");
        assert_eq!(frames.len(), 1);
        frames.remove(0)
    }

    #[test]
    fn a_command_is_an_array_of_bulk_strings() {
        let bytes = encode_command(&["PUBLISH".into(), "ws:room:lobby".into(), "hi there".into()]);
        assert_eq!(bytes, b"*3\r\n$7\r\nPUBLISH\r\n$13\r\nws:room:lobby\r\n$8\r\nhi there\r\n");
    }

    #[test]
    fn frames_are_cut_with_their_exact_bytes_and_a_partial_one_waits() {
        let mut buffer = b">3\r\n$9\r\nsubscribe\r\n$13\r\nws:room:lobby\r\n:1\r\n:2\r\n$5\r\nhel".to_vec();
        let frames = take_frames(&mut buffer).unwrap();
        assert_eq!(frames.len(), 2);
        assert_eq!(frames[0].raw, b">3\r\n$9\r\nsubscribe\r\n$13\r\nws:room:lobby\r\n:1\r\n");
        assert_eq!(frames[1].raw, b":2\r\n");
        assert_eq!(buffer, b"$5\r\nhel", "the partial frame stays for the next read");
        buffer.extend_from_slice(b"lo\r\n");
        assert_eq!(render(&take_frames(&mut buffer).unwrap()[0].frame), "\"hello\"");
    }

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        assert!(take_frames(&mut b"?what\r\n".to_vec()).is_err());
    }

    #[test]
    fn pushes_name_their_kind_and_channel() {
        let message = one(b">3\r\n$7\r\nmessage\r\n$13\r\nws:room:lobby\r\n$2\r\nhi\r\n");
        assert_eq!(push_kind(&message.frame), Some(("message".into(), Some("ws:room:lobby".into()))));
        let pmessage = one(b">4\r\n$8\r\npmessage\r\n$9\r\nws:room:*\r\n$15\r\nws:room:kitchen\r\n$2\r\nhi\r\n");
        assert_eq!(push_kind(&pmessage.frame), Some(("pmessage".into(), Some("ws:room:kitchen".into()))));
        assert_eq!(push_kind(&one(b":2\r\n").frame), None, "a reply is not a push");
        assert_eq!(integer(&one(b":2\r\n").frame), Some(2));
        assert_eq!(error(&one(b"-ERR unknown\r\n").frame).as_deref(), Some("ERR unknown"));
    }

    #[test]
    fn rendering_follows_redis_cli() {
        assert_eq!(render(&one(b"+OK\r\n").frame), "OK");
        assert_eq!(render(&one(b"_\r\n").frame), "(nil)");
        assert_eq!(render(&one(b"*0\r\n").frame), "(empty array)");
        assert_eq!(render(&one(b"$4\r\na\"\nb\r\n").frame), "\"a\\\"\\nb\"");
        assert_eq!(
            render(&one(b">3\r\n$7\r\nmessage\r\n$1\r\nc\r\n$2\r\nhi\r\n").frame),
            "1) \"message\"\n2) \"c\"\n3) \"hi\""
        );
        assert_eq!(
            render(&one(b"%2\r\n+server\r\n+redis\r\n+proto\r\n:3\r\n").frame),
            "1# server => redis\n2# proto => (integer) 3",
            "a map keeps Redis's order"
        );
        assert_eq!(
            render(&one(b"*2\r\n*2\r\n$1\r\na\r\n$1\r\nb\r\n:1\r\n").frame),
            "1) 1) \"a\"\n   2) \"b\"\n2) (integer) 1"
        );
    }

    #[test]
    fn raw_lines_make_each_crlf_a_line_end_and_escape_the_rest() {
        assert_eq!(raw_lines(b"*1\r\n$5\r\nhi\x01\tx\r\n"), ["*1", "$5", "hi\\x01\\x09x"]);
        let big = format!("${}\r\n{}\r\n", SHOWN_BYTES + 10, "x".repeat(SHOWN_BYTES + 10));
        let lines = raw_lines(big.as_bytes());
        assert!(lines.last().unwrap().starts_with("… "), "{:?}", lines.last());
    }
}
