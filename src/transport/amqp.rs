//! AMQP (RabbitMQ) publishing with lapin: persistent JSON messages,
//! publisher confirms (success = the broker's ack), mandatory routing (an
//! unroutable message is a failure, and goes to the service's dead letter
//! queue when it has one).
//!
//! One connection and one confirm channel per broker URL, kept across PHP
//! requests. Their I/O and heartbeats run on a dedicated runtime thread, so
//! the broker sees a live client between requests; a connection found dead
//! is opened again on the next attempt.

use std::collections::HashMap;
use std::sync::Arc;

use async_rs::Runtime;
use lapin::options::{
    BasicAckOptions, BasicGetOptions, BasicNackOptions, BasicPublishOptions, ConfirmSelectOptions,
    QueueBindOptions, QueueDeclareOptions,
};

use lapin::tcp::{AsyncTcpStream, RustlsConnector};
use lapin::types::{AMQPValue, FieldTable, LongString, ShortString};
use lapin::uri::{AMQPAuthority, AMQPQueryString, AMQPScheme, AMQPUri, AMQPUserInfo};
use lapin::{BasicProperties, Channel, Confirmation, Connection, ConnectionProperties};
use tokio::sync::Mutex;
use url::Host;

use super::guard::{Blocked, HostPolicy};
use super::tls::{client_config, Verify};
use super::{percent_decode, percent_encode, Context, Outgoing, Payload, Reply, Transport};
use crate::error::{Error, Kind, Result};
use crate::service::Service;

/// Where and how a service publishes, from its URL:
/// `amqp[s]://user:password@host:port/vhost?exchange=X&routing_key=Y&queue_declare=Z&dlq=DLQ`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AmqpTarget {
    pub tls: bool,
    /// Read as an http URL's host is: a name, or an address in any spelling
    /// (`0177.1` is 127.0.0.1), so the guard checks what is connected to.
    pub host: Host<String>,
    pub port: u16,
    pub user: String,
    pub password: String,
    pub vhost: String,
    pub exchange: String,
    pub routing_key: String,
    pub queue_declare: String,
    pub dlq: String,
    /// amqps only: check the broker's certificate (`verify=0` turns it off).
    pub verify: bool,
}

/// The most bytes an AMQP short string (a name, a routing key, the
/// vhost) holds; lapin panics on a longer one.
const SHORT_STRING_MAX: usize = 255;

fn check_short(what: &str, value: &str) -> std::result::Result<(), String> {
    if value.len() > SHORT_STRING_MAX {
        return Err(format!(
            "{what} is {} bytes long; AMQP allows at most {SHORT_STRING_MAX}",
            value.len()
        ));
    }
    Ok(())
}

/// Routing and binding keys: short strings without control characters
/// (topic wildcards # and * allowed).
fn check_routing_key(what: &str, key: &str) -> std::result::Result<(), String> {
    check_short(what, key)?;
    if key.chars().any(char::is_control) {
        return Err(format!("{what} must not contain control characters"));
    }
    Ok(())
}

/// Exchange and queue names: short strings of RabbitMQ's name characters.
fn check_name(key: &str, value: &str) -> std::result::Result<(), String> {
    check_short(key, value)?;
    if value
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | ':' | '/'))
    {
        Ok(())
    } else {
        Err(format!(
            "{key} '{value}' may hold only letters, digits and - _ . : /"
        ))
    }
}

