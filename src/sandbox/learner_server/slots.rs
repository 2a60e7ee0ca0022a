//! How many learners' servers run at once: a cap for the machine, sized from each jail's worst
//! case (its memory ceiling, not its idle size), and a share of it for one network address, so
//! that one client dropping its cookie cannot start them all. A slot is held for as long as its
//! run is, and given back when it is dropped.

use crate::sandbox::refusal::SandboxRefusal;
use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};

#[derive(Debug)]
pub struct RunSlots {
    total: usize,
    per_address: usize,
    held: Mutex<HashMap<IpAddr, usize>>,
}

/// One running server's place; dropping it frees the place.
#[derive(Debug)]
pub struct RunSlot {
    slots: Arc<RunSlots>,
    address: IpAddr,
}

impl RunSlots {
    pub fn new(total: usize, per_address: usize) -> RunSlots {
        RunSlots { total: total.max(1), per_address: per_address.clamp(1, total.max(1)), held: Mutex::default() }
    }

    pub fn total(&self) -> usize {
        self.total
    }

    /// A place for a run by a learner at `address`, or why not.
    pub fn take(self: &Arc<Self>, address: IpAddr) -> Result<RunSlot, SandboxRefusal> {
        let mut held = self.held.lock().expect("run slots lock");
        if held.values().sum::<usize>() >= self.total {
            return Err(SandboxRefusal::ServersBusyInTotal(self.total));
        }
        let mine = held.entry(address).or_default();
        if *mine >= self.per_address {
            return Err(SandboxRefusal::ServersBusyForAddress(self.per_address));
        }
        *mine += 1;
        Ok(RunSlot { slots: self.clone(), address })
    }

    pub fn running(&self) -> usize {
        self.held.lock().expect("run slots lock").values().sum()
    }
}

impl Drop for RunSlot {
    fn drop(&mut self) {
        let mut held = self.slots.held.lock().expect("run slots lock");
        if let Some(count) = held.get_mut(&self.address) {
            *count -= 1;
            if *count == 0 {
                held.remove(&self.address);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_gets_its_share_and_the_machine_its_total_and_places_come_back() {
        let slots = Arc::new(RunSlots::new(3, 2));
        let (one, two): (IpAddr, IpAddr) = ("10.0.0.1".parse().unwrap(), "10.0.0.2".parse().unwrap());
        let a1 = slots.take(one).unwrap();
        let _a2 = slots.take(one).unwrap();
        assert_eq!(slots.take(one).unwrap_err(), SandboxRefusal::ServersBusyForAddress(2));
        let _b1 = slots.take(two).unwrap();
        assert_eq!(slots.take(two).unwrap_err(), SandboxRefusal::ServersBusyInTotal(3));
        drop(a1);
        assert_eq!(slots.running(), 2);
        assert!(slots.take(two).is_ok());
    }
}
