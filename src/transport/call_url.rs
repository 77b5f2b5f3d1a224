//! The URL one REST call goes to: the service's base URL, the endpoint and,
//! for GET and DELETE, the payload as a query string.
//!
//! Parsing a whole URL costs about 6,000 instructions, half of them the
//! host's IDNA processing: a tenth of a call's own cost. So each base URL is
//! parsed once and each call's endpoint is resolved against it, which
//! leaves the host alone — where that gives exactly what parsing the joined
//! text would (checked by the tests); otherwise the joined text is parsed.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::sync::Mutex;

use serde_json::Value;
use url::Url;

use super::{form_encode, Outgoing, Payload};

/// base URL + endpoint, with exactly one '/' between them (the older
/// plugin's rule), and the payload as a query string for GET and DELETE.
pub fn build_url(base_url: &str, call: &Outgoing) -> String {
    let mut url = format!(
        "{}/{}",
        base_url.trim_end_matches('/'),
        call.endpoint.trim_start_matches('/')
    );
    if call.method.payload_in_query() && !call.payload.is_empty() {
        let query = match &call.payload {
            Payload::Json(value) => query_string(value),
            Payload::Raw(text) => text.trim_start_matches('?').to_string(),
        };
        url.push(if url.contains('?') { '&' } else { '?' });
        url.push_str(&query);
    }
    url
}

/// PHP's `http_build_query` for a JSON value: nested keys as `a[b]=`,
/// booleans as 1/0, nulls left out.
pub fn query_string(value: &Value) -> String {
    fn add(out: &mut String, key: &str, value: &Value) {
        match value {
            Value::Null => {}
            Value::Object(map) => map
                .iter()
                .for_each(|(k, v)| add(out, &format!("{key}[{k}]"), v)),
            Value::Array(items) => items
                .iter()
                .enumerate()
                .for_each(|(i, v)| add(out, &format!("{key}[{i}]"), v)),
            scalar => {
                let text = match scalar {
                    Value::Bool(b) => (if *b { "1" } else { "0" }).to_string(),
                    Value::String(s) => s.clone(),
                    other => other.to_string(),
                };
                if !out.is_empty() {
                    out.push('&');
                }
                let _ = write!(out, "{}={}", form_encode(key), form_encode(&text));
            }
        }
    }
    let mut out = String::new();
    match value {
        Value::Object(map) => map.iter().for_each(|(k, v)| add(&mut out, k, v)),
        Value::Array(items) => items
            .iter()
            .enumerate()
            .for_each(|(i, v)| add(&mut out, &i.to_string(), v)),
        scalar => add(&mut out, "0", scalar),
    }
    out
}

/// Base URLs kept for more than this are dropped all at once: a site has a
/// few dozen services, and a base URL changes rarely.
const KEPT_BASES: usize = 256;

/// Base URLs as parsed, by their text; `None` for one that does not parse
/// or holds a query or fragment (the endpoint then lands inside those).
#[derive(Default)]
pub struct BaseUrls {
    parsed: Mutex<HashMap<String, Option<Url>>>,
}

impl BaseUrls {
    /// The call's URL, or the joined text that does not parse.
    pub fn url(&self, base_url: &str, call: &Outgoing) -> Result<Url, (String, url::ParseError)> {
        let joined = build_url(base_url, call);
        // What follows the base and its one '/': the endpoint and query.
        let relative = &joined[base_url.trim_end_matches('/').len() + 1..];
        if stays_below_base(relative) {
            if let Some(url) = self.resolve(base_url, relative) {
                return Ok(url);
            }
        }
        Url::parse(&joined).map_err(|e| (joined, e))
    }

    fn resolve(&self, base_url: &str, relative: &str) -> Option<Url> {
        let mut parsed = self.parsed.lock().unwrap_or_else(|e| e.into_inner());
        if !parsed.contains_key(base_url) {
            if parsed.len() >= KEPT_BASES {
                parsed.clear();
            }
            parsed.insert(base_url.to_string(), parse_base(base_url));
        }
        parsed.get(base_url)?.as_ref()?.join(relative).ok()
    }
}

