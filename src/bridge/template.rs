//! JSON-aware payload templates.
//!
//! `{{name}}`, `{{ name }}` and dotted paths (`{{other.courseid}}`) are
//! replaced by values from the event data. Where a placeholder stands
//! decides how: outside a JSON string the value goes in as JSON (numbers and
//! booleans raw, strings quoted and escaped, arrays and objects as JSON, a
//! missing value as `null`); inside a JSON string it goes in escaped, without
//! quotes (missing: empty). So no value can break the JSON or inject keys.
//!
//! A template is compiled once into segments and checked when it is saved:
//! each placeholder is blanked out with spaces of the same length and the
//! result must be valid JSON, so an error's line and column are the
//! template's own.

use std::fmt::Write as _;

use serde_json::{Map, Value};

use super::dlq::{ENDPOINT_MAX_BYTES, PAYLOAD_MAX_BYTES};
use crate::error::{Error, Result};

#[derive(Debug, Clone, PartialEq, Eq)]
enum Segment {
    Text(String),
    /// A placeholder outside a JSON string: the value as JSON.
    Value(Vec<String>),
    /// A placeholder inside a JSON string: the value's text, escaped.
    InString(Vec<String>),
}

/// A compiled template. The empty template sends the whole event data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Template {
    segments: Vec<Segment>,
}

/// The outcome of rendering with data that may lack some placeholders.
#[derive(Debug, Clone, PartialEq)]
pub struct Rendered {
    pub payload: Value,
    /// Placeholders the data had no value for, in template order, once each.
    pub unknown: Vec<String>,
}

fn is_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-')
}

