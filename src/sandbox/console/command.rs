//! A line typed in the Redis console, read the way `redis-cli` reads it (words, with single or
//! double quotes for spaces), and held against the console's allow-list: the commands the
//! lessons teach, nothing that reads or changes the server itself (no CONFIG, DEBUG, MODULE,
//! SHUTDOWN, KEYS), and INFO only for sections that show no host paths or pids.

use crate::sandbox::wire::{Args, ConsoleOutput};

/// A line longer than this is refused before it is read.
pub const MAX_LINE_BYTES: usize = 4096;
/// Words in one command.
const MAX_WORDS: usize = 64;
/// `BLOCK` longer than this would hold the console's one connection (and every reply after it).
const MAX_BLOCK_MS: u64 = 60_000;

/// A command the console may send: its words as typed, the first one upper-cased.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Command {
    pub words: Vec<String>,
}

impl Command {
    /// The command's name, upper-case (`PUBLISH`).
    pub fn name(&self) -> &str {
        &self.words[0]
    }

    /// Whether Redis answers it with a reply of its own. In RESP3 the (un)subscribe commands
    /// are answered only by push frames, one per channel.
    pub fn has_reply(&self) -> bool {
        !matches!(self.name(), "SUBSCRIBE" | "PSUBSCRIBE" | "UNSUBSCRIBE" | "PUNSUBSCRIBE")
    }
}

/// Commands with every subcommand or option allowed, and those limited to some.
const ALLOWED: &[(&str, Rule)] = &[
    ("PING", Rule::Any),
    ("ECHO", Rule::Any),
    ("TIME", Rule::Any),
    ("HELLO", Rule::Hello),
    ("PUBLISH", Rule::Any),
    ("SUBSCRIBE", Rule::Any),
    ("PSUBSCRIBE", Rule::Any),
    ("UNSUBSCRIBE", Rule::Any),
    ("PUNSUBSCRIBE", Rule::Any),
    ("PUBSUB", Rule::Sub(&["CHANNELS", "NUMSUB", "NUMPAT", "SHARDCHANNELS", "SHARDNUMSUB", "HELP"])),
    ("XADD", Rule::Any),
    ("XREAD", Rule::Blocking),
    ("XRANGE", Rule::Any),
    ("XREVRANGE", Rule::Any),
    ("XLEN", Rule::Any),
    ("XINFO", Rule::Sub(&["STREAM", "GROUPS", "CONSUMERS", "HELP"])),
    ("XGROUP", Rule::Sub(&["CREATE", "CREATECONSUMER", "DELCONSUMER", "DESTROY", "SETID", "HELP"])),
    ("XREADGROUP", Rule::Blocking),
    ("XACK", Rule::Any),
    ("XPENDING", Rule::Any),
    ("SET", Rule::Any),
    ("GET", Rule::Any),
    ("DEL", Rule::Any),
    ("EXPIRE", Rule::Any),
    ("TTL", Rule::Any),
    ("HSET", Rule::Any),
    ("HGET", Rule::Any),
    ("HGETALL", Rule::Any),
    ("LPUSH", Rule::Any),
    ("RPUSH", Rule::Any),
    ("LPOP", Rule::Any),
    ("RPOP", Rule::Any),
    ("LRANGE", Rule::Any),
    ("LLEN", Rule::Any),
    ("CLIENT", Rule::Sub(&["LIST", "INFO"])),
    ("INFO", Rule::Sections(&["clients", "memory", "stats", "keyspace", "cpu", "commandstats", "errorstats"])),
];

#[derive(Clone, Copy, Debug)]
enum Rule {
    Any,
    /// Only these subcommands (the second word).
    Sub(&'static [&'static str]),
    /// Only these INFO sections, at least one named.
    Sections(&'static [&'static str]),
    /// `HELLO` or `HELLO 3`: the console speaks RESP3 and reads its frames as RESP3.
    Hello,
    /// `BLOCK` bounded, so one command cannot hold the console's connection forever.
    Blocking,
}

