//! Settings, from command-line flags or environment variables (`streamlab --help` lists them).

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use clap::{Args, Parser, Subcommand};

use crate::sandbox::bridge::OutboxLimits;
use crate::sandbox::learner_server::LearnerServerConfig;
use crate::sandbox::learner_server::slots::RunSlots;
use crate::sandbox::registry::SandboxConfig;
use crate::sandbox::sandbox::SandboxLimits;

#[derive(Debug, Parser)]
#[command(name = "streamlab", version, about = "Interactive course: scaling real-time WebSocket servers with Redis")]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    #[command(flatten)]
    pub settings: Settings,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the site (the default when no command is given).
    Serve,
    /// Work with lesson files.
    Lessons {
        #[command(subcommand)]
        command: LessonsCommand,
    },
    /// Instructors' tasks on the site's data.
    Admin {
        #[command(subcommand)]
        command: AdminCommand,
    },
    /// Learners' problem reports.
    Reports {
        #[command(subcommand)]
        command: ReportsCommand,
    },
}

#[derive(Debug, Subcommand)]
pub enum AdminCommand {
    /// Print a one-time link (valid for a day) with which the account USER (a username or an
    /// e-mail) sets a new password. There is no mail here: hand the link over yourself.
    ResetPassword {
        /// The account's username or e-mail.
        user: String,
    },
    /// Make the account USER an instructor: they may hide comments, read problem reports and
    /// where learners get stuck, and preview draft lessons.
    Grant {
        /// The account's username or e-mail.
        user: String,
    },
    /// Take the instructor role back from the account USER.
    Revoke {
        /// The account's username or e-mail.
        user: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum ReportsCommand {
    /// Print the open problem reports, oldest first, with what each learner's sandbox showed.
    List,
}

#[derive(Debug, Subcommand)]
pub enum LessonsCommand {
    /// Validate every lesson file and print `file:line:col: message` for each problem;
    /// exits non-zero when there is one.
    Check {
        /// The lessons directory [default: the --lessons-dir setting].
        dir: Option<PathBuf>,
    },
}

#[derive(Debug, Clone, Args)]
pub struct Settings {
    /// Address and port to listen on.
    #[arg(long, env = "STREAMLAB_LISTEN", default_value = "127.0.0.1:3000", global = true)]
    pub listen: SocketAddr,

    /// Directory for the database and other state; created if missing.
    #[arg(long, env = "STREAMLAB_DATA_DIR", default_value = "data", global = true)]
    pub data_dir: PathBuf,

    /// Database URL: `sqlite://FILE`, or `postgres://USER@HOST/DB` for a cluster whose nodes
    /// share it [default: a SQLite file `streamlab.db` in the data directory].
    #[arg(long, env = "STREAMLAB_DATABASE_URL", global = true)]
    pub database_url: Option<String>,

    /// This node's name among the site's nodes: letters, digits, '-' or '_', at most 32. It
    /// begins every sandbox id, names the node cookie a proxy routes by, and may be held by one
    /// live node at a time (a second is refused at start) [default: the host name's first label].
    #[arg(long, env = "STREAMLAB_NODE_ID", global = true, value_parser = crate::cluster::node_name::parse_node_id)]
    pub node_id: Option<String>,

    /// A Redis the site's nodes share (`redis://HOST:PORT`): news for a learner's pages (a reply,
    /// an award, a password reset) reaches their pages on every node through it. Without it, news
    /// stays on the node that has it (one node needs none).
    #[arg(long, env = "STREAMLAB_PLATFORM_REDIS_URL", global = true)]
    pub platform_redis_url: Option<String>,

    /// Seconds between a live stream's checks that its session still holds (signed out, reset or
    /// deleted on another node while the news between nodes was lost).
    #[arg(long, env = "STREAMLAB_STREAM_RECHECK_SECS", default_value_t = 60, global = true)]
    pub stream_recheck_secs: u64,

    /// Directory of the lesson markdown files.
    #[arg(long, env = "STREAMLAB_LESSONS_DIR", default_value = "lessons", global = true)]
    pub lessons_dir: PathBuf,

    /// Development: reload lessons when their files change and tell open pages.
    #[arg(long, env = "STREAMLAB_WATCH_LESSONS", global = true)]
    pub watch_lessons: bool,

    /// The redis-server program each sandbox starts.
    #[arg(long, env = "STREAMLAB_REDIS_SERVER", default_value = "redis-server", global = true)]
    pub redis_server: PathBuf,

    /// The Python environment learners' own servers run in (installed by scripts/run.sh);
    /// without it, or without bubblewrap, the "Your server A" tab says what to install.
    #[arg(long, env = "STREAMLAB_PYTHON_ENV", default_value = "python/.venv", global = true)]
    pub python_env: PathBuf,

    /// The site's address as learners reach it, e.g. `https://learn.example.org`. Sandbox
    /// WebSocket and event URLs are built from it (never from a request's Host header), and its
    /// host is allowed [default: http:// and the listen address].
    #[arg(long, env = "STREAMLAB_PUBLIC_URL", global = true)]
    pub public_url: Option<String>,

    /// More host names requests may be addressed to (`name` for any port, or `name:port`),
    /// comma-separated. Always allowed: the public URL's host, the listen address's host,
    /// `localhost`, `127.0.0.1` and `[::1]` (on the listen port, or any port when it is 0).
    /// Other Host headers get 400 (a defence against DNS rebinding); /healthz answers any.
    #[arg(long, env = "STREAMLAB_ALLOWED_HOSTS", value_delimiter = ',', global = true)]
    pub allowed_hosts: Vec<String>,

    /// Other origins (`https://docs.example.org`) whose pages may act with a learner's cookie,
    /// comma-separated. The site's own origin always may; any other gets 403 on state-changing
    /// requests and WebSocket upgrades authenticated by the cookie (a token still works).
    #[arg(long, env = "STREAMLAB_ALLOWED_ORIGINS", value_delimiter = ',', global = true)]
    pub allowed_origins: Vec<String>,

    /// Mark the session cookie `Secure` (sent over HTTPS only). On by itself when the public
    /// URL is https.
    #[arg(long, env = "STREAMLAB_SECURE_COOKIES", global = true)]
    pub secure_cookies: bool,

    /// Behind a reverse proxy: the header it puts the client's address in (`X-Forwarded-For` or
    /// `X-Real-IP`). It is believed only on requests whose peer is one of --trusted-proxies,
    /// and read from the right, skipping their hops. Without it, the peer address is the client's.
    #[arg(long, env = "STREAMLAB_TRUSTED_PROXY_HEADER", global = true)]
    pub trusted_proxy_header: Option<String>,

    /// The reverse proxies whose --trusted-proxy-header is believed, comma-separated addresses.
    #[arg(
        long,
        env = "STREAMLAB_TRUSTED_PROXIES",
        value_delimiter = ',',
        default_value = "127.0.0.1,::1",
        global = true
    )]
    pub trusted_proxies: Vec<std::net::IpAddr>,

