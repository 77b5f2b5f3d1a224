//! A MariaDB/MySQL connection for the server store, with the `mysql` crate
//! (synchronous). Opened lazily by the hub (so after a fork), reopened on the
//! next use after a loss.

use mysql::prelude::Queryable;
use mysql::{Conn, DriverError, Opts, OptsBuilder, Value};

use super::server::ServerUrl;
use super::sql::{Cell, Connection, Dialect, Rows};
use super::ERROR_MAX_BYTES;
use crate::bridge::dlq::{ENDPOINT_MAX_BYTES, PAYLOAD_MAX_BYTES};
use crate::error::{Error, Result};

/// Prepared statements kept per connection: the store has about forty.
const STATEMENTS: usize = 128;

/// The server's `max_allowed_packet` the store needs: its largest statement
/// is a DLQ entry at every bound, plus the rest of the packet. MariaDB's
/// default (16 MiB) is enough; MySQL 5.7's (4 MiB) is not.
pub const PACKET_NEEDED: usize = PAYLOAD_MAX_BYTES + ENDPOINT_MAX_BYTES + ERROR_MAX_BYTES + 65_536;

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
    /// the next use. A statement larger than the server lets through says
    /// what the server needs.
    fn fail(&mut self, err: mysql::Error, values: &[Cell]) -> Error {
        if matches!(
            err,
            mysql::Error::IoError(_) | mysql::Error::CodecError(_) | mysql::Error::DriverError(_)
        ) {
            self.conn = None;
            self.lost = true;
        }
        if too_large(&err) {
            let bytes: usize = values.iter().map(Cell::size).sum();
            return Error::store(format!(
                "{}: {err}: a statement of {bytes} bytes is more than the server's max_allowed_packet lets through; \
                 MIH needs max_allowed_packet of at least {PACKET_NEEDED} bytes (16M, MariaDB's default, is enough; see docs/STORES.md)",
                self.shown
            ));
        }
        Error::store(format!("{}: {err}", self.shown))
    }

    fn run<T>(
        &mut self,
        values: &[Cell],
        work: impl FnOnce(&mut Conn) -> std::result::Result<T, mysql::Error>,
    ) -> Result<T> {
        let outcome = work(self.conn()?);
        outcome.map_err(|e| self.fail(e, values))
    }
}

/// Whether `err` says a packet was larger than `max_allowed_packet`: the
/// driver's own check, or the server's (ER_NET_PACKET_TOO_LARGE,
/// ER_WARN_ALLOWED_PACKET_OVERFLOWED).
fn too_large(err: &mysql::Error) -> bool {
    match err {
        mysql::Error::DriverError(DriverError::PacketTooLarge) => true,
        // The codec's error type is not exported; its Display names the limit.
        mysql::Error::CodecError(e) => e.to_string().contains("max_allowed_packet"),
        mysql::Error::MySqlError(e) => matches!(e.code, 1153 | 1301),
        _ => false,
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
        self.run(values, |conn| {
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
        self.run(values, |conn| {
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
        self.run(values, |conn| {
            conn.exec_drop(sql, params(values))?;
            Ok(i64::try_from(conn.last_insert_id()).unwrap_or(i64::MAX))
        })
    }
}
