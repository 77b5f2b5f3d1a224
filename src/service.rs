//! A registered service: its fields, their bounds and their validation.
//!
//! Field names follow the older plugin's `local_integrationhub_svc` table so
//! forms, imports and checks agree. Input comes from PHP as a JSON object
//! (form values are often strings, so numbers and flags accept their string
//! forms); every problem is reported against the field that has it.

use std::collections::BTreeMap;
use std::ops::RangeInclusive;

use serde_json::{Map, Value};

use crate::error::Result;
use crate::form::{bounded, finish, flag, text};
use crate::resilience::breaker::Params;
use crate::transport::amqp::AmqpTarget;

/// Transport protocol of a service.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ServiceType {
    Rest,
    Amqp,
    Soap,
}

impl ServiceType {
    pub fn as_str(self) -> &'static str {
        match self {
            ServiceType::Rest => "rest",
            ServiceType::Amqp => "amqp",
            ServiceType::Soap => "soap",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        match raw.to_ascii_lowercase().as_str() {
            "rest" => Some(ServiceType::Rest),
            "amqp" => Some(ServiceType::Amqp),
            "soap" => Some(ServiceType::Soap),
            _ => None,
        }
    }

    fn url_schemes(self) -> &'static [&'static str] {
        match self {
            ServiceType::Rest | ServiceType::Soap => &["http", "https"],
            ServiceType::Amqp => &["amqp", "amqps"],
        }
    }
}

/// How a service authenticates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuthType {
    None,
    /// `Authorization: Bearer <token>`
    Bearer,
    /// `X-API-Key: <token>`
    ApiKey,
}

impl AuthType {
    pub fn as_str(self) -> &'static str {
        match self {
            AuthType::None => "none",
            AuthType::Bearer => "bearer",
            AuthType::ApiKey => "apikey",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        match raw.to_ascii_lowercase().as_str() {
            "none" | "" => Some(AuthType::None),
            "bearer" => Some(AuthType::Bearer),
            "apikey" => Some(AuthType::ApiKey),
            _ => None,
        }
    }
}

/// Bounds of the settings (texts in bytes); the README states them too.
pub const NAME_MAX_LEN: usize = 64;
pub const URL_MAX_LEN: usize = 2048;
pub const TOKEN_MAX_LEN: usize = 8192;
pub const TIMEOUT_SECONDS: RangeInclusive<i64> = 1..=300;
pub const MAX_RETRIES: RangeInclusive<i64> = 0..=10;
pub const RETRY_BACKOFF_SECONDS: RangeInclusive<i64> = 0..=60;
pub const CB_FAILURE_THRESHOLD: RangeInclusive<i64> = 1..=100;
pub const CB_COOLDOWN_SECONDS: RangeInclusive<i64> = 1..=86_400;
/// Event Bridge deliveries per second at most; 0 for no limit.
pub const RATE_LIMIT_PER_SECOND: RangeInclusive<i64> = 0..=10_000;

/// A service as stored, secrets included. Never handed to PHP as is: see
/// [`Service::to_public`].
#[derive(Debug, Clone, PartialEq)]
pub struct Service {
    pub id: i64,
    pub name: String,
    pub kind: ServiceType,
    pub base_url: String,
    pub auth_type: AuthType,
    pub auth_token: String,
    pub timeout: i64,
    pub max_retries: i64,
    pub retry_backoff: i64,
    pub cb_failure_threshold: i64,
    pub cb_cooldown: i64,
    /// Event Bridge deliveries per second at most, 0 for no limit: the
    /// drain paces its calls to the service (one drain runs at a time
    /// across the cluster, so this holds for the whole site).
    pub rate_limit: i64,
    /// A Standard Webhooks secret (`whsec_…`), '' for none: inbound
    /// webhooks must then be signed with it, and outbound REST calls are.
    /// Write-only, as the token.
    pub signing_secret: String,
    /// Another name `mih::request` finds the service by: the name MIH 2.0
    /// knew it by when that was not a slug ('' for none).
    pub alias: String,
    /// The queue an AMQP service answers on, read every minute into
    /// `webhook_received` events ('' for none).
    pub response_queue: String,
    pub enabled: bool,
    pub timecreated: i64,
    pub timemodified: i64,
}

