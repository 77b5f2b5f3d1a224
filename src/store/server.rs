//! Where a server store lives: `postgresql://user:password@host:port/db` or
//! `mysql://…` (`mariadb://` too), with `?prefix=` naming the tables'
//! prefix (as Moodle's `$CFG->prefix`) and, for PostgreSQL, libpq's
//! `sslmode` (disable, require, verify-ca, verify-full) and `sslrootcert`.
//! The password stays in here: every message uses [`ServerUrl::shown`].

use std::path::PathBuf;

use super::sql::Dialect;
use crate::error::{redact_url, Error, Result};
use crate::transport::tls::Verify;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerUrl {
    dialect: Dialect,
    /// The URL the driver gets: no `prefix`, `mysql://` for MariaDB.
    driver: String,
    prefix: String,
    /// TLS to the server, when asked for, and the CA file to trust.
    tls: Option<(Verify, Option<PathBuf>)>,
}

impl ServerUrl {
    /// Reads a store URL; `None` when `spec` is not one (a file path).
    pub fn parse(spec: &str) -> Option<Result<Self>> {
        let (scheme, _) = spec.split_once("://")?;
        let dialect = match scheme.to_ascii_lowercase().as_str() {
            "postgresql" | "postgres" | "pgsql" => Dialect::Postgres,
            "mysql" | "mariadb" | "mysqli" => Dialect::MySql,
            _ => {
                return Some(Err(Error::invalid(format!(
                "store: unknown scheme '{scheme}://'; use postgresql://, mysql:// or a file path"
            ))))
            }
        };
        Some(Self::read(spec, dialect))
    }

    fn read(spec: &str, dialect: Dialect) -> Result<Self> {
        let shown = redact_url(spec);
        let mut url =
            url::Url::parse(spec).map_err(|e| Error::invalid(format!("store: {shown}: {e}")))?;
        if url.host_str().is_none_or(str::is_empty) {
            return Err(Error::invalid(format!("store: {shown}: no host")));
        }
        if url.path().trim_matches('/').is_empty() {
            return Err(Error::invalid(format!("store: {shown}: no database name")));
        }
        let mut prefix = String::new();
        let mut sslmode = None;
        let mut rootcert = None;
        let mut others = Vec::new();
        for (key, value) in url.query_pairs() {
            match key.as_ref() {
                "prefix" => prefix = value.into_owned(),
                "sslmode" => sslmode = Some(value.into_owned()),
                "sslrootcert" => rootcert = Some(PathBuf::from(value.as_ref())),
                _ => others.push((key.into_owned(), value.into_owned())),
            }
        }
        let verify = match sslmode.as_deref() {
            None | Some("disable") => None,
            Some("require") => Some(Verify::Nothing),
            Some("verify-ca") => Some(Verify::Chain),
            Some("verify-full") => Some(Verify::Full),
            Some(other) => {
                return Err(Error::invalid(format!(
                    "store: {shown}: sslmode '{other}' is not supported; use disable, require, verify-ca or verify-full"
                )))
            }
        };
        if verify.is_some() && dialect == Dialect::MySql {
            return Err(Error::invalid(format!(
                "store: {shown}: TLS to MariaDB/MySQL is not supported yet; sslmode works for PostgreSQL"
            )));
        }
        let tls = verify.map(|verify| (verify, rootcert));
        if !prefix
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_')
            || prefix.len() > 20
        {
            return Err(Error::invalid(format!(
                "store: {shown}: prefix may hold letters, digits and '_' only, at most 20"
            )));
        }
        if others.is_empty() {
            url.set_query(None);
        } else {
            url.query_pairs_mut().clear().extend_pairs(others);
        }
        let driver = match dialect {
            Dialect::Postgres => url.to_string().replacen(url.scheme(), "postgresql", 1),
            Dialect::MySql => url.to_string().replacen(url.scheme(), "mysql", 1),
        };
        Ok(ServerUrl {
            dialect,
            driver,
            prefix,
            tls,
        })
    }

    pub fn dialect(&self) -> Dialect {
        self.dialect
    }

    pub fn driver_url(&self) -> &str {
        &self.driver
    }

    pub fn prefix(&self) -> &str {
        &self.prefix
    }

    /// TLS to the server, when the URL asks for it: how to verify, and a
    /// CA file to trust instead of the system's roots.
    pub fn tls(&self) -> Option<(Verify, Option<&std::path::Path>)> {
        self.tls
            .as_ref()
            .map(|(verify, ca)| (*verify, ca.as_deref()))
    }

    /// A file name for this store's change signal, the same in every
    /// process of a node (FNV-1a of the URL and prefix).
    pub fn signal_name(&self) -> String {
        let hash = self
            .driver
            .bytes()
            .chain(self.prefix.bytes())
            .fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
                (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
            });
        format!("store-{hash:016x}.changes")
    }

    /// The URL for messages and phpinfo(): no password.
    pub fn shown(&self) -> String {
        let shown = redact_url(&self.driver);
        if self.prefix.is_empty() {
            shown
        } else {
            format!("{shown} (tables {}mih_*)", self.prefix)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn store_urls_are_read_and_never_shown_with_their_password() {
        let url = ServerUrl::parse(
            "pgsql://moodle:s3cret@127.0.0.1:5432/moodle?prefix=mdl_&sslmode=disable",
        )
        .unwrap()
        .unwrap();
        assert_eq!(url.dialect(), Dialect::Postgres);
        assert_eq!(url.prefix(), "mdl_");
        assert_eq!(
            url.driver_url(),
            "postgresql://moodle:s3cret@127.0.0.1:5432/moodle"
        );
        assert!(!url.shown().contains("s3cret"), "{}", url.shown());
        let maria = ServerUrl::parse("mariadb://root@127.0.0.1/moodle")
            .unwrap()
            .unwrap();
        assert_eq!(
            (maria.dialect(), maria.driver_url()),
            (Dialect::MySql, "mysql://root@127.0.0.1/moodle")
        );
        assert!(ServerUrl::parse("/var/moodledata/hub.sqlite").is_none());
        for (bad, says) in [
            ("oracle://u:pw@h/db", "unknown scheme"),
            ("postgresql://u:s3cret@h/", "no database name"),
            ("mysql://u:s3cret@h/db?prefix=x;drop", "prefix may hold"),
            (
                "postgresql://u:s3cret@h/db?sslmode=prefer",
                "sslmode 'prefer' is not supported",
            ),
            (
                "mysql://u:s3cret@h/db?sslmode=require",
                "TLS to MariaDB/MySQL is not supported yet",
            ),
        ] {
            let err = ServerUrl::parse(bad).unwrap().unwrap_err();
            assert!(err.message().contains(says), "{bad}: {err}");
            assert!(!err.message().contains("s3cret"), "{err}");
        }
    }
}