/// Why the console did not send a typed line to Redis, said to the learner in the console.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ConsoleRefusal {
    #[error("That line is {0} bytes; the console takes up to {MAX_LINE_BYTES}.")]
    LineTooLong(usize),
    #[error("A quote is not closed.")]
    OpenQuote,
    #[error("That command has {0} words; the console takes up to {MAX_WORDS}.")]
    TooManyWords(usize),
    #[error(
        "{0} is not available in this console. It runs the commands the lessons teach: \
         Pub/Sub (PUBLISH, SUBSCRIBE, PSUBSCRIBE, PUBSUB…), Streams (XADD, XREAD, XRANGE…), \
         strings, hashes and lists (SET, GET, HSET, LPUSH…), PING, ECHO, TIME, CLIENT LIST and INFO."
    )]
    NotAvailable(String),
    #[error("{name} here takes one of: {}.", allowed.join(", "))]
    Subcommands { name: String, allowed: Vec<String> },
    #[error(
        "INFO here shows these sections (name one or more): {}. The others show the host's paths and process ids.",
        .0.join(", ")
    )]
    InfoSections(Vec<String>),
    #[error("This console speaks RESP3, as the lessons do: HELLO or HELLO 3.")]
    Resp3Only,
    #[error("BLOCK takes 1 to {MAX_BLOCK_MS} ms here: while it waits, the console's connection answers nothing else.")]
    UnboundedBlock,
    #[error(
        "A console listens to at most {MAX_SUBSCRIPTIONS} channels and patterns at once \
         (it listens to {0} now): UNSUBSCRIBE or PUNSUBSCRIBE some first."
    )]
    TooManySubscriptions(usize),
}

impl ConsoleRefusal {
    /// The refusal for programs: which one, and the values its sentence names.
    pub fn said(&self) -> (&'static str, Args) {
        let of = |pairs: &[(&str, String)]| {
            Args::of(&pairs.iter().map(|(name, value)| (*name, value.as_str())).collect::<Vec<_>>())
        };
        match self {
            ConsoleRefusal::LineTooLong(bytes) => {
                ("line_too_long", of(&[("bytes", bytes.to_string()), ("max", MAX_LINE_BYTES.to_string())]))
            }
            ConsoleRefusal::OpenQuote => ("open_quote", Args::default()),
            ConsoleRefusal::TooManyWords(words) => {
                ("too_many_words", of(&[("words", words.to_string()), ("max", MAX_WORDS.to_string())]))
            }
            ConsoleRefusal::NotAvailable(name) => ("not_available", of(&[("command", name.clone())])),
            ConsoleRefusal::Subcommands { name, allowed } => {
                ("subcommands", of(&[("command", name.clone()), ("allowed", allowed.join(", "))]))
            }
            ConsoleRefusal::InfoSections(sections) => ("info_sections", of(&[("sections", sections.join(", "))])),
            ConsoleRefusal::Resp3Only => ("resp3_only", Args::default()),
            ConsoleRefusal::UnboundedBlock => ("unbounded_block", of(&[("max_ms", MAX_BLOCK_MS.to_string())])),
            ConsoleRefusal::TooManySubscriptions(listening) => (
                "too_many_subscriptions",
                of(&[("listening", listening.to_string()), ("max", MAX_SUBSCRIPTIONS.to_string())]),
            ),
        }
    }

    /// As the console sends it for `line`.
    pub fn output(&self, line: &str) -> ConsoleOutput {
        let (key, args) = self.said();
        ConsoleOutput::refused(line, self.to_string(), key, args)
    }
}

/// Reads one typed line: `Ok(None)` for a blank line, why not otherwise.
pub fn parse(line: &str) -> Result<Option<Command>, ConsoleRefusal> {
    if line.len() > MAX_LINE_BYTES {
        return Err(ConsoleRefusal::LineTooLong(line.len()));
    }
    let mut words = shell_words::split(line).map_err(|_| ConsoleRefusal::OpenQuote)?;
    if words.is_empty() {
        return Ok(None);
    }
    if words.len() > MAX_WORDS {
        return Err(ConsoleRefusal::TooManyWords(words.len()));
    }
    words[0] = words[0].to_ascii_uppercase();
    let command = Command { words };
    allow(&command)?;
    Ok(Some(command))
}

