//! What makes a call resilient, each concern in its own file: `breaker`
//! (whether to call at all), `backoff` (how long to wait before a retry).
//! Whether to retry is the error's own call: `Error::is_retryable` and
//! `Error::counts_for_breaker`.

pub mod backoff;
pub mod breaker;
