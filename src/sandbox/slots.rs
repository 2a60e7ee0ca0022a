//! Counted places: a sandbox holds at most so many WebSockets and event streams at once. A
//! [`Slot`] is one place taken; dropping it (the connection ended, however) gives it back.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

pub struct Slots {
    taken: Arc<AtomicUsize>,
    capacity: usize,
}

/// One place, held for as long as the connection lives.
#[derive(Debug)]
pub struct Slot(Arc<AtomicUsize>);

impl Drop for Slot {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::AcqRel);
    }
}

impl Slots {
    pub fn new(capacity: usize) -> Slots {
        Slots { taken: Arc::new(AtomicUsize::new(0)), capacity }
    }

    pub fn capacity(&self) -> usize {
        self.capacity
    }

    pub fn taken(&self) -> usize {
        self.taken.load(Ordering::Acquire)
    }

    /// A place, if one is free.
    pub fn try_take(&self) -> Option<Slot> {
        self.taken
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |n| (n < self.capacity).then_some(n + 1))
            .ok()
            .map(|_| Slot(self.taken.clone()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places_run_out_and_come_back_when_dropped() {
        let slots = Slots::new(2);
        let first = slots.try_take().unwrap();
        let _second = slots.try_take().unwrap();
        assert!(slots.try_take().is_none());
        drop(first);
        assert!(slots.try_take().is_some());
    }
}
