//! The page's one live stream (`/api/live`) as a test reads it: server-sent events as JSON.

use serde_json::Value;

use super::TestApp;
use super::sandbox_client::EVENTUALLY;

/// Server-sent events read as JSON, one `data:` line each.
pub struct Live {
    response: reqwest::Response,
    buffer: String,
}

impl Live {
    /// The stream of a lesson's page (`lesson` empty: of any other page).
    pub async fn open(app: &TestApp, http: &reqwest::Client, lesson: &str) -> Result<Live, u16> {
        let query = if lesson.is_empty() { String::new() } else { format!("?lesson={lesson}") };
        let response = http.get(app.url(&format!("/api/live{query}"))).send().await.unwrap();
        if response.status() != 200 {
            return Err(response.status().as_u16());
        }
        Ok(Live { response, buffer: String::new() })
    }

    pub async fn next(&mut self) -> Option<Value> {
        loop {
            if let Some(end) = self.buffer.find("\n\n") {
                let block: String = self.buffer.drain(..end + 2).collect();
                if let Some(data) = block.lines().find_map(|l| l.strip_prefix("data: ")) {
                    return Some(serde_json::from_str(data).unwrap());
                }
                continue;
            }
            let chunk = tokio::time::timeout(EVENTUALLY, self.response.chunk()).await.ok()?.ok()??;
            self.buffer.push_str(std::str::from_utf8(&chunk).unwrap());
        }
    }

    /// Whether the server ends the stream within `within` (what arrives meanwhile is skipped).
    pub async fn ends_within(&mut self, within: std::time::Duration) -> bool {
        let deadline = tokio::time::Instant::now() + within;
        loop {
            match tokio::time::timeout_at(deadline, self.response.chunk()).await {
                Err(_) => return false,
                Ok(Ok(None) | Err(_)) => return true,
                Ok(Ok(Some(_))) => {}
            }
        }
    }

    /// The first message `wanted` takes within `within` (a quiet stream is waited on, not given up).
    pub async fn wait_within(&mut self, within: std::time::Duration, wanted: impl Fn(&Value) -> bool) -> Option<Value> {
        let deadline = tokio::time::Instant::now() + within;
        while tokio::time::Instant::now() < deadline {
            if let Some(message) = self.next().await
                && wanted(&message)
            {
                return Some(message);
            }
        }
        None
    }

    pub async fn wait_for(&mut self, wanted: impl Fn(&Value) -> bool) -> Value {
        loop {
            let message = self.next().await.expect("a live message in time");
            if wanted(&message) {
                return message;
            }
        }
    }
}
