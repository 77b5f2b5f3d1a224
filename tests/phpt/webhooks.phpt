--TEST--
Inbound webhooks: MIH 2.0's answers (405, 400, 404, 403) and auth (Bearer or X-API-Key, any case), body limits, Standard Webhooks signatures with a replayed webhook-id refused, inbound log rows; outbound REST calls of a service with a secret are signed as PHP's hash_hmac verifies
--FILE--
<?php
require __DIR__ . '/helpers.inc';
use local_integrationhub\{services, webhooks, request_log, mih, mih_exception};
mih_test_store();
$peer = mih_test_peer();
$secret = 'whsec_' . base64_encode(str_repeat("\x42", 32));
$key = base64_decode(substr($secret, 6));
services::save(['name' => 'bearer', 'base_url' => $peer, 'auth_type' => 'bearer', 'auth_token' => 'tok-A-123456789']);
services::save(['name' => 'apikey', 'base_url' => $peer, 'auth_type' => 'apikey', 'auth_token' => 'key-B-123456789']);
services::save(['name' => 'signed', 'base_url' => $peer, 'signing_secret' => $secret]);
services::save(['name' => 'open', 'base_url' => $peer]);
services::save(['name' => 'off', 'base_url' => $peer, 'auth_type' => 'bearer', 'auth_token' => 'tok-C-123456789', 'enabled' => false]);
echo 'secret write-only: ', json_encode(array_intersect_key(services::get('signed'), ['has_signing_secret' => 1, 'signing_secret' => 1])), "\n";

$try = function (string $label, string $service, array $headers, string $body, string $method = 'POST') {
    $r = webhooks::receive($method, $service, $headers, $body);
    echo str_pad($label, 34), $r['status'], ' ', $r['error'] ?? json_encode($r['payload'], JSON_UNESCAPED_UNICODE), "\n";
    return $r;
};
$json = '{"user": 5, "name": "Zoë"}';
$try('GET', 'bearer', ['Authorization' => 'Bearer tok-A-123456789'], $json, 'GET');
$try('no service', '', [], $json);
$try('unknown service', 'nope', [], $json);
$try('disabled', 'off', ['Authorization' => 'Bearer tok-C-123456789'], $json);
$try('no credential', 'bearer', [], $json);
$try('wrong bearer', 'bearer', ['Authorization' => 'Bearer tok-A-12345678'], $json);
$try('other service\'s token', 'apikey', ['Authorization' => 'Bearer tok-A-123456789'], $json);
$r = $try('bearer', 'bearer', ['Authorization' => 'Bearer tok-A-123456789'], $json);
echo '  service: ', $r['serviceid'], ' ', $r['servicename'], "\n";
$try('bearer, header in lower case', 'bearer', ['authorization' => 'bearer tok-A-123456789'], $json);
$try('token as X-API-Key', 'bearer', ['X-API-Key' => 'tok-A-123456789'], $json);
$try('api key', 'apikey', ['X-Api-Key' => 'key-B-123456789'], '[1, 2]');
$try('no token and no secret', 'open', [], $json);
$auth = ['Authorization' => 'Bearer tok-A-123456789'];
$try('empty body', 'bearer', $auth, " \n");
$try('not JSON', 'bearer', $auth, '{"user": ');
$try('JSON scalar', 'bearer', $auth, '5');
$try('over 1 MiB', 'bearer', $auth, '"' . str_repeat('x', 1 << 20) . '"');

$sign = fn(string $id, int $ts, string $body) => ['webhook-id' => $id, 'webhook-timestamp' => (string) $ts,
    'webhook-signature' => 'v1,' . base64_encode(hash_hmac('sha256', "$id.$ts.$body", $key, true))];
