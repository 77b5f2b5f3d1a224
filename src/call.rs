//! One `mih::request`: find the service, ask its breaker, send through its
//! transport with retries under the call's deadline, tell the breaker how it
//! went, answer with a [`Response`] and log it.
//!
//! Only what the caller did wrong (unknown or disabled service, bad
//! arguments) and an open circuit are an `Err`; every transport outcome,
//! failures included, is a `Response` with `success == false`, so PHP
//! callers need no try/catch for a 500.

use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::clock::unix_now;
use crate::error::{catch_panic, Error, Kind, Result};
use crate::hub::{truncate, Cached, Hub};
use crate::resilience::backoff;
use crate::resilience::breaker::{Admission, Outcome, Params, State};
use crate::service::{Service, ServiceType};
use crate::settings::Settings;
use crate::store::{Direction, LogEntry, StoredBreaker};
use crate::transport::amqp::AmqpTransport;
use crate::transport::http::HttpTransport;
use crate::transport::soap::SoapTransport;
use crate::transport::{Context, Outgoing, Reply, Transport};

/// What `mih::request` answers.
#[derive(Debug, Clone, PartialEq)]
pub struct Response {
    pub success: bool,
    pub httpstatus: Option<u16>,
    pub body: Vec<u8>,
    pub error: Option<String>,
    pub latencyms: f64,
    pub attempts: u32,
}

/// Where a call comes from, for the log (the Event Bridge sets both).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Origin {
    pub ruleid: Option<i64>,
    pub eventname: Option<String>,
}

/// The last attempt's outcome and how many attempts were made.
pub(crate) struct Sent {
    outcome: Result<Reply>,
    attempts: u32,
}

impl Sent {
    /// A send that panicked (a bug of ours) before it could answer.
    pub(crate) fn panicked(err: Error) -> Self {
        Sent {
            outcome: Err(err),
            attempts: 1,
        }
    }

    /// The failure of the last attempt, if it failed.
    fn failure(&self) -> Option<Error> {
        match &self.outcome {
            Ok(Reply {
                fault: Some(fault), ..
            }) => Some(Error::new(Kind::SoapFault, fault.clone())),
            Ok(Reply {
                status: Some(status),
                ..
            }) if !(200..300).contains(status) => {
                Some(Error::new(Kind::Status(*status), format!("HTTP {status}")))
            }
            Ok(_) => None,
            Err(err) => Some(err.clone()),
        }
    }
}

/// How many times a breaker transition is retried when other processes keep
/// moving the row first.
const SWAP_TRIES: usize = 8;

/// A call its service's breaker let through, ready to send.
pub(crate) struct Admitted {
    pub(crate) service: std::sync::Arc<Service>,
    params: Params,
    /// Whether it is the half-open circuit's one probe.
    pub(crate) probe: bool,
    breaker: StoredBreaker,
}

impl Hub {
    pub fn request(
        &mut self,
        service_name: &str,
        call: &Outgoing,
        origin: Origin,
    ) -> Result<Response> {
        let admitted = self.admit_call(service_name)?;
        let started = Instant::now();
        // A panic in a transport is a bug of ours: the call is logged with
        // it and PHP gets an `internal` mih_exception.
        let sent =
            catch_panic(|| Ok(self.send_with_retries(&admitted.service, call, admitted.probe)))
                .unwrap_or_else(Sent::panicked);
        self.conclude(&admitted, call, origin, sent, started.elapsed())
    }

    /// Finds an enabled service and asks its breaker: an unknown or
    /// disabled service and an open circuit are errors.
    pub(crate) fn admit_call(&mut self, service_name: &str) -> Result<Admitted> {
        let cached = self.service(service_name)?;
        let service = &cached.service;
        if !service.enabled {
            return Err(Error::new(
                Kind::ServiceDisabled,
                format!("service '{}' is disabled", truncate(service_name, 80)),
            ));
        }
        if service.kind == ServiceType::Amqp {
            self.amqp_transport()?;
        }
        let params = self.breaker_params(service);
        let (probe, breaker) = self.admit(&cached, &params)?;
        Ok(Admitted {
            service: std::sync::Arc::clone(&cached.service),
            params,
            probe,
            breaker,
        })
    }

