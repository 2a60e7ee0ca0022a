//! Attempts slowed down per account and per network address, each a `governor` rate with a
//! burst, so a learner who acts a few times in a row is never held up and a flood is.
//!
//! Sign-in ([`Throttle::sign_in`]): a learner who mistypes a few times is never held up, and
//! guessing a password (or many accounts' passwords from one address) gets one try every few
//! seconds. Every attempt counts, not only failed ones: a learner signs in rarely, and counting
//! before the password is checked keeps the hashing work bounded too. Comments and problem
//! reports have throttles of their own, built with [`Throttle::with_quotas`].

use std::hash::{BuildHasher, RandomState};
use std::net::IpAddr;
use std::num::NonZeroU32;
use std::time::Duration;

use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

/// Keys are kept as hashes (with this process's random seed): whatever a form was sent, a key
/// costs eight bytes, and a login typed is never held.
pub struct Throttle {
    seed: RandomState,
    per_key: DefaultKeyedRateLimiter<u64>,
    /// Sign-in only: `per_key` counts per (account, address), and this looser ceiling per
    /// account from everywhere together.
    per_key_everywhere: Option<DefaultKeyedRateLimiter<u64>>,
    per_address: DefaultKeyedRateLimiter<IpAddr>,
}

/// Which limit an attempt met, and how long until the next is allowed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SlowDown {
    Account(Duration),
    Address(Duration),
}

impl Throttle {
    /// Per account and address: 5 attempts, then one every 20 s, so that someone guessing from
    /// their address slows down only themselves and the owner signs in from theirs (usernames are
    /// public: a limit per account alone let anyone keep its owner out). Per account from every
    /// address together, a ceiling for guessing spread over many: 50, then one every 5 s. Per
    /// address (a classroom shares one): 30, then one every 2 s.
    pub fn sign_in() -> Throttle {
        let mut throttle = Throttle::with_quotas(quota(20, 5), quota(2, 30));
        throttle.per_key_everywhere = Some(RateLimiter::keyed(quota(5, 50)));
        throttle
    }

    /// New accounts from one address: 30 (a classroom behind one address), then one every 6 s.
    pub fn sign_up() -> Throttle {
        Throttle::with_quotas(quota(6, 30), quota(6, 30))
    }

    /// `per_key` counts per key (an account id, a name typed), `per_address` per address.
    pub fn with_quotas(per_key: Quota, per_address: Quota) -> Throttle {
        Throttle {
            seed: RandomState::new(),
            per_key: RateLimiter::keyed(per_key),
            per_key_everywhere: None,
            per_address: RateLimiter::keyed(per_address),
        }
    }

    /// Counts an attempt for `key` (a username or e-mail, any case; an account id) from `address`.
    pub fn attempt(&self, key: &str, address: IpAddr) -> Result<(), SlowDown> {
        let key = key.trim().to_lowercase();
        // The key's own limits first: a key already held back does not use up its address's
        // allowance, which a classroom behind one address shares.
        let per_key = match self.per_key_everywhere {
            Some(_) => self.seed.hash_one((&key, address)),
            None => self.seed.hash_one(&key),
        };
        self.per_key.check_key(&per_key).map_err(|n| SlowDown::Account(wait(n)))?;
        if let Some(everywhere) = &self.per_key_everywhere {
            everywhere.check_key(&self.seed.hash_one(&key)).map_err(|n| SlowDown::Account(wait(n)))?;
        }
        self.per_address.check_key(&address).map_err(|n| SlowDown::Address(wait(n)))
    }

    /// Counts an attempt from `address` alone.
    pub fn attempt_from(&self, address: IpAddr) -> Result<(), SlowDown> {
        self.per_address.check_key(&address).map_err(|n| SlowDown::Address(wait(n)))
    }

    /// Forgets state that no longer limits anything (called now and then).
    pub fn forget_idle(&self) {
        self.per_key.retain_recent();
        if let Some(everywhere) = &self.per_key_everywhere {
            everywhere.retain_recent();
        }
        self.per_address.retain_recent();
    }
}

fn wait(not_until: governor::NotUntil<governor::clock::QuantaInstant>) -> Duration {
    not_until.wait_time_from(DefaultClock::default().now())
}

/// `burst` at once, then one every `every_secs` seconds.
fn quota(every_secs: u64, burst: u32) -> Quota {
    Quota::with_period(Duration::from_secs(every_secs)).expect("non-zero").allow_burst(nonzero(burst))
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
        throttle.attempt("ann", "192.0.2.9".parse().unwrap()).expect("its owner, from another address, is not");
    }

    #[test]
    fn guessing_one_account_from_many_addresses_meets_its_ceiling() {
        let throttle = Throttle::sign_in();
        let mut refused = None;
        for n in 0..60u32 {
            let address = IpAddr::from([10, 0, (n / 250) as u8, (n % 250) as u8]);
            if let Err(slow) = throttle.attempt("ann", address) {
                refused = Some((n, slow));
                break;
            }
        }
        assert!(matches!(refused, Some((50, SlowDown::Account(_)))), "{refused:?}");
    }

    #[test]
    fn a_key_of_any_length_costs_the_same_few_bytes() {
        let throttle = Throttle::sign_in();
        let here: IpAddr = "192.0.2.1".parse().unwrap();
        let long = "x".repeat(1 << 20);
        throttle.attempt(&long, here).unwrap();
        assert_eq!(std::mem::size_of::<u64>(), 8, "what the limiter keeps per key");
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
