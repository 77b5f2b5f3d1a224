--TEST--
php-fpm worker killed with SIGKILL under load (three times): log rows are lost only from the killed worker and only for calls it answered just before the kill (its last batch window); every other worker's calls are all logged
--SKIPIF--
<?php
require __DIR__ . '/../../php/lib/loopback.php';
if (mih_php_fpm() === null) die('skip no php-fpm for PHP ' . PHP_VERSION);
exec('command -v nginx', $out, $rc);
if ($rc !== 0) die('skip nginx missing');
if (!function_exists('curl_multi_init')) die('skip curl extension not loaded');
?>
--FILE--
<?php
require __DIR__ . '/helpers.inc';
use local_integrationhub\{services, request_log};

$store = mih_test_store();
$dir = dirname($store);
services::save(['name' => 'api', 'base_url' => mih_start_nginx("$dir/peer"), 'max_retries' => 0]);
[$fpmport, $pidfile] = mih_start_fpm($dir, $store, 4);
$url = mih_start_nginx_fastcgi($dir, $fpmport, realpath(__DIR__ . '/../fixtures/fpm_call.php'));

// Every answer: which worker, when (seconds); a worker is killed right
// after the 1 500th, 3 000th and 4 500th answer, the one that gave it.
$answers = [];
$kills = [];
$unanswered = 0;
mih_drive($url, 8, fn(int $i) => $i < 6000 ? "n=$i" : null,
    function (int $n, int $status, string $body) use (&$answers, &$kills, &$unanswered) {
        if ($status !== 200 || !preg_match('/^(\d+) 200 1 ok$/', trim($body), $m)) {
            $unanswered++; // the killed worker's request in flight: 502
            return;
        }
        $answers[$n] = ['pid' => (int) $m[1], 'at' => microtime(true)];
        if (in_array(count($answers), [1500, 3000, 4500], true)) {
            exec('kill -KILL ' . (int) $m[1]);
            $kills[] = ['pid' => (int) $m[1], 'at' => microtime(true)];
        }
    });
mih_stop_fpm($pidfile); // The surviving workers commit their rows.

$logged = [];
for ($offset = 0; $rows = request_log::query(null, 1000, $offset); $offset += 1000) {
    foreach ($rows as $row) {
        $logged[(int) substr($row['endpoint'], strlen('/fpm/'))] = true;
    }
}
$lost = array_diff_key($answers, $logged);
$killedpids = array_column($kills, 'at', 'pid');
$figures = [];
foreach ($kills as $kill) {
    $mine = array_filter($lost, fn($a) => $a['pid'] === $kill['pid']);
    $ages = array_map(fn($a) => ($kill['at'] - $a['at']) * 1000, $mine);
    $figures[] = sprintf('kill of %d: %d rows lost, answered %.1f-%.1f ms before the kill', $kill['pid'],
        count($mine), $ages ? min($ages) : 0, $ages ? max($ages) : 0);
}
echo 'answered or in flight at a kill: ', count($answers) + $unanswered, ', in flight: ',
    $unanswered <= 3 ? 'at most 3' : $unanswered, "\n";
echo 'rows lost from workers not killed: ',
    count(array_filter($lost, fn($a) => !isset($killedpids[$a['pid']]))), "\n";
$late = array_filter($lost, fn($a) => isset($killedpids[$a['pid']]) && $killedpids[$a['pid']] - $a['at'] > 1.0);
echo 'rows lost for answers older than 1 s at the kill: ', count($late), "\n";
echo 'logged calls that were answered or in flight: ',
    var_export(count($logged) <= count($answers) + $unanswered, true), "\n";
file_put_contents(sys_get_temp_dir() . '/mih-fpm-sigkill-figures.txt', implode("\n", $figures) . "\n");
?>
--EXPECT--
answered or in flight at a kill: 6000, in flight: at most 3
rows lost from workers not killed: 0
rows lost for answers older than 1 s at the kill: 0
logged calls that were answered or in flight: true
