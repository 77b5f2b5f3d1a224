//! The calling API: `mih`, its fluent `mih_request` and `mih_response`,
//! compatible with release 2.0.0 of the older PHP plugin.

use ext_php_rs::binary::Binary;
use ext_php_rs::flags::{ClassFlags, DataType};
use ext_php_rs::prelude::*;
use ext_php_rs::types::{ZendClassObject, ZendHashTable, Zval};

use std::collections::BTreeMap;

use super::convert::{array_to_json, to_json, to_zval};
use crate::bridge::dlq::check_endpoint;
use crate::call::{Origin, Response};
use crate::error::{Error, Kind, Result};
use crate::hub::{self, with_hub};
use crate::transport::{Method, Outgoing, Payload};

/// The payload argument: an array or object (sent as JSON), a string (sent
/// as it is) or null (nothing).
pub fn payload_from(zval: Option<&Zval>) -> Result<Payload> {
    let Some(zval) = zval.map(Zval::dereference) else {
        return Ok(Payload::Json(serde_json::Value::Array(Vec::new()))); // the contract's default, []
    };
    if zval.is_string() {
        return zval
            .str()
            .map(|text| Payload::Raw(text.to_string()))
            .ok_or_else(|| Error::invalid("payload: string is not valid UTF-8"));
    }
    if zval.is_null() || zval.is_array() || zval.is_object() {
        return to_json(zval, "payload").map(Payload::Json);
    }
    let given = match zval.get_type() {
        DataType::Long => "int".to_string(),
        DataType::Double => "float".to_string(),
        DataType::True | DataType::False => "bool".to_string(),
        other => other.to_string(),
    };
    Err(Error::invalid(format!(
        "payload must be an array, an object, a string or null, not {given}"
    )))
}

fn request(service: &str, endpoint: &str, payload: Payload, method: &str) -> Result<Response> {
    // The endpoint goes into the request log: every store must hold it.
    if let Err(message) = check_endpoint(endpoint) {
        let field = BTreeMap::from([("endpoint".to_string(), message)]);
        return Err(Error::invalid_fields(field));
    }
    let call = Outgoing {
        method: Method::parse(method)?,
        endpoint: endpoint.to_string(),
        payload,
        idempotency_key: None,
    };
    with_hub(|hub| hub.request(service, &call, Origin::default()))
}

/// Entry point of Integration Hub: calls a registered service.
#[php_class]
#[php(name = "local_integrationhub\\mih")]
#[php(flags = ClassFlags::Final)]
pub struct Mih;

#[php_impl]
#[php(change_method_case = "snake_case")]
impl Mih {
    /// Calls the service registered as `$service`.
    ///
    /// REST: `$endpoint` is appended to the base URL; GET and DELETE send the
    /// payload as a query string, POST, PUT and PATCH as a JSON body (a string
    /// payload is sent as it is). Every transport outcome, failures included,
    /// is returned as a `mih_response`; only an unknown or disabled service and
    /// invalid arguments throw `mih_exception`.
    #[php(defaults(endpoint = "\"/\"", method = "\"POST\""))]
    pub fn request(
        service: &str,
        endpoint: &str,
        payload: Option<&Zval>,
        method: &str,
    ) -> PhpResult<MihResponse> {
        let payload = payload_from(payload)?;
        Ok(request(service, endpoint, payload, method)?.into())
    }

    /// Starts a fluent call: `mih::send('svc')->to('/x')->with($data)->method('PUT')->dispatch()`.
    pub fn send(service: String) -> MihRequest {
        MihRequest::__construct(service)
    }

    /// Sets process-wide options; idempotent, so it may run on every request.
    ///
    /// Keys: `store` (a SQLite file path, or `postgresql://` / `mysql://`
    /// URL of a store shared by the nodes of a cluster, `?prefix=` naming
    /// the tables' prefix), `log_max` (log rows kept, 0 = all),
    /// `max_response_bytes` (largest response body accepted),
    /// `blocked_hosts` and `allowed_ports` (Moodle's cURL security lists),
    /// `proxy` (URL, or Moodle's host, port, type, user, password) and
    /// `proxy_bypass`. An unknown key or a bad value throws `mih_exception`
    /// 'invalid_argument' naming every bad key, and changes nothing.
    pub fn configure(options: &ZendHashTable) -> PhpResult<()> {
        Ok(configure(&array_to_json(options, "options")?)?)
    }
}

fn configure(options: &serde_json::Value) -> Result<()> {
    let options = match options {
        serde_json::Value::Object(map) => map,
        serde_json::Value::Array(items) if items.is_empty() => return Ok(()),
        _ => {
            return Err(Error::invalid(
                "options must be an array keyed by option name",
            ))
        }
    };
    hub::configure(options)
}

