//! The schema, as numbered migrations. `PRAGMA user_version` (SQLite) records
//! how many have run; each runs once, in order, inside one transaction.
//!
//! Field names follow the older plugin's tables. `meta.config_version` is
//! bumped by triggers on every change to services, rules and breakers, so a
//! process can tell with one cheap read whether its caches are stale.

pub const MIGRATIONS: &[&str] = &[
    // 1: everything the product needs.
    r#"
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value INTEGER NOT NULL
);
INSERT INTO meta (key, value) VALUES ('config_version', 1);

CREATE TABLE services (
    id                   INTEGER PRIMARY KEY AUTOINCREMENT,
    name                 TEXT    NOT NULL UNIQUE,
    type                 TEXT    NOT NULL DEFAULT 'rest',
    base_url             TEXT    NOT NULL,
    auth_type            TEXT    NOT NULL DEFAULT 'none',
    auth_token           TEXT    NOT NULL DEFAULT '',
    timeout              INTEGER NOT NULL DEFAULT 5,
    max_retries          INTEGER NOT NULL DEFAULT 3,
    retry_backoff        INTEGER NOT NULL DEFAULT 1,
    cb_failure_threshold INTEGER NOT NULL DEFAULT 5,
    cb_cooldown          INTEGER NOT NULL DEFAULT 30,
    enabled              INTEGER NOT NULL DEFAULT 1,
    timecreated          INTEGER NOT NULL,
    timemodified         INTEGER NOT NULL
);

-- One row per service once its breaker first moves. `version` grows with
-- every change: transitions are compare-and-swap on it, so concurrent
-- processes never both take the probe or lose each other's failures.
CREATE TABLE breakers (
    serviceid    INTEGER PRIMARY KEY REFERENCES services (id) ON DELETE CASCADE,
    state        TEXT    NOT NULL DEFAULT 'closed',
    failures     INTEGER NOT NULL DEFAULT 0,
    opened_at    REAL    NOT NULL DEFAULT 0,
    probe_until  REAL    NOT NULL DEFAULT 0,
    version      INTEGER NOT NULL DEFAULT 1,
    timemodified INTEGER NOT NULL
);

CREATE TABLE rules (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    eventname        TEXT    NOT NULL,
    serviceid        INTEGER NOT NULL REFERENCES services (id) ON DELETE CASCADE,
    endpoint         TEXT    NOT NULL DEFAULT '',
    http_method      TEXT    NOT NULL DEFAULT 'POST',
    payload_template TEXT    NOT NULL DEFAULT '',
    enabled          INTEGER NOT NULL DEFAULT 1,
    timecreated      INTEGER NOT NULL,
    timemodified     INTEGER NOT NULL
);
CREATE INDEX rules_eventname ON rules (eventname);
CREATE INDEX rules_serviceid ON rules (serviceid);

-- No foreign key: rows arrive in batches from a background writer and must
-- not fail because their service was deleted meanwhile.
CREATE TABLE request_log (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    timecreated REAL    NOT NULL,
    serviceid   INTEGER NOT NULL,
    endpoint    TEXT    NOT NULL,
    http_method TEXT    NOT NULL,
    httpstatus  INTEGER,
    latencyms   REAL    NOT NULL,
    attempts    INTEGER NOT NULL,
    success     INTEGER NOT NULL,
    error       TEXT,
    ruleid      INTEGER,
    eventname   TEXT
);
CREATE INDEX request_log_service_time ON request_log (serviceid, timecreated);
CREATE INDEX request_log_time ON request_log (timecreated);

CREATE TABLE dlq (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    eventname    TEXT    NOT NULL DEFAULT '',
    ruleid       INTEGER,
    serviceid    INTEGER,
    endpoint     TEXT    NOT NULL DEFAULT '',
    http_method  TEXT    NOT NULL DEFAULT 'POST',
    payload      TEXT    NOT NULL,
    error        TEXT    NOT NULL DEFAULT '',
    attempts     INTEGER NOT NULL DEFAULT 0,
    timecreated  INTEGER NOT NULL,
    timemodified INTEGER NOT NULL
);

