//! The SQL of the inbound webhook ids seen lately, one text for every store
//! but for how each says "insert unless there".

/// Forgets the ids seen before the bound. Binds: the bound.
pub fn forget(table: &str) -> String {
    format!("DELETE FROM {table} WHERE seen < ?")
}

/// Records an id unless it is there: one row changed means it is new.
/// Binds: service id, webhook id, time. `ignore` is the store's
/// ("INSERT OR IGNORE INTO", "") or ("INSERT INTO", " ON CONFLICT DO NOTHING").
pub fn remember(table: &str, ignore: &str, tail: &str) -> String {
    format!("{ignore} {table} (serviceid, id, seen) VALUES (?, ?, ?){tail}")
}
