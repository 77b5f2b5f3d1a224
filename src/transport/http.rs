//! REST over HTTP(S) with reqwest: one pooled client per process, so
//! keep-alive connections and TLS sessions outlive a PHP request. Every
//! destination, redirect hops included, passes the SSRF guard first.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use reqwest::dns::{Addrs, Name, Resolve, Resolving};
use reqwest::header::{HeaderMap, HeaderValue, ACCEPT, AUTHORIZATION, CONTENT_TYPE, LOCATION};
use url::{Host, Url};

use super::call_url::BaseUrls;
use super::guard::{Blocked, HostPolicy};
use super::proxy::ProxySettings;
use super::{Context, Method, Outgoing, Payload, Reply, Transport};
use crate::error::{redact_url, Error, Kind, Result};
use crate::resilience::backoff::parse_retry_after;
use crate::service::{AuthType, Service};

/// Where HTTP may go and how: the SSRF policy and the proxy.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Network {
    pub policy: HostPolicy,
    pub proxy: Option<ProxySettings>,
}

pub struct HttpTransport {
    client: reqwest::Client,
    network: Arc<Network>,
    bases: BaseUrls,
}

/// Redirects followed at most, each hop checked by the guard.
pub const MAX_REDIRECTS: usize = 5;

/// Resolves names and refuses any that resolve to a blocked address, so a
/// name cannot smuggle a connection to a forbidden host.
struct GuardedResolver {
    network: Arc<Network>,
}

impl Resolve for GuardedResolver {
    fn resolve(&self, name: Name) -> Resolving {
        let network = Arc::clone(&self.network);
        Box::pin(async move {
            let host = name.as_str().to_string();
            let addrs: Vec<SocketAddr> =
                tokio::net::lookup_host((host.as_str(), 0)).await?.collect();
            network
                .policy
                .check_resolved(&host, &addrs)
                .map_err(|e| Blocked(e.message().to_string()))?;
            Ok(Box::new(addrs.into_iter()) as Addrs)
        })
    }
}

impl HttpTransport {
    pub fn new(network: Network) -> Result<Self> {
        let network = Arc::new(network);
        let build_error = |e: reqwest::Error| {
            Error::new(Kind::Internal, format!("cannot build the HTTP client: {e}"))
        };
        let mut builder = reqwest::Client::builder()
            // Redirects are followed by `send`, which checks every hop.
            .redirect(reqwest::redirect::Policy::none())
            .pool_idle_timeout(Duration::from_secs(60))
            .tcp_nodelay(true)
            .dns_resolver(Arc::new(GuardedResolver {
                network: Arc::clone(&network),
            }));
        builder = match &network.proxy {
            Some(proxy) => builder.proxy(proxy.to_reqwest().map_err(build_error)?),
            // Moodle's settings decide, not the environment's http_proxy.
            None => builder.no_proxy(),
        };
        let client = builder.build().map_err(build_error)?;
        Ok(Self {
            client,
            network,
            bases: BaseUrls::default(),
        })
    }

    /// Whether this transport was built for `network`.
    pub fn serves(&self, network: &Network) -> bool {
        *self.network == *network
    }

    /// The guard's checks that need no connection. Through a proxy the
    /// proxy resolves names, so they are resolved and checked here.
    async fn check(&self, url: &Url, policy: &HostPolicy) -> Result<()> {
        let Some(host) = url.host() else {
            return Err(Blocked("blocked: the URL names no host".into()).into());
        };
        let port = url.port_or_known_default().unwrap_or(0);
        match (&self.network.proxy, &host) {
            (Some(proxy), Host::Domain(name)) if !proxy.bypasses(name) => {
                policy.check_resolving(host, port).await
            }
            _ => Ok(policy.check_host(host, port)?),
        }
    }
}

/// The service's headers: JSON content type and accept, and its credential.
pub fn headers(service: &Service) -> Result<HeaderMap> {
    let mut headers = HeaderMap::new();
    headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
    let (name, value) = match service.auth_type {
        AuthType::None => return Ok(headers),
        AuthType::Bearer => (AUTHORIZATION, format!("Bearer {}", service.auth_token)),
        AuthType::ApiKey => (
            reqwest::header::HeaderName::from_static("x-api-key"),
            service.auth_token.clone(),
        ),
    };
    // The token is validated when saved; this guards rows written by others.
    let mut value = HeaderValue::from_str(&value).map_err(|_| {
        Error::invalid(format!(
            "service '{}': the token is not a valid header value",
            service.name
        ))
    })?;
    value.set_sensitive(true);
    headers.insert(name, value);
    Ok(headers)
}