impl AmqpTarget {
    /// Parses and checks a service URL; the error names the part at fault
    /// (and never the password).
    pub fn parse(raw: &str) -> std::result::Result<Self, String> {
        let url = url::Url::parse(raw).map_err(|e| format!("not a valid AMQP URL ({e})"))?;
        let tls = match url.scheme() {
            "amqp" => false,
            "amqps" => true,
            other => return Err(format!("scheme '{other}' is not amqp or amqps")),
        };
        let host = match url.host() {
            None => return Err("must name a host".into()),
            Some(Host::Domain("")) => return Err("must name a host".into()),
            // amqp URLs keep their host opaque: read it as http's is read.
            Some(Host::Domain(name)) => Host::parse(name)
                .map_err(|e| format!("host '{name}' is not a host name or IP address ({e})"))?,
            Some(Host::Ipv4(ip)) => Host::Ipv4(ip),
            Some(Host::Ipv6(ip)) => Host::Ipv6(ip),
        };
        let vhost = match url.path() {
            "" | "/" => "/".to_string(),
            path => percent_decode(path.trim_start_matches('/')),
        };
        check_short("vhost", &vhost)?;
        let mut target = AmqpTarget {
            tls,
            host,
            port: url.port().unwrap_or(if tls { 5671 } else { 5672 }),
            user: if url.username().is_empty() {
                "guest".into()
            } else {
                percent_decode(url.username())
            },
            password: url
                .password()
                .map_or_else(|| "guest".into(), percent_decode),
            vhost,
            exchange: String::new(),
            routing_key: String::new(),
            queue_declare: String::new(),
            dlq: String::new(),
            verify: true,
        };
        for (key, value) in url.query_pairs() {
            let value = value.trim().to_string();
            match key.as_ref() {
                "exchange" => target.exchange = value,
                "routing_key" => target.routing_key = value,
                "queue_declare" => target.queue_declare = value,
                "dlq" => target.dlq = value,
                "verify" => {
                    target.verify = match value.as_str() {
                        "1" | "true" => true,
                        "0" | "false" => false,
                        _ => return Err(format!("verify must be 0 or 1, not '{value}'")),
                    }
                }
                other => {
                    return Err(format!(
                        "unknown option '{other}'; use exchange, routing_key, queue_declare, dlq or verify"
                    ))
                }
            }
        }
        check_name("exchange", &target.exchange)?;
        check_routing_key("routing_key", &target.routing_key)?;
        check_name("queue_declare", &target.queue_declare)?;
        check_name("dlq", &target.dlq)?;
        if !target.dlq.is_empty() && target.queue_declare.is_empty() {
            return Err(
                "dlq needs queue_declare: the dead letter queue belongs to the declared queue"
                    .into(),
            );
        }
        Ok(target)
    }

    /// What an admin should know about this target: certificate checks
    /// off, and a routing key the default exchange cannot route.
    pub fn warnings(&self) -> Vec<String> {
        let mut warnings = Vec::new();
        if self.tls && !self.verify {
            warnings.push("TLS certificate verification is off (verify=0): anyone on the path can impersonate the broker".into());
        }
        // The default exchange routes a message only to the queue named by
        // its routing key: any other key is unroutable (NO_ROUTE) unless
        // such a queue exists on the broker, which the URL cannot tell.
        let key = &self.routing_key;
        if self.exchange.is_empty() && !key.is_empty() && *key != self.queue_declare {
            warnings.push(format!(
                "With the default exchange, routing key '{key}' reaches only a queue named '{key}', \
                 so publishing fails as unroutable unless one exists; declare it \
                 (queue_declare={key}) or use an exchange bound to your queue"
            ));
        }
        warnings
    }

    /// The routing key for an endpoint: the endpoint itself, or ('' and
    /// '/') the service's routing key, else the declared queue's name. An
    /// endpoint that cannot be one (over 255 bytes, control characters) is
    /// refused, naming the limit.
    pub fn routing_key_for(&self, endpoint: &str) -> std::result::Result<String, String> {
        let key = match endpoint.trim() {
            "" | "/" if !self.routing_key.is_empty() => self.routing_key.clone(),
            "" | "/" => self.queue_declare.clone(),
            key => key.trim_start_matches('/').to_string(),
        };
        check_routing_key("routing key", &key)?;
        Ok(key)
    }

