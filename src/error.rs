//! The one error type of the core.
//!
//! An [`Error`] has a [`Kind`] that decides how it reaches PHP: the kinds the
//! API contract names (`service_not_found`, `service_disabled`,
//! `circuit_open`, `invalid_argument`) become a thrown `mih_exception`;
//! transport kinds become a failed `mih_response`. Messages never carry a
//! token or password: URLs are stripped of their credentials before they go
//! into one (see [`redact_url`]).

use std::collections::BTreeMap;
use std::fmt;

/// What went wrong, coarse enough to decide retry, breaker and PHP mapping.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// No service with that name or id.
    ServiceNotFound,
    /// No rule with that id.
    RuleNotFound,
    /// No Dead Letter Queue entry with that id.
    EntryNotFound,
    /// The service exists but is switched off.
    ServiceDisabled,
    /// The circuit breaker refuses the call.
    CircuitOpen,
    /// The caller passed something unusable; `fields` may name the fields.
    InvalidArgument,
    /// The store could not be opened, read or written.
    Store,
    /// Another process held the store's lock longer than the busy timeout:
    /// the same work can succeed later.
    StoreBusy,
    /// No connection could be made (refused, reset, DNS, TLS).
    Connect,
    /// An attempt or the whole call ran out of time.
    Timeout,
    /// The peer answered with an unsuccessful status.
    Status(u16),
    /// The SSRF guard refused the destination; nothing was sent.
    Blocked,
    /// The AMQP broker refused a message (a negative publisher confirm).
    Nack,
    /// The AMQP broker could not route a mandatory message.
    Unroutable,
    /// The SOAP service answered with a fault: the call failed for good.
    SoapFault,
    /// The call cannot be put into the protocol (an AMQP routing key over
    /// 255 bytes); nothing was sent, and trying again would not help.
    Unsendable,
    /// The peer answered with something we cannot use (too large, bad framing).
    Response,
    /// A body that should be JSON is not (`mih_response::json()`).
    InvalidJson,
    /// A bug: a panic or an impossible state. Reported, never a crash.
    Internal,
}

/// An error with a kind, a message fit for users and optional field errors.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    kind: Kind,
    message: String,
    fields: BTreeMap<String, String>,
}

pub type Result<T> = std::result::Result<T, Error>;

/// Runs `f`, turning a panic (a bug of ours) into an `internal` error so it
/// reaches PHP as a `mih_exception`, never as a crash or a PHP `Error`.
/// The panic is also kept for PHP's error log.
pub fn catch_panic<T>(f: impl FnOnce() -> Result<T>) -> Result<T> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).unwrap_or_else(panic_error)
}

/// [`catch_panic`] for a future: a panic while it runs ends it with an
/// `internal` error, and the futures running beside it go on.
pub async fn catch_panic_async<T>(f: impl std::future::Future<Output = Result<T>>) -> Result<T> {
    use futures_util::FutureExt;
    std::panic::AssertUnwindSafe(f)
        .catch_unwind()
        .await
        .unwrap_or_else(panic_error)
}

fn panic_error<T>(payload: Box<dyn std::any::Any + Send>) -> Result<T> {
    let what = payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic".to_string());
    let message = format!("internal error (a bug in MIH, please report it): {what}");
    crate::report::problem(format!("mih: {message}"));
    Err(Error::new(Kind::Internal, message))
}

impl Error {
    pub fn new(kind: Kind, message: impl Into<String>) -> Self {
        Self {
            kind,
            message: message.into(),
            fields: BTreeMap::new(),
        }
    }

    pub fn invalid(message: impl Into<String>) -> Self {
        Self::new(Kind::InvalidArgument, message)
    }

    /// An `invalid_argument` error for form input: one message per field.
    pub fn invalid_fields(fields: BTreeMap<String, String>) -> Self {
        let summary = fields
            .iter()
            .map(|(field, message)| format!("{field}: {message}"))
            .collect::<Vec<_>>()
            .join("; ");
        Self {
            kind: Kind::InvalidArgument,
            message: format!("invalid input: {summary}"),
            fields,
        }
    }

    pub fn store(message: impl fmt::Display) -> Self {
        Self::new(Kind::Store, format!("store: {message}"))
    }

    pub fn kind(&self) -> Kind {
        self.kind
    }

    pub fn message(&self) -> &str {
        &self.message
    }

    pub fn fields(&self) -> &BTreeMap<String, String> {
        &self.fields
    }

    /// "errorcode: message": how an error is recorded where only text goes
    /// (a delivery's last error, an exception without its object).
    pub fn coded(&self) -> String {
        format!("{}: {}", self.code(), self.message)
    }