/// The service's headers for one call: with the call's idempotency key, if
/// it has one (Event Bridge deliveries do), so a receiver can drop a
/// delivery it already took.
pub fn call_headers(service: &Service, call: &Outgoing) -> Result<HeaderMap> {
    let mut headers = headers(service)?;
    if let Some(key) = &call.idempotency_key {
        let value = HeaderValue::from_str(key)
            .map_err(|_| Error::invalid("the idempotency key is not a valid header value"))?;
        headers.insert(IDEMPOTENCY_KEY, value);
    }
    Ok(headers)
}

/// Signs a call of a service with a signing secret, as Standard Webhooks
/// says: `webhook-id` (the delivery's idempotency key, else a new id),
/// `webhook-timestamp` and `webhook-signature` over the body sent.
fn sign(headers: &mut HeaderMap, service: &Service, call: &Outgoing, body: &[u8]) -> Result<()> {
    if service.signing_secret.is_empty() {
        return Ok(());
    }
    let key = crate::signature::key(&service.signing_secret).map_err(|message| {
        Error::invalid(format!(
            "service '{}': signing_secret {message}",
            service.name
        ))
    })?;
    let id = call
        .idempotency_key
        .clone()
        .unwrap_or_else(crate::outbox::new_delivery_id);
    let timestamp = crate::clock::unix_now() as i64;
    let signature = crate::signature::sign(&key, &id, timestamp, body);
    for (name, value) in [
        ("webhook-id", id),
        ("webhook-timestamp", timestamp.to_string()),
        ("webhook-signature", signature),
    ] {
        let value = HeaderValue::from_str(&value)
            .map_err(|_| Error::invalid(format!("the {name} is not a valid header value")))?;
        headers.insert(reqwest::header::HeaderName::from_static(name), value);
    }
    Ok(())
}

/// The header that carries a delivery's idempotency key.
pub const IDEMPOTENCY_KEY: reqwest::header::HeaderName =
    reqwest::header::HeaderName::from_static("idempotency-key");

fn body(call: &Outgoing) -> Option<Vec<u8>> {
    if call.method.payload_in_query() || call.payload.is_empty() {
        return None;
    }
    Some(match &call.payload {
        // serde_json's writer, not its Display: a third of the cost.
        Payload::Json(value) => serde_json::to_vec(value).unwrap_or_default(),
        Payload::Raw(text) => text.clone().into_bytes(),
    })
}

fn classify(err: &reqwest::Error, url: &Url) -> Error {
    let shown = redact_url(url.as_str());
    // The guard's refusal, raised inside the resolver, wins over the wrapping.
    let mut source = std::error::Error::source(err);
    let mut causes = Vec::new();
    while let Some(cause) = source {
        if let Some(blocked) = cause.downcast_ref::<Blocked>() {
            return blocked.clone().into();
        }
        causes.push(cause.to_string());
        source = cause.source();
    }
    let cause = causes.last().map(|c| format!(": {c}")).unwrap_or_default();
    if err.is_connect() {
        Error::new(Kind::Connect, format!("cannot connect to {shown}{cause}"))
    } else if err.is_builder() {
        Error::invalid(format!("cannot build a request for {shown}{cause}"))
    } else if err.is_body() || err.is_decode() {
        Error::new(
            Kind::Connect,
            format!("response from {shown} broke off{cause}"),
        )
    } else {
        Error::new(Kind::Connect, format!("request to {shown} failed{cause}"))
    }
}

/// Where a redirect leads and how the request changes on the way, as
/// browsers and curl do: 303 (and 301/302 after a POST) become a GET without
/// a body; 307 and 308 keep method and body.
fn redirect(
    from: &Url,
    status: u16,
    location: &str,
    method: &reqwest::Method,
) -> Result<(Url, Option<reqwest::Method>)> {
    let next = from.join(location).map_err(|_| {
        Error::new(
            Kind::Response,
            format!("redirect to an invalid URL '{location}'"),
        )
    })?;
    if !matches!(next.scheme(), "http" | "https") {
        return Err(Error::new(
            Kind::Blocked,
            format!(
                "blocked: redirect to scheme '{}' is not followed",
                next.scheme()
            ),
        ));
    }
    let becomes_get =
        status == 303 || (matches!(status, 301 | 302) && *method == reqwest::Method::POST);
    Ok((next, becomes_get.then_some(reqwest::Method::GET)))
}

fn same_origin(a: &Url, b: &Url) -> bool {
    a.scheme() == b.scheme()
        && a.host() == b.host()
        && a.port_or_known_default() == b.port_or_known_default()
}

