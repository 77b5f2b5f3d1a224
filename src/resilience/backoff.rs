//! How long to wait before retry n: Initial Backoff x 2^(n-1), jittered so
//! workers that failed together do not retry in lockstep, capped, and
//! replaced by the server's `Retry-After` when it gives one.

use std::time::{Duration, SystemTime};

use backon::{BackoffBuilder, ExponentialBuilder};

/// No single wait is longer than this (the older plugin's cap).
pub const MAX_DELAY: Duration = Duration::from_secs(60);

/// The delays before retries 1..=retries: `initial` doubling each time, with
/// up to 100% random jitter on top, each at most [`MAX_DELAY`].
pub fn delays(initial: Duration, retries: u32) -> impl Iterator<Item = Duration> {
    ExponentialBuilder::new()
        .with_min_delay(initial)
        .with_factor(2.0)
        .with_max_delay(MAX_DELAY)
        .with_max_times(retries as usize)
        .with_jitter()
        .build()
        .map(|delay| delay.min(MAX_DELAY))
}

/// A `Retry-After` value: delta-seconds or an HTTP date, as of `now`.
/// Dates in the past mean "now"; anything unparsable is ignored.
pub fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let date = httpdate::parse_http_date(value).ok()?;
    Some(date.duration_since(now).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delays_double_with_jitter_and_stop_after_the_retries() {
        for _ in 0..50 {
            let waits: Vec<Duration> = delays(Duration::from_millis(100), 4).collect();
            assert_eq!(waits.len(), 4);
            for (n, wait) in waits.iter().enumerate() {
                let base = Duration::from_millis(100) * 2u32.pow(n as u32);
                assert!(
                    *wait >= base && *wait <= base * 2,
                    "retry {}: {wait:?} vs base {base:?}",
                    n + 1
                );
            }
        }
    }

    #[test]
    fn delays_are_capped_and_zero_stays_zero() {
        assert!(delays(Duration::from_secs(50), 5).all(|d| d <= MAX_DELAY));
        assert!(delays(Duration::ZERO, 3).all(|d| d == Duration::ZERO));
        assert_eq!(delays(Duration::from_secs(1), 0).count(), 0);
    }

    #[test]
    fn retry_after_takes_seconds_or_a_date() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        assert_eq!(parse_retry_after(" 7 ", now), Some(Duration::from_secs(7)));
        let later = httpdate::fmt_http_date(now + Duration::from_secs(90));
        assert_eq!(
            parse_retry_after(&later, now),
            Some(Duration::from_secs(90))
        );
        let earlier = httpdate::fmt_http_date(now - Duration::from_secs(90));
        assert_eq!(parse_retry_after(&earlier, now), Some(Duration::ZERO));
        assert_eq!(parse_retry_after("soon", now), None);
        assert_eq!(parse_retry_after("-3", now), None);
    }
}