CREATE TRIGGER services_ins AFTER INSERT ON services BEGIN UPDATE meta SET value = value + 1 WHERE key = 'config_version'; END;
CREATE TRIGGER services_upd AFTER UPDATE ON services BEGIN UPDATE meta SET value = value + 1 WHERE key = 'config_version'; END;
CREATE TRIGGER services_del AFTER DELETE ON services BEGIN UPDATE meta SET value = value + 1 WHERE key = 'config_version'; END;
CREATE TRIGGER rules_ins AFTER INSERT ON rules BEGIN UPDATE meta SET value = value + 1 WHERE key = 'config_version'; END;
CREATE TRIGGER rules_upd AFTER UPDATE ON rules BEGIN UPDATE meta SET value = value + 1 WHERE key = 'config_version'; END;
CREATE TRIGGER rules_del AFTER DELETE ON rules BEGIN UPDATE meta SET value = value + 1 WHERE key = 'config_version'; END;
CREATE TRIGGER breakers_ins AFTER INSERT ON breakers BEGIN UPDATE meta SET value = value + 1 WHERE key = 'config_version'; END;
CREATE TRIGGER breakers_upd AFTER UPDATE ON breakers BEGIN UPDATE meta SET value = value + 1 WHERE key = 'config_version'; END;
CREATE TRIGGER breakers_del AFTER DELETE ON breakers BEGIN UPDATE meta SET value = value + 1 WHERE key = 'config_version'; END;
"#,
    // 2: the outbox the Event Bridge delivers from, the lease that lets one
    // drain at a time run, and each DLQ entry's idempotency key.
    r#"
CREATE TABLE outbox (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    delivery_id TEXT    NOT NULL,
    ruleid      INTEGER NOT NULL,
    eventname   TEXT    NOT NULL,
    eventdata   TEXT    NOT NULL,
    attempts    INTEGER NOT NULL DEFAULT 0,
    error       TEXT    NOT NULL DEFAULT '',
    next_at     REAL    NOT NULL DEFAULT 0,
    timecreated INTEGER NOT NULL
);
CREATE INDEX outbox_rule ON outbox (ruleid, id);

CREATE TABLE leases (
    name    TEXT PRIMARY KEY,
    holder  TEXT NOT NULL DEFAULT '',
    expires REAL NOT NULL DEFAULT 0
);
INSERT INTO leases (name) VALUES ('outbox_drain');

ALTER TABLE dlq ADD COLUMN delivery_id TEXT NOT NULL DEFAULT '';
"#,
    // 3: each rule's filter and each service's rate limit.
    r#"
ALTER TABLE rules ADD COLUMN event_filter TEXT NOT NULL DEFAULT '';
ALTER TABLE services ADD COLUMN rate_limit INTEGER NOT NULL DEFAULT 0;
"#,
    // 4: inbound webhooks: each service's signing secret, each log row's
    // direction, and the webhook ids seen lately (a replay is refused);
    // each service's alias (the name MIH 2.0 knew it by).
    r#"
ALTER TABLE services ADD COLUMN signing_secret TEXT NOT NULL DEFAULT '';
ALTER TABLE services ADD COLUMN alias TEXT NOT NULL DEFAULT '';
ALTER TABLE request_log ADD COLUMN direction TEXT NOT NULL DEFAULT 'outbound';
CREATE TABLE webhook_ids (
    serviceid INTEGER NOT NULL,
    id        TEXT    NOT NULL,
    seen      REAL    NOT NULL,
    PRIMARY KEY (serviceid, id)
);
CREATE INDEX webhook_ids_seen ON webhook_ids (seen);
"#,
    // 5: each AMQP service's response queue (MIH 2.0's response_queue).
    r#"
ALTER TABLE services ADD COLUMN response_queue TEXT NOT NULL DEFAULT '';
"#,
];