    /// Tells the breaker how a sent call went, logs it and answers it.
    pub(crate) fn conclude(
        &mut self,
        admitted: &Admitted,
        call: &Outgoing,
        origin: Origin,
        sent: Sent,
        elapsed: Duration,
    ) -> Result<Response> {
        let service = &admitted.service;
        let latencyms = elapsed.as_secs_f64() * 1000.0;
        let failure = sent.failure();
        // A bug of ours is logged before it is thrown, and says nothing of
        // the service's health (a probe's lease then runs out as after a
        // crash).
        let internal = failure.clone().filter(|e| e.kind() == Kind::Internal);
        if let Some(err) = failure.as_ref().filter(|e| e.is_thrown()) {
            if internal.is_none() {
                return Err(err.clone());
            }
        }
        if internal.is_none() {
            let health = match &failure {
                Some(err) if err.counts_for_breaker() => Outcome::Unhealthy,
                _ => Outcome::Healthy,
            };
            self.record(
                service,
                admitted.breaker,
                &admitted.params,
                health,
                admitted.probe,
            );
        }
        let (httpstatus, body) = match sent.outcome {
            Ok(reply) => (reply.status, reply.body),
            Err(_) => (None, Vec::new()),
        };
        let response = Response {
            success: failure.is_none(),
            httpstatus,
            body,
            error: failure.map(|e| e.message().to_string()),
            latencyms,
            attempts: sent.attempts,
        };
        self.log.append(LogEntry {
            time: unix_now(),
            serviceid: service.id,
            endpoint: call.endpoint.clone(),
            // The HTTP method means nothing to AMQP and SOAP: log the protocol,
            // as the older plugin did ("AMQP").
            method: match service.kind {
                ServiceType::Rest => call.method.as_str().to_string(),
                other => other.as_str().to_ascii_uppercase(),
            },
            httpstatus: response.httpstatus,
            latencyms,
            attempts: response.attempts,
            success: response.success,
            error: response.error.clone(),
            ruleid: origin.ruleid,
            eventname: origin.eventname,
            direction: Direction::Outbound,
        });
        match internal {
            Some(err) => Err(err),
            None => Ok(response),
        }
    }

    /// The AMQP transport, built on first use: REST-only sites start no
    /// AMQP thread.
    pub(crate) fn amqp_transport(&mut self) -> Result<Arc<AmqpTransport>> {
        match &self.amqp {
            Some(amqp) => Ok(Arc::clone(amqp)),
            None => {
                let amqp = Arc::new(AmqpTransport::new()?);
                self.amqp = Some(Arc::clone(&amqp));
                Ok(amqp)
            }
        }
    }

    pub fn breaker_params(&self, service: &Service) -> Params {
        // A probe is one attempt: its lease is that attempt's time limit,
        // plus a margin for the bookkeeping around it.
        let attempt =
            Duration::from_secs(service.timeout.max(1) as u64).min(self.settings.max_call);
        service.breaker_params(attempt.as_secs_f64() + 2.0)
    }

    /// Whether the call may go ahead (true when it is the probe), with the
    /// breaker as stored once admitted. Only a circuit that is not closed
    /// costs store reads.
    fn admit(&mut self, cached: &Cached, params: &Params) -> Result<(bool, StoredBreaker)> {
        let service = &cached.service;
        let mut stored = cached.breaker;
        for _ in 0..SWAP_TRIES {
            match stored.breaker.admit(params, unix_now()) {
                Admission::Pass => return Ok((false, stored)),
                Admission::Reject { retry_in } => {
                    return Err(Error::new(
                        Kind::CircuitOpen,
                        format!(
                            "circuit of service '{}' is open; next probe in {} s",
                            service.name,
                            retry_in.max(0.0).ceil() as i64
                        ),
                    ))
                }
                Admission::Probe { next } => {
                    if self.store.swap_breaker(service.id, stored.version, &next)? {
                        let leased = StoredBreaker {
                            breaker: next,
                            version: stored.version + 1,
                        };
                        return Ok((true, leased));
                    }
                    // Another process moved the breaker first: look again.
                    stored = self.store.breaker(service.id)?;
                }
            }
        }
        Err(Error::new(
            Kind::CircuitOpen,
            format!(
                "circuit of service '{}' is contended; try again",
                service.name
            ),
        ))
    }

    /// Tells the breaker how the call went. Writes only when something
    /// changes; a store failure here never fails the call (it is reported
    /// in PHP's error log).
    fn record(
        &mut self,
        service: &Service,
        stored: StoredBreaker,
        params: &Params,
        health: Outcome,
        probe: bool,
    ) {
        let unchanged = stored.breaker.state == State::Closed
            && stored.breaker.failures == 0
            && health == Outcome::Healthy
            && !probe;
        if unchanged {
            return;
        }
        if let Err(err) = self.settle_breaker(service.id, stored, params, health, probe) {
            crate::report::problem(format!(
                "mih: breaker of service '{}' not updated: {err}",
                service.name
            ));
        }
    }

    /// Stores the breaker's next state, re-reading it while other processes
    /// move it first.
    fn settle_breaker(
        &mut self,
        id: i64,
        mut stored: StoredBreaker,
        params: &Params,
        health: Outcome,
        probe: bool,
    ) -> Result<()> {
        for _ in 0..SWAP_TRIES {
            let next = stored.breaker.record(params, health, probe, unix_now());
            if next == stored.breaker || self.store.swap_breaker(id, stored.version, &next)? {
                return Ok(());
            }
            stored = self.store.breaker(id)?;
        }
        Err(Error::store("breaker row kept changing"))
    }

