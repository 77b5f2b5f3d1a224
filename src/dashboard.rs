//! The dashboard: service rows (configuration without secrets, the
//! circuit's state, the last 24 hours of the log) and the charts' figures.

use serde_json::{Map, Value};

use crate::error::Result;
use crate::store::{LogFilter, Store};

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

/// How many recent calls the latency trend shows.
pub const TREND_CALLS: u32 = 200;

/// The charts' figures, as of `now`: `success` and `failure` counts over
/// the log kept, `latencies` of the last 200 calls (oldest first: `time`,
/// `latencyms`, `success`, `servicename`), and per service over 24 hours
/// (`calls`, `errors`, `avg_latency`).
pub fn stats(store: &mut dyn Store, now: f64) -> Result<Map<String, Value>> {
    let (success, failure) = store.log_outcomes()?;
    let mut recent = store.query_log(&LogFilter::default(), TREND_CALLS, 0)?;
    recent.reverse();
    let latencies: Vec<Value> = recent
        .into_iter()
        .map(|row| {
            let mut point = Map::new();
            for (name, column) in [
                ("time", "timecreated"),
                ("latencyms", "latencyms"),
                ("success", "success"),
                ("servicename", "servicename"),
            ] {
                point.insert(name.into(), row.get(column).cloned().unwrap_or(Value::Null));
            }
            Value::Object(point)
        })
        .collect();
    let names: std::collections::HashMap<i64, String> = store
        .services()?
        .into_iter()
        .map(|s| (s.id, s.name))
        .collect();
    let mut services: Vec<Value> = store
        .log_figures(now - DAY)?
        .into_iter()
        .filter(|(_, figures)| figures.calls > 0)
        .map(|(id, figures)| {
            serde_json::json!({
                "serviceid": id,
                "name": names.get(&id),
                "calls": figures.calls,
                "errors": figures.errors,
                "avg_latency": figures.avg_latency.map(|ms| (ms * 100.0).round() / 100.0),
            })
        })
        .collect();
    services.sort_by_key(|row| row["name"].as_str().unwrap_or_default().to_string());
    let mut stats = Map::new();
    stats.insert("success".into(), success.into());
    stats.insert("failure".into(), failure.into());
    stats.insert("latencies".into(), latencies.into());
    stats.insert("services".into(), services.into());
    Ok(stats)
}
