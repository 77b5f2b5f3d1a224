//! Moving a site's store: services (secrets included), rules, the events
//! waiting in the outbox and the Dead Letter Queue, from one store into an
//! empty one — the SQLite file into the
//! site's database server when a site grows to several web nodes. Breakers
//! start closed and the request log (history) stays behind.

use std::collections::HashMap;

use super::{DlqFilter, Store};
use crate::bridge::dlq::DlqEntry;
use crate::error::{Error, Result};
use crate::outbox::NewDelivery;
use crate::transport::Method;

/// What a copy moved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Copied {
    pub services: usize,
    pub rules: usize,
    pub outbox: usize,
    pub dlq: usize,
}

/// DLQ entries read per query.
const PAGE: u32 = 500;

pub fn copy(from: &mut dyn Store, to: &mut dyn Store) -> Result<Copied> {
    if !to.services()?.is_empty() {
        return Err(Error::invalid(
            "the target store already holds services: copy only into an empty store",
        ));
    }
    // Every DLQ entry must fit every store: refuse before writing anything.
    let mut ids = Vec::new();
    for offset in (0..).step_by(PAGE as usize) {
        let page = from.dlq(&DlqFilter::default(), PAGE, offset)?;
        let last = page.len() < PAGE as usize;
        for listed in page {
            if let Some(problem) = listed.out_of_bounds() {
                return Err(Error::invalid(format!(
                    "DLQ entry {} cannot be copied ({problem}): replay or delete it first",
                    listed.entry.id
                )));
            }
            ids.push(listed.entry.id);
        }
        if last {
            break;
        }
    }
    let mut copied = Copied::default();
    let mut services = HashMap::new();
    for service in from.services()? {
        let old = service.id;
        services.insert(old, to.save_service(&super::Service { id: 0, ..service })?);
        copied.services += 1;
    }
    let mut rules = HashMap::new();
    for rule in from.rules()? {
        let Some(&serviceid) = services.get(&rule.serviceid) else {
            continue; // Its service is gone: the rule could never run.
        };
        let old = rule.id;
        rules.insert(
            old,
            to.save_rule(&super::Rule {
                id: 0,
                serviceid,
                ..rule
            })?,
        );
        copied.rules += 1;
    }
    // Oldest first, so the queue keeps its order; one whole payload in
    // memory at a time.
    for id in ids.into_iter().rev() {
        let Some(entry) = from.dlq_entry(id)? else {
            continue;
        };
        to.push_dlq(&DlqEntry {
            id: 0,
            ruleid: entry.ruleid.and_then(|id| rules.get(&id).copied()),
            serviceid: entry.serviceid.and_then(|id| services.get(&id).copied()),
            ..entry
        })?;
        copied.dlq += 1;
    }
    copy_outbox(from, to, &rules, &mut copied)?;
    Ok(copied)
}

