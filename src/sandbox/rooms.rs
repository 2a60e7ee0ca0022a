//! The rooms a sandbox has used, capped. A room costs Redis memory (in Streams mode its stream
//! stays after everyone left), so a sandbox may name at most so many different rooms; both chat
//! servers share one budget. Rooms stay counted for the sandbox's life, as their streams do.

use std::collections::HashSet;
use std::sync::Mutex;

pub struct RoomBudget {
    used: Mutex<HashSet<String>>,
    capacity: usize,
}

impl RoomBudget {
    pub fn new(capacity: usize) -> RoomBudget {
        RoomBudget { used: Mutex::new(HashSet::new()), capacity }
    }

    pub fn capacity(&self) -> usize {
        self.capacity
    }

    /// Whether `room` may be used: it already was, or there is room for one more.
    pub fn admit(&self, room: &str) -> bool {
        let mut used = self.used.lock().expect("rooms budget lock");
        if used.contains(room) {
            return true;
        }
        if used.len() >= self.capacity {
            return false;
        }
        used.insert(room.to_string());
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_rooms_stay_open_and_new_ones_stop_at_the_cap() {
        let budget = RoomBudget::new(2);
        assert!(budget.admit("lobby"));
        assert!(budget.admit("b"));
        assert!(!budget.admit("c"));
        assert!(budget.admit("lobby"));
    }
}
