--TEST--
Outbox: the drain delivers every event once per rule, in order per rule, at most `concurrency` calls per service, with a stable idempotency key; a failing service waits without holding back the others
--FILE--
<?php
require __DIR__ . '/helpers.inc';
use local_integrationhub\{services, rules, bridge, dlq, request_log};
mih_test_store();
$peer = mih_test_peer();
$records = function (string $key) use ($peer): array {
    return array_map(fn($l) => json_decode($l, true), array_filter(explode("\n", file_get_contents("$peer/__records?key=$key"))));
};
$a = services::save(['name' => 'fast', 'base_url' => $peer, 'max_retries' => 0]);
$b = services::save(['name' => 'down', 'base_url' => $peer, 'max_retries' => 1, 'retry_backoff' => 0, 'cb_failure_threshold' => 100]);
$rules = [];
foreach ([1, 2, 3] as $k) {
    $rules[$k] = rules::save(['eventname' => '\core\event\user_created', 'serviceid' => $a, 'endpoint' => '/record/a?ms=5',
        'payload_template' => "{\"rule\": $k, \"n\": {{other.n}}}"]);
}
$down = rules::save(['eventname' => '\core\event\user_created', 'serviceid' => $b, 'endpoint' => '/record/b',
    'payload_template' => '{"n": {{other.n}}}']);
file_get_contents("$peer/__set?key=b&status=500");

$n = 60;
for ($i = 1; $i <= $n; $i++) {
    $added = bridge::enqueue(['eventname' => '\core\event\user_created', 'objectid' => $i, 'other' => ['n' => $i]]);
}
echo "deliveries per event: $added\n";
echo 'unmatched event: ', bridge::enqueue(['eventname' => '\core\event\course_created']), "\n";
$waiting = array_column(bridge::waiting(), 'count', 'ruleid');
echo 'waiting per rule: ', implode(' ', $waiting), "\n";

$report = bridge::drain(['concurrency' => 2, 'first_retry' => 5]);
echo 'first drain: ', json_encode($report), "\n";
$seen = $records('a');
echo 'fast service received: ', count($seen), ' requests, ', count(array_unique(array_column($seen, 'key'))), " distinct keys\n";
$order = [];
foreach ($seen as $r) {
    $body = json_decode($r['body'], true);
    $order[$body['rule']][] = $body['n'];
}
ksort($order);
foreach ($order as $k => $ns) {
    echo "rule $k in order: ", var_export($ns === range(1, $n), true), "\n";
}
echo 'most in flight at once to the fast service: ', file_get_contents("$peer/__inflight?key=a"), "\n";

$head = bridge::waiting()[0];
echo "down rule waits: rule=", var_export($head['ruleid'] === $down, true), " count={$head['count']} attempts={$head['attempts']} error={$head['error']} retry within 5 s: ",
    var_export($head['next_at'] > microtime(true) && $head['next_at'] <= microtime(true) + 5, true), "\n";
$tried = $records('b');
echo 'down service tried ', count($tried), " times, one key: ", var_export(count(array_unique(array_column($tried, 'key'))) === 1, true), "\n";
$headkey = $tried[0]['key'];

echo 'drain before the retry is due: ', json_encode(bridge::drain(['first_retry' => 5])), "\n";
file_get_contents("$peer/__set?key=b&status=200");
usleep((int) (max(0, $head['next_at'] - microtime(true)) * 1e6) + 50000);
echo 'drain after it: ', json_encode(bridge::drain(['first_retry' => 5])), "\n";
$got = $records('b');
$ok = array_values(array_filter($got, fn($r) => $r['status'] === 200));
echo 'down service now took ', count($ok), ' events, in order: ', var_export(array_map(fn($r) => json_decode($r['body'], true)['n'], $ok) === range(1, $n), true),
    ', first with the key of the failed tries: ', var_export($ok[0]['key'] === $headkey, true), "\n";
echo 'keys across both services distinct: ', count(array_unique(array_merge(array_column($seen, 'key'), array_column($ok, 'key')))), "\n";
echo 'outbox empty: ', var_export(bridge::waiting() === [], true), "\n";
echo 'log rows for the rules: ', count(request_log::query(['bridge' => true], 1000)), "\n";
echo 'key format: ', preg_match('/^[0-9a-f]{32}$/', $headkey), "\n";
?>
--EXPECT--
deliveries per event: 4
unmatched event: 0
waiting per rule: 60 60 60 60
first drain: {"delivered":180,"retried":1,"dead":0,"waiting":60,"busy":false}
fast service received: 180 requests, 180 distinct keys
rule 1 in order: true
rule 2 in order: true
rule 3 in order: true
most in flight at once to the fast service: 2
down rule waits: rule=true count=60 attempts=1 error=HTTP 500 retry within 5 s: true
down service tried 2 times, one key: true
drain before the retry is due: {"delivered":0,"retried":0,"dead":0,"waiting":60,"busy":false}
drain after it: {"delivered":60,"retried":0,"dead":0,"waiting":0,"busy":false}
down service now took 60 events, in order: true, first with the key of the failed tries: true
keys across both services distinct: 240
outbox empty: true
log rows for the rules: 241
key format: 1
