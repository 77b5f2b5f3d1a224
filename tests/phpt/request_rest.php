<?php
require __DIR__ . '/helpers.inc';
use local_integrationhub\{mih, services};
mih_test_store();
$peer = mih_test_peer();
services::save(['name' => 'bearer-api', 'base_url' => "$peer/v1/", 'auth_type' => 'bearer', 'auth_token' => 'tok-0123456789']);
services::save(['name' => 'key-api', 'base_url' => "$peer/v1", 'auth_type' => 'apikey', 'auth_token' => 'key-0123456789']);
services::save(['name' => 'closed-port', 'base_url' => 'http://127.0.0.1:' . mih_free_port(), 'timeout' => 2]);

$payload = ['userid' => 5, 'name' => "O'Brien \"the\" <b>", 'tags' => ['a', 'b'], 'meta' => ['x' => true, 'y' => null]];
foreach (['POST', 'PUT', 'PATCH', 'GET', 'DELETE'] as $method) {
    $r = mih::request('bearer-api', '/users', $payload, $method);
    $seen = $r->json();
    echo "$method -> {$seen['method']} {$seen['uri']} body=", $seen['body'] === '' ? '(none)' : $seen['body'], "\n";
}
$seen = mih::request('bearer-api', 'users')->json();
echo "default: {$seen['method']} {$seen['uri']} body=", $seen['body'] === '' ? '(none)' : $seen['body'], "\n";
echo 'headers: ', $seen['authorization'], ' | ', $seen['contenttype'], ' | ', $seen['accept'], "\n";
$seen = mih::request('key-api', '/k', 'raw text', 'post')->json();
echo 'apikey: ', $seen['apikey'], ' auth=', var_export($seen['authorization'], true), ' body=', $seen['body'], "\n";

$ok = mih::request('bearer-api', '/users', ['a' => 1]);
var_dump($ok->success, $ok->is_ok(), $ok->httpstatus, $ok->error, $ok->attempts, $ok->latencyms > 0);

$fail = mih::request('bearer-api', '/status/503');
var_dump($fail->success, $fail->httpstatus, $fail->error, $fail->body);
$notfound = mih::request('bearer-api', '/status/404');
var_dump($notfound->success, $notfound->httpstatus, $notfound->error);

$refused = mih::request('closed-port', '/x');
var_dump($refused->success, $refused->httpstatus, $refused->body);
echo preg_replace('/:\d+/', ':PORT', $refused->error), "\n";

$fluent = mih::send('bearer-api')->to('/fluent')->with(['q' => 'a b'])->method('GET')->dispatch();
echo 'fluent: ', $fluent->json()['uri'], "\n";
$obj = mih::request('bearer-api', '/o', [])->json(false);
var_dump($obj instanceof stdClass, $obj->method);
try {
    mih::request('bearer-api', '/text')->json();
} catch (local_integrationhub\mih_exception $e) {
    echo $e->errorcode, ': ', $e->getMessage(), "\n";
}
try {
    $ok->success = false;
} catch (Throwable $e) {
    echo 'read-only: ', $e->getMessage(), "\n";
}
var_dump($ok->success);
?>
