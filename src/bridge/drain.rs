//! Delivering the outbox. The observer appends one delivery per event and
//! rule; one drain at a time (a lease in the store, across a cluster's
//! nodes) sends them:
//!
//! - concurrently across rules, at most `concurrency` at once per service,
//!   over the process's kept connections;
//! - in order within a rule: a rule's deliveries go one after another, and
//!   while its oldest waits for a retry the later ones wait behind it;
//! - with the service's retries and breaker, as `mih::request`; a failed
//!   try is scheduled again (`first_retry` · 2^(n-1) s, at most an hour),
//!   never slept on while other deliveries wait; the fifth failed try puts
//!   the rendered payload in the Dead Letter Queue with its last error;
//! - each with its idempotency key (HTTP `Idempotency-Key`, AMQP message
//!   id), the same across retries and replays.
//!
//! What a pass did is written in one transaction, so a delivery is never
//! lost between the outbox and the Dead Letter Queue; a crash before it is
//! written sends those deliveries again, with the same keys.

use std::collections::{BTreeMap, HashMap};
use std::time::{Duration, Instant};

use futures_util::future::join_all;
use serde_json::{Map, Value};
use tokio::sync::Semaphore;

use super::dispatch::Rendered;
use super::dlq::{check_eventname, DlqEntry, PAYLOAD_MAX_BYTES};
use super::rules::normalise_eventname;
use crate::call::{Admitted, Origin, Sent};
use crate::clock::unix_now;
use crate::error::{catch_panic_async, Error, Kind, Result};
use crate::form;
use crate::hub::Hub;
use crate::outbox::{new_delivery_id, Delivery, NewDelivery, Retry, Settlement, DRAIN_LEASE};

/// Failed tries after which a delivery goes to the Dead Letter Queue.
pub const MAX_ATTEMPTS: i64 = 5;

/// The longest wait before a retry, in seconds.
const MAX_RETRY_DELAY: f64 = 3600.0;

/// How one drain runs.
#[derive(Debug, Clone, PartialEq)]
pub struct DrainOptions {
    /// Passes start only within this many seconds (a pass in flight ends
    /// within the services' call deadline).
    pub seconds: u64,
    /// Deliveries in flight per service at most.
    pub concurrency: usize,
    /// Deliveries of one rule read per pass.
    pub batch: u32,
    /// Seconds before the first retry; doubled after each failed try.
    pub first_retry: u64,
}

impl Default for DrainOptions {
    fn default() -> Self {
        Self {
            seconds: 50,
            concurrency: 4,
            batch: 500,
            first_retry: 60,
        }
    }
}

impl DrainOptions {
    /// Options from `bridge::drain`'s array; unknown keys and values out of
    /// range are field errors.
    pub fn from_fields(fields: &Map<String, Value>) -> Result<Self> {
        let mut options = Self::default();
        let mut errors = BTreeMap::new();
        for (key, value) in fields {
            let outcome = match key.as_str() {
                "seconds" => form::bounded(value, 1..=3600).map(|n| options.seconds = n as u64),
                "concurrency" => {
                    form::bounded(value, 1..=64).map(|n| options.concurrency = n as usize)
                }
                "batch" => form::bounded(value, 1..=10_000).map(|n| options.batch = n as u32),
                "first_retry" => {
                    form::bounded(value, 1..=3600).map(|n| options.first_retry = n as u64)
                }
                _ => Err("unknown option".to_string()),
            };
            if let Err(message) = outcome {
                errors.insert(key.clone(), message);
            }
        }
        form::finish(options, errors)
    }

    /// Seconds before the try after `attempts` failed ones.
    pub fn retry_delay(&self, attempts: i64) -> f64 {
        let doublings = (attempts - 1).clamp(0, 30) as i32;
        (self.first_retry as f64 * 2f64.powi(doublings)).min(MAX_RETRY_DELAY)
    }
}

/// What a drain did.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DrainReport {
    pub delivered: usize,
    /// Failed tries scheduled again.
    pub retried: usize,
    /// Moved to the Dead Letter Queue.
    pub dead: usize,
    /// Deliveries left in the outbox.
    pub waiting: i64,
    /// Another drain held the lease: this one sent nothing.
    pub busy: bool,
}

impl DrainReport {
    pub fn to_map(&self) -> Map<String, Value> {
        let mut map = Map::new();
        map.insert("delivered".into(), self.delivered.into());
        map.insert("retried".into(), self.retried.into());
        map.insert("dead".into(), self.dead.into());
        map.insert("waiting".into(), self.waiting.into());
        map.insert("busy".into(), self.busy.into());
        map
    }
}

/// One rule's deliveries of a pass, rendered, in order, behind one
/// admission by the service's breaker.
struct Chain {
    admitted: Admitted,
    items: Vec<(Delivery, Rendered)>,
}

