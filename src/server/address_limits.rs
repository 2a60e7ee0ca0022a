//! What one network address may do, all its learners together, so one client cannot deny the
//! sandboxes to everyone by dropping its cookie or opening sockets without end: how many new
//! learners it may bring a minute (a `governor` rate), and how many WebSockets and event streams
//! it may hold open (counted places, given back when a connection ends). The share of sandboxes
//! an address may hold is the registry's limit, beside the other creation limits.
//!
//! On a site of several nodes, both limits are the site's: each node allows its share of them
//! (the limit divided among the live nodes, rounded up), since a proxy spreads new learners
//! evenly and keeps each learner on one node. Exact counts would cost a shared write per page
//! view; the sandboxes themselves, fewer and dearer, are counted exactly (`cluster::places`).

use std::collections::HashMap;
use std::net::IpAddr;
use std::num::NonZeroU32;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use std::time::Duration;

use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

pub struct AddressLimits {
    /// The site's limits, as configured.
    new_learners_per_minute: u32,
    connections_per_address: usize,
    /// The live nodes this node shares the limits with (itself included).
    nodes: AtomicUsize,
    /// This node's share of the new learners' rate (rebuilt when the number of nodes changes).
    new_learners: RwLock<DefaultKeyedRateLimiter<IpAddr>>,
    connections: Arc<Mutex<HashMap<IpAddr, usize>>>,
}

/// A node's share of `limit` among `nodes`: rounded up, at least one.
fn share(limit: usize, nodes: usize) -> usize {
    limit.div_ceil(nodes.max(1)).max(1)
}

fn rate_limiter(per_minute: usize) -> DefaultKeyedRateLimiter<IpAddr> {
    let per_minute = NonZeroU32::new(u32::try_from(per_minute).unwrap_or(u32::MAX).max(1)).expect("non-zero");
    RateLimiter::keyed(Quota::per_minute(per_minute))
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
        AddressLimits {
            new_learners_per_minute,
            connections_per_address,
            nodes: AtomicUsize::new(1),
            new_learners: RwLock::new(rate_limiter(new_learners_per_minute as usize)),
            connections: Arc::default(),
        }
    }

    /// Shares the limits among `nodes` live nodes from now on (a change starts the new learners'
    /// rate afresh: nodes come and go seldom).
    pub fn share_among(&self, nodes: usize) {
        let nodes = nodes.max(1);
        if self.nodes.swap(nodes, Ordering::AcqRel) != nodes {
            let per_minute = share(self.new_learners_per_minute as usize, nodes);
            *self.new_learners.write().expect("new learners lock") = rate_limiter(per_minute);
        }
    }

    /// Counts a new learner from `address`, or says how long until another is allowed.
    pub fn admit_new_learner(&self, address: IpAddr) -> Result<(), Duration> {
        self.new_learners
            .read()
            .expect("new learners lock")
            .check_key(&address)
            .map_err(|not_until| not_until.wait_time_from(DefaultClock::default().now()))
    }

    /// A place for one more connection of `address`, if it has one left.
    pub fn open_connection(&self, address: IpAddr) -> Option<AddressPermit> {
        let mut connections = self.connections.lock().expect("address connections lock");
        let open = connections.entry(address).or_insert(0);
        if *open >= share(self.connections_per_address, self.nodes.load(Ordering::Acquire)) {
            return None;
        }
        *open += 1;
        Some(AddressPermit { address, connections: self.connections.clone() })
    }

    /// Forgets rate-limit state that no longer limits anything (called now and then).
    pub fn forget_idle(&self) {
        let new_learners = self.new_learners.read().expect("new learners lock");
        new_learners.retain_recent();
        new_learners.shrink_to_fit();
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

    #[test]
    fn among_several_nodes_each_allows_its_share_rounded_up() {
        let limits = AddressLimits::new(5, 5);
        limits.share_among(2);
        let here: IpAddr = "10.0.0.1".parse().unwrap();
        let connections: Vec<_> = (0..3).map(|_| limits.open_connection(here).expect("3 of 5, rounded up")).collect();
        assert!(limits.open_connection(here).is_none());
        assert!((0..3).all(|_| limits.admit_new_learner(here).is_ok()));
        assert!(limits.admit_new_learner(here).is_err());
        drop(connections);
        limits.share_among(1);
        assert!((0..5).all(|_| limits.admit_new_learner(here).is_ok()), "alone again: the whole rate");
    }
}
