//! Dead Letter Queue entries: events that could not be delivered, kept with
//! the payload as rendered, so a replay sends exactly what was meant.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use super::rules::{normalise_eventname, EVENTNAME_MAX_LEN};
use crate::error::Result;
use crate::form::{bounded, finish, optional_id, text};
use crate::transport::Method;

/// The largest payload a Dead Letter Queue entry holds, and so the largest
/// payload a rule may render (8 MiB): every store takes it in one statement
/// (MariaDB's default `max_allowed_packet` is 16 MiB), and an event that
/// fails can always be kept.
pub const PAYLOAD_MAX_BYTES: usize = 8 * 1024 * 1024;

/// The longest endpoint a call is sent to, and so the longest a Dead Letter
/// Queue entry or a log row holds (8 KiB: the longest request line common
/// HTTP servers take; AMQP routing keys and SOAP operations are shorter).
pub const ENDPOINT_MAX_BYTES: usize = 8192;

/// How much of each payload the queue's listing carries.
pub const PREVIEW_MAX_BYTES: usize = 1024;

/// Whether every store can hold `endpoint` and a call can be sent to it.
/// PostgreSQL's text cannot hold NUL.
pub fn check_endpoint(endpoint: &str) -> std::result::Result<(), String> {
    if endpoint.len() > ENDPOINT_MAX_BYTES {
        Err(format!("at most {ENDPOINT_MAX_BYTES} bytes"))
    } else if endpoint.contains('\0') {
        Err("must not contain NUL characters".into())
    } else {
        Ok(())
    }
}

/// An event name every store holds (VARCHAR(255) counts characters; the
/// bound is in bytes, so it holds).
pub fn check_eventname(name: &str) -> std::result::Result<(), String> {
    if name.len() > EVENTNAME_MAX_LEN {
        Err(format!("at most {EVENTNAME_MAX_LEN} bytes"))
    } else if name.chars().any(char::is_control) {
        Err("must not contain control characters".into())
    } else {
        Ok(())
    }
}

/// The longest idempotency key an entry holds.
pub const DELIVERY_ID_MAX_BYTES: usize = 64;

/// An idempotency key that fits a header and an AMQP message id: printable
/// ASCII without spaces, at most [`DELIVERY_ID_MAX_BYTES`].
pub fn check_delivery_id(id: &str) -> std::result::Result<(), String> {
    if id.len() > DELIVERY_ID_MAX_BYTES {
        Err(format!("at most {DELIVERY_ID_MAX_BYTES} bytes"))
    } else if !id.bytes().all(|b| b.is_ascii_graphic()) {
        Err("printable ASCII without spaces only".into())
    } else {
        Ok(())
    }
}