    /// Seconds a sandbox with no connected client and no request lives on.
    #[arg(long, env = "STREAMLAB_SANDBOX_IDLE_SECS", default_value_t = 600, global = true)]
    pub sandbox_idle_secs: u64,

    /// Seconds a sandbox lives at most.
    #[arg(long, env = "STREAMLAB_SANDBOX_LIFETIME_SECS", default_value_t = 7200, global = true)]
    pub sandbox_lifetime_secs: u64,

    /// Sandboxes one learner may have at once.
    #[arg(long, env = "STREAMLAB_SANDBOXES_PER_LEARNER", default_value_t = 3, global = true)]
    pub sandboxes_per_learner: usize,

    /// Sandboxes the server runs at once, all learners together [default: sized from this
    /// machine: half its memory at a sandbox's worst case, or its open-files limit less 1,024 at
    /// 16 descriptors a sandbox, whichever allows fewer; the log says what it chose]. A sandbox
    /// at its worst is its Redis at its ceiling (64 MiB + twice its data and client buffers:
    /// 160 MiB with the default 32 MB) and its outboxes (2 × `--outbox-kib`): 168 MiB by
    /// default. Idle, it is ~2.6 MiB; driven as hard as a learner can, its Redis measured 56 MiB.
    #[arg(long, env = "STREAMLAB_SANDBOXES_TOTAL", global = true)]
    pub sandboxes_total: Option<usize>,

