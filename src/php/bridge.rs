//! The Event Bridge's PHP classes: `rules` (the Rules page), `bridge` (the
//! observer and the dispatch task) and `dlq` (the Queue page).

use ext_php_rs::boxed::ZBox;
use ext_php_rs::convert::IntoZval;
use ext_php_rs::flags::ClassFlags;
use ext_php_rs::prelude::*;
use ext_php_rs::types::{ZendEmptyArray, ZendHashTable, Zval};
use serde_json::{Map, Value};

use super::admin::{object_from, rows};
use super::api::MihResponse;
use super::convert::to_array;
use crate::bridge::dlq::{DlqEntry, DlqListed};
use crate::bridge::drain::DrainOptions;
use crate::bridge::filter::Filter;
use crate::bridge::rules::Rule;
use crate::bridge::template::{mock_event, Template};
use crate::clock::unix_now;
use crate::error::{Error, Kind};
use crate::form::record_id;
use crate::hub::with_hub;
use crate::outbox::Waiting;
use crate::store::DlqFilter;

fn event_data(array: &ZendHashTable) -> crate::error::Result<Value> {
    object_from(array, "eventdata").map(Value::Object)
}

/// The Dead Letter Queue's filters from PHP's array; none: every entry.
fn dlq_filter(filters: Option<&ZendHashTable>) -> crate::error::Result<DlqFilter> {
    match filters {
        Some(array) => DlqFilter::from_fields(&object_from(array, "filters")?),
        None => Ok(DlqFilter::default()),
    }
}

/// Event Bridge rules (Rules page).
#[php_class]
#[php(name = "local_integrationhub\\rules")]
#[php(flags = ClassFlags::Final)]
pub struct Rules;

#[php_impl]
#[php(change_method_case = "snake_case")]
impl Rules {
    /// Creates (no `id`) or updates a rule; returns its id. Fields:
    /// `eventname`, `serviceid`, `endpoint`, `http_method`,
    /// `payload_template`, `enabled`. Invalid input throws `mih_exception`
    /// 'invalid_argument' with `fielderrors`; a template that cannot give
    /// valid JSON is refused with its line and column.
    pub fn save(fields: &ZendHashTable) -> PhpResult<i64> {
        let input = object_from(fields, "fields")?;
        let id = record_id(&input)?;
        Ok(with_hub(|hub| {
            let base = match id {
                0 => Rule::default(),
                id => hub.store.rule(id)?.ok_or_else(|| {
                    Error::new(Kind::RuleNotFound, format!("no rule with id {id}"))
                })?,
            };
            let names = &hub.config()?.names;
            let rule = base.apply(&input, |serviceid| names.contains_key(&serviceid))?;
            hub.store.save_rule(&rule)
        })?)
    }

    /// One rule, or null.
    pub fn get(id: i64) -> PhpResult<Option<ZBox<ZendHashTable>>> {
        let rule = with_hub(|hub| hub.store.rule(id))?;
        Ok(rule.map(|r| to_array(&r.to_map(), true)).transpose()?)
    }

    /// Every rule, by event name.
    pub fn all() -> PhpResult<ZBox<ZendHashTable>> {
        let all = with_hub(|hub| hub.store.rules())?;
        Ok(rows(all.iter().map(Rule::to_map).collect())?)
    }

    pub fn delete(id: i64) -> PhpResult<()> {
        Ok(with_hub(|hub| hub.store.delete_rule(id))?)
    }

    /// Preview Payload: renders `$template` with `$eventdata` (or mock data
    /// of a `\core\event\user_created`). Returns `payload` (pretty JSON or
    /// null), `unknown` (placeholders without a value) and `error` (null or
    /// why it cannot render); with a `$filter`, also `filter` (whether the
    /// event passes it; null when the filter is empty or cannot compile) and
    /// `filter_error` (null or why it cannot compile).
    pub fn preview(
        template: &str,
        eventdata: Option<&ZendHashTable>,
        filter: Option<String>,
    ) -> PhpResult<ZBox<ZendHashTable>> {
        let data = match eventdata {
            Some(array) => event_data(array)?,
            None => mock_event(unix_now() as i64),
        };
        let mut result = Map::new();
        let (passes, filter_error) = match Filter::compile(filter.as_deref().unwrap_or("")) {
            Ok(f) if f.is_empty() => (Value::Null, Value::Null),
            Ok(f) => (f.matches(&data).into(), Value::Null),
            Err(err) => (Value::Null, err.message().into()),
        };

        match Template::compile(template).and_then(|t| t.render(&data)) {
            Ok(rendered) => {
                let pretty = serde_json::to_string_pretty(&rendered.payload).unwrap_or_default();
                result.insert("payload".into(), pretty.into());
                result.insert("unknown".into(), rendered.unknown.into());
                result.insert("error".into(), Value::Null);
            }
            Err(err) => {
                result.insert("payload".into(), Value::Null);
                result.insert("unknown".into(), Value::Array(Vec::new()));
                result.insert("error".into(), err.message().into());
            }
        }
        result.insert("filter".into(), passes);
        result.insert("filter_error".into(), filter_error);
        Ok(to_array(&result, true)?)
    }
}

