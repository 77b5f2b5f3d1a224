<?php

// Stubs for mih

namespace local_integrationhub {
    /**
     * Circuit breakers (dashboard actions).
     */
    class breakers {
        public function __construct() {}

        /**
         * Closes one service's circuit and zeroes its failure count.
         *
         * @param int $serviceid
         * @return void
         */
        public static function reset(int $serviceid): void {}

        /**
         * Closes every circuit and zeroes every failure count.
         *
         * @return void
         */
        public static function reset_all(): void {}
    }

    /**
     * The Event Bridge at run time (observer and dispatch task).
     */
    class bridge {
        public function __construct() {}

        /**
         * Renders the event through the rule and sends it; the log row records
         * the rule and the event. A rule or service that no longer exists
         * throws `rule_not_found` / `service_not_found`; a template that cannot
         * render throws `invalid_argument`. Transport failures are responses.
         *
         * @param int $ruleid
         * @param array $eventdata
         * @return \local_integrationhub\mih_response
         */
        public static function dispatch(int $ruleid, array $eventdata): \local_integrationhub\mih_response {}

        /**
         * Delivers what is due in the outbox. Options: `seconds` (start no
         * pass after this many, default 50), `concurrency` (calls in flight
         * per service, default 4), `batch` (deliveries per rule per pass,
         * default 500), `first_retry` (seconds before a failed try is retried,
         * doubled each time, default 60). Returns `delivered`, `retried`,
         * `dead` (moved to the Dead Letter Queue), `waiting` (left in the
         * outbox) and `busy` (another drain was running: nothing sent).
         *
         * @param array|null $options
         * @return array
         */
        public static function drain(?array $options = null): array {}

        /**
         * Appends the event to the outbox, for rule `$ruleid` or (null) for
         * every active rule its `eventname` matches; returns how many
         * deliveries were added (0 when no rule matches). `$attempts` and
         * `$error` carry tries an older task already made. Durable when it
         * returns: the drain delivers it.
         *
         * @param array $eventdata
         * @param int|null $ruleid
         * @param int $attempts
         * @param string $error
         * @return int
         */
        public static function enqueue(array $eventdata, ?int $ruleid = null, int $attempts = 0, string $error = ''): int {}

        /**
         * Ids of the active rules for an event class (leading backslash
         * optional). Answered from an in-process index; no store query unless
         * rules or services changed.
         *
         * @param string $eventname
         * @return mixed
         */
        public static function matching(string $eventname): mixed {}

        /**
         * What dispatching would send, as Dead Letter Queue fields:
         * `eventname`, `ruleid`, `serviceid`, `endpoint`, `http_method`,
         * `payload` (the rendered JSON).
         *
         * @param int $ruleid
         * @param array $eventdata
         * @return array
         */
        public static function render(int $ruleid, array $eventdata): array {}

        /**
         * What waits in the outbox, one row per rule: `ruleid`, `eventname`,
         * `count`, `oldest` (when the oldest was appended), and that oldest
         * delivery's `attempts`, `error` and `next_at` (the later ones wait
         * behind it).
         *
         * @return array
         */
        public static function waiting(): array {}
    }

    /**
     * The Dead Letter Queue (Queue page).
     */
    class dlq {
        public function __construct() {}

        /**
         * Entries, newest first, without their whole payloads: each row has
         * `payload_preview` (the payload's first 1024 bytes, cut on a character
         * boundary) and `payload_bytes` (its size) instead of `payload`. The
         * whole payload comes from `dlq::get`. Filters as `dlq::count_matching`'s.
         *
         * @param int $limit
         * @param int $offset
         * @param array|null $filters
         * @return array
         */
        public static function all(int $limit = 50, int $offset = 0, ?array $filters = null): array {}

        /**
         * How many entries match the filters, each optional: `serviceid`,
         * `eventname`, `since` and `until` (Unix seconds on the entry's
         * `timecreated`, both included). Unknown keys and bad values throw
         * `invalid_argument` naming them.
         *
         * @param array|null $filters
         * @return int
         */
        public static function count_matching(?array $filters = null): int {}

