//! SOAP over HTTP, driven by the service's WSDL: the endpoint names the
//! operation, the payload array becomes its parameters, and the answer
//! becomes JSON of the operation's result, as the older plugin returned it
//! (`json_encode` of what PHP's SoapClient gives). A SOAP fault is a failed
//! response with status 500 and `faultcode: faultstring`.
//!
//! The WSDL is fetched through the same guarded HTTP client and kept for a
//! day, like PHP's WSDL cache: in memory per process, and on disk beside
//! the store so a new worker does not fetch it again.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use quick_xml::escape::escape;
use reqwest::header::{HeaderValue, CONTENT_TYPE};
use serde_json::{Map, Number, Value};
use sha2::{Digest, Sha256};
use tokio::sync::Mutex;

use super::wsdl::{Field, Operation, SoapVersion, Style, Wsdl};
use super::xml::{self, local, Node};
use super::{Context, Outgoing, Payload, Reply, Transport};
use crate::error::{redact_url, Error, Kind, Result};
use crate::private_files;
use crate::service::Service;

/// How long a fetched WSDL is used (PHP's soap.wsdl_cache_ttl default).
pub const WSDL_TTL: Duration = Duration::from_secs(86_400);

const SOAP11_ENVELOPE: &str = "http://schemas.xmlsoap.org/soap/envelope/";
const SOAP12_ENVELOPE: &str = "http://www.w3.org/2003/05/soap-envelope";
const XSI: &str = "http://www.w3.org/2001/XMLSchema-instance";

pub struct SoapTransport {
    wsdls: Mutex<HashMap<String, (Instant, Arc<Wsdl>)>>,
    /// Where fetched WSDL documents are kept between processes.
    disk: Option<PathBuf>,
}

fn bad(message: impl Into<String>) -> Error {
    Error::new(Kind::Response, message)
}

impl SoapTransport {
    /// A transport whose WSDL cache also lives in `disk` (created 0700).
    pub fn new(disk: Option<PathBuf>) -> Self {
        Self {
            wsdls: Mutex::default(),
            disk,
        }
    }

    /// The cache file name of a WSDL URL: its SHA-256, so no one can
    /// choose a URL whose name collides with another's, and the name stays
    /// the same across builds.
    fn cache_name(url: &str) -> String {
        let digest = Sha256::digest(url.as_bytes());
        let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
        format!("wsdl-{hex}.xml")
    }

    /// A cached WSDL document still within its day, from the private disk
    /// cache; a cache that cannot be trusted is reported and not used.
    fn cached_text(&self, url: &str) -> Option<String> {
        let dir = self.disk.as_ref()?;
        let read = private_files::private_dir(dir)
            .and_then(|()| private_files::read_own(&dir.join(Self::cache_name(url))));
        match read {
            Ok(Some((text, written))) => {
                let age = written.elapsed().unwrap_or(WSDL_TTL);
                (age < WSDL_TTL).then_some(text)
            }
            Ok(None) => None,
            Err(err) => {
                crate::report::problem(format!(
                    "mih: WSDL cache not used: {}",
                    private_files::explain(dir, &err)
                ));
                None
            }
        }
    }

    /// Keeps a fetched WSDL on disk; a cache that cannot be written is only slower.
    fn keep(&self, url: &str, text: &str) {
        if let Some(dir) = &self.disk {
            let name = Self::cache_name(url);
            if let Err(err) = private_files::write_atomically(dir, &name, text.as_bytes()) {
                crate::report::problem(format!(
                    "mih: WSDL cache not written: {}",
                    private_files::explain(dir, &err)
                ));
            }
        }
    }

