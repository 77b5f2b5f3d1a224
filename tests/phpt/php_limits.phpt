--TEST--
PHP limits in php-fpm: memory_limit exceeded by a response, max_execution_time firing after a call, a fatal error after a call — the worker survives, its next request works, every call is logged; request_terminate_timeout killing a worker in the middle of a call — the next worker works
--SKIPIF--
<?php
require __DIR__ . '/../../php/lib/loopback.php';
if (mih_php_fpm() === null) die('skip no php-fpm for PHP ' . PHP_VERSION);
exec('command -v cgi-fcgi', $out, $rc);
if ($rc !== 0) die('skip cgi-fcgi missing');
?>
--FILE--
<?php
require __DIR__ . '/helpers.inc';
use local_integrationhub\{services, request_log};

$store = mih_test_store();
$peer = mih_test_peer();
services::save(['name' => 'api', 'base_url' => $peer, 'max_retries' => 0]);
// One worker, so each next request runs in the process the last one left.
[$port, $pidfile] = mih_start_fpm(dirname($store), $store, 1, ['memory_limit' => '4M', 'max_execution_time' => '1'],
    "request_terminate_timeout = 2s\n");
$script = realpath(__DIR__ . '/../fixtures/fpm_limits.php');
$ask = function (string $mode) use ($port, $script): string {
    $out = (string) shell_exec("SCRIPT_FILENAME=$script REQUEST_METHOD=GET QUERY_STRING=mode=$mode "
        . "cgi-fcgi -bind -connect 127.0.0.1:$port 2>&1");
    $out = trim(preg_replace('/^(?:[\w-]+: .*\r?\n)*\r?\n/', '', $out)); // headers off
    return preg_replace('/^\d+ /', 'PID ', strip_tags($out));
};
$worker = fn() => (int) trim((string) shell_exec('pgrep -P ' . (int) file_get_contents($pidfile)));

$first = $worker();
echo 'normal: ', $ask('normal'), "\n";
foreach (['big', 'cpu', 'fatal'] as $mode) {
    $answer = $ask($mode);
    echo "$mode: ", preg_match('/(Allowed memory size|Maximum execution time|Call to undefined function)[^\n]*/', $answer, $m)
        ? preg_replace('/ \(tried to allocate \d+ bytes\)| of \d+ bytes exhausted| of \d+ seconds? exceeded/', '', $m[0])
        : $answer, "\n";
    echo '  then: ', $ask('normal'), "\n";
}
echo 'same worker throughout: ', var_export($worker() === $first, true), "\n";
echo 'slow: ', $ask('slow') ?: 'no answer', "\n";
echo '  then: ', $ask('normal'), ' (a new worker: ', var_export($worker() !== $first, true), ")\n";
mih_stop_fpm($pidfile); // A graceful end commits every worker's rows.
$rows = array_reverse(request_log::query([], 100));
echo 'logged: ', implode(', ', array_map(fn($r) => $r['endpoint'] . ' ' . ($r['success'] ? 'ok' : 'failed'), $rows)), "\n";
$log = file_get_contents(dirname($store) . '/fpm.log');
echo 'terminated by the timeout: ', preg_match_all('/execution timed out/', $log), ', crashes: ', preg_match_all('/SIGSEGV|SIGBUS|SIGABRT|core dumped/', $log), "\n";
?>
--EXPECTF--
normal: PID 200 1 ok 184
big: Allowed memory size in %s on line %d
  then: PID 200 1 ok 184
cpu: Maximum execution time in %s on line %d
  then: PID 200 1 ok 184
fatal: Call to undefined function mih_no_such_function() in %s:%d
  then: PID 200 1 ok 184
same worker throughout: true
slow: no answer
  then: PID 200 1 ok 184 (a new worker: true)
logged: /limits/normal ok, /big/6000000 ok, /limits/normal ok, /limits/cpu ok, /limits/normal ok, /limits/fatal ok, /limits/normal ok, /limits/normal ok
terminated by the timeout: 1, crashes: 0
