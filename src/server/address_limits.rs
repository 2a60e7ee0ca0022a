//! What one network address may do, all its learners together, so one client cannot deny the
//! sandboxes to everyone by dropping its cookie or opening sockets without end: how many new
//! learners it may bring a minute (a `governor` rate), and how many WebSockets and event streams
//! it may hold open (counted places, given back when a connection ends). The share of sandboxes
//! an address may hold is the registry's limit, beside the other creation limits.

use std::collections::HashMap;
use std::net::IpAddr;
use std::num::NonZeroU32;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

pub struct AddressLimits {
    new_learners: DefaultKeyedRateLimiter<IpAddr>,
    connections: Arc<Mutex<HashMap<IpAddr, usize>>>,
    connections_per_address: usize,
}

/// One open connection of an address; dropping it gives the place back.
#[derive(Debug)]
pub struct AddressPermit {
    address: IpAddr,
    connections: Arc<Mutex<HashMap<IpAddr, usize>>>,
}

impl Drop for AddressPermit {
    fn drop(&mut self) {
        let mut connections = self.connections.lock().expect("address connections lock");
        if let Some(open) = connections.get_mut(&self.address) {
            *open -= 1;
            if *open == 0 {
                connections.remove(&self.address);
            }
        }
    }
}

impl AddressLimits {
    pub fn new(new_learners_per_minute: u32, connections_per_address: usize) -> AddressLimits {
        let per_minute = NonZeroU32::new(new_learners_per_minute.max(1)).expect("non-zero");
        AddressLimits {
            new_learners: RateLimiter::keyed(Quota::per_minute(per_minute)),
            connections: Arc::default(),
            connections_per_address,
        }
    }

    /// Counts a new learner from `address`, or says how long until another is allowed.
    pub fn admit_new_learner(&self, address: IpAddr) -> Result<(), Duration> {
        self.new_learners
            .check_key(&address)
            .map_err(|not_until| not_until.wait_time_from(DefaultClock::default().now()))
    }

    /// A place for one more connection of `address`, if it has one left.
    pub fn open_connection(&self, address: IpAddr) -> Option<AddressPermit> {
        let mut connections = self.connections.lock().expect("address connections lock");
        let open = connections.entry(address).or_insert(0);
        if *open >= self.connections_per_address {
            return None;
        }
        *open += 1;
        Some(AddressPermit { address, connections: self.connections.clone() })
    }

    /// Forgets rate-limit state that no longer limits anything (called now and then).
    pub fn forget_idle(&self) {
        self.new_learners.retain_recent();
        self.new_learners.shrink_to_fit();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_runs_out_of_connections_and_gets_them_back() {
        let limits = AddressLimits::new(10, 2);
        let here: IpAddr = "10.0.0.1".parse().unwrap();
        let first = limits.open_connection(here).unwrap();
        let _second = limits.open_connection(here).unwrap();
        assert!(limits.open_connection(here).is_none());
        assert!(limits.open_connection("10.0.0.2".parse().unwrap()).is_some(), "others are not affected");
        drop(first);
        assert!(limits.open_connection(here).is_some());
    }

    #[test]
    fn new_learners_are_limited_per_address_per_minute() {
        let limits = AddressLimits::new(2, 10);
        let here: IpAddr = "10.0.0.1".parse().unwrap();
        assert!(limits.admit_new_learner(here).is_ok());
        assert!(limits.admit_new_learner(here).is_ok());
        let wait = limits.admit_new_learner(here).unwrap_err();
        assert!(wait > Duration::ZERO && wait <= Duration::from_secs(30));
        assert!(limits.admit_new_learner("10.0.0.2".parse().unwrap()).is_ok());
    }
}
