//! How many learners' servers run at once: a cap for the machine, sized from each jail's worst
//! case (its memory ceiling, not its idle size), and a share of it for one network address, so
//! that one client dropping its cookie cannot start them all. A slot is held for as long as its
//! run is, and given back when it is dropped.

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

    /// A place for a run by a learner at `address`, or the sentence that says why not.
    pub fn take(self: &Arc<Self>, address: IpAddr) -> Result<RunSlot, String> {
        let mut held = self.held.lock().expect("run slots lock");
        if held.values().sum::<usize>() >= self.total {
            return Err(format!(
                "This server runs {} learners' servers at once, its most. Try again in a few minutes, or use our server A meanwhile.",
                self.total
            ));
        }
        let mine = held.entry(address).or_default();
        if *mine >= self.per_address {
            return Err(format!(
                "Your network address already runs {} servers, its share of this machine: stop one (in another tab?) and run again.",
                self.per_address
            ));
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
        assert!(slots.take(one).unwrap_err().contains("its share"));
        let _b1 = slots.take(two).unwrap();
        assert!(slots.take(two).unwrap_err().contains("at once, its most"));
        drop(a1);
        assert_eq!(slots.running(), 2);
        assert!(slots.take(two).is_ok());
    }
}
