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

    pub async fn wait_for(&mut self, wanted: impl Fn(&Value) -> bool) -> Value {
        loop {
            let message = self.next().await.expect("a live message in time");
            if wanted(&message) {
                return message;
            }
        }
    }
}
