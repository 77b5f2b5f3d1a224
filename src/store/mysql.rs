//! A MariaDB/MySQL connection for the server store, with the `mysql` crate
//! (synchronous). Opened lazily by the hub (so after a fork), reopened on the
//! next use after a loss.

use mysql::prelude::Queryable;
use mysql::{Conn, Opts, OptsBuilder, Value};

use super::server::ServerUrl;
use super::sql::{Cell, Connection, Dialect, Rows};
use crate::error::{Error, Result};

/// Prepared statements kept per connection: the store has about forty.
const STATEMENTS: usize = 128;

pub struct MySqlConnection {
    opts: Opts,
    /// The URL without its password, for messages.
    shown: String,
    conn: Option<Conn>,
    /// The last error dropped the connection.
    lost: bool,
}

impl MySqlConnection {
    /// Connects now, so a bad URL or an unreachable server is reported when
    /// the store is opened.
    pub fn open(url: &ServerUrl) -> Result<Self> {
        let shown = url.shown();
        let opts =
            Opts::from_url(url.driver_url()).map_err(|e| Error::store(format!("{shown}: {e}")))?;
        let opts = OptsBuilder::from_opts(opts)
            .stmt_cache_size(STATEMENTS)
            .tcp_connect_timeout(Some(std::time::Duration::from_secs(5)))
            // Strict, UTF-8 and UTC whatever the server's defaults are.
            .init(vec![
                "SET SESSION sql_mode = 'STRICT_ALL_TABLES,NO_ENGINE_SUBSTITUTION', NAMES utf8mb4, time_zone = '+00:00'",
            ]);
        let mut connection = MySqlConnection {
            opts: opts.into(),
            shown,
            conn: None,
            lost: false,
        };
        connection.conn()?;
        Ok(connection)
    }

    fn conn(&mut self) -> Result<&mut Conn> {
        if self.conn.is_none() {
            let conn = Conn::new(self.opts.clone())
                .map_err(|e| Error::store(format!("{}: {e}", self.shown)))?;
            self.conn = Some(conn);
        }
        Ok(self.conn.as_mut().expect("connected above"))
    }

    /// A driver error as a store error; a lost connection is reopened on
    /// the next use.
    fn fail(&mut self, err: mysql::Error) -> Error {
        if matches!(
            err,
            mysql::Error::IoError(_) | mysql::Error::CodecError(_) | mysql::Error::DriverError(_)
        ) {
            self.conn = None;
            self.lost = true;
        }
        Error::store(format!("{}: {err}", self.shown))
    }

    fn run<T>(
        &mut self,
        work: impl FnOnce(&mut Conn) -> std::result::Result<T, mysql::Error>,
    ) -> Result<T> {
        let outcome = work(self.conn()?);
        outcome.map_err(|e| self.fail(e))
    }
}

fn value(cell: &Cell) -> Value {
    match cell {
        Cell::Null => Value::NULL,
        Cell::Int(i) => Value::Int(*i),
        Cell::Real(f) => Value::Double(*f),
        Cell::Text(t) => Value::Bytes(t.clone().into_bytes()),
    }
}

fn cell(value: Value) -> Cell {
    match value {
        Value::NULL => Cell::Null,
        Value::Int(i) => Cell::Int(i),
        Value::UInt(u) => Cell::Int(i64::try_from(u).unwrap_or(i64::MAX)),
        Value::Float(f) => Cell::Real(f.into()),
        Value::Double(f) => Cell::Real(f),
        Value::Bytes(b) => Cell::Text(String::from_utf8_lossy(&b).into_owned()),
        other => Cell::Text(other.as_sql(true)),
    }
}

fn params(cells: &[Cell]) -> mysql::Params {
    if cells.is_empty() {
        mysql::Params::Empty
    } else {
        mysql::Params::Positional(cells.iter().map(value).collect())
    }
}

impl Connection for MySqlConnection {
    fn dialect(&self) -> Dialect {
        Dialect::MySql
    }

    fn execute(&mut self, sql: &str, values: &[Cell]) -> Result<u64> {
        self.run(|conn| {
            if values.is_empty() {
                // Statements without values (BEGIN, DDL) on the text protocol:
                // not all of them can be prepared.
                conn.query_drop(sql)?;
            } else {
                conn.exec_drop(sql, params(values))?;
            }
            Ok(conn.affected_rows())
        })
    }

    fn query(&mut self, sql: &str, values: &[Cell]) -> Result<Rows> {
        self.run(|conn| {
            let found: Vec<mysql::Row> = conn.exec(sql, params(values))?;
            let columns = found
                .first()
                .map(|row| {
                    row.columns_ref()
                        .iter()
                        .map(|c| c.name_str().into_owned())
                        .collect()
                })
                .unwrap_or_default();
            let rows = found
                .into_iter()
                .map(|row| row.unwrap().into_iter().map(cell).collect())
                .collect();
            Ok(Rows { columns, rows })
        })
    }

    fn take_lost(&mut self) -> bool {
        std::mem::take(&mut self.lost)
    }

    fn insert(&mut self, sql: &str, values: &[Cell]) -> Result<i64> {
        self.run(|conn| {
            conn.exec_drop(sql, params(values))?;
            Ok(i64::try_from(conn.last_insert_id()).unwrap_or(i64::MAX))
        })
    }
}