    /// The host as borrowed by the guard.
    pub fn host(&self) -> Host<&str> {
        match &self.host {
            Host::Domain(name) => Host::Domain(name),
            Host::Ipv4(ip) => Host::Ipv4(*ip),
            Host::Ipv6(ip) => Host::Ipv6(*ip),
        }
    }

    /// The host as a TLS server name: a name, or an address unbracketed.
    fn server_name(&self) -> String {
        match &self.host {
            Host::Domain(name) => name.clone(),
            Host::Ipv4(ip) => ip.to_string(),
            Host::Ipv6(ip) => ip.to_string(),
        }
    }

    /// What lapin is told about the connection. It is given a connected
    /// socket (see [`connect`]), so its host is only a label.
    fn lapin_uri(&self) -> AMQPUri {
        AMQPUri {
            scheme: if self.tls {
                AMQPScheme::AMQPS
            } else {
                AMQPScheme::AMQP
            },
            authority: AMQPAuthority {
                userinfo: AMQPUserInfo {
                    username: self.user.clone(),
                    password: self.password.clone(),
                },
                host: self.server_name(),
                port: self.port,
            },
            vhost: self.vhost.clone(),
            query: AMQPQueryString {
                heartbeat: Some(30),
                connection_timeout: Some(10_000),
                ..AMQPQueryString::default()
            },
        }
    }

    /// The broker as messages name it: no credentials.
    fn shown(&self) -> String {
        format!(
            "{}://{}:{}/{}",
            if self.tls { "amqps" } else { "amqp" },
            self.host,
            self.port,
            percent_encode(&self.vhost)
        )
    }
}

/// An open connection with its confirm channel.
struct Broker {
    connection: Connection,
    channel: Channel,
}

impl Broker {
    fn alive(&self) -> bool {
        self.connection.status().connected() && self.channel.status().connected()
    }
}

pub struct AmqpTransport {
    /// Runs the connections' I/O and heartbeats between PHP requests.
    runtime: tokio::runtime::Runtime,
    brokers: Mutex<HashMap<String, Arc<Broker>>>,
    /// Response-queue messages taken and not yet settled, by delivery tag
    /// and service URL: settled on the channel they came from.
    taken: Mutex<HashMap<(String, u64), Arc<Broker>>>,
}

/// A message taken from a response queue, not yet acknowledged.
pub struct Taken {
    pub tag: u64,
    pub body: Vec<u8>,
}

fn amqp_error(target: &AmqpTarget, what: &str, err: lapin::Error) -> Error {
    // The guard's refusal, raised inside the connector, wins over the wrapping.
    if let lapin::ErrorKind::IOError(io) = err.kind() {
        if let Some(blocked) = io.get_ref().and_then(|e| e.downcast_ref::<Blocked>()) {
            return blocked.clone().into();
        }
    }
    Error::new(Kind::Connect, format!("{what} {}: {err}", target.shown()))
}

impl AmqpTransport {
    pub fn new() -> Result<Self> {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .thread_name("mih-amqp")
            .on_thread_start(crate::hub::block_signals)
            .enable_all()
            .build()
            .map_err(|e| {
                Error::new(
                    Kind::Internal,
                    format!("cannot start the AMQP runtime: {e}"),
                )
            })?;
        Ok(Self {
            runtime,
            brokers: Mutex::new(HashMap::new()),
            taken: Mutex::new(HashMap::new()),
        })
    }

