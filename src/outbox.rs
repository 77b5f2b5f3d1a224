//! The outbox: events waiting to be delivered through a rule, one row per
//! event and rule, kept in the store until they are delivered or moved to
//! the Dead Letter Queue. These are the types the store and the drain share.

use crate::bridge::dlq::DlqEntry;

/// The name of the lease one drain at a time holds, across a cluster.
pub const DRAIN_LEASE: &str = "outbox_drain";

/// A delivery to append: an event for one rule.
#[derive(Debug, Clone, PartialEq)]
pub struct NewDelivery {
    /// The idempotency key receivers see, the same across retries and
    /// replays.
    pub delivery_id: String,
    pub ruleid: i64,
    pub eventname: String,
    /// The event's data, JSON text.
    pub eventdata: String,
    /// Failed tries already made (an event handed over from an older task).
    pub attempts: i64,
    /// The last try's error, '' before any.
    pub error: String,
    /// Unix time before which it is not tried (0: at once).
    pub next_at: f64,
}

/// A delivery as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct Delivery {
    pub id: i64,
    pub fields: NewDelivery,
}

/// A failed try: the delivery stays, tried again from `next_at`.
#[derive(Debug, Clone, PartialEq)]
pub struct Retry {
    pub id: i64,
    pub attempts: i64,
    pub error: String,
    pub next_at: f64,
}

/// What one pass of the drain did, written in one transaction so that a
/// delivery is never both in the outbox and the Dead Letter Queue, nor in
/// neither.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Settlement {
    /// Delivered: removed.
    pub delivered: Vec<i64>,
    /// Failed, to be tried again.
    pub retries: Vec<Retry>,
    /// Undeliverable: removed and put in the Dead Letter Queue.
    pub dead: Vec<(i64, DlqEntry)>,
}

impl Settlement {
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// How many deliveries it settles.
    pub fn len(&self) -> usize {
        self.delivered.len() + self.retries.len() + self.dead.len()
    }
}

/// What waits for one rule: the Queue page's row.
#[derive(Debug, Clone, PartialEq)]
pub struct Waiting {
    pub ruleid: i64,
    pub eventname: String,
    pub count: i64,
    /// When the oldest waiting event was appended.
    pub oldest: i64,
    /// The oldest event's failed tries, last error and next try: the rule's
    /// later events wait behind it, so its order is kept.
    pub attempts: i64,
    pub error: String,
    pub next_at: f64,
}

impl Waiting {
    pub fn to_map(&self) -> serde_json::Map<String, serde_json::Value> {
        let mut row = serde_json::Map::new();
        row.insert("ruleid".into(), self.ruleid.into());
        row.insert("eventname".into(), self.eventname.clone().into());
        row.insert("count".into(), self.count.into());
        row.insert("oldest".into(), self.oldest.into());
        row.insert("attempts".into(), self.attempts.into());
        row.insert("error".into(), self.error.clone().into());
        row.insert("next_at".into(), self.next_at.into());
        row
    }
}

/// A new idempotency key: 128 random bits from the kernel, as 32 hex
/// digits. Not from a seeded generator: php-fpm workers forked from one
/// parent would share its state and repeat each other's keys.
pub fn new_delivery_id() -> String {
    let mut bytes = [0u8; 16];
    let mut filled = 0;
    while filled < bytes.len() {
        // SAFETY: the pointer and length describe the unfilled part of `bytes`.
        let got = unsafe {
            libc::getrandom(bytes[filled..].as_mut_ptr().cast(), bytes.len() - filled, 0)
        };
        if got > 0 {
            filled += got as usize;
        }
    }
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delivery_ids_are_32_hex_digits_and_differ() {
        let a = new_delivery_id();
        let b = new_delivery_id();
        assert_eq!(a.len(), 32);
        assert!(a.chars().all(|c| c.is_ascii_hexdigit()));
        assert_ne!(a, b);
    }
}