    /// The most redis-servers a node keeps running ahead of need, so that a new sandbox does not
    /// wait for one to start (~17 ms of CPU each; idle, each holds ~3 MiB). Alone a node keeps 2;
    /// in a cluster, its share of a peer's sandboxes should that peer die, up to this. 0: none.
    #[arg(long, env = "STREAMLAB_SPARE_REDIS_SERVERS", default_value_t = 64, global = true)]
    pub spare_redis_servers: usize,

    /// Learners' own servers (jailed Python) the server runs at once [default: sized from this
    /// machine: a quarter of its memory at each jail's ceiling (320 MiB, every process of the
    /// jail together), not its idle size (~31 MiB)]. One network address may run its share
    /// (`--address-share-percent`) of them.
    #[arg(long, env = "STREAMLAB_LEARNER_SERVERS_TOTAL", global = true)]
    pub learner_servers_total: Option<usize>,

    /// Put each learner's server in control groups of its own (memory, CPU, processes) where the
    /// app may make them (cgroup v1 as root); `false` reads their use from `/proc` instead.
    #[arg(long, env = "STREAMLAB_JAIL_CONTROL_GROUPS", default_value_t = true, action = clap::ArgAction::Set, global = true)]
    pub jail_control_groups: bool,

    /// The share of all sandboxes (percent) that one network address may hold, its learners
    /// together: a share, not a small number, so a classroom behind one NAT address still fits.
    #[arg(long, env = "STREAMLAB_ADDRESS_SHARE_PERCENT", default_value_t = 25, value_parser = clap::value_parser!(u8).range(1..=100), global = true)]
    pub address_share_percent: u8,

    /// New learners (sandbox creators without a session) one network address may bring a minute.
    #[arg(long, env = "STREAMLAB_NEW_LEARNERS_PER_MINUTE", default_value_t = 30, global = true)]
    pub new_learners_per_minute: u32,

    /// Comments (replies, edits) an account may post in a row; then one every 20 seconds. One
    /// network address gets five times as many, then one every 4 seconds.
    #[arg(long, env = "STREAMLAB_COMMENT_BURST", default_value_t = 6, global = true)]
    pub comment_burst: u32,

    /// WebSockets one sandbox may have open at once, both servers together.
    #[arg(long, env = "STREAMLAB_WEBSOCKETS_PER_SANDBOX", default_value_t = 32, global = true)]
    pub websockets_per_sandbox: usize,

    /// Event streams one sandbox may have open at once.
    #[arg(long, env = "STREAMLAB_EVENT_STREAMS_PER_SANDBOX", default_value_t = 8, global = true)]
    pub event_streams_per_sandbox: usize,

    /// WebSockets and event streams one network address may have open at once, all sandboxes together.
    #[arg(long, env = "STREAMLAB_CONNECTIONS_PER_ADDRESS", default_value_t = 500, global = true)]
    pub connections_per_address: usize,

    /// Different rooms one sandbox may use.
    #[arg(long, env = "STREAMLAB_ROOMS_PER_SANDBOX", default_value_t = 16, global = true)]
    pub rooms_per_sandbox: usize,

    /// Redis stops and starts one sandbox may make a minute (each start is a new process).
    #[arg(long, env = "STREAMLAB_REDIS_ACTIONS_PER_MINUTE", default_value_t = 30, global = true)]
    pub redis_actions_per_minute: u32,