        /**
         * @param int $id
         * @return void
         */
        public static function delete(int $id): void {}

        /**
         * One entry with its whole payload, or null.
         *
         * @param int $id
         * @return array|null
         */
        public static function get(int $id): ?array {}

        /**
         * Stores an event that could not be delivered; returns its id. Fields:
         * `eventname`, `ruleid`, `serviceid`, `endpoint` (at most 8192 bytes),
         * `http_method`, `payload` (JSON text or an array, at most 8 MiB;
         * required), `error` (cut to 8192 bytes), `attempts`, `delivery_id`
         * (the idempotency key its replays carry, at most 64 printable ASCII).
         *
         * @param array $entry
         * @return int
         */
        public static function push(array $entry): int {}

        /**
         * Sends the stored payload exactly as stored. Success removes the
         * entry; failure keeps it with the new error and one more attempt.
         *
         * @param int $id
         * @return \local_integrationhub\mih_response
         */
        public static function replay(int $id): \local_integrationhub\mih_response {}

        /**
         * Replays the entries the filters (as `dlq::count_matching`'s) match,
         * oldest first, at most `$limit`, each as `dlq::replay` does. Returns
         * `replayed` (sent, so removed), `failed` (kept, with one more attempt
         * and the new error) and `remaining` (matching entries not tried
         * because of the limit).
         *
         * @param array|null $filters
         * @param int $limit
         * @return array
         */
        public static function replay_matching(?array $filters = null, int $limit = 1000): array {}
    }

    /**
     * Entry point of Integration Hub: calls a registered service.
     */
    class mih {
        public function __construct() {}

        /**
         * Sets process-wide options; idempotent, so it may run on every request.
         *
         * Keys: `store` (a SQLite file path, or `postgresql://` / `mysql://`
         * URL of a store shared by the nodes of a cluster, `?prefix=` naming
         * the tables' prefix), `log_max` (log rows kept, 0 = all),
         * `max_response_bytes` (largest response body accepted),
         * `blocked_hosts` and `allowed_ports` (Moodle's cURL security lists),
         * `proxy` (URL, or Moodle's host, port, type, user, password) and
         * `proxy_bypass`. An unknown key or a bad value throws `mih_exception`
         * 'invalid_argument' naming every bad key, and changes nothing.
         *
         * @param array $options
         * @return void
         */
        public static function configure(array $options): void {}

        /**
         * Calls the service registered as `$service`.
         *
         * REST: `$endpoint` is appended to the base URL; GET and DELETE send the
         * payload as a query string, POST, PUT and PATCH as a JSON body (a string
         * payload is sent as it is). Every transport outcome, failures included,
         * is returned as a `mih_response`; only an unknown or disabled service and
         * invalid arguments throw `mih_exception`.
         *
         * @param string $service
         * @param string $endpoint
         * @param mixed $payload
         * @param string $method
         * @return \local_integrationhub\mih_response
         */
        public static function request(string $service, string $endpoint = '/', mixed $payload = null, string $method = 'POST'): \local_integrationhub\mih_response {}

        /**
         * Starts a fluent call: `mih::send('svc')->to('/x')->with($data)->method('PUT')->dispatch()`.
         *
         * @param string $service
         * @return \local_integrationhub\mih_request
         */
        public static function send(string $service): \local_integrationhub\mih_request {}
    }

    /**
     * A call being put together by `mih::send()`.
     */
    class mih_request {
        /**
         * @param string $service
         */
        public function __construct(string $service) {}

        /**
         * Sends the call, as `mih::request()` does.
         *
         * @return \local_integrationhub\mih_response
         */
        public function dispatch(): \local_integrationhub\mih_response {}

        /**
         * The HTTP method: GET, POST, PUT, PATCH or DELETE.
         *
         * @param string $method
         * @return \local_integrationhub\mih_request
         */
        public function method(string $method): \local_integrationhub\mih_request {}

        /**
         * The endpoint (REST path, AMQP routing key, SOAP operation).
         *
         * @param string $endpoint
         * @return \local_integrationhub\mih_request
         */
        public function to(string $endpoint): \local_integrationhub\mih_request {}

