--TEST--
Backoff doubles between attempts, and no call outlives mih.max_call_seconds
--INI--
mih.max_call_seconds=3
--FILE--
<?php
require __DIR__ . '/helpers.inc';
use local_integrationhub\{mih, services};
mih_test_store();
$peer = mih_test_peer();
services::save(['name' => 'hang', 'base_url' => $peer, 'timeout' => 1, 'max_retries' => 10, 'retry_backoff' => 0, 'cb_failure_threshold' => 100]);
services::save(['name' => 'patient', 'base_url' => $peer, 'timeout' => 2, 'max_retries' => 10, 'retry_backoff' => 1, 'cb_failure_threshold' => 100]);

// A server that accepts and never answers in time costs one timeout per attempt,
// and the whole call stops at the deadline.
$start = microtime(true);
$r = mih::request('hang', '/slow/5');
$took = microtime(true) - $start;
printf("hang: attempts=%d within deadline=%s error=%s\n", $r->attempts, var_export($took < 3.4, true), $r->error);
var_dump($r->attempts >= 2 && $r->attempts <= 3);

// Initial backoff 1 s doubling, jittered: 1..2 s, then 2..4 s, which would pass the
// 3 s deadline, so the call stops after the second attempt instead of sleeping past it.
$start = microtime(true);
$r = mih::request('patient', '/status/503');
$took = microtime(true) - $start;
printf("patient: attempts=%d waited at least the first backoff=%s within deadline=%s\n",
    $r->attempts, var_export($took >= 1.0, true), var_export($took < 3.2, true));
?>
--EXPECTF--
hang: attempts=%d within deadline=true error=%s
bool(true)
patient: attempts=2 waited at least the first backoff=true within deadline=true