impl Default for Service {
    /// The admin guide's recommended settings.
    fn default() -> Self {
        Self {
            id: 0,
            name: String::new(),
            kind: ServiceType::Rest,
            base_url: String::new(),
            auth_type: AuthType::None,
            auth_token: String::new(),
            timeout: 5,
            max_retries: 3,
            retry_backoff: 1,
            cb_failure_threshold: 5,
            cb_cooldown: 30,
            rate_limit: 0,
            signing_secret: String::new(),
            alias: String::new(),
            response_queue: String::new(),
            enabled: true,
            timecreated: 0,
            timemodified: 0,
        }
    }
}

impl Service {
    /// The fields PHP pages may see: no token, only whether there is one
    /// and a masked hint of it.
    pub fn to_public(&self) -> Map<String, Value> {
        let mut row = Map::new();
        row.insert("id".into(), self.id.into());
        row.insert("name".into(), self.name.clone().into());
        row.insert("type".into(), self.kind.as_str().into());
        row.insert("base_url".into(), without_password(&self.base_url).into());
        row.insert("auth_type".into(), self.auth_type.as_str().into());
        row.insert("has_token".into(), (!self.auth_token.is_empty()).into());
        row.insert("token_hint".into(), token_hint(&self.auth_token).into());
        row.insert("alias".into(), self.alias.clone().into());
        row.insert("response_queue".into(), self.response_queue.clone().into());
        row.insert(
            "has_signing_secret".into(),
            (!self.signing_secret.is_empty()).into(),
        );
        row.insert("timeout".into(), self.timeout.into());
        row.insert("max_retries".into(), self.max_retries.into());
        row.insert("retry_backoff".into(), self.retry_backoff.into());
        row.insert(
            "cb_failure_threshold".into(),
            self.cb_failure_threshold.into(),
        );
        row.insert("cb_cooldown".into(), self.cb_cooldown.into());
        row.insert("rate_limit".into(), self.rate_limit.into());
        row.insert("enabled".into(), self.enabled.into());
        row.insert("timecreated".into(), self.timecreated.into());
        row.insert("timemodified".into(), self.timemodified.into());
        row.insert("warnings".into(), self.warnings().into());
        row
    }

    /// What an admin should be told about this service's settings.
    pub fn warnings(&self) -> Vec<String> {
        match self.kind {
            ServiceType::Amqp => AmqpTarget::parse(&self.base_url)
                .map(|t| t.warnings())
                .unwrap_or_default(),
            _ => Vec::new(),
        }
    }

    /// Breaker settings of this service; `lease` is how long a probe may
    /// take.
    pub fn breaker_params(&self, lease: f64) -> Params {
        Params {
            threshold: self.cb_failure_threshold.max(1) as u32,
            cooldown: self.cb_cooldown as f64,
            lease,
        }
    }

    /// Applies form input on top of `self` (defaults for a new service, the
    /// stored row for an update) and validates the result. Every problem is
    /// collected, so a form can show them all at once.
    pub fn apply(mut self, input: &Map<String, Value>) -> Result<Service> {
        let mut errors = BTreeMap::new();
        let mut token_given = None;
        let mut secret_given = None;
        let mut clear_secret = false;
        let stored_url = self.base_url.clone();
        for (field, value) in input {
            let outcome = match field.as_str() {
                "id" => Ok(()),
                "name" => text(value).map(|v| self.name = v.trim().to_string()),
                "type" => text(value).and_then(|v| {
                    ServiceType::parse(&v)
                        .map(|t| self.kind = t)
                        .ok_or_else(|| "must be rest, amqp or soap".to_string())
                }),
                "base_url" => {
                    text(value).map(|v| self.base_url = keep_password(v.trim(), &stored_url))
                }
                "auth_type" => text(value).and_then(|v| {
                    AuthType::parse(&v)
                        .map(|t| self.auth_type = t)
                        .ok_or_else(|| "must be bearer, apikey or none".to_string())
                }),
                "auth_token" => text(value).map(|v| token_given = Some(v)),
                "signing_secret" => text(value).map(|v| secret_given = Some(v.trim().to_string())),
                "alias" => text(value).and_then(|v| {
                    check_alias(v.trim())?;
                    self.alias = v.trim().to_string();
                    Ok(())
                }),
                "response_queue" => text(value).and_then(|v| {
                    check_alias(v.trim())?;
                    self.response_queue = v.trim().to_string();
                    Ok(())
                }),
                "clear_signing_secret" if value.is_null() => Ok(()),
                "clear_signing_secret" => flag(value).map(|v| clear_secret = v),
                "timeout" => bounded(value, TIMEOUT_SECONDS).map(|v| self.timeout = v),
                "max_retries" => bounded(value, MAX_RETRIES).map(|v| self.max_retries = v),
                "retry_backoff" => {
                    bounded(value, RETRY_BACKOFF_SECONDS).map(|v| self.retry_backoff = v)
                }
                "cb_failure_threshold" => {
                    bounded(value, CB_FAILURE_THRESHOLD).map(|v| self.cb_failure_threshold = v)
                }
                "cb_cooldown" => bounded(value, CB_COOLDOWN_SECONDS).map(|v| self.cb_cooldown = v),
                "rate_limit" => bounded(value, RATE_LIMIT_PER_SECOND).map(|v| self.rate_limit = v),
                "enabled" => flag(value).map(|v| self.enabled = v),
                _ => Err("unknown field".to_string()),
            };
            if let Err(message) = outcome {
                errors.insert(field.clone(), message);
            }
        }
        // A blank token keeps the stored one (write-only secrets in forms).
        if let Some(token) = token_given.filter(|t| !t.is_empty()) {
            self.auth_token = token;
        }
        if self.auth_type == AuthType::None {
            self.auth_token.clear();
        }
        // The same for the signing secret; clearing it is asked for apart.
        if let Some(secret) = secret_given.filter(|s| !s.is_empty()) {
            match crate::signature::key(&secret) {
                Ok(_) => self.signing_secret = secret,
                Err(message) => {
                    errors.insert("signing_secret".into(), message);
                }
            }
        }
        if clear_secret {
            self.signing_secret.clear();
        }
        if !self.response_queue.is_empty() && self.kind != ServiceType::Amqp {
            errors.insert(
                "response_queue".into(),
                "only AMQP services read a response queue".into(),
            );
        }
        self.check(&mut errors);
        finish(self, errors)
    }

