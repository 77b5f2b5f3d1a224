//! Persistence behind one trait, so a cluster can swap the embedded SQLite
//! file for its shared database server: `sqlite` (the default, one file per
//! site), `sql` over `postgres` or `mysql` (one store for every web node;
//! `server` reads their URLs).
//!
//! The store holds services, breaker state, the request log, rules and the
//! Dead Letter Queue. It stays off the hot path of a successful call: the hub
//! caches services and revalidates them with [`Store::config_version`], and
//! log rows reach the store in batches from a background writer
//! (`crate::log_writer`).

mod copy;
mod dlq_filter;
mod mysql;
mod outbox_sql;
mod postgres;
mod schema;
mod server;
mod signal;
mod sql;
mod sqlite;
mod webhook_sql;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use crate::bridge::dlq::{DlqEntry, DlqListed};
use crate::bridge::rules::{normalise_eventname, Rule};
use crate::error::{Error, Result};
use crate::form;
use crate::outbox::{Delivery, NewDelivery, Settlement, Waiting};
use crate::private_files;
use crate::resilience::breaker::Breaker;
use crate::service::Service;

pub use copy::{copy, Copied};
pub use dlq_filter::DlqFilter;
pub use server::ServerUrl;
pub use sql::{Dialect, SqlStore};
pub use sqlite::SqliteStore;

/// One request-log row.
#[derive(Debug, Clone, PartialEq)]
pub struct LogEntry {
    /// Unix time in seconds, with fractions.
    pub time: f64,
    pub serviceid: i64,
    pub endpoint: String,
    pub method: String,
    pub httpstatus: Option<u16>,
    pub latencyms: f64,
    pub attempts: u32,
    pub success: bool,
    pub error: Option<String>,
    pub ruleid: Option<i64>,
    pub eventname: Option<String>,
    pub direction: Direction,
}

impl LogEntry {
    /// A row to import (MIH 2.0's log, moved on upgrade), from
    /// `request_log::import` fields; texts longer than a row holds are cut.
    pub fn from_fields(fields: &Map<String, Value>) -> Result<Self> {
        let mut entry = LogEntry {
            time: 0.0,
            serviceid: 0,
            endpoint: String::new(),
            method: String::new(),
            httpstatus: None,
            latencyms: 0.0,
            attempts: 1,
            success: false,
            error: None,
            ruleid: None,
            eventname: None,
            direction: Direction::Outbound,
        };
        let mut errors = std::collections::BTreeMap::new();
        let cut = |text: String, bytes: usize| crate::text::cut(&text, bytes).into_owned();
        for (key, value) in fields {
            let outcome = match key.as_str() {
                "serviceid" => form::id(value).map(|v| entry.serviceid = v),
                "timecreated" => form::real(value)
                    .filter(|t| *t >= 0.0)
                    .map(|t| entry.time = t)
                    .ok_or_else(|| "must be a Unix time".to_string()),
                "endpoint" => form::text(value)
                    .map(|v| entry.endpoint = cut(v, crate::bridge::dlq::ENDPOINT_MAX_BYTES)),
                "http_method" => form::text(value).map(|v| entry.method = cut(v, 16)),
                "httpstatus" if value.is_null() => Ok(()),
                "httpstatus" => {
                    form::bounded(value, 0..=999).map(|v| entry.httpstatus = Some(v as u16))
                }
                "latencyms" => form::real(value)
                    .filter(|v| *v >= 0.0)
                    .map(|v| entry.latencyms = v)
                    .ok_or_else(|| "must be a number of milliseconds".to_string()),
                "attempts" => {
                    form::bounded(value, 0..=i64::from(u32::MAX)).map(|v| entry.attempts = v as u32)
                }
                "success" => form::flag(value).map(|v| entry.success = v),
                "error" if value.is_null() => Ok(()),
                "error" => form::text(value)
                    .map(|v| entry.error = (!v.is_empty()).then(|| stored_error(&v))),
                "direction" => form::text(value).and_then(|v| {
                    Direction::parse(&v)
                        .map(|d| entry.direction = d)
                        .ok_or_else(|| "must be inbound or outbound".to_string())
                }),
                _ => Err("unknown field".to_string()),
            };
            if let Err(message) = outcome {
                errors.insert(key.clone(), message);
            }
        }
        for required in ["serviceid", "timecreated"] {
            if !fields.contains_key(required) {
                errors.insert(required.into(), "required".into());
            }
        }
        form::finish(entry, errors)
    }
}

/// Which way a logged call went.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Direction {
    /// A call of ours to a service.
    #[default]
    Outbound,
    /// A webhook or a response-queue message from a service to us.
    Inbound,
}

impl Direction {
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Outbound => "outbound",
            Direction::Inbound => "inbound",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        match raw {
            "outbound" => Some(Direction::Outbound),
            "inbound" => Some(Direction::Inbound),
            _ => None,
        }
    }
}