    /// Takes the next message of `queue` over the service's kept
    /// connection, unacknowledged; None when the queue is empty.
    pub async fn take(
        &self,
        service: &Service,
        queue: &str,
        policy: &HostPolicy,
    ) -> Result<Option<Taken>> {
        let target = AmqpTarget::parse(&service.base_url)
            .map_err(|e| Error::invalid(format!("base_url: {e}")))?;
        policy.check_resolving(target.host(), target.port).await?;
        let broker = self.broker(&service.base_url, &target, policy).await?;
        let got = broker
            .channel
            .basic_get(queue.into(), BasicGetOptions { no_ack: false })
            .await
            .map_err(|e| amqp_error(&target, &format!("cannot read queue '{queue}' on"), e))?;
        let Some(message) = got else {
            return Ok(None);
        };
        let tag = message.delivery.delivery_tag;
        self.taken
            .lock()
            .await
            .insert((service.base_url.clone(), tag), broker);
        Ok(Some(Taken {
            tag,
            body: message.delivery.data,
        }))
    }

    /// Acknowledges a taken message, or gives it back to its queue. A
    /// message whose connection has gone since is the broker's again
    /// already: nothing to do.
    pub async fn settle(&self, service: &Service, tag: u64, ack: bool) -> Result<()> {
        let Some(broker) = self
            .taken
            .lock()
            .await
            .remove(&(service.base_url.clone(), tag))
        else {
            return Ok(());
        };
        if !broker.alive() {
            return Ok(());
        }
        let outcome = if ack {
            broker
                .channel
                .basic_ack(tag, BasicAckOptions::default())
                .await
        } else {
            let requeue = BasicNackOptions {
                requeue: true,
                ..BasicNackOptions::default()
            };
            broker.channel.basic_nack(tag, requeue).await
        };
        outcome.map_err(|e| {
            Error::new(
                Kind::Connect,
                format!(
                    "cannot settle message {tag} of service '{}': {e}",
                    service.name
                ),
            )
        })
    }

    /// The broker for `url`, connected and with its queues declared.
    async fn broker(
        &self,
        url: &str,
        target: &AmqpTarget,
        policy: &HostPolicy,
    ) -> Result<Arc<Broker>> {
        let mut brokers = self.brokers.lock().await;
        if let Some(broker) = brokers.get(url).filter(|b| b.alive()) {
            return Ok(Arc::clone(broker));
        }
        brokers.remove(url);
        let runtime = Runtime::tokio_with_handle(self.runtime.handle().clone());
        let properties =
            ConnectionProperties::default().with_connection_name(LongString::from("moodle-mih"));
        let connection = connect(target, policy, properties, runtime)
            .await
            .map_err(|e| amqp_error(target, "cannot connect to", e))?;
        let channel = connection
            .create_channel()
            .await
            .map_err(|e| amqp_error(target, "cannot open a channel on", e))?;
        channel
            .confirm_select(ConfirmSelectOptions::default())
            .await
            .map_err(|e| amqp_error(target, "cannot enable publisher confirms on", e))?;
        declare(&channel, target).await?;
        let broker = Arc::new(Broker {
            connection,
            channel,
        });
        brokers.insert(url.to_string(), Arc::clone(&broker));
        Ok(broker)
    }
}

/// Connects to the broker at addresses the guard has checked (lapin never
/// resolves the name itself, so a name cannot resolve to one address for
/// the check and another for the connection), then speaks TLS for amqps,
/// checking the certificate unless `verify=0`.
async fn connect(
    target: &AmqpTarget,
    policy: &HostPolicy,
    properties: ConnectionProperties,
    runtime: Runtime<async_rs::Tokio>,
) -> lapin::Result<Connection> {
    let tls = match (target.tls, target.verify) {
        (false, _) => None,
        (true, verify) => {
            let verify = if verify {
                Verify::Full
            } else {
                Verify::Nothing
            };
            let config = client_config(verify, None).map_err(std::io::Error::other)?;
            Some(Arc::new(RustlsConnector::from(config)))
        }
    };
    let policy = policy.clone();
    let checked = target.clone();
    Connection::connector(
        target.lapin_uri(),
        runtime,
        async move |_uri: AMQPUri, runtime: Runtime<async_rs::Tokio>| {
            let addrs = policy
                .resolve(checked.host(), checked.port)
                .await
                .map_err(|e| std::io::Error::other(Blocked(e.message().to_string())))?;
            let stream = AsyncTcpStream::connect(&runtime, addrs).await?;
            Ok(match &tls {
                Some(connector) => {
                    stream
                        .into_rustls(connector, &checked.server_name())
                        .await?
                }
                None => stream,
            })
        },
        properties,
    )
    .await
}

