//! A PostgreSQL connection for the server store, with the `postgres` crate
//! (synchronous; it drives its own current-thread runtime). Opened lazily by
//! the hub (so after a fork), reopened on the next use after a loss.

use std::collections::HashMap;
use std::time::Duration;

use postgres::types::{ToSql, Type};
use postgres::{Client, NoTls, Statement};

use super::server::ServerUrl;
use super::sql::{Cell, Connection, Dialect, Rows};
use crate::error::{Error, Result};

pub struct PgConnection {
    config: postgres::Config,
    /// TLS to the server (`sslmode`), or none.
    tls: Option<tokio_postgres_rustls::MakeRustlsConnect>,
    /// The URL without its password, for messages.
    shown: String,
    client: Option<Client>,
    statements: HashMap<String, Statement>,
    /// The last error dropped the connection.
    lost: bool,
}

impl PgConnection {
    /// Connects now, so a bad URL or an unreachable server is reported when
    /// the store is opened.
    pub fn open(url: &ServerUrl) -> Result<Self> {
        let mut config: postgres::Config = url
            .driver_url()
            .parse()
            .map_err(|e| Error::store(format!("{}: {e}", url.shown())))?;
        config.connect_timeout(Duration::from_secs(5));
        config.application_name("mih");
        let tls = match url.tls() {
            None => None,
            Some((verify, ca)) => {
                config.ssl_mode(postgres::config::SslMode::Require);
                let client = crate::transport::tls::client_config(verify, ca)
                    .map_err(|e| Error::store(format!("{}: {e}", url.shown())))?;
                Some(tokio_postgres_rustls::MakeRustlsConnect::new(client))
            }
        };
        let mut connection = PgConnection {
            config,
            tls,
            shown: url.shown(),
            client: None,
            statements: HashMap::new(),
            lost: false,
        };
        connection.client()?;
        Ok(connection)
    }

    fn client(&mut self) -> Result<&mut Client> {
        if self.client.as_ref().is_none_or(Client::is_closed) {
            self.statements.clear();
            let connected = match &self.tls {
                Some(tls) => self.config.connect(tls.clone()),
                None => self.config.connect(NoTls),
            };
            let client =
                connected.map_err(|e| Error::store(format!("{}: {}", self.shown, describe(&e))))?;
            self.client = Some(client);
        }
        Ok(self.client.as_mut().expect("connected above"))
    }

    /// A driver error as a store error; a lost connection is reopened on
    /// the next use.
    fn fail(&mut self, err: postgres::Error) -> Error {
        // A FATAL error (the server shutting the session down) ends the
        // connection even before the driver has seen it close.
        let fatal = err.as_db_error().is_some_and(|db| db.severity() == "FATAL");
        if fatal || err.is_closed() || self.client.as_ref().is_some_and(Client::is_closed) {
            self.client = None;
            self.statements.clear();
            self.lost = true;
        }
        Error::store(format!("{}: {}", self.shown, describe(&err)))
    }

    /// The statement for `sql` (its `?` placeholders numbered), prepared
    /// once per connection.
    fn statement(&mut self, sql: &str) -> Result<Statement> {
        if let Some(statement) = self.statements.get(sql) {
            return Ok(statement.clone());
        }
        let numbered = number_placeholders(sql);
        let prepared = self.client()?.prepare(&numbered);
        let statement = prepared.map_err(|e| self.fail(e))?;
        self.statements.insert(sql.to_string(), statement.clone());
        Ok(statement)
    }

    fn run<T>(
        &mut self,
        sql: &str,
        params: &[Cell],
        work: impl FnOnce(
            &mut Client,
            &Statement,
            &[&(dyn ToSql + Sync)],
        ) -> std::result::Result<T, postgres::Error>,
    ) -> Result<T> {
        let statement = self.statement(sql)?;
        let values = typed(statement.params(), params)?;
        let refs: Vec<&(dyn ToSql + Sync)> = values.iter().map(|v| v.as_ref()).collect();
        let outcome = work(self.client()?, &statement, &refs);
        outcome.map_err(|e| self.fail(e))
    }
}

