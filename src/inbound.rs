//! What services send to us. Inbound webhooks: a JSON body an external system POSTs to
//! `webhook.php?service=NAME`, authenticated by the service's own token
//! (`Authorization: Bearer …` or `X-API-Key`, compared in constant time)
//! and, when the service has a signing secret, by a Standard Webhooks
//! signature whose `webhook-id` has not been seen before. Every check runs
//! here; the plugin's page only passes the request in and fires the Moodle
//! event for an accepted one. The answers are MIH 2.0's: 405 for another
//! method, 400 for no service, an empty body or bad JSON, 404 for an unknown
//! service, 403 for a disabled one or a bad credential.

use std::collections::HashMap;

use serde_json::Value;

use crate::clock::unix_now;
use crate::error::{Error, Kind, Result};
use crate::hub::Hub;
use crate::service::{AuthType, Service};
use crate::signature;
use crate::store::{Direction, LogEntry};

/// The largest body taken (1 MiB): larger ones are refused with 413.
pub const BODY_MAX_BYTES: usize = 1 << 20;

/// How long a `webhook-id` is remembered: past the signature's tolerance,
/// so a replay within it is always caught.
const REMEMBER_SECONDS: f64 = 2.0 * signature::TOLERANCE_SECONDS as f64;

/// A request as the web server handed it over.
pub struct Request<'a> {
    pub method: &'a str,
    /// The `service` query parameter.
    pub service: &'a str,
    /// Header names in any case.
    pub headers: &'a HashMap<String, String>,
    pub body: &'a [u8],
}

/// The answer: an HTTP status, and for an accepted request the service and
/// the decoded payload.
#[derive(Debug, Clone, PartialEq)]
pub struct Accepted {
    pub status: u16,
    pub error: Option<String>,
    pub service: Option<(i64, String)>,
    pub payload: Option<Value>,
}

impl Accepted {
    fn refused(status: u16, error: impl Into<String>) -> Self {
        Self {
            status,
            error: Some(error.into()),
            service: None,
            payload: None,
        }
    }
}

impl Hub {
    /// Checks an inbound webhook; an accepted one is logged as an inbound
    /// row of its service. Only a store that cannot be reached is an `Err`.
    pub fn receive_webhook(&mut self, request: &Request<'_>) -> Result<Accepted> {
        if !request.method.eq_ignore_ascii_case("POST") {
            return Ok(Accepted::refused(405, "Method Not Allowed: use POST."));
        }
        if request.service.trim().is_empty() {
            return Ok(Accepted::refused(
                400,
                "Missing required parameter: service.",
            ));
        }
        let service = match self.service(request.service.trim()) {
            Ok(cached) => cached.service,
            Err(err) if err.kind() == Kind::ServiceNotFound => {
                return Ok(Accepted::refused(404, "Service not found."))
            }
            Err(err) => return Err(err),
        };
        if !service.enabled {
            return Ok(Accepted::refused(403, "Service is disabled."));
        }
        if request.body.len() > BODY_MAX_BYTES {
            return Ok(Accepted::refused(
                413,
                format!("The body is over {BODY_MAX_BYTES} bytes."),
            ));
        }
        let header = |name: &str| header(request.headers, name);
        if let Err(message) = authenticate(&service, request.headers) {
            return Ok(Accepted::refused(403, message));
        }
        let now = unix_now();
        if let Ok(key) = signature::key(&service.signing_secret) {
            if let Err(message) = signature::verify(
                &key,
                header("webhook-id"),
                header("webhook-timestamp"),
                header("webhook-signature"),
                request.body,
                now as i64,
            ) {
                return Ok(Accepted::refused(
                    403,
                    format!("Invalid signature: {message}."),
                ));
            }
        }
        // From here the sender is known: what it sent is logged.
        let outcome = decode(request.body);
        if outcome.is_ok() && !service.signing_secret.is_empty() {
            let id = header("webhook-id");
            if !self
                .store
                .remember_webhook(service.id, id, now, now - REMEMBER_SECONDS)?
            {
                return Ok(Accepted::refused(
                    409,
                    format!(
                        "The webhook-id '{}' was received already.",
                        crate::text::prefix(id, 64)
                    ),
                ));
            }
        }
        let (status, error, payload) = match outcome {
            Ok(payload) => (200, None, Some(payload)),
            Err(message) => (400, Some(message), None),
        };
        self.log.append(LogEntry {
            time: now,
            serviceid: service.id,
            endpoint: "webhook".into(),
            method: "POST".into(),
            httpstatus: Some(status),
            latencyms: 0.0,
            attempts: 1,
            success: error.is_none(),
            error: error.clone(),
            ruleid: None,
            eventname: None,
            direction: Direction::Inbound,
        });
        Ok(Accepted {
            status,
            error,
            // The name MIH 2.0's observers know the service by.
            service: Some((
                service.id,
                if service.alias.is_empty() {
                    service.name.clone()
                } else {
                    service.alias.clone()
                },
            )),
            payload,
        })
    }
}

