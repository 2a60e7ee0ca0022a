//! Attempts slowed down per account and per network address, each a `governor` rate with a
//! burst, so a learner who acts a few times in a row is never held up and a flood is.
//!
//! Sign-in ([`Throttle::sign_in`]): a learner who mistypes a few times is never held up, and
//! guessing a password (or many accounts' passwords from one address) gets one try every few
//! seconds. Every attempt counts, not only failed ones: a learner signs in rarely, and counting
//! before the password is checked keeps the hashing work bounded too. Comments and problem
//! reports have throttles of their own, built with [`Throttle::with_quotas`].

use std::net::IpAddr;
use std::num::NonZeroU32;
use std::time::Duration;

use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

pub struct Throttle {
    per_account: DefaultKeyedRateLimiter<String>,
    per_address: DefaultKeyedRateLimiter<IpAddr>,
}

/// Which limit an attempt met, and how long until the next is allowed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SlowDown {
    Account(Duration),
    Address(Duration),
}

impl Throttle {
    /// Per account: 5 attempts, then one every 20 s. Per address (a classroom shares one): 30,
    /// then one every 2 s.
    pub fn sign_in() -> Throttle {
        Throttle::with_quotas(
            Quota::with_period(Duration::from_secs(20)).expect("non-zero").allow_burst(nonzero(5)),
            Quota::with_period(Duration::from_secs(2)).expect("non-zero").allow_burst(nonzero(30)),
        )
    }

    /// `per_account` counts per key (an account id, a name typed), `per_address` per address.
    pub fn with_quotas(per_account: Quota, per_address: Quota) -> Throttle {
        Throttle { per_account: RateLimiter::keyed(per_account), per_address: RateLimiter::keyed(per_address) }
    }

    /// Counts an attempt for `login` (a username or e-mail, any case; an account id) from `address`.
    pub fn attempt(&self, login: &str, address: IpAddr) -> Result<(), SlowDown> {
        let wait = |not_until: governor::NotUntil<_>| not_until.wait_time_from(DefaultClock::default().now());
        // The key's own limit first: a key already held back does not use up its address's
        // allowance, which a classroom behind one address shares.
        self.per_account.check_key(&login.trim().to_lowercase()).map_err(|n| SlowDown::Account(wait(n)))?;
        self.per_address.check_key(&address).map_err(|n| SlowDown::Address(wait(n)))
    }

    /// Forgets state that no longer limits anything (called now and then).
    pub fn forget_idle(&self) {
        self.per_account.retain_recent();
        self.per_address.retain_recent();
    }
}

pub fn nonzero(n: u32) -> NonZeroU32 {
    NonZeroU32::new(n).expect("non-zero")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_account_gets_its_burst_then_waits_whatever_the_case_of_its_name() {
        let throttle = Throttle::sign_in();
        let here: IpAddr = "192.0.2.1".parse().unwrap();
        for _ in 0..5 {
            throttle.attempt("Ann", here).unwrap();
        }
        assert!(
            matches!(throttle.attempt("ann", here), Err(SlowDown::Account(wait)) if wait > Duration::from_secs(10))
        );
        throttle.attempt("bob", here).expect("another account is not slowed down");
    }

    #[test]
    fn an_address_trying_many_accounts_is_slowed_down() {
        let throttle = Throttle::sign_in();
        let here: IpAddr = "192.0.2.1".parse().unwrap();
        for n in 0..30 {
            throttle.attempt(&format!("user{n}"), here).unwrap();
        }
        assert!(matches!(throttle.attempt("user99", here), Err(SlowDown::Address(_))));
        throttle.attempt("user99", "192.0.2.2".parse().unwrap()).expect("another address is not");
    }
}