/// A call being put together by `mih::send()`.
#[php_class]
#[php(name = "local_integrationhub\\mih_request")]
#[php(flags = ClassFlags::Final)]
pub struct MihRequest {
    service: String,
    endpoint: String,
    payload: Payload,
    method: Method,
}

#[php_impl]
#[php(change_method_case = "snake_case")]
impl MihRequest {
    pub fn __construct(service: String) -> Self {
        Self {
            service,
            endpoint: "/".into(),
            payload: Payload::Json(serde_json::Value::Null),
            method: Method::Post,
        }
    }

    /// The endpoint (REST path, AMQP routing key, SOAP operation).
    pub fn to(
        self_: &mut ZendClassObject<MihRequest>,
        endpoint: String,
    ) -> &mut ZendClassObject<MihRequest> {
        self_.endpoint = endpoint;
        self_
    }

    /// The payload: array, object, string or null.
    pub fn with<'a>(
        self_: &'a mut ZendClassObject<MihRequest>,
        payload: Option<&Zval>,
    ) -> PhpResult<&'a mut ZendClassObject<MihRequest>> {
        self_.payload = payload_from(payload)?;
        Ok(self_)
    }

    /// The HTTP method: GET, POST, PUT, PATCH or DELETE.
    pub fn method<'a>(
        self_: &'a mut ZendClassObject<MihRequest>,
        method: &str,
    ) -> PhpResult<&'a mut ZendClassObject<MihRequest>> {
        self_.method = Method::parse(method)?;
        Ok(self_)
    }

    /// Sends the call, as `mih::request()` does.
    pub fn dispatch(&self) -> PhpResult<MihResponse> {
        let response = request(
            &self.service,
            &self.endpoint,
            self.payload.clone(),
            self.method.as_str(),
        )?;
        Ok(response.into())
    }
}

/// The outcome of a call. Read-only.
#[php_class]
#[php(name = "local_integrationhub\\mih_response")]
#[php(flags = ClassFlags::Final)]
pub struct MihResponse {
    inner: Response,
}

impl From<Response> for MihResponse {
    fn from(inner: Response) -> Self {
        Self { inner }
    }
}

#[php_impl]
#[php(change_method_case = "snake_case")]
impl MihResponse {
    /// Builds a response by hand (tests, fallbacks), with the older plugin's
    /// constructor signature.
    #[php(defaults(latencyms = 0.0, attempts = 1))]
    pub fn __construct(
        success: bool,
        httpstatus: Option<i64>,
        body: Option<String>,
        error: Option<String>,
        latencyms: f64,
        attempts: i64,
    ) -> Self {
        Response {
            success,
            httpstatus: httpstatus.and_then(|s| u16::try_from(s).ok()),
            body: body.unwrap_or_default().into_bytes(),
            error,
            latencyms,
            attempts: u32::try_from(attempts).unwrap_or(0),
        }
        .into()
    }

    /// Whether the call succeeded (2xx, broker ack, SOAP result).
    #[php(getter, name = "success")]
    pub fn get_success(&self) -> bool {
        self.inner.success
    }

    /// HTTP status of the last attempt; null when none was received.
    #[php(getter, name = "httpstatus")]
    pub fn get_httpstatus(&self) -> Option<i64> {
        self.inner.httpstatus.map(i64::from)
    }

    /// Response body as received.
    #[php(getter, name = "body")]
    pub fn get_body(&self) -> Binary<u8> {
        Binary::from(self.inner.body.clone())
    }

    /// Why the call failed; null on success.
    #[php(getter, name = "error")]
    pub fn get_error(&self) -> Option<String> {
        self.inner.error.clone()
    }

    /// Wall time of the whole call in milliseconds, retries included.
    #[php(getter, name = "latencyms")]
    pub fn get_latencyms(&self) -> f64 {
        self.inner.latencyms
    }

    /// Attempts made: 1 + retries.
    #[php(getter, name = "attempts")]
    pub fn get_attempts(&self) -> i64 {
        i64::from(self.inner.attempts)
    }

    /// Same as `$success`.
    pub fn is_ok(&self) -> bool {
        self.inner.success
    }

    /// The body decoded as JSON (objects as arrays unless `$assoc` is false).
    /// Throws `mih_exception` 'invalid_json' when the body is not JSON.
    #[php(defaults(assoc = true))]
    pub fn json(&self, assoc: bool) -> PhpResult<Zval> {
        let value: serde_json::Value = serde_json::from_slice(&self.inner.body).map_err(|e| {
            Error::new(
                Kind::InvalidJson,
                format!("response body is not valid JSON: {e}"),
            )
        })?;
        Ok(to_zval(&value, assoc)?)
    }
}