        /**
         * The payload: array, object, string or null.
         *
         * @param mixed $payload
         * @return \local_integrationhub\mih_request
         */
        public function with(mixed $payload = null): \local_integrationhub\mih_request {}
    }

    /**
     * The outcome of a call. Read-only.
     */
    class mih_response {
        /**
         * Attempts made: 1 + retries.
         *
         * @var int
         */
        public readonly int $attempts;

        /**
         * Response body as received.
         *
         * @var string
         */
        public readonly string $body;

        /**
         * Why the call failed; null on success.
         *
         * @var string|null
         */
        public readonly ?string $error = null;

        /**
         * HTTP status of the last attempt; null when none was received.
         *
         * @var int|null
         */
        public readonly ?int $httpstatus = null;

        /**
         * Wall time of the whole call in milliseconds, retries included.
         *
         * @var float
         */
        public readonly float $latencyms;

        /**
         * Whether the call succeeded (2xx, broker ack, SOAP result).
         *
         * @var bool
         */
        public readonly bool $success;

        /**
         * Builds a response by hand (tests, fallbacks), with the older plugin's
         * constructor signature.
         *
         * @param bool $success
         * @param int|null $httpstatus
         * @param string|null $body
         * @param string|null $error
         * @param float $latencyms
         * @param int $attempts
         */
        public function __construct(bool $success, ?int $httpstatus = null, ?string $body = null, ?string $error = null, float $latencyms = 0.0, int $attempts = 1) {}

        /**
         * Same as `$success`.
         *
         * @return bool
         */
        public function is_ok(): bool {}

        /**
         * The body decoded as JSON (objects as arrays unless `$assoc` is false).
         * Throws `mih_exception` 'invalid_json' when the body is not JSON.
         *
         * @param bool $assoc
         * @return mixed
         */
        public function json(bool $assoc = true): mixed {}
    }

    /**
     * The request log (Events and Logs pages).
     */
    class request_log {
        public function __construct() {}

        /**
         * Appends rows to the log as they are given (times included): MIH 2.0's
         * log, moved on upgrade. Each row: `serviceid`, `timecreated` (both
         * required), `endpoint`, `http_method`, `httpstatus`, `latencyms`,
         * `attempts`, `success`, `error`, `direction` (inbound or outbound).
         * Give them oldest first. The log then keeps its newest rows as
         * always. Returns how many were added; a bad row refuses them all,
         * naming the row and its fields.
         *
         * @param array $rows
         * @return int
         */
        public static function import(array $rows): int {}

        /**
         * Log rows, newest first. Filters: `serviceid`, `success`, `ruleid`,
         * `eventname`, `bridge` (true: Event Bridge dispatches only, false:
         * direct calls only), `since` (Unix time).
         *
         * @param array|null $filters
         * @param int $limit
         * @param int $offset
         * @return array
         */
        public static function query(?array $filters = null, int $limit = 50, int $offset = 0): array {}

        /**
         * The dashboard charts' figures: `success` and `failure` counts over
         * the log kept, `latencies` of the last 200 calls (oldest first), and
         * per-service figures over 24 hours (`calls`, `errors`, `avg_latency`).
         *
         * @return array
         */
        public static function stats(): array {}
    }

    /**
     * AMQP response queues (MIH 2.0's `response_queue`), read by the plugin's
     * scheduled task into `webhook_received` events.
     */
    class responses {
        public function __construct() {}

        /**
         * Acknowledges the messages of `$done` (tags) and gives those of
         * `$requeue` back to the queue.
         *
         * @param string $service
         * @param array $done
         * @param array $requeue
         * @return void
         */
        public static function settle(string $service, array $done, array $requeue): void {}

        /**
         * Takes up to `$max` messages of the service's response queue, not yet
         * acknowledged: a list of `tag` and `payload` (the decoded JSON). A
         * message that is not JSON is acknowledged and logged, not returned.
         * Settle every one with `settle()`; one left unsettled goes back to
         * the queue when the connection closes.
         *
         * @param string $service
         * @param int $max
         * @return array
         */
        public static function take(string $service, int $max = 50): array {}
    }