    fn check(&self, errors: &mut BTreeMap<String, String>) {
        if !errors.contains_key("name") {
            if let Err(message) = check_name(&self.name) {
                errors.insert("name".into(), message);
            }
        }
        if !errors.contains_key("base_url") && !errors.contains_key("type") {
            if let Err(message) = check_url(&self.base_url, self.kind) {
                errors.insert("base_url".into(), message);
            }
        }
        if !errors.contains_key("auth_token") {
            if let Err(message) = check_token(&self.auth_token, self.auth_type) {
                errors.insert("auth_token".into(), message);
            }
        }
    }
}

/// The URL as pages may see it: user name kept, password removed (an AMQP
/// broker's password is as secret as a token).
fn without_password(raw: &str) -> String {
    match url::Url::parse(raw) {
        Ok(mut url) if url.password().is_some() => {
            let _ = url.set_password(None);
            url.to_string()
        }
        _ => raw.to_string(),
    }
}

/// A URL given by a form: when it names the stored URL's user, host and
/// port but no password — the form was filled from [`without_password`] —
/// the stored password is kept, as a blank token keeps the stored token.
/// Pointing the URL at another host drops it, so editing cannot send the
/// secret elsewhere.
fn keep_password(given: &str, stored: &str) -> String {
    let (Ok(mut url), Ok(old)) = (url::Url::parse(given), url::Url::parse(stored)) else {
        return given.to_string();
    };
    let same_place = url.scheme() == old.scheme()
        && url.username() == old.username()
        && url.host_str() == old.host_str()
        && url.port_or_known_default() == old.port_or_known_default();
    match old.password() {
        Some(password) if same_place && url.password().is_none() => {
            let _ = url.set_password(Some(password));
            url.to_string()
        }
        _ => given.to_string(),
    }
}

/// A masked hint of a secret: its last four characters at most, and only
/// when it is long enough that they give little away.
fn token_hint(token: &str) -> String {
    let count = token.chars().count();
    if count == 0 {
        String::new()
    } else if count < 12 {
        "••••".to_string()
    } else {
        let tail: String = token.chars().skip(count - 4).collect();
        format!("••••{tail}")
    }
}

pub fn check_name(name: &str) -> std::result::Result<(), String> {
    if name.is_empty() {
        return Err("required".into());
    }
    if name.len() > NAME_MAX_LEN {
        return Err(format!("at most {NAME_MAX_LEN} characters"));
    }
    let mut chars = name.chars();
    let first_ok = chars
        .next()
        .is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit());
    let rest_ok =
        chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-');
    if first_ok && rest_ok {
        Ok(())
    } else {
        Err("lowercase letters, digits, '-' and '_' only, starting with a letter or digit (no spaces)".into())
    }
}