    /// The `errorcode` PHP sees on `mih_exception`.
    pub fn code(&self) -> &'static str {
        match self.kind {
            Kind::ServiceNotFound => "service_not_found",
            Kind::RuleNotFound => "rule_not_found",
            Kind::EntryNotFound => "entry_not_found",
            Kind::ServiceDisabled => "service_disabled",
            Kind::CircuitOpen => "circuit_open",
            Kind::InvalidArgument => "invalid_argument",
            Kind::Store | Kind::StoreBusy => "store_error",
            Kind::Connect => "connection_error",
            Kind::Timeout => "timeout",
            Kind::Status(_) => "http_error",
            Kind::Blocked => "blocked",
            Kind::Nack => "nack",
            Kind::Unroutable => "unroutable",
            Kind::SoapFault => "soap_fault",
            Kind::Unsendable => "unsendable",
            Kind::Response => "bad_response",
            Kind::InvalidJson => "invalid_json",
            Kind::Internal => "internal",
        }
    }

    /// Whether another attempt can help: connection errors, timeouts, AMQP
    /// nacks and the statuses that say "later" (408, 425, 429, 500, 502,
    /// 503, 504). An unroutable message would be returned again.
    /// Other 4xx, oversized or malformed answers would fail again.
    pub fn is_retryable(&self) -> bool {
        match self.kind {
            Kind::Connect | Kind::Timeout | Kind::Nack => true,
            Kind::Status(code) => matches!(code, 408 | 425 | 429 | 500 | 502 | 503 | 504),
            _ => false,
        }
    }

    /// Whether this failure says the service is unwell and counts toward
    /// opening its circuit: connection errors, timeouts, 5xx, 429, AMQP
    /// nacks and returns. A 4xx is the caller's problem and does not.
    pub fn counts_for_breaker(&self) -> bool {
        match self.kind {
            Kind::Connect | Kind::Timeout | Kind::Nack | Kind::Unroutable => true,
            Kind::Status(code) => code >= 500 || code == 429,
            _ => false,
        }
    }

    /// Whether the API contract throws this error instead of returning a
    /// failed response: only what the caller did wrong, or a refusal that
    /// sent nothing.
    pub fn is_thrown(&self) -> bool {
        matches!(
            self.kind,
            Kind::ServiceNotFound
                | Kind::RuleNotFound
                | Kind::EntryNotFound
                | Kind::ServiceDisabled
                | Kind::CircuitOpen
                | Kind::InvalidArgument
                | Kind::InvalidJson
                | Kind::Store
                | Kind::StoreBusy
                | Kind::Internal
        )
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}

impl From<rusqlite::Error> for Error {
    fn from(err: rusqlite::Error) -> Self {
        let busy = matches!(
            err.sqlite_error_code(),
            Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked)
        );
        let error = Error::store(err);
        if busy {
            Error::new(Kind::StoreBusy, error.message)
        } else {
            error
        }
    }
}

/// A URL fit for messages and logs: user name and password removed.
pub fn redact_url(raw: &str) -> String {
    match url::Url::parse(raw) {
        Ok(mut url) if !url.username().is_empty() || url.password().is_some() => {
            let _ = url.set_username("");
            let _ = url.set_password(None);
            url.to_string()
        }
        Ok(url) => url.to_string(),
        Err(_) => raw
            .rsplit_once('@')
            .map_or_else(|| raw.to_string(), |(_, host)| format!("…@{host}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_errors_are_summarised_in_the_message() {
        let mut fields = BTreeMap::new();
        fields.insert("name".to_string(), "required".to_string());
        fields.insert("timeout".to_string(), "must be 1 to 300".to_string());
        let err = Error::invalid_fields(fields);
        assert_eq!(err.code(), "invalid_argument");
        assert_eq!(
            err.message(),
            "invalid input: name: required; timeout: must be 1 to 300"
        );
        assert_eq!(err.fields().len(), 2);
    }

    #[test]
    fn urls_lose_their_credentials() {
        assert_eq!(
            redact_url("amqp://guest:secret@127.0.0.1:5672/%2f"),
            "amqp://127.0.0.1:5672/%2f"
        );
        assert_eq!(redact_url("https://a.example/x"), "https://a.example/x");
        assert!(!redact_url("not a url user:pw@host").contains("pw"));
    }

    #[test]
    fn retry_and_breaker_classification() {
        let status = |code| Error::new(Kind::Status(code), "s");
        for code in [408, 425, 429, 500, 502, 503, 504] {
            assert!(status(code).is_retryable(), "{code}");
        }
        for code in [400, 401, 403, 404, 409, 422, 501, 505] {
            assert!(!status(code).is_retryable(), "{code}");
        }
        assert!(Error::new(Kind::Connect, "c").is_retryable());
        assert!(Error::new(Kind::Timeout, "t").is_retryable());
        assert!(!Error::new(Kind::Response, "too big").is_retryable());
        let unsendable = Error::new(Kind::Unsendable, "routing key too long");
        assert!(
            !unsendable.is_retryable()
                && !unsendable.counts_for_breaker()
                && !unsendable.is_thrown()
        );

        for code in [429, 500, 501, 503, 599] {
            assert!(status(code).counts_for_breaker(), "{code}");
        }
        for code in [400, 404, 408, 425] {
            assert!(!status(code).counts_for_breaker(), "{code}");
        }
        assert!(Error::new(Kind::Timeout, "t").counts_for_breaker());
        assert!(!Error::invalid("x").counts_for_breaker());
    }

    #[test]
    fn only_contract_errors_are_thrown() {
        assert!(Error::invalid("x").is_thrown());
        assert!(!Error::new(Kind::Timeout, "t").is_thrown());
        assert!(!Error::new(Kind::Status(500), "s").is_thrown());
    }
}