/// Line and column (1-based) of byte `offset` in `text`.
fn position(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

impl Template {
    /// Compiles and checks a template; errors name line and column.
    pub fn compile(source: &str) -> Result<Self> {
        let mut segments = Vec::new();
        let mut text = String::new();
        // The template with every placeholder blanked: what must be JSON.
        let mut skeleton = String::with_capacity(source.len());
        let mut in_string = false;
        let mut escaped = false;
        let mut rest = source;
        while let Some(c) = rest.chars().next() {
            if c == '{' && rest.starts_with("{{") {
                if let Some(end) = rest.find("}}") {
                    let inner = rest[2..end].trim();
                    if inner.is_empty() || !inner.chars().all(is_name_char) {
                        let (line, column) = position(source, source.len() - rest.len());
                        return Err(Error::invalid(format!(
                            "template line {line}, column {column}: '{}' is not a placeholder; use {{{{name}}}} or {{{{a.b}}}}",
                            &rest[..end + 2]
                        )));
                    }
                    let path = inner.split('.').map(str::to_string).collect();
                    if !text.is_empty() {
                        segments.push(Segment::Text(std::mem::take(&mut text)));
                    }
                    segments.push(if in_string {
                        Segment::InString(path)
                    } else {
                        Segment::Value(path)
                    });
                    // Outside a string a placeholder is a value: blank it to
                    // " 0 " padded with spaces, so its line and column stay
                    // put and it cannot merge with a neighbour ("1{{x}}"
                    // must not check as the number 10).
                    let width = end + 2;
                    skeleton.push_str(if in_string { "  " } else { " 0" });
                    skeleton.extend(std::iter::repeat_n(' ', width - 2));
                    rest = &rest[width..];
                    escaped = false;
                    continue;
                }
            }
            if in_string {
                if escaped {
                    escaped = false;
                } else if c == '\\' {
                    escaped = true;
                } else if c == '"' {
                    in_string = false;
                }
            } else if c == '"' {
                in_string = true;
            }
            text.push(c);
            skeleton.push(c);
            rest = &rest[c.len_utf8()..];
        }
        if !text.is_empty() {
            segments.push(Segment::Text(text));
        }
        if !source.trim().is_empty() {
            if let Err(err) = serde_json::from_str::<Value>(&skeleton) {
                return Err(Error::invalid(format!(
                    "template line {}, column {}: not valid JSON ({})",
                    err.line(),
                    err.column(),
                    json_problem(&err)
                )));
            }
        }
        Ok(Self { segments })
    }

    /// Whether this is the empty template, which sends the whole event.
    pub fn is_empty(&self) -> bool {
        self.segments
            .iter()
            .all(|s| matches!(s, Segment::Text(t) if t.trim().is_empty()))
    }

    /// Renders with `data`; missing values are null (or empty in strings)
    /// and listed in `unknown`. A payload larger than
    /// [`PAYLOAD_MAX_BYTES`] is refused: 10 000 placeholders of a 1 MB
    /// value must be a clear error, never a 10 GB allocation.
    pub fn render(&self, data: &Value) -> Result<Rendered> {
        self.render_within(data, PAYLOAD_MAX_BYTES)
    }

    /// [`Self::render`] with the payload bounded at `limit` bytes.
    pub fn render_within(&self, data: &Value, limit: usize) -> Result<Rendered> {
        if self.is_empty() {
            let size = json_size(data);
            if size > limit {
                return Err(payload_too_large(limit, "the event data"));
            }
            return Ok(Rendered {
                payload: data.clone(),
                unknown: Vec::new(),
            });
        }
        let mut out = Bounded::new(limit);
        let mut unknown: Vec<String> = Vec::new();
        for segment in &self.segments {
            let (path, in_string) = match segment {
                Segment::Text(text) => {
                    out.push(text)?;
                    continue;
                }
                Segment::Value(path) => (path, false),
                Segment::InString(path) => (path, true),
            };
            let value = lookup(data, path);
            if value.is_none() {
                let name = path.join(".");
                if !unknown.contains(&name) {
                    unknown.push(name);
                }
            }
            match (value, in_string) {
                (None, false) => out.push("null")?,
                (None, true) => {}
                (Some(value), _) if json_size(value) > limit => {
                    return Err(payload_too_large(limit, "the rendered payload"))
                }
                (Some(value), false) => out.push(&value.to_string())?,
                (Some(value), true) => {
                    // The JSON string literal of the text, without its quotes.
                    let quoted = Value::String(text_of(value)).to_string();
                    out.push(&quoted[1..quoted.len() - 1])?;
                }
            }
        }
        let payload = serde_json::from_str(&out.text).map_err(|err| {
            Error::invalid(format!(
                "rendered payload is not valid JSON ({})",
                json_problem(&err)
            ))
        })?;
        Ok(Rendered { payload, unknown })
    }
}

/// Text that refuses to grow past a limit.
struct Bounded {
    text: String,
    limit: usize,
}

impl Bounded {
    fn new(limit: usize) -> Self {
        Self {
            text: String::new(),
            limit,
        }
    }

    fn push(&mut self, more: &str) -> Result<()> {
        if self.text.len() + more.len() > self.limit {
            return Err(payload_too_large(self.limit, "the rendered payload"));
        }
        self.text.push_str(more);
        Ok(())
    }
}

fn payload_too_large(limit: usize, what: &str) -> Error {
    Error::invalid(format!(
        "{what} would be larger than {limit} bytes, the most MIH sends for an event \
         and keeps in the Dead Letter Queue"
    ))
}

/// The length of a value as JSON, counted without building the text.
fn json_size(value: &Value) -> usize {
    struct Count(usize);
    impl std::io::Write for Count {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.0 += bytes.len();
            Ok(bytes.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut count = Count(0);
    let _ = serde_json::to_writer(&mut count, value);
    count.0
}

/// The value at a dotted path: object keys, or list indexes.
pub(crate) fn lookup<'a>(data: &'a Value, path: &[String]) -> Option<&'a Value> {
    path.iter().try_fold(data, |value, key| match value {
        Value::Object(map) => map.get(key),
        Value::Array(items) => key.parse::<usize>().ok().and_then(|i| items.get(i)),
        _ => None,
    })
}

/// A value as text: strings as they are, null as nothing, others as JSON.
fn text_of(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

fn json_problem(err: &serde_json::Error) -> String {
    // serde_json appends " at line L column C"; the caller says where.
    let text = err.to_string();
    text.split(" at line ").next().unwrap_or(&text).to_string()
}

/// Fills `{{placeholders}}` in an endpoint with URL-encoded values (missing:
/// empty). An endpoint longer than [`ENDPOINT_MAX_BYTES`] is
/// refused.
pub fn render_endpoint(endpoint: &str, data: &Value) -> Result<String> {
    let mut out = String::with_capacity(endpoint.len());
    let too_long = || {
        Error::invalid(format!(
            "the rendered endpoint would be longer than {ENDPOINT_MAX_BYTES} bytes"
        ))
    };
    let mut rest = endpoint;
    while let Some(start) = rest.find("{{") {
        let Some(end) = rest[start..].find("}}").map(|e| e + start) else {
            break;
        };
        out.push_str(&rest[..start]);
        let path: Vec<String> = rest[start + 2..end]
            .trim()
            .split('.')
            .map(str::to_string)
            .collect();
        if let Some(value) = lookup(data, &path) {
            // Each byte encodes to at most 3: refuse before encoding a
            // value that cannot fit.
            let text = text_of(value);
            if out.len() + text.len() > ENDPOINT_MAX_BYTES {
                return Err(too_long());
            }
            let _ = write!(out, "{}", crate::transport::form_encode(&text));
        }
        if out.len() > ENDPOINT_MAX_BYTES {
            return Err(too_long());
        }
        rest = &rest[end + 2..];
    }
    out.push_str(rest);
    if out.len() > ENDPOINT_MAX_BYTES {
        return Err(too_long());
    }
    Ok(out)
}

/// Event data for Preview Payload when the admin gives none: a
/// `\core\event\user_created` as the Moodle observer sends it.
pub fn mock_event(now: i64) -> Value {
    let mut other = Map::new();
    other.insert("auth".into(), "manual".into());
    serde_json::json!({
        "eventname": "\\core\\event\\user_created",
        "component": "core",
        "action": "created",
        "target": "user",
        "objecttable": "user",
        "objectid": 42,
        "crud": "c",
        "edulevel": 0,
        "contextid": 1,
        "contextlevel": 10,
        "contextinstanceid": 0,
        "userid": 2,
        "courseid": 1,
        "relateduserid": 42,
        "anonymous": 0,
        "other": other,
        "timecreated": now,
        "ip": "127.0.0.1",
        "fullname": "Jane O'Neil",
        "email": "jane.oneil@example.com"
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn render(template: &str, data: Value) -> Rendered {
        Template::compile(template).unwrap().render(&data).unwrap()
    }

    #[test]
    fn a_render_that_would_outgrow_the_payload_bound_is_a_clear_error() {
        // 10 000 placeholders of a 1 MB value: 10 GB if nothing stopped it.
        let template = format!("[{}]", vec!["{{a}}"; 10_000].join(","));
        let big = json!({"a": "x".repeat(1 << 20)});
        let template = Template::compile(&template).unwrap();
        let err = template.render(&big).unwrap_err();
        assert_eq!(err.kind(), crate::error::Kind::InvalidArgument);
        assert!(err.message().contains("larger than 8388608 bytes"), "{err}");
        // Inside strings too, and for the whole event of the empty template.
        let quoted = format!("[{}]", vec!["\"{{a}}\""; 10_000].join(","));
        assert!(Template::compile(&quoted).unwrap().render(&big).is_err());
        let whole = json!({"a": "x".repeat(PAYLOAD_MAX_BYTES)});
        assert!(Template::compile("").unwrap().render(&whole).is_err());
        // Up to the bound is fine.
        let small = json!({"a": "x".repeat(100)});
        let fits = Template::compile("[{{a}}, {{a}}]").unwrap();
        assert!(fits.render_within(&small, 208).is_ok());
        assert!(fits.render_within(&small, 207).is_err());
    }

    #[test]
    fn a_rendered_endpoint_is_bounded() {
        let data = json!({"long": "é".repeat(ENDPOINT_MAX_BYTES), "short": "a b"});
        assert_eq!(render_endpoint("/x/{{short}}", &data).unwrap(), "/x/a+b");
        let err = render_endpoint("/x/{{long}}", &data).unwrap_err();
        assert!(err.message().contains("longer than 8192 bytes"), "{err}");
        let many = "{{short}}".repeat(140);
        let data = json!({"short": "é".repeat(20)});
        assert!(render_endpoint(&many, &data).is_err());
    }

    #[test]
    fn the_guides_template_fills_numbers_raw_and_strings_quoted() {
        let template = r#"{
"event": "{{eventname}}",
"user_id": {{userid}},
"object_id": {{ objectid }},
"course_id": {{courseid}},
"timestamp": {{timecreated}},
"source": "moodle"
}"#;
        let out = render(template, mock_event(1_700_000_000));
        assert_eq!(
            out.payload,
            json!({"event": "\\core\\event\\user_created", "user_id": 2, "object_id": 42, "course_id": 1,
                   "timestamp": 1_700_000_000, "source": "moodle"})
        );
        assert!(out.unknown.is_empty());
    }

    #[test]
    fn values_cannot_break_out_of_strings_or_inject_keys() {
        let hostile = "O\"Neil\", \"admin\": true, \"x\": \"\n\\{{userid}}";
        let out = render(
            r#"{"name": "{{fullname}}", "raw": {{fullname}}, "id": {{userid}}}"#,
            json!({"fullname": hostile, "userid": 7}),
        );
        assert_eq!(
            out.payload,
            json!({"name": hostile, "raw": hostile, "id": 7})
        );
        assert_eq!(out.payload.as_object().unwrap().len(), 3);
    }

    #[test]
    fn nested_paths_lists_and_missing_values() {
        let data = json!({"other": {"grade": 9.5, "items": [{"id": 3}], "flag": false}, "tags": ["a", "b"]});
        let out = render(
            r#"{"g": {{other.grade}}, "first": {{other.items.0.id}}, "f": {{other.flag}}, "tags": {{tags}},
                "label": "grade {{other.grade}} of {{missing.path}}", "gone": {{nope}}, "obj": "{{other.items}}"}"#,
            data,
        );
        assert_eq!(
            out.payload,
            json!({"g": 9.5, "first": 3, "f": false, "tags": ["a", "b"], "label": "grade 9.5 of ", "gone": null,
                   "obj": "[{\"id\":3}]"})
        );
        assert_eq!(out.unknown, ["missing.path", "nope"]);
    }

    #[test]
    fn the_empty_template_sends_the_whole_event() {
        let data = json!({"a": 1});
        assert_eq!(render("", data.clone()).payload, data);
        assert_eq!(render("  \n ", data.clone()).payload, data);
    }

    #[test]
    fn bad_templates_are_refused_with_their_position() {
        let err = Template::compile("{\n  \"a\": {{x}},\n  \"b\": }").unwrap_err();
        assert!(
            err.message()
                .starts_with("template line 3, column 8: not valid JSON"),
            "{err}"
        );
        let err = Template::compile(r#"{"a": {{ not a name }} }"#).unwrap_err();
        assert_eq!(
            err.message(),
            "template line 1, column 7: '{{ not a name }}' is not a placeholder; use {{name}} or {{a.b}}"
        );
        assert!(Template::compile(r#"{"a": {{x}"#)
            .unwrap_err()
            .message()
            .contains("not valid JSON"));
        assert!(Template::compile(r#"{"a": {{x}} {{y}}}"#).is_err());
        // A placeholder cannot glue onto a neighbouring token (found by fuzzing).
        for glued in [
            "1111{{x}}",
            "-{{x}}",
            "1.{{x}}",
            "1e{{x}}",
            "[1{{x}}]",
            r#"{"a": true{{x}}}"#,
        ] {
            assert!(Template::compile(glued).is_err(), "{glued} must be refused");
        }
        // Braces inside strings are text.
        assert_eq!(
            render(r#"{"a": "{ {x} }}"}"#, json!({})).payload,
            json!({"a": "{ {x} }}"})
        );
    }

    proptest::proptest! {
        #[test]
        fn any_string_round_trips_inside_and_outside_json_strings(text in "\\PC*|[\"\\\\{}\n\t\u{0}-\u{1f}]*") {
            let template = Template::compile(r#"{"in": "{{s}}", "out": {{s}}, "mixed": "<{{s}}>"}"#).unwrap();
            let out = template.render(&json!({"s": text})).unwrap();
            proptest::prop_assert_eq!(&out.payload["in"], &json!(text));
            proptest::prop_assert_eq!(&out.payload["out"], &json!(text));
            proptest::prop_assert_eq!(&out.payload["mixed"], &json!(format!("<{text}>")));
            proptest::prop_assert_eq!(out.payload.as_object().unwrap().len(), 3);
        }
    }

    #[test]
    fn endpoints_are_filled_url_encoded() {
        let data = json!({"userid": 5, "name": "a b/c?", "other": {"id": "x&y"}});
        assert_eq!(
            render_endpoint("/users/{{userid}}", &data).unwrap(),
            "/users/5"
        );
        assert_eq!(
            render_endpoint("/q?n={{ name }}&o={{other.id}}&m={{missing}}", &data).unwrap(),
            "/q?n=a+b%2Fc%3F&o=x%26y&m="
        );
        assert_eq!(
            render_endpoint("/plain/{{open", &data).unwrap(),
            "/plain/{{open"
        );
    }
}