fn check_url(raw: &str, kind: ServiceType) -> std::result::Result<(), String> {
    let schemes = kind.url_schemes();
    let expected = schemes.join(" or ");
    if raw.is_empty() {
        return Err("required".into());
    }
    if raw.len() > URL_MAX_LEN {
        return Err(format!("at most {URL_MAX_LEN} bytes"));
    }
    if raw.chars().any(|c| c.is_control() || c.is_whitespace()) {
        return Err("must not contain spaces or control characters".into());
    }
    let url = url::Url::parse(raw)
        .map_err(|e| format!("not a valid URL ({e}); expected {expected}://host/..."))?;
    if !schemes.contains(&url.scheme()) {
        return Err(format!(
            "scheme '{}' is not allowed for type {}; use {expected}",
            url.scheme(),
            kind.as_str()
        ));
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err("must name a host".into());
    }
    if kind == ServiceType::Amqp {
        AmqpTarget::parse(raw)?;
    }
    Ok(())
}

/// An alias (or a queue name) any store holds and a PHP caller can type:
/// at most 255 bytes, no control characters.
fn check_alias(alias: &str) -> std::result::Result<(), String> {
    if alias.len() > 255 {
        Err("at most 255 bytes".into())
    } else if alias.chars().any(char::is_control) {
        Err("must not contain control characters".into())
    } else {
        Ok(())
    }
}

