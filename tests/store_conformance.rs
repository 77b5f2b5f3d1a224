//! One conformance suite for every `Store`: the embedded SQLite file, the
//! local PostgreSQL (127.0.0.1:5432, trust) and the local MariaDB
//! (127.0.0.1:3306, root without password). Each server run gets a database
//! of its own, dropped afterwards.

use std::time::Duration;

use mih::bridge::dlq::{DlqEntry, ENDPOINT_MAX_BYTES, PAYLOAD_MAX_BYTES};
use mih::bridge::rules::{Rule, ENDPOINT_MAX_LEN, EVENTNAME_MAX_LEN, TEMPLATE_MAX_LEN};
use mih::outbox::{NewDelivery, Retry, Settlement, DRAIN_LEASE};
use mih::resilience::breaker::{Breaker, State};
use mih::service::{Service, NAME_MAX_LEN, TOKEN_MAX_LEN, URL_MAX_LEN};
use mih::store::{
    Direction, DlqFilter, LogEntry, LogFilter, Store, StoreLocation, StoredBreaker, ERROR_MAX_BYTES,
};
use mih::text::CUT_MARKER;
use mih::transport::Method;
use postgres::NoTls;
use serde_json::json;

/// Where a backend's stores are opened, and how to clean up after them.
struct Backend {
    name: &'static str,
    location: String,
    cleanup: Box<dyn Fn()>,
    /// Has the server drop every connection to the test's database.
    drop_connections: Box<dyn Fn()>,
    /// How long another connection may take to see a configuration change.
    propagation: Duration,
}

impl Drop for Backend {
    fn drop(&mut self) {
        (self.cleanup)();
    }
}

fn unique(kind: &str) -> String {
    format!(
        "mih_conf_{kind}_{}_{}",
        std::process::id(),
        fastrand::u32(..)
    )
}

fn sqlite() -> Backend {
    let dir = tempfile::tempdir().unwrap();
    let location = dir.path().join("hub.sqlite").display().to_string();
    Backend {
        name: "sqlite",
        location,
        cleanup: Box::new(move || {
            let _ = dir.path();
        }),
        drop_connections: Box::new(|| {}),
        propagation: Duration::ZERO,
    }
}

fn postgresql() -> Backend {
    let db = unique("pg");
    let admin = "postgresql://postgres@127.0.0.1:5432/postgres";
    let mut client = postgres::Client::connect(admin, NoTls)
        .expect("PostgreSQL on 127.0.0.1:5432 (user postgres, trust): start it with pg_ctlcluster");
    client
        .batch_execute(&format!("CREATE DATABASE {db}"))
        .unwrap();
    let killed = db.clone();
    Backend {
        name: "postgresql",
        location: format!("postgresql://postgres@127.0.0.1:5432/{db}?prefix=mdl_"),
        cleanup: Box::new(move || {
            if let Ok(mut client) = postgres::Client::connect(admin, NoTls) {
                let _ = client.batch_execute(&format!("DROP DATABASE IF EXISTS {db} WITH (FORCE)"));
            }
        }),
        drop_connections: Box::new(move || {
            let mut client = postgres::Client::connect(admin, NoTls).unwrap();
            client
                .batch_execute(&format!(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{killed}'"
                ))
                .unwrap();
        }),
        propagation: Duration::from_millis(1100),
    }
}

fn mariadb() -> Backend {
    use mysql::prelude::Queryable;
    let db = unique("my");
    let admin = "mysql://root@127.0.0.1:3306/";
    let mut conn = mysql::Conn::new(mysql::Opts::from_url(admin).unwrap())
        .expect("MariaDB on 127.0.0.1:3306 (root, no password)");
    conn.query_drop(format!("CREATE DATABASE {db} CHARACTER SET utf8mb4"))
        .unwrap();
    let killed = db.clone();
    Backend {
        name: "mariadb",
        location: format!("mariadb://root@127.0.0.1:3306/{db}?prefix=mdl_"),
        cleanup: Box::new(move || {
            if let Ok(mut conn) = mysql::Conn::new(mysql::Opts::from_url(admin).unwrap()) {
                let _ = conn.query_drop(format!("DROP DATABASE IF EXISTS {db}"));
            }
        }),
        drop_connections: Box::new(move || {
            let mut conn = mysql::Conn::new(mysql::Opts::from_url(admin).unwrap()).unwrap();
            let ids: Vec<u64> = conn
                .query(format!(
                    "SELECT id FROM information_schema.processlist WHERE db = '{killed}'"
                ))
                .unwrap();
            for id in ids {
                let _ = conn.query_drop(format!("KILL {id}"));
            }
        }),
        propagation: Duration::from_millis(1100),
    }
}

fn open(backend: &Backend) -> Box<dyn Store> {
    StoreLocation::parse(&backend.location)
        .unwrap()
        .open()
        .unwrap()
}

fn service(name: &str) -> Service {
    Service::default()
        .apply(
            json!({"name": name, "base_url": "http://127.0.0.1:9/"})
                .as_object()
                .unwrap(),
        )
        .unwrap()
}

fn entry(serviceid: i64, success: bool) -> LogEntry {
    LogEntry {
        time: mih::clock::unix_now(),
        serviceid,
        endpoint: "/x".into(),
        method: "POST".into(),
        httpstatus: Some(if success { 200 } else { 500 }),
        latencyms: 1.5,
        attempts: 1,
        success,
        error: (!success).then(|| "HTTP 500".to_string()),
        ruleid: None,
        eventname: None,
        direction: Direction::Outbound,
    }
}

