//! What a sandbox's `redis-server` accepts and how large it may grow: the one place that says
//! which commands exist for the learner's code (its own server A talks to Redis without the
//! console's allow-list), and the limits that bound every part of the process's memory.
//!
//! - **Commands**: an ACL for the `default` user (the only user: the jail, the console and our
//!   bridges all connect as it) allows exactly the commands the lessons use, each listed below
//!   with the lesson that needs it; every other command answers `NOPERM`. The most dangerous
//!   are also renamed away (`DISABLED_COMMANDS`), so not even a mistake in the ACL reaches them.
//!   `RESTORE` is refused (an unsanitised payload corrupts Redis's memory) and payloads are
//!   sanitised besides; `CLIENT NO-EVICT` is refused, so no client can exempt itself from the
//!   client-memory bound.
//! - **Memory**: `maxmemory` bounds the data (writes past it are refused); `maxmemory-clients`
//!   bounds every client's buffers together (query buffers of unfinished commands, replies not
//!   read, subscriptions), evicting the largest client past it; output buffer limits disconnect a
//!   client that does not read; and the process has an address-space ceiling, at which Redis
//!   aborts and the panel says so. [`ceiling_bytes`] is that ceiling: a sandbox's Redis at its
//!   worst.

/// Client buffers of all clients together, in MiB (Redis 7 cannot bound one client's query
/// buffer below 1 MiB, so the bound is on all 64 together).
pub const CLIENTS_MEMORY_MB: u64 = 16;
/// What an idle redis-server maps (measured: ~59 MiB of address space, mostly thread stacks
/// and allocator reservations, ~12 MiB resident), with room for its own bookkeeping.
const BASE_ADDRESS_SPACE_MB: u64 = 64;

/// The commands the learner's code (and the console, and our bridges) may send, by lesson.
/// Subcommands are `command|subcommand`, as Redis's ACL names them.
pub const LEARNER_COMMANDS: &[&str] = &[
    // Every client: the handshake redis-py and redis-rs make (RESP3, their names), liveness.
    // (They also try CLIENT SETINFO, which Redis 7.0 does not have: its refusal is expected
    // and ignored by both. Naming it here would stop redis-server 7.0 from starting.)
    "hello",
    "ping",
    "echo",
    "quit",
    "reset",
    "time",
    "client|setname",
    "client|getname",
    "client|id",
    // Lessons 3 and 4: who is connected, and what the server holds (the console names sections).
    "client|info",
    "client|list",
    "info",
    // Lessons 2-7: Pub/Sub, the bridge itself; lesson 5 mentions sharded Pub/Sub.
    "publish",
    "subscribe",
    "psubscribe",
    "unsubscribe",
    "punsubscribe",
    "spublish",
    "ssubscribe",
    "sunsubscribe",
    "pubsub|channels",
    "pubsub|numsub",
    "pubsub|numpat",
    "pubsub|shardchannels",
    "pubsub|shardnumsub",
    "pubsub|help",
    // Lessons 6 and 7: Streams, consumer groups, claiming what a dead worker left.
    "xadd",
    "xread",
    "xreadgroup",
    "xrange",
    "xrevrange",
    "xlen",
    "xtrim",
    "xdel",
    "xack",
    "xpending",
    "xclaim",
    "xautoclaim",
    "xgroup|create",
    "xgroup|createconsumer",
    "xgroup|delconsumer",
    "xgroup|destroy",
    "xgroup|setid",
    "xgroup|help",
    "xinfo|stream",
    "xinfo|groups",
    "xinfo|consumers",
    "xinfo|help",
    // Lessons 5-7: sessions and claims (strings with a lifetime), presence, work queues.
    "set",
    "get",
    "getdel",
    "getex",
    "incr",
    "incrby",
    "decr",
    "decrby",
    "mget",
    "del",
    "unlink",
    "exists",
    "type",
    "expire",
    "pexpire",
    "ttl",
    "pttl",
    "persist",
    "hset",
    "hget",
    "hmget",
    "hgetall",
    "hdel",
    "hexists",
    "hincrby",
    "hlen",
    "hkeys",
    "hvals",
    "lpush",
    "rpush",
    "lpop",
    "rpop",
    "lrange",
    "llen",
    "lrem",
    "ltrim",
    "lmove",
    "blmove",
    "blpop",
    "brpop",
    "sadd",
    "srem",
    "smembers",
    "sismember",
    "scard",
    // redis-py's pipelines are transactions by default.
    "multi",
    "exec",
    "discard",
    "watch",
    "unwatch",
];

