--TEST--
A log write that fails never fails the call; it is reported in PHP's error log at the end of the request
--SKIPIF--
<?php exec('command -v python3', $out, $rc); if ($rc !== 0) die('skip python3 (sqlite3) missing'); ?>
--FILE--
<?php
require __DIR__ . '/helpers.inc';
use local_integrationhub\services;
$store = mih_test_store();
$peer = mih_test_peer();
services::save(['name' => 'api', 'base_url' => $peer, 'max_retries' => 0]);
$dir = dirname($store);

// Break the store under the extension: the log table vanishes.
exec('python3 -c ' . escapeshellarg("import sqlite3; c = sqlite3.connect('$store'); c.execute('DROP TABLE request_log'); c.commit()"), $out, $rc);
echo 'table dropped: ', $rc === 0 ? 'yes' : 'no', "\n";

// A separate PHP request (a CLI run) calls the service with the broken store.
$lib = mih_loaded_library();
file_put_contents("$dir/call.php", '<?php local_integrationhub\mih::configure(["store" => ' . var_export($store, true) . ']);'
    . ' $r = local_integrationhub\mih::request("api", "/x"); echo $r->success ? "call answered: " . $r->httpstatus : "call failed";');
$output = shell_exec(escapeshellarg(PHP_BINARY) . ' -n -d ' . escapeshellarg("extension=$lib")
    . ' -d log_errors=1 -d display_errors=0 -d ' . escapeshellarg("error_log=$dir/php-errors.log") . ' ' . escapeshellarg("$dir/call.php"));
echo $output, "\n";
$log = (string) @file_get_contents("$dir/php-errors.log");
echo 'reported in the error log: ', preg_match('/mih: store: request log rows lost: 1 row\(s\): store: no such table: request_log/', $log) ? 'yes' : "no\n$log", "\n";
?>
--EXPECT--
table dropped: yes
call answered: 200
reported in the error log: yes
