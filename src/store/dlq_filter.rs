//! Which Dead Letter Queue entries the queue's listing, a count and a bulk
//! replay take: the filter PHP gives, and its SQL, one text for every store
//! (`?` placeholders, no dialect's own syntax), as `outbox_sql` is.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use super::FilterValue;
use crate::bridge::dlq::{check_eventname, PREVIEW_MAX_BYTES};
use crate::bridge::rules::normalise_eventname;
use crate::error::Result;
use crate::form;

/// Filters over DLQ entries; `None` means "any". `since` and `until` are
/// Unix seconds on `timecreated`, both included.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DlqFilter {
    pub serviceid: Option<i64>,
    pub eventname: Option<String>,
    pub since: Option<i64>,
    pub until: Option<i64>,
}

/// A time bound: whole Unix seconds, from a number or a numeric string.
fn unix_seconds(value: &Value) -> form::FieldResult<i64> {
    form::whole(value)
        .filter(|t| *t >= 0)
        .ok_or_else(|| "must be a Unix time in whole seconds".into())
}

impl DlqFilter {
    /// Filters from PHP's array; unknown keys and bad values are field
    /// errors, null values mean "any".
    pub fn from_fields(fields: &Map<String, Value>) -> Result<Self> {
        let mut filter = DlqFilter::default();
        let mut errors = BTreeMap::new();
        for (key, value) in fields.iter().filter(|(_, v)| !v.is_null()) {
            let outcome = match key.as_str() {
                "serviceid" => form::id(value).map(|v| filter.serviceid = Some(v)),
                "eventname" => form::text(value).and_then(|v| {
                    if v.trim().is_empty() {
                        return Err("must not be empty".into());
                    }
                    let name = normalise_eventname(&v);
                    check_eventname(&name)?;
                    filter.eventname = Some(name);
                    Ok(())
                }),
                "since" => unix_seconds(value).map(|v| filter.since = Some(v)),
                "until" => unix_seconds(value).map(|v| filter.until = Some(v)),
                _ => Err("unknown filter".to_string()),
            };
            if let Err(message) = outcome {
                errors.insert(key.clone(), message);
            }
        }
        if let (Some(since), Some(until)) = (filter.since, filter.until) {
            if until < since {
                errors.insert("until".into(), "must not be before since".into());
            }
        }
        form::finish(filter, errors)
    }

    /// The `WHERE` clause over entries after id `after`, and its values.
    fn clause(&self, after: i64) -> (String, Vec<FilterValue>) {
        let mut conditions = vec!["id > ?"];
        let mut values = vec![FilterValue::Int(after)];
        if let Some(id) = self.serviceid {
            conditions.push("serviceid = ?");
            values.push(FilterValue::Int(id));
        }
        if let Some(name) = &self.eventname {
            conditions.push("eventname = ?");
            values.push(FilterValue::Text(name.clone()));
        }
        if let Some(since) = self.since {
            conditions.push("timecreated >= ?");
            values.push(FilterValue::Int(since));
        }
        if let Some(until) = self.until {
            conditions.push("timecreated <= ?");
            values.push(FilterValue::Int(until));
        }
        (format!("WHERE {}", conditions.join(" AND ")), values)
    }

    /// Matching entries, newest first, as the queue lists them: an entry's
    /// columns with `payload` cut by the database to its first characters
    /// (so a large payload never reaches the process whole), then the
    /// payload's size in bytes. `DlqListed::new` cuts the preview to as many
    /// bytes.
    pub fn listing(&self, dlq: &str, limit: u32, offset: u32) -> (String, Vec<FilterValue>) {
        let (clause, mut values) = self.clause(0);
        values.extend([
            FilterValue::Int(limit.into()),
            FilterValue::Int(offset.into()),
        ]);
        let sql = format!(
            "SELECT id, eventname, ruleid, serviceid, endpoint, http_method, \
             substr(payload, 1, {PREVIEW_MAX_BYTES}), error, attempts, timecreated, timemodified, \
             delivery_id, octet_length(payload) FROM {dlq} {clause} ORDER BY id DESC LIMIT ? OFFSET ?"
        );
        (sql, values)
    }

    /// Ids of the matching entries after id `after`, oldest first, at most
    /// `limit`: a bulk replay pages through the queue with them.
    pub fn ids(&self, dlq: &str, after: i64, limit: u32) -> (String, Vec<FilterValue>) {
        let (clause, mut values) = self.clause(after);
        values.push(FilterValue::Int(limit.into()));
        (
            format!("SELECT id FROM {dlq} {clause} ORDER BY id LIMIT ?"),
            values,
        )
    }

    /// How many entries after id `after` match.
    pub fn count(&self, dlq: &str, after: i64) -> (String, Vec<FilterValue>) {
        let (clause, values) = self.clause(after);
        (format!("SELECT COUNT(*) FROM {dlq} {clause}"), values)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn parsed(fields: Value) -> Result<DlqFilter> {
        DlqFilter::from_fields(fields.as_object().unwrap())
    }

    #[test]
    fn fields_are_read_as_forms_send_them() {
        let filter = parsed(json!({"serviceid": "3", "eventname": "core\\event\\x",
            "since": 10, "until": "10"}))
        .unwrap();
        assert_eq!(
            filter,
            DlqFilter {
                serviceid: Some(3),
                eventname: Some("\\core\\event\\x".into()),
                since: Some(10),
                until: Some(10),
            }
        );
        assert_eq!(
            parsed(json!({"since": null})).unwrap(),
            DlqFilter::default()
        );
    }

    #[test]
    fn bad_values_name_their_fields() {
        let err = parsed(json!({"serviceid": 0, "eventname": " ", "since": 1.5,
            "until": "yesterday", "service": 1}))
        .unwrap_err();
        assert_eq!(
            err.fields().keys().collect::<Vec<_>>(),
            ["eventname", "service", "serviceid", "since", "until"]
        );
        let err = parsed(json!({"since": 20, "until": 19})).unwrap_err();
        assert_eq!(err.fields()["until"], "must not be before since");
    }
}