    /**
     * Event Bridge rules (Rules page).
     */
    class rules {
        public function __construct() {}

        /**
         * Every rule, by event name.
         *
         * @return array
         */
        public static function all(): array {}

        /**
         * @param int $id
         * @return void
         */
        public static function delete(int $id): void {}

        /**
         * One rule, or null.
         *
         * @param int $id
         * @return array|null
         */
        public static function get(int $id): ?array {}

        /**
         * Preview Payload: renders `$template` with `$eventdata` (or mock data
         * of a `\core\event\user_created`). Returns `payload` (pretty JSON or
         * null), `unknown` (placeholders without a value) and `error` (null or
         * why it cannot render); with a `$filter`, also `filter` (whether the
         * event passes it; null when the filter is empty or cannot compile) and
         * `filter_error` (null or why it cannot compile).
         *
         * @param string $template
         * @param array|null $eventdata
         * @param string|null $filter
         * @return array
         */
        public static function preview(string $template, ?array $eventdata = null, ?string $filter = null): array {}

        /**
         * Creates (no `id`) or updates a rule; returns its id. Fields:
         * `eventname`, `serviceid`, `endpoint`, `http_method`,
         * `payload_template`, `enabled`. Invalid input throws `mih_exception`
         * 'invalid_argument' with `fielderrors`; a template that cannot give
         * valid JSON is refused with its line and column.
         *
         * @param array $fields
         * @return int
         */
        public static function save(array $fields): int {}
    }

    /**
     * Registered services (admin pages).
     */
    class services {
        public function __construct() {}

        /**
         * Dashboard rows: configuration without secrets, breaker `state`,
         * `failures`, `retry_in` (s), `avg_latency_24h` (ms), `errors_24h`,
         * `last_used` (Unix time).
         *
         * @return array
         */
        public static function all(): array {}

        /**
         * Deletes a service with its rules, log rows and breaker state.
         *
         * @param int $id
         * @return void
         */
        public static function delete(int $id): void {}

        /**
         * One service by id or name, without secrets (`has_token`,
         * `token_hint`); null when there is none.
         *
         * @param mixed $idorname
         * @return array|null
         */
        public static function get(mixed $idorname): ?array {}

        /**
         * Creates (no `id`) or updates a service; returns its id. Invalid input
         * throws `mih_exception` 'invalid_argument' with `fielderrors`
         * ['field' => 'message']. A blank `auth_token` keeps the stored one.
         *
         * @param array $fields
         * @return int
         */
        public static function save(array $fields): int {}
    }

    /**
     * Moving a site's store (the store setting page).
     */
    class stores {
        public function __construct() {}

        /**
         * Copies services (secrets included), rules and the Dead Letter Queue
         * from the store `$from` into the empty store `$to` (each a SQLite file
         * path or a `postgresql://` / `mysql://` URL); returns the counts
         * (`services`, `rules`, `dlq`). Breakers start closed; the request log
         * stays behind.
         *
         * @param string $from
         * @param string $to
         * @return array
         */
        public static function copy(string $from, string $to): array {}
    }

    /**
     * Inbound webhooks.
     */
    class webhooks {
        public function __construct() {}

        /**
         * Checks an inbound webhook: `$method` (only POST is taken), `$service`
         * (the `service` query parameter), `$headers` (name => value, any case,
         * as getallheaders() gives them), `$body` (the raw body). Returns
         * `status` (the HTTP status to answer: 200, or 400, 403, 404, 405, 409,
         * 413, 503), `success`, `error` (null or why), and for an accepted one
         * `serviceid`, `servicename` and `payload` (the decoded JSON).
         *
         * @param string $method
         * @param string $service
         * @param array $headers
         * @param mixed $body
         * @return array
         */
        public static function receive(string $method, string $service, array $headers, mixed $body): array {}
    }
}

namespace local_integrationhub {
    class mih_exception extends \RuntimeException {
        /** @var string */
        public string $errorcode = '';
        /** @var array */
        public array $fielderrors = [];
    }
}
