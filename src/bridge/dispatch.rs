//! The Event Bridge at run time: which rules an event matches, sending an
//! event through a rule, and replaying what landed in the Dead Letter Queue.

use std::sync::Arc;

use serde_json::{Map, Value};

use super::dlq::{check_endpoint, DlqEntry};
use super::template::render_endpoint;
use crate::call::{Origin, Response};
use crate::error::{Error, Kind, Result};
use crate::hub::{CachedRule, Hub};
use crate::service::ServiceType;
use crate::transport::{Method, Outgoing, Payload};

/// An event rendered through a rule: what would be sent, and where.
pub struct Rendered {
    pub rule: Arc<CachedRule>,
    pub service_name: String,
    pub call: Outgoing,
}

impl Rendered {
    /// The Dead Letter Queue entry of this event after its last failed try.
    pub fn dlq_entry(&self, error: &str, attempts: i64, delivery_id: &str) -> DlqEntry {
        let rule = &self.rule.rule;
        DlqEntry {
            id: 0,
            eventname: rule.eventname.clone(),
            ruleid: Some(rule.id),
            serviceid: Some(rule.serviceid),
            endpoint: self.call.endpoint.clone(),
            http_method: self.call.method,
            payload: payload_text(&self.call.payload),
            error: error.to_string(),
            attempts,
            delivery_id: delivery_id.to_string(),
            timecreated: 0,
            timemodified: 0,
        }
    }

    /// The fields of a Dead Letter Queue entry for this event.
    pub fn dlq_fields(&self) -> Map<String, Value> {
        let rule = &self.rule.rule;
        let mut fields = Map::new();
        fields.insert("eventname".into(), rule.eventname.clone().into());
        fields.insert("ruleid".into(), rule.id.into());
        fields.insert("serviceid".into(), rule.serviceid.into());
        fields.insert("endpoint".into(), self.call.endpoint.clone().into());
        fields.insert("http_method".into(), self.call.method.as_str().into());
        fields.insert("payload".into(), payload_text(&self.call.payload).into());
        fields
    }
}

/// A payload as the Dead Letter Queue keeps it: JSON text.
fn payload_text(payload: &Payload) -> String {
    match payload {
        Payload::Json(value) => value.to_string(),
        Payload::Raw(text) => text.clone(),
    }
}

impl Hub {
    /// Ids of the active rules for `eventname` (leading backslash optional),
    /// from the in-process index: no store query unless something changed.
    pub fn matching(&mut self, eventname: &str) -> Result<&[i64]> {
        let config = self.config()?;
        let found = if eventname.starts_with('\\') {
            config.matching.get(eventname)
        } else {
            config.matching.get(&format!("\\{eventname}"))
        };
        Ok(found.map_or(&[], Vec::as_slice))
    }

    /// Renders `eventdata` through rule `ruleid`: template, endpoint, method.
    /// A rule or service that no longer exists, or a template that cannot
    /// render, is an error naming the cause.
    pub fn render(&mut self, ruleid: i64, eventdata: &Value) -> Result<Rendered> {
        let config = self.config()?;
        let rule = config.rules.get(&ruleid).cloned().ok_or_else(|| {
            Error::new(
                Kind::RuleNotFound,
                format!("rule {ruleid} no longer exists"),
            )
        })?;
        let serviceid = rule.rule.serviceid;
        let service_name = config.names.get(&serviceid).cloned().ok_or_else(|| {
            Error::new(
                Kind::ServiceNotFound,
                format!("service {serviceid} of rule {ruleid} no longer exists"),
            )
        })?;
        let template = rule
            .template
            .as_ref()
            .map_err(|e| Error::invalid(format!("rule {ruleid}: {}", e.message())))?;
        let payload = template
            .render(eventdata)
            .map_err(|e| Error::invalid(format!("rule {ruleid}: {}", e.message())))?
            .payload;
        let rest = config
            .by_name
            .get(&service_name)
            .is_some_and(|c| c.service.kind == ServiceType::Rest);
        let endpoint = render_endpoint(&rule.rule.endpoint, eventdata)
            .map_err(|e| Error::invalid(format!("rule {ruleid}: {}", e.message())))?;
        check_endpoint(&endpoint).map_err(|message| {
            Error::invalid(format!("rule {ruleid}: the rendered endpoint: {message}"))
        })?;
        let call = Outgoing {
            // The method only means something to REST services.
            method: if rest {
                rule.rule.http_method
            } else {
                Method::Post
            },
            endpoint,
            payload: Payload::Json(payload),
            idempotency_key: None,
        };
        Ok(Rendered {
            rule,
            service_name,
            call,
        })
    }