impl Hub {
    /// Appends an event to the outbox: for rule `ruleid`, or for every
    /// active rule its `eventname` matches whose filter it passes. `attempts` and `error` carry
    /// the tries an older task made. Returns how many deliveries it added.
    pub fn enqueue(
        &mut self,
        eventdata: &Value,
        ruleid: Option<i64>,
        attempts: i64,
        error: &str,
    ) -> Result<usize> {
        let field_error = |message: String| {
            Error::invalid_fields(BTreeMap::from([("eventdata".to_string(), message)]))
        };
        let eventname = eventdata
            .get("eventname")
            .and_then(Value::as_str)
            .map(normalise_eventname)
            .unwrap_or_default();
        check_eventname(&eventname).map_err(|m| field_error(format!("eventname: {m}")))?;
        let ruleids = match ruleid {
            Some(id) => vec![id],
            None if eventname.is_empty() => {
                return Err(field_error("needs an eventname to be matched".into()))
            }
            None => {
                let ids = self.matching(&eventname)?.to_vec();
                let rules = &self.config()?.rules;
                ids.into_iter()
                    .filter(|id| rules.get(id).is_none_or(|rule| rule.admits(eventdata)))
                    .collect()
            }
        };
        if ruleids.is_empty() {
            return Ok(0);
        }
        let text = eventdata.to_string();
        if text.len() > PAYLOAD_MAX_BYTES {
            return Err(field_error(format!(
                "at most {PAYLOAD_MAX_BYTES} bytes as JSON (8 MiB); this event has {}",
                text.len()
            )));
        }
        let items: Vec<NewDelivery> = ruleids
            .into_iter()
            .map(|ruleid| NewDelivery {
                delivery_id: new_delivery_id(),
                ruleid,
                eventname: eventname.clone(),
                eventdata: text.clone(),
                attempts: attempts.max(0),
                error: error.to_string(),
                next_at: 0.0,
            })
            .collect();
        self.store.outbox_append(&items)?;
        Ok(items.len())
    }

    /// Delivers what is due in the outbox, pass after pass, until nothing
    /// is due or `options.seconds` are spent. Only one drain runs at a
    /// time: another finds the lease taken and answers `busy`.
    pub fn drain(&mut self, options: &DrainOptions) -> Result<DrainReport> {
        let holder = new_delivery_id();
        // Long enough for the last pass's calls to end.
        let lease = (options.seconds + 2 * self.settings.max_call.as_secs() + 30) as f64;
        let now = unix_now();
        let mut report = DrainReport::default();
        if !self
            .store
            .take_lease(DRAIN_LEASE, &holder, now, now + lease)?
        {
            report.busy = true;
        } else {
            let drained = self.drain_leased(options, &holder, lease, &mut report);
            let released = self.store.release_lease(DRAIN_LEASE, &holder);
            drained?;
            released?;
        }
        report.waiting = self.store.outbox_waiting()?.iter().map(|w| w.count).sum();
        Ok(report)
    }

    fn drain_leased(
        &mut self,
        options: &DrainOptions,
        holder: &str,
        lease: f64,
        report: &mut DrainReport,
    ) -> Result<()> {
        let started = Instant::now();
        while started.elapsed() < Duration::from_secs(options.seconds) {
            let now = unix_now();
            let due: Vec<i64> = self
                .store
                .outbox_waiting()?
                .into_iter()
                .filter(|w| w.next_at <= now)
                .map(|w| w.ruleid)
                .collect();
            if due.is_empty() {
                break;
            }
            let mut settlement = Settlement::default();
            let mut chains = Vec::new();
            for ruleid in due {
                let deliveries = self.store.outbox_rule(ruleid, 0, options.batch)?;
                chains.extend(self.chain(deliveries, options, &mut settlement, report)?);
            }
            let sent = self.send_chains(&chains, options.concurrency);
            for (chain, sent) in chains.iter().zip(sent) {
                for ((delivery, rendered), (sent, elapsed)) in chain.items.iter().zip(sent) {
                    let origin = Origin {
                        ruleid: Some(rendered.rule.rule.id),
                        eventname: Some(rendered.rule.rule.eventname.clone()),
                    };
                    let error =
                        match self.conclude(&chain.admitted, &rendered.call, origin, sent, elapsed)
                        {
                            Ok(response) if response.success => {
                                settlement.delivered.push(delivery.id);
                                report.delivered += 1;
                                continue;
                            }
                            Ok(response) => response.error.unwrap_or_else(|| "failed".into()),
                            Err(err) => format!("{}: {}", err.code(), err.message()),
                        };
                    failed(delivery, rendered, error, options, &mut settlement, report);
                }
            }
            self.store.outbox_settle(&settlement)?;
            let now = unix_now();
            if !self
                .store
                .take_lease(DRAIN_LEASE, holder, now, now + lease)?
            {
                break; // Another drain took over after ours ran out.
            }
        }
        Ok(())
    }