fn allow(command: &Command) -> Result<(), ConsoleRefusal> {
    let name = command.name();
    let Some((_, rule)) = ALLOWED.iter().find(|(allowed, _)| *allowed == name) else {
        return Err(ConsoleRefusal::NotAvailable(name.to_string()));
    };
    let listed = |names: &[&str]| names.iter().map(|n| n.to_string()).collect::<Vec<_>>();
    let second = command.words.get(1).map(|w| w.to_ascii_uppercase());
    match rule {
        Rule::Any => Ok(()),
        Rule::Sub(subcommands) => match second {
            Some(sub) if subcommands.contains(&sub.as_str()) => Ok(()),
            _ => Err(ConsoleRefusal::Subcommands { name: name.to_string(), allowed: listed(subcommands) }),
        },
        Rule::Sections(sections) => {
            let asked = &command.words[1..];
            if !asked.is_empty() && asked.iter().all(|s| sections.contains(&s.to_ascii_lowercase().as_str())) {
                Ok(())
            } else {
                Err(ConsoleRefusal::InfoSections(listed(sections)))
            }
        }
        Rule::Hello => match (command.words.len(), second.as_deref()) {
            (1, _) | (2, Some("3")) => Ok(()),
            _ => Err(ConsoleRefusal::Resp3Only),
        },
        Rule::Blocking => {
            // Every BLOCK counts: Redis takes the last one given, so one bound one is not enough.
            let bounded = |i: usize| {
                command
                    .words
                    .get(i + 1)
                    .and_then(|ms| ms.parse::<u64>().ok())
                    .is_some_and(|ms| (1..=MAX_BLOCK_MS).contains(&ms))
            };
            let blocks = command.words.iter().enumerate().filter(|(_, w)| w.eq_ignore_ascii_case("BLOCK"));
            if blocks.map(|(i, _)| i).all(bounded) { Ok(()) } else { Err(ConsoleRefusal::UnboundedBlock) }
        }
    }
}

/// Channels and patterns one console may listen to at once: each is memory in Redis that no
/// `maxmemory` counts, and eight consoles of a sandbox could otherwise take it past its cap.
pub const MAX_SUBSCRIPTIONS: usize = 32;

/// What a console listens to, counted from what it typed (an upper bound: subscribing twice to
/// one channel counts twice until an UNSUBSCRIBE), so the limit holds before Redis answers.
#[derive(Debug, Default)]
pub struct Subscriptions {
    channels: usize,
    patterns: usize,
}

impl Subscriptions {
    /// Counts `command` in, or says why it would go past the limit.
    pub fn admit(&mut self, command: &Command) -> Result<(), ConsoleRefusal> {
        let names = command.words.len() - 1;
        let listening = self.channels + self.patterns;
        match command.name() {
            "SUBSCRIBE" | "PSUBSCRIBE" if listening + names > MAX_SUBSCRIPTIONS => {
                return Err(ConsoleRefusal::TooManySubscriptions(listening));
            }
            "SUBSCRIBE" => self.channels += names,
            "PSUBSCRIBE" => self.patterns += names,
            "UNSUBSCRIBE" if names == 0 => self.channels = 0,
            "UNSUBSCRIBE" => self.channels = self.channels.saturating_sub(names),
            "PUNSUBSCRIBE" if names == 0 => self.patterns = 0,
            "PUNSUBSCRIBE" => self.patterns = self.patterns.saturating_sub(names),
            _ => {}
        }
        Ok(())
    }