    /// Memory cap (MB) of the data in each sandbox's redis-server; beyond it Redis refuses writes,
    /// and the messages it refuses are counted as lost. Client buffers are bounded apart (16 MB,
    /// all clients together), and the process's address space to 64 MiB + twice both.
    #[arg(long, env = "STREAMLAB_SANDBOX_REDIS_MEMORY_MB", default_value_t = 32, global = true)]
    pub sandbox_redis_memory_mb: u32,

    /// Messages that may wait for Redis on one chat server (Streams mode's outbox during an outage).
    #[arg(long, env = "STREAMLAB_OUTBOX_MESSAGES", default_value_t = 10_000, global = true)]
    pub outbox_messages: usize,

    /// KiB that may wait for Redis on one chat server, whatever the count.
    #[arg(long, env = "STREAMLAB_OUTBOX_KIB", default_value_t = 4_096, global = true)]
    pub outbox_kib: usize,

    /// Chat messages a second one WebSocket may send (bursts of twice that are allowed).
    #[arg(long, env = "STREAMLAB_MESSAGE_RATE", default_value_t = 20, global = true)]
    pub message_rate: u32,

    /// Frames waiting for one slow client before it is disconnected as lagging.
    #[arg(long, env = "STREAMLAB_CLIENT_QUEUE", default_value_t = 1024, global = true)]
    pub client_queue: usize,

    /// Seconds one write to a client may wait for it to read before it is disconnected as lagging.
    #[arg(long, env = "STREAMLAB_CLIENT_WRITE_TIMEOUT_SECS", default_value_t = 5, global = true)]
    pub client_write_timeout_secs: u64,

    /// Directory of the compiled site (wasm, JS, CSS, public files), as cargo-leptos writes it.
    #[arg(long, env = "LEPTOS_SITE_ROOT", default_value = "target/site", global = true)]
    pub site_root: PathBuf,
}

impl Settings {
    pub fn sandbox_config(&self) -> SandboxConfig {
        let total = self
            .sandboxes_total
            .unwrap_or_else(|| super::capacity::sandboxes_this_machine_holds(self.sandbox_worst_case_bytes()));
        let share = |total: usize| (total * usize::from(self.address_share_percent)).div_ceil(100).max(1);
        let mut learner_server = LearnerServerConfig::new(&self.python_env);
        let servers = self.learner_servers_total.unwrap_or_else(|| {
            super::capacity::learner_servers_this_machine_holds(learner_server.limits.jail_memory_bytes)
        });
        learner_server.slots = std::sync::Arc::new(RunSlots::new(servers, share(servers)));
        if !self.jail_control_groups {
            learner_server.control_groups = None;
        }
        SandboxConfig {
            node: self.node_id(),
            redis_server: self.redis_server.clone(),
            spare_redis_servers: self.spare_redis_servers,
            learner_server,
            idle_timeout: Duration::from_secs(self.sandbox_idle_secs),
            max_lifetime: Duration::from_secs(self.sandbox_lifetime_secs),
            per_owner: self.sandboxes_per_learner,
            per_address: share(total),
            total,
            limits: SandboxLimits {
                queue_capacity: self.client_queue,
                redis_max_memory_mb: self.sandbox_redis_memory_mb,
                websockets: self.websockets_per_sandbox,
                event_streams: self.event_streams_per_sandbox,
                rooms: self.rooms_per_sandbox,
                redis_actions_per_minute: self.redis_actions_per_minute,
                outbox: OutboxLimits { messages: self.outbox_messages, bytes: self.outbox_kib.saturating_mul(1024) },
            },
            message_rate: self.message_rate,
            message_burst: self.message_rate.saturating_mul(2),
            write_timeout: Duration::from_secs(self.client_write_timeout_secs),
        }
    }

