//! The store on a database server — PostgreSQL or MariaDB/MySQL — shared by
//! every web node of a cluster. One implementation of [`Store`] over a small
//! [`Connection`] trait; the SQL differs only where the dialects do (column
//! types, "insert unless there", how an insert tells its id).
//!
//! Tables are named `<prefix>mih_<name>`, so they can live in the site's own
//! database beside Moodle's. Configuration changes reach the other processes
//! of the same node at once through the mapped counter the SQLite store uses
//! (`super::signal`), and the other nodes through `config_version`, a counter
//! in the database bumped by every configuration write and read at most once
//! a second — or at once after this process lost a breaker swap, so a node
//! learns of a circuit opened elsewhere by the next call that fails. Breaker
//! moves themselves stay exact across nodes whatever the caches hold: they
//! are compare-and-swap updates on a version column.

use std::collections::{BTreeMap, HashMap};
use std::time::{Duration, Instant};

use serde_json::{Map, Value};

use super::signal::ChangeSignal;
use super::{
    log_row, stored_error, DlqFilter, FilterValue, LogEntry, LogFigures, LogFilter, Store,
    StoredBreaker,
};
use super::{outbox_sql, webhook_sql};
use crate::bridge::dlq::{DlqEntry, DlqListed};
use crate::bridge::rules::Rule;
use crate::error::{Error, Kind, Result};
use crate::outbox::{Delivery, NewDelivery, Settlement, Waiting};
use crate::resilience::breaker::{Breaker, State};
use crate::service::{AuthType, Service, ServiceType};
use crate::transport::Method;

/// How stale this process's view of the configuration may get when other
/// nodes change it.
const RECHECK: Duration = Duration::from_secs(1);

/// The schema version this code writes.
const SCHEMA_VERSION: i64 = 6;

/// Log rows per INSERT at most (PostgreSQL takes at most 65 535
/// parameters per statement).
const LOG_BATCH_ROWS: usize = 1000;

/// Text per INSERT of log rows at most, in bytes: far below MariaDB's
/// default `max_allowed_packet` (16 MiB) whatever the rows' endpoints and
/// errors hold.
const LOG_BATCH_BYTES: usize = 1 << 20;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    Postgres,
    MySql,
}

/// A value going to or coming from the database.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Null,
    Int(i64),
    Real(f64),
    Text(String),
}

impl From<i64> for Cell {
    fn from(value: i64) -> Self {
        Cell::Int(value)
    }
}
impl From<u32> for Cell {
    fn from(value: u32) -> Self {
        Cell::Int(value.into())
    }
}
impl From<bool> for Cell {
    fn from(value: bool) -> Self {
        Cell::Int(value.into())
    }
}
impl From<f64> for Cell {
    fn from(value: f64) -> Self {
        Cell::Real(value)
    }
}
impl From<&str> for Cell {
    fn from(value: &str) -> Self {
        Cell::Text(value.to_string())
    }
}
impl From<&String> for Cell {
    fn from(value: &String) -> Self {
        Cell::Text(value.clone())
    }
}
impl From<FilterValue> for Cell {
    fn from(value: FilterValue) -> Self {
        match value {
            FilterValue::Int(i) => Cell::Int(i),
            FilterValue::Real(f) => Cell::Real(f),
            FilterValue::Text(t) => Cell::Text(t),
        }
    }
}
impl<T: Into<Cell>> From<Option<T>> for Cell {
    fn from(value: Option<T>) -> Self {
        value.map_or(Cell::Null, Into::into)
    }
}

impl Cell {
    /// The value as an integer; None for NULL or text that is not one.
    pub fn integer(&self) -> Option<i64> {
        match self {
            Cell::Int(i) => Some(*i),
            Cell::Real(f) => Some(*f as i64),
            Cell::Text(t) => t.trim().parse().ok(),
            Cell::Null => None,
        }
    }

    /// The value as a float; None for NULL or text that is not one.
    pub fn real(&self) -> Option<f64> {
        match self {
            Cell::Int(i) => Some(*i as f64),
            Cell::Real(f) => Some(*f),
            Cell::Text(t) => t.trim().parse().ok(),
            Cell::Null => None,
        }
    }

    /// The value as text; None for NULL.
    pub fn string(&self) -> Option<String> {
        match self {
            Cell::Text(t) => Some(t.clone()),
            Cell::Int(i) => Some(i.to_string()),
            Cell::Real(f) => Some(f.to_string()),
            Cell::Null => None,
        }
    }

    /// Bytes the value takes in a statement, about.
    pub fn size(&self) -> usize {
        match self {
            Cell::Text(t) => t.len(),
            _ => 8,
        }
    }

    fn int(&self) -> i64 {
        self.integer().unwrap_or(0)
    }

    fn text(&self) -> String {
        self.string().unwrap_or_default()
    }

    fn json(&self) -> Value {
        match self {
            Cell::Null => Value::Null,
            Cell::Int(i) => (*i).into(),
            Cell::Real(f) => serde_json::Number::from_f64(*f).map_or(Value::Null, Value::Number),
            Cell::Text(t) => t.clone().into(),
        }
    }
}

/// Rows of a query, with their column names.
pub struct Rows {
    pub columns: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
}

/// One connection to a database server. SQL uses `?` placeholders.
pub trait Connection: Send {
    fn dialect(&self) -> Dialect;
    /// Runs one statement; returns how many rows it changed.
    fn execute(&mut self, sql: &str, params: &[Cell]) -> Result<u64>;
    fn query(&mut self, sql: &str, params: &[Cell]) -> Result<Rows>;
    /// Runs an INSERT into a table with an `id` column; returns the new id.
    fn insert(&mut self, sql: &str, params: &[Cell]) -> Result<i64>;
    /// Whether the last error lost the connection (cleared by asking); the
    /// next use opens a new one.
    fn take_lost(&mut self) -> bool;
}

/// The table names, prefixed.
struct Tables {
    meta: String,
    services: String,
    breakers: String,
    rules: String,
    log: String,
    dlq: String,
    outbox: String,
    leases: String,
    webhook_ids: String,
}

