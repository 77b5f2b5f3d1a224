//! Moodle's proxy settings: host, port, type (HTTP or SOCKS5), user,
//! password, and the bypass list of hosts reached directly.

use std::fmt;

use serde_json::Value;

use super::percent_decode;

/// A proxy to send HTTP through. The password never leaves this struct in
/// text: `Debug` masks it and errors never quote it.
#[derive(Clone, PartialEq, Eq)]
pub struct ProxySettings {
    scheme: &'static str,
    host: String,
    port: u16,
    user: String,
    password: String,
    bypass: Vec<String>,
}

impl fmt::Debug for ProxySettings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}://{}:{} (user '{}', bypass {:?})",
            self.scheme, self.host, self.port, self.user, self.bypass
        )
    }
}

fn text(value: Option<&Value>) -> String {
    match value {
        Some(Value::String(s)) => s.trim().to_string(),
        Some(Value::Number(n)) => n.to_string(),
        _ => String::new(),
    }
}

impl ProxySettings {
    /// Parses `mih::configure`'s `proxy` (a URL such as
    /// `http://user:pass@host:3128`, or Moodle's fields as an array: host,
    /// port, type, user, password) and `proxy_bypass` (comma or newline
    /// separated hosts; `*.example.com` covers subdomains). An empty host
    /// means no proxy. Errors name the problem, never the password.
    pub fn parse(proxy: &Value, bypass: &str) -> Result<Option<Self>, String> {
        let (scheme, host, port, user, password) = match proxy {
            Value::Null => return Ok(None),
            Value::String(s) if s.trim().is_empty() => return Ok(None),
            Value::String(s) => {
                let raw = if s.contains("://") {
                    s.trim().to_string()
                } else {
                    format!("http://{}", s.trim())
                };
                let url = url::Url::parse(&raw)
                    .map_err(|_| "not a proxy URL such as http://host:3128".to_string())?;
                (
                    url.scheme().to_string(),
                    url.host_str().unwrap_or_default().to_string(),
                    url.port().map(i64::from),
                    percent_decode(url.username()),
                    percent_decode(url.password().unwrap_or_default()),
                )
            }
            Value::Object(fields) => {
                let host = text(fields.get("host"));
                if host.is_empty() {
                    return Ok(None);
                }
                let port = text(fields.get("port")).parse::<i64>().ok();
                let kind = text(fields.get("type"));
                let scheme = match kind.to_ascii_lowercase().as_str() {
                    "" | "http" => "http".to_string(),
                    "socks5" => "socks5".to_string(),
                    _ => return Err(format!("type '{kind}' is not HTTP or SOCKS5")),
                };
                (
                    scheme,
                    host,
                    port,
                    text(fields.get("user")),
                    text(fields.get("password")),
                )
            }
            _ => {
                return Err(
                    "must be a proxy URL or an array of host, port, type, user, password".into(),
                )
            }
        };
        let scheme = match scheme.as_str() {
            "http" => "http",
            "socks5" => "socks5",
            other => return Err(format!("scheme '{other}' is not http or socks5")),
        };
        if host.is_empty() {
            return Err("names no host".into());
        }
        let port = port
            .and_then(|p| u16::try_from(p).ok())
            .filter(|p| *p > 0)
            .ok_or_else(|| "needs a port from 1 to 65535".to_string())?;
        let bypass = bypass
            .split([',', '\n'])
            .map(|entry| entry.trim().trim_start_matches('*').to_ascii_lowercase())
            .filter(|entry| !entry.is_empty())
            .collect();
        Ok(Some(Self {
            scheme,
            host,
            port,
            user,
            password,
            bypass,
        }))
    }

    /// The proxy for reqwest, bypass list included.
    pub fn to_reqwest(&self) -> reqwest::Result<reqwest::Proxy> {
        let mut proxy =
            reqwest::Proxy::all(format!("{}://{}:{}", self.scheme, self.host, self.port))?;
        if !self.user.is_empty() {
            proxy = proxy.basic_auth(&self.user, &self.password);
        }
        Ok(proxy.no_proxy(reqwest::NoProxy::from_string(&self.bypass.join(","))))
    }

    /// Whether `host` is reached directly rather than through the proxy.
    pub fn bypasses(&self, host: &str) -> bool {
        let host = host.trim_end_matches('.').to_ascii_lowercase();
        self.bypass.iter().any(|entry| {
            host == entry.trim_start_matches('.')
                || (entry.starts_with('.') && host.ends_with(entry.as_str()))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn moodle_fields_and_urls_give_the_same_proxy() {
        let from_fields = ProxySettings::parse(
            &json!({"host": "proxy.example", "port": "3128", "type": "HTTP", "user": "u", "password": "p@ss"}),
            "localhost, 127.0.0.1, *.intranet.example",
        )
        .unwrap()
        .unwrap();
        let from_url = ProxySettings::parse(
            &json!("http://u:p%40ss@proxy.example:3128"),
            "localhost,127.0.0.1,.intranet.example",
        )
        .unwrap()
        .unwrap();
        assert_eq!(from_fields, from_url);
        assert!(from_fields.bypasses("LOCALHOST"));
        assert!(from_fields.bypasses("wiki.intranet.example"));
        assert!(!from_fields.bypasses("api.example.com"));
        assert!(!format!("{from_fields:?}").contains("p@ss"));
        assert!(from_fields.to_reqwest().is_ok());
    }

    #[test]
    fn a_plus_in_a_url_password_stays_a_plus() {
        let proxy = ProxySettings::parse(&json!("http://u:a+b%20c@h:3128"), "")
            .unwrap()
            .unwrap();
        assert_eq!(proxy.password, "a+b c");
    }

    #[test]
    fn no_host_means_no_proxy_and_bad_values_are_named() {
        assert_eq!(ProxySettings::parse(&json!(null), "").unwrap(), None);
        assert_eq!(ProxySettings::parse(&json!(""), "").unwrap(), None);
        assert_eq!(
            ProxySettings::parse(&json!({"host": ""}), "").unwrap(),
            None
        );
        assert!(ProxySettings::parse(&json!({"host": "h", "port": 0}), "")
            .unwrap_err()
            .contains("port"));
        assert!(
            ProxySettings::parse(&json!({"host": "h", "port": 1, "type": "SOCKS4"}), "")
                .unwrap_err()
                .contains("SOCKS4")
        );
        let err = ProxySettings::parse(&json!("ftp://u:secret@h:21"), "").unwrap_err();
        assert!(err.contains("ftp") && !err.contains("secret"));
        let socks = ProxySettings::parse(&json!({"host": "h", "port": 1080, "type": "SOCKS5"}), "")
            .unwrap()
            .unwrap();
        assert_eq!(socks.scheme, "socks5");
    }
}
