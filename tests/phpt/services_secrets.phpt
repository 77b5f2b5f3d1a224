--TEST--
Tokens are write-only, a blank token keeps the stored one, delete cascades to the log
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
bool(false)
NULL
["\/kept"]
service_not_found