/// The Event Bridge at run time (observer and dispatch task).
#[php_class]
#[php(name = "local_integrationhub\\bridge")]
#[php(flags = ClassFlags::Final)]
pub struct Bridge;

#[php_impl]
#[php(change_method_case = "snake_case")]
impl Bridge {
    /// Ids of the active rules for an event class (leading backslash
    /// optional). Answered from an in-process index; no store query unless
    /// rules or services changed.
    pub fn matching(eventname: &str) -> PhpResult<Zval> {
        let ids = with_hub(|hub| Ok(hub.matching(eventname)?.to_vec()))?;
        let mut zval = Zval::new();
        if ids.is_empty() {
            // PHP's shared immutable empty array: nothing to allocate.
            ZendEmptyArray.set_zval(&mut zval, false)?;
        } else {
            zval.set_array(ids)?;
        }
        Ok(zval)
    }

    /// Renders the event through the rule and sends it; the log row records
    /// the rule and the event. A rule or service that no longer exists
    /// throws `rule_not_found` / `service_not_found`; a template that cannot
    /// render throws `invalid_argument`. Transport failures are responses.
    pub fn dispatch(ruleid: i64, eventdata: &ZendHashTable) -> PhpResult<MihResponse> {
        let data = event_data(eventdata)?;
        Ok(with_hub(|hub| hub.dispatch(ruleid, &data))?.into())
    }

    /// Appends the event to the outbox, for rule `$ruleid` or (null) for
    /// every active rule its `eventname` matches; returns how many
    /// deliveries were added (0 when no rule matches). `$attempts` and
    /// `$error` carry tries an older task already made. Durable when it
    /// returns: the drain delivers it.
    #[php(defaults(ruleid = None, attempts = 0, error = "\"\""))]
    pub fn enqueue(
        eventdata: &ZendHashTable,
        ruleid: Option<i64>,
        attempts: i64,
        error: &str,
    ) -> PhpResult<i64> {
        let data = event_data(eventdata)?;
        let added = with_hub(|hub| hub.enqueue(&data, ruleid, attempts, error))?;
        Ok(added as i64)
    }

    /// Delivers what is due in the outbox. Options: `seconds` (start no
    /// pass after this many, default 50), `concurrency` (calls in flight
    /// per service, default 4), `batch` (deliveries per rule per pass,
    /// default 500), `first_retry` (seconds before a failed try is retried,
    /// doubled each time, default 60). Returns `delivered`, `retried`,
    /// `dead` (moved to the Dead Letter Queue), `waiting` (left in the
    /// outbox) and `busy` (another drain was running: nothing sent).
    pub fn drain(options: Option<&ZendHashTable>) -> PhpResult<ZBox<ZendHashTable>> {
        let options = match options {
            Some(array) => DrainOptions::from_fields(&object_from(array, "options")?)?,
            None => DrainOptions::default(),
        };
        let report = with_hub(|hub| hub.drain(&options))?;
        Ok(to_array(&report.to_map(), true)?)
    }

    /// What waits in the outbox, one row per rule: `ruleid`, `eventname`,
    /// `count`, `oldest` (when the oldest was appended), and that oldest
    /// delivery's `attempts`, `error` and `next_at` (the later ones wait
    /// behind it).
    pub fn waiting() -> PhpResult<ZBox<ZendHashTable>> {
        let waiting = with_hub(|hub| hub.store.outbox_waiting())?;
        Ok(rows(waiting.iter().map(Waiting::to_map).collect())?)
    }