    /// The connection closed: its subscriptions ended with it.
    pub fn clear(&mut self) {
        *self = Subscriptions::default();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(line: &str) -> Vec<String> {
        parse(line).expect("allowed").expect("not blank").words
    }

    #[test]
    fn words_are_split_like_redis_cli_with_quotes_for_spaces() {
        assert_eq!(words("publish ws:room:lobby \"hello there\""), ["PUBLISH", "ws:room:lobby", "hello there"]);
        assert_eq!(words("SET greeting 'hi  you' NX EX 10"), ["SET", "greeting", "hi  you", "NX", "EX", "10"]);
        assert_eq!(parse("   "), Ok(None));
        assert!(parse("PUBLISH ws:room:lobby \"open").unwrap_err().to_string().contains("quote"));
    }

    #[test]
    fn the_lessons_commands_pass() {
        for line in [
            "PING",
            "SUBSCRIBE ws:room:lobby",
            "psubscribe ws:room:*",
            "PUBSUB NUMPAT",
            "pubsub channels ws:*",
            "XADD s * k v",
            "XREAD COUNT 10 BLOCK 5000 STREAMS s 0",
            "XINFO STREAM s",
            "CLIENT LIST",
            "client info",
            "INFO clients memory",
            "HELLO 3",
            "HELLO",
        ] {
            assert!(parse(line).is_ok(), "{line}: {:?}", parse(line));
        }
    }

    #[test]
    fn the_server_itself_is_out_of_reach() {
        for line in [
            "CONFIG GET dir",
            "config set dir /tmp",
            "DEBUG SLEEP 10",
            "MODULE LOAD /x.so",
            "SHUTDOWN",
            "KEYS *",
            "FLUSHALL",
            "EVAL \"return 1\" 0",
            "CLIENT KILL ID 3",
            "CLIENT",
            "INFO",
            "INFO server",
            "INFO everything",
            "PUBSUB",
            "HELLO 2",
            "HELLO 3 AUTH default x",
            "XREAD BLOCK 0 STREAMS s $",
            "XREAD BLOCK 1 BLOCK 0 STREAMS s $",
            "XREADGROUP GROUP g c BLOCK 100 COUNT 1 BLOCK 0 STREAMS s >",
            "XREADGROUP GROUP g c BLOCK forever STREAMS s >",
        ] {
            let refusal = parse(line).expect_err(line);
            assert!(!refusal.to_string().is_empty(), "{line}");
        }
    }

    #[test]
    fn overlong_lines_and_word_floods_are_refused_with_the_limit() {
        let long = format!("ECHO {}", "x".repeat(MAX_LINE_BYTES));
        assert!(parse(&long).unwrap_err().to_string().contains("4096"));
        let many = format!("DEL {}", vec!["k"; 80].join(" "));
        assert!(parse(&many).unwrap_err().to_string().contains("64"));
    }

    #[test]
    fn a_console_listens_to_at_most_its_share_of_channels_and_patterns() {
        let mut subscriptions = Subscriptions::default();
        let many = format!("SUBSCRIBE {}", (0..30).map(|i| format!("c{i}")).collect::<Vec<_>>().join(" "));
        subscriptions.admit(&parse(&many).unwrap().unwrap()).unwrap();
        subscriptions.admit(&parse("PSUBSCRIBE a* b*").unwrap().unwrap()).unwrap();
        let refusal = subscriptions.admit(&parse("SUBSCRIBE one-more").unwrap().unwrap()).unwrap_err();
        assert!(refusal.to_string().contains("at most 32"), "{refusal}");
        subscriptions.admit(&parse("UNSUBSCRIBE c1 c2").unwrap().unwrap()).unwrap();
        subscriptions.admit(&parse("SUBSCRIBE one-more").unwrap().unwrap()).unwrap();
        subscriptions.admit(&parse("UNSUBSCRIBE").unwrap().unwrap()).unwrap();
        subscriptions.admit(&parse(&many).unwrap().unwrap()).unwrap();
    }

    #[test]
    fn only_the_subscribe_family_has_no_reply_of_its_own() {
        assert!(!parse("SUBSCRIBE a").unwrap().unwrap().has_reply());
        assert!(!parse("punsubscribe").unwrap().unwrap().has_reply());
        assert!(parse("PUBLISH a b").unwrap().unwrap().has_reply());
    }
}
