//! Process-wide settings: what `mih::configure()` and the ini entries decide.
//! They survive PHP requests; the hub picks up changes on its next use.

use std::collections::BTreeMap;
use std::time::Duration;

use serde_json::{Map, Value};

use crate::error::{Error, Result};
use crate::store::StoreLocation;
use crate::transport::guard::HostPolicy;
use crate::transport::http::Network;
use crate::transport::proxy::ProxySettings;

/// Default cap on a response body: 16 MiB.
pub const DEFAULT_MAX_RESPONSE_BYTES: u64 = 16 * 1024 * 1024;
/// Default number of log rows kept.
pub const DEFAULT_LOG_MAX: u64 = 500;
/// Default overall deadline of one call, retries included.
pub const DEFAULT_MAX_CALL_SECONDS: u64 = 30;

/// The network options as given, kept so that each `configure()` call may
/// change some of them.
#[derive(Debug, Clone, PartialEq, Default)]
struct NetworkOptions {
    blocked_hosts: String,
    allowed_ports: String,
    proxy: Value,
    proxy_bypass: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    /// `None`: the ini `mih.store`, else the default file.
    pub store: Option<StoreLocation>,
    /// The ini `mih.store`, read at startup.
    pub ini_store: Option<StoreLocation>,
    pub log_max: u64,
    pub max_response_bytes: u64,
    pub max_call: Duration,
    /// SSRF policy and proxy, derived from the options.
    pub network: Network,
    network_options: NetworkOptions,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            store: None,
            ini_store: None,
            log_max: DEFAULT_LOG_MAX,
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
            max_call: Duration::from_secs(DEFAULT_MAX_CALL_SECONDS),
            network: Network::default(),
            network_options: NetworkOptions::default(),
        }
    }
}

/// A list option: a string (lines or commas, Moodle's settings) or an array
/// of strings.
fn list(value: &Value) -> std::result::Result<String, String> {
    match value {
        Value::Null => Ok(String::new()),
        Value::String(text) => Ok(text.clone()),
        Value::Array(items) => items
            .iter()
            .map(|item| match item {
                Value::String(text) => Ok(text.clone()),
                Value::Number(n) => Ok(n.to_string()),
                _ => Err("must be a string or a list of strings".to_string()),
            })
            .collect::<std::result::Result<Vec<_>, _>>()
            .map(|items| items.join("\n")),
        Value::Number(n) => Ok(n.to_string()),
        _ => Err("must be a string or a list of strings".to_string()),
    }
}

impl Settings {
    pub fn store_location(&self) -> StoreLocation {
        self.store
            .clone()
            .or_else(|| self.ini_store.clone())
            .unwrap_or_else(StoreLocation::default_location)
    }

    /// Applies `mih::configure()` options. All or nothing: on any error
    /// nothing changes, and the error names every bad key. Keys: `store`,
    /// `log_max`, `max_response_bytes`, `blocked_hosts`, `allowed_ports`,
    /// `proxy`, `proxy_bypass`.
    pub fn apply(&mut self, options: &Map<String, Value>) -> Result<()> {
        let mut next = self.clone();
        let mut errors = BTreeMap::new();
        for (key, value) in options {
            let outcome: std::result::Result<(), String> = match key.as_str() {
                "store" => match value.as_str() {
                    Some(path) => StoreLocation::parse(path)
                        .map(|location| next.store = Some(location))
                        .map_err(|e| e.message().to_string()),
                    None => Err("must be a file path or a postgresql:// or mysql:// URL".into()),
                },
                "log_max" => value
                    .as_u64()
                    .map(|rows| next.log_max = rows)
                    .ok_or_else(|| "must be a whole number, 0 or more".into()),
                "max_response_bytes" => value
                    .as_u64()
                    .filter(|bytes| (1024..=1 << 30).contains(bytes))
                    .map(|bytes| next.max_response_bytes = bytes)
                    .ok_or_else(|| "must be a whole number from 1024 to 1073741824".into()),
                "blocked_hosts" => list(value).map(|v| next.network_options.blocked_hosts = v),
                "allowed_ports" => list(value).map(|v| next.network_options.allowed_ports = v),
                "proxy_bypass" => list(value).map(|v| next.network_options.proxy_bypass = v),
                "proxy" => {
                    next.network_options.proxy = value.clone();
                    Ok(())
                }
                _ => Err("unknown option".into()),
            };
            if let Err(message) = outcome {
                errors.insert(key.clone(), message);
            }
        }
        let options = &next.network_options;
        match HostPolicy::parse(&options.blocked_hosts, &options.allowed_ports) {
            Ok(policy) => next.network.policy = policy,
            Err((key, message)) => drop(errors.insert(key, message)),
        }
        match ProxySettings::parse(&options.proxy, &options.proxy_bypass) {
            Ok(proxy) => next.network.proxy = proxy,
            Err(message) => drop(errors.insert("proxy".into(), message)),
        }
        if !errors.is_empty() {
            return Err(Error::invalid_fields(errors));
        }
        *self = next;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn apply(settings: &mut Settings, options: Value) -> Result<()> {
        settings.apply(options.as_object().unwrap())
    }

    #[test]
    fn options_apply_together_or_not_at_all() {
        let mut settings = Settings::default();
        apply(&mut settings, json!({"log_max": 10, "blocked_hosts": "localhost\n10.0.0.0/8", "allowed_ports": [80, "443"]})).unwrap();
        assert_eq!(settings.log_max, 10);
        assert!(!settings.network.policy.is_empty());
        let before = settings.clone();
        let err = apply(
            &mut settings,
            json!({"log_max": 20, "blocked_hosts": "not a host!", "colour": 1}),
        )
        .unwrap_err();
        assert_eq!(
            err.fields().keys().collect::<Vec<_>>(),
            ["blocked_hosts", "colour"]
        );
        assert_eq!(settings, before);
    }

    #[test]
    fn each_call_may_change_some_options() {
        let mut settings = Settings::default();
        apply(&mut settings, json!({"allowed_ports": "443"})).unwrap();
        apply(
            &mut settings,
            json!({"proxy": {"host": "proxy.example", "port": 3128}}),
        )
        .unwrap();
        let url = url::Url::parse("http://api.example.com/").unwrap();
        assert!(
            settings.network.policy.check_url(&url).is_err(),
            "ports survive a later call"
        );
        assert!(settings.network.proxy.is_some());
        apply(&mut settings, json!({"proxy": ""})).unwrap();
        assert!(settings.network.proxy.is_none());
    }
}
