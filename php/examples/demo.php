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
$failed = mih::send('notification-api')->to('/status/503')->with(['userid' => 5])->method('PUT')->dispatch();
show(['success' => $failed->success, 'httpstatus' => $failed->httpstatus, 'error' => $failed->error]);

heading('Only caller mistakes throw');
try {
    mih::request('no-such-service', '/');
} catch (mih_exception $e) {
    show(['errorcode' => $e->errorcode, 'message' => $e->getMessage()]);
}

heading('Request log (newest first)');
printf("  %-19s %-17s %-6s %-12s %-6s %9s %-4s %s\n", 'time', 'service', 'method', 'endpoint', 'status', 'ms', 'ok', 'error');
foreach (request_log::query([], 10) as $row) {
    printf("  %-19s %-17s %-6s %-12s %-6s %9.2f %-4s %s\n",
        date('Y-m-d H:i:s', (int) $row['timecreated']), $row['servicename'], $row['http_method'], $row['endpoint'],
        $row['httpstatus'] ?? '-', $row['latencyms'], $row['success'] ? 'yes' : 'no', $row['error'] ?? '');
}

heading('Dashboard row');
$row = services::all()[0];
show([
    'service' => $row['name'],
    'circuit' => strtoupper($row['state']),
    'avg latency' => sprintf('%.2f ms (24 h)', $row['avg_latency_24h']),
    'errors (24h)' => $row['errors_24h'],
    'last used' => date('Y-m-d H:i:s', $row['last_used']),
]);
echo "\nDemo finished: the peer is stopped and the demo store removed.\n";