/// What went wrong: the server's own message when it sent one (the
/// driver's Display says only "db error" then).
fn describe(err: &postgres::Error) -> String {
    use std::error::Error as _;
    match (err.as_db_error(), err.source()) {
        (Some(db), _) => format!("{}: {}", db.severity(), db.message()),
        (None, Some(cause)) => format!("{err}: {cause}"),
        (None, None) => err.to_string(),
    }
}

/// `?` placeholders as PostgreSQL's `$1`, `$2`, … (the SQL of the store has
/// no `?` in literals).
fn number_placeholders(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len() + 16);
    let mut n = 0;
    for c in sql.chars() {
        if c == '?' {
            n += 1;
            out.push_str(&format!("${n}"));
        } else {
            out.push(c);
        }
    }
    out
}

/// Each value as the Rust type PostgreSQL expects for its parameter.
fn typed(types: &[Type], cells: &[Cell]) -> Result<Vec<Box<dyn ToSql + Sync>>> {
    types
        .iter()
        .zip(cells)
        .map(|(ty, cell)| -> Result<Box<dyn ToSql + Sync>> {
            Ok(match *ty {
                Type::INT2 => Box::new(cell.integer().map(|i| i as i16)),
                Type::INT4 => Box::new(cell.integer().map(|i| i as i32)),
                Type::INT8 => Box::new(cell.integer()),
                Type::FLOAT4 => Box::new(cell.real().map(|f| f as f32)),
                Type::FLOAT8 => Box::new(cell.real()),
                Type::BOOL => Box::new(cell.integer().map(|i| i != 0)),
                Type::TEXT | Type::VARCHAR | Type::BPCHAR | Type::NAME | Type::UNKNOWN => {
                    Box::new(cell.string())
                }
                ref other => {
                    return Err(Error::store(format!(
                        "no conversion for parameter type {other}"
                    )))
                }
            })
        })
        .collect()
}

fn cell(row: &postgres::Row, index: usize) -> Result<Cell> {
    let ty = row.columns()[index].type_();
    let read = |e: postgres::Error| Error::store(format!("column {index}: {e}"));
    Ok(match *ty {
        Type::INT2 => row
            .try_get::<_, Option<i16>>(index)
            .map_err(read)?
            .map(i64::from)
            .into(),
        Type::INT4 => row
            .try_get::<_, Option<i32>>(index)
            .map_err(read)?
            .map(i64::from)
            .into(),
        Type::INT8 => row.try_get::<_, Option<i64>>(index).map_err(read)?.into(),
        Type::FLOAT4 => row
            .try_get::<_, Option<f32>>(index)
            .map_err(read)?
            .map(f64::from)
            .into(),
        Type::FLOAT8 => row.try_get::<_, Option<f64>>(index).map_err(read)?.into(),
        Type::BOOL => row.try_get::<_, Option<bool>>(index).map_err(read)?.into(),
        _ => row
            .try_get::<_, Option<String>>(index)
            .map_err(read)?
            .as_ref()
            .into(),
    })
}

impl Connection for PgConnection {
    fn dialect(&self) -> Dialect {
        Dialect::Postgres
    }

    fn execute(&mut self, sql: &str, params: &[Cell]) -> Result<u64> {
        self.run(sql, params, |client, statement, values| {
            client.execute(statement, values)
        })
    }

    fn query(&mut self, sql: &str, params: &[Cell]) -> Result<Rows> {
        let rows = self.run(sql, params, |client, statement, values| {
            client.query(statement, values)
        })?;
        let columns = rows
            .first()
            .map(|row| row.columns().iter().map(|c| c.name().to_string()).collect())
            .unwrap_or_default();
        let rows = rows
            .iter()
            .map(|row| {
                (0..row.len())
                    .map(|i| cell(row, i))
                    .collect::<Result<Vec<_>>>()
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(Rows { columns, rows })
    }

    fn take_lost(&mut self) -> bool {
        std::mem::take(&mut self.lost)
    }

    fn insert(&mut self, sql: &str, params: &[Cell]) -> Result<i64> {
        let sql = format!("{sql} RETURNING id");
        let row = self.run(&sql, params, |client, statement, values| {
            client.query_one(statement, values)
        })?;
        row.try_get(0)
            .map_err(|e| Error::store(format!("new id: {e}")))
    }
}
