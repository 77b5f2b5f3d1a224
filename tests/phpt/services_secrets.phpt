--TEST--
Tokens and URL passwords are write-only, a blank token or a URL shown without its password keeps the stored one, delete cascades to the log
--FILE--
<?php
require __DIR__ . '/helpers.inc';
use local_integrationhub\{mih, services, request_log, mih_exception};
$store = mih_test_store();
$peer = mih_test_peer();
$secret = 'S3cr3t-t0ken-value-xyz';
$id = services::save(['name' => 'api', 'base_url' => $peer, 'auth_type' => 'bearer', 'auth_token' => $secret]);
$other = services::save(['name' => 'other', 'base_url' => $peer]);

$row = services::get('api');
echo json_encode([$row['has_token'], $row['token_hint'], array_key_exists('auth_token', $row)], JSON_UNESCAPED_UNICODE), "\n";
$pages = json_encode([services::get($id), services::get((string) $id), services::all()]);
var_dump(str_contains($pages, 'S3cr3t'), str_contains($pages, 't0ken'));

// Edit through a form that leaves the token blank: the stored one is kept.
services::save(['id' => $id, 'name' => 'api', 'base_url' => $peer, 'auth_type' => 'bearer', 'auth_token' => '', 'timeout' => 9]);
echo mih::request('api', '/t')->json()['authorization'], ' timeout=', services::get($id)['timeout'], "\n";
// Switching auth off drops the token.
services::save(['id' => $id, 'auth_type' => 'none']);
var_dump(mih::request('api', '/t')->json()['authorization'], services::get($id)['has_token']);

// A password in a base URL (an AMQP broker's, or HTTP basic auth) is as secret as a token.
$withpw = preg_replace('#^http://#', 'http://moodle:pw-S3cr3t@', $peer);
$basic = services::save(['name' => 'basic', 'base_url' => $withpw]);
$shown = services::get('basic')['base_url'];
echo str_replace($peer, 'PEER', preg_replace('#^http://moodle@#', 'http://', $shown)), ' ',
    var_export(str_contains(json_encode(services::all()), 'pw-S3cr3t'), true), "\n";
services::save(['id' => $basic, 'base_url' => $shown, 'timeout' => 7]);
echo 'kept: ', mih::request('basic', '/b')->json()['authorization'] === 'Basic ' . base64_encode('moodle:pw-S3cr3t') ? 'yes' : 'no', "\n";
$elsewhere = str_replace('127.0.0.1', 'localhost', $shown);
services::save(['id' => $basic, 'base_url' => $elsewhere]);
echo 'sent to another host: ', var_export(mih::request('basic', '/b')->json()['authorization'], true), "\n";
services::delete($basic);

mih::request('other', '/kept');
try {
    mih::request('api', '/', ['x' => NAN]);
} catch (mih_exception $e) {
    var_dump(str_contains($e->getMessage(), $secret));
}
services::delete($id);
var_dump(services::get($id));
echo json_encode(array_column(request_log::query([], 100), 'endpoint')), "\n";
try {
    mih::request('api');
} catch (mih_exception $e) {
    echo $e->errorcode, "\n";
}
?>
--EXPECT--
[true,"••••-xyz",false]
bool(false)
bool(false)
Bearer S3cr3t-t0ken-value-xyz timeout=9
NULL
bool(false)
PEER/ false
kept: yes
sent to another host: 'Basic bW9vZGxlOg=='
bool(false)
NULL
["\/kept"]
service_not_found