/// The events waiting in the outbox, each rule's in order, with their
/// keys, attempts and errors. An event whose rule was not copied (its
/// service is gone) goes to the target's Dead Letter Queue: kept, never
/// pointed at another rule that took its id.
fn copy_outbox(
    from: &mut dyn Store,
    to: &mut dyn Store,
    rules: &HashMap<i64, i64>,
    copied: &mut Copied,
) -> Result<()> {
    for waiting in from.outbox_waiting()? {
        let mut after = 0;
        loop {
            let page = from.outbox_rule(waiting.ruleid, after, PAGE)?;
            let Some(last) = page.last() else {
                break;
            };
            after = last.id;
            match rules.get(&waiting.ruleid) {
                Some(&ruleid) => {
                    let moved: Vec<NewDelivery> = page
                        .into_iter()
                        .map(|d| NewDelivery { ruleid, ..d.fields })
                        .collect();
                    to.outbox_append(&moved)?;
                    copied.outbox += moved.len();
                }
                None => {
                    for d in page {
                        to.push_dlq(&DlqEntry {
                            id: 0,
                            eventname: d.fields.eventname,
                            ruleid: None,
                            serviceid: None,
                            endpoint: String::new(),
                            http_method: Method::Post,
                            payload: d.fields.eventdata,
                            error: format!(
                                "waiting in the outbox for rule {}, which was not copied",
                                waiting.ruleid
                            ),
                            attempts: d.fields.attempts,
                            delivery_id: d.fields.delivery_id,
                            timecreated: 0,
                            timemodified: 0,
                        })?;
                        copied.dlq += 1;
                    }
                }
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bridge::rules::Rule;
    use crate::service::Service;
    use crate::store::SqliteStore;
    use serde_json::json;

    #[test]
    fn services_rules_and_the_queue_move_with_their_links_and_secrets() {
        let mut from = SqliteStore::in_memory().unwrap();
        let mut to = SqliteStore::in_memory().unwrap();
        let filler = from.save_service(&service("filler", "")).unwrap();
        let id = from.save_service(&service("api", "s3cret-token")).unwrap();
        from.delete_service(filler).unwrap();
        let rule = from
            .save_rule(&Rule {
                eventname: "\\core\\event\\x".into(),
                serviceid: id,
                ..Rule::default()
            })
            .unwrap();
        for n in 0..3 {
            from.push_dlq(&DlqEntry {
                id: 0,
                eventname: "\\core\\event\\x".into(),
                ruleid: Some(rule),
                serviceid: Some(id),
                endpoint: "/".into(),
                http_method: Method::Post,
                payload: format!("{{\"n\": {n}}}"),
                error: "HTTP 503".into(),
                attempts: 5,
                delivery_id: format!("key-{n}"),
                timecreated: 0,
                timemodified: 0,
            })
            .unwrap();
        }
        let waiting = |ruleid: i64, n: i64| NewDelivery {
            delivery_id: format!("wait-{ruleid}-{n}"),
            ruleid,
            eventname: "\\core\\event\\x".into(),
            eventdata: format!("{{\"n\": {n}}}"),
            attempts: n,
            error: "HTTP 500".into(),
            next_at: 0.0,
        };
        // Rule 999 does not exist: its event lands in the target's queue.
        from.outbox_append(&[waiting(rule, 1), waiting(999, 1), waiting(rule, 2)])
            .unwrap();
        let copied = copy(&mut from, &mut to).unwrap();
        assert_eq!(
            copied,
            Copied {
                services: 1,
                rules: 1,
                outbox: 2,
                dlq: 4
            }
        );
        let moved = to.service_by_name("api").unwrap().unwrap();
        assert_eq!(moved.auth_token, "s3cret-token");
        let rules = to.rules().unwrap();
        assert_eq!(rules[0].serviceid, moved.id);
        let queue: Vec<_> = to
            .dlq(&DlqFilter::default(), 10, 0)
            .unwrap()
            .into_iter()
            .map(|listed| listed.entry)
            .collect();
        assert_eq!(queue[1].payload, "{\"n\": 2}");
        assert!(queue[1..]
            .iter()
            .all(|e| e.serviceid == Some(moved.id) && e.ruleid == Some(rules[0].id)));
        assert_eq!(
            (queue[0].delivery_id.as_str(), queue[0].ruleid),
            ("wait-999-1", None)
        );
        let outbox = to.outbox_rule(rules[0].id, 0, 10).unwrap();
        assert_eq!(
            outbox.iter().map(|d| &d.fields).collect::<Vec<_>>(),
            [
                &NewDelivery {
                    ruleid: rules[0].id,
                    ..waiting(rule, 1)
                },
                &NewDelivery {
                    ruleid: rules[0].id,
                    ..waiting(rule, 2)
                }
            ]
        );
        // Never into a store that holds services already.
        assert!(copy(&mut from, &mut to)
            .unwrap_err()
            .message()
            .contains("empty store"));
    }

    /// An entry an older version kept, larger than any store now holds,
    /// stops the copy before anything is written, naming the entry.
    #[test]
    fn an_entry_beyond_the_bounds_is_named_before_anything_is_copied() {
        let mut from = SqliteStore::in_memory().unwrap();
        let mut to = SqliteStore::in_memory().unwrap();
        from.save_service(&service("api", "")).unwrap();
        let old = DlqEntry::from_fields(json!({"payload": {"n": 1}}).as_object().unwrap()).unwrap();
        let payload = format!("\"{}\"", "x".repeat(crate::bridge::dlq::PAYLOAD_MAX_BYTES));
        let id = from.push_dlq(&DlqEntry { payload, ..old }).unwrap();
        let err = copy(&mut from, &mut to).unwrap_err();
        assert_eq!(err.code(), "invalid_argument");
        assert!(
            err.message().starts_with(&format!(
                "DLQ entry {id} cannot be copied (payload: at most 8388608 bytes (8 MiB); this one has 8388610)"
            )),
            "{err}"
        );
        assert!(to.services().unwrap().is_empty());
    }

    fn service(name: &str, token: &str) -> Service {
        let auth = if token.is_empty() { "none" } else { "bearer" };
        Service::default()
            .apply(
                json!({"name": name, "base_url": "http://127.0.0.1:9/", "auth_type": auth, "auth_token": token})
                    .as_object()
                    .unwrap(),
            )
            .unwrap()
    }
}
