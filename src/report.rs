//! Problems that never fail a call but an admin must hear of (a breaker or
//! log row the store refused, a WSDL cache that cannot be written): kept
//! here from wherever they happen, any thread, and written to PHP's error
//! log at the end of the PHP request (RSHUTDOWN), where PHP can log.

use std::sync::{Mutex, PoisonError};

/// More than this between two request ends is a flood: the rest are counted.
const KEPT: usize = 100;

struct Problems {
    messages: Vec<String>,
    dropped: usize,
}

static PROBLEMS: Mutex<Problems> = Mutex::new(Problems {
    messages: Vec::new(),
    dropped: 0,
});

/// Keeps a problem for the error log.
pub fn problem(message: String) {
    let mut problems = PROBLEMS.lock().unwrap_or_else(PoisonError::into_inner);
    if problems.messages.len() < KEPT {
        problems.messages.push(message);
    } else {
        problems.dropped += 1;
    }
}

/// The problems kept since the last call, oldest first.
pub fn take() -> Vec<String> {
    let mut problems = PROBLEMS.lock().unwrap_or_else(PoisonError::into_inner);
    let mut messages = std::mem::take(&mut problems.messages);
    if problems.dropped > 0 {
        messages.push(format!(
            "mih: {} more problem(s) not shown",
            problems.dropped
        ));
        problems.dropped = 0;
    }
    messages
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn problems_are_taken_once_and_a_flood_is_counted() {
        take();
        for i in 0..KEPT + 5 {
            problem(format!("p{i}"));
        }
        let taken = take();
        assert_eq!(taken.len(), KEPT + 1);
        assert_eq!(taken[0], "p0");
        assert_eq!(taken[KEPT], "mih: 5 more problem(s) not shown");
        assert!(take().is_empty());
    }
}
