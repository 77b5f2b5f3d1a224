--TEST--
Store on a full filesystem: every call is still answered truthfully (successes and failures), lost log rows are reported in PHP's error log, and logging resumes once there is room
--SKIPIF--
<?php
if (trim((string) shell_exec('id -u')) !== '0') die('skip mounting a small tmpfs needs root');
$probe = sys_get_temp_dir() . '/mih-tmpfs-probe-' . getmypid();
@mkdir($probe);
exec('mount -t tmpfs -o size=64k tmpfs ' . escapeshellarg($probe) . ' 2>/dev/null && umount ' . escapeshellarg($probe), $out, $rc);
@rmdir($probe);
if ($rc !== 0) die('skip cannot mount a tmpfs here');
?>
--FILE--
<?php
require __DIR__ . '/helpers.inc';
use local_integrationhub\{mih, services, request_log};

// A filesystem of its own for the store, unmounted at exit: 8 MiB, so that once
// the filler is gone the WAL has room for 200 calls committed in many small
// batches (a slow machine commits more often; 1 MiB ran out again).
$mount = sys_get_temp_dir() . '/mih-full-' . getmypid();
mkdir($mount);
exec('mount -t tmpfs -o size=8m tmpfs ' . escapeshellarg($mount));
register_shutdown_function(fn() => exec('umount -l ' . escapeshellarg($mount) . ' && rmdir ' . escapeshellarg($mount)));
$store = "$mount/hub.sqlite";
mih::configure(['store' => $store, 'log_max' => 0]);
$peer = mih_test_peer();
services::save(['name' => 'api', 'base_url' => $peer, 'max_retries' => 0]);
services::save(['name' => 'broken', 'base_url' => $peer, 'max_retries' => 0, 'cb_failure_threshold' => 1]);
mih::request('api', '/warm');
echo 'logged before: ', count(request_log::query([], 100)), "\n";

// Calls from separate PHP requests (CLI runs), their errors going to a log off the full filesystem.
$work = sys_get_temp_dir() . '/mih-full-work-' . getmypid();
mkdir($work);
register_shutdown_function(fn() => exec('rm -rf ' . escapeshellarg($work)));
file_put_contents("$work/calls.php", '<?php use local_integrationhub\mih; mih::configure(["store" => ' . var_export($store, true)
    . ', "log_max" => 0]); $ok = 0; for ($i = 0; $i < 200; $i++) { $ok += mih::request("api", "/full/$i")->success; }'
    . ' $b = mih::request("broken", "/status/503"); echo "answered: $ok of 200; broken service: ", $b->success ? "ok" : "failed ($b->httpstatus)", "\n";');
$run = fn() => shell_exec(escapeshellarg(PHP_BINARY) . ' -n -d ' . escapeshellarg('extension=' . mih_loaded_library())
    . ' -d log_errors=1 -d display_errors=0 -d ' . escapeshellarg("error_log=$work/php-errors.log") . ' ' . escapeshellarg("$work/calls.php") . ' 2>&1');

// Fill the filesystem.
exec('dd if=/dev/zero of=' . escapeshellarg("$mount/filler") . ' bs=4k 2>/dev/null');
echo 'disk full: ', trim((string) shell_exec('df --output=avail ' . escapeshellarg($mount) . ' | tail -1')) === '0' ? 'yes' : 'no', "\n";
echo 'full: ', $run();
echo 'peer saw: ', array_sum(array_map(fn($i) => mih_peer_count($peer, "/full/$i"), range(0, 199))), "\n";
$errors = (string) @file_get_contents("$work/php-errors.log");
echo 'reported in the error log: lost log rows ', preg_match('/mih: store: request log rows lost: \d+ row\(s\): .*disk is full/', $errors) ? 'yes' : "no\n$errors",
    ', the breaker not updated ', preg_match("/mih: breaker of service 'broken' not updated: .*disk is full/", $errors) ? 'yes' : 'no', "\n";

// Room again: calls are logged again.
unlink("$mount/filler");
@unlink("$work/php-errors.log");
echo 'with room: ', $run();
echo 'logged now: ', count(request_log::query(['success' => true], 1000)) >= 201 ? 'the new calls too' : 'missing', ', errors: ',
    (string) @file_get_contents("$work/php-errors.log") === '' ? 'none' : 'some', "\n";
?>
--EXPECT--
logged before: 1
disk full: yes
full: answered: 200 of 200; broken service: failed (503)
peer saw: 200
reported in the error log: lost log rows yes, the breaker not updated yes
with room: answered: 200 of 200; broken service: failed (503)
logged now: the new calls too, errors: none