/// Commands renamed to nothing besides: they reconfigure, stop or script the server, or write
/// files. The ACL refuses them already; renamed, no user could ever run them.
pub const DISABLED_COMMANDS: &[&str] = &[
    "EVAL",
    "EVALSHA",
    "EVAL_RO",
    "EVALSHA_RO",
    "SCRIPT",
    "FUNCTION",
    "FCALL",
    "FCALL_RO",
    "CONFIG",
    "DEBUG",
    "MODULE",
    "SHUTDOWN",
    "SAVE",
    "BGSAVE",
    "BGREWRITEAOF",
    "REPLICAOF",
    "SLAVEOF",
    "MIGRATE",
    "RESTORE",
    "RESTORE-ASKING",
    "ACL",
    "FAILOVER",
    "SYNC",
    "PSYNC",
];

/// The ACL rule of the `default` user: every key and channel, only [`LEARNER_COMMANDS`].
pub fn default_user_rule() -> String {
    let mut rule = String::from("default on nopass ~* &* -@all");
    for command in LEARNER_COMMANDS {
        rule.push_str(" +");
        rule.push_str(command);
    }
    rule
}

/// redis-server's arguments for commands and memory, with `max_memory_mb` of data.
pub fn arguments(max_memory_mb: u32) -> Vec<String> {
    // The rule as separate words: Redis reads the words after an option up to the next `--`.
    let mut args: Vec<String> = vec!["--user".into()];
    args.extend(default_user_rule().split(' ').map(String::from));
    args.extend([
        "--sanitize-dump-payload".into(),
        "yes".into(),
        "--maxmemory".into(),
        format!("{max_memory_mb}mb"),
        "--maxmemory-policy".into(),
        "noeviction".into(),
        "--maxmemory-clients".into(),
        format!("{CLIENTS_MEMORY_MB}mb"),
        // No string or argument over 1 MiB, and no query buffer past it (both Redis's least):
        // a command announcing a 200 MB argument would otherwise have its buffer made at once.
        "--proto-max-bulk-len".into(),
        "1mb".into(),
        "--client-query-buffer-limit".into(),
        "1mb".into(),
        // A client that does not read its replies is cut off: a normal one past 4 MiB (or 2 MiB
        // for 10 s), a subscriber past 4 MiB (or 1 MiB for 30 s). Their default is unlimited.
        "--client-output-buffer-limit".into(),
        "normal 4mb 2mb 10 pubsub 4mb 1mb 30".into(),
        "--maxclients".into(),
        "64".into(),
    ]);
    for command in DISABLED_COMMANDS {
        args.extend(["--rename-command".into(), (*command).into(), String::new()]);
    }
    args
}

/// The address space the process may map: an idle server's, its data, its clients' buffers,
/// and as much again for the allocator's fragmentation. Past it Redis aborts.
pub fn ceiling_bytes(max_memory_mb: u32) -> u64 {
    let growth = u64::from(max_memory_mb) + CLIENTS_MEMORY_MB;
    (BASE_ADDRESS_SPACE_MB + 2 * growth) * 1024 * 1024
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_user_starts_from_nothing_and_gets_only_the_lessons_commands() {
        let rule = default_user_rule();
        assert!(rule.starts_with("default on nopass ~* &* -@all +hello +ping"), "{rule}");
        for refused in ["restore", "client|no-evict", "client|kill", "keys", "flushall", "object", "memory"] {
            assert!(!rule.split(' ').any(|w| w == format!("+{refused}")), "{refused}");
        }
        assert!(LEARNER_COMMANDS.iter().all(|c| c.chars().all(|ch| ch.is_ascii_lowercase() || ch == '|')));
    }

    #[test]
    fn restore_is_renamed_away_and_payloads_are_sanitised() {
        let args = arguments(32);
        assert!(args.windows(2).any(|w| w[0] == "--rename-command" && w[1] == "RESTORE"));
        assert!(args.windows(2).any(|w| w == ["--sanitize-dump-payload", "yes"]));
        assert!(args.windows(2).any(|w| w == ["--maxmemory-clients", "16mb"]));
    }

    #[test]
    fn the_ceiling_grows_with_the_data_a_sandbox_may_hold() {
        assert_eq!(ceiling_bytes(32), (64 + 2 * 48) * 1024 * 1024);
        assert!(ceiling_bytes(64) > ceiling_bytes(32));
    }
}
