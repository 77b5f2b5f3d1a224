//! The embedded store: one SQLite file, WAL mode, one connection per process.

use std::collections::HashMap;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rusqlite::types::Value as SqlValue;
use rusqlite::{params, params_from_iter, Connection, OpenFlags, OptionalExtension, Row};
use serde_json::{Map, Value};

use super::schema::MIGRATIONS;
use super::signal::ChangeSignal;
use super::{
    log_row, stored_error, DlqFilter, FilterValue, LogEntry, LogFigures, LogFilter, Store,
    StoredBreaker,
};
use super::{outbox_sql, webhook_sql};
use crate::bridge::dlq::{DlqEntry, DlqListed};
use crate::bridge::rules::Rule;
use crate::error::{Error, Result};
use crate::outbox::{Delivery, NewDelivery, Settlement, Waiting};
use crate::private_files;
use crate::resilience::breaker::{Breaker, State};
use crate::service::{AuthType, Service, ServiceType};
use crate::transport::Method;

/// How long a writer waits for another process's lock before failing.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

const SERVICE_COLUMNS: &str =
    "id, name, type, base_url, auth_type, auth_token, timeout, max_retries, \
     retry_backoff, cb_failure_threshold, cb_cooldown, enabled, timecreated, timemodified, rate_limit, \
     signing_secret, alias, response_queue";

/// How often the store's own version is read, for configuration changes
/// that did not come through a MIH process (and so did not bump the signal).
const RECHECK: Duration = Duration::from_secs(1);

pub struct SqliteStore {
    conn: Connection,
    /// Bumped by every configuration write of every process on this file.
    signal: ChangeSignal,
    /// `PRAGMA data_version` when `meta.config_version` was last read; it
    /// moves only when another connection commits.
    seen_data_version: i64,
    /// The last `meta.config_version` read; `None` after our own writes.
    config_version: Option<i64>,
    checked_at: Instant,
}

impl SqliteStore {
    /// Opens (creating if needed) the store at `path`: parent directories
    /// are created, a new file gets mode 0600, the schema is migrated. The
    /// file and its sidecars must be this user's own: a link or a file
    /// another user planted is refused, never opened.
    pub fn open(path: &Path) -> Result<Self> {
        let shown = path.display();
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            super::store_dir(parent)?;
        }
        let sidecar = |suffix: &str| {
            let mut name = path.as_os_str().to_owned();
            name.push(suffix);
            PathBuf::from(name)
        };
        let signal_path = sidecar("-changes");
        for file in [
            path.to_path_buf(),
            sidecar("-wal"),
            sidecar("-shm"),
            sidecar("-journal"),
            signal_path.clone(),
        ] {
            private_files::check_own_file(&file)
                .map_err(|e| Error::store(private_files::explain(&file, &e)))?;
        }
        // A new file is created here with O_EXCL (closing this descriptor
        // is safe: no connection of ours can hold locks on a file that did
        // not exist). Never open()+close() an existing one: closing any
        // descriptor of it drops every fcntl lock this process holds on
        // it, and another process would then delete the WAL under this
        // one's open connections.
        private_files::create_missing(path)
            .map_err(|e| Error::store(format!("cannot create '{shown}': {e}")))?;
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_NOFOLLOW
                | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| Error::store(format!("cannot open '{shown}': {e}")))?;
        // Owner only (it holds tokens), by path for the reason above.
        // SQLite gives the -wal and -shm files the database file's mode.
        let mode = std::fs::metadata(path).map(|m| m.mode() & 0o077);
        if !matches!(mode, Ok(0)) {
            private_files::owner_only(path)
                .map_err(|e| Error::store(format!("cannot open '{shown}': {e}")))?;
        }
        let signal = ChangeSignal::open(&signal_path)?;
        Self::prepare(conn, signal).map_err(|e| Error::store(format!("'{shown}': {}", e.message())))
    }

    /// An in-memory store, for tests.
    pub fn in_memory() -> Result<Self> {
        Self::prepare(Connection::open_in_memory()?, ChangeSignal::Local(0.into()))
    }

    fn prepare(conn: Connection, signal: ChangeSignal) -> Result<Self> {
        conn.busy_timeout(BUSY_TIMEOUT)?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "foreign_keys", true)?;
        let mut store = Self {
            conn,
            signal,
            seen_data_version: -1,
            config_version: None,
            checked_at: Instant::now(),
        };
        store.migrate()?;
        Ok(store)
    }

    fn migrate(&mut self) -> Result<()> {
        let latest = MIGRATIONS.len() as i64;
        let current: i64 = self
            .conn
            .pragma_query_value(None, "user_version", |r| r.get(0))?;
        if current >= latest {
            return Ok(());
        }
        // IMMEDIATE: two processes starting together must not both migrate.
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let current: i64 = tx.pragma_query_value(None, "user_version", |r| r.get(0))?;
        for (index, sql) in MIGRATIONS.iter().enumerate().skip(current.max(0) as usize) {
            tx.execute_batch(sql)?;
            tx.pragma_update(None, "user_version", index as i64 + 1)?;
        }
        tx.commit()?;
        Ok(())
    }

    /// After a committed configuration write: read the version afresh and
    /// tell the other processes.
    fn changed(&mut self) {
        self.config_version = None;
        self.signal.bump();
    }

    /// `meta.config_version`, read only when another connection committed
    /// since the last read.
    fn stored_config_version(&mut self) -> Result<i64> {
        let data_version: i64 = self
            .conn
            .prepare_cached("PRAGMA data_version")?
            .query_row([], |r| r.get(0))?;
        if let (Some(version), true) = (self.config_version, data_version == self.seen_data_version)
        {
            return Ok(version);
        }
        let version: i64 = self
            .conn
            .prepare_cached("SELECT value FROM meta WHERE key = 'config_version'")?
            .query_row([], |r| r.get(0))?;
        self.seen_data_version = data_version;
        self.config_version = Some(version);
        Ok(version)
    }

    /// Runs a filtered query (its SQL and values, as the filters give them).
    fn filtered<T>(
        &self,
        (sql, values): (String, Vec<FilterValue>),
        from: impl FnMut(&Row<'_>) -> rusqlite::Result<T>,
    ) -> Result<Vec<T>> {
        let mut statement = self.conn.prepare_cached(&sql)?;
        let values = values.into_iter().map(SqlValue::from);
        let rows = statement.query_map(params_from_iter(values), from)?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }
}