impl Tables {
    fn new(prefix: &str) -> Self {
        let name = |table: &str| format!("{prefix}mih_{table}");
        Tables {
            meta: name("meta"),
            services: name("services"),
            breakers: name("breakers"),
            rules: name("rules"),
            log: name("request_log"),
            dlq: name("dlq"),
            outbox: name("outbox"),
            leases: name("leases"),
            webhook_ids: name("webhook_ids"),
        }
    }
}

pub struct SqlStore<C: Connection> {
    conn: C,
    t: Tables,
    /// Changes made by this node's processes.
    signal: ChangeSignal,
    /// The database's `config_version` as last read, and when.
    config_version: Option<i64>,
    /// Inside BEGIN … COMMIT: a lost connection lost the transaction, so
    /// nothing is tried again on a new one.
    in_transaction: bool,
    checked_at: Instant,
}

const SERVICE_COLUMNS: &str =
    "id, name, type, base_url, auth_type, auth_token, timeout, max_retries, \
     retry_backoff, cb_failure_threshold, cb_cooldown, enabled, timecreated, timemodified, rate_limit, \
     signing_secret, alias, response_queue";
const RULE_COLUMNS: &str =
    "id, eventname, serviceid, endpoint, http_method, payload_template, enabled, \
     timecreated, timemodified, event_filter";
const DLQ_COLUMNS: &str =
    "id, eventname, ruleid, serviceid, endpoint, http_method, payload, error, attempts, timecreated, timemodified, \
     delivery_id";
const BREAKER_COLUMNS: &str = "state, failures, opened_at, probe_until, version";

fn service_from(row: &[Cell]) -> Service {
    Service {
        id: row[0].int(),
        name: row[1].text(),
        kind: ServiceType::parse(&row[2].text()).unwrap_or(ServiceType::Rest),
        base_url: row[3].text(),
        auth_type: AuthType::parse(&row[4].text()).unwrap_or(AuthType::None),
        auth_token: row[5].text(),
        timeout: row[6].int(),
        max_retries: row[7].int(),
        retry_backoff: row[8].int(),
        cb_failure_threshold: row[9].int(),
        cb_cooldown: row[10].int(),
        enabled: row[11].int() != 0,
        timecreated: row[12].int(),
        timemodified: row[13].int(),
        rate_limit: row[14].int(),
        signing_secret: row[15].text(),
        alias: row[16].text(),
        response_queue: row[17].text(),
    }
}

fn rule_from(row: &[Cell]) -> Rule {
    Rule {
        id: row[0].int(),
        eventname: row[1].text(),
        serviceid: row[2].int(),
        endpoint: row[3].text(),
        http_method: Method::parse(&row[4].text()).unwrap_or(Method::Post),
        payload_template: row[5].text(),
        enabled: row[6].int() != 0,
        timecreated: row[7].int(),
        timemodified: row[8].int(),
        filter: row[9].text(),
    }
}

fn dlq_from(row: &[Cell]) -> DlqEntry {
    DlqEntry {
        id: row[0].int(),
        eventname: row[1].text(),
        ruleid: row[2].integer(),
        serviceid: row[3].integer(),
        endpoint: row[4].text(),
        http_method: Method::parse(&row[5].text()).unwrap_or(Method::Post),
        payload: row[6].text(),
        error: row[7].text(),
        attempts: row[8].int(),
        timecreated: row[9].int(),
        timemodified: row[10].int(),
        delivery_id: row[11].text(),
    }
}

fn delivery_from(row: &[Cell]) -> Delivery {
    Delivery {
        id: row[0].int(),
        fields: NewDelivery {
            delivery_id: row[1].text(),
            ruleid: row[2].int(),
            eventname: row[3].text(),
            eventdata: row[4].text(),
            attempts: row[5].int(),
            error: row[6].text(),
            next_at: row[7].real().unwrap_or(0.0),
        },
    }
}

/// A breaker from BREAKER_COLUMNS starting at column `first`.
fn breaker_from(row: &[Cell], first: usize) -> StoredBreaker {
    StoredBreaker {
        breaker: Breaker {
            state: State::parse(&row[first].text()),
            failures: row[first + 1].int().clamp(0, u32::MAX.into()) as u32,
            opened_at: row[first + 2].real().unwrap_or(0.0),
            probe_until: row[first + 3].real().unwrap_or(0.0),
        },
        version: row[first + 4].int(),
    }
}

fn now_seconds() -> i64 {
    crate::clock::unix_now() as i64
}

impl<C: Connection> SqlStore<C> {
    /// Takes a connection, creating the tables when they are not there;
    /// `signal` is shared by this node's processes on the same store.
    pub fn new(conn: C, prefix: &str, signal: ChangeSignal) -> Result<Self> {
        let mut store = SqlStore {
            conn,
            t: Tables::new(prefix),
            signal,
            config_version: None,
            in_transaction: false,
            checked_at: Instant::now(),
        };
        store.migrate()?;
        Ok(store)
    }

    /// The schema's version as recorded in the store; None when there is
    /// no schema (yet).
    fn schema_version(&mut self) -> Option<i64> {
        let sql = format!(
            "SELECT number FROM {} WHERE name = 'schema_version'",
            self.t.meta
        );
        self.query(&sql, &[])
            .ok()
            .and_then(|rows| rows.rows.first().map(|row| row[0].int()))
    }