    /// What one sandbox costs at its worst: its Redis at its ceiling and its bridges' outboxes.
    pub fn sandbox_worst_case_bytes(&self) -> u64 {
        let outboxes = 2 * (self.outbox_kib as u64) * 1024;
        crate::sandbox::redis_rules::ceiling_bytes(self.sandbox_redis_memory_mb) + outboxes
    }

    /// The database URL, defaulting to a file in the data directory.
    pub fn database_url(&self) -> String {
        match &self.database_url {
            Some(url) => url.clone(),
            None => format!("sqlite://{}", self.data_dir.join("streamlab.db").display()),
        }
    }

    /// This node's name: `--node-id`, or the host name's first label.
    pub fn node_id(&self) -> String {
        self.node_id.clone().unwrap_or_else(crate::cluster::node_name::host_node_id)
    }

    /// Settings for tests and tools: everything under `data_dir`, listening on port 0.
    pub fn for_data_dir(data_dir: impl Into<PathBuf>) -> Settings {
        Settings {
            listen: SocketAddr::from(([127, 0, 0, 1], 0)),
            data_dir: data_dir.into(),
            database_url: None,
            node_id: None,
            platform_redis_url: None,
            stream_recheck_secs: 60,
            lessons_dir: PathBuf::from("lessons"),
            site_root: PathBuf::from("target/site"),
            watch_lessons: false,
            redis_server: PathBuf::from("redis-server"),
            python_env: PathBuf::from("python/.venv"),
            public_url: None,
            allowed_hosts: Vec::new(),
            allowed_origins: Vec::new(),
            secure_cookies: false,
            trusted_proxy_header: None,
            comment_burst: 6,
            trusted_proxies: vec!["127.0.0.1".parse().unwrap(), "::1".parse().unwrap()],
            sandbox_idle_secs: 600,
            sandbox_lifetime_secs: 7200,
            sandboxes_per_learner: 3,
            sandboxes_total: Some(50),
            learner_servers_total: Some(16),
            spare_redis_servers: 64,
            jail_control_groups: true,
            address_share_percent: 25,
            new_learners_per_minute: 30,
            websockets_per_sandbox: 32,
            event_streams_per_sandbox: 8,
            connections_per_address: 500,
            rooms_per_sandbox: 16,
            redis_actions_per_minute: 30,
            sandbox_redis_memory_mb: 32,
            outbox_messages: 10_000,
            outbox_kib: 4_096,
            message_rate: 20,
            client_queue: 1024,
            client_write_timeout_secs: 5,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_put_the_database_in_the_data_directory() {
        let cli = Cli::try_parse_from(["streamlab"]).unwrap();
        assert_eq!(cli.settings.listen.to_string(), "127.0.0.1:3000");
        assert_eq!(cli.settings.database_url(), "sqlite://data/streamlab.db");
        assert!(cli.command.is_none());
    }

    #[test]
    fn an_address_may_hold_a_quarter_of_all_sandboxes_by_default() {
        let cli = Cli::try_parse_from(["streamlab", "--sandboxes-total", "50"]).unwrap();
        let config = cli.settings.sandbox_config();
        assert_eq!((config.total, config.per_address), (50, 13));
    }

    #[test]
    fn a_sandbox_at_its_worst_is_its_redis_ceiling_and_its_outboxes() {
        let cli = Cli::try_parse_from(["streamlab"]).unwrap();
        assert_eq!(cli.settings.sandbox_worst_case_bytes(), 168 * 1024 * 1024);
    }

    #[test]
    fn flags_override_defaults() {
        let cli =
            Cli::try_parse_from(["streamlab", "--listen", "127.0.0.1:8080", "--data-dir", "/tmp/x", "serve"]).unwrap();
        assert_eq!(cli.settings.listen.port(), 8080);
        assert_eq!(cli.settings.database_url(), "sqlite:///tmp/x/streamlab.db");
        assert!(matches!(cli.command, Some(Command::Serve)));
    }
}