/// The service's own token, as a bearer token or an API key, compared in
/// constant time. A service without a token takes only signed webhooks:
/// MIH 2.0 took anything then, which let anyone in.
fn authenticate(
    service: &Service,
    headers: &HashMap<String, String>,
) -> std::result::Result<(), String> {
    let token = service.auth_token.as_bytes();
    if service.auth_type == AuthType::None || token.is_empty() {
        return if service.signing_secret.is_empty() {
            Err("Invalid authentication token: this service has no token or signing secret, so it takes no webhooks.".into())
        } else {
            Ok(())
        };
    }
    let bearer = header(headers, "authorization");
    let given = [
        bearer
            .get(..7)
            .filter(|scheme| scheme.eq_ignore_ascii_case("bearer "))
            .map(|_| bearer[7..].trim()),
        Some(header(headers, "x-api-key")),
    ];
    if given
        .into_iter()
        .flatten()
        .any(|candidate| constant_time_eq(candidate.as_bytes(), token))
    {
        Ok(())
    } else {
        Err("Invalid authentication token.".into())
    }
}

/// A header's value, whatever the case of its name; '' when absent.
fn header<'a>(headers: &'a HashMap<String, String>, name: &str) -> &'a str {
    headers
        .iter()
        .find(|(key, _)| key.eq_ignore_ascii_case(name))
        .map_or("", |(_, value)| value.trim())
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    // The length is not secret; the bytes are compared without an early exit.
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// The body as a JSON object or array.
fn decode(body: &[u8]) -> std::result::Result<Value, String> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err("Empty request body.".into());
    }
    match serde_json::from_slice::<Value>(body) {
        Ok(value @ (Value::Object(_) | Value::Array(_))) => Ok(value),
        Ok(_) => Err("Invalid JSON: the body must be a JSON object or array.".into()),
        Err(e) => Err(format!("Invalid JSON: {e}")),
    }
}

/// A message taken from an AMQP service's response queue: its delivery
/// tag (to settle it with) and its JSON payload.
pub struct Response {
    pub tag: u64,
    pub payload: Value,
}

impl Hub {
    /// Takes up to `max` messages of an AMQP service's response queue,
    /// unacknowledged, over the service's kept connection. A message that
    /// is not a JSON object or array cannot become an event: it is
    /// acknowledged (as MIH 2.0 did) and logged as a failed inbound row with
    /// its first bytes. Every other one is logged and must be settled.
    pub fn take_responses(&mut self, service_name: &str, max: u32) -> Result<Vec<Response>> {
        let (service, amqp) = self.response_queue_of(service_name)?;
        let mut taken = Vec::new();
        while taken.len() < max as usize {
            let policy = &self.settings.network.policy;
            let queue = &service.response_queue;
            let Some(message) = self.runtime.block_on(amqp.take(&service, queue, policy))? else {
                break;
            };
            let outcome = decode(&message.body);
            self.log.append(LogEntry {
                time: unix_now(),
                serviceid: service.id,
                endpoint: format!("amqp:{}", service.response_queue),
                method: "AMQP".into(),
                httpstatus: None,
                latencyms: 0.0,
                attempts: 1,
                success: outcome.is_ok(),
                error: outcome.as_ref().err().map(|why| {
                    format!(
                        "{why}; acknowledged and dropped: {}",
                        String::from_utf8_lossy(&message.body[..message.body.len().min(200)])
                    )
                }),
                ruleid: None,
                eventname: None,
                direction: Direction::Inbound,
            });
            match outcome {
                Ok(payload) => taken.push(Response {
                    tag: message.tag,
                    payload,
                }),
                Err(_) => self
                    .runtime
                    .block_on(amqp.settle(&service, message.tag, true))?,
            }
        }
        Ok(taken)
    }

    /// Acknowledges the messages whose events were fired (`done`) and gives
    /// the others back to the queue (`requeue`).
    pub fn settle_responses(
        &mut self,
        service_name: &str,
        done: &[u64],
        requeue: &[u64],
    ) -> Result<()> {
        let (service, amqp) = self.response_queue_of(service_name)?;
        for (tags, ack) in [(done, true), (requeue, false)] {
            for &tag in tags {
                self.runtime.block_on(amqp.settle(&service, tag, ack))?;
            }
        }
        Ok(())
    }

    fn response_queue_of(
        &mut self,
        service_name: &str,
    ) -> Result<(
        std::sync::Arc<Service>,
        std::sync::Arc<crate::transport::amqp::AmqpTransport>,
    )> {
        let service = self.service(service_name)?.service;
        if service.kind != crate::service::ServiceType::Amqp || service.response_queue.is_empty() {
            return Err(Error::invalid(format!(
                "service '{}' has no response queue",
                service.name
            )));
        }
        if !service.enabled {
            return Err(Error::new(
                Kind::ServiceDisabled,
                format!("service '{}' is disabled", service.name),
            ));
        }
        Ok((service, self.amqp_transport()?))
    }
}

/// An `Err` only the PHP surface sees: the request could not be checked.
pub fn unavailable(err: &Error) -> Accepted {
    Accepted::refused(
        503,
        format!("The hub cannot check webhooks now: {}", err.message()),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_compare_whole() {
        assert!(constant_time_eq(b"secret", b"secret"));
        assert!(!constant_time_eq(b"secret", b"secreT"));
        assert!(!constant_time_eq(b"secret", b"secret2"));
        assert!(!constant_time_eq(b"", b"x"));
    }

    #[test]
    fn bodies_must_be_json_objects_or_arrays() {
        assert!(decode(b" {\"a\": 1} ").is_ok());
        assert!(decode(b"[1]").is_ok());
        assert_eq!(decode(b"  \n").unwrap_err(), "Empty request body.");
        assert!(decode(b"5").unwrap_err().contains("object or array"));
        assert!(decode(b"{nope").unwrap_err().starts_with("Invalid JSON: "));
    }
}