    /// Creates what is missing and upgrades an older schema, keeping its
    /// rows. Every statement may run again (several nodes may start at
    /// once; MySQL cannot roll DDL back).
    fn migrate(&mut self) -> Result<()> {
        // One query when the schema is current, as it is for every process
        // but the first: DDL only runs when it is not.
        let version = match self.schema_version() {
            Some(version) if version > SCHEMA_VERSION => {
                return Err(Error::store(format!(
                    "the store's schema is version {version}, newer than this extension knows ({SCHEMA_VERSION}): update the extension"
                )))
            }
            Some(SCHEMA_VERSION) => return Ok(()),
            Some(version) => version,
            None => {
                for statement in schema(self.conn.dialect(), &self.t) {
                    self.execute(&statement, &[])?;
                }
                // New tables are current; tables that were there already
                // keep the version they recorded.
                self.schema_version().unwrap_or(SCHEMA_VERSION)
            }
        };
        let meta = self.t.meta.clone();
        for (reached, statements) in (2..).zip(upgrades(self.conn.dialect(), &self.t)) {
            if reached <= version {
                continue;
            }
            for statement in statements {
                self.execute(&statement, &[])?;
            }
            self.execute(
                &format!(
                    "UPDATE {meta} SET number = ? WHERE name = 'schema_version' AND number < ?"
                ),
                &[reached.into(), reached.into()],
            )?;
        }
        Ok(())
    }

    fn transaction<R>(&mut self, work: impl FnOnce(&mut Self) -> Result<R>) -> Result<R> {
        self.execute("BEGIN", &[])?;
        self.in_transaction = true;
        let outcome = work(self).and_then(|value| self.conn.execute("COMMIT", &[]).map(|_| value));
        self.in_transaction = false;
        if outcome.is_err() {
            let _ = self.conn.execute("ROLLBACK", &[]);
        }
        outcome
    }

    /// Runs `op`, once more on a new connection when the server dropped
    /// the old one (restarted, or closed idle connections) — never inside a
    /// transaction, which the loss undid.
    fn again<T>(&mut self, op: impl Fn(&mut C) -> Result<T>) -> Result<T> {
        match op(&mut self.conn) {
            Err(_) if !self.in_transaction && self.conn.take_lost() => op(&mut self.conn),
            outcome => outcome,
        }
    }

    fn execute(&mut self, sql: &str, params: &[Cell]) -> Result<u64> {
        self.again(|conn| conn.execute(sql, params))
    }

    fn query(&mut self, sql: &str, params: &[Cell]) -> Result<Rows> {
        self.again(|conn| conn.query(sql, params))
    }

    fn insert(&mut self, sql: &str, params: &[Cell]) -> Result<i64> {
        self.again(|conn| conn.insert(sql, params))
    }

    /// After a configuration write: every node sees it within RECHECK, this
    /// process at once.
    fn changed(&mut self) -> Result<()> {
        self.execute(
            &format!(
                "UPDATE {} SET number = number + 1 WHERE name = 'config_version'",
                self.t.meta
            ),
            &[],
        )?;
        self.config_version = None;
        self.signal.bump();
        Ok(())
    }

    fn one<T>(
        &mut self,
        sql: &str,
        params: &[Cell],
        from: impl Fn(&[Cell]) -> T,
    ) -> Result<Option<T>> {
        Ok(self.query(sql, params)?.rows.first().map(|row| from(row)))
    }

    fn all<T>(
        &mut self,
        sql: &str,
        params: &[Cell],
        from: impl Fn(&[Cell]) -> T,
    ) -> Result<Vec<T>> {
        Ok(self
            .query(sql, params)?
            .rows
            .iter()
            .map(|row| from(row))
            .collect())
    }

    /// Runs a filtered query (its SQL and values, as the filters give them).
    fn filtered(&mut self, (sql, values): (String, Vec<FilterValue>)) -> Result<Rows> {
        let params: Vec<Cell> = values.into_iter().map(Cell::from).collect();
        self.query(&sql, &params)
    }
}

impl<C: Connection> Store for SqlStore<C> {
    fn config_version(&mut self) -> Result<i64> {
        let stored = match self
            .config_version
            .filter(|_| self.checked_at.elapsed() < RECHECK)
        {
            Some(version) => version,
            None => {
                let sql = format!(
                    "SELECT number FROM {} WHERE name = 'config_version'",
                    self.t.meta
                );
                let version = self.one(&sql, &[], |row| row[0].int())?.unwrap_or(0);
                self.config_version = Some(version);
                self.checked_at = Instant::now();
                version
            }
        };
        // Both parts only grow, so their sum changes when either does.
        Ok(stored.wrapping_add(self.signal.read() as i64))
    }

    fn save_service(&mut self, s: &Service) -> Result<i64> {
        let sql = format!("SELECT id FROM {} WHERE name = ?", self.t.services);
        let taken = self.one(&sql, &[(&s.name).into()], |row| row[0].int())?;
        if taken.is_some_and(|id| id != s.id) {
            let mut fields = BTreeMap::new();
            fields.insert(
                "name".to_string(),
                format!("a service named '{}' already exists", s.name),
            );
            return Err(Error::invalid_fields(fields));
        }
        let now = now_seconds();
        let values: Vec<Cell> = vec![
            (&s.name).into(),
            s.kind.as_str().into(),
            (&s.base_url).into(),
            s.auth_type.as_str().into(),
            (&s.auth_token).into(),
            s.timeout.into(),
            s.max_retries.into(),
            s.retry_backoff.into(),
            s.cb_failure_threshold.into(),
            s.cb_cooldown.into(),
            s.enabled.into(),
            s.rate_limit.into(),
            (&s.signing_secret).into(),
            (&s.alias).into(),
            (&s.response_queue).into(),
            now.into(),
        ];
        let id = if s.id == 0 {
            let mut params = values;
            params.push(now.into());
            self.insert(
                &format!(
                    "INSERT INTO {} (name, type, base_url, auth_type, auth_token, timeout, max_retries, retry_backoff, \
                     cb_failure_threshold, cb_cooldown, enabled, rate_limit, signing_secret, alias, response_queue, \
                     timemodified, timecreated) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    self.t.services
                ),
                &params,
            )?
        } else {
            let mut params = values;
            params.push(s.id.into());
            let changed = self.execute(
                &format!(
                    "UPDATE {} SET name = ?, type = ?, base_url = ?, auth_type = ?, auth_token = ?, timeout = ?, \
                     max_retries = ?, retry_backoff = ?, cb_failure_threshold = ?, cb_cooldown = ?, enabled = ?, \
                     rate_limit = ?, signing_secret = ?, alias = ?, response_queue = ?, timemodified = ? WHERE id = ?",
                    self.t.services
                ),
                &params,
            )?;
            if changed == 0 && self.service_by_id(s.id)?.is_none() {
                return Err(Error::new(
                    Kind::ServiceNotFound,
                    format!("no service with id {}", s.id),
                ));
            }
            s.id
        };
        self.changed()?;
        Ok(id)
    }