fn service_from_row(row: &Row<'_>) -> rusqlite::Result<Service> {
    let kind: String = row.get(2)?;
    let auth: String = row.get(4)?;
    Ok(Service {
        id: row.get(0)?,
        name: row.get(1)?,
        kind: ServiceType::parse(&kind).unwrap_or(ServiceType::Rest),
        base_url: row.get(3)?,
        auth_type: AuthType::parse(&auth).unwrap_or(AuthType::None),
        auth_token: row.get(5)?,
        timeout: row.get(6)?,
        max_retries: row.get(7)?,
        retry_backoff: row.get(8)?,
        cb_failure_threshold: row.get(9)?,
        cb_cooldown: row.get(10)?,
        enabled: row.get(11)?,
        timecreated: row.get(12)?,
        timemodified: row.get(13)?,
        rate_limit: row.get(14)?,
        signing_secret: row.get(15)?,
        alias: row.get(16)?,
        response_queue: row.get(17)?,
    })
}

const RULE_COLUMNS: &str =
    "id, eventname, serviceid, endpoint, http_method, payload_template, enabled, \
     timecreated, timemodified, event_filter";

fn rule_from_row(row: &Row<'_>) -> rusqlite::Result<Rule> {
    let method: String = row.get(4)?;
    Ok(Rule {
        id: row.get(0)?,
        eventname: row.get(1)?,
        serviceid: row.get(2)?,
        endpoint: row.get(3)?,
        http_method: Method::parse(&method).unwrap_or(Method::Post),
        payload_template: row.get(5)?,
        enabled: row.get(6)?,
        timecreated: row.get(7)?,
        timemodified: row.get(8)?,
        filter: row.get(9)?,
    })
}

const DLQ_COLUMNS: &str =
    "id, eventname, ruleid, serviceid, endpoint, http_method, payload, error, attempts, timecreated, timemodified, \
     delivery_id";