    async fn wsdl(&self, service: &Service, context: Context<'_>) -> Result<Arc<Wsdl>> {
        let mut wsdls = self.wsdls.lock().await;
        if let Some((fetched, wsdl)) = wsdls.get(&service.base_url) {
            if fetched.elapsed() < WSDL_TTL {
                return Ok(Arc::clone(wsdl));
            }
        }
        let shown = redact_url(&service.base_url);
        if let Some(text) = self.cached_text(&service.base_url) {
            if let Ok(wsdl) = xml::parse(&text).and_then(|root| Wsdl::parse(&root)) {
                let wsdl = Arc::new(wsdl);
                wsdls.insert(
                    service.base_url.clone(),
                    (Instant::now(), Arc::clone(&wsdl)),
                );
                return Ok(wsdl);
            }
        }
        let url = url::Url::parse(&service.base_url)
            .map_err(|e| Error::invalid(format!("base_url: {e}")))?;
        let reply = context
            .http
            .exchange(
                reqwest::Method::GET,
                url,
                super::http::headers(service)?,
                None,
                context,
            )
            .await?;
        if !reply.is_success() {
            return Err(Error::new(
                Kind::Status(reply.status.unwrap_or(0)),
                format!(
                    "cannot fetch the WSDL {shown}: HTTP {}",
                    reply.status.unwrap_or(0)
                ),
            ));
        }
        let text = String::from_utf8(reply.body)
            .map_err(|_| bad(format!("the WSDL {shown} is not UTF-8")))?;
        let root = xml::parse(&text).map_err(|e| bad(format!("the WSDL {shown}: {e}")))?;
        let wsdl = Arc::new(Wsdl::parse(&root).map_err(|e| bad(format!("the WSDL {shown}: {e}")))?);
        self.keep(&service.base_url, &text);
        wsdls.insert(
            service.base_url.clone(),
            (Instant::now(), Arc::clone(&wsdl)),
        );
        Ok(wsdl)
    }
}

/// `<name>value</name>` for a PHP value: lists repeat the element, maps nest.
fn write_value(out: &mut String, name: &str, value: &Value, encoded: bool) {
    match value {
        // SOAP encoding: one element holding an item per value (SOAP 1.1
        // section 5.4.2); literal: the element repeated.
        Value::Array(items) if encoded => {
            let _ = write!(out, "<{name}>");
            items
                .iter()
                .for_each(|item| write_value(out, "item", item, encoded));
            let _ = write!(out, "</{name}>");
        }
        Value::Array(items) => items
            .iter()
            .for_each(|item| write_value(out, name, item, encoded)),
        Value::Null => {
            let _ = write!(out, "<{name} xsi:nil=\"true\"/>");
        }
        Value::Object(map) => {
            let _ = write!(out, "<{name}>");
            for (key, item) in map {
                write_value(out, key, item, encoded);
            }
            let _ = write!(out, "</{name}>");
        }
        scalar => {
            let text = match scalar {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            let _ = write!(out, "<{name}>{}</{name}>", escape(text.as_str()));
        }
    }
}

fn valid_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_alphabetic() || c == '_')
        && chars.all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.'))
}

/// The SOAP envelope for an operation and its parameters.
pub fn envelope(wsdl: &Wsdl, op: &Operation, params: &Map<String, Value>) -> Result<String> {
    if let Some(name) = params.keys().find(|k| !valid_name(k)) {
        return Err(Error::invalid(format!(
            "payload: '{name}' cannot be an XML element name"
        )));
    }
    let env_ns = match op.version {
        SoapVersion::V11 => SOAP11_ENVELOPE,
        SoapVersion::V12 => SOAP12_ENVELOPE,
    };
    let mut body = String::new();
    match op.style {
        Style::Document => {
            let ns = if wsdl.schema_ns.is_empty() {
                &wsdl.target_ns
            } else {
                &wsdl.schema_ns
            };

            // Each part is its element; a wrapped operation's one part is
            // the element named as the operation, its children the
            // payload's keys. Otherwise the payload gives each part's value
            // by part name (or position).
            let wrapped = op.input.len() <= 1
                && op
                    .input
                    .first()
                    .is_none_or(|p| p.element.as_deref() == Some(&op.name));
            let elements: Vec<(String, Value)> = if wrapped {
                vec![(op.name.clone(), Value::Object(params.clone()))]
            } else {
                op.input
                    .iter()
                    .enumerate()
                    .map(|(index, part)| {
                        let value = params
                            .get(&part.name)
                            .or_else(|| params.values().nth(index))
                            .cloned()
                            .unwrap_or(Value::Null);
                        (
                            part.element.clone().unwrap_or_else(|| part.name.clone()),
                            value,
                        )
                    })
                    .collect()
            };
            for (element, value) in elements {
                // The element's own schema's namespace, when it has one.
                let (ns, qualified) = wsdl
                    .element_ns
                    .get(&element)
                    .cloned()
                    .unwrap_or_else(|| (ns.clone(), wsdl.qualified));
                let _ = write!(
                    body,
                    "<ns1:{element} xmlns:ns1=\"{}\">",
                    escape(ns.as_str())
                );
                let name = |key: &str| {
                    if qualified {
                        format!("ns1:{key}")
                    } else {
                        key.to_string()
                    }
                };
                match value {
                    Value::Object(map) => map.iter().for_each(|(key, item)| {
                        write_value(&mut body, &name(key), item, op.encoded)
                    }),
                    Value::Null => {}
                    Value::String(text) => body.push_str(&escape(&text)),
                    Value::Array(items) => items
                        .iter()
                        .for_each(|item| write_value(&mut body, &name("item"), item, op.encoded)),
                    other => body.push_str(&escape(other.to_string())),
                }
                let _ = write!(body, "</ns1:{element}>");
            }
        }
        Style::Rpc => {
            let _ = write!(
                body,
                "<ns1:{} xmlns:ns1=\"{}\">",
                op.name,
                escape(op.namespace.as_str())
            );
            for (index, part) in op.input.iter().enumerate() {
                // Parameters by part name, or by position.
                let value = params
                    .get(&part.name)
                    .or_else(|| params.values().nth(index))
                    .cloned()
                    .unwrap_or(Value::Null);
                write_value(&mut body, &part.name, &value, op.encoded);
            }
            let _ = write!(body, "</ns1:{}>", op.name);
        }
    }
    Ok(format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<env:Envelope xmlns:env=\"{env_ns}\" xmlns:xsi=\"{XSI}\"><env:Body>{body}</env:Body></env:Envelope>"
    ))
}

