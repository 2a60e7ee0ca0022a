//! The one retry schedule of the sandbox's loops that wait for something to answer (Redis after
//! an outage, a redis-server starting): doubling from a first pause to a ceiling, with no end and
//! no jitter (each sandbox has its own Redis, so there is no crowd to spread). `backon`'s
//! exponential backoff, started afresh after a success.

use std::time::Duration;

use backon::{BackoffBuilder, ExponentialBuilder};

/// Pauses of `first`, twice that, … up to `ceiling`, forever.
pub fn doubling(first: Duration, ceiling: Duration) -> impl Iterator<Item = Duration> + Send {
    let pauses = ExponentialBuilder::new()
        .with_min_delay(first)
        .with_max_delay(ceiling)
        .with_factor(2.0)
        .without_max_times()
        .build();
    pauses.map(move |pause| pause.min(ceiling))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pauses_double_up_to_the_ceiling_and_stay_there() {
        let ms = Duration::from_millis;
        // backon multiplies in floating point: 40 ms comes out a nanosecond short.
        let pauses: Vec<u128> = doubling(ms(5), ms(50)).take(6).map(|p| (p.as_micros() + 500) / 1000).collect();
        assert_eq!(pauses, [5, 10, 20, 40, 50, 50]);
    }
}
