//! What may wait for Redis on one server, bounded by count *and* by bytes: a flood of 16 KiB
//! messages during an outage must not grow a server by hundreds of megabytes. One budget covers
//! everything between the sender and Redis (the bridge's queue and, in Streams mode, its
//! outbox), so the bound is the one the documentation states, not the sum of two buffers.
//! A message refused here is reported as lost by the caller, never dropped silently.

use std::sync::{Arc, Mutex};

use tokio::sync::mpsc;

use super::Outgoing;
use crate::sandbox::protocol::ChatMessage;

/// The bound, per server.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OutboxLimits {
    pub messages: usize,
    pub bytes: usize,
}

pub struct OutboxBudget {
    limits: OutboxLimits,
    used: Mutex<Used>,
}

#[derive(Default)]
struct Used {
    messages: usize,
    bytes: usize,
}

/// About what a message weighs while it waits: its text and names, plus the envelope.
pub fn weight(message: &ChatMessage) -> usize {
    const ENVELOPE: usize = 128;
    message.text.len() + message.user.len() + message.room.len() + message.id.len() + ENVELOPE
}

impl OutboxBudget {
    pub fn new(limits: OutboxLimits) -> OutboxBudget {
        OutboxBudget { limits, used: Mutex::new(Used::default()) }
    }

    /// Takes room for a message of `bytes`, if both bounds allow it.
    pub fn admit(&self, bytes: usize) -> bool {
        let mut used = self.used.lock().expect("outbox budget lock");
        if used.messages + 1 > self.limits.messages || used.bytes + bytes > self.limits.bytes {
            return false;
        }
        used.messages += 1;
        used.bytes += bytes;
        true
    }

    /// Gives back what a message took (it was written to Redis, or reported lost).
    pub fn release(&self, bytes: usize) {
        let mut used = self.used.lock().expect("outbox budget lock");
        used.messages = used.messages.saturating_sub(1);
        used.bytes = used.bytes.saturating_sub(bytes);
    }
}

/// The sending end of a bridge's queue, within its budget. `full` is the reason a refused
/// message is reported with.
pub struct BoundedSender {
    jobs: mpsc::Sender<Outgoing>,
    budget: Arc<OutboxBudget>,
    full: &'static str,
}

impl BoundedSender {
    /// A queue whose channel holds as many messages as the budget allows; the receiver must
    /// [`OutboxBudget::release`] what it takes once it is written or lost.
    pub fn channel(
        limits: OutboxLimits,
        full: &'static str,
    ) -> (BoundedSender, mpsc::Receiver<Outgoing>, Arc<OutboxBudget>) {
        let (jobs, queue) = mpsc::channel(limits.messages.max(1));
        let budget = Arc::new(OutboxBudget::new(limits));
        (BoundedSender { jobs, budget: budget.clone(), full }, queue, budget)
    }

    /// Queues a message without waiting. The refused message comes back whole, with the reason,
    /// so the caller can report it (refusals are rare).
    #[allow(clippy::result_large_err)]
    pub fn send(&self, outgoing: Outgoing) -> Result<(), (Outgoing, &'static str)> {
        let weight = outgoing.weight();
        if !self.budget.admit(weight) {
            return Err((outgoing, self.full));
        }
        self.jobs.try_send(outgoing).map_err(|e| {
            self.budget.release(weight);
            match e {
                mpsc::error::TrySendError::Full(o) => (o, self.full),
                mpsc::error::TrySendError::Closed(o) => (o, "the bridge is stopping"),
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_budget_stops_at_whichever_bound_comes_first() {
        let by_count = OutboxBudget::new(OutboxLimits { messages: 2, bytes: 1_000_000 });
        assert!(by_count.admit(10) && by_count.admit(10));
        assert!(!by_count.admit(10));
        by_count.release(10);
        assert!(by_count.admit(10));

        let by_bytes = OutboxBudget::new(OutboxLimits { messages: 1_000, bytes: 40_000 });
        assert!(by_bytes.admit(16_500) && by_bytes.admit(16_500));
        assert!(!by_bytes.admit(16_500), "a third 16 KiB message would pass 40 KB");
        assert!(by_bytes.admit(100), "a small one still fits");
    }
}