/// A scalar from its XML text and schema type name.
fn scalar(text: &str, kind: Option<&str>) -> Value {
    let kind = kind.map(local).unwrap_or("string");
    match kind {
        "int" | "integer" | "long" | "short" | "byte" | "unsignedInt" | "unsignedLong"
        | "unsignedShort" | "unsignedByte" | "nonNegativeInteger" | "positiveInteger"
        | "negativeInteger" | "nonPositiveInteger" => text
            .trim()
            .parse::<i64>()
            .map(Value::from)
            .unwrap_or_else(|_| text.into()),
        "boolean" => Value::Bool(matches!(text.trim(), "true" | "1")),
        // A decimal keeps every digit, as SoapClient gives it: a string.
        "decimal" => text.trim().into(),
        "float" | "double" => text
            .trim()
            .parse::<f64>()
            .ok()
            .and_then(Number::from_f64)
            .map_or_else(|| text.into(), Value::Number),
        _ => text.into(),
    }
}

/// An element as SoapClient would give it: typed scalars, objects, and
/// arrays where an element repeats.
fn decode(wsdl: &Wsdl, node: &Node, field: Option<&Field>) -> Value {
    if node.attr("nil") == Some("true") {
        return Value::Null;
    }
    let kind = node
        .attr("type")
        .or_else(|| field.and_then(|f| f.kind.as_deref()));
    let fields = field.map_or(&[][..], |f| wsdl.fields(f));
    if node.children.is_empty() {
        // An empty element of a complex type (named, or inline: no type
        // name) is an empty object, as SoapClient gives it.
        let complex = fields.is_empty()
            && (kind.is_some_and(|k| wsdl.types.contains_key(local(k)))
                || field.is_some_and(|f| f.kind.is_none()));
        return if complex {
            Value::Object(Map::new())
        } else {
            scalar(&node.text, kind)
        };
    }
    let encoded_array =
        kind.is_some_and(|k| local(k) == "Array") || node.attr("arrayType").is_some();
    if encoded_array {
        return Value::Array(
            node.children
                .iter()
                .map(|c| decode(wsdl, c, None))
                .collect(),
        );
    }
    let fields = if fields.is_empty() {
        kind.and_then(|k| wsdl.types.get(local(k)))
            .map_or(&[][..], Vec::as_slice)
    } else {
        fields
    };
    let mut object = Map::new();
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for child in &node.children {
        *counts.entry(child.name.as_str()).or_default() += 1;
    }
    for child in &node.children {
        let field = fields.iter().find(|f| f.name == child.name);
        let value = decode(wsdl, child, field);
        if counts[child.name.as_str()] > 1 {
            match object
                .entry(child.name.clone())
                .or_insert_with(|| Value::Array(Vec::new()))
            {
                Value::Array(items) => items.push(value),
                other => *other = value,
            }
        } else {
            object.insert(child.name.clone(), value);
        }
    }
    Value::Object(object)
}

