//! The platform Redis a cluster's nodes share (news between them): a real redis-server on a
//! loopback port, stopped and started again on that port.

use std::time::Duration;

use tokio::process::{Child, Command};

/// The platform Redis: a real redis-server on a loopback port, stopped and started on that port.
pub struct PlatformRedis {
    port: u16,
    child: Option<Child>,
}

impl PlatformRedis {
    pub async fn start() -> PlatformRedis {
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let mut redis = PlatformRedis { port, child: None };
        redis.run().await;
        redis
    }

    pub fn url(&self) -> String {
        format!("redis://127.0.0.1:{}", self.port)
    }

    pub async fn run(&mut self) {
        let child = Command::new("redis-server")
            .args(["--port", &self.port.to_string(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"])
            .stdout(std::process::Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .expect("redis-server");
        self.child = Some(child);
        self.wait_until(|n| n >= 0).await;
    }

    pub async fn stop(&mut self) {
        let mut child = self.child.take().expect("running");
        child.kill().await.unwrap();
    }

    /// Waits until the news channel's subscriber count satisfies `enough`.
    pub async fn wait_until(&self, enough: impl Fn(i64) -> bool) {
        let client = redis::Client::open(self.url()).unwrap();
        for _ in 0..600 {
            if let Ok(mut redis) = client.get_multiplexed_async_connection().await {
                let counts: Result<(String, i64), _> =
                    redis::cmd("PUBSUB").arg("NUMSUB").arg("streamlab:news").query_async(&mut redis).await;
                if counts.is_ok_and(|(_, n)| enough(n)) {
                    return;
                }
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("the platform Redis did not reach the expected subscribers in 30 s");
    }
}
