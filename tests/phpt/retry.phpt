--TEST--
Retries: only retryable failures, attempts = 1 + max_retries, Retry-After honoured, real counts
--FILE--
<?php
require __DIR__ . '/helpers.inc';
use local_integrationhub\{mih, services, request_log};
mih_test_store();
$peer = mih_test_peer();
services::save(['name' => 'api', 'base_url' => $peer, 'max_retries' => 3, 'retry_backoff' => 0, 'cb_failure_threshold' => 100]);
services::save(['name' => 'two', 'base_url' => $peer, 'max_retries' => 2, 'retry_backoff' => 0, 'cb_failure_threshold' => 100]);
services::save(['name' => 'down', 'base_url' => 'http://127.0.0.1:' . mih_free_port(), 'max_retries' => 2, 'retry_backoff' => 0, 'cb_failure_threshold' => 100]);

function show(string $label, $r, string $peer, ?string $path): void {
    printf("%-28s success=%s status=%s attempts=%d peer-saw=%s\n", $label, var_export($r->success, true),
        var_export($r->httpstatus, true), $r->attempts, $path === null ? '-' : mih_peer_count($peer, $path));
}

show('fails twice, then succeeds', mih::request('api', '/flaky/a/2'), $peer, '/flaky/a/2');
show('keeps failing', mih::request('two', '/flaky/b/99'), $peer, '/flaky/b/99');
show('404 is not retried', mih::request('api', '/status/404'), $peer, '/status/404');
show('400 is not retried', mih::request('api', '/status/400'), $peer, '/status/400');
show('501 is not retried', mih::request('api', '/status/501'), $peer, '/status/501');
foreach ([408, 425, 429, 500, 502, 503, 504] as $code) {
    show("$code is retried", mih::request('two', "/status/$code"), $peer, "/status/$code");
}
$refused = mih::request('down', '/x');
show('connection refused', $refused, $peer, null);

$start = microtime(true);
$r = mih::request('api', '/retry-after/c/1/1');
show('503 + Retry-After: 1', $r, $peer, '/retry-after/c/1/1');
$waited = microtime(true) - $start;
var_dump($waited >= 1.0 && $waited < 1.8);

// The log records the real attempt count of each call.
$row = request_log::query(['serviceid' => services::get('two')['id'], 'success' => false], 1)[0];
echo "log: {$row['endpoint']} attempts={$row['attempts']} {$row['error']}\n";
?>
--EXPECT--
fails twice, then succeeds   success=true status=200 attempts=3 peer-saw=3
keeps failing                success=false status=503 attempts=3 peer-saw=3
404 is not retried           success=false status=404 attempts=1 peer-saw=1
400 is not retried           success=false status=400 attempts=1 peer-saw=1
501 is not retried           success=false status=501 attempts=1 peer-saw=1
408 is retried               success=false status=408 attempts=3 peer-saw=3
425 is retried               success=false status=425 attempts=3 peer-saw=3
429 is retried               success=false status=429 attempts=3 peer-saw=3
500 is retried               success=false status=500 attempts=3 peer-saw=3
502 is retried               success=false status=502 attempts=3 peer-saw=3
503 is retried               success=false status=503 attempts=3 peer-saw=3
504 is retried               success=false status=504 attempts=3 peer-saw=3
connection refused           success=false status=NULL attempts=3 peer-saw=-
503 + Retry-After: 1         success=true status=200 attempts=2 peer-saw=2
bool(true)
log: /status/504 attempts=3 HTTP 504