impl HttpTransport {
    async fn read(
        &self,
        mut response: reqwest::Response,
        url: &Url,
        limits: Context<'_>,
    ) -> Result<Reply> {
        let status = response.status().as_u16();
        let retry_after = response
            .headers()
            .get(reqwest::header::RETRY_AFTER)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| parse_retry_after(value, std::time::SystemTime::now()));
        let too_large = || {
            Error::new(
                Kind::Response,
                format!(
                    "response from {} is larger than {} bytes",
                    redact_url(url.as_str()),
                    limits.max_response_bytes
                ),
            )
        };
        if response
            .content_length()
            .is_some_and(|len| len > limits.max_response_bytes)
        {
            return Err(too_large());
        }
        let mut body = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(|e| classify(&e, url))? {
            if (body.len() + chunk.len()) as u64 > limits.max_response_bytes {
                return Err(too_large());
            }
            body.extend_from_slice(&chunk);
        }
        Ok(Reply {
            status: Some(status),
            body,
            retry_after,
            fault: None,
        })
    }
}

impl HttpTransport {
    /// One exchange with redirects followed (each hop guarded): what REST
    /// calls and SOAP envelopes and WSDL downloads share.
    pub async fn exchange(
        &self,
        mut method: reqwest::Method,
        first: Url,
        mut headers: HeaderMap,
        mut body: Option<bytes::Bytes>,
        limits: Context<'_>,
    ) -> Result<Reply> {
        let mut url = first.clone();
        for hop in 0..=MAX_REDIRECTS {
            self.check(&url, limits.policy).await?;
            let mut request = self
                .client
                .request(method.clone(), url.clone())
                .headers(headers.clone());
            if let Some(body) = &body {
                request = request.body(body.clone());
            }
            let response = request.send().await.map_err(|e| classify(&e, &url))?;
            let status = response.status().as_u16();
            let location = response
                .headers()
                .get(LOCATION)
                .and_then(|v| v.to_str().ok())
                .map(str::to_string);
            let (true, Some(location)) = (matches!(status, 301 | 302 | 303 | 307 | 308), location)
            else {
                return self.read(response, &url, limits).await;
            };
            if hop == MAX_REDIRECTS {
                break;
            }
            let (next, new_method) = redirect(&url, status, &location, &method)?;
            if let Some(get) = new_method {
                method = get;
                body = None;
            }
            if !same_origin(&url, &next) {
                // Credentials are for the service, not for wherever it points.
                headers.remove(AUTHORIZATION);
                headers.remove("x-api-key");
            }
            url = next;
        }
        Err(Error::new(
            Kind::Response,
            format!(
                "more than {MAX_REDIRECTS} redirects from {}",
                redact_url(first.as_str())
            ),
        ))
    }
}

impl Transport for HttpTransport {
    async fn send(&self, service: &Service, call: &Outgoing, limits: Context<'_>) -> Result<Reply> {
        let url = self
            .bases
            .url(&service.base_url, call)
            .map_err(|(joined, e)| {
                Error::invalid(format!(
                    "cannot build a URL from '{}': {e}",
                    redact_url(&joined)
                ))
            })?;
        let method = match call.method {
            Method::Get => reqwest::Method::GET,
            Method::Post => reqwest::Method::POST,
            Method::Put => reqwest::Method::PUT,
            Method::Patch => reqwest::Method::PATCH,
            Method::Delete => reqwest::Method::DELETE,
        };
        let mut headers = call_headers(service, call)?;
        let body = body(call).map(bytes::Bytes::from);
        sign(
            &mut headers,
            service,
            call,
            body.as_deref().unwrap_or_default(),
        )?;
        self.exchange(method, url, headers, body, limits).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn post_put_patch_send_json_and_empty_sends_nothing() {
        for method in [Method::Post, Method::Put, Method::Patch] {
            assert_eq!(
                body(&Outgoing::json(method, "/", json!({"a": [1]}))),
                Some(br#"{"a":[1]}"#.to_vec())
            );
            assert_eq!(body(&Outgoing::json(method, "/", json!([]))), None);
        }
        for method in [Method::Get, Method::Delete] {
            assert_eq!(body(&Outgoing::json(method, "/", json!({"a": 1}))), None);
        }
        let raw = Outgoing {
            method: Method::Post,
            endpoint: "/".into(),
            payload: Payload::Raw("<x/>".into()),
            idempotency_key: None,
        };
        assert_eq!(body(&raw), Some(b"<x/>".to_vec()));
    }

    #[test]
    fn methods_parse_strictly() {
        assert_eq!(Method::parse("patch").unwrap(), Method::Patch);
        assert_eq!(Method::parse("").unwrap(), Method::Post);
        let err = Method::parse("FOO").unwrap_err();
        assert_eq!(err.code(), "invalid_argument");
        assert!(err.message().contains("'FOO'"));
    }
}