    fn service_by_id(&mut self, id: i64) -> Result<Option<Service>> {
        let sql = format!(
            "SELECT {SERVICE_COLUMNS} FROM {} WHERE id = ?",
            self.t.services
        );
        self.one(&sql, &[id.into()], service_from)
    }

    fn service_by_name(&mut self, name: &str) -> Result<Option<Service>> {
        let sql = format!(
            "SELECT {SERVICE_COLUMNS} FROM {} WHERE name = ?",
            self.t.services
        );
        self.one(&sql, &[name.into()], service_from)
    }

    fn services(&mut self) -> Result<Vec<Service>> {
        let sql = format!(
            "SELECT {SERVICE_COLUMNS} FROM {} ORDER BY name",
            self.t.services
        );
        self.all(&sql, &[], service_from)
    }

    fn delete_service(&mut self, id: i64) -> Result<()> {
        self.transaction(|store| {
            let (log, services) = (store.t.log.clone(), store.t.services.clone());
            store.execute(
                &format!("DELETE FROM {log} WHERE serviceid = ?"),
                &[id.into()],
            )?;
            // Rules and the breaker row go by ON DELETE CASCADE.
            store.execute(
                &format!("DELETE FROM {services} WHERE id = ?"),
                &[id.into()],
            )?;
            store.changed()
        })
    }

    fn log_figures(&mut self, since: f64) -> Result<HashMap<i64, LogFigures>> {
        let (int, real) = match self.conn.dialect() {
            Dialect::Postgres => ("BIGINT", "DOUBLE PRECISION"),
            Dialect::MySql => ("SIGNED", "DOUBLE"),
        };
        let sql = format!(
            "SELECT serviceid, CAST(SUM(CASE WHEN timecreated >= ? THEN 1 ELSE 0 END) AS {int}), \
                    CAST(AVG(CASE WHEN timecreated >= ? THEN latencyms END) AS {real}), \
                    CAST(SUM(CASE WHEN timecreated >= ? AND success = 0 THEN 1 ELSE 0 END) AS {int}), \
                    MAX(timecreated) \
             FROM {} GROUP BY serviceid",
            self.t.log
        );
        let since = Cell::Real(since);
        let rows = self.all(&sql, &[since.clone(), since.clone(), since], |row| {
            (
                row[0].int(),
                LogFigures {
                    calls: row[1].int(),
                    avg_latency: row[2].real(),
                    errors: row[3].int(),
                    last_used: row[4].real(),
                },
            )
        })?;
        Ok(rows.into_iter().collect())
    }

    fn log_outcomes(&mut self) -> Result<(i64, i64)> {
        let sql = format!(
            "SELECT COUNT(CASE WHEN success = 1 THEN 1 END), COUNT(CASE WHEN success = 0 THEN 1 END) FROM {}",
            self.t.log
        );
        Ok(self
            .one(&sql, &[], |row| (row[0].int(), row[1].int()))?
            .unwrap_or((0, 0)))
    }

    fn breakers(&mut self) -> Result<HashMap<i64, StoredBreaker>> {
        let sql = format!(
            "SELECT serviceid, {BREAKER_COLUMNS} FROM {}",
            self.t.breakers
        );
        let rows = self.all(&sql, &[], |row| (row[0].int(), breaker_from(row, 1)))?;
        Ok(rows.into_iter().collect())
    }

    fn breaker(&mut self, serviceid: i64) -> Result<StoredBreaker> {
        let sql = format!(
            "SELECT {BREAKER_COLUMNS} FROM {} WHERE serviceid = ?",
            self.t.breakers
        );
        Ok(self
            .one(&sql, &[serviceid.into()], |row| breaker_from(row, 0))?
            .unwrap_or_default())
    }

    fn swap_breaker(
        &mut self,
        serviceid: i64,
        expected_version: i64,
        next: &Breaker,
    ) -> Result<bool> {
        let state: Cell = next.state.as_str().into();
        let (failures, opened, probe): (Cell, Cell, Cell) = (
            i64::from(next.failures).into(),
            next.opened_at.into(),
            next.probe_until.into(),
        );
        let changed = if expected_version == 0 {
            // First move of this breaker: only one inserter wins, on any node.
            // PostgreSQL needs the types of parameters in a select list.
            let (insert, conflict, int, text, real) = match self.conn.dialect() {
                Dialect::Postgres => (
                    "INSERT INTO",
                    "ON CONFLICT (serviceid) DO NOTHING",
                    "CAST(? AS BIGINT)",
                    "CAST(? AS VARCHAR(10))",
                    "CAST(? AS DOUBLE PRECISION)",
                ),
                Dialect::MySql => ("INSERT IGNORE INTO", "", "?", "?", "?"),
            };
            self.execute(
                &format!(
                    "{insert} {} (serviceid, state, failures, opened_at, probe_until, version, timemodified) \
                     SELECT {int}, {text}, {int}, {real}, {real}, 1, {int} FROM {} WHERE id = ? {conflict}",
                    self.t.breakers, self.t.services
                ),
                &[serviceid.into(), state, failures, opened, probe, now_seconds().into(), serviceid.into()],
            )?
        } else {
            self.execute(
                &format!(
                    "UPDATE {} SET state = ?, failures = ?, opened_at = ?, probe_until = ?, version = version + 1, \
                     timemodified = ? WHERE serviceid = ? AND version = ?",
                    self.t.breakers
                ),
                &[state, failures, opened, probe, now_seconds().into(), serviceid.into(), expected_version.into()],
            )?
        };
        if changed == 1 {
            self.changed()?;
        } else {
            // Another process, maybe on another node, moved it first: read
            // the configuration again on the next call.
            self.config_version = None;
        }
        Ok(changed == 1)
    }