/// The operation's result, or its fault as "faultcode: faultstring".
pub fn result(
    wsdl: &Wsdl,
    op: &Operation,
    root: &Node,
) -> Result<std::result::Result<Value, String>> {
    let body = root
        .first("Body")
        .ok_or_else(|| bad("the answer is not a SOAP envelope (no Body)"))?;
    if let Some(fault) = body.first("Fault") {
        let text = |path: &[&str]| {
            path.iter()
                .try_fold(fault, |node, name| node.first(name))
                .map(|n| n.text.trim().to_string())
                .unwrap_or_default()
        };
        let (code, reason) = match fault.first("faultcode") {
            Some(_) => (text(&["faultcode"]), text(&["faultstring"])),
            None => (text(&["Code", "Value"]), text(&["Reason", "Text"])),
        };
        return Ok(Err(format!("{code}: {reason}")));
    }
    let Some(response) = body.children.first() else {
        return Ok(Ok(Value::Null));
    };
    let value = match op.style {
        Style::Document => {
            let field = op
                .output
                .first()
                .and_then(|p| p.element.as_ref())
                .and_then(|e| wsdl.elements.get(e));
            decode(wsdl, response, field)
        }
        Style::Rpc => {
            let part = |name: &str| {
                op.output.iter().find(|p| p.name == name).map(|p| Field {
                    name: p.name.clone(),
                    kind: p.kind.clone(),
                    fields: Vec::new(),
                    repeated: false,
                })
            };
            let values: Vec<(String, Value)> = response
                .children
                .iter()
                .map(|c| (c.name.clone(), decode(wsdl, c, part(&c.name).as_ref())))
                .collect();
            // One part is returned as such, several as an object (as SoapClient does).
            match values.len() {
                0 => Value::Null,
                1 => values
                    .into_iter()
                    .next()
                    .map(|(_, v)| v)
                    .unwrap_or(Value::Null),
                _ => Value::Object(values.into_iter().collect()),
            }
        }
    };
    Ok(Ok(value))
}

