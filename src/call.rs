//! One `mih::request`: find the service, send through its transport under
//! the call's deadline, answer with a [`Response`] and log it.
//!
//! Only what the caller did wrong (unknown or disabled service, bad
//! arguments) is an `Err`; every transport outcome, failures included, is a
//! `Response` with `success == false`, so PHP callers need no try/catch for a
//! 500.

use std::time::{Duration, Instant};

use crate::clock::unix_now;
use crate::error::{Error, Kind, Result};
use crate::hub::{truncate, Hub};
use crate::service::{Service, ServiceType};
use crate::store::LogEntry;
use crate::transport::{Limits, Outgoing, Reply, Transport};

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

impl Hub {
    pub fn request(
        &mut self,
        service_name: &str,
        call: &Outgoing,
        origin: Origin,
    ) -> Result<Response> {
        let service = self.service(service_name)?;
        if !service.enabled {
            return Err(Error::new(
                Kind::ServiceDisabled,
                format!("service '{}' is disabled", truncate(service_name, 80)),
            ));
        }
        let started = Instant::now();
        let outcome = self.attempt(&service, call);
        let latencyms = started.elapsed().as_secs_f64() * 1000.0;
        let response = match outcome {
            Err(err) if err.is_thrown() => return Err(err),
            Ok(reply) => Response {
                success: reply.is_success(),
                httpstatus: Some(reply.status),
                error: (!reply.is_success()).then(|| format!("HTTP {}", reply.status)),
                body: reply.body,
                latencyms,
                attempts: 1,
            },
            Err(err) => Response {
                success: false,
                httpstatus: None,
                body: Vec::new(),
                error: Some(err.message().to_string()),
                latencyms,
                attempts: 1,
            },
        };
        self.log.append(LogEntry {
            time: unix_now(),
            serviceid: service.id,
            endpoint: call.endpoint.clone(),
            method: call.method.as_str().to_string(),
            httpstatus: response.httpstatus,
            latencyms,
            attempts: response.attempts,
            success: response.success,
            error: response.error.clone(),
            ruleid: origin.ruleid,
            eventname: origin.eventname,
        });
        Ok(response)
    }

    /// One attempt, bounded by one timer: the service's timeout or what is
    /// left of the call's deadline, whichever ends first.
    fn attempt(&self, service: &Service, call: &Outgoing) -> Result<Reply> {
        let limits = Limits {
            max_response_bytes: self.settings.max_response_bytes,
        };
        let timeout = Duration::from_secs(service.timeout.max(1) as u64);
        let deadline = self.settings.max_call;
        let (limit, what) = if timeout <= deadline {
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
                deadline,
                format!(
                    "call exceeded mih.max_call_seconds ({} s)",
                    deadline.as_secs()
                ),
            )
        };
        let send = async {
            match service.kind {
                ServiceType::Rest => self.http.send(service, call, limits).await,
                other => Err(Error::new(
                    Kind::Connect,
                    format!(
                        "{} services are not supported by this build yet",
                        other.as_str()
                    ),
                )),
            }
        };
        self.runtime.block_on(async {
            tokio::time::timeout(limit, send)
                .await
                .unwrap_or_else(|_| Err(Error::new(Kind::Timeout, what)))
        })
    }
}