/// Declares the service's queue (durable, bound to its exchange) and its
/// dead letter queue. A queue that exists with other arguments is a clear
/// error; the channel it breaks is not reused.
async fn declare(channel: &Channel, target: &AmqpTarget) -> Result<()> {
    let durable = QueueDeclareOptions {
        durable: true,
        ..QueueDeclareOptions::default()
    };
    let refused = |queue: &str, err: lapin::Error| {
        Error::new(
            Kind::Response,
            format!(
                "cannot declare queue '{queue}' on {}: {err}",
                target.shown()
            ),
        )
    };
    if !target.dlq.is_empty() {
        channel
            .queue_declare(target.dlq.as_str().into(), durable, FieldTable::default())
            .await
            .map_err(|e| refused(&target.dlq, e))?;
    }
    if target.queue_declare.is_empty() {
        return Ok(());
    }
    let mut arguments = FieldTable::default();
    if !target.dlq.is_empty() {
        arguments.insert(
            "x-dead-letter-exchange".into(),
            AMQPValue::LongString("".into()),
        );
        arguments.insert(
            "x-dead-letter-routing-key".into(),
            AMQPValue::LongString(target.dlq.as_str().into()),
        );
    }
    channel
        .queue_declare(target.queue_declare.as_str().into(), durable, arguments)
        .await
        .map_err(|e| refused(&target.queue_declare, e))?;
    if !target.exchange.is_empty() {
        let key = if target.routing_key.is_empty() {
            &target.queue_declare
        } else {
            &target.routing_key
        };
        channel
            .queue_bind(
                target.queue_declare.as_str().into(),
                target.exchange.as_str().into(),
                key.as_str().into(),
                QueueBindOptions::default(),
                FieldTable::default(),
            )
            .await
            .map_err(|e| refused(&target.queue_declare, e))?;
    }
    Ok(())
}

fn message_id() -> String {
    format!("{:016x}{:016x}", fastrand::u64(..), fastrand::u64(..))
}

