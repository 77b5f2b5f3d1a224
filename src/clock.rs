//! Wall-clock time as the store records it.

use std::time::{SystemTime, UNIX_EPOCH};

/// Seconds since the Unix epoch, with fractions.
pub fn unix_now() -> f64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0.0, |d| d.as_secs_f64())
}
