//! The dashboard's service rows: configuration without secrets, the
//! circuit's state, and the last 24 hours of the log.

use serde_json::{Map, Value};

use crate::error::Result;
use crate::store::Store;

const DAY: f64 = 86_400.0;

/// One row per service, as of `now` (Unix seconds): `Service::to_public()`
/// plus `state`, `failures`, `retry_in` (s), `avg_latency_24h` (ms),
/// `errors_24h`, `last_used` (Unix time or null).
pub fn rows(store: &mut dyn Store, now: f64) -> Result<Vec<Map<String, Value>>> {
    let breakers = store.breakers()?;
    let figures = store.log_figures(now - DAY)?;
    let services = store.services()?;
    Ok(services
        .into_iter()
        .map(|service| {
            let stored = breakers.get(&service.id).copied().unwrap_or_default();
            let log = figures.get(&service.id).copied().unwrap_or_default();
            let retry_in = stored
                .breaker
                .retry_in(&service.breaker_params(0.0), now)
                .ceil() as i64;
            let mut row = service.to_public();
            row.insert("state".into(), stored.breaker.state.as_str().into());
            row.insert("failures".into(), stored.breaker.failures.into());
            row.insert("retry_in".into(), retry_in.into());
            row.insert(
                "avg_latency_24h".into(),
                log.avg_latency
                    .map(|ms| (ms * 100.0).round() / 100.0)
                    .into(),
            );
            row.insert("errors_24h".into(), log.errors.into());
            row.insert("last_used".into(), log.last_used.map(|t| t as i64).into());
            row
        })
        .collect())
}