fn dlq_from_row(row: &Row<'_>) -> rusqlite::Result<DlqEntry> {
    let method: String = row.get(5)?;
    Ok(DlqEntry {
        id: row.get(0)?,
        eventname: row.get(1)?,
        ruleid: row.get(2)?,
        serviceid: row.get(3)?,
        endpoint: row.get(4)?,
        http_method: Method::parse(&method).unwrap_or(Method::Post),
        payload: row.get(6)?,
        error: row.get(7)?,
        attempts: row.get(8)?,
        timecreated: row.get(9)?,
        timemodified: row.get(10)?,
        delivery_id: row.get(11)?,
    })
}

/// Inserts a DLQ entry on `conn` (the store's connection or a transaction).
fn insert_dlq(conn: &Connection, e: &DlqEntry) -> Result<i64> {
    conn.prepare_cached(
        "INSERT INTO dlq (eventname, ruleid, serviceid, endpoint, http_method, payload, error, attempts, \
         delivery_id, timecreated, timemodified) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10)",
    )?
    .execute(params![
        e.eventname, e.ruleid, e.serviceid, e.endpoint, e.http_method.as_str(), e.payload,
        stored_error(&e.error), e.attempts, e.delivery_id, e.created_or(now_seconds())
    ])?;
    Ok(conn.last_insert_rowid())
}

fn delivery_from_row(row: &Row<'_>) -> rusqlite::Result<Delivery> {
    Ok(Delivery {
        id: row.get(0)?,
        fields: NewDelivery {
            delivery_id: row.get(1)?,
            ruleid: row.get(2)?,
            eventname: row.get(3)?,
            eventdata: row.get(4)?,
            attempts: row.get(5)?,
            error: row.get(6)?,
            next_at: row.get(7)?,
        },
    })
}

const BREAKER_COLUMNS: &str = "state, failures, opened_at, probe_until, version";

/// A breaker from BREAKER_COLUMNS starting at column `first`.
fn stored_breaker(row: &Row<'_>, first: usize) -> rusqlite::Result<StoredBreaker> {
    let state: String = row.get(first)?;
    Ok(StoredBreaker {
        breaker: Breaker {
            state: State::parse(&state),
            failures: row.get(first + 1)?,
            opened_at: row.get(first + 2)?,
            probe_until: row.get(first + 3)?,
        },
        version: row.get(first + 4)?,
    })
}

fn sql_to_json(value: SqlValue) -> Value {
    match value {
        SqlValue::Null => Value::Null,
        SqlValue::Integer(i) => i.into(),
        SqlValue::Real(f) => serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number),
        SqlValue::Text(s) => s.into(),
        SqlValue::Blob(b) => String::from_utf8_lossy(&b).into_owned().into(),
    }
}

/// The row as a JSON object keyed by column name.
fn row_to_map(row: &Row<'_>) -> rusqlite::Result<Map<String, Value>> {
    let statement = row.as_ref();
    let mut map = Map::new();
    for index in 0..statement.column_count() {
        let name = statement.column_name(index)?.to_string();
        map.insert(name, sql_to_json(row.get::<_, SqlValue>(index)?));
    }
    Ok(map)
}

fn now_seconds() -> i64 {
    crate::clock::unix_now() as i64
}

impl From<FilterValue> for SqlValue {
    fn from(value: FilterValue) -> Self {
        match value {
            FilterValue::Int(i) => SqlValue::Integer(i),
            FilterValue::Real(f) => SqlValue::Real(f),
            FilterValue::Text(t) => SqlValue::Text(t),
        }
    }
}

impl Store for SqliteStore {
    fn config_version(&mut self) -> Result<i64> {
        // Both parts only grow, so their sum changes when either does.
        let stored = match self.config_version {
            Some(version) if self.checked_at.elapsed() < RECHECK => version,
            _ => {
                self.checked_at = Instant::now();
                self.stored_config_version()?
            }
        };
        Ok(stored.wrapping_add(self.signal.read() as i64))
    }

