<?php
// MIH demo (`make demo`): registers a REST service on a loopback HTTP peer,
// calls it through the loaded extension and shows the response and the log,
// on the embedded SQLite store. Stops what it started.

use local_integrationhub\mih;
use local_integrationhub\mih_exception;
use local_integrationhub\request_log;
use local_integrationhub\services;

require_once __DIR__ . '/../lib/loopback.php';

if (!extension_loaded('mih')) {
    fwrite(STDERR, "The mih extension is not loaded: run with -d extension=target/release/libmih.so\n");
    exit(1);
}

/** Prints a heading. */
function heading(string $text): void {
    echo "\n== $text ", str_repeat('=', max(0, 66 - strlen($text))), "\n";
}

/** Prints label: value lines. */
function show(array $pairs): void {
    foreach ($pairs as $label => $value) {
        printf("  %-14s %s\n", $label, is_string($value) ? $value : json_encode($value, JSON_UNESCAPED_SLASHES));
    }
}

$workdir = sys_get_temp_dir() . '/mih-demo-' . getmypid();
$baseurl = mih_start_php_peer(__DIR__ . '/../../tests/fixtures/http_peer.php');
register_shutdown_function(fn() => exec('rm -rf ' . escapeshellarg($workdir)));

heading('Store');
mih::configure(['store' => "$workdir/hub.sqlite", 'log_max' => 500]);
show(['file' => "$workdir/hub.sqlite (embedded SQLite)"]);

heading('Register a REST service');
$id = services::save([
    'name' => 'notification-api',
    'type' => 'rest',
    'base_url' => "$baseurl/v1",
    'auth_type' => 'bearer',
    'auth_token' => 'eyJhbGciOiJIUzI1NiJ9.demo-token',
    'timeout' => 5,
]);
$service = services::get($id);
show([
    'id' => (string) $id,
    'name' => $service['name'],
    'base_url' => $service['base_url'],
    'auth' => "{$service['auth_type']} (token stored, shown as {$service['token_hint']})",
]);

heading("mih::request('notification-api', '/users', [...])");
$response = mih::request('notification-api', '/users', ['userid' => 5, 'action' => 'created', 'name' => 'Zoë "Z" O\'Brien']);
show([
    'success' => $response->success,
    'httpstatus' => $response->httpstatus,
    'latencyms' => sprintf('%.2f', $response->latencyms),
    'attempts' => $response->attempts,
]);
$seen = $response->json();
echo "  The peer received:\n";
show([
    'request' => "{$seen['method']} {$seen['uri']}",
    'Authorization' => preg_replace('/(Bearer .{6}).*/', '$1…', $seen['authorization']),
    'Content-Type' => $seen['contenttype'],
    'body' => $seen['body'],
]);

heading('A failing call is a response, not an exception');
$failed = mih::send('notification-api')->to('/status/404')->with(['userid' => 5])->method('PUT')->dispatch();
show(['success' => $failed->success, 'httpstatus' => $failed->httpstatus, 'error' => $failed->error,
    'attempts' => $failed->attempts . ' (a 404 is not worth retrying)']);

heading('Retries: a service that fails twice, then answers');
services::save(['name' => 'flaky-api', 'base_url' => $baseurl, 'max_retries' => 3, 'retry_backoff' => 0]);
$retried = mih::request('flaky-api', '/flaky/demo/2', ['userid' => 5]);
show([
    'success' => $retried->success,
    'attempts' => $retried->attempts . ' (the peer saw ' . mih_peer_count($baseurl, '/flaky/demo/2') . ' requests)',
    'latencyms' => sprintf('%.2f', $retried->latencyms),
]);

heading('Circuit breaker: opens after 2 failed calls, probes after 1 s');
$fragile = services::save(['name' => 'fragile-api', 'base_url' => $baseurl, 'max_retries' => 0,
    'cb_failure_threshold' => 2, 'cb_cooldown' => 1]);
