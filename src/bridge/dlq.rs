//! Dead Letter Queue entries: events that could not be delivered, kept with
//! the payload as rendered, so a replay sends exactly what was meant.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use super::rules::normalise_eventname;
use crate::error::Result;
use crate::form::{bounded, finish, optional_id, text};
use crate::transport::Method;

/// The largest payload a Dead Letter Queue entry holds, and so the largest
/// payload a rule may render (8 MiB): every store takes it in one statement
/// (MariaDB's default `max_allowed_packet` is 16 MiB), and an event that
/// fails can always be kept.
pub const PAYLOAD_MAX_BYTES: usize = 8 * 1024 * 1024;

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
            timecreated: 0,
            timemodified: 0,
        };
        let mut errors = BTreeMap::new();
        let mut has_payload = false;
        for (field, value) in input {
            let outcome = match field.as_str() {
                "eventname" => text(value).map(|v| {
                    entry.eventname = if v.trim().is_empty() {
                        v
                    } else {
                        normalise_eventname(&v)
                    }
                }),
                "ruleid" => optional_id(value).map(|v| entry.ruleid = v),
                "serviceid" => optional_id(value).map(|v| entry.serviceid = v),
                "endpoint" => text(value).map(|v| entry.endpoint = v),
                "http_method" => text(value)
                    .and_then(|v| Method::parse(&v).map_err(|e| e.message().to_string()))
                    .map(|m| entry.http_method = m),
                "payload" => {
                    has_payload = !value.is_null();
                    match value {
                        Value::String(raw) => serde_json::from_str::<Value>(raw)
                            .map(|_| entry.payload = raw.clone())
                            .map_err(|e| format!("must be JSON ({e})")),
                        other => {
                            entry.payload = other.to_string();
                            Ok(())
                        }
                    }
                }
                "error" => text(value).map(|v| entry.error = v),
                "attempts" => bounded(value, 0..=i64::from(u32::MAX)).map(|n| entry.attempts = n),
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

    /// The entry as the queue page sees it; the payload is also decoded.
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
        row.insert("timecreated".into(), self.timecreated.into());
        row.insert("timemodified".into(), self.timemodified.into());
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
