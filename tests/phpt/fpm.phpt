--TEST--
php-fpm: workers forked after the extension loads each build their own hub; every request's call works and is logged
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

// A pool of 4 workers on loopback, the extension loaded in php-fpm's master (as php.ini does).
[$port, $pidfile] = mih_start_fpm(dirname($store), $store, 4);

$pids = [];
$ok = 0;
for ($i = 0; $i < 200; $i++) {
    $out = shell_exec('SCRIPT_FILENAME=' . escapeshellarg(realpath(__DIR__ . '/../fixtures/fpm_call.php'))
        . " REQUEST_METHOD=GET QUERY_STRING=n=$i cgi-fcgi -bind -connect 127.0.0.1:$port 2>&1");
    if (preg_match("/^(\\d+) 200 1 ok$/m", (string) $out, $m)) {
        $ok++;
        $pids[$m[1]] = true;
    }
}
echo "answered: $ok of 200\n";
echo 'workers used: ', count($pids) > 1 ? 'several' : count($pids), "\n";
echo 'peer saw: ', array_sum(array_map(fn($n) => mih_peer_count($peer, "/fpm/$n"), range(0, 199))), "\n";
mih_stop_fpm($pidfile); // A graceful end commits every worker's rows.
echo 'log rows: ', count(request_log::query([], 1000)), "\n";
?>
--EXPECT--
answered: 200 of 200
workers used: several
peer saw: 200
log rows: 200
