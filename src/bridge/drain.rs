//! Delivering the outbox. The observer appends one delivery per event and
//! rule; one drain at a time (a lease in the store, across a cluster's
//! nodes) sends them:
//!
//! - concurrently across rules, at most `concurrency` at once per service
//!   and at most the service's `rate_limit` calls per second, over the
//!   process's kept connections;
//! - in order within a rule: a rule's deliveries go one after another, and
//!   while its oldest waits for a retry the later ones wait behind it;
//! - with the service's retries and breaker, as `mih::request`; a failed
//!   try is scheduled again (`first_retry` · 2^(n-1) s, at most an hour),
//!   never slept on while other deliveries wait; the fifth failed try puts
//!   the rendered payload in the Dead Letter Queue with its last error;
//! - each with its idempotency key (HTTP `Idempotency-Key`, AMQP message
//!   id), the same across retries and replays.
//!
//! Each send runs as a task of its own, so a retry's wait, a slow answer or
//! a rate limit holds back nothing but the rule's own later events.
//! Outcomes are written in batches (every 200 ms or 500 outcomes), each in
//! one transaction, so a delivery is never lost between the outbox and the
//! Dead Letter Queue; a crash before a batch is written sends those
//! deliveries again, with the same keys (at least once).

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::time::{Duration, Instant};

use serde_json::{Map, Value};
use tokio::task::JoinSet;

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

/// A rule's deliveries read from the store and not yet sent, oldest first.
#[derive(Default)]
struct RuleQueue {
    items: VecDeque<Delivery>,
    /// The newest id read: the next read starts after it.
    last_id: i64,
    /// The store held nothing newer at the last read.
    exhausted: bool,
    /// One of its deliveries is being sent: the next one waits for it.
    busy: bool,
}

/// A delivery being sent.
struct InFlight {
    delivery: Delivery,
    rendered: Rendered,
    admitted: Admitted,
}

/// A drain's working state between its waits.
#[derive(Default)]
struct Run {
    /// The rules being delivered, by id.
    queues: BTreeMap<i64, RuleQueue>,
    in_flight: HashMap<u64, InFlight>,
    sends: JoinSet<(u64, Sent, Duration)>,
    next_token: u64,
    /// Calls in flight per service.
    per_service: HashMap<i64, usize>,
    /// Each rate-limited service's next free slot.
    slots: HashMap<i64, Instant>,
    /// What is done and not yet written to the store.
    settlement: Settlement,
    written_at: Option<Instant>,
}