impl Transport for SoapTransport {
    async fn send(
        &self,
        service: &Service,
        call: &Outgoing,
        context: Context<'_>,
    ) -> Result<Reply> {
        let wsdl = self.wsdl(service, context).await?;
        let name = call.endpoint.trim().trim_start_matches('/');
        let op = wsdl.operations.get(name).ok_or_else(|| {
            bad(format!(
                "operation '{}' is not in the WSDL; it has: {}",
                crate::hub::truncate(name, 80),
                wsdl.operation_names().join(", ")
            ))
        })?;
        let params = match &call.payload {
            Payload::Json(Value::Object(map)) => map.clone(),
            Payload::Json(Value::Array(items)) if items.is_empty() => Map::new(),
            Payload::Json(Value::Array(items)) => items
                .iter()
                .enumerate()
                .map(|(i, v)| (format!("param{i}"), v.clone()))
                .collect(),
            _ => return Err(Error::invalid("SOAP payloads are arrays of parameters")),
        };
        let xml = envelope(&wsdl, op, &params)?;
        let mut headers = super::http::call_headers(service, call)?;
        let (content_type, action) = match op.version {
            SoapVersion::V11 => (
                "text/xml; charset=utf-8".to_string(),
                Some(format!("\"{}\"", op.action)),
            ),
            SoapVersion::V12 => (
                format!(
                    "application/soap+xml; charset=utf-8; action=\"{}\"",
                    op.action
                ),
                None,
            ),
        };
        let header = |text: &str| {
            HeaderValue::from_str(text)
                .map_err(|_| bad("the WSDL's soapAction is not a valid header value"))
        };
        headers.insert(CONTENT_TYPE, header(&content_type)?);
        headers.remove(reqwest::header::ACCEPT);
        if let Some(action) = action {
            headers.insert("soapaction", header(&action)?);
        }
        let url = url::Url::parse(&op.address)
            .map_err(|_| bad(format!("the WSDL's address '{}' is not a URL", op.address)))?;
        let reply = context
            .http
            .exchange(
                reqwest::Method::POST,
                url,
                headers,
                Some(xml.into()),
                context,
            )
            .await?;
        let text = String::from_utf8_lossy(&reply.body);
        if !text.trim_start().starts_with('<') {
            // No SOAP answer: an HTTP failure as for REST, or a body we cannot use.
            return if reply.is_success() {
                Err(bad("the answer is not XML"))
            } else {
                Ok(reply)
            };
        }
        let root = xml::parse(&text).map_err(|e| bad(format!("unusable SOAP answer: {e}")))?;
        match result(&wsdl, op, &root)? {
            Ok(value) => Ok(Reply {
                status: reply.status,
                body: serde_json::to_vec(&value).unwrap_or_default(),
                retry_after: None,
                fault: None,
            }),
            Err(fault) => Ok(Reply {
                status: Some(500),
                body: serde_json::json!({ "fault": fault })
                    .to_string()
                    .into_bytes(),
                retry_after: None,
                fault: Some(fault),
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn legacy() -> Wsdl {
        let text = include_str!("../../tests/fixtures/soap/legacy.wsdl")
            .replace("LOCATION", "http://127.0.0.1:1/soap11");
        Wsdl::parse(&xml::parse(&text).unwrap()).unwrap()
    }

    #[test]
    fn the_wsdl_gives_address_action_style_and_types() {
        let wsdl = legacy();
        assert_eq!(wsdl.operation_names(), ["Add", "CreateUser", "Fail"]);
        let create = &wsdl.operations["CreateUser"];
        assert_eq!(
            (create.style, create.version),
            (Style::Document, SoapVersion::V11)
        );
        assert_eq!(
            (create.action.as_str(), create.address.as_str()),
            ("urn:legacy#CreateUser", "http://127.0.0.1:1/soap11")
        );
        let add = &wsdl.operations["Add"];
        assert_eq!(
            (add.style, add.namespace.as_str(), add.input.len()),
            (Style::Rpc, "urn:legacy", 2)
        );
        assert!(wsdl.qualified);
        assert!(wsdl.elements["CreateUserResponse"]
            .fields
            .iter()
            .any(|f| f.name == "roles" && f.repeated));
    }

    #[test]
    fn envelopes_escape_values_and_repeat_lists() {
        let wsdl = legacy();
        let params = json!({"name": "<b>&\"x\"", "roles": ["a", "b"], "address": {"city": "Zürich"}, "none": null});
        let xml = envelope(
            &wsdl,
            &wsdl.operations["CreateUser"],
            params.as_object().unwrap(),
        )
        .unwrap();
        assert!(xml.contains("<ns1:CreateUser xmlns:ns1=\"urn:legacy\"><ns1:name>&lt;b&gt;&amp;&quot;x&quot;</ns1:name>"), "{xml}");
        assert!(xml.contains("<ns1:roles>a</ns1:roles><ns1:roles>b</ns1:roles>"));
        assert!(xml.contains("<ns1:address><city>Zürich</city></ns1:address>"));
        assert!(xml.contains("<ns1:none xsi:nil=\"true\"/>"));
        let rpc = envelope(
            &wsdl,
            &wsdl.operations["Add"],
            json!({"b": 2, "a": 1}).as_object().unwrap(),
        )
        .unwrap();
        assert!(
            rpc.contains("<ns1:Add xmlns:ns1=\"urn:legacy\"><a>1</a><b>2</b></ns1:Add>"),
            "{rpc}"
        );
        let bad = json!({"a b": 1});
        assert!(envelope(&wsdl, &wsdl.operations["Add"], bad.as_object().unwrap()).is_err());
    }

    #[test]
    fn answers_decode_typed_and_faults_are_named() {
        let wsdl = legacy();
        let answer = r#"<e:Envelope xmlns:e="http://schemas.xmlsoap.org/soap/envelope/" xmlns:n="urn:legacy"><e:Body>
            <n:CreateUserResponse><n:id>7</n:id><n:username>x</n:username><n:roles>a</n:roles><n:roles>b</n:roles>
            <n:active>true</n:active><n:score>1.5</n:score></n:CreateUserResponse></e:Body></e:Envelope>"#;
        let value = result(
            &wsdl,
            &wsdl.operations["CreateUser"],
            &xml::parse(answer).unwrap(),
        )
        .unwrap()
        .unwrap();
        assert_eq!(
            value,
            json!({"id": 7, "username": "x", "roles": ["a", "b"], "active": true, "score": 1.5})
        );
        let fault = r#"<e:Envelope xmlns:e="http://www.w3.org/2003/05/soap-envelope"><e:Body><e:Fault>
            <e:Code><e:Value>e:Sender</e:Value></e:Code><e:Reason><e:Text>bad input</e:Text></e:Reason></e:Fault></e:Body></e:Envelope>"#;
        let outcome = result(
            &wsdl,
            &wsdl.operations["CreateUser"],
            &xml::parse(fault).unwrap(),
        )
        .unwrap();
        assert_eq!(outcome, Err("e:Sender: bad input".to_string()));
    }
}
