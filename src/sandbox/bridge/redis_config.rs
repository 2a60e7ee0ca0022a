//! How the bridges' Redis connections retry, tuned against what we measured.
//!
//! redis-rs's defaults (100 ms doubling, 6 retries) give up for good after an outage of about
//! 6 s, and a subscriber sends no command that would start another try: the bridge never
//! recovers. So listening connections retry forever, quickly (5 ms doubling, capped at 50 ms,
//! with jitter), which puts the first delivery well under 250 ms after Redis answers again.
//! Writing connections retry once, so a publish during an outage fails fast and is reported
//! instead of waiting.

use std::time::Duration;

use redis::aio::ConnectionManagerConfig;

const MIN_DELAY: Duration = Duration::from_millis(5);
const MAX_DELAY: Duration = Duration::from_millis(50);
const CONNECT_TIMEOUT: Duration = Duration::from_millis(500);

// ANCHOR: writer
/// For PUBLISH and XADD: fail fast while Redis is away.
pub fn writer() -> ConnectionManagerConfig {
    ConnectionManagerConfig::new()
        .set_min_delay(MIN_DELAY)
        .set_max_delay(MAX_DELAY)
        .set_number_of_retries(1)
        .set_connection_timeout(Some(CONNECT_TIMEOUT))
        .set_response_timeout(Some(Duration::from_millis(500)))
}
// ANCHOR_END: writer

// ANCHOR: listener
/// For the subscription and the stream reader: never give up.
pub fn listener() -> ConnectionManagerConfig {
    ConnectionManagerConfig::new()
        .set_min_delay(MIN_DELAY)
        .set_max_delay(MAX_DELAY)
        .set_number_of_retries(usize::MAX)
        .set_connection_timeout(Some(CONNECT_TIMEOUT))
}
// ANCHOR_END: listener

/// A Redis client error in the words a learner reads ("connection refused"), with the raw cause
/// kept only when it is not one of the usual outage symptoms.
pub fn plain_error(error: &redis::RedisError) -> String {
    // A stopped Redis's removed Unix socket is "not found": refused, to a client.
    if error.is_connection_refusal() {
        "connection refused: Redis is not running".to_string()
    } else if error.is_timeout() {
        "Redis did not answer in time".to_string()
    } else if error.is_connection_dropped() || error.is_unrecoverable_error() {
        "the connection to Redis closed".to_string()
    } else {
        error.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outage_errors_read_as_plain_words() {
        // What connecting to a stopped Redis's (removed) Unix socket says.
        let refused = redis::RedisError::from(std::io::Error::from_raw_os_error(2));
        assert_eq!(plain_error(&refused), "connection refused: Redis is not running");
        let reset = redis::RedisError::from(std::io::Error::from(std::io::ErrorKind::ConnectionReset));
        assert_eq!(plain_error(&reset), "the connection to Redis closed");
        let slow = redis::RedisError::from(std::io::Error::from(std::io::ErrorKind::TimedOut));
        assert_eq!(plain_error(&slow), "Redis did not answer in time");
    }
}
