--TEST--
A service that never answers costs its timeout; oversized responses are refused, not buffered
--FILE--
<?php
require __DIR__ . '/helpers.inc';
use local_integrationhub\{mih, services};
mih_test_store();
$peer = mih_test_peer();
services::save(['name' => 'slow', 'base_url' => $peer, 'timeout' => 1, 'max_retries' => 0]);
$r = mih::request('slow', '/slow/3');
var_dump($r->success, $r->httpstatus);
echo $r->error, "\n";
var_dump($r->latencyms >= 900 && $r->latencyms < 2500);

mih::configure(['max_response_bytes' => 4096]);
$big = mih::request('slow', '/big/5000');
var_dump($big->success, $big->body);
echo preg_replace('/:\d+/', ':PORT', $big->error), "\n";
var_dump(strlen(mih::request('slow', '/big/4096')->body));
?>
--EXPECT--
bool(false)
NULL
no answer from service 'slow' within its timeout of 1 s
bool(true)
bool(false)
string(0) ""
response from http://127.0.0.1:PORT/big/5000 is larger than 4096 bytes
int(4096)
