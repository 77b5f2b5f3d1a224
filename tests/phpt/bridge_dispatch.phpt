--TEST--
Event Bridge dispatch, the task's five attempts into the Dead Letter Queue, and replay that sends the stored payload exactly
--FILE--
<?php
require __DIR__ . '/helpers.inc';
use local_integrationhub\{services, rules, bridge, dlq, request_log, mih_exception};
mih_test_store();
$peer = mih_test_peer();
$api = services::save(['name' => 'api', 'base_url' => "$peer/hooks", 'auth_type' => 'bearer', 'auth_token' => 'tok-123456789012',
    'max_retries' => 0, 'cb_failure_threshold' => 100]);
$rule = rules::save(['eventname' => '\core\event\user_created', 'serviceid' => $api, 'endpoint' => '/users/{{objectid}}',
    'http_method' => 'PUT', 'payload_template' => '{"event": "{{eventname}}", "user": {{relateduserid}}, "name": "{{fullname}}", "course": {{other.courseid}}}']);
$event = ['eventname' => '\core\event\user_created', 'objectid' => 42, 'relateduserid' => 42,
    'fullname' => "Zoë \"Z\" O'Brien\n", 'other' => ['courseid' => 7]];

$r = bridge::dispatch($rule, $event);
$seen = $r->json();
echo "dispatch: {$r->httpstatus} {$seen['method']} {$seen['uri']}\n";
var_dump(json_decode($seen['body'], true) === ['event' => '\core\event\user_created', 'user' => 42, 'name' => "Zoë \"Z\" O'Brien\n", 'course' => 7]);
$row = request_log::query(['ruleid' => $rule], 1)[0];
echo "log row: rule={$row['ruleid']} event={$row['eventname']} {$row['http_method']} {$row['endpoint']}\n";
echo 'events tab filter: ', count(request_log::query(['eventname' => 'core\event\user_created'])), "\n";

// The adhoc task: a failing rule is retried by Moodle; the 5th failure goes to the DLQ.
$failing = rules::save(['eventname' => '\core\event\course_created', 'serviceid' => $api, 'endpoint' => '/flaky/dlq/6',
    'payload_template' => '{"b": 1, "a": [1.50, "{{fullname}}"]}']);
for ($attempt = 1; $attempt <= 5; $attempt++) {
    $r = bridge::dispatch($failing, $event);
    if (!$r->success && $attempt === 5) {
        $id = dlq::push(bridge::render($failing, $event) + ['error' => $r->error, 'attempts' => $attempt]);
    }
}
$entry = dlq::get($id);
echo "dlq: {$entry['eventname']} rule={$entry['ruleid']} service={$entry['serviceid']} {$entry['http_method']} {$entry['endpoint']} attempts={$entry['attempts']} error={$entry['error']}\n";
echo "payload: {$entry['payload']}\n";
echo count(dlq::all()), " entry\n";

// Replay: the peer still fails (6th request): the entry stays, one more attempt.
$r = dlq::replay($id);
echo 'replay 1: ', var_export($r->success, true), " {$r->httpstatus}; attempts now ", dlq::get($id)['attempts'], "\n";
// The 7th request succeeds: the entry goes, and the bytes sent are the stored ones.
$r = dlq::replay($id);
echo 'replay 2: ', var_export($r->success, true), " {$r->httpstatus}; entry ", var_export(dlq::get($id), true), "\n";
echo 'sent byte for byte: ', var_export($r->json()['body'] === $entry['payload'], true), "\n";
echo 'peer saw /flaky/dlq/6 ', mih_peer_count($peer, '/hooks/flaky/dlq/6'), " times\n";

// A rule or service gone: the task's exception path stores the event itself.
try {
    bridge::dispatch(999, $event);
} catch (mih_exception $e) {
    echo $e->errorcode, ': ', $e->getMessage(), "\n";
    $gone = dlq::push(['eventname' => $event['eventname'], 'ruleid' => 999, 'payload' => $event, 'error' => $e->getMessage(), 'attempts' => 1]);
}
$orphan = dlq::push(['eventname' => '\core\event\x', 'serviceid' => 12345, 'payload' => '{"a":1}', 'error' => 'x']);
$r = dlq::replay($orphan);
echo 'replay without service: ', var_export($r->success, true), ' ', $r->error, '; kept with attempts ', dlq::get($orphan)['attempts'], "\n";
try {
    dlq::replay(424242);
} catch (mih_exception $e) {
    echo $e->errorcode, "\n";
}
dlq::delete($orphan);
echo count(dlq::all()), " entry left\n";
try {
    dlq::push(['eventname' => 'x']);
} catch (mih_exception $e) {
    echo $e->errorcode, ': ', json_encode($e->fielderrors), "\n";
}
?>
--EXPECT--
dispatch: 200 PUT /hooks/users/42
bool(true)
log row: rule=1 event=\core\event\user_created PUT /users/42
events tab filter: 1
dlq: \core\event\course_created rule=2 service=1 POST /flaky/dlq/6 attempts=5 error=HTTP 503
payload: {"b":1,"a":[1.5,"Zoë \"Z\" O'Brien\n"]}
1 entry
replay 1: false 503; attempts now 6
replay 2: true 200; entry NULL
sent byte for byte: true
peer saw /flaky/dlq/6 7 times
rule_not_found: rule 999 no longer exists
replay without service: false service 12345 no longer exists; kept with attempts 1
entry_not_found
1 entry left
invalid_argument: {"payload":"required"}