    fn save_service(&mut self, s: &Service) -> Result<i64> {
        let now = now_seconds();
        let taken: Option<i64> = self
            .conn
            .prepare_cached("SELECT id FROM services WHERE name = ?1")?
            .query_row([&s.name], |r| r.get(0))
            .optional()?;
        if taken.is_some_and(|id| id != s.id) {
            let mut fields = std::collections::BTreeMap::new();
            fields.insert(
                "name".to_string(),
                format!("a service named '{}' already exists", s.name),
            );
            return Err(Error::invalid_fields(fields));
        }
        if s.id == 0 {
            self.conn.execute(
                "INSERT INTO services (name, type, base_url, auth_type, auth_token, timeout, max_retries, \
                 retry_backoff, cb_failure_threshold, cb_cooldown, enabled, timecreated, timemodified, rate_limit, \
                 signing_secret, alias, response_queue) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?12, ?13, ?14, ?15, ?16)",
                params![
                    s.name, s.kind.as_str(), s.base_url, s.auth_type.as_str(), s.auth_token, s.timeout,
                    s.max_retries, s.retry_backoff, s.cb_failure_threshold, s.cb_cooldown, s.enabled, now,
                    s.rate_limit, s.signing_secret, s.alias, s.response_queue
                ],
            )?;
            self.changed();
            return Ok(self.conn.last_insert_rowid());
        }
        let changed = self.conn.execute(
            "UPDATE services SET name = ?2, type = ?3, base_url = ?4, auth_type = ?5, auth_token = ?6, \
             timeout = ?7, max_retries = ?8, retry_backoff = ?9, cb_failure_threshold = ?10, \
             cb_cooldown = ?11, enabled = ?12, timemodified = ?13, rate_limit = ?14, signing_secret = ?15, \
             alias = ?16, response_queue = ?17 WHERE id = ?1",
            params![
                s.id, s.name, s.kind.as_str(), s.base_url, s.auth_type.as_str(), s.auth_token, s.timeout,
                s.max_retries, s.retry_backoff, s.cb_failure_threshold, s.cb_cooldown, s.enabled, now,
                s.rate_limit, s.signing_secret, s.alias, s.response_queue
            ],
        )?;
        self.changed();
        if changed == 0 {
            return Err(Error::new(
                crate::error::Kind::ServiceNotFound,
                format!("no service with id {}", s.id),
            ));
        }
        Ok(s.id)
    }

    fn service_by_id(&mut self, id: i64) -> Result<Option<Service>> {
        let sql = format!("SELECT {SERVICE_COLUMNS} FROM services WHERE id = ?1");
        Ok(self
            .conn
            .prepare_cached(&sql)?
            .query_row([id], service_from_row)
            .optional()?)
    }

    fn service_by_name(&mut self, name: &str) -> Result<Option<Service>> {
        let sql = format!("SELECT {SERVICE_COLUMNS} FROM services WHERE name = ?1");
        Ok(self
            .conn
            .prepare_cached(&sql)?
            .query_row([name], service_from_row)
            .optional()?)
    }