$circuit = function () use ($fragile): string {
    $row = current(array_filter(services::all(), fn($r) => $r['id'] === $fragile));
    return strtoupper($row['state']) . " (failures {$row['failures']}" . ($row['retry_in'] ? ", probe in {$row['retry_in']} s" : '') . ')';
};
for ($i = 1; $i <= 2; $i++) {
    $r = mih::request('fragile-api', '/status/503');
    show(["call $i" => "HTTP {$r->httpstatus} -> circuit {$circuit()}"]);
}
try {
    mih::request('fragile-api', '/status/503');
} catch (mih_exception $e) {
    show(['call 3' => "{$e->errorcode}, nothing sent (the peer saw " . mih_peer_count($baseurl, '/status/503') . ' requests)']);
}
usleep(1100000);
$probe = mih::request('fragile-api', '/healthy');
show(['after 1 s' => "the probe got HTTP {$probe->httpstatus} -> circuit {$circuit()}"]);

heading('AMQP: publish to the local RabbitMQ with publisher confirms');
if (@fsockopen('127.0.0.1', 5672)) {
    require_once '/usr/share/php/PhpAmqpLib/autoload.php';
    $queue = 'mih_demo_' . getmypid();
    services::save(['name' => 'rabbitmq-local', 'type' => 'amqp',
        'base_url' => "amqp://guest:guest@127.0.0.1:5672/%2f?routing_key=$queue&queue_declare=$queue"]);
    $published = mih::request('rabbitmq-local', '/', ['userid' => 5, 'action' => 'created']);
    show(['success' => $published->success, 'receipt' => $published->body]);
    $consumer = new PhpAmqpLib\Connection\AMQPStreamConnection('127.0.0.1', 5672, 'guest', 'guest');
    $channel = $consumer->channel();
    $message = $channel->basic_get($queue, true);
    show([
        'consumed back' => $message ? $message->getBody() : '(nothing)',
        'properties' => $message ? "routing key {$message->getRoutingKey()}, persistent "
            . ($message->get('delivery_mode') === 2 ? 'yes' : 'no') . ", {$message->get('content_type')}" : '',
    ]);
    $channel->queue_delete($queue);
} else {
    echo "  (no RabbitMQ answers on 127.0.0.1:5672: skipped)\n";
}

heading("SOAP: mih::request('legacy-soap', 'CreateUser', [...]) against PHP's SoapServer");
if (extension_loaded('soap')) {
    $soapport = mih_free_port();
    mih_start_peer([PHP_BINARY, '-n', '-d', 'extension=soap', '-S', "127.0.0.1:$soapport",
        __DIR__ . '/../../tests/fixtures/soap/server.php'], $soapport);
    services::save(['name' => 'legacy-soap', 'type' => 'soap', 'base_url' => "http://127.0.0.1:$soapport/legacy.wsdl"]);
    $created = mih::request('legacy-soap', 'CreateUser', ['name' => 'John', 'email' => 'john@example.com', 'roles' => ['student']]);
    show(['success' => $created->success, 'result (JSON)' => $created->body]);
    $fault = mih::request('legacy-soap', 'Fail', ['reason' => 'demo']);
    show(['a SOAP fault' => "HTTP {$fault->httpstatus}, {$fault->error}, attempts {$fault->attempts}"]);
} else {
    echo "  (PHP's soap extension is not loaded: skipped)\n";
}

heading('Only caller mistakes throw');
try {
    mih::request('no-such-service', '/');
} catch (mih_exception $e) {
    show(['errorcode' => $e->errorcode, 'message' => $e->getMessage()]);
}

heading('Request log (newest first)');
printf("  %-19s %-17s %-6s %-14s %-6s %9s %-8s %-4s %s\n", 'time', 'service', 'method', 'endpoint', 'status', 'ms', 'attempts', 'ok', 'error');
foreach (request_log::query([], 12) as $row) {
    printf("  %-19s %-17s %-6s %-14s %-6s %9.2f %-8d %-4s %s\n",
        date('Y-m-d H:i:s', (int) $row['timecreated']), $row['servicename'], $row['http_method'], $row['endpoint'],
        $row['httpstatus'] ?? '-', $row['latencyms'], $row['attempts'], $row['success'] ? 'yes' : 'no', $row['error'] ?? '');
}

heading('Dashboard');
printf("  %-17s %-7s %9s %12s  %s\n", 'service', 'circuit', 'avg ms', 'errors (24h)', 'last used');
foreach (services::all() as $row) {
    printf("  %-17s %-7s %9.2f %12d  %s\n", $row['name'], strtoupper($row['state']), $row['avg_latency_24h'],
        $row['errors_24h'], date('H:i:s', $row['last_used']));
}
echo "\nDemo finished: the peer is stopped and the demo store removed.\n";
