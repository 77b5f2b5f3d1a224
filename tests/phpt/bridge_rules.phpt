--TEST--
Event Bridge rules: validation, preview, and the matching index refreshed when rules change in any process
--FILE--
<?php
require __DIR__ . '/helpers.inc';
use local_integrationhub\{services, rules, bridge, mih_exception};
mih_test_store();
$api = services::save(['name' => 'api', 'base_url' => 'http://127.0.0.1:9/']);
$off = services::save(['name' => 'off', 'base_url' => 'http://127.0.0.1:9/', 'enabled' => false]);

function attempt(array $fields) {
    try {
        return rules::save($fields);
    } catch (mih_exception $e) {
        echo $e->errorcode, ': ', json_encode($e->fielderrors, JSON_UNESCAPED_SLASHES), "\n";
        return null;
    }
}

$template = "{\n  \"event\": \"{{eventname}}\",\n  \"user_id\": {{userid}},\n  \"name\": \"{{fullname}}\"\n}";
$r1 = attempt(['eventname' => 'core\event\user_created', 'serviceid' => $api, 'endpoint' => '/users/{{objectid}}',
    'http_method' => 'put', 'payload_template' => $template]);
$r2 = attempt(['eventname' => '\core\event\user_created', 'serviceid' => $api]);
$r3 = attempt(['eventname' => '\core\event\course_created', 'serviceid' => $off]);
$r4 = attempt(['eventname' => '\core\event\user_deleted', 'serviceid' => $api, 'enabled' => 0]);
attempt(['eventname' => 'not an event', 'serviceid' => 999, 'http_method' => 'FETCH', 'payload_template' => "{\n \"a\": {{x}},\n \"b\": }"]);
attempt(['eventname' => '\core\event\x', 'serviceid' => $api, 'payload_template' => '{"a": {{ two words }}}']);

$rule = rules::get($r1);
echo "$rule[eventname] $rule[http_method] $rule[endpoint] enabled=", var_export($rule['enabled'], true), "\n";
echo count(rules::all()), " rules\n";

echo 'user_created: ', json_encode(bridge::matching('\core\event\user_created')), "\n";
echo 'without backslash: ', json_encode(bridge::matching('core\event\user_created')), "\n";
echo 'disabled service: ', json_encode(bridge::matching('\core\event\course_created')), "\n";
echo 'disabled rule: ', json_encode(bridge::matching('\core\event\user_deleted')), "\n";
echo 'no rule: ', json_encode(bridge::matching('\core\event\user_loggedin')), "\n";

// Another process changes the rules: this one sees it at its next call.
$pid = pcntl_fork();
if ($pid === 0) {
    rules::save(['eventname' => '\core\event\user_loggedin', 'serviceid' => $api]);
    rules::delete($r2);
    services::save(['id' => $off, 'enabled' => true]);
    exit(0);
}
pcntl_waitpid($pid, $status);
echo 'after the other process: ', json_encode([bridge::matching('\core\event\user_created'),
    count(bridge::matching('\core\event\user_loggedin')), bridge::matching('\core\event\course_created')]), "\n";
rules::save(['id' => $r1, 'enabled' => false]);
echo 'rule switched off: ', json_encode(bridge::matching('\core\event\user_created')), "\n";

// Preview: mock data, given data, unknown placeholders, errors.
$p = rules::preview($template);
echo $p['payload'], "\n", json_encode($p['unknown']), ' ', var_export($p['error'], true), "\n";
$p = rules::preview('{"who": "{{fullname}}", "grade": {{other.grade}}, "x": {{nothing}}}', ['fullname' => "Ann \"<b>\"", 'other' => ['grade' => 7.5]]);
echo $p['payload'], "\n", json_encode($p['unknown']), "\n";
echo json_encode(rules::preview('{"a": }')), "\n";
?>
--EXPECT--
invalid_argument: {"eventname":"must be an event class name such as \\core\\event\\user_created","http_method":"method 'FETCH' is not supported; use GET, POST, PUT, PATCH or DELETE","payload_template":"template line 3, column 7: not valid JSON (expected value)","serviceid":"no service with id 999"}
invalid_argument: {"payload_template":"template line 1, column 7: '{{ two words }}' is not a placeholder; use {{name}} or {{a.b}}"}
\core\event\user_created PUT /users/{{objectid}} enabled=true
4 rules
user_created: [1,2]
without backslash: [1,2]
disabled service: []
disabled rule: []
no rule: []
after the other process: [[1],1,[3]]
rule switched off: []
{
  "event": "\\core\\event\\user_created",
  "user_id": 2,
  "name": "Jane O'Neil"
}
[] NULL
{
  "who": "Ann \"<b>\"",
  "grade": 7.5,
  "x": null
}
["nothing"]
{"payload":null,"unknown":[],"error":"template line 1, column 7: not valid JSON (expected value)","filter":null,"filter_error":null}