/// A payload of `bytes` within [`PAYLOAD_MAX_BYTES`].
fn check_payload_size(bytes: usize) -> std::result::Result<(), String> {
    if bytes > PAYLOAD_MAX_BYTES {
        Err(format!(
            "at most {PAYLOAD_MAX_BYTES} bytes (8 MiB); this one has {bytes}"
        ))
    } else {
        Ok(())
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct DlqEntry {
    pub id: i64,
    pub eventname: String,
    pub ruleid: Option<i64>,
    pub serviceid: Option<i64>,
    pub endpoint: String,
    pub http_method: Method,
    /// The payload as it was rendered, JSON text.
    pub payload: String,
    /// The last error.
    pub error: String,
    /// Delivery attempts so far.
    pub attempts: i64,
    /// The idempotency key its deliveries carried, and its replays carry;
    /// '' for an entry pushed without one (its replays use
    /// [`DlqEntry::idempotency_key`]).
    pub delivery_id: String,
    pub timecreated: i64,
    pub timemodified: i64,
}

impl DlqEntry {
    /// An entry from `dlq::push` fields. `payload` may be JSON text or an
    /// array (stored as JSON); it is required.
    pub fn from_fields(input: &Map<String, Value>) -> Result<DlqEntry> {
        let mut entry = DlqEntry {
            id: 0,
            eventname: String::new(),
            ruleid: None,
            serviceid: None,
            endpoint: String::new(),
            http_method: Method::Post,
            payload: String::new(),
            error: String::new(),
            attempts: 0,
            delivery_id: String::new(),
            timecreated: 0,
            timemodified: 0,
        };
        let mut errors = BTreeMap::new();
        let mut has_payload = false;
        for (field, value) in input {
            let outcome = match field.as_str() {
                "eventname" => text(value).and_then(|v| {
                    if v.trim().is_empty() {
                        entry.eventname = v;
                        return Ok(());
                    }
                    entry.eventname = normalise_eventname(&v);
                    check_eventname(&entry.eventname)
                }),
                "ruleid" => optional_id(value).map(|v| entry.ruleid = v),
                "serviceid" => optional_id(value).map(|v| entry.serviceid = v),
                "endpoint" => text(value).and_then(|v| {
                    check_endpoint(&v)?;
                    entry.endpoint = v;
                    Ok(())
                }),
                "http_method" => text(value)
                    .and_then(|v| Method::parse(&v).map_err(|e| e.message().to_string()))
                    .map(|m| entry.http_method = m),
                "payload" => {
                    has_payload = !value.is_null();
                    match value {
                        Value::String(raw) => check_payload_size(raw.len()).and_then(|_| {
                            serde_json::from_str::<Value>(raw)
                                .map(|_| entry.payload = raw.clone())
                                .map_err(|e| format!("must be JSON ({e})"))
                        }),
                        other => {
                            entry.payload = other.to_string();
                            check_payload_size(entry.payload.len())
                        }
                    }
                }
                "error" => text(value).map(|v| entry.error = v),
                "attempts" => bounded(value, 0..=i64::from(u32::MAX)).map(|n| entry.attempts = n),
                // When the event first failed (an import keeps it); now when absent.
                "timecreated" => {
                    bounded(value, 0..=i64::from(u32::MAX)).map(|n| entry.timecreated = n)
                }
                "delivery_id" => text(value).and_then(|v| {
                    check_delivery_id(&v)?;
                    entry.delivery_id = v;
                    Ok(())
                }),
                _ => Err("unknown field".to_string()),
            };
            if let Err(message) = outcome {
                errors.insert(field.clone(), message);
            }
        }
        if !has_payload && !errors.contains_key("payload") {
            errors.insert("payload".into(), "required".into());
        }
        finish(entry, errors)
    }

    /// The entry as `dlq::get` returns it, with the whole payload.
    pub fn to_map(&self) -> Map<String, Value> {
        let mut row = Map::new();
        row.insert("id".into(), self.id.into());
        row.insert("eventname".into(), self.eventname.clone().into());
        row.insert("ruleid".into(), self.ruleid.into());
        row.insert("serviceid".into(), self.serviceid.into());
        row.insert("endpoint".into(), self.endpoint.clone().into());
        row.insert("http_method".into(), self.http_method.as_str().into());
        row.insert("payload".into(), self.payload.clone().into());
        row.insert("error".into(), self.error.clone().into());
        row.insert("attempts".into(), self.attempts.into());
        row.insert("delivery_id".into(), self.delivery_id.clone().into());
        row.insert("timecreated".into(), self.timecreated.into());
        row.insert("timemodified".into(), self.timemodified.into());
        row
    }

    /// The key its replays carry: the one its deliveries carried, or one
    /// of its own, stable across its replays.
    /// The time to store: the given one, else now.
    pub fn created_or(&self, now: i64) -> i64 {
        if self.timecreated > 0 {
            self.timecreated
        } else {
            now
        }
    }

    pub fn idempotency_key(&self) -> String {
        if self.delivery_id.is_empty() {
            format!("mih-dlq-{}", self.id)
        } else {
            self.delivery_id.clone()
        }
    }
}

/// An entry as the queue's listing holds it: the payload cut to its first
/// [`PREVIEW_MAX_BYTES`] (on a character boundary) and its whole size, so a
/// page of large entries stays small.
#[derive(Debug, Clone, PartialEq)]
pub struct DlqListed {
    /// The entry, its `payload` only the preview.
    pub entry: DlqEntry,
    /// The size of the whole payload.
    pub payload_bytes: i64,
}

impl DlqListed {
    /// A listed entry from the store's row, whose `payload` the database cut
    /// to [`PREVIEW_MAX_BYTES`] characters: cut here to as many bytes.
    pub fn new(mut entry: DlqEntry, payload_bytes: i64) -> Self {
        let end = crate::text::prefix(&entry.payload, PREVIEW_MAX_BYTES).len();
        entry.payload.truncate(end);
        Self {
            entry,
            payload_bytes,
        }
    }

    /// What keeps this entry out of a store, if anything: an older version
    /// kept entries beyond the bounds every store now holds.
    pub fn out_of_bounds(&self) -> Option<String> {
        let entry = &self.entry;
        let bytes = usize::try_from(self.payload_bytes).unwrap_or(usize::MAX);
        if let Err(message) = check_payload_size(bytes) {
            return Some(format!("payload: {message}"));
        }
        let eventname = check_eventname(&entry.eventname).err();
        let endpoint = check_endpoint(&entry.endpoint).err();
        eventname
            .map(|message| format!("eventname: {message}"))
            .or(endpoint.map(|message| format!("endpoint: {message}")))
    }

    /// The row as the queue page sees it: `payload_preview` and
    /// `payload_bytes` instead of `payload`.
    pub fn to_map(&self) -> Map<String, Value> {
        let mut row = Map::new();
        for (key, value) in self.entry.to_map() {
            if key == "payload" {
                row.insert("payload_preview".into(), value);
                row.insert("payload_bytes".into(), self.payload_bytes.into());
            } else {
                row.insert(key, value);
            }
        }
        row
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn payload_is_required_and_kept_as_given() {
        let err =
            DlqEntry::from_fields(json!({"eventname": "x"}).as_object().unwrap()).unwrap_err();
        assert_eq!(err.fields()["payload"], "required");
        let text = r#"{"b": 1, "a": [1.50, "x"]}"#;
        let entry = DlqEntry::from_fields(
            json!({"payload": text, "eventname": "core\\event\\x", "attempts": "5"})
                .as_object()
                .unwrap(),
        )
        .unwrap();
        assert_eq!(entry.payload, text, "stored exactly as given");
        assert_eq!(
            (entry.eventname.as_str(), entry.attempts),
            ("\\core\\event\\x", 5)
        );
        let entry =
            DlqEntry::from_fields(json!({"payload": {"a": 1}}).as_object().unwrap()).unwrap();
        assert_eq!(entry.payload, r#"{"a":1}"#);
        let err = DlqEntry::from_fields(
            json!({"payload": "{not json", "ruleid": "x"})
                .as_object()
                .unwrap(),
        )
        .unwrap_err();
        assert_eq!(
            err.fields().keys().collect::<Vec<_>>(),
            ["payload", "ruleid"]
        );
    }
}
