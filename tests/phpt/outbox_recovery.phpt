--TEST--
Outbox: a bug of ours in a delivery (a panic, injected in the debug build) is a failed try like any other, logged; the event is delivered once the cause is gone
--FILE--
<?php
require __DIR__ . '/helpers.inc';
use local_integrationhub\{services, rules, bridge, dlq, request_log};

mih_test_store();
$peer = mih_test_peer();
$svc = services::save(['name' => 'flaky', 'base_url' => $peer, 'max_retries' => 0]);
$rule = rules::save(['eventname' => '\core\event\user_created', 'serviceid' => $svc, 'endpoint' => '/switch/hook']);
bridge::enqueue(['eventname' => '\core\event\user_created', 'objectid' => 7]);
$drain = function (string $what) {
    $report = bridge::drain(['first_retry' => 1]);
    $head = bridge::waiting()[0] ?? null;
    echo "$what: delivered {$report['delivered']}, retried {$report['retried']}; ",
        $head ? "waiting: attempts {$head['attempts']}, last error: {$head['error']}" : 'nothing waits', "\n";
    if ($head) {
        usleep((int) (max(0, $head['next_at'] - microtime(true)) * 1e6) + 50000);
    }
};

file_get_contents("$peer/__set?key=hook&status=503");
$drain('peer failing');
putenv('MIH_TEST_PANIC=attempt');
$drain('internal error');
putenv('MIH_TEST_PANIC');
file_get_contents("$peer/__set?key=hook&status=200");
$drain('peer recovered');
echo 'requests the peer answered: ', file_get_contents("$peer/__count?path=/switch/hook"), "\n";
echo 'log: ', implode(', ', array_map(fn($r) => $r['success'] ? 'ok' : substr($r['error'], 0, 30), array_reverse(request_log::query(['ruleid' => $rule])))), "\n";
echo 'in the DLQ: ', count(dlq::all()), "\n";
?>
--EXPECTF--
peer failing: delivered 0, retried 1; waiting: attempts 1, last error: HTTP 503
%Ainternal error: delivered 0, retried 1; waiting: attempts 2, last error: internal: internal error (a bug in MIH, please report it): injected by MIH_TEST_PANIC
peer recovered: delivered 1, retried 0; nothing waits
requests the peer answered: 2
log: HTTP 503, internal error (a bug in MIH, , ok
in the DLQ: 0
%A