$now = time();
$try('signed, no signature', 'signed', [], $json);
$try('signed', 'signed', $sign('msg_1', $now, $json), $json);
$try('same webhook-id again', 'signed', $sign('msg_1', $now, $json), $json);
$try('another id', 'signed', $sign('msg_2', $now, $json), $json);
$try('six minutes old', 'signed', $sign('msg_3', $now - 360, $json), $json);
$try('body changed', 'signed', $sign('msg_4', $now, $json), '{"user": 6}');
$try('other key', 'signed', ['webhook-signature' => 'v1,' . base64_encode(hash_hmac('sha256', "msg_5.$now.$json", 'x', true))]
    + $sign('msg_5', $now, $json), $json);

$rows = request_log::query(['direction' => 'inbound'], 100);
echo 'inbound log rows: ', count($rows), ' (', count(array_filter($rows, fn($r) => $r['success'])), ' accepted), endpoint ',
    $rows[0]['endpoint'], ', direction ', $rows[0]['direction'], "\n";
try {
    request_log::query(['direction' => 'sideways']);
} catch (mih_exception $e) {
    echo 'bad filter: ', $e->fielderrors['direction'], "\n";
}

// Outbound: a REST call of a service with a secret carries a signature over the body sent.
$r = mih::request('signed', '/echo', ['a' => 1]);
[$id, $ts, $signature] = $r->json()['webhook'];
$body = $r->json()['body'];
echo 'outbound signed: ', var_export($signature === 'v1,' . base64_encode(hash_hmac('sha256', "$id.$ts.$body", $key, true)), true),
    ', timestamp now: ', var_export(abs($ts - time()) < 5, true), "\n";
echo 'unsigned service sends no signature: ', var_export(mih::request('bearer', '/echo', [])->json()['webhook'], true), "\n";
echo 'outbound rows: ', count(request_log::query(['direction' => 'outbound'])), "\n";
foreach (['abc', 'whsec_!!', 'whsec_' . base64_encode('short')] as $bad) {
    try {
        services::save(['name' => 'bad', 'base_url' => $peer, 'signing_secret' => $bad]);
    } catch (mih_exception $e) {
        echo 'refused: ', $e->fielderrors['signing_secret'], "\n";
    }
}
$id = services::get('signed')['id'];
services::save(['id' => $id, 'clear_signing_secret' => true]);
echo 'cleared: ', json_encode(services::get('signed')['has_signing_secret']), "\n";
?>
--EXPECT--
secret write-only: {"has_signing_secret":true}
GET                               405 Method Not Allowed: use POST.
no service                        400 Missing required parameter: service.
unknown service                   404 Service not found.
disabled                          403 Service is disabled.
no credential                     403 Invalid authentication token.
wrong bearer                      403 Invalid authentication token.
other service's token             403 Invalid authentication token.
bearer                            200 {"user":5,"name":"Zoë"}
  service: 1 bearer
bearer, header in lower case      200 {"user":5,"name":"Zoë"}
token as X-API-Key                200 {"user":5,"name":"Zoë"}
api key                           200 [1,2]
no token and no secret            403 Invalid authentication token: this service has no token or signing secret, so it takes no webhooks.
empty body                        400 Empty request body.
not JSON                          400 Invalid JSON: EOF while parsing a value at line 1 column 9
JSON scalar                       400 Invalid JSON: the body must be a JSON object or array.
over 1 MiB                        413 The body is over 1048576 bytes.
signed, no signature              403 Invalid signature: the webhook-id header is missing.
signed                            200 {"user":5,"name":"Zoë"}
same webhook-id again             409 The webhook-id 'msg_1' was received already.
another id                        200 {"user":5,"name":"Zoë"}
six minutes old                   403 Invalid signature: the webhook-timestamp is more than 300 s from now.
body changed                      403 Invalid signature: no valid v1 signature in the webhook-signature header.
other key                         403 Invalid signature: no valid v1 signature in the webhook-signature header.
inbound log rows: 9 (6 accepted), endpoint webhook, direction inbound
bad filter: must be inbound or outbound
outbound signed: true, timestamp now: true
unsigned service sends no signature: NULL
outbound rows: 2
refused: must start with 'whsec_' followed by base64 (Standard Webhooks)
refused: the part after 'whsec_' must be base64
refused: must hold 24 to 64 bytes of key; this one holds 5
cleared: false
