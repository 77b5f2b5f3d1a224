//! An Event Bridge rule: which Moodle event goes to which service, how.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use super::filter::Filter;
use super::template::Template;
use crate::error::Result;
use crate::form::{finish, flag, id, text};
use crate::transport::Method;

/// The longest event class name accepted.
pub const EVENTNAME_MAX_LEN: usize = 255;
/// The longest endpoint accepted, in bytes.
pub const ENDPOINT_MAX_LEN: usize = 1333;
/// The longest template accepted (64 KiB).
pub const TEMPLATE_MAX_LEN: usize = 65_536;

#[derive(Debug, Clone, PartialEq)]
pub struct Rule {
    pub id: i64,
    /// Moodle event class, stored with one leading backslash.
    pub eventname: String,
    pub serviceid: i64,
    pub endpoint: String,
    pub http_method: Method,
    pub payload_template: String,
    /// A condition on the event's fields (see `super::filter`); '' for none.
    pub filter: String,
    pub enabled: bool,
    pub timecreated: i64,
    pub timemodified: i64,
}

impl Default for Rule {
    fn default() -> Self {
        Self {
            id: 0,
            eventname: String::new(),
            serviceid: 0,
            endpoint: String::new(),
            http_method: Method::Post,
            payload_template: String::new(),
            filter: String::new(),
            enabled: true,
            timecreated: 0,
            timemodified: 0,
        }
    }
}

/// `\core\event\user_created`, with or without its leading backslash, in
/// its stored form.
pub fn normalise_eventname(raw: &str) -> String {
    format!("\\{}", raw.trim().trim_start_matches('\\'))
}

fn check_eventname(name: &str) -> std::result::Result<(), String> {
    let parts: Vec<&str> = name.trim_start_matches('\\').split('\\').collect();
    let valid = parts.len() >= 2
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'));
    if name.len() > EVENTNAME_MAX_LEN {
        Err(format!("at most {EVENTNAME_MAX_LEN} characters"))
    } else if valid {
        Ok(())
    } else {
        Err("must be an event class name such as \\core\\event\\user_created".into())
    }
}

impl Rule {
    /// Applies form input on top of `self` and validates the result; every
    /// problem is reported against its field. `service_exists` answers
    /// whether a service id is registered.
    pub fn apply(
        mut self,
        input: &Map<String, Value>,
        service_exists: impl Fn(i64) -> bool,
    ) -> Result<Rule> {
        let mut errors = BTreeMap::new();
        for (field, value) in input {
            let outcome = match field.as_str() {
                "id" => Ok(()),
                "eventname" => text(value).map(|v| self.eventname = normalise_eventname(&v)),
                "serviceid" => id(value).map(|v| self.serviceid = v),
                "endpoint" => text(value).map(|v| self.endpoint = v.trim().to_string()),
                "http_method" => text(value)
                    .and_then(|v| Method::parse(&v).map_err(|e| e.message().to_string()))
                    .map(|m| self.http_method = m),
                "payload_template" => text(value).map(|v| self.payload_template = v),
                "filter" => text(value).map(|v| self.filter = v.trim().to_string()),
                "enabled" => flag(value).map(|v| self.enabled = v),
                _ => Err("unknown field".to_string()),
            };
            if let Err(message) = outcome {
                errors.insert(field.clone(), message);
            }
        }
        if !errors.contains_key("eventname") {
            if self.eventname.trim_start_matches('\\').is_empty() {
                errors.insert("eventname".into(), "required".into());
            } else if let Err(message) = check_eventname(&self.eventname) {
                errors.insert("eventname".into(), message);
            }
        }
        if !errors.contains_key("serviceid") && !service_exists(self.serviceid) {
            errors.insert(
                "serviceid".into(),
                format!("no service with id {}", self.serviceid),
            );
        }
        if self.endpoint.len() > ENDPOINT_MAX_LEN {
            errors.insert(
                "endpoint".into(),
                format!("at most {ENDPOINT_MAX_LEN} bytes"),
            );
        } else if self.endpoint.chars().any(char::is_control) {
            errors.insert(
                "endpoint".into(),
                "must not contain control characters".into(),
            );
        }
        if self.payload_template.len() > TEMPLATE_MAX_LEN {
            errors.insert(
                "payload_template".into(),
                format!("at most {TEMPLATE_MAX_LEN} bytes"),
            );
        } else if !errors.contains_key("payload_template") {
            if let Err(err) = Template::compile(&self.payload_template) {
                errors.insert("payload_template".into(), err.message().to_string());
            }
        }
        if !errors.contains_key("filter") {
            if let Err(err) = Filter::compile(&self.filter) {
                errors.insert("filter".into(), err.message().to_string());
            }
        }
        finish(self, errors)
    }

    /// The rule as PHP pages see it.
    pub fn to_map(&self) -> Map<String, Value> {
        let mut row = Map::new();
        row.insert("id".into(), self.id.into());
        row.insert("eventname".into(), self.eventname.clone().into());
        row.insert("serviceid".into(), self.serviceid.into());
        row.insert("endpoint".into(), self.endpoint.clone().into());
        row.insert("http_method".into(), self.http_method.as_str().into());
        row.insert(
            "payload_template".into(),
            self.payload_template.clone().into(),
        );
        row.insert("filter".into(), self.filter.clone().into());
        row.insert("enabled".into(), self.enabled.into());
        row.insert("timecreated".into(), self.timecreated.into());
        row.insert("timemodified".into(), self.timemodified.into());
        row
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn apply(input: Value) -> Result<Rule> {
        Rule::default().apply(input.as_object().unwrap(), |id| id == 1)
    }

    #[test]
    fn event_names_are_stored_with_one_leading_backslash() {
        let rule =
            apply(json!({"eventname": "core\\event\\user_created", "serviceid": 1})).unwrap();
        assert_eq!(rule.eventname, "\\core\\event\\user_created");
        let rule =
            apply(json!({"eventname": "\\\\mod_forum\\event\\post_created", "serviceid": "1"}))
                .unwrap();
        assert_eq!(rule.eventname, "\\mod_forum\\event\\post_created");
        assert_eq!((rule.http_method, rule.enabled), (Method::Post, true));
    }

    #[test]
    fn every_bad_field_is_named() {
        let err = apply(json!({
            "eventname": "user created", "serviceid": 9, "http_method": "FETCH",
            "payload_template": "{\"a\": }", "enabled": "sometimes", "endpoint": "/a\nb", "colour": 1
        }))
        .unwrap_err();
        let fields: Vec<&str> = err.fields().keys().map(String::as_str).collect();
        assert_eq!(
            fields,
            [
                "colour",
                "enabled",
                "endpoint",
                "eventname",
                "http_method",
                "payload_template",
                "serviceid"
            ]
        );
        assert_eq!(err.fields()["serviceid"], "no service with id 9");
        assert!(err.fields()["payload_template"].starts_with("template line 1, column 7"));
        assert_eq!(
            apply(json!({"serviceid": 1})).unwrap_err().fields()["eventname"],
            "required"
        );
    }
}
