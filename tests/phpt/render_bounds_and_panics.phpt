--TEST--
Input that once aborted PHP: a render past the payload bound is a clear error in preview, render and dispatch; a panic is a logged mih_exception 'internal', and the process goes on
--FILE--
<?php
require __DIR__ . '/helpers.inc';
use local_integrationhub\{mih, services, rules, bridge, request_log, mih_exception};
mih_test_store();
$peer = mih_test_peer();
$sid = services::save(['name' => 'api', 'base_url' => $peer, 'max_retries' => 0]);

// 10 000 placeholders of a 1 MB value: a 10 GB payload, once a SIGABRT.
$template = '[' . implode(',', array_fill(0, 10000, '{{a}}')) . ']';
$ruleid = rules::save(['eventname' => '\core\event\user_created', 'serviceid' => $sid,
    'endpoint' => '/hook', 'payload_template' => $template]);
$big = ['a' => str_repeat('x', 1 << 20)];
echo 'preview: ', rules::preview($template, $big)['error'], "\n";
foreach (['render', 'dispatch'] as $call) {
    try {
        bridge::$call($ruleid, $big);
        echo "$call: no error\n";
    } catch (mih_exception $e) {
        echo "$call: {$e->errorcode}: {$e->getMessage()}\n";
    }
}
// An endpoint built from event data is bounded too.
$long = rules::save(['eventname' => '\core\event\user_created', 'serviceid' => $sid,
    'endpoint' => '/users/{{name}}', 'payload_template' => '']);
try {
    bridge::dispatch($long, ['name' => str_repeat('é', 5000)]);
} catch (mih_exception $e) {
    echo "long endpoint: {$e->errorcode}: {$e->getMessage()}\n";
}
echo 'peer reached: ', count(request_log::query()), " times\n";

// A bug of ours (injected in the debug build): a mih_exception, the call logged.
putenv('MIH_TEST_PANIC=attempt');
foreach (['request' => fn() => mih::request('api', '/boom'), 'dispatch' => fn() => bridge::dispatch($long, ['name' => 'ann'])] as $what => $call) {
    try {
        $call();
        echo "$what: no exception\n";
    } catch (mih_exception $e) {
        echo "$what: ", get_class($e), " {$e->errorcode}: {$e->getMessage()}\n";
    } catch (Throwable $e) {
        echo "$what: ", get_class($e), ": {$e->getMessage()}\n";
    }
}
putenv('MIH_TEST_PANIC');
foreach (request_log::query() as $row) {
    echo "logged: {$row['endpoint']} success=", var_export($row['success'], true), " {$row['error']}\n";
}
echo 'the breaker did not count it: ', services::get('api')['state'] ?? services::all()[0]['state'], "\n";
echo 'the next call works: ', var_export(mih::request('api', '/after')->success, true), "\n";
?>
--EXPECTF--
preview: the rendered payload would be larger than 8388608 bytes, the most MIH sends for an event and keeps in the Dead Letter Queue
render: invalid_argument: rule %d: the rendered payload would be larger than 8388608 bytes, the most MIH sends for an event and keeps in the Dead Letter Queue
dispatch: invalid_argument: rule %d: the rendered payload would be larger than 8388608 bytes, the most MIH sends for an event and keeps in the Dead Letter Queue
long endpoint: invalid_argument: rule %d: the rendered endpoint would be longer than 8192 bytes
peer reached: 0 times
%Arequest: local_integrationhub\mih_exception internal: internal error (a bug in MIH, please report it): injected by MIH_TEST_PANIC
%Adispatch: local_integrationhub\mih_exception internal: internal error (a bug in MIH, please report it): injected by MIH_TEST_PANIC
logged: /users/ann success=false internal error (a bug in MIH, please report it): injected by MIH_TEST_PANIC
logged: /boom success=false internal error (a bug in MIH, please report it): injected by MIH_TEST_PANIC
the breaker did not count it: closed
the next call works: true
%A
