//! Form input as typed fields. PHP forms send strings, so numbers and flags
//! accept their string forms; each reader says what was wrong in words a
//! form can show beside the field.

use std::collections::BTreeMap;
use std::ops::RangeInclusive;

use serde_json::Value;

use crate::error::{Error, Result};

pub type FieldResult<T> = std::result::Result<T, String>;

/// A string; numbers give their text, null gives "".
pub fn text(value: &Value) -> FieldResult<String> {
    match value {
        Value::String(s) => Ok(s.clone()),
        Value::Number(n) => Ok(n.to_string()),
        Value::Null => Ok(String::new()),
        _ => Err("must be a string".into()),
    }
}

/// A whole number, from a number or a numeric string.
pub fn whole(value: &Value) -> Option<i64> {
    match value {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// A number, from a number or a numeric string.
pub fn real(value: &Value) -> Option<f64> {
    value.as_f64().or_else(|| whole(value).map(|v| v as f64))
}

/// A whole number within `range`.
pub fn bounded(value: &Value, range: RangeInclusive<i64>) -> FieldResult<i64> {
    whole(value).filter(|n| range.contains(n)).ok_or_else(|| {
        format!(
            "must be a whole number from {} to {}",
            range.start(),
            range.end()
        )
    })
}

/// An id: a positive whole number.
pub fn id(value: &Value) -> FieldResult<i64> {
    whole(value)
        .filter(|n| *n > 0)
        .ok_or_else(|| "must be an id".into())
}

/// An id, or nothing (null or "").
pub fn optional_id(value: &Value) -> FieldResult<Option<i64>> {
    match value {
        Value::Null => Ok(None),
        Value::String(s) if s.trim().is_empty() => Ok(None),
        other => id(other).map(Some),
    }
}

/// The `id` of a form that creates (no id, 0) or updates (an id).
pub fn record_id(input: &serde_json::Map<String, Value>) -> Result<i64> {
    match input.get("id").map(optional_id) {
        None | Some(Ok(None)) => Ok(0),
        Some(Ok(Some(id))) => Ok(id),
        Some(Err(_)) if input.get("id").and_then(whole) == Some(0) => Ok(0),
        Some(Err(_)) => Err(Error::invalid("id must be a positive whole number")),
    }
}

/// A flag: true/false, 1/0, "1"/"0"/"", "true"/"false".
pub fn flag(value: &Value) -> FieldResult<bool> {
    match value {
        Value::Bool(b) => Ok(*b),
        Value::Number(n) if n.as_i64() == Some(0) => Ok(false),
        Value::Number(n) if n.as_i64() == Some(1) => Ok(true),
        Value::String(s) if matches!(s.as_str(), "0" | "" | "false") => Ok(false),
        Value::String(s) if matches!(s.as_str(), "1" | "true") => Ok(true),
        _ => Err("must be true or false (1 or 0)".into()),
    }
}

/// `value` when no field had a problem, else one `invalid_argument` error
/// naming them all.
pub fn finish<T>(value: T, errors: BTreeMap<String, String>) -> Result<T> {
    if errors.is_empty() {
        Ok(value)
    } else {
        Err(Error::invalid_fields(errors))
    }
}