    fn services(&mut self) -> Result<Vec<Service>> {
        let sql = format!("SELECT {SERVICE_COLUMNS} FROM services ORDER BY name");
        let mut statement = self.conn.prepare_cached(&sql)?;
        let rows = statement.query_map([], service_from_row)?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    fn delete_service(&mut self, id: i64) -> Result<()> {
        let tx = self.conn.transaction()?;
        tx.execute("DELETE FROM request_log WHERE serviceid = ?1", [id])?;
        // Rules and the breaker row go by ON DELETE CASCADE.
        tx.execute("DELETE FROM services WHERE id = ?1", [id])?;
        tx.commit()?;
        self.changed();
        Ok(())
    }

    fn log_figures(&mut self, since: f64) -> Result<HashMap<i64, LogFigures>> {
        let mut statement = self.conn.prepare_cached(
            "SELECT serviceid, SUM(CASE WHEN timecreated >= ?1 THEN 1 ELSE 0 END), \
                    AVG(CASE WHEN timecreated >= ?1 THEN latencyms END), \
                    SUM(CASE WHEN timecreated >= ?1 AND success = 0 THEN 1 ELSE 0 END), MAX(timecreated) \
             FROM request_log GROUP BY serviceid",
        )?;
        let figures = statement
            .query_map([since], |r| {
                Ok((
                    r.get(0)?,
                    LogFigures {
                        calls: r.get(1)?,
                        avg_latency: r.get(2)?,
                        errors: r.get(3)?,
                        last_used: r.get(4)?,
                    },
                ))
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(figures)
    }

    fn log_outcomes(&mut self) -> Result<(i64, i64)> {
        let outcomes = self
            .conn
            .prepare_cached("SELECT COALESCE(SUM(success), 0), COUNT(*) - COALESCE(SUM(success), 0) FROM request_log")?
            .query_row([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(outcomes)
    }

    fn breakers(&mut self) -> Result<HashMap<i64, StoredBreaker>> {
        let mut statement = self.conn.prepare_cached(&format!(
            "SELECT serviceid, {BREAKER_COLUMNS} FROM breakers"
        ))?;
        let rows = statement
            .query_map([], |r| Ok((r.get(0)?, stored_breaker(r, 1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }

    fn breaker(&mut self, serviceid: i64) -> Result<StoredBreaker> {
        let found = self
            .conn
            .prepare_cached(&format!(
                "SELECT {BREAKER_COLUMNS} FROM breakers WHERE serviceid = ?1"
            ))?
            .query_row([serviceid], |r| stored_breaker(r, 0))
            .optional()?;
        Ok(found.unwrap_or_default())
    }

    fn swap_breaker(
        &mut self,
        serviceid: i64,
        expected_version: i64,
        next: &Breaker,
    ) -> Result<bool> {
        let changed = if expected_version == 0 {
            // First move of this breaker: only one inserter wins.
            self.conn
                .prepare_cached(
                    "INSERT INTO breakers (serviceid, state, failures, opened_at, probe_until, version, timemodified) \
                     SELECT ?1, ?2, ?3, ?4, ?5, 1, ?6 WHERE EXISTS (SELECT 1 FROM services WHERE id = ?1) \
                     ON CONFLICT (serviceid) DO NOTHING",
                )?
                .execute(params![
                    serviceid, next.state.as_str(), next.failures, next.opened_at, next.probe_until, now_seconds()
                ])?
        } else {
            self.conn
                .prepare_cached(
                    "UPDATE breakers SET state = ?3, failures = ?4, opened_at = ?5, probe_until = ?6, \
                     version = version + 1, timemodified = ?7 WHERE serviceid = ?1 AND version = ?2",
                )?
                .execute(params![
                    serviceid, expected_version, next.state.as_str(), next.failures, next.opened_at,
                    next.probe_until, now_seconds()
                ])?
        };
        if changed == 1 {
            self.changed();
        }
        Ok(changed == 1)
    }

    fn reset_breakers(&mut self, serviceid: Option<i64>) -> Result<()> {
        let changed = self.conn.execute(
            "UPDATE breakers SET state = 'closed', failures = 0, opened_at = 0, probe_until = 0, \
             version = version + 1, timemodified = ?2 WHERE (?1 IS NULL OR serviceid = ?1) \
             AND (state <> 'closed' OR failures <> 0)",
            params![serviceid, now_seconds()],
        )?;
        if changed > 0 {
            self.changed();
        }
        Ok(())
    }

    fn save_rule(&mut self, r: &Rule) -> Result<i64> {
        let now = now_seconds();
        let id = if r.id == 0 {
            self.conn.execute(
                "INSERT INTO rules (eventname, serviceid, endpoint, http_method, payload_template, enabled, \
                 timecreated, timemodified, event_filter) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7, ?8)",
                params![r.eventname, r.serviceid, r.endpoint, r.http_method.as_str(), r.payload_template, r.enabled, now, r.filter],
            )?;
            self.conn.last_insert_rowid()
        } else {
            let changed = self.conn.execute(
                "UPDATE rules SET eventname = ?2, serviceid = ?3, endpoint = ?4, http_method = ?5, \
                 payload_template = ?6, enabled = ?7, timemodified = ?8, event_filter = ?9 WHERE id = ?1",
                params![r.id, r.eventname, r.serviceid, r.endpoint, r.http_method.as_str(), r.payload_template, r.enabled, now, r.filter],
            )?;
            if changed == 0 {
                return Err(Error::new(
                    crate::error::Kind::RuleNotFound,
                    format!("no rule with id {}", r.id),
                ));
            }
            r.id
        };
        self.changed();
        Ok(id)
    }

    fn rule(&mut self, id: i64) -> Result<Option<Rule>> {
        let sql = format!("SELECT {RULE_COLUMNS} FROM rules WHERE id = ?1");
        Ok(self
            .conn
            .prepare_cached(&sql)?
            .query_row([id], rule_from_row)
            .optional()?)
    }

    fn rules(&mut self) -> Result<Vec<Rule>> {
        let sql = format!("SELECT {RULE_COLUMNS} FROM rules ORDER BY eventname, id");
        let mut statement = self.conn.prepare_cached(&sql)?;
        let rows = statement.query_map([], rule_from_row)?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    fn delete_rule(&mut self, id: i64) -> Result<()> {
        if self.conn.execute("DELETE FROM rules WHERE id = ?1", [id])? > 0 {
            self.changed();
        }
        Ok(())
    }

    fn push_dlq(&mut self, e: &DlqEntry) -> Result<i64> {
        insert_dlq(&self.conn, e)
    }

    fn dlq(&mut self, filter: &DlqFilter, limit: u32, offset: u32) -> Result<Vec<DlqListed>> {
        self.filtered(filter.listing("dlq", limit, offset), |row| {
            Ok(DlqListed::new(dlq_from_row(row)?, row.get(12)?))
        })
    }

    fn dlq_matching(&mut self, filter: &DlqFilter, after: i64, limit: u32) -> Result<Vec<i64>> {
        self.filtered(filter.ids("dlq", after, limit), |row| row.get(0))
    }

    fn dlq_count(&mut self, filter: &DlqFilter, after: i64) -> Result<i64> {
        let counted = self.filtered(filter.count("dlq", after), |row| row.get(0))?;
        Ok(counted.first().copied().unwrap_or(0))
    }

    fn dlq_entry(&mut self, id: i64) -> Result<Option<DlqEntry>> {
        let sql = format!("SELECT {DLQ_COLUMNS} FROM dlq WHERE id = ?1");
        Ok(self
            .conn
            .prepare_cached(&sql)?
            .query_row([id], dlq_from_row)
            .optional()?)
    }

    fn delete_dlq(&mut self, id: i64) -> Result<()> {
        self.conn.execute("DELETE FROM dlq WHERE id = ?1", [id])?;
        Ok(())
    }

    fn dlq_failed_again(&mut self, id: i64, error: &str) -> Result<()> {
        self.conn.execute(
            "UPDATE dlq SET error = ?2, attempts = attempts + 1, timemodified = ?3 WHERE id = ?1",
            params![id, stored_error(error), now_seconds()],
        )?;
        Ok(())
    }

    fn outbox_append(&mut self, items: &[NewDelivery]) -> Result<()> {
        let tx = self.conn.transaction()?;
        {
            let mut insert = tx.prepare_cached(&outbox_sql::append("outbox"))?;
            let now = now_seconds();
            for d in items {
                insert.execute(params![
                    d.delivery_id,
                    d.ruleid,
                    d.eventname,
                    d.eventdata,
                    d.attempts,
                    stored_error(&d.error),
                    d.next_at,
                    now
                ])?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    fn outbox_waiting(&mut self) -> Result<Vec<Waiting>> {
        let mut statement = self.conn.prepare_cached(&outbox_sql::waiting("outbox"))?;
        let rows = statement.query_map([], |row| {
            Ok(Waiting {
                ruleid: row.get(0)?,
                eventname: row.get(1)?,
                count: row.get(2)?,
                oldest: row.get(3)?,
                attempts: row.get(4)?,
                error: row.get(5)?,
                next_at: row.get(6)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    fn outbox_rule(&mut self, ruleid: i64, after: i64, limit: u32) -> Result<Vec<Delivery>> {
        let mut statement = self
            .conn
            .prepare_cached(&outbox_sql::rule_deliveries("outbox"))?;
        let rows = statement.query_map(params![ruleid, after, limit], delivery_from_row)?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    fn outbox_settle(&mut self, settlement: &Settlement) -> Result<()> {
        let tx = self.conn.transaction()?;
        let gone = settlement
            .delivered
            .iter()
            .chain(settlement.dead.iter().map(|(id, _)| id));
        for id in gone {
            tx.prepare_cached(&outbox_sql::delete("outbox", 1))?
                .execute([id])?;
        }
        for (_, entry) in &settlement.dead {
            insert_dlq(&tx, entry)?;
        }
        for r in &settlement.retries {
            tx.prepare_cached(&outbox_sql::retry("outbox"))?
                .execute(params![r.attempts, stored_error(&r.error), r.next_at, r.id])?;
        }
        tx.commit()?;
        Ok(())
    }

    fn take_lease(&mut self, name: &str, holder: &str, now: f64, until: f64) -> Result<bool> {
        let taken = self
            .conn
            .prepare_cached(&outbox_sql::take_lease("leases"))?
            .execute(params![holder, until, name, now, holder])?;
        Ok(taken == 1)
    }

    fn release_lease(&mut self, name: &str, holder: &str) -> Result<()> {
        self.conn
            .prepare_cached(&outbox_sql::release_lease("leases"))?
            .execute(params![name, holder])?;
        Ok(())
    }

    fn remember_webhook(
        &mut self,
        serviceid: i64,
        id: &str,
        now: f64,
        forget_before: f64,
    ) -> Result<bool> {
        let tx = self.conn.transaction()?;
        tx.prepare_cached(&webhook_sql::forget("webhook_ids"))?
            .execute([forget_before])?;
        let new = tx
            .prepare_cached(&webhook_sql::remember(
                "webhook_ids",
                "INSERT OR IGNORE INTO",
                "",
            ))?
            .execute(params![serviceid, id, now])?
            == 1;
        tx.commit()?;
        Ok(new)
    }

    fn append_log(&mut self, rows: &[LogEntry], keep: u64) -> Result<()> {
        let tx = self.conn.transaction()?;
        {
            let mut insert = tx.prepare_cached(
                "INSERT INTO request_log (timecreated, serviceid, endpoint, http_method, httpstatus, latencyms, \
                 attempts, success, error, ruleid, eventname, direction) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
            )?;
            for r in rows {
                insert.execute(params![
                    r.time,
                    r.serviceid,
                    r.endpoint,
                    r.method,
                    r.httpstatus,
                    r.latencyms,
                    r.attempts,
                    r.success,
                    r.error.as_deref().map(stored_error),
                    r.ruleid,
                    r.eventname,
                    r.direction.as_str()
                ])?;
            }
            if keep > 0 {
                // Ids only grow, so the newest `keep` rows are those above
                // max(id) - keep: two index look-ups, never a COUNT(*).
                tx.prepare_cached(
                    "DELETE FROM request_log WHERE id <= (SELECT MAX(id) FROM request_log) - ?1",
                )?
                .execute([keep as i64])?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    fn query_log(
        &mut self,
        filter: &LogFilter,
        limit: u32,
        offset: u32,
    ) -> Result<Vec<Map<String, Value>>> {
        self.filtered(
            filter.select("request_log", "services", limit, offset),
            |row| Ok(log_row(row_to_map(row)?)),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::StoreLocation;
    use serde_json::json;
    use std::os::unix::fs::PermissionsExt;

    fn service(name: &str) -> Service {
        Service::default()
            .apply(
                json!({"name": name, "base_url": "http://127.0.0.1:9/"})
                    .as_object()
                    .unwrap(),
            )
            .unwrap()
    }

    fn entry(serviceid: i64, success: bool) -> LogEntry {
        LogEntry {
            time: crate::clock::unix_now(),
            serviceid,
            endpoint: "/x".into(),
            method: "POST".into(),
            httpstatus: Some(if success { 200 } else { 500 }),
            latencyms: 1.5,
            attempts: 1,
            success,
            error: (!success).then(|| "HTTP 500".to_string()),
            ruleid: None,
            eventname: None,
            direction: Default::default(),
        }
    }

    #[test]
    fn file_is_created_with_its_directory_and_mode_0600() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a/b/hub.sqlite");
        let mut store = SqliteStore::open(&path).unwrap();
        store.save_service(&service("one")).unwrap();
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
        // Reopening finds the data and does not migrate twice.
        let mut again = SqliteStore::open(&path).unwrap();
        assert_eq!(again.services().unwrap().len(), 1);
    }

    /// Another process closing its connection deletes the WAL when it
    /// believes itself alone; it must not while this process has the store
    /// open, even after this process opened a second connection (a
    /// close() of any descriptor of the file drops all of a process's
    /// fcntl locks on it — once the cause of lost writes here).
    #[test]
    fn another_process_never_deletes_the_wal_under_open_connections() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("hub.sqlite");
        let mut first = SqliteStore::open(&path).unwrap();
        first.save_service(&service("one")).unwrap();
        let mut second = SqliteStore::open(&path).unwrap();
        assert_eq!(second.services().unwrap().len(), 1);
        let outsider = std::process::Command::new("python3")
            .arg("-c")
            .arg("import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); c.execute('select count(*) from services').fetchall(); c.close()")
            .arg(&path)
            .status()
            .expect("python3 runs");
        assert!(outsider.success());
        let mut wal = path.clone().into_os_string();
        wal.push("-wal");
        assert!(
            Path::new(&wal).exists(),
            "the WAL was deleted under open connections"
        );
        first.save_service(&service("two")).unwrap();
        let mut third = SqliteStore::open(&path).unwrap();
        assert_eq!(third.services().unwrap().len(), 2);
    }

    #[test]
    fn an_unusable_path_is_a_clear_error() {
        let dir = tempfile::tempdir().unwrap();
        let blocker = dir.path().join("file");
        std::fs::write(&blocker, b"x").unwrap();
        let err = StoreLocation::Sqlite(blocker.join("sub/hub.sqlite"))
            .open()
            .err()
            .unwrap();
        assert!(err.message().contains("cannot create directory"), "{err}");
        let err = StoreLocation::Sqlite(dir.path().to_path_buf())
            .open()
            .err()
            .unwrap();
        assert!(err.message().contains("is a directory"), "{err}");
    }

    /// A store of schema 1 (before the outbox) gains the outbox, the lease
    /// and the queue's idempotency keys, its rows kept.
    #[test]
    fn a_store_of_schema_1_is_migrated_keeping_its_rows() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("hub.sqlite");
        let mut store = SqliteStore::open(&path).unwrap();
        let id = store.save_service(&service("kept")).unwrap();
        store
            .conn
            .execute_batch(
                "DROP TABLE outbox; DROP TABLE leases; ALTER TABLE dlq DROP COLUMN delivery_id; \
                 ALTER TABLE rules DROP COLUMN event_filter; ALTER TABLE services DROP COLUMN rate_limit; \
                 ALTER TABLE services DROP COLUMN signing_secret; ALTER TABLE request_log DROP COLUMN direction; \
                 ALTER TABLE services DROP COLUMN alias; ALTER TABLE services DROP COLUMN response_queue; \
                 DROP TABLE webhook_ids; \
                 PRAGMA user_version = 1;",
            )
            .unwrap();
        drop(store);
        let mut store = SqliteStore::open(&path).unwrap();
        assert_eq!(store.service_by_id(id).unwrap().unwrap().name, "kept");
        let entry = DlqEntry::from_fields(
            json!({"payload": {"a": 1}, "delivery_id": "k-1"})
                .as_object()
                .unwrap(),
        )
        .unwrap();
        let pushed = store.push_dlq(&entry).unwrap();
        assert_eq!(store.dlq_entry(pushed).unwrap().unwrap().delivery_id, "k-1");
        assert!(store
            .take_lease(crate::outbox::DRAIN_LEASE, "a", 1.0, 2.0)
            .unwrap());
        assert!(store.outbox_waiting().unwrap().is_empty());
    }

    #[test]
    fn delete_cascades_to_log_and_dashboard() {
        let mut store = SqliteStore::in_memory().unwrap();
        let keep = store.save_service(&service("keep")).unwrap();
        let gone = store.save_service(&service("gone")).unwrap();
        store
            .append_log(
                &[entry(keep, true), entry(gone, false), entry(gone, true)],
                0,
            )
            .unwrap();
        let dash = crate::dashboard::rows(&mut store, crate::clock::unix_now()).unwrap();
        let gone_row = dash.iter().find(|r| r["name"] == json!("gone")).unwrap();
        assert_eq!(gone_row["errors_24h"], json!(1));
        assert_eq!(gone_row["state"], json!("closed"));
        assert_eq!(gone_row["avg_latency_24h"], json!(1.5));
        store.delete_service(gone).unwrap();
        let rows = store.query_log(&LogFilter::default(), 100, 0).unwrap();
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0]["serviceid"], json!(keep));
        assert_eq!(
            crate::dashboard::rows(&mut store, crate::clock::unix_now())
                .unwrap()
                .len(),
            1
        );
    }
}