fn check_token(token: &str, auth: AuthType) -> std::result::Result<(), String> {
    if auth != AuthType::None && token.is_empty() {
        return Err(format!("required for auth type {}", auth.as_str()));
    }
    if token.len() > TOKEN_MAX_LEN {
        return Err(format!("at most {TOKEN_MAX_LEN} bytes"));
    }
    // Tokens go into a header value: CR/LF would split the header.
    if token.chars().any(|c| c.is_control()) {
        return Err("must not contain line breaks or control characters".into());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn apply(input: Value) -> Result<Service> {
        Service::default().apply(input.as_object().unwrap())
    }

    #[test]
    fn pages_never_see_a_url_password_and_saving_their_url_keeps_it() {
        let stored = apply(json!({"name": "rabbit", "type": "amqp",
            "base_url": "amqp://moodle:s%40cret@mq.example:5672/%2f?queue_declare=q"}))
        .unwrap();
        let shown = stored.to_public()["base_url"].as_str().unwrap().to_string();
        assert_eq!(shown, "amqp://moodle@mq.example:5672/%2f?queue_declare=q");
        // The form sends back what it was shown, with a new exchange.
        let edited = stored
            .clone()
            .apply(
                json!({"base_url": format!("{shown}&exchange=x")})
                    .as_object()
                    .unwrap(),
            )
            .unwrap();
        assert_eq!(
            edited.base_url,
            "amqp://moodle:s%40cret@mq.example:5672/%2f?queue_declare=q&exchange=x"
        );
        // Another host, user or scheme does not get the stored password.
        for url in [
            "amqp://moodle@evil.example:5672/%2f",
            "amqp://other@mq.example:5672/%2f",
            "amqps://moodle@mq.example:5672/%2f",
        ] {
            let moved = stored
                .clone()
                .apply(json!({"base_url": url}).as_object().unwrap());
            assert_eq!(moved.unwrap().base_url, url);
        }
        // A new password replaces the stored one.
        let changed = stored
            .apply(
                json!({"base_url": "amqp://moodle:new@mq.example:5672/%2f"})
                    .as_object()
                    .unwrap(),
            )
            .unwrap();
        assert_eq!(changed.base_url, "amqp://moodle:new@mq.example:5672/%2f");
    }

    #[test]
    fn a_minimal_rest_service_gets_the_guides_defaults() {
        let svc =
            apply(json!({"name": "notification-api", "base_url": "https://api.example.com/v1"}))
                .unwrap();
        assert_eq!(svc.kind, ServiceType::Rest);
        assert_eq!((svc.timeout, svc.max_retries, svc.retry_backoff), (5, 3, 1));
        assert_eq!((svc.cb_failure_threshold, svc.cb_cooldown), (5, 30));
        assert!(svc.enabled);
    }

    #[test]
    fn every_bad_field_is_named() {
        let err = apply(json!({
            "name": "Bad Name", "type": "ftp", "auth_type": "basic",
            "timeout": "0", "max_retries": 11, "retry_backoff": "x",
            "cb_failure_threshold": 0, "cb_cooldown": -1, "enabled": "maybe", "colour": "red"
        }))
        .unwrap_err();
        let fields: Vec<&str> = err.fields().keys().map(String::as_str).collect();
        assert_eq!(
            fields,
            [
                "auth_type",
                "cb_cooldown",
                "cb_failure_threshold",
                "colour",
                "enabled",
                "max_retries",
                "name",
                "retry_backoff",
                "timeout",
                "type"
            ]
        );
    }

    #[test]
    fn names_are_slugs_of_bounded_length() {
        assert!(check_name("notification-api").is_ok());
        assert!(check_name("a_1").is_ok());
        assert!(check_name("").is_err());
        assert!(check_name("-lead").is_err());
        assert!(check_name("has space").is_err());
        assert!(check_name("Upper").is_err());
        assert!(check_name(&"a".repeat(10_000)).is_err());
    }

    #[test]
    fn base_urls_must_fit_the_type() {
        let bad = |url: &str, kind: &str| {
            apply(json!({"name": "x", "type": kind, "base_url": url}))
                .unwrap_err()
                .fields()
                .get("base_url")
                .cloned()
                .unwrap()
        };
        assert!(bad("api.example.com/v1", "rest").contains("not a valid URL"));
        assert!(bad("javascript:alert(1)", "rest").contains("scheme 'javascript'"));
        assert!(bad("amqp://h/", "rest").contains("use http or https"));
        assert!(bad("http://h/", "amqp").contains("use amqp or amqps"));
        assert!(bad("http://h/a\r\nX-Injected: 1", "rest").contains("control"));
        assert!(apply(json!({"name": "x", "type": "AMQP", "base_url": "amqp://guest:guest@127.0.0.1:5672/%2f"})).is_ok());
        // What save accepts, the transport can use: one parser for both.
        assert!(bad("amqp://guest:guest@o177.0.0.1:5672/", "amqp")
            .starts_with("host 'o177.0.0.1' is not a host name or IP address"));
        assert!(
            apply(json!({"name": "x", "type": "amqp", "base_url": "amqp://[::1]:5672/"})).is_ok()
        );
    }

    #[test]
    fn a_routing_key_the_default_exchange_cannot_route_is_warned_about() {
        let amqp = |query: &str| {
            apply(json!({"name": "rabbit", "type": "amqp",
                "base_url": format!("amqp://localhost/%2f?{query}")}))
            .unwrap()
        };
        let unroutable =
            "With the default exchange, routing key 'events.moodle' reaches only a queue \
            named 'events.moodle', so publishing fails as unroutable unless one exists; declare it \
            (queue_declare=events.moodle) or use an exchange bound to your queue";
        // The admin guide's defaults, and a key with no queue declared.
        let guide = amqp("routing_key=events.moodle&queue_declare=moodle_events&dlq=moodle_dlq");
        assert_eq!(guide.warnings(), [unroutable]);
        assert_eq!(guide.to_public()["warnings"], json!([unroutable]));
        assert_eq!(amqp("routing_key=events.moodle").warnings(), [unroutable]);
        // Routable: the key names the declared queue, an exchange routes it,
        // or there is no default key (the declared queue's name is used).
        for query in [
            "routing_key=moodle_events&queue_declare=moodle_events",
            "exchange=amq.topic&routing_key=events.moodle&queue_declare=moodle_events",
            "queue_declare=moodle_events",
            "",
        ] {
            assert!(amqp(query).warnings().is_empty(), "{query}");
        }
        // Not an AMQP concern elsewhere.
        let rest = apply(json!({"name": "x", "base_url": "https://h/?routing_key=a"})).unwrap();
        assert!(rest.warnings().is_empty());
    }

    #[test]
    fn tokens_are_write_only_and_single_line() {
        let svc = apply(json!({"name": "x", "base_url": "http://h", "auth_type": "bearer", "auth_token": "secret-token-123456"})).unwrap();
        let public = svc.to_public();
        assert!(!Value::Object(public.clone())
            .to_string()
            .contains("secret-token"));
        assert_eq!(public["has_token"], json!(true));
        assert_eq!(public["token_hint"], json!("••••3456"));

        // A blank token on update keeps the stored one.
        let kept = svc
            .clone()
            .apply(json!({"auth_token": ""}).as_object().unwrap())
            .unwrap();
        assert_eq!(kept.auth_token, "secret-token-123456");

        let err = apply(json!({"name": "x", "base_url": "http://h", "auth_type": "apikey", "auth_token": "a\r\nb"})).unwrap_err();
        assert!(err.fields()["auth_token"].contains("line breaks"));
        let err =
            apply(json!({"name": "x", "base_url": "http://h", "auth_type": "apikey"})).unwrap_err();
        assert!(err.fields()["auth_token"].contains("required"));
    }
}