/// Filters of `request_log::query`; `None` means "any".
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LogFilter {
    pub serviceid: Option<i64>,
    pub success: Option<bool>,
    pub ruleid: Option<i64>,
    pub eventname: Option<String>,
    /// Only rows sent by the Event Bridge (`true`) or by direct calls (`false`).
    pub bridge: Option<bool>,
    /// Only rows at or after this Unix time.
    pub since: Option<f64>,
    pub direction: Option<Direction>,
}

/// The longest error text a DLQ entry or a log row keeps, in bytes. MIH
/// writes these texts itself (a SOAP fault's string may be megabytes), so a
/// longer one is cut, with a marker, instead of refused.
pub const ERROR_MAX_BYTES: usize = 8192;

/// An error text as every store keeps it: NUL (which PostgreSQL's text
/// cannot hold) replaced, cut to [`ERROR_MAX_BYTES`].
pub fn stored_error(error: &str) -> String {
    crate::text::cut(&error.replace('\0', "\u{FFFD}"), ERROR_MAX_BYTES).into_owned()
}

/// A value of a filtered query (the log's, the DLQ's), as a store binds it.
#[derive(Debug, Clone, PartialEq)]
pub enum FilterValue {
    Int(i64),
    Real(f64),
    Text(String),
}

/// Makes sure the directory of a store's own files is there: the default
/// one (`<tmp>/mih-<euid>`) must be private (see `crate::private_files`);
/// one the admin named is created (0700) when missing and otherwise left as
/// the admin made it, its files being checked one by one.
fn store_dir(dir: &Path) -> Result<()> {
    let made = if dir == private_files::default_dir() {
        private_files::private_dir(dir)
    } else {
        private_files::create_dirs(dir)
    };
    made.map_err(|e| match e.kind() {
        std::io::ErrorKind::Other => Error::store(private_files::explain(dir, &e)),
        _ => Error::store(format!("cannot create directory '{}': {e}", dir.display())),
    })
}

/// A row of the log query as PHP gets it: `success` a boolean, whatever
/// integer the store keeps it as.
pub fn log_row(mut row: Map<String, Value>) -> Map<String, Value> {
    let success = row.get("success").and_then(Value::as_i64) == Some(1);
    row.insert("success".into(), success.into());
    row
}

impl LogFilter {
    /// The SQL of `request_log::query` for every store, with `?`
    /// placeholders and the values to bind in order: one place that knows
    /// what each filter means and what a log row holds.
    pub fn select(
        &self,
        log: &str,
        services: &str,
        limit: u32,
        offset: u32,
    ) -> (String, Vec<FilterValue>) {
        let mut conditions = Vec::new();
        let mut values = Vec::new();
        let mut add = |condition: &str, value| {
            conditions.push(format!("{condition} ?"));
            values.push(value);
        };
        if let Some(id) = self.serviceid {
            add("l.serviceid =", FilterValue::Int(id));
        }
        if let Some(success) = self.success {
            add("l.success =", FilterValue::Int(success.into()));
        }
        if let Some(id) = self.ruleid {
            add("l.ruleid =", FilterValue::Int(id));
        }
        if let Some(name) = &self.eventname {
            add("l.eventname =", FilterValue::Text(name.clone()));
        }
        if let Some(bridge) = self.bridge {
            // Event Bridge dispatches are the rows that carry a rule.
            add(
                "CASE WHEN l.ruleid IS NULL THEN 0 ELSE 1 END =",
                FilterValue::Int(bridge.into()),
            );
        }
        if let Some(since) = self.since {
            add("l.timecreated >=", FilterValue::Real(since));
        }
        if let Some(direction) = self.direction {
            add(
                "l.direction =",
                FilterValue::Text(direction.as_str().into()),
            );
        }
        let clause = if conditions.is_empty() {
            String::new()
        } else {
            format!("WHERE {}", conditions.join(" AND "))
        };
        values.push(FilterValue::Int(limit.into()));
        values.push(FilterValue::Int(offset.into()));
        let sql = format!(
            "SELECT l.id, l.timecreated, l.serviceid, s.name AS servicename, l.endpoint, l.http_method, \
             l.httpstatus, l.latencyms, l.attempts, l.success, l.error, l.ruleid, l.eventname, l.direction \
             FROM {log} l LEFT JOIN {services} s ON s.id = l.serviceid {clause} \
             ORDER BY l.id DESC LIMIT ? OFFSET ?"
        );
        (sql, values)
    }