    /// Renders and sends an event through a rule; the log row names the
    /// rule and the event.
    pub fn dispatch(&mut self, ruleid: i64, eventdata: &Value) -> Result<Response> {
        let rendered = self.render(ruleid, eventdata)?;
        let origin = Origin {
            ruleid: Some(ruleid),
            eventname: Some(rendered.rule.rule.eventname.clone()),
        };
        self.request(&rendered.service_name, &rendered.call, origin)
    }

    /// Sends a Dead Letter Queue entry's payload exactly as stored (never
    /// templated again). Success removes the entry; any failure — the
    /// service gone or disabled, an open circuit, the call failing — keeps
    /// it with the new error and one more attempt, and is answered as a
    /// failed response.
    pub fn replay(&mut self, id: i64) -> Result<Response> {
        let entry = self.store.dlq_entry(id)?.ok_or_else(|| {
            Error::new(Kind::EntryNotFound, format!("no queued event with id {id}"))
        })?;
        let outcome = self.resend(&entry);
        let response = match outcome {
            Ok(response) => response,
            Err(err) if matches!(err.kind(), Kind::InvalidArgument | Kind::Internal) => {
                return Err(err)
            }
            Err(err) => Response {
                success: false,
                httpstatus: None,
                body: Vec::new(),
                error: Some(err.message().to_string()),
                latencyms: 0.0,
                attempts: 0,
            },
        };
        match (&response.error, response.success) {
            (_, true) => self.store.delete_dlq(id)?,
            (Some(error), false) => self.store.dlq_failed_again(id, error)?,
            (None, false) => self.store.dlq_failed_again(id, "failed")?,
        }
        Ok(response)
    }

    fn resend(&mut self, entry: &DlqEntry) -> Result<Response> {
        let serviceid = entry
            .serviceid
            .ok_or_else(|| Error::new(Kind::ServiceNotFound, "the entry names no service"))?;
        let service_name = self
            .config()?
            .names
            .get(&serviceid)
            .cloned()
            .ok_or_else(|| {
                Error::new(
                    Kind::ServiceNotFound,
                    format!("service {serviceid} no longer exists"),
                )
            })?;
        // A body carries the stored bytes as they are; a query string and
        // SOAP parameters need the values.
        let soap = self
            .config()?
            .by_name
            .get(&service_name)
            .is_some_and(|c| c.service.kind == ServiceType::Soap);
        let payload = if entry.http_method.payload_in_query() || soap {
            Payload::Json(serde_json::from_str(&entry.payload).map_err(|e| {
                Error::new(Kind::Response, format!("stored payload is not JSON: {e}"))
            })?)
        } else {
            Payload::Raw(entry.payload.clone())
        };
        let call = Outgoing {
            method: entry.http_method,
            endpoint: entry.endpoint.clone(),
            payload,
            // Receivers that took an earlier try drop the replay.
            idempotency_key: Some(entry.idempotency_key()),
        };
        let origin = Origin {
            ruleid: entry.ruleid,
            eventname: (!entry.eventname.is_empty()).then(|| entry.eventname.clone()),
        };
        self.request(&service_name, &call, origin)
    }
}