    fn reset_breakers(&mut self, serviceid: Option<i64>) -> Result<()> {
        let mut sql = format!(
            "UPDATE {} SET state = 'closed', failures = 0, opened_at = 0, probe_until = 0, version = version + 1, \
             timemodified = ? WHERE (state <> 'closed' OR failures <> 0)",
            self.t.breakers
        );
        let mut params = vec![now_seconds().into()];
        if let Some(id) = serviceid {
            sql.push_str(" AND serviceid = ?");
            params.push(id.into());
        }
        if self.execute(&sql, &params)? > 0 {
            self.changed()?;
        }
        Ok(())
    }

    fn save_rule(&mut self, r: &Rule) -> Result<i64> {
        let now = now_seconds();
        let mut params: Vec<Cell> = vec![
            (&r.eventname).into(),
            r.serviceid.into(),
            (&r.endpoint).into(),
            r.http_method.as_str().into(),
            (&r.payload_template).into(),
            r.enabled.into(),
            (&r.filter).into(),
            now.into(),
        ];
        let id = if r.id == 0 {
            params.push(now.into());
            self.insert(
                &format!(
                    "INSERT INTO {} (eventname, serviceid, endpoint, http_method, payload_template, enabled, \
                     event_filter, timemodified, timecreated) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    self.t.rules
                ),
                &params,
            )?
        } else {
            params.push(r.id.into());
            let changed = self.execute(
                &format!(
                    "UPDATE {} SET eventname = ?, serviceid = ?, endpoint = ?, http_method = ?, payload_template = ?, \
                     enabled = ?, event_filter = ?, timemodified = ? WHERE id = ?",
                    self.t.rules
                ),
                &params,
            )?;
            if changed == 0 && self.rule(r.id)?.is_none() {
                return Err(Error::new(
                    Kind::RuleNotFound,
                    format!("no rule with id {}", r.id),
                ));
            }
            r.id
        };
        self.changed()?;
        Ok(id)
    }

    fn rule(&mut self, id: i64) -> Result<Option<Rule>> {
        let sql = format!("SELECT {RULE_COLUMNS} FROM {} WHERE id = ?", self.t.rules);
        self.one(&sql, &[id.into()], rule_from)
    }

    fn rules(&mut self) -> Result<Vec<Rule>> {
        let sql = format!(
            "SELECT {RULE_COLUMNS} FROM {} ORDER BY eventname, id",
            self.t.rules
        );
        self.all(&sql, &[], rule_from)
    }

    fn delete_rule(&mut self, id: i64) -> Result<()> {
        if self.execute(
            &format!("DELETE FROM {} WHERE id = ?", self.t.rules),
            &[id.into()],
        )? > 0
        {
            self.changed()?;
        }
        Ok(())
    }

    fn push_dlq(&mut self, e: &DlqEntry) -> Result<i64> {
        let now = now_seconds();
        self.insert(
            &format!(
                "INSERT INTO {} (eventname, ruleid, serviceid, endpoint, http_method, payload, error, attempts, \
                 delivery_id, timecreated, timemodified) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                self.t.dlq
            ),
            &[
                (&e.eventname).into(),
                e.ruleid.into(),
                e.serviceid.into(),
                (&e.endpoint).into(),
                e.http_method.as_str().into(),
                (&e.payload).into(),
                stored_error(&e.error).as_str().into(),
                e.attempts.into(),
                (&e.delivery_id).into(),
                e.created_or(now).into(),
                now.into(),
            ],
        )
    }

    fn dlq(&mut self, filter: &DlqFilter, limit: u32, offset: u32) -> Result<Vec<DlqListed>> {
        let found = self.filtered(filter.listing(&self.t.dlq, limit, offset))?;
        Ok(found
            .rows
            .iter()
            .map(|row| DlqListed::new(dlq_from(row), row[12].int()))
            .collect())
    }

    fn dlq_matching(&mut self, filter: &DlqFilter, after: i64, limit: u32) -> Result<Vec<i64>> {
        let found = self.filtered(filter.ids(&self.t.dlq, after, limit))?;
        Ok(found.rows.iter().map(|row| row[0].int()).collect())
    }

    fn dlq_count(&mut self, filter: &DlqFilter, after: i64) -> Result<i64> {
        let found = self.filtered(filter.count(&self.t.dlq, after))?;
        Ok(found.rows.first().map_or(0, |row| row[0].int()))
    }

    fn dlq_entry(&mut self, id: i64) -> Result<Option<DlqEntry>> {
        let sql = format!("SELECT {DLQ_COLUMNS} FROM {} WHERE id = ?", self.t.dlq);
        self.one(&sql, &[id.into()], dlq_from)
    }

    fn delete_dlq(&mut self, id: i64) -> Result<()> {
        self.execute(
            &format!("DELETE FROM {} WHERE id = ?", self.t.dlq),
            &[id.into()],
        )?;
        Ok(())
    }

    fn dlq_failed_again(&mut self, id: i64, error: &str) -> Result<()> {
        self.execute(
            &format!(
                "UPDATE {} SET error = ?, attempts = attempts + 1, timemodified = ? WHERE id = ?",
                self.t.dlq
            ),
            &[
                stored_error(error).as_str().into(),
                now_seconds().into(),
                id.into(),
            ],
        )?;
        Ok(())
    }

    fn outbox_append(&mut self, items: &[NewDelivery]) -> Result<()> {
        let sql = outbox_sql::append(&self.t.outbox);
        let now = now_seconds();
        self.transaction(|store| {
            for d in items {
                store.execute(
                    &sql,
                    &[
                        (&d.delivery_id).into(),
                        d.ruleid.into(),
                        (&d.eventname).into(),
                        (&d.eventdata).into(),
                        d.attempts.into(),
                        stored_error(&d.error).as_str().into(),
                        d.next_at.into(),
                        now.into(),
                    ],
                )?;
            }
            Ok(())
        })
    }

