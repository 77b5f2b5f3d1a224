//! Transports: how one attempt of a call reaches a service.
//!
//! Each protocol is one file behind [`Transport`]; `crate::call` picks the one
//! for the service's type and wraps it in the shared machinery (deadline,
//! log). A transport reports a protocol-level answer as a [`Reply`] — even an
//! unsuccessful one — and only what kept it from getting an answer as an
//! [`Error`](crate::error::Error).

pub mod amqp;
pub mod call_url;
pub mod guard;
pub mod http;
pub mod proxy;
pub mod soap;
pub mod tls;
pub mod wsdl;
pub mod xml;

use std::future::Future;

use serde_json::Value;

use crate::error::{Error, Result};
use crate::service::Service;

/// Text for a query string, as PHP's `http_build_query` writes it ('a b' -> 'a+b').
pub fn form_encode(text: &str) -> String {
    url::form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

/// Text for a URL's user info or path ('a b' -> 'a%20b', '/' -> '%2F').
pub fn percent_encode(text: &str) -> String {
    percent_encoding::utf8_percent_encode(text, percent_encoding::NON_ALPHANUMERIC).to_string()
}

/// A URL's user info or path decoded ('%40' -> '@'; a '+' stays a '+').
pub fn percent_decode(text: &str) -> String {
    percent_encoding::percent_decode_str(text)
        .decode_utf8_lossy()
        .into_owned()
}

/// The HTTP methods a call may use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Get,
    Post,
    Put,
    Patch,
    Delete,
}

impl Method {
    /// Parses a method name, case-insensitively; '' means POST (the older
    /// plugin's default).
    pub fn parse(raw: &str) -> Result<Self> {
        match raw.trim().to_ascii_uppercase().as_str() {
            "" | "POST" => Ok(Method::Post),
            "GET" => Ok(Method::Get),
            "PUT" => Ok(Method::Put),
            "PATCH" => Ok(Method::Patch),
            "DELETE" => Ok(Method::Delete),
            _ => Err(Error::invalid(format!(
                "method '{}' is not supported; use GET, POST, PUT, PATCH or DELETE",
                raw.chars().take(32).collect::<String>()
            ))),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
        }
    }

    /// GET and DELETE carry their payload in the query string.
    pub fn payload_in_query(self) -> bool {
        matches!(self, Method::Get | Method::Delete)
    }
}

/// What a call sends.
#[derive(Debug, Clone, PartialEq)]
pub enum Payload {
    /// A PHP array or object, sent as JSON (or as a query string).
    Json(Value),
    /// A PHP string, sent as it is.
    Raw(String),
}

impl Payload {
    /// `[]`, `null` and `''` send nothing, as the older plugin did.
    pub fn is_empty(&self) -> bool {
        match self {
            Payload::Json(Value::Null) => true,
            Payload::Json(Value::Array(items)) => items.is_empty(),
            Payload::Json(Value::Object(map)) => map.is_empty(),
            Payload::Json(_) => false,
            Payload::Raw(text) => text.is_empty(),
        }
    }
}

/// One outgoing call as the transports see it.
#[derive(Debug, Clone, PartialEq)]
pub struct Outgoing {
    pub method: Method,
    pub endpoint: String,
    pub payload: Payload,
    /// The delivery's idempotency key (HTTP `Idempotency-Key`, AMQP message
    /// id); none for a plain `mih::request`.
    pub idempotency_key: Option<String>,
}

#[cfg(test)]
impl Outgoing {
    /// A call with a JSON payload and no idempotency key, for tests.
    pub fn json(method: Method, endpoint: &str, payload: Value) -> Self {
        Outgoing {
            method,
            endpoint: endpoint.into(),
            payload: Payload::Json(payload),
            idempotency_key: None,
        }
    }
}

/// A protocol-level answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reply {
    /// The HTTP status; none for protocols without one (an AMQP ack).
    pub status: Option<u16>,
    pub body: Vec<u8>,
    /// How long the peer asked us to wait before trying again.
    pub retry_after: Option<std::time::Duration>,
    /// A SOAP fault: the peer answered, and said the call failed.
    pub fault: Option<String>,
}

impl Reply {
    pub fn is_success(&self) -> bool {
        self.status
            .is_none_or(|status| (200..300).contains(&status))
    }
}

/// What one attempt may use and must respect. Time is not in it: the
/// caller bounds every attempt with one timer (`crate::call`).
#[derive(Clone, Copy)]
pub struct Context<'a> {
    pub max_response_bytes: u64,
    /// Where connections may go (SSRF guard).
    pub policy: &'a guard::HostPolicy,
    /// The process's HTTP client, for transports that speak over HTTP (SOAP).
    pub http: &'a http::HttpTransport,
}

pub trait Transport {
    /// Makes one attempt. Never retries; never touches the store.
    fn send(
        &self,
        service: &Service,
        call: &Outgoing,
        limits: Context<'_>,
    ) -> impl Future<Output = Result<Reply>> + Send;
}