    /// Filters from `request_log::query`'s array; unknown keys and bad
    /// values are field errors, null values mean "any".
    pub fn from_fields(fields: &Map<String, Value>) -> Result<Self> {
        let mut filter = LogFilter::default();
        let mut errors = std::collections::BTreeMap::new();
        for (key, value) in fields.iter().filter(|(_, v)| !v.is_null()) {
            let outcome = match key.as_str() {
                "serviceid" => form::id(value).map(|v| filter.serviceid = Some(v)),
                "ruleid" => form::id(value).map(|v| filter.ruleid = Some(v)),
                "success" => form::flag(value).map(|v| filter.success = Some(v)),
                "bridge" => form::flag(value).map(|v| filter.bridge = Some(v)),
                "eventname" => {
                    form::text(value).map(|v| filter.eventname = Some(normalise_eventname(&v)))
                }
                "since" => value
                    .as_f64()
                    .map(|v| filter.since = Some(v))
                    .ok_or_else(|| "must be a Unix time".to_string()),
                "direction" => form::text(value).and_then(|v| {
                    Direction::parse(&v)
                        .map(|d| filter.direction = Some(d))
                        .ok_or_else(|| "must be inbound or outbound".to_string())
                }),
                _ => Err("unknown filter".to_string()),
            };
            if let Err(message) = outcome {
                errors.insert(key.clone(), message);
            }
        }
        form::finish(filter, errors)
    }
}

/// A breaker as stored, with the version a compare-and-swap expects. A
/// service whose breaker never moved has the default breaker at version 0.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct StoredBreaker {
    pub breaker: Breaker,
    pub version: i64,
}

/// A service's log figures for the dashboard.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct LogFigures {
    /// Calls since the given time.
    pub calls: i64,
    /// Average latency (ms) of the calls since the given time.
    pub avg_latency: Option<f64>,
    /// Failed calls since the given time.
    pub errors: i64,
    /// Unix time of the newest call.
    pub last_used: Option<f64>,
}

pub trait Store: Send {
    /// A number that changes whenever services, rules or breakers change, in
    /// any process. Cheap: callers poll it to revalidate their caches.
    fn config_version(&mut self) -> Result<i64>;

    /// Inserts (`id == 0`) or updates a service; returns its id. A name that
    /// is taken is a field error on `name`.
    fn save_service(&mut self, service: &Service) -> Result<i64>;
    fn service_by_id(&mut self, id: i64) -> Result<Option<Service>>;
    fn service_by_name(&mut self, name: &str) -> Result<Option<Service>>;
    fn services(&mut self) -> Result<Vec<Service>>;
    /// Deletes a service with its rules, log rows and breaker state.
    fn delete_service(&mut self, id: i64) -> Result<()>;
    /// Per service with log rows: average latency and errors since `since`
    /// (Unix seconds), and the time of its newest row.
    fn log_figures(&mut self, since: f64) -> Result<HashMap<i64, LogFigures>>;
    /// Successful and failed calls among the log rows kept.
    fn log_outcomes(&mut self) -> Result<(i64, i64)>;

    /// Every stored breaker, by service id.
    fn breakers(&mut self) -> Result<HashMap<i64, StoredBreaker>>;
    /// One service's breaker, as stored now.
    fn breaker(&mut self, serviceid: i64) -> Result<StoredBreaker>;
    /// Stores `next` only if the breaker is still at `expected_version`;
    /// false when another caller moved it first.
    fn swap_breaker(
        &mut self,
        serviceid: i64,
        expected_version: i64,
        next: &Breaker,
    ) -> Result<bool>;
    /// Closes one service's circuit (or all) with zero failures.
    fn reset_breakers(&mut self, serviceid: Option<i64>) -> Result<()>;

    /// Inserts (`id == 0`) or updates a rule; returns its id.
    fn save_rule(&mut self, rule: &Rule) -> Result<i64>;
    fn rule(&mut self, id: i64) -> Result<Option<Rule>>;
    /// Every rule, by event name then id.
    fn rules(&mut self) -> Result<Vec<Rule>>;
    fn delete_rule(&mut self, id: i64) -> Result<()>;

    /// Stores an undeliverable event; returns its id.
    fn push_dlq(&mut self, entry: &DlqEntry) -> Result<i64>;
    /// Matching entries, newest first, each with a preview of its payload
    /// and the payload's size: the database cuts the payload, so a page of
    /// large entries stays small.
    fn dlq(&mut self, filter: &DlqFilter, limit: u32, offset: u32) -> Result<Vec<DlqListed>>;
    /// Ids of the matching entries after id `after`, oldest first, at most
    /// `limit`: a bulk replay pages through a large queue with them.
    fn dlq_matching(&mut self, filter: &DlqFilter, after: i64, limit: u32) -> Result<Vec<i64>>;
    /// How many entries after id `after` match (0: all that match).
    fn dlq_count(&mut self, filter: &DlqFilter, after: i64) -> Result<i64>;
    fn dlq_entry(&mut self, id: i64) -> Result<Option<DlqEntry>>;
    fn delete_dlq(&mut self, id: i64) -> Result<()>;
    /// Records one more failed delivery of an entry; `error` is kept as
    /// [`stored_error`] makes it.
    fn dlq_failed_again(&mut self, id: i64, error: &str) -> Result<()>;

