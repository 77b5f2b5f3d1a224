//! The outbox's and the leases' SQL, one text for every store: SQLite,
//! PostgreSQL and MariaDB read it alike (`?` placeholders, no dialect's
//! own syntax). Each store passes its table names.

/// Deliveries deleted or moved per statement at most.
pub const IDS_PER_STATEMENT: usize = 500;

/// The columns [`rule_deliveries`] selects, in the order the stores read them.
pub const DELIVERY_COLUMNS: &str =
    "id, delivery_id, ruleid, eventname, eventdata, attempts, error, next_at";

pub fn append(outbox: &str) -> String {
    format!(
        "INSERT INTO {outbox} (delivery_id, ruleid, eventname, eventdata, attempts, error, next_at, timecreated) \
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
    )
}

/// Per rule: its oldest delivery's rule, event name, time, attempts, error
/// and next try, and how many wait.
pub fn waiting(outbox: &str) -> String {
    format!(
        "SELECT o.ruleid, o.eventname, w.n, o.timecreated, o.attempts, o.error, o.next_at \
         FROM (SELECT ruleid, MIN(id) AS head, COUNT(*) AS n FROM {outbox} GROUP BY ruleid) w \
         JOIN {outbox} o ON o.id = w.head ORDER BY o.ruleid"
    )
}

pub fn rule_deliveries(outbox: &str) -> String {
    format!(
        "SELECT {DELIVERY_COLUMNS} FROM {outbox} WHERE ruleid = ? AND id > ? ORDER BY id LIMIT ?"
    )
}

/// Deletes the deliveries whose ids fill `count` placeholders.
pub fn delete(outbox: &str, count: usize) -> String {
    format!(
        "DELETE FROM {outbox} WHERE id IN ({})",
        vec!["?"; count].join(", ")
    )
}

pub fn retry(outbox: &str) -> String {
    format!("UPDATE {outbox} SET attempts = ?, error = ?, next_at = ? WHERE id = ?")
}

/// Binds: holder, expires, name, now, holder.
pub fn take_lease(leases: &str) -> String {
    format!(
        "UPDATE {leases} SET holder = ?, expires = ? WHERE name = ? AND (expires < ? OR holder = ?)"
    )
}

/// Binds: name, holder.
pub fn release_lease(leases: &str) -> String {
    format!("UPDATE {leases} SET expires = 0 WHERE name = ? AND holder = ?")
}
