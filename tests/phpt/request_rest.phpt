--TEST--
mih::request reaches a REST service: URL, methods, payload placement, auth headers, outcomes
--FILE--
<?php
require __DIR__ . '/helpers.inc';
use local_integrationhub\{mih, services};
mih_test_store();
$peer = mih_test_peer();
// No retries here: retry.phpt covers them.
services::save(['name' => 'bearer-api', 'base_url' => "$peer/v1/", 'auth_type' => 'bearer', 'auth_token' => 'tok-0123456789', 'max_retries' => 0]);
services::save(['name' => 'key-api', 'base_url' => "$peer/v1", 'auth_type' => 'apikey', 'auth_token' => 'key-0123456789']);
services::save(['name' => 'closed-port', 'base_url' => 'http://127.0.0.1:' . mih_free_port(), 'timeout' => 2, 'max_retries' => 0]);

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
--EXPECT--
POST -> POST /v1/users body={"userid":5,"name":"O'Brien \"the\" <b>","tags":["a","b"],"meta":{"x":true,"y":null}}
PUT -> PUT /v1/users body={"userid":5,"name":"O'Brien \"the\" <b>","tags":["a","b"],"meta":{"x":true,"y":null}}
PATCH -> PATCH /v1/users body={"userid":5,"name":"O'Brien \"the\" <b>","tags":["a","b"],"meta":{"x":true,"y":null}}
GET -> GET /v1/users?userid=5&name=O%27Brien+%22the%22+%3Cb%3E&tags%5B0%5D=a&tags%5B1%5D=b&meta%5Bx%5D=1 body=(none)
DELETE -> DELETE /v1/users?userid=5&name=O%27Brien+%22the%22+%3Cb%3E&tags%5B0%5D=a&tags%5B1%5D=b&meta%5Bx%5D=1 body=(none)
default: POST /v1/users body=(none)
headers: Bearer tok-0123456789 | application/json | application/json
apikey: key-0123456789 auth=NULL body=raw text
bool(true)
bool(true)
int(200)
NULL
int(1)
bool(true)
bool(false)
int(503)
string(8) "HTTP 503"
string(14) "{"status":503}"
bool(false)
int(404)
string(8) "HTTP 404"
bool(false)
NULL
string(0) ""
cannot connect to http://127.0.0.1:PORT/x: Connection refused (os error 111)
fluent: /v1/fluent?q=a+b
bool(true)
string(4) "POST"
invalid_json: response body is not valid JSON: expected ident at line 1 column 2
read-only: No setter available for this property.
bool(true)