/// How often the drain looks for rules that became due (new events, retries).
const RESCAN: Duration = Duration::from_secs(1);
/// The longest wait for a send to end before looking around again.
const POLL: Duration = Duration::from_millis(50);
/// Outcomes written to the store together: many at once, and at least this often.
const WRITE_ITEMS: usize = 500;
const WRITE_EVERY: Duration = Duration::from_millis(200);
/// How often the drain renews its lease.
const RENEW_EVERY: Duration = Duration::from_secs(5);

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

    /// The delivery loop: starts a send for every rule whose next delivery
    /// may go (its previous one done, its service under its concurrency
    /// and rate limits, its breaker letting it through), waits for any send
    /// to end, records the outcome, and goes on; no send waits for another
    /// rule's. New sends start within `options.seconds`; the ones in flight
    /// then end.
    fn drain_leased(
        &mut self,
        options: &DrainOptions,
        holder: &str,
        lease: f64,
        report: &mut DrainReport,
    ) -> Result<()> {
        let deadline = Instant::now() + Duration::from_secs(options.seconds);
        let mut open = true;
        let mut run = Run::default();
        let mut scanned_at: Option<Instant> = None;
        let mut renewed_at = Instant::now();
        loop {
            let now = Instant::now();
            open = open && now < deadline;
            if open && scanned_at.is_none_or(|at| now - at >= RESCAN) {
                self.write(&mut run)?;
                self.scan(&mut run)?;
                scanned_at = Some(now);
            }
            let wake = if open {
                self.start_sends(&mut run, options, report)?
            } else {
                None
            };
            if run.in_flight.is_empty() {
                if !open {
                    break;
                }
                if let Some(slot) = wake {
                    // The timer needs the runtime: made inside it.
                    self.runtime
                        .block_on(async { tokio::time::sleep_until(slot.into()).await });
                    continue;
                }
                // Nothing to send now: done, unless a rule became due.
                self.write(&mut run)?;
                scanned_at = Some(Instant::now());
                if !self.scan(&mut run)? {
                    break;
                }
                continue;
            }
            let wait = wake.map_or(POLL, |slot| slot.saturating_duration_since(now).min(POLL));
            let sends = &mut run.sends;
            let mut ended: Vec<_> = self
                .runtime
                .block_on(async { tokio::time::timeout(wait, sends.join_next()).await })
                .ok()
                .flatten()
                .into_iter()
                .collect();
            while let Some(more) = run.sends.try_join_next() {
                ended.push(more);
            }
            for joined in ended {
                let (token, sent, elapsed) = joined.map_err(|e| {
                    Error::new(Kind::Internal, format!("a delivery's task failed: {e}"))
                })?;
                self.finish(&mut run, token, sent, elapsed, options, report);
            }
            if run.settlement.len() >= WRITE_ITEMS
                || run.written_at.is_none_or(|at| at.elapsed() >= WRITE_EVERY)
            {
                self.write(&mut run)?;
            }
            if renewed_at.elapsed() >= RENEW_EVERY {
                let now = unix_now();
                // Another drain took over after ours ran out: start nothing more.
                open = open
                    && self
                        .store
                        .take_lease(DRAIN_LEASE, holder, now, now + lease)?;
                renewed_at = Instant::now();
            }
        }
        self.write(&mut run)
    }

    /// Writes what is done to the store, in one transaction.
    fn write(&mut self, run: &mut Run) -> Result<()> {
        if !run.settlement.is_empty() {
            self.store
                .outbox_settle(&std::mem::take(&mut run.settlement))?;
        }
        run.written_at = Some(Instant::now());
        Ok(())
    }

    /// Takes in the rules whose oldest delivery is due; whether any was new.
    fn scan(&mut self, run: &mut Run) -> Result<bool> {
        let now = unix_now();
        let mut added = false;
        for waiting in self.store.outbox_waiting()? {
            if waiting.next_at <= now && !run.queues.contains_key(&waiting.ruleid) {
                run.queues.insert(waiting.ruleid, RuleQueue::default());
                added = true;
            }
        }
        Ok(added)
    }

    /// Starts what may start; answers when a rate limit lets the next call
    /// go, if one waits for that.
    fn start_sends(
        &mut self,
        run: &mut Run,
        options: &DrainOptions,
        report: &mut DrainReport,
    ) -> Result<Option<Instant>> {
        let mut wake: Option<Instant> = None;
        let ruleids: Vec<i64> = run.queues.keys().copied().collect();
        for ruleid in ruleids {
            // Events that cannot render go to the queue at once; the loop
            // then goes on with the rule's next one.
            while let Some(queue) = run.queues.get_mut(&ruleid) {
                if queue.busy {
                    break;
                }
                if queue.items.is_empty() && !queue.exhausted {
                    let rows = self
                        .store
                        .outbox_rule(ruleid, queue.last_id, options.batch)?;
                    queue.exhausted = rows.len() < options.batch as usize;
                    queue.last_id = rows.last().map_or(queue.last_id, |d| d.id);
                    queue.items.extend(rows);
                }
                let Some(delivery) = queue.items.front().cloned() else {
                    run.queues.remove(&ruleid);
                    break;
                };
                let rendered = match self.render_delivery(&delivery) {
                    Ok(rendered) => rendered,
                    Err(err) if is_final(&err) => {
                        queue.items.pop_front();
                        let entry = unrendered_entry(&delivery, &err);
                        run.settlement.dead.push((delivery.id, entry));
                        report.dead += 1;
                        continue;
                    }
                    Err(err) => return Err(err),
                };
                let serviceid = rendered.rule.rule.serviceid;
                if run.per_service.get(&serviceid).copied().unwrap_or(0) >= options.concurrency {
                    break;
                }
                let rate = self.service(&rendered.service_name)?.service.rate_limit;
                let now = Instant::now();
                let slot = run.slots.get(&serviceid).copied().unwrap_or(now).max(now);
                if rate > 0 && slot > now {
                    wake = Some(wake.map_or(slot, |w| w.min(slot)));
                    break;
                }
                let admitted = match self.admit_call(&rendered.service_name) {
                    Ok(admitted) => admitted,
                    Err(err)
                        if matches!(err.kind(), Kind::Store | Kind::StoreBusy | Kind::Internal) =>
                    {
                        return Err(err)
                    }
                    Err(err) => {
                        // An open circuit, a disabled service: a failed try.
                        let error = err.coded();
                        queue.items.pop_front();
                        if !failed(
                            &delivery,
                            &rendered,
                            error,
                            options,
                            &mut run.settlement,
                            report,
                        ) {
                            run.queues.remove(&ruleid); // Its later events wait behind it.
                        }
                        continue;
                    }
                };
                queue.items.pop_front();
                queue.busy = true;
                if rate > 0 {
                    run.slots
                        .insert(serviceid, slot + Duration::from_secs_f64(1.0 / rate as f64));
                }
                *run.per_service.entry(serviceid).or_default() += 1;
                let token = run.next_token;
                run.next_token += 1;
                let sender = self.sender();
                let service = std::sync::Arc::clone(&admitted.service);
                let call = rendered.call.clone();
                let probe = admitted.probe;
                run.sends.spawn_on(
                    async move {
                        let started = Instant::now();
                        let send =
                            async { Ok(sender.send_with_retries(&service, &call, probe).await) };
                        let sent = catch_panic_async(send).await.unwrap_or_else(Sent::panicked);
                        (token, sent, started.elapsed())
                    },
                    self.runtime.handle(),
                );
                run.in_flight.insert(
                    token,
                    InFlight {
                        delivery,
                        rendered,
                        admitted,
                    },
                );
                break;
            }
        }
        Ok(wake)
    }

    /// Records a send that ended: the breaker and the log as for any call,
    /// and the delivery's outcome.
    fn finish(
        &mut self,
        run: &mut Run,
        token: u64,
        sent: Sent,
        elapsed: Duration,
        options: &DrainOptions,
        report: &mut DrainReport,
    ) {
        let Some(flight) = run.in_flight.remove(&token) else {
            return;
        };
        let serviceid = flight.admitted.service.id;
        if let Some(count) = run.per_service.get_mut(&serviceid) {
            *count = count.saturating_sub(1);
        }
        let rule = &flight.rendered.rule.rule;
        let origin = Origin {
            ruleid: Some(rule.id),
            eventname: Some(rule.eventname.clone()),
        };
        let ruleid = flight.delivery.fields.ruleid;
        let error = match self.conclude(
            &flight.admitted,
            &flight.rendered.call,
            origin,
            sent,
            elapsed,
        ) {
            Ok(response) if response.success => {
                run.settlement.delivered.push(flight.delivery.id);
                report.delivered += 1;
                None
            }
            Ok(response) => Some(response.error.unwrap_or_else(|| "failed".into())),
            Err(err) => Some(err.coded()),
        };
        let go_on = match error {
            None => true,
            Some(error) => failed(
                &flight.delivery,
                &flight.rendered,
                error,
                options,
                &mut run.settlement,
                report,
            ),
        };
        if go_on {
            if let Some(queue) = run.queues.get_mut(&ruleid) {
                queue.busy = false;
            }
        } else {
            run.queues.remove(&ruleid); // Its later events wait behind it.
        }
    }

    fn render_delivery(&mut self, delivery: &Delivery) -> Result<Rendered> {
        let eventdata: Value = serde_json::from_str(&delivery.fields.eventdata)
            .map_err(|e| Error::invalid(format!("the stored event is not JSON: {e}")))?;
        let mut rendered = self.render(delivery.fields.ruleid, &eventdata)?;
        rendered.call.idempotency_key = Some(delivery.fields.delivery_id.clone());
        Ok(rendered)
    }
}