impl Transport for AmqpTransport {
    async fn send(&self, service: &Service, call: &Outgoing, limits: Context<'_>) -> Result<Reply> {
        let target = AmqpTarget::parse(&service.base_url)
            .map_err(|e| Error::invalid(format!("base_url: {e}")))?;
        let routing_key = target
            .routing_key_for(&call.endpoint)
            .map_err(|e| Error::new(Kind::Unsendable, e))?;
        // A kept connection may predate the current policy: check again.
        limits
            .policy
            .check_resolving(target.host(), target.port)
            .await?;
        let broker = self
            .broker(&service.base_url, &target, limits.policy)
            .await?;
        let body = match &call.payload {
            Payload::Json(value) => value.to_string().into_bytes(),
            Payload::Raw(text) => text.clone().into_bytes(),
        };
        let id = call.idempotency_key.clone().unwrap_or_else(message_id);
        let properties = BasicProperties::default()
            .with_delivery_mode(2)
            .with_content_type(ShortString::from("application/json"))
            .with_message_id(ShortString::from(id.as_str()))
            .with_timestamp(crate::clock::unix_now() as u64)
            .with_app_id(ShortString::from("moodle-mih"));
        let options = BasicPublishOptions {
            mandatory: true,
            ..BasicPublishOptions::default()
        };
        let lost = |err: lapin::Error| amqp_error(&target, "publish to", err);
        let confirmation = broker
            .channel
            .basic_publish(
                target.exchange.as_str().into(),
                routing_key.as_str().into(),
                options,
                &body,
                properties,
            )
            .await
            .map_err(lost)?
            .await
            .map_err(lost)?;
        match confirmation {
            Confirmation::Ack(None) | Confirmation::NotRequested => {
                let receipt = serde_json::json!({
                    "exchange": target.exchange, "routing_key": routing_key, "message_id": id,
                });
                Ok(Reply {
                    status: None,
                    body: receipt.to_string().into_bytes(),
                    retry_after: None,
                    fault: None,
                })
            }
            Confirmation::Ack(Some(returned)) => {
                let reason = format!(
                    "unroutable: the broker returned the message ({} {}) for routing key '{routing_key}'",
                    returned.reply_code, returned.reply_text
                );
                if target.dlq.is_empty() {
                    return Err(Error::new(Kind::Unroutable, reason));
                }
                // Keep it: the dead letter queue is the declared place for it.
                let kept = broker
                    .channel
                    .basic_publish(
                        "".into(),
                        target.dlq.as_str().into(),
                        BasicPublishOptions::default(),
                        &body,
                        returned.delivery.properties.clone(),
                    )
                    .await
                    .map_err(lost)?
                    .await
                    .map_err(lost)?;
                let stored = if kept.is_ack() {
                    "stored in"
                } else {
                    "could not be stored in"
                };
                Err(Error::new(
                    Kind::Unroutable,
                    format!("{reason}; {stored} dead letter queue '{}'", target.dlq),
                ))
            }
            Confirmation::Nack(_) => Err(Error::new(
                Kind::Nack,
                format!(
                    "the broker at {} refused the message (nack)",
                    target.shown()
                ),
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_guides_url_with_defaults() {
        let t = AmqpTarget::parse("amqp://localhost/?routing_key=events.moodle&queue_declare=moodle_events&dlq=moodle_dlq").unwrap();
        assert_eq!(
            (
                t.user.as_str(),
                t.password.as_str(),
                t.port,
                t.vhost.as_str()
            ),
            ("guest", "guest", 5672, "/")
        );
        assert_eq!(
            (
                t.routing_key.as_str(),
                t.queue_declare.as_str(),
                t.dlq.as_str()
            ),
            ("events.moodle", "moodle_events", "moodle_dlq")
        );
        let t = AmqpTarget::parse("amqps://u:p%40ss@broker.example/%2f?exchange=moodle").unwrap();
        assert_eq!(
            (t.tls, t.port, t.vhost.as_str(), t.password.as_str()),
            (true, 5671, "/", "p@ss")
        );
        let t = AmqpTarget::parse("amqp://u:p@h:5673/prod").unwrap();
        assert_eq!((t.port, t.vhost.as_str()), (5673, "prod"));
        let uri = t.lapin_uri();
        assert_eq!(
            (
                uri.authority.host.as_str(),
                uri.authority.port,
                uri.vhost.as_str()
            ),
            ("h", 5673, "prod")
        );
        assert_eq!(uri.query.heartbeat, Some(30));
    }

    #[test]
    fn hosts_are_read_as_in_http_urls_and_ipv6_literals_lose_their_brackets() {
        let host = |url: &str| {
            AmqpTarget::parse(url).map(|t| (t.host.clone(), t.server_name(), t.shown()))
        };
        assert_eq!(
            host("amqp://u:p@[::1]:5673/prod").unwrap(),
            (
                Host::Ipv6("::1".parse().unwrap()),
                "::1".into(),
                "amqp://[::1]:5673/prod".into()
            )
        );
        assert_eq!(
            host("amqps://[0:0:0:0:0:0:0:1]/").unwrap().1,
            "::1",
            "the TLS name and the socket address are unbracketed"
        );
        assert_eq!(
            host("amqp://0177.1/").unwrap().0,
            Host::<String>::Ipv4(std::net::Ipv4Addr::new(127, 0, 0, 1))
        );
        assert_eq!(
            host("amqp://0/").unwrap().0,
            Host::<String>::Ipv4(std::net::Ipv4Addr::UNSPECIFIED)
        );
        assert_eq!(
            host("amqp://Rabbit.Example./").unwrap().0,
            Host::Domain("rabbit.example.".to_string())
        );
        for (url, shown) in [
            ("amqp://guest:guest@o177.0.0.1:5672/", "o177.0.0.1"),
            ("amqp://1.2.3.4.5/", "1.2.3.4.5"),
            ("amqp://exa%20mple/", "exa%20mple"),
        ] {
            let err = host(url).unwrap_err();
            assert!(
                err.starts_with(&format!("host '{shown}' is not a host name or IP address")),
                "{url}: {err}"
            );
        }
    }

    #[test]
    fn short_strings_over_255_bytes_are_refused_naming_the_limit() {
        let t = AmqpTarget::parse("amqp://h/?routing_key=r&queue_declare=q").unwrap();
        let key = "k".repeat(255);
        assert_eq!(t.routing_key_for(&key), Ok(key.clone()));
        assert_eq!(
            t.routing_key_for(&format!("/{key}k")),
            Err("routing key is 256 bytes long; AMQP allows at most 255".into())
        );
        assert_eq!(
            t.routing_key_for(&"é".repeat(128)),
            Err("routing key is 256 bytes long; AMQP allows at most 255".into())
        );
        assert!(t
            .routing_key_for("a\nb")
            .unwrap_err()
            .contains("control characters"));
        let long = "v".repeat(256);
        for (url, message) in [
            (format!("amqp://h/{long}"), "vhost is 256 bytes long"),
            (
                format!("amqp://h/?routing_key={long}"),
                "routing_key is 256 bytes long",
            ),
            (
                format!("amqp://h/?exchange={long}"),
                "exchange is 256 bytes long",
            ),
            (
                format!("amqp://h/?queue_declare={long}"),
                "queue_declare is 256 bytes long",
            ),
        ] {
            let err = AmqpTarget::parse(&url).unwrap_err();
            assert_eq!(err, format!("{message}; AMQP allows at most 255"));
        }
    }

    #[test]
    fn routing_key_override() {
        let t = AmqpTarget::parse("amqp://h/?routing_key=default.key&queue_declare=q").unwrap();
        let key = |t: &AmqpTarget, endpoint: &str| t.routing_key_for(endpoint).unwrap();
        assert_eq!(key(&t, "/"), "default.key");
        assert_eq!(key(&t, ""), "default.key");
        assert_eq!(key(&t, "events.user.created"), "events.user.created");
        let t = AmqpTarget::parse("amqp://h/?queue_declare=q").unwrap();
        assert_eq!(key(&t, "/"), "q");
    }

    #[test]
    fn bad_urls_name_the_part_at_fault_never_the_password() {
        let err = |url: &str| AmqpTarget::parse(url).unwrap_err();
        assert!(err("amqp://u:secret@h:99999/").contains("invalid port"));
        assert!(err("amqp://u:secret@h/?colour=red").contains("unknown option 'colour'"));
        assert!(err("amqp:///vhost").contains("host"));
        assert!(err("amqp://h/?exchange=bad name").contains("exchange 'bad name'"));
        assert!(err("amqp://h/?dlq=d").contains("dlq needs queue_declare"));
        assert!(err("http://h/").contains("scheme 'http'"));
        assert!(!err("amqp://u:secret@h/?x=1").contains("secret"));
        assert!(err("amqps://h/?verify=no").contains("verify must be 0 or 1"));
    }

    #[test]
    fn verify_0_is_allowed_but_warned_about() {
        let t = AmqpTarget::parse("amqps://h/?verify=0").unwrap();
        assert!(!t.verify);
        assert_eq!(t.warnings().len(), 1);
        assert!(AmqpTarget::parse("amqps://h/")
            .unwrap()
            .warnings()
            .is_empty());
    }
}