/// Runs every check on one backend.
fn conformance(backend: Backend) {
    let name = backend.name;
    for (check, run) in CHECKS {
        println!("{name}: {check}");
        run(&backend);
    }
}

type Check = (&'static str, fn(&Backend));

const CHECKS: &[Check] = &[
    (
        "services: unique names, updates keep the id, secrets and text round-trip",
        services,
    ),
    (
        "configuration changes reach other connections",
        config_version,
    ),
    (
        "breaker moves are compare-and-swap across connections",
        breaker_swaps,
    ),
    ("exactly one of many concurrent probes wins", one_probe),
    ("rules and the DLQ", rules_and_dlq),
    (
        "DLQ filters by service, event and time, oldest first after an id",
        dlq_filters,
    ),
    (
        "the outbox: per-rule order, settlement in one go, one drain's lease",
        outbox,
    ),
    (
        "every text holds exactly what validation accepts; one byte more is a field error",
        bounds,
    ),
    ("the log keeps the newest rows, filters, figures", log),
    (
        "deleting a service takes its rules, breaker and log rows",
        cascade,
    ),
    (
        "a connection the server drops is replaced at once",
        reconnects,
    ),
];

fn services(backend: &Backend) {
    let mut store = open(backend);
    let mut first = service("one");
    first.auth_token = "tøken-🔑".repeat(500);
    first.base_url = format!("https://example.com/{}", "ü".repeat(1000));
    let id = store.save_service(&first).unwrap();
    let read = store.service_by_name("one").unwrap().unwrap();
    assert_eq!(
        (read.id, &read.auth_token, &read.base_url),
        (id, &first.auth_token, &first.base_url)
    );
    let err = store.save_service(&service("one")).unwrap_err();
    assert!(err.fields()["name"].contains("already exists"), "{err}");
    let mut renamed = read.clone();
    renamed.name = "two".into();
    renamed.enabled = false;
    assert_eq!(store.save_service(&renamed).unwrap(), id);
    // Saving the same values again is not "not found".
    assert_eq!(store.save_service(&renamed).unwrap(), id);
    assert!(store.service_by_name("one").unwrap().is_none());
    let two = store.service_by_id(id).unwrap().unwrap();
    assert_eq!((two.name.as_str(), two.enabled), ("two", false));
    let mut ghost = service("ghost");
    ghost.id = 999_999;
    assert_eq!(
        store.save_service(&ghost).unwrap_err().code(),
        "service_not_found"
    );
    store.save_service(&service("alpha")).unwrap();
    let names: Vec<_> = store
        .services()
        .unwrap()
        .into_iter()
        .map(|s| s.name)
        .collect();
    assert_eq!(names, ["alpha", "two"]);
}

fn config_version(backend: &Backend) {
    let mut reader = open(backend);
    let mut writer = open(backend);
    let v0 = reader.config_version().unwrap();
    assert_eq!(reader.config_version().unwrap(), v0);
    let id = writer.save_service(&service("cv")).unwrap();
    std::thread::sleep(backend.propagation);
    let v1 = reader.config_version().unwrap();
    assert!(v1 != v0, "a new service moves the version");
    // Log rows are not configuration.
    writer.append_log(&[entry(id, true)], 0).unwrap();
    std::thread::sleep(backend.propagation);
    assert_eq!(reader.config_version().unwrap(), v1);
    writer.delete_service(id).unwrap();
    std::thread::sleep(backend.propagation);
    assert!(reader.config_version().unwrap() != v1);
}

fn breaker_swaps(backend: &Backend) {
    let mut one = open(backend);
    let mut two = open(backend);
    let id = one.save_service(&service("svc")).unwrap();
    assert_eq!(two.breaker(id).unwrap(), StoredBreaker::default());
    let open_breaker = Breaker {
        state: State::Open,
        failures: 5,
        opened_at: 1_700_000_000.25,
        probe_until: 0.0,
    };
    // Both saw version 0; only the first insert wins.
    assert!(one.swap_breaker(id, 0, &open_breaker).unwrap());
    assert!(!two.swap_breaker(id, 0, &Breaker::default()).unwrap());
    let stored = two.breaker(id).unwrap();
    assert_eq!((stored.breaker, stored.version), (open_breaker, 1));
    let half = Breaker {
        state: State::HalfOpen,
        probe_until: 1_700_000_040.5,
        ..open_breaker
    };
    assert!(two.swap_breaker(id, 1, &half).unwrap());
    assert!(!one.swap_breaker(id, 1, &half).unwrap());
    assert_eq!(one.breakers().unwrap()[&id].version, 2);
    one.reset_breakers(Some(id)).unwrap();
    let reset = two.breaker(id).unwrap();
    assert_eq!((reset.breaker, reset.version), (Breaker::default(), 3));
    // Resetting a closed breaker changes nothing.
    one.reset_breakers(None).unwrap();
    assert_eq!(two.breaker(id).unwrap().version, 3);
    // No row for a service that does not exist.
    assert!(!one.swap_breaker(999_999, 0, &open_breaker).unwrap());
}

fn one_probe(backend: &Backend) {
    let mut store = open(backend);
    let id = store.save_service(&service("probe")).unwrap();
    let open_breaker = Breaker {
        state: State::Open,
        failures: 5,
        opened_at: 1.0,
        probe_until: 0.0,
    };
    assert!(store.swap_breaker(id, 0, &open_breaker).unwrap());
    let half = Breaker {
        state: State::HalfOpen,
        probe_until: 99.0,
        ..open_breaker
    };
    // Eight connections, each seeing version 1, all asking for the probe at once.
    let mut stores: Vec<_> = (0..8).map(|_| open(backend)).collect();
    let barrier = std::sync::Barrier::new(stores.len());
    let wins: usize = std::thread::scope(|scope| {
        let handles: Vec<_> = stores
            .iter_mut()
            .map(|store| {
                let barrier = &barrier;
                scope.spawn(move || {
                    barrier.wait();
                    usize::from(store.swap_breaker(id, 1, &half).unwrap())
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).sum()
    });
    assert_eq!(wins, 1);
}

fn rules_and_dlq(backend: &Backend) {
    let mut store = open(backend);
    let sid = store.save_service(&service("r")).unwrap();
    let rule = Rule {
        eventname: "\\core\\event\\user_created".into(),
        serviceid: sid,
        endpoint: "/users".into(),
        http_method: Method::Put,
        payload_template: "{\"u\": {{userid}}, \"n\": \"{{fullname}} — ✓\"}".into(),
        filter: "other.name in ('é ✓', \"x\") and courseid >= 2".into(),
        ..Rule::default()
    };
    let rid = store.save_rule(&rule).unwrap();
    let read = store.rule(rid).unwrap().unwrap();
    assert_eq!(read.filter, rule.filter);
    assert_eq!(
        (
            read.eventname.as_str(),
            read.http_method,
            &read.payload_template
        ),
        (rule.eventname.as_str(), Method::Put, &rule.payload_template)
    );
    let mut edited = read.clone();
    edited.enabled = false;
    assert_eq!(store.save_rule(&edited).unwrap(), rid);
    assert!(!store.rules().unwrap()[0].enabled);
    let mut ghost = rule.clone();
    ghost.id = 999_999;
    assert_eq!(
        store.save_rule(&ghost).unwrap_err().code(),
        "rule_not_found"
    );

    let pushed = |n: i64| DlqEntry {
        id: 0,
        eventname: rule.eventname.clone(),
        ruleid: (n % 2 == 0).then_some(rid),
        serviceid: None,
        endpoint: "/users".into(),
        http_method: Method::Post,
        payload: format!("{{\"n\": {n}, \"s\": \"<script>é\"}}"),
        error: "HTTP 503".into(),
        attempts: 5,
        delivery_id: format!("key-{n}"),
        timecreated: 0,
        timemodified: 0,
    };
    let ids: Vec<i64> = (0..3)
        .map(|n| store.push_dlq(&pushed(n)).unwrap())
        .collect();
    let listed = store.dlq(&DlqFilter::default(), 2, 0).unwrap();
    assert_eq!(
        listed.iter().map(|e| e.entry.id).collect::<Vec<_>>(),
        [ids[2], ids[1]]
    );
    assert_eq!(
        (listed[0].entry.payload.as_str(), listed[0].payload_bytes),
        (pushed(2).payload.as_str(), pushed(2).payload.len() as i64)
    );
    assert_eq!(
        store.dlq(&DlqFilter::default(), 2, 2).unwrap()[0].entry.id,
        ids[0]
    );
    let first = store.dlq_entry(ids[0]).unwrap().unwrap();
    assert_eq!(
        (
            first.ruleid,
            first.serviceid,
            first.payload.as_str(),
            first.delivery_id.as_str()
        ),
        (Some(rid), None, pushed(0).payload.as_str(), "key-0")
    );
    store.dlq_failed_again(ids[0], "timeout").unwrap();
    let again = store.dlq_entry(ids[0]).unwrap().unwrap();
    assert_eq!((again.attempts, again.error.as_str()), (6, "timeout"));
    store.delete_dlq(ids[0]).unwrap();
    assert!(store.dlq_entry(ids[0]).unwrap().is_none());
    store.delete_rule(rid).unwrap();
    assert!(store.rule(rid).unwrap().is_none());
}

fn dlq_filters(backend: &Backend) {
    let mut store = open(backend);
    // Ids and names no other check uses: earlier checks left entries.
    let (s1, s2) = (900_001, 900_002);
    let (ev1, ev2) = ("\\mih\\event\\filter_one", "\\mih\\event\\filter_two");
    let mut push = |serviceid: Option<i64>, eventname: &str| {
        let entry =
            DlqEntry::from_fields(json!({"payload": {"e": eventname}}).as_object().unwrap())
                .unwrap();
        let id = store
            .push_dlq(&DlqEntry {
                serviceid,
                eventname: eventname.into(),
                ..entry
            })
            .unwrap();
        (id, store.dlq_entry(id).unwrap().unwrap().timecreated)
    };
    let (a1, earlier) = push(Some(s1), ev1);
    let (a2, _) = push(Some(s2), ev2);
    let (a3, _) = push(None, ev1);
    // The later entries in a later second.
    while (mih::clock::unix_now() as i64) <= earlier {
        std::thread::sleep(Duration::from_millis(50));
    }
    let (b1, later) = push(Some(s1), ev2);
    let (b2, _) = push(Some(s1), ev1);
    let (b3, _) = push(Some(s2), ev1);
    assert!(later > earlier);

    let mut ids = |filter: DlqFilter, after: i64, limit: u32| {
        store.dlq_matching(&filter, after, limit).unwrap()
    };
    let service = |id| DlqFilter {
        serviceid: Some(id),
        ..DlqFilter::default()
    };
    let event = |name: &str| DlqFilter {
        eventname: Some(name.into()),
        ..DlqFilter::default()
    };
    assert_eq!(ids(service(s1), 0, 10), [a1, b1, b2]);
    assert_eq!(ids(event(ev1), 0, 10), [a1, a3, b2, b3]);
    assert_eq!(ids(event(ev2), 0, 10), [a2, b1]);
    // Both ends included.
    let between = |since, until| DlqFilter {
        since,
        until,
        ..event(ev1)
    };
    assert_eq!(ids(between(Some(later), None), 0, 10), [b2, b3]);
    assert_eq!(ids(between(None, Some(earlier)), 0, 10), [a1, a3]);
    assert_eq!(ids(between(Some(earlier), Some(earlier)), 0, 10), [a1, a3]);
    assert!(ids(between(Some(later + 1), None), 0, 10).is_empty());
    let every_filter = DlqFilter {
        serviceid: Some(s1),
        ..between(Some(earlier), Some(later))
    };
    assert_eq!(ids(every_filter.clone(), 0, 10), [a1, b2]);
    // Paging: after an id, at most `limit`.
    assert_eq!(ids(DlqFilter::default(), a1, 2), [a2, a3]);
    assert_eq!(ids(DlqFilter::default(), a3, 2), [b1, b2]);
    assert_eq!(ids(event(ev1), b2, 2), [b3]);
    let counts = [
        (DlqFilter::default(), a1),
        (event(ev1), 0),
        (event(ev1), a3),
        (every_filter, 0),
    ]
    .map(|(filter, after)| store.dlq_count(&filter, after).unwrap());
    assert_eq!(counts, [5, 4, 2, 2]);
    // The listing takes the same filters, newest first.
    let listed: Vec<i64> = store
        .dlq(&service(s1), 10, 0)
        .unwrap()
        .iter()
        .map(|e| e.entry.id)
        .collect();
    assert_eq!(listed, [b2, b1, a1]);
    assert_eq!(store.dlq(&service(s1), 1, 1).unwrap()[0].entry.id, b1);
    store.delete_dlq(b2).unwrap();
    assert_eq!(store.dlq_matching(&service(s1), 0, 10).unwrap(), [a1, b1]);
    for id in [a1, a2, a3, b1, b3] {
        store.delete_dlq(id).unwrap();
    }
}

fn outbox(backend: &Backend) {
    let mut store = open(backend);
    let item = |ruleid: i64, n: i64| NewDelivery {
        delivery_id: format!("k{ruleid}-{n}"),
        ruleid,
        eventname: "\\core\\event\\user_created".into(),
        eventdata: format!("{{\"n\":{n},\"s\":\"é ✓\"}}"),
        attempts: n - 1,
        error: String::new(),
        next_at: 0.0,
    };
    store
        .outbox_append(&[item(7, 1), item(8, 1), item(7, 2), item(7, 3)])
        .unwrap();
    let counts = |store: &mut Box<dyn Store>| -> Vec<(i64, i64, i64, String, f64)> {
        let waiting = store.outbox_waiting().unwrap();
        waiting
            .into_iter()
            .map(|w| (w.ruleid, w.count, w.attempts, w.error, w.next_at))
            .collect()
    };
    assert_eq!(
        counts(&mut store),
        [(7, 3, 0, String::new(), 0.0), (8, 1, 0, String::new(), 0.0)]
    );
    let first_two = store.outbox_rule(7, 0, 2).unwrap();
    assert_eq!(
        first_two.iter().map(|d| &d.fields).collect::<Vec<_>>(),
        [&item(7, 1), &item(7, 2)],
        "oldest first, every field as appended"
    );
    let rest = store.outbox_rule(7, first_two[1].id, 10).unwrap();
    assert_eq!(rest.len(), 1);
    assert_eq!(rest[0].fields, item(7, 3));
    let eight = store.outbox_rule(8, 0, 10).unwrap()[0].id;

    let dead = DlqEntry {
        id: 0,
        eventname: "\\core\\event\\user_created".into(),
        ruleid: Some(7),
        serviceid: None,
        endpoint: "/x".into(),
        http_method: Method::Post,
        payload: "{\"n\":2}".into(),
        error: "HTTP 500".into(),
        attempts: 5,
        delivery_id: "k7-2".into(),
        timecreated: 0,
        timemodified: 0,
    };
    store
        .outbox_settle(&Settlement {
            delivered: vec![first_two[0].id],
            retries: vec![Retry {
                id: eight,
                attempts: 1,
                error: "HTTP 503".into(),
                next_at: 1234.5,
            }],
            dead: vec![(first_two[1].id, dead.clone())],
        })
        .unwrap();
    assert_eq!(
        counts(&mut store),
        [
            (7, 1, 2, String::new(), 0.0),
            (8, 1, 1, "HTTP 503".into(), 1234.5)
        ]
    );
    let moved = store
        .dlq(&DlqFilter::default(), 1, 0)
        .unwrap()
        .remove(0)
        .entry;
    assert_eq!(
        (moved.delivery_id.as_str(), moved.payload.as_str()),
        ("k7-2", "{\"n\":2}")
    );
    // Many at once: deletes go in chunks.
    let many: Vec<NewDelivery> = (1..=1200).map(|n| item(9, n)).collect();
    store.outbox_append(&many).unwrap();
    let ids: Vec<i64> = store
        .outbox_rule(9, 0, 2000)
        .unwrap()
        .iter()
        .map(|d| d.id)
        .collect();
    assert_eq!(ids.len(), 1200);
    store
        .outbox_settle(&Settlement {
            delivered: ids,
            ..Settlement::default()
        })
        .unwrap();
    assert!(store.outbox_rule(9, 0, 10).unwrap().is_empty());

    // A webhook id is taken once per service, until it is forgotten.
    assert!(store.remember_webhook(1, "msg_1", 100.0, 0.0).unwrap());
    assert!(!open(backend)
        .remember_webhook(1, "msg_1", 101.0, 0.0)
        .unwrap());
    assert!(store.remember_webhook(2, "msg_1", 102.0, 0.0).unwrap());
    assert!(
        store.remember_webhook(1, "msg_1", 900.0, 500.0).unwrap(),
        "forgotten after the window"
    );

    // One drain at a time, across connections.
    let mut other = open(backend);
    assert!(store.take_lease(DRAIN_LEASE, "a", 100.0, 200.0).unwrap());
    assert!(!other.take_lease(DRAIN_LEASE, "b", 150.0, 250.0).unwrap());
    assert!(store.take_lease(DRAIN_LEASE, "a", 150.0, 260.0).unwrap());
    assert!(other.take_lease(DRAIN_LEASE, "b", 261.0, 300.0).unwrap());
    store.release_lease(DRAIN_LEASE, "a").unwrap();
    assert!(!store.take_lease(DRAIN_LEASE, "a", 262.0, 300.0).unwrap());
    other.release_lease(DRAIN_LEASE, "b").unwrap();
    assert!(store.take_lease(DRAIN_LEASE, "a", 263.0, 300.0).unwrap());
    store.release_lease(DRAIN_LEASE, "a").unwrap();
}

/// `lead` followed by two-byte characters (and one `x` when needed) to
/// exactly `bytes` bytes: a column counting characters would hold more than
/// asked, one counting bytes exactly that.
fn sized(lead: &str, bytes: usize) -> String {
    let rest = bytes - lead.len();
    format!("{lead}{}{}", "é".repeat(rest / 2), "x".repeat(rest % 2))
}

/// JSON text of exactly `bytes` bytes.
fn json_text(bytes: usize) -> String {
    format!("{}\"", sized("\"", bytes - 1))
}

/// An event class name of exactly `chars` characters.
fn event_name(chars: usize) -> String {
    let lead = "\\core\\event\\";
    format!("{lead}{}", "a".repeat(chars - lead.len()))
}

/// The field errors of what `apply` refuses.
fn refused<T: std::fmt::Debug>(outcome: mih::error::Result<T>) -> Vec<String> {
    let err = outcome.unwrap_err();
    assert_eq!(err.code(), "invalid_argument", "{err}");
    err.fields().keys().cloned().collect()
}

fn bounds(backend: &Backend) {
    let mut store = open(backend);
    let service_at = |extra: usize| {
        Service::default().apply(
            json!({
                "name": "n".repeat(NAME_MAX_LEN + extra),
                "base_url": sized("https://example.com/", URL_MAX_LEN + extra),
                "auth_type": "bearer",
                "auth_token": sized("t", TOKEN_MAX_LEN + extra),
            })
            .as_object()
            .unwrap(),
        )
    };
    let service = service_at(0).unwrap();
    let sid = store.save_service(&service).unwrap();
    let read = store.service_by_id(sid).unwrap().unwrap();
    assert_eq!(
        (&read.name, &read.base_url, &read.auth_token),
        (&service.name, &service.base_url, &service.auth_token)
    );
    assert_eq!(refused(service_at(1)), ["auth_token", "base_url", "name"]);

    let rule_at = |extra: usize| {
        Rule::default().apply(
            json!({
                "eventname": event_name(EVENTNAME_MAX_LEN + extra),
                "serviceid": sid,
                "endpoint": sized("/", ENDPOINT_MAX_LEN + extra),
                "payload_template": json_text(TEMPLATE_MAX_LEN + extra),
            })
            .as_object()
            .unwrap(),
            |_| true,
        )
    };
    let rule = rule_at(0).unwrap();
    let rid = store.save_rule(&rule).unwrap();
    let read = store.rule(rid).unwrap().unwrap();
    assert_eq!(
        (&read.eventname, &read.endpoint, &read.payload_template),
        (&rule.eventname, &rule.endpoint, &rule.payload_template)
    );
    assert_eq!(
        refused(rule_at(1)),
        ["endpoint", "eventname", "payload_template"]
    );

    let entry_at = |extra: usize, error: &str| {
        DlqEntry::from_fields(
            json!({
                "eventname": event_name(EVENTNAME_MAX_LEN + extra),
                "endpoint": sized("/", ENDPOINT_MAX_BYTES + extra),
                "payload": json_text(PAYLOAD_MAX_BYTES + extra),
                "error": error,
            })
            .as_object()
            .unwrap(),
        )
    };
    let whole_error = sized("E", ERROR_MAX_BYTES);
    let at_bound = entry_at(0, &whole_error).unwrap();
    let id = store.push_dlq(&at_bound).unwrap();
    let read = store.dlq_entry(id).unwrap().unwrap();
    assert_eq!(
        (&read.eventname, &read.endpoint, &read.error),
        (&at_bound.eventname, &at_bound.endpoint, &whole_error)
    );
    assert!(
        read.payload == at_bound.payload,
        "the 8 MiB payload read back whole"
    );
    let listed = &store.dlq(&DlqFilter::default(), 1, 0).unwrap()[0];
    assert_eq!(listed.payload_bytes, PAYLOAD_MAX_BYTES as i64);
    assert_eq!(
        listed.entry.payload,
        sized("\"", 1023),
        "a preview cut on a character boundary"
    );
    assert_eq!(
        refused(entry_at(1, "")),
        ["endpoint", "eventname", "payload"]
    );
    // Error texts MIH writes itself are cut, never refused.
    let long_error = sized("E", 3 * ERROR_MAX_BYTES);
    let id = store.push_dlq(&entry_at(0, &long_error).unwrap()).unwrap();
    store
        .dlq_failed_again(id, &format!("{long_error}\0"))
        .unwrap();
    let kept = store.dlq_entry(id).unwrap().unwrap().error;
    assert!(
        kept.len() <= ERROR_MAX_BYTES && kept.ends_with(CUT_MARKER),
        "{} bytes",
        kept.len()
    );
    assert!(long_error.starts_with(kept.trim_end_matches(CUT_MARKER)));

    let row = LogEntry {
        endpoint: sized("/", ENDPOINT_MAX_BYTES),
        error: Some(format!("{long_error}\0")),
        ruleid: Some(rid),
        eventname: Some(event_name(EVENTNAME_MAX_LEN)),
        ..entry(sid, false)
    };
    // More rows than one statement may carry on MariaDB's default packet.
    store.append_log(&vec![row.clone(); 1500], 0).unwrap();
    let logged = store.query_log(&LogFilter::default(), 1, 0).unwrap();
    assert_eq!(logged[0]["endpoint"], json!(row.endpoint));
    assert_eq!(logged[0]["eventname"], json!(row.eventname));
    let error = logged[0]["error"].as_str().unwrap();
    assert!(error.len() <= ERROR_MAX_BYTES && error.ends_with(CUT_MARKER));
}

fn log(backend: &Backend) {
    let mut store = open(backend);
    let id = store.save_service(&service("logged")).unwrap();
    for batch in 0..10 {
        let rows: Vec<_> = (0..7).map(|i| entry(id, (batch + i) % 3 != 0)).collect();
        store.append_log(&rows, 20).unwrap();
    }
    let rows = store.query_log(&LogFilter::default(), 100, 0).unwrap();
    assert_eq!(rows.len(), 20);
    let top = rows[0]["id"].as_i64().unwrap();
    assert_eq!(rows[19]["id"].as_i64().unwrap(), top - 19);
    assert_eq!(rows[0]["servicename"], json!("logged"));
    let failed = LogFilter {
        success: Some(false),
        ..Default::default()
    };
    let failures = store.query_log(&failed, 100, 0).unwrap();
    assert!(failures
        .iter()
        .all(|r| r["success"] == json!(false) && r["httpstatus"] == json!(500)));
    let (ok, bad) = store.log_outcomes().unwrap();
    assert_eq!((ok + bad, bad), (20, failures.len() as i64));
    let figures = store.log_figures(0.0).unwrap()[&id];
    assert_eq!((figures.calls, figures.errors), (20, bad));
    assert_eq!(figures.avg_latency, Some(1.5));
    assert!(figures.last_used.unwrap() > 1_700_000_000.0);

    // Event Bridge dispatches are the rows with a rule.
    let dispatched = LogEntry {
        ruleid: Some(7),
        eventname: Some("\\core\\event\\user_created".into()),
        ..entry(id, true)
    };
    let inbound = LogEntry {
        endpoint: "webhook".into(),
        direction: Direction::Inbound,
        ..entry(id, true)
    };
    store.append_log(&[dispatched, inbound], 0).unwrap();
    let inbound_only = LogFilter {
        direction: Some(Direction::Inbound),
        ..Default::default()
    };
    let rows = store.query_log(&inbound_only, 100, 0).unwrap();
    assert_eq!(
        (rows.len(), &rows[0]["direction"], &rows[0]["endpoint"]),
        (1, &json!("inbound"), &json!("webhook"))
    );
    let bridge = |only| LogFilter {
        bridge: Some(only),
        ..Default::default()
    };
    let from_rules = store.query_log(&bridge(true), 100, 0).unwrap();
    assert_eq!(from_rules.len(), 1);
    assert_eq!(
        from_rules[0]["eventname"],
        json!("\\core\\event\\user_created")
    );
    assert_eq!(
        store.query_log(&bridge(false), 100, 0).unwrap().len(),
        21,
        "with the inbound row"
    );
    let since = LogFilter {
        since: Some(mih::clock::unix_now() + 60.0),
        ..Default::default()
    };
    assert!(store.query_log(&since, 100, 0).unwrap().is_empty());
    // A batch of 2 500 rows (more than one statement's worth) in one go.
    let many: Vec<_> = (0..2500).map(|_| entry(id, true)).collect();
    store.append_log(&many, 0).unwrap();
    assert_eq!(store.log_outcomes().unwrap().0, ok + 2 + 2500);
}

fn cascade(backend: &Backend) {
    let mut store = open(backend);
    let id = store.save_service(&service("gone")).unwrap();
    let keep = store.save_service(&service("kept")).unwrap();
    store
        .save_rule(&Rule {
            eventname: "\\core\\event\\x".into(),
            serviceid: id,
            ..Rule::default()
        })
        .unwrap();
    store
        .swap_breaker(
            id,
            0,
            &Breaker {
                state: State::Open,
                failures: 1,
                opened_at: 1.0,
                probe_until: 0.0,
            },
        )
        .unwrap();
    store
        .append_log(&[entry(id, true), entry(keep, true)], 0)
        .unwrap();
    store.delete_service(id).unwrap();
    assert!(store.service_by_id(id).unwrap().is_none());
    assert!(store.rules().unwrap().iter().all(|r| r.serviceid != id));
    assert!(!store.breakers().unwrap().contains_key(&id));
    let mut left = |serviceid| {
        let filter = LogFilter {
            serviceid: Some(serviceid),
            ..Default::default()
        };
        store.query_log(&filter, 10, 0).unwrap().len()
    };
    let (gone, kept) = (left(id), left(keep));
    assert_eq!((gone, kept), (0, 1));
}

fn reconnects(backend: &Backend) {
    let mut store = open(backend);
    store.save_service(&service("before")).unwrap();
    (backend.drop_connections)();
    // The first use after the loss already works: a statement the lost
    // connection never ran is tried again on a new one.
    assert!(store.service_by_name("before").unwrap().is_some());
    (backend.drop_connections)();
    store.save_service(&service("after")).unwrap();
    (backend.drop_connections)();
    store.append_log(&[entry(1, true)], 0).unwrap();
}

#[test]
fn sqlite_store_conforms() {
    conformance(sqlite());
}

#[test]
fn postgresql_store_conforms() {
    conformance(postgresql());
}

#[test]
fn mariadb_store_conforms() {
    conformance(mariadb());
}

/// TLS to PostgreSQL with libpq's `sslmode` semantics, against the local
/// server's own self-signed certificate (Debian's snakeoil, for localhost).
#[test]
fn postgresql_over_tls_checks_the_certificate_as_libpq_does() {
    let admin = "postgresql://postgres@127.0.0.1:5432/postgres";
    let mut client = postgres::Client::connect(admin, NoTls).unwrap();
    let ssl: String = client.query_one("SHOW ssl", &[]).unwrap().get(0);
    let cert: String = client.query_one("SHOW ssl_cert_file", &[]).unwrap().get(0);
    if ssl != "on" || !std::path::Path::new(&cert).exists() {
        println!("skipped: the local PostgreSQL has no TLS");
        return;
    }
    let backend = postgresql();
    let base = backend.location.clone();
    let db = base
        .rsplit('/')
        .next()
        .unwrap()
        .split('?')
        .next()
        .unwrap()
        .to_string();
    let tls_sessions = |client: &mut postgres::Client| -> i64 {
        client
            .query_one(
                "SELECT count(*) FROM pg_stat_ssl JOIN pg_stat_activity USING (pid) \
                 WHERE datname = $1 AND application_name = 'mih' AND ssl",
                &[&db],
            )
            .unwrap()
            .get(0)
    };
    let try_open = |url: String| StoreLocation::parse(&url).unwrap().open();

    // require: encrypted, the certificate not checked.
    let mut store = try_open(format!("{base}&sslmode=require")).unwrap();
    store.save_service(&service("over-tls")).unwrap();
    assert_eq!(tls_sessions(&mut client), 1);
    // verify-ca: the chain, against the server's own certificate as the CA.
    let mut store = try_open(format!("{base}&sslmode=verify-ca&sslrootcert={cert}")).unwrap();
    assert_eq!(store.services().unwrap().len(), 1);
    // verify-full: the name too — the certificate is for localhost.
    let by_name = base.replace("127.0.0.1", "localhost");
    let mut store = try_open(format!("{by_name}&sslmode=verify-full&sslrootcert={cert}")).unwrap();
    assert_eq!(store.services().unwrap().len(), 1);
    let err = try_open(format!("{base}&sslmode=verify-full&sslrootcert={cert}"))
        .err()
        .unwrap();
    assert!(
        err.message().contains("not valid for name \"127.0.0.1\""),
        "{err}"
    );
    // A CA file that did not sign it: the public CAs.
    let public = "/etc/ssl/certs/ca-certificates.crt";
    if std::path::Path::new(public).exists() {
        let err = try_open(format!(
            "{by_name}&sslmode=verify-full&sslrootcert={public}"
        ))
        .err()
        .unwrap();
        assert!(err.message().contains("UnknownIssuer"), "{err}");
    }
    let err = StoreLocation::parse(&format!("{base}&sslmode=allow"))
        .err()
        .unwrap();
    assert!(
        err.message().contains("sslmode 'allow' is not supported"),
        "{err}"
    );
}

/// The database a server backend's location names.
fn database(backend: &Backend) -> String {
    let path = backend.location.rsplit('/').next().unwrap();
    path.split('?').next().unwrap().to_string()
}

/// A MariaDB store created by schema 1 (TEXT templates and payloads, 64 KiB
/// at most; no outbox, no lease, no idempotency keys) is upgraded when a
/// process opens it, its rows kept.
#[test]
fn a_mariadb_store_of_schema_1_is_upgraded_keeping_its_rows() {
    use mysql::prelude::Queryable;
    let backend = mariadb();
    let mut store = open(&backend);
    let sid = store.save_service(&service("kept")).unwrap();
    let old = Rule {
        eventname: "\\core\\event\\user_created".into(),
        serviceid: sid,
        payload_template: "{\"u\": {{userid}}}".into(),
        ..Rule::default()
    };
    let rid = store.save_rule(&old).unwrap();
    drop(store);
    let url = format!("mysql://root@127.0.0.1:3306/{}", database(&backend));
    let mut conn = mysql::Conn::new(mysql::Opts::from_url(&url).unwrap()).unwrap();
    conn.query_drop(
        "ALTER TABLE mdl_mih_rules MODIFY payload_template TEXT NOT NULL; \
         ALTER TABLE mdl_mih_dlq MODIFY payload TEXT NOT NULL; \
         DROP TABLE mdl_mih_outbox; DROP TABLE mdl_mih_leases; \
         ALTER TABLE mdl_mih_dlq DROP COLUMN delivery_id; ALTER TABLE mdl_mih_rules DROP COLUMN event_filter; \
         ALTER TABLE mdl_mih_services DROP COLUMN rate_limit; ALTER TABLE mdl_mih_services DROP COLUMN signing_secret; \
         ALTER TABLE mdl_mih_services DROP COLUMN alias; ALTER TABLE mdl_mih_services DROP COLUMN response_queue; \
         ALTER TABLE mdl_mih_request_log DROP COLUMN direction; DROP TABLE mdl_mih_webhook_ids; \
         UPDATE mdl_mih_meta SET number = 1 WHERE name = 'schema_version'",
    )
    .unwrap();
    let types = |conn: &mut mysql::Conn| -> Vec<String> {
        conn.query(
            "SELECT DATA_TYPE FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() \
             AND COLUMN_NAME IN ('payload_template', 'payload') ORDER BY TABLE_NAME",
        )
        .unwrap()
    };
    assert_eq!(types(&mut conn), ["text", "text"]);

    let mut store = open(&backend);
    assert_eq!(types(&mut conn), ["mediumtext", "mediumtext"]);
    let version: Option<i64> = conn
        .query_first("SELECT number FROM mdl_mih_meta WHERE name = 'schema_version'")
        .unwrap();
    assert_eq!(version, Some(6));
    assert_eq!(
        store.rule(rid).unwrap().unwrap().payload_template,
        old.payload_template
    );
    let filtered = Rule {
        id: rid,
        filter: "courseid = 5".into(),
        ..old.clone()
    };
    store.save_rule(&filtered).unwrap();
    assert_eq!(store.rule(rid).unwrap().unwrap().filter, "courseid = 5");
    let waiting = NewDelivery {
        delivery_id: "k".into(),
        ruleid: rid,
        eventname: old.eventname.clone(),
        eventdata: "{}".into(),
        attempts: 0,
        error: String::new(),
        next_at: 0.0,
    };
    store.outbox_append(&[waiting]).unwrap();
    assert_eq!(store.outbox_waiting().unwrap()[0].count, 1);
    assert!(store.take_lease(DRAIN_LEASE, "a", 1.0, 2.0).unwrap());
    assert!(store.remember_webhook(sid, "msg_1", 10.0, 0.0).unwrap());
    let largest = Rule {
        payload_template: json_text(TEMPLATE_MAX_LEN),
        ..old
    };
    let id = store.save_rule(&largest).unwrap();
    assert_eq!(
        store.rule(id).unwrap().unwrap().payload_template,
        largest.payload_template
    );
}

/// At the packet limit the store asks for, the largest DLQ entry and a
/// large batch of the longest log rows go through; below it, the error says
/// what the server needs, and the store goes on working.
#[test]
fn a_mariadb_packet_limit_is_enough_at_its_bound_and_named_when_too_small() {
    let backend = mariadb();
    // The driver's own limit stands for a server's max_allowed_packet.
    let needed = format!("{}&max_allowed_packet=8470528", backend.location);
    let mut store = StoreLocation::parse(&needed).unwrap().open().unwrap();
    let largest = DlqEntry::from_fields(
        json!({
            "eventname": event_name(EVENTNAME_MAX_LEN),
            "endpoint": sized("/", ENDPOINT_MAX_BYTES),
            "payload": json_text(PAYLOAD_MAX_BYTES),
            "error": sized("E", ERROR_MAX_BYTES),
        })
        .as_object()
        .unwrap(),
    );
    store.push_dlq(&largest.unwrap()).unwrap();
    let longest = LogEntry {
        endpoint: sized("/", ENDPOINT_MAX_BYTES),
        error: Some(sized("E", ERROR_MAX_BYTES)),
        eventname: Some(event_name(EVENTNAME_MAX_LEN)),
        ..entry(1, false)
    };
    // About 10 MB of text: more than one statement may carry.
    store.append_log(&vec![longest; 600], 0).unwrap();
    assert_eq!(store.log_outcomes().unwrap(), (0, 600));

    let small = format!("{}&max_allowed_packet=1048576", backend.location);
    let mut store = StoreLocation::parse(&small).unwrap().open().unwrap();
    let entry = DlqEntry::from_fields(json!({"payload": json_text(2 << 20)}).as_object().unwrap());
    let err = store.push_dlq(&entry.unwrap()).unwrap_err();
    assert_eq!(err.code(), "store_error");
    assert!(
        err.message()
            .contains("more than the server's max_allowed_packet")
            && err.message().contains("at least 8470528 bytes"),
        "{err}"
    );
    assert!(store.services().unwrap().is_empty());
}
