//! Persistence behind one trait, so a cluster can swap the embedded SQLite
//! file for its shared database server.
//!
//! The store holds services, breaker state, the request log, rules and the
//! Dead Letter Queue. It stays off the hot path of a successful call: the hub
//! caches services and revalidates them with [`Store::config_version`], and
//! log rows reach the store in batches from a background writer
//! (`crate::log_writer`).

mod schema;
mod sqlite;

use std::path::PathBuf;

use serde_json::{Map, Value};

use crate::error::{Error, Result};
use crate::service::Service;

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
}

/// Filters of `request_log::query`; `None` means "any".
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LogFilter {
    pub serviceid: Option<i64>,
    pub success: Option<bool>,
    pub ruleid: Option<i64>,
    pub eventname: Option<String>,
    /// Only rows at or after this Unix time.
    pub since: Option<f64>,
}

/// A service row for the dashboard: configuration (no secrets), breaker
/// state and the last 24 hours of its log.
pub type DashboardRow = Map<String, Value>;

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
    /// Dashboard rows for every service, as of `now` (Unix seconds).
    fn dashboard(&mut self, now: f64) -> Result<Vec<DashboardRow>>;

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
}

impl StoreLocation {
    pub fn parse(spec: &str) -> Result<Self> {
        let spec = spec.trim();
        if spec.is_empty() {
            return Err(Error::invalid("store: empty path"));
        }
        if let Some((scheme, _)) = spec.split_once("://") {
            return Err(Error::invalid(format!(
                "store: '{scheme}://' stores are not supported yet; give a file path for the embedded SQLite store"
            )));
        }
        Ok(StoreLocation::Sqlite(PathBuf::from(spec)))
    }

    /// The default: one file per user in the system temp directory, so a CLI
    /// run as another user never makes the web server's file unreadable.
    pub fn default_location() -> Self {
        // SAFETY: getuid has no preconditions and cannot fail.
        let uid = unsafe { libc::getuid() };
        StoreLocation::Sqlite(std::env::temp_dir().join(format!("mih-{uid}.sqlite")))
    }

    pub fn open(&self) -> Result<Box<dyn Store>> {
        match self {
            StoreLocation::Sqlite(path) => Ok(Box::new(SqliteStore::open(path)?)),
        }
    }

    pub fn describe(&self) -> String {
        match self {
            StoreLocation::Sqlite(path) => path.display().to_string(),
        }
    }
}