/// The base as a directory ('/' at the end of its path), so that joining
/// appends to its path, as the joined text does.
fn parse_base(base_url: &str) -> Option<Url> {
    if base_url.contains(['?', '#']) {
        return None;
    }
    Url::parse(&format!("{}/", base_url.trim_end_matches('/'))).ok()
}

/// Whether resolving `relative` against the base reads it as a path (or a
/// query or fragment), as it is inside the joined text. Not when it could
/// read as a scheme (`evil.com:80/x`), a host (`\\evil.com`, or `//evil.com`
/// once the parser drops a leading space or an inner tab or newline).
fn stays_below_base(relative: &str) -> bool {
    let first_segment = relative.split(['/', '\\', '?', '#']).next().unwrap_or("");
    !relative.starts_with('\\')
        && !first_segment.contains(':')
        && !relative.bytes().any(|b| b <= b' ' || b == 0x7f)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::transport::Method;
    use serde_json::json;

    #[test]
    fn urls_join_with_one_slash() {
        let c = |e: &str| {
            build_url(
                "https://api.example.com/v1/",
                &Outgoing::json(Method::Post, e, json!({"a": 1})),
            )
        };
        assert_eq!(c("/users"), "https://api.example.com/v1/users");
        assert_eq!(c("users"), "https://api.example.com/v1/users");
        assert_eq!(c("/"), "https://api.example.com/v1/");
        assert_eq!(c(""), "https://api.example.com/v1/");
    }

    #[test]
    fn get_and_delete_put_the_payload_in_the_query() {
        let payload = json!({"q": "a b&c", "ids": [1, 2], "f": {"x": true}, "n": null});
        let url = build_url(
            "http://h/api",
            &Outgoing::json(Method::Get, "/s?k=v", payload.clone()),
        );
        assert_eq!(
            url,
            "http://h/api/s?k=v&q=a+b%26c&ids%5B0%5D=1&ids%5B1%5D=2&f%5Bx%5D=1"
        );
        let url = build_url(
            "http://h",
            &Outgoing::json(Method::Delete, "/s", payload.clone()),
        );
        assert!(url.starts_with("http://h/s?q="));
    }

    #[test]
    fn resolving_against_the_kept_base_gives_what_parsing_the_joined_text_gives() {
        let bases = BaseUrls::default();
        let endpoints = [
            "",
            "/",
            "users",
            "/users/",
            "a/b/../c",
            "../../x",
            "./x",
            "%2e%2e/x",
            "..",
            "?only=query",
            "#frag",
            "a?b=c#d",
            "ü/ñ?q=é",
            "a b",
            "a%20b",
            "x//y",
            "a:b/c",
            "/a:b",
            "a/b:c",
            "\\\\evil.com/x",
            "\\x",
            " //evil.com",
            "\t//evil.com",
            "\n//evil.com",
            "a\tb",
            "@evil.com",
            "..\\..\\x",
            "%2F%2Fevil.com",
            "a|b{c}",
        ];
        let base_urls = [
            "http://127.0.0.1:8080",
            "https://api.example.com/v1/",
            "https://xn--bcher-kva.example/a/b",
            "http://[::1]:9/x%20y",
            "https://api.example.com/v1?key=1",
            "https://api.example.com/v1#top",
        ];
        let mut resolved = 0;
        for base in base_urls {
            for endpoint in endpoints {
                for method in [Method::Post, Method::Get] {
                    let call = Outgoing::json(method, endpoint, json!({"p": "v w"}));
                    let expected = Url::parse(&build_url(base, &call)).map_err(|e| e.to_string());
                    let got = bases.url(base, &call).map_err(|(_, e)| e.to_string());
                    assert_eq!(got, expected, "base {base:?}, endpoint {endpoint:?}");
                    let relative = &build_url(base, &call)[base.trim_end_matches('/').len() + 1..];
                    if stays_below_base(relative) && parse_base(base).is_some() {
                        resolved += 1;
                    }
                }
            }
        }
        // The shortcut served most calls, so the comparison above tested it.
        assert!(resolved > 100, "{resolved}");
        for refused in ["a:b/c", "\\\\evil.com/x", " //evil.com", "\n//evil.com"] {
            assert!(!stays_below_base(refused), "{refused:?}");
        }
        assert!(parse_base("https://h/v1?key=1").is_none());
    }
}