    /// Attempts the call until it succeeds, fails for good, runs out of
    /// retries or would outlive the call's deadline. A probe gets one attempt.
    fn send_with_retries(&self, service: &Service, call: &Outgoing, probe: bool) -> Sent {
        self.runtime
            .block_on(self.sender().send_with_retries(service, call, probe))
    }

    /// What sends calls, owning its parts: the drain runs many sends as
    /// tasks of their own while it keeps the store to itself.
    pub(crate) fn sender(&self) -> Sender {
        Sender {
            settings: Arc::clone(&self.settings),
            http: Arc::clone(&self.http),
            amqp: self.amqp.clone(),
            soap: Arc::clone(&self.soap),
        }
    }
}

/// The transports and the settings a send needs, cheap to clone.
#[derive(Clone)]
pub(crate) struct Sender {
    settings: Arc<Settings>,
    http: Arc<HttpTransport>,
    amqp: Option<Arc<AmqpTransport>>,
    soap: Arc<SoapTransport>,
}

impl Sender {
    /// Attempts the call until it succeeds, fails for good, runs out of
    /// retries or would outlive the call's deadline. A probe gets one
    /// attempt. The waits between attempts are the future's own: the drain
    /// runs many at once, so a retry's wait holds back no other delivery.
    pub(crate) async fn send_with_retries(
        &self,
        service: &Service,
        call: &Outgoing,
        probe: bool,
    ) -> Sent {
        let deadline = Instant::now() + self.settings.max_call;
        let retries = if probe {
            0
        } else {
            service.max_retries.max(0) as u32
        };
        let mut delays = backoff::delays(
            Duration::from_secs(service.retry_backoff.max(0) as u64),
            retries,
        );
        let mut attempts = 0;
        loop {
            attempts += 1;
            let sent = Sent {
                outcome: self.attempt(service, call, deadline).await,
                attempts,
            };
            let Some(failure) = sent.failure() else {
                return sent;
            };
            if !failure.is_retryable() {
                return sent;
            }
            let asked = sent
                .outcome
                .as_ref()
                .ok()
                .and_then(|reply| reply.retry_after);
            let Some(delay) = delays.next().map(|computed| asked.unwrap_or(computed)) else {
                return sent;
            };
            if Instant::now() + delay >= deadline {
                return sent; // no time left for another attempt
            }
            tokio::time::sleep(delay).await;
        }
    }

    /// One attempt, bounded by one timer: the service's timeout or what is
    /// left of the call's deadline, whichever ends first.
    async fn attempt(
        &self,
        service: &Service,
        call: &Outgoing,
        deadline: Instant,
    ) -> Result<Reply> {
        let limits = Context {
            max_response_bytes: self.settings.max_response_bytes,
            policy: &self.settings.network.policy,
            http: &self.http,
        };
        let timeout = Duration::from_secs(service.timeout.max(1) as u64);
        let remaining = deadline.saturating_duration_since(Instant::now());
        let (limit, what) = if timeout <= remaining {
            (
                timeout,
                format!(
                    "no answer from service '{}' within its timeout of {} s",
                    service.name,
                    timeout.as_secs()
                ),
            )
        } else {
            (
                remaining,
                format!(
                    "call exceeded mih.max_call_seconds ({} s)",
                    self.settings.max_call.as_secs()
                ),
            )
        };
        let send = async {
            #[cfg(debug_assertions)]
            injected_panic();
            match (service.kind, &self.amqp) {
                (ServiceType::Rest, _) => self.http.send(service, call, limits).await,
                (ServiceType::Amqp, Some(amqp)) => amqp.send(service, call, limits).await,
                (ServiceType::Soap, _) => self.soap.send(service, call, limits).await,
                (other, _) => Err(Error::new(
                    Kind::Connect,
                    format!(
                        "{} services are not supported by this build yet",
                        other.as_str()
                    ),
                )),
            }
        };
        tokio::time::timeout(limit, send)
            .await
            .unwrap_or_else(|_| Err(Error::new(Kind::Timeout, what)))
    }
}

/// Debug builds only (the .phpt suite runs one): with `MIH_TEST_PANIC=attempt`
/// in the environment every attempt panics, so tests can show that a bug in
/// a transport ends as a logged `internal` error, never a crash.
#[cfg(debug_assertions)]
fn injected_panic() {
    if std::env::var_os("MIH_TEST_PANIC").is_some_and(|v| v == "attempt") {
        panic!("injected by MIH_TEST_PANIC");
    }
}
