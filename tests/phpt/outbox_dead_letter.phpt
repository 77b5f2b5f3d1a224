--TEST--
Outbox: the fifth failed try puts the rendered payload in the DLQ with its last error and key, which replays carry; an event whose rule is gone goes there at once, whole; a second drain finds the first one's lease; bad input names the field
--FILE--
<?php
require __DIR__ . '/helpers.inc';
use local_integrationhub\{services, rules, bridge, dlq, mih_exception};
$store = mih_test_store();
$peer = mih_test_peer();
$records = function (string $key) use ($peer): array {
    return array_map(fn($l) => json_decode($l, true), array_filter(explode("\n", file_get_contents("$peer/__records?key=$key"))));
};
$api = services::save(['name' => 'api', 'base_url' => $peer, 'max_retries' => 0, 'cb_failure_threshold' => 100]);
$failing = rules::save(['eventname' => '\core\event\user_created', 'serviceid' => $api, 'endpoint' => '/record/x',
    'payload_template' => '{"user": {{objectid}}, "name": "{{fullname}}"}']);
file_get_contents("$peer/__set?key=x&status=503");
bridge::enqueue(['eventname' => '\core\event\user_created', 'objectid' => 5, 'fullname' => 'Zoë "Z"']);

$tries = [];
for ($i = 1; $i <= 5; $i++) {
    $report = bridge::drain(['first_retry' => 1]);
    $tries[] = "{$report['retried']}/{$report['dead']}";
    $wait = bridge::waiting();
    if ($wait) {
        usleep((int) (max(0, $wait[0]['next_at'] - microtime(true)) * 1e6) + 50000);
    }
}
echo 'retried/dead per drain: ', implode(' ', $tries), "\n";
$sent = $records('x');
echo count($sent), ' tries, one key: ', var_export(count(array_unique(array_column($sent, 'key'))) === 1, true), "\n";
$entry = dlq::all()[0];
echo "dlq: attempts={$entry['attempts']} error={$entry['error']} rule=", var_export($entry['ruleid'] === $failing, true),
    " key is the tries' key: ", var_export($entry['delivery_id'] === $sent[0]['key'], true), "\n";
echo 'payload: ', dlq::get($entry['id'])['payload'], "\n";
file_get_contents("$peer/__set?key=x&status=200");
$r = dlq::replay($entry['id']);
$replayed = $records('x')[5];
echo 'replay: ', var_export($r->success, true), ', same key: ', var_export($replayed['key'] === $sent[0]['key'], true), "\n";
echo 'outbox empty: ', var_export(bridge::waiting() === [], true), "\n";

// A rule deleted while its events wait: they go to the queue at once, with the event's data.
$gone = rules::save(['eventname' => '\core\event\course_created', 'serviceid' => $api, 'endpoint' => '/record/y']);
bridge::enqueue(['eventname' => '\core\event\course_created', 'objectid' => 9, 'other' => ['fullname' => 'Maths']]);
rules::delete($gone);
$report = bridge::drain();
$entry = dlq::all()[0];
echo "rule gone: dead={$report['dead']} attempts={$entry['attempts']} error={$entry['error']}\n";
echo 'payload: ', dlq::get($entry['id'])['payload'], "\n";

// An event handed over by an older task keeps its tries.
$again = rules::save(['eventname' => '\core\event\user_deleted', 'serviceid' => $api, 'endpoint' => '/record/z']);
file_get_contents("$peer/__set?key=z&status=500");
bridge::enqueue(['eventname' => '\core\event\user_deleted', 'objectid' => 1], $again, 4, 'HTTP 500');
$report = bridge::drain();
echo "handed over with 4 tries: dead={$report['dead']} attempts=", dlq::all()[0]['attempts'], "\n";

// One drain at a time: a second one, while the first sends, sends nothing.
file_get_contents("$peer/__set?key=z&status=200");
$slow = rules::save(['eventname' => '\core\event\user_updated', 'serviceid' => $api, 'endpoint' => '/record/slow?ms=400']);
bridge::enqueue(['eventname' => '\core\event\user_updated', 'objectid' => 1]);
bridge::enqueue(['eventname' => '\core\event\user_updated', 'objectid' => 2]);
$lib = mih_loaded_library();
$first = proc_open([PHP_BINARY, '-n', '-d', "extension=$lib", '-r',
    'local_integrationhub\mih::configure(["store" => $argv[1]]); echo json_encode(local_integrationhub\bridge::drain());', $store],
    [1 => ['pipe', 'w']], $pipes);
usleep(300000);
echo 'second drain: ', json_encode(bridge::drain()), "\n";
echo 'first drain: ', stream_get_contents($pipes[1]), "\n";
proc_close($first);

foreach ([[[], null], [['eventname' => '\core\event\user_created', 'x' => str_repeat('é', 5000000)], null],
        [['eventname' => "bad\nname"], null]] as [$event, $rule]) {
    try {
        bridge::enqueue($event, $rule);
    } catch (mih_exception $e) {
        echo $e->errorcode, ': ', $e->getMessage(), "\n";
    }
}
try {
    bridge::drain(['concurrency' => 0, 'speed' => 1]);
} catch (mih_exception $e) {
    echo $e->errorcode, ': ', $e->getMessage(), "\n";
}
?>
--EXPECT--
retried/dead per drain: 1/0 1/0 1/0 1/0 0/1
5 tries, one key: true
dlq: attempts=5 error=HTTP 503 rule=true key is the tries' key: true
payload: {"user":5,"name":"Zoë \"Z\""}
replay: true, same key: true
outbox empty: true
rule gone: dead=1 attempts=0 error=rule_not_found: rule 2 no longer exists
payload: {"eventname":"\\core\\event\\course_created","objectid":9,"other":{"fullname":"Maths"}}
handed over with 4 tries: dead=1 attempts=5
second drain: {"delivered":0,"retried":0,"dead":0,"waiting":2,"busy":true}
first drain: {"delivered":2,"retried":0,"dead":0,"waiting":0,"busy":false}
invalid_argument: invalid input: eventdata: needs an eventname to be matched
invalid_argument: invalid input: eventdata: at most 8388608 bytes as JSON (8 MiB); this event has 10000050
invalid_argument: invalid input: eventdata: eventname: must not contain control characters
invalid_argument: invalid input: concurrency: must be a whole number from 1 to 64; speed: unknown option
