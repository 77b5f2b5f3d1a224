--TEST--
Outbox: a failing service holds back no other: while one delivery waits between its retries, another service's events all go through
--FILE--
<?php
require __DIR__ . '/helpers.inc';
use local_integrationhub\{services, rules, bridge};
mih_test_store();
$peer = mih_test_peer();
$records = function (string $key) use ($peer): array {
    return array_map(fn($l) => json_decode($l, true), array_filter(explode("\n", file_get_contents("$peer/__records?key=$key"))));
};
// Three attempts, 1 s then 2 s apart (jittered): the try lasts about 3 s.
$down = services::save(['name' => 'down', 'base_url' => $peer, 'max_retries' => 2, 'retry_backoff' => 1,
    'cb_failure_threshold' => 100]);
$up = services::save(['name' => 'up', 'base_url' => $peer, 'max_retries' => 0]);
rules::save(['eventname' => '\core\event\user_created', 'serviceid' => $down, 'endpoint' => '/record/down']);
rules::save(['eventname' => '\core\event\user_created', 'serviceid' => $up, 'endpoint' => '/record/up']);
file_get_contents("$peer/__set?key=down&status=503");
for ($i = 1; $i <= 100; $i++) {
    bridge::enqueue(['eventname' => '\core\event\user_created', 'objectid' => $i]);
}
// Read 10 at a time: the other service's refills must not wait for the failing try.
echo 'drained: ', json_encode(bridge::drain(['batch' => 10])), "\n";
$failing = array_column($records('down'), 'time');
$other = array_column($records('up'), 'time');
echo 'failing service: ', count($failing), " attempts of one try\n";
echo 'other service: ', count($other), ' events, all before the failing try\'s last attempt: ',
    var_export(max($other) < max($failing), true), "\n";
?>
--EXPECT--
drained: {"delivered":100,"retried":1,"dead":0,"waiting":100,"busy":false}
failing service: 3 attempts of one try
other service: 100 events, all before the failing try's last attempt: true
