//! Coarse calls for the admin pages: one call per page.

use ext_php_rs::boxed::ZBox;
use ext_php_rs::flags::ClassFlags;
use ext_php_rs::prelude::*;
use ext_php_rs::types::{ZendHashTable, Zval};
use serde_json::{Map, Value};

use super::convert::{array_to_json, to_array};
use crate::clock::unix_now;
use crate::error::{Error, Kind, Result};
use crate::form;
use crate::hub::with_hub;
use crate::service::Service;
use crate::store::{LogEntry, LogFilter, StoreLocation};

pub(crate) fn object_from(array: &ZendHashTable, what: &str) -> Result<Map<String, Value>> {
    match array_to_json(array, what)? {
        Value::Object(map) => Ok(map),
        Value::Array(items) if items.is_empty() => Ok(Map::new()),
        _ => Err(Error::invalid(format!(
            "{what} must be an array keyed by field name"
        ))),
    }
}

pub(crate) fn rows(rows: Vec<Map<String, Value>>) -> Result<ZBox<ZendHashTable>> {
    let mut array = ZendHashTable::with_capacity(rows.len().try_into().unwrap_or(u32::MAX));
    for row in rows {
        let mut zval = Zval::new();
        zval.set_hashtable(to_array(&row, true)?);
        array
            .push(zval)
            .map_err(|e| Error::new(Kind::Internal, e.to_string()))?;
    }
    Ok(array)
}

/// Registered services (admin pages).
#[php_class]
#[php(name = "local_integrationhub\\services")]
#[php(flags = ClassFlags::Final)]
pub struct Services;

#[php_impl]
#[php(change_method_case = "snake_case")]
impl Services {
    /// Creates (no `id`) or updates a service; returns its id. Invalid input
    /// throws `mih_exception` 'invalid_argument' with `fielderrors`
    /// ['field' => 'message']. A blank `auth_token` keeps the stored one.
    pub fn save(fields: &ZendHashTable) -> PhpResult<i64> {
        let input = object_from(fields, "fields")?;
        let id = form::record_id(&input)?;
        Ok(with_hub(|hub| {
            let base = match id {
                0 => Service::default(),
                id => hub.store.service_by_id(id)?.ok_or_else(|| {
                    Error::new(Kind::ServiceNotFound, format!("no service with id {id}"))
                })?,
            };
            let service = base.apply(&input)?;
            hub.store.save_service(&service)
        })?)
    }

    /// One service by id or name, without secrets (`has_token`,
    /// `token_hint`); null when there is none.
    pub fn get(idorname: &Zval) -> PhpResult<Option<ZBox<ZendHashTable>>> {
        let found = with_hub(|hub| match (idorname.long(), idorname.str()) {
            (Some(id), _) => hub.store.service_by_id(id),
            (_, Some(name)) => match name.parse::<i64>() {
                Ok(id) => hub.store.service_by_id(id),
                Err(_) => hub.store.service_by_name(name),
            },
            _ => Err(Error::invalid("idorname must be an id or a name")),
        })?;
        Ok(found.map(|s| to_array(&s.to_public(), true)).transpose()?)
    }

    /// Dashboard rows: configuration without secrets, breaker `state`,
    /// `failures`, `retry_in` (s), `avg_latency_24h` (ms), `errors_24h`,
    /// `last_used` (Unix time).
    pub fn all() -> PhpResult<ZBox<ZendHashTable>> {
        let all = with_hub(|hub| crate::dashboard::rows(hub.store_flushed()?, unix_now()))?;
        Ok(rows(all)?)
    }

    /// Deletes a service with its rules, log rows and breaker state.
    pub fn delete(id: i64) -> PhpResult<()> {
        Ok(with_hub(|hub| hub.store_flushed()?.delete_service(id))?)
    }
}

/// Circuit breakers (dashboard actions).
#[php_class]
#[php(name = "local_integrationhub\\breakers")]
#[php(flags = ClassFlags::Final)]
pub struct Breakers;

#[php_impl]
#[php(change_method_case = "snake_case")]
impl Breakers {
    /// Closes one service's circuit and zeroes its failure count.
    pub fn reset(serviceid: i64) -> PhpResult<()> {
        Ok(with_hub(|hub| hub.store.reset_breakers(Some(serviceid)))?)
    }

