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

// The default cap is 16 MiB: a 20 MiB body is refused, a 10 MiB one arrives whole.
mih::configure(['max_response_bytes' => 16 * 1024 * 1024]);
$huge = mih::request('slow', '/big/' . (20 * 1024 * 1024));
echo preg_replace('/:\d+/', ':PORT', $huge->error), "\n";
var_dump(strlen(mih::request('slow', '/big/' . (10 * 1024 * 1024))->body));

// A response that breaks off is a failed, retryable call, not a crash or a short body.
services::save(['name' => 'broken', 'base_url' => $peer, 'max_retries' => 1, 'retry_backoff' => 0]);
$cut = mih::request('broken', '/truncated');
var_dump($cut->success, $cut->attempts, $cut->body);
echo preg_replace('/:\d+/', ':PORT', $cut->error), "\n";
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
response from http://127.0.0.1:PORT/big/20971520 is larger than 16777216 bytes
int(10485760)
bool(false)
int(2)
string(0) ""
response from http://127.0.0.1:PORT/truncated broke off: end of file before message length reached