    fn outbox_waiting(&mut self) -> Result<Vec<Waiting>> {
        let sql = outbox_sql::waiting(&self.t.outbox);
        self.all(&sql, &[], |row| Waiting {
            ruleid: row[0].int(),
            eventname: row[1].text(),
            count: row[2].int(),
            oldest: row[3].int(),
            attempts: row[4].int(),
            error: row[5].text(),
            next_at: row[6].real().unwrap_or(0.0),
        })
    }

    fn outbox_rule(&mut self, ruleid: i64, after: i64, limit: u32) -> Result<Vec<Delivery>> {
        let sql = outbox_sql::rule_deliveries(&self.t.outbox);
        self.all(
            &sql,
            &[ruleid.into(), after.into(), limit.into()],
            delivery_from,
        )
    }

    fn outbox_settle(&mut self, settlement: &Settlement) -> Result<()> {
        let outbox = self.t.outbox.clone();
        let gone: Vec<i64> = settlement
            .delivered
            .iter()
            .chain(settlement.dead.iter().map(|(id, _)| id))
            .copied()
            .collect();
        self.transaction(|store| {
            // One round trip per chunk of ids, not per delivery.
            for chunk in gone.chunks(outbox_sql::IDS_PER_STATEMENT) {
                let ids: Vec<Cell> = chunk.iter().map(|&id| id.into()).collect();
                store.execute(&outbox_sql::delete(&outbox, ids.len()), &ids)?;
            }
            for (_, entry) in &settlement.dead {
                store.push_dlq(entry)?;
            }
            for r in &settlement.retries {
                store.execute(
                    &outbox_sql::retry(&outbox),
                    &[
                        r.attempts.into(),
                        stored_error(&r.error).as_str().into(),
                        r.next_at.into(),
                        r.id.into(),
                    ],
                )?;
            }
            Ok(())
        })
    }

    fn take_lease(&mut self, name: &str, holder: &str, now: f64, until: f64) -> Result<bool> {
        let sql = outbox_sql::take_lease(&self.t.leases);
        let taken = self.execute(
            &sql,
            &[
                holder.into(),
                until.into(),
                name.into(),
                now.into(),
                holder.into(),
            ],
        )?;
        Ok(taken == 1)
    }

    fn release_lease(&mut self, name: &str, holder: &str) -> Result<()> {
        let sql = outbox_sql::release_lease(&self.t.leases);
        self.execute(&sql, &[name.into(), holder.into()])?;
        Ok(())
    }

    fn remember_webhook(
        &mut self,
        serviceid: i64,
        id: &str,
        now: f64,
        forget_before: f64,
    ) -> Result<bool> {
        let table = self.t.webhook_ids.clone();
        let (ignore, tail) = insert_ignore(self.conn.dialect());
        self.transaction(|store| {
            store.execute(&webhook_sql::forget(&table), &[forget_before.into()])?;
            let added = store.execute(
                &webhook_sql::remember(&table, ignore, tail),
                &[serviceid.into(), id.into(), now.into()],
            )?;
            Ok(added == 1)
        })
    }

    fn append_log(&mut self, rows: &[LogEntry], keep: u64) -> Result<()> {
        if rows.is_empty() {
            return Ok(());
        }
        self.transaction(|store| {
            let log = store.t.log.clone();
            // Multi-row INSERTs: one round trip per chunk.
            for chunk in log_chunks(rows) {
            let placeholders = vec!["(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"; chunk.len()].join(", ");
            let mut params = Vec::with_capacity(chunk.len() * 12);
            for r in chunk {
                params.extend([
                    r.time.into(),
                    r.serviceid.into(),
                    (&r.endpoint).into(),
                    (&r.method).into(),
                    r.httpstatus.map(i64::from).into(),
                    r.latencyms.into(),
                    r.attempts.into(),
                    r.success.into(),
                    r.error.as_deref().map(stored_error).as_ref().into(),
                    r.ruleid.into(),
                    r.eventname.as_ref().into(),
                    r.direction.as_str().into(),
                ]);
            }
            store.execute(
                &format!(
                    "INSERT INTO {log} (timecreated, serviceid, endpoint, http_method, httpstatus, latencyms, \
                     attempts, success, error, ruleid, eventname, direction) VALUES {placeholders}"
                ),
                &params,
            )?;
            }
            if keep > 0 {
                // Ids only grow: the newest `keep` rows are those above
                // max(id) - keep. Two statements: MySQL cannot delete from
                // a table its subquery reads.
                let newest = store.one(&format!("SELECT MAX(id) FROM {log}"), &[], |row| row[0].int())?;
                if let Some(limit) = newest.map(|max| max - keep as i64).filter(|limit| *limit > 0) {
                    store.execute(&format!("DELETE FROM {log} WHERE id <= ?"), &[limit.into()])?;
                }
            }
            Ok(())
        })
    }

    fn query_log(
        &mut self,
        filter: &LogFilter,
        limit: u32,
        offset: u32,
    ) -> Result<Vec<Map<String, Value>>> {
        let found = self.filtered(filter.select(&self.t.log, &self.t.services, limit, offset))?;
        Ok(found
            .rows
            .iter()
            .map(|row| {
                log_row(
                    found
                        .columns
                        .iter()
                        .cloned()
                        .zip(row.iter().map(Cell::json))
                        .collect(),
                )
            })
            .collect())
    }
}