/// Errors no retry can fix: the event goes to the Dead Letter Queue at once.
fn is_final(err: &Error) -> bool {
    matches!(
        err.kind(),
        Kind::RuleNotFound | Kind::ServiceNotFound | Kind::InvalidArgument
    )
}

/// A failed try: scheduled again, or after the last one, dead. Answers
/// whether the rule's next event may go (this one is dead) rather than wait
/// behind this one's retry.
fn failed(
    delivery: &Delivery,
    rendered: &Rendered,
    error: String,
    options: &DrainOptions,
    settlement: &mut Settlement,
    report: &mut DrainReport,
) -> bool {
    let attempts = delivery.fields.attempts + 1;
    if attempts >= MAX_ATTEMPTS {
        let entry = rendered.dlq_entry(&error, attempts, &delivery.fields.delivery_id);
        settlement.dead.push((delivery.id, entry));
        report.dead += 1;
        true
    } else {
        settlement.retries.push(Retry {
            id: delivery.id,
            attempts,
            error,
            next_at: unix_now() + options.retry_delay(attempts),
        });
        report.retried += 1;
        false
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
        error: err.coded(),
        attempts: fields.attempts,
        delivery_id: fields.delivery_id.clone(),
        timecreated: 0,
        timemodified: 0,
    }
}