    /// Appends deliveries to the outbox in one transaction.
    fn outbox_append(&mut self, items: &[NewDelivery]) -> Result<()>;
    /// What waits, per rule (rules in id order), with each rule's oldest
    /// delivery's attempts, error and next try.
    fn outbox_waiting(&mut self) -> Result<Vec<Waiting>>;
    /// A rule's deliveries after id `after`, oldest first, at most `limit`.
    fn outbox_rule(&mut self, ruleid: i64, after: i64, limit: u32) -> Result<Vec<Delivery>>;
    /// Writes what a pass of the drain did, in one transaction.
    fn outbox_settle(&mut self, settlement: &Settlement) -> Result<()>;
    /// Takes or renews lease `name` for `holder` until `until` (Unix
    /// time): false while another holder's lease runs past `now`.
    fn take_lease(&mut self, name: &str, holder: &str, now: f64, until: f64) -> Result<bool>;
    /// Gives the lease up, if `holder` has it.
    fn release_lease(&mut self, name: &str, holder: &str) -> Result<()>;

    /// Records an inbound webhook's id for a service at `now`; false when it
    /// was seen already (a replay). Ids seen before `forget_before` go.
    fn remember_webhook(
        &mut self,
        serviceid: i64,
        id: &str,
        now: f64,
        forget_before: f64,
    ) -> Result<bool>;

    /// Appends rows in one transaction and prunes the log to its newest
    /// `keep` rows (0 keeps all).
    fn append_log(&mut self, rows: &[LogEntry], keep: u64) -> Result<()>;
    /// Log rows, newest first, with the service name joined in.
    fn query_log(
        &mut self,
        filter: &LogFilter,
        limit: u32,
        offset: u32,
    ) -> Result<Vec<Map<String, Value>>>;
}

/// Where a store lives, as given to `mih::configure(['store' => ...])`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StoreLocation {
    Sqlite(PathBuf),
    /// PostgreSQL or MariaDB/MySQL, shared by the nodes of a cluster.
    Server(ServerUrl),
}

impl StoreLocation {
    pub fn parse(spec: &str) -> Result<Self> {
        let spec = spec.trim();
        if spec.is_empty() {
            return Err(Error::invalid("store: empty path"));
        }
        match ServerUrl::parse(spec) {
            Some(url) => Ok(StoreLocation::Server(url?)),
            None => Ok(StoreLocation::Sqlite(PathBuf::from(spec))),
        }
    }

    /// `<tmp>/mih-<euid>/hub.sqlite`: in a directory of its own, never a
    /// name in the shared temp directory that another user could plant.
    pub fn default_location() -> Self {
        StoreLocation::Sqlite(private_files::default_dir().join("hub.sqlite"))
    }

    pub fn open(&self) -> Result<Box<dyn Store>> {
        match self {
            StoreLocation::Sqlite(_) if !crate::fork::sqlite_usable() => Err(Error::store(
                "this process was forked while its parent was writing to the SQLite store; \
                 it cannot use that store safely (the parent can): start a new PHP process",
            )),
            StoreLocation::Sqlite(path) => Ok(Box::new(SqliteStore::open(path)?)),
            StoreLocation::Server(url) => {
                // The change signal is shared by this node's processes of
                // this user: in the private default directory.
                let dir = private_files::default_dir();
                store_dir(&dir)?;
                let signal = signal::ChangeSignal::open(&dir.join(url.signal_name()))?;
                match url.dialect() {
                    Dialect::Postgres => Ok(Box::new(SqlStore::new(
                        postgres::PgConnection::open(url)?,
                        url.prefix(),
                        signal,
                    )?)),
                    Dialect::MySql => Ok(Box::new(SqlStore::new(
                        mysql::MySqlConnection::open(url)?,
                        url.prefix(),
                        signal,
                    )?)),
                }
            }
        }
    }

    /// A private directory for caches (the WSDL cache): beside a SQLite
    /// store, in the default directory for a server store.
    pub fn cache_dir(&self) -> Option<PathBuf> {
        match self {
            StoreLocation::Sqlite(path) => path.parent().map(|dir| dir.join("cache")),
            StoreLocation::Server(_) => Some(private_files::default_dir().join("cache")),
        }
    }

    /// For phpinfo() and messages: never a password.
    pub fn describe(&self) -> String {
        match self {
            StoreLocation::Sqlite(path) => path.display().to_string(),
            StoreLocation::Server(url) => url.shown(),
        }
    }
}