/// `rows` in chunks of at most [`LOG_BATCH_ROWS`] rows and about
/// [`LOG_BATCH_BYTES`] of text, one INSERT each.
fn log_chunks(rows: &[LogEntry]) -> Vec<&[LogEntry]> {
    let text = |r: &LogEntry| {
        let optional = |t: &Option<String>| t.as_ref().map_or(0, String::len);
        r.endpoint.len() + r.method.len() + optional(&r.error) + optional(&r.eventname)
    };
    let mut chunks = Vec::new();
    let (mut start, mut bytes) = (0, 0);
    for (index, row) in rows.iter().enumerate() {
        let size = text(row);
        if index > start && (index - start == LOG_BATCH_ROWS || bytes + size > LOG_BATCH_BYTES) {
            chunks.push(&rows[start..index]);
            (start, bytes) = (index, 0);
        }
        bytes += size;
    }
    if start < rows.len() {
        chunks.push(&rows[start..]);
    }
    chunks
}

/// What brings the schema from each version to the next: entry n - 2 takes
/// version n - 1 to n. Each statement is safe to run again.
fn upgrades(dialect: Dialect, t: &Tables) -> Vec<Vec<String>> {
    vec![
        // 2: MariaDB's TEXT holds 65 535 bytes, less than a template or a
        // DLQ payload may have. PostgreSQL's TEXT holds both already.
        match dialect {
            Dialect::Postgres => Vec::new(),
            Dialect::MySql => vec![
                format!(
                    "ALTER TABLE {} MODIFY payload_template MEDIUMTEXT NOT NULL",
                    t.rules
                ),
                format!("ALTER TABLE {} MODIFY payload MEDIUMTEXT NOT NULL", t.dlq),
            ],
        },
        // 3: the outbox, the drain's lease, each DLQ entry's idempotency key.
        {
            let mut statements = outbox_tables(dialect, t);
            statements.push(format!(
                "ALTER TABLE {} ADD COLUMN IF NOT EXISTS delivery_id VARCHAR(64) NOT NULL DEFAULT ''",
                t.dlq
            ));
            statements
        },
        // 4: each rule's filter and each service's rate limit.
        vec![
            format!(
                "ALTER TABLE {} ADD COLUMN IF NOT EXISTS event_filter TEXT NOT NULL DEFAULT ''",
                t.rules
            ),
            format!(
                "ALTER TABLE {} ADD COLUMN IF NOT EXISTS rate_limit BIGINT NOT NULL DEFAULT 0",
                t.services
            ),
        ],
        // 5: each service's signing secret and alias, each log row's
        // direction, the inbound webhook ids seen lately.
        {
            let mut statements = webhook_tables(dialect, t);
            statements.push(format!(
                "ALTER TABLE {} ADD COLUMN IF NOT EXISTS signing_secret TEXT NOT NULL DEFAULT ''",
                t.services
            ));
            statements.push(format!(
                "ALTER TABLE {} ADD COLUMN IF NOT EXISTS direction VARCHAR(10) NOT NULL DEFAULT 'outbound'",
                t.log
            ));
            statements.push(format!(
                "ALTER TABLE {} ADD COLUMN IF NOT EXISTS alias VARCHAR(255) NOT NULL DEFAULT ''",
                t.services
            ));
            statements
        },
        // 6: each AMQP service's response queue.
        vec![format!(
            "ALTER TABLE {} ADD COLUMN IF NOT EXISTS response_queue VARCHAR(255) NOT NULL DEFAULT ''",
            t.services
        )],
    ]
}

/// The table of inbound webhook ids seen lately, safe to create again.
fn webhook_tables(dialect: Dialect, t: &Tables) -> Vec<String> {
    let (_, real, _, tail) = column_types(dialect);
    let mut statements = vec![format!(
        "CREATE TABLE IF NOT EXISTS {} (serviceid BIGINT NOT NULL, id VARCHAR(255) NOT NULL, seen {real} NOT NULL, \
         PRIMARY KEY (serviceid, id){}){tail}",
        t.webhook_ids,
        match dialect {
            Dialect::MySql => ", INDEX seen (seen)",
            Dialect::Postgres => "",
        }
    )];
    if dialect == Dialect::Postgres {
        statements.push(format!(
            "CREATE INDEX IF NOT EXISTS {0}_seen ON {0} (seen)",
            t.webhook_ids
        ));
    }
    statements
}

/// The outbox and the leases, each statement safe to run again.
fn outbox_tables(dialect: Dialect, t: &Tables) -> Vec<String> {
    let (id, real, long, tail) = column_types(dialect);
    let ignore = insert_ignore(dialect);
    let mut statements = vec![
        format!(
            "CREATE TABLE IF NOT EXISTS {} (id {id}, delivery_id VARCHAR(64) NOT NULL, ruleid BIGINT NOT NULL, \
             eventname VARCHAR(255) NOT NULL, eventdata {long} NOT NULL, attempts BIGINT NOT NULL, error TEXT NOT NULL, \
             next_at {real} NOT NULL, timecreated BIGINT NOT NULL{}){tail}",
            t.outbox,
            match dialect {
                Dialect::MySql => ", INDEX rule_order (ruleid, id)",
                Dialect::Postgres => "",
            }
        ),
        format!(
            "CREATE TABLE IF NOT EXISTS {} (name VARCHAR(64) NOT NULL PRIMARY KEY, holder VARCHAR(64) NOT NULL, \
             expires {real} NOT NULL){tail}",
            t.leases
        ),
        format!(
            "{} {} (name, holder, expires) VALUES ('{}', '', 0){}",
            ignore.0,
            t.leases,
            crate::outbox::DRAIN_LEASE,
            ignore.1
        ),
    ];
    if dialect == Dialect::Postgres {
        statements.push(format!(
            "CREATE INDEX IF NOT EXISTS {0}_rule_order ON {0} (ruleid, id)",
            t.outbox
        ));
    }
    statements
}

/// Column types: the key, a float, text up to 16 MiB, the table options.
fn column_types(dialect: Dialect) -> (&'static str, &'static str, &'static str, &'static str) {
    match dialect {
        Dialect::Postgres => ("BIGSERIAL PRIMARY KEY", "DOUBLE PRECISION", "TEXT", ""),
        Dialect::MySql => (
            "BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY",
            "DOUBLE",
            "MEDIUMTEXT",
            " ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin",
        ),
    }
}