    /// Closes every circuit and zeroes every failure count.
    pub fn reset_all() -> PhpResult<()> {
        Ok(with_hub(|hub| hub.store.reset_breakers(None))?)
    }
}

/// The request log (Events and Logs pages).
#[php_class]
#[php(name = "local_integrationhub\\request_log")]
#[php(flags = ClassFlags::Final)]
pub struct RequestLog;

#[php_impl]
#[php(change_method_case = "snake_case")]
impl RequestLog {
    /// Log rows, newest first. Filters: `serviceid`, `success`, `ruleid`,
    /// `eventname`, `bridge` (true: Event Bridge dispatches only, false:
    /// direct calls only), `since` (Unix time).
    #[php(defaults(limit = 50, offset = 0))]
    pub fn query(
        filters: Option<&ZendHashTable>,
        limit: i64,
        offset: i64,
    ) -> PhpResult<ZBox<ZendHashTable>> {
        let filter = match filters {
            Some(array) => LogFilter::from_fields(&object_from(array, "filters")?)?,
            None => LogFilter::default(),
        };
        let limit = u32::try_from(limit.clamp(0, 10_000)).unwrap_or(50);
        let offset = u32::try_from(offset.max(0)).unwrap_or(0);
        let found = with_hub(|hub| hub.store_flushed()?.query_log(&filter, limit, offset))?;
        Ok(rows(found)?)
    }

    /// Appends rows to the log as they are given (times included): MIH 2.0's
    /// log, moved on upgrade. Each row: `serviceid`, `timecreated` (both
    /// required), `endpoint`, `http_method`, `httpstatus`, `latencyms`,
    /// `attempts`, `success`, `error`, `direction` (inbound or outbound).
    /// Give them oldest first. The log then keeps its newest rows as
    /// always. Returns how many were added; a bad row refuses them all,
    /// naming the row and its fields.
    pub fn import(rows: &ZendHashTable) -> PhpResult<i64> {
        let mut entries = Vec::new();
        for (index, (_, row)) in rows.iter().enumerate() {
            let fields = row
                .array()
                .ok_or_else(|| Error::invalid(format!("row {index}: must be an array")))
                .and_then(|array| object_from(array, "row"))
                .and_then(|fields| LogEntry::from_fields(&fields))
                .map_err(|err| Error::invalid(format!("row {index}: {}", err.message())))?;
            entries.push(fields);
        }
        let added = entries.len() as i64;
        with_hub(|hub| {
            let keep = hub.settings.log_max;
            hub.store_flushed()?.append_log(&entries, keep)
        })?;
        Ok(added)
    }

    /// The dashboard charts' figures: `success` and `failure` counts over
    /// the log kept, `latencies` of the last 200 calls (oldest first), and
    /// per-service figures over 24 hours (`calls`, `errors`, `avg_latency`).
    pub fn stats() -> PhpResult<ZBox<ZendHashTable>> {
        let stats = with_hub(|hub| crate::dashboard::stats(hub.store_flushed()?, unix_now()))?;
        Ok(to_array(&stats, true)?)
    }
}

/// Moving a site's store (the store setting page).
#[php_class]
#[php(name = "local_integrationhub\\stores")]
#[php(flags = ClassFlags::Final)]
pub struct Stores;

#[php_impl]
#[php(change_method_case = "snake_case")]
impl Stores {
    /// Copies services (secrets included), rules and the Dead Letter Queue
    /// from the store `$from` into the empty store `$to` (each a SQLite file
    /// path or a `postgresql://` / `mysql://` URL); returns the counts
    /// (`services`, `rules`, `dlq`). Breakers start closed; the request log
    /// stays behind.
    pub fn copy(from: &str, to: &str) -> PhpResult<ZBox<ZendHashTable>> {
        let copied = (|| -> Result<crate::store::Copied> {
            let mut source = StoreLocation::parse(from)?.open()?;
            let mut target = StoreLocation::parse(to)?.open()?;
            crate::store::copy(source.as_mut(), target.as_mut())
        })()?;
        let mut counts = Map::new();
        counts.insert("services".into(), copied.services.into());
        counts.insert("rules".into(), copied.rules.into());
        counts.insert("outbox".into(), copied.outbox.into());
        counts.insert("dlq".into(), copied.dlq.into());
        Ok(to_array(&counts, true)?)
    }
}