    /// What dispatching would send, as Dead Letter Queue fields:
    /// `eventname`, `ruleid`, `serviceid`, `endpoint`, `http_method`,
    /// `payload` (the rendered JSON).
    pub fn render(ruleid: i64, eventdata: &ZendHashTable) -> PhpResult<ZBox<ZendHashTable>> {
        let data = event_data(eventdata)?;
        let fields = with_hub(|hub| Ok(hub.render(ruleid, &data)?.dlq_fields()))?;
        Ok(to_array(&fields, true)?)
    }
}

/// The Dead Letter Queue (Queue page).
#[php_class]
#[php(name = "local_integrationhub\\dlq")]
#[php(flags = ClassFlags::Final)]
pub struct Dlq;

#[php_impl]
#[php(change_method_case = "snake_case")]
impl Dlq {
    /// Stores an event that could not be delivered; returns its id. Fields:
    /// `eventname`, `ruleid`, `serviceid`, `endpoint` (at most 8192 bytes),
    /// `http_method`, `payload` (JSON text or an array, at most 8 MiB;
    /// required), `error` (cut to 8192 bytes), `attempts`, `delivery_id`
    /// (the idempotency key its replays carry, at most 64 printable ASCII).
    pub fn push(entry: &ZendHashTable) -> PhpResult<i64> {
        let entry = DlqEntry::from_fields(&object_from(entry, "entry")?)?;
        Ok(with_hub(|hub| hub.store.push_dlq(&entry))?)
    }

    /// Entries, newest first, without their whole payloads: each row has
    /// `payload_preview` (the payload's first 1024 bytes, cut on a character
    /// boundary) and `payload_bytes` (its size) instead of `payload`. The
    /// whole payload comes from `dlq::get`. Filters as `dlq::count_matching`'s.
    #[php(defaults(limit = 50, offset = 0))]
    pub fn all(
        limit: i64,
        offset: i64,
        filters: Option<&ZendHashTable>,
    ) -> PhpResult<ZBox<ZendHashTable>> {
        let filter = dlq_filter(filters)?;
        let limit = u32::try_from(limit.clamp(0, 10_000)).unwrap_or(50);
        let offset = u32::try_from(offset.max(0)).unwrap_or(0);
        let entries = with_hub(|hub| hub.store.dlq(&filter, limit, offset))?;
        Ok(rows(entries.iter().map(DlqListed::to_map).collect())?)
    }

    /// How many entries match the filters, each optional: `serviceid`,
    /// `eventname`, `since` and `until` (Unix seconds on the entry's
    /// `timecreated`, both included). Unknown keys and bad values throw
    /// `invalid_argument` naming them.
    pub fn count_matching(filters: Option<&ZendHashTable>) -> PhpResult<i64> {
        let filter = dlq_filter(filters)?;
        Ok(with_hub(|hub| hub.store.dlq_count(&filter, 0))?)
    }

    /// One entry with its whole payload, or null.
    pub fn get(id: i64) -> PhpResult<Option<ZBox<ZendHashTable>>> {
        let entry = with_hub(|hub| hub.store.dlq_entry(id))?;
        Ok(entry.map(|e| to_array(&e.to_map(), true)).transpose()?)
    }

    pub fn delete(id: i64) -> PhpResult<()> {
        Ok(with_hub(|hub| hub.store.delete_dlq(id))?)
    }

    /// Sends the stored payload exactly as stored. Success removes the
    /// entry; failure keeps it with the new error and one more attempt.
    pub fn replay(id: i64) -> PhpResult<MihResponse> {
        Ok(with_hub(|hub| hub.replay(id))?.into())
    }

    /// Replays the entries the filters (as `dlq::count_matching`'s) match,
    /// oldest first, at most `$limit`, each as `dlq::replay` does. Returns
    /// `replayed` (sent, so removed), `failed` (kept, with one more attempt
    /// and the new error) and `remaining` (matching entries not tried
    /// because of the limit).
    #[php(defaults(limit = 1000))]
    pub fn replay_matching(
        filters: Option<&ZendHashTable>,
        limit: i64,
    ) -> PhpResult<ZBox<ZendHashTable>> {
        let filter = dlq_filter(filters)?;
        let limit = u64::try_from(limit).unwrap_or(0);
        let report = with_hub(|hub| hub.replay_matching(&filter, limit))?;
        Ok(to_array(&report.to_map(), true)?)
    }
}