/// "Insert unless there": the statement's start and end.
fn insert_ignore(dialect: Dialect) -> (&'static str, &'static str) {
    match dialect {
        Dialect::Postgres => ("INSERT INTO", " ON CONFLICT DO NOTHING"),
        Dialect::MySql => ("INSERT IGNORE INTO", ""),
    }
}

/// The statements that create the schema at [`SCHEMA_VERSION`], each safe
/// to run again. Every text column holds what validation accepts: MariaDB
/// counts VARCHAR in characters and TEXT types in bytes (TEXT 65 535,
/// MEDIUMTEXT 16 MiB); event names are ASCII.
fn schema(dialect: Dialect, t: &Tables) -> Vec<String> {
    // `long`: templates (64 KiB), DLQ payloads and event data (8 MiB).
    let (id, real, long, tail) = column_types(dialect);
    // MySQL creates indexes with its tables (it has no CREATE INDEX IF NOT
    // EXISTS); PostgreSQL has no index clause in CREATE TABLE.
    let index = |name: &str, table: &str, columns: &str| match dialect {
        Dialect::Postgres => (
            String::new(),
            Some(format!(
                "CREATE INDEX IF NOT EXISTS {table}_{name} ON {table} ({columns})"
            )),
        ),
        Dialect::MySql => (format!(", INDEX {name} ({columns})"), None),
    };
    let (rules_by_event, rules_by_event_pg) = index("eventname", &t.rules, "eventname");
    let (log_by_service, log_by_service_pg) =
        index("service_time", &t.log, "serviceid, timecreated");
    let (log_by_time, log_by_time_pg) = index("time", &t.log, "timecreated");
    let ignore = insert_ignore(dialect);
    let mut statements = vec![
        format!("CREATE TABLE IF NOT EXISTS {} (name VARCHAR(64) NOT NULL PRIMARY KEY, number BIGINT NOT NULL){tail}", t.meta),
        format!("{} {} (name, number) VALUES ('config_version', 1){}", ignore.0, t.meta, ignore.1),
        format!("{} {} (name, number) VALUES ('schema_version', {SCHEMA_VERSION}){}", ignore.0, t.meta, ignore.1),
        format!(
            "CREATE TABLE IF NOT EXISTS {} (id {id}, name VARCHAR(64) NOT NULL UNIQUE, type VARCHAR(10) NOT NULL, \
             base_url TEXT NOT NULL, auth_type VARCHAR(10) NOT NULL, auth_token TEXT NOT NULL, timeout BIGINT NOT NULL, \
             max_retries BIGINT NOT NULL, retry_backoff BIGINT NOT NULL, cb_failure_threshold BIGINT NOT NULL, \
             cb_cooldown BIGINT NOT NULL, enabled SMALLINT NOT NULL, timecreated BIGINT NOT NULL, \
             rate_limit BIGINT NOT NULL DEFAULT 0, signing_secret TEXT NOT NULL DEFAULT '', \
             alias VARCHAR(255) NOT NULL DEFAULT '', response_queue VARCHAR(255) NOT NULL DEFAULT '', \
             timemodified BIGINT NOT NULL){tail}",
            t.services
        ),
        // Breaker moves are compare-and-swap on `version`, so concurrent
        // processes on any node never both take the probe or lose a failure.
        format!(
            "CREATE TABLE IF NOT EXISTS {} (serviceid BIGINT NOT NULL PRIMARY KEY, state VARCHAR(10) NOT NULL, \
             failures BIGINT NOT NULL, opened_at {real} NOT NULL, probe_until {real} NOT NULL, version BIGINT NOT NULL, \
             timemodified BIGINT NOT NULL, FOREIGN KEY (serviceid) REFERENCES {} (id) ON DELETE CASCADE){tail}",
            t.breakers, t.services
        ),
        format!(
            "CREATE TABLE IF NOT EXISTS {} (id {id}, eventname VARCHAR(255) NOT NULL, serviceid BIGINT NOT NULL, \
             endpoint TEXT NOT NULL, http_method VARCHAR(10) NOT NULL, payload_template {long} NOT NULL, \
             enabled SMALLINT NOT NULL, timecreated BIGINT NOT NULL, timemodified BIGINT NOT NULL, \
             event_filter TEXT NOT NULL DEFAULT '', \
             FOREIGN KEY (serviceid) REFERENCES {} (id) ON DELETE CASCADE{rules_by_event}){tail}",
            t.rules, t.services
        ),
        // No foreign key: rows come in batches and must not fail because
        // their service was deleted meanwhile.
        format!(
            "CREATE TABLE IF NOT EXISTS {} (id {id}, timecreated {real} NOT NULL, serviceid BIGINT NOT NULL, \
             endpoint TEXT NOT NULL, http_method VARCHAR(10) NOT NULL, httpstatus BIGINT, latencyms {real} NOT NULL, \
             attempts BIGINT NOT NULL, success SMALLINT NOT NULL, error TEXT, ruleid BIGINT, eventname VARCHAR(255), \
             direction VARCHAR(10) NOT NULL DEFAULT 'outbound'\
             {log_by_service}{log_by_time}){tail}",
            t.log
        ),
        format!(
            "CREATE TABLE IF NOT EXISTS {} (id {id}, eventname VARCHAR(255) NOT NULL, ruleid BIGINT, serviceid BIGINT, \
             endpoint TEXT NOT NULL, http_method VARCHAR(10) NOT NULL, payload {long} NOT NULL, error TEXT NOT NULL, \
             attempts BIGINT NOT NULL, timecreated BIGINT NOT NULL, timemodified BIGINT NOT NULL, \
             delivery_id VARCHAR(64) NOT NULL DEFAULT ''){tail}",
            t.dlq
        ),
    ];
    statements.extend(outbox_tables(dialect, t));
    statements.extend(webhook_tables(dialect, t));
    statements.extend(
        [rules_by_event_pg, log_by_service_pg, log_by_time_pg]
            .into_iter()
            .flatten(),
    );
    statements
}
