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
