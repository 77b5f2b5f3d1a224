//! The PHP class `webhooks`: the plugin's `webhook.php` hands each inbound
//! request to it and fires the Moodle event for what it accepts.

use std::collections::HashMap;

use ext_php_rs::boxed::ZBox;
use ext_php_rs::flags::ClassFlags;
use ext_php_rs::prelude::*;
use ext_php_rs::types::{ZendHashTable, Zval};
use serde_json::{Map, Value};

use super::convert::to_array;
use crate::hub::with_hub;
use crate::inbound::{unavailable, Request};

/// Inbound webhooks.
#[php_class]
#[php(name = "local_integrationhub\\webhooks")]
#[php(flags = ClassFlags::Final)]
pub struct Webhooks;

#[php_impl]
#[php(change_method_case = "snake_case")]
impl Webhooks {
    /// Checks an inbound webhook: `$method` (only POST is taken), `$service`
    /// (the `service` query parameter), `$headers` (name => value, any case,
    /// as getallheaders() gives them), `$body` (the raw body). Returns
    /// `status` (the HTTP status to answer: 200, or 400, 403, 404, 405, 409,
    /// 413, 503), `success`, `error` (null or why), and for an accepted one
    /// `serviceid`, `servicename` and `payload` (the decoded JSON).
    pub fn receive(
        method: &str,
        service: &str,
        headers: &ZendHashTable,
        body: &Zval,
    ) -> PhpResult<ZBox<ZendHashTable>> {
        let headers: HashMap<String, String> = headers
            .iter()
            .filter_map(|(key, value)| Some((key.to_string(), value.string()?)))
            .collect();
        let body = body.binary::<u8>().unwrap_or_default();
        let request = Request {
            method,
            service,
            headers: &headers,
            body: &body,
        };
        let accepted =
            with_hub(|hub| hub.receive_webhook(&request)).unwrap_or_else(|err| unavailable(&err));
        let mut answer = Map::new();
        answer.insert("status".into(), accepted.status.into());
        answer.insert("success".into(), (accepted.status == 200).into());
        answer.insert("error".into(), accepted.error.into());
        let (serviceid, servicename) = accepted.service.unzip();
        answer.insert("serviceid".into(), serviceid.into());
        answer.insert("servicename".into(), servicename.into());
        answer.insert("payload".into(), accepted.payload.unwrap_or(Value::Null));
        Ok(to_array(&answer, true)?)
    }
}

/// AMQP response queues (MIH 2.0's `response_queue`), read by the plugin's
/// scheduled task into `webhook_received` events.
#[php_class]
#[php(name = "local_integrationhub\\responses")]
#[php(flags = ClassFlags::Final)]
pub struct Responses;

#[php_impl]
#[php(change_method_case = "snake_case")]
impl Responses {
    /// Takes up to `$max` messages of the service's response queue, not yet
    /// acknowledged: a list of `tag` and `payload` (the decoded JSON). A
    /// message that is not JSON is acknowledged and logged, not returned.
    /// Settle every one with `settle()`; one left unsettled goes back to
    /// the queue when the connection closes.
    #[php(defaults(max = 50))]
    pub fn take(service: &str, max: i64) -> PhpResult<ZBox<ZendHashTable>> {
        let max = u32::try_from(max.clamp(0, 10_000)).unwrap_or(50);
        let taken = with_hub(|hub| hub.take_responses(service, max))?;
        let rows = taken
            .into_iter()
            .map(|message| {
                let mut row = Map::new();
                row.insert("tag".into(), message.tag.into());
                row.insert("payload".into(), message.payload);
                row
            })
            .collect();
        Ok(super::admin::rows(rows)?)
    }

    /// Acknowledges the messages of `$done` (tags) and gives those of
    /// `$requeue` back to the queue.
    pub fn settle(service: &str, done: Vec<i64>, requeue: Vec<i64>) -> PhpResult<()> {
        let tags = |list: Vec<i64>| {
            list.into_iter()
                .map(|t| t.max(0) as u64)
                .collect::<Vec<_>>()
        };
        Ok(with_hub(|hub| {
            hub.settle_responses(service, &tags(done), &tags(requeue))
        })?)
    }
}