    /// Renders a rule's deliveries and asks the breaker once for them. An
    /// event that cannot be rendered (its rule or service gone, a template
    /// that fails on it) goes to the Dead Letter Queue at once; a refusal
    /// (open circuit, disabled service) is a failed try of the oldest.
    fn chain(
        &mut self,
        deliveries: Vec<Delivery>,
        options: &DrainOptions,
        settlement: &mut Settlement,
        report: &mut DrainReport,
    ) -> Result<Option<Chain>> {
        let mut items = Vec::new();
        for delivery in deliveries {
            match self.render_delivery(&delivery) {
                Ok(rendered) => items.push((delivery, rendered)),
                Err(err) if is_final(&err) => {
                    settlement
                        .dead
                        .push((delivery.id, unrendered_entry(&delivery, &err)));
                    report.dead += 1;
                }
                Err(err) => return Err(err),
            }
        }
        let Some((head, rendered)) = items.first() else {
            return Ok(None);
        };
        match self.admit_call(&rendered.service_name) {
            Ok(admitted) => {
                if admitted.probe {
                    items.truncate(1); // The probe goes alone.
                }
                Ok(Some(Chain { admitted, items }))
            }
            Err(err) if matches!(err.kind(), Kind::Store | Kind::StoreBusy | Kind::Internal) => {
                Err(err)
            }
            Err(err) => {
                let error = format!("{}: {}", err.code(), err.message());
                failed(head, rendered, error, options, settlement, report);
                Ok(None)
            }
        }
    }

    fn render_delivery(&mut self, delivery: &Delivery) -> Result<Rendered> {
        let eventdata: Value = serde_json::from_str(&delivery.fields.eventdata)
            .map_err(|e| Error::invalid(format!("the stored event is not JSON: {e}")))?;
        let mut rendered = self.render(delivery.fields.ruleid, &eventdata)?;
        rendered.call.idempotency_key = Some(delivery.fields.delivery_id.clone());
        Ok(rendered)
    }

    /// Sends every chain at once, each in order, at most `concurrency`
    /// calls per service in flight; a chain stops at its first failure.
    fn send_chains(&self, chains: &[Chain], concurrency: usize) -> Vec<Vec<(Sent, Duration)>> {
        let mut limits: HashMap<i64, Semaphore> = HashMap::new();
        for chain in chains {
            limits
                .entry(chain.admitted.service.id)
                .or_insert_with(|| Semaphore::new(concurrency));
        }
        let runs = chains.iter().map(|chain| {
            let limit = &limits[&chain.admitted.service.id];
            async move {
                let mut sent_all = Vec::new();
                for (_, rendered) in &chain.items {
                    let _permit = limit.acquire().await.ok();
                    let started = Instant::now();
                    let send = async {
                        Ok(self
                            .send_with_retries_async(
                                &chain.admitted.service,
                                &rendered.call,
                                chain.admitted.probe,
                            )
                            .await)
                    };
                    let sent = catch_panic_async(send).await.unwrap_or_else(Sent::panicked);
                    let failed = sent.failed();
                    sent_all.push((sent, started.elapsed()));
                    if failed {
                        break;
                    }
                }
                sent_all
            }
        });
        self.runtime.block_on(join_all(runs))
    }
}

/// Errors no retry can fix: the event goes to the Dead Letter Queue at once.
fn is_final(err: &Error) -> bool {
    matches!(
        err.kind(),
        Kind::RuleNotFound | Kind::ServiceNotFound | Kind::InvalidArgument
    )
}

/// A failed try: scheduled again, or after the last one, dead.
fn failed(
    delivery: &Delivery,
    rendered: &Rendered,
    error: String,
    options: &DrainOptions,
    settlement: &mut Settlement,
    report: &mut DrainReport,
) {
    let attempts = delivery.fields.attempts + 1;
    if attempts >= MAX_ATTEMPTS {
        let entry = rendered.dlq_entry(&error, attempts, &delivery.fields.delivery_id);
        settlement.dead.push((delivery.id, entry));
        report.dead += 1;
    } else {
        settlement.retries.push(Retry {
            id: delivery.id,
            attempts,
            error,
            next_at: unix_now() + options.retry_delay(attempts),
        });
        report.retried += 1;
    }
}

/// The Dead Letter Queue entry of an event that could not be rendered: the
/// event's data as its payload, so nothing of it is lost.
fn unrendered_entry(delivery: &Delivery, err: &Error) -> DlqEntry {
    let fields = &delivery.fields;
    DlqEntry {
        id: 0,
        eventname: fields.eventname.clone(),
        ruleid: Some(fields.ruleid),
        serviceid: None,
        endpoint: String::new(),
        http_method: crate::transport::Method::Post,
        payload: fields.eventdata.clone(),
        error: format!("{}: {}", err.code(), err.message()),
        attempts: fields.attempts,
        delivery_id: fields.delivery_id.clone(),
        timecreated: 0,
        timemodified: 0,
    }
}
