--TEST--
Breaker under contention: 8 php-fpm workers under steady load on a service that starts failing — the circuit opens once, lets exactly one probe through per cooldown, and closes when the peer recovers (checked from the peer's request count)
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
$peer = mih_test_peer();
$cooldown = 2;
$id = services::save(['name' => 'api', 'base_url' => $peer, 'max_retries' => 0, 'cb_failure_threshold' => 5,
    'cb_cooldown' => $cooldown]);
[$fpmport] = mih_start_fpm(dirname($store), $store, 8);
$url = mih_start_nginx_fastcgi(dirname($store), $fpmport, realpath(__DIR__ . '/../fixtures/fpm_call.php'));
$hits = fn() => mih_peer_count($peer, '/switch/s');

/** Keeps 16 requests in flight for $seconds; returns how many got each answer. */
function load(string $url, float $seconds): array {
    $until = microtime(true) + $seconds;
    $answers = [];
    mih_drive($url, 16, fn(int $i) => microtime(true) < $until ? "endpoint=/switch/s&n=$i" : null,
        function (int $i, int $status, string $body) use (&$answers) {
            $answer = $status === 200 ? preg_replace('/^\d+ /', '', trim($body)) : "HTTP $status";
            $answers[$answer] = ($answers[$answer] ?? 0) + 1;
        });
    ksort($answers);
    return $answers;
}

$answers = load($url, 1.0);
echo 'healthy: ', implode(', ', array_keys($answers)), '; peer saw every call: ', var_export($hits() === array_sum($answers), true), "\n";

// The peer starts failing.
file_get_contents("$peer/__set?key=s&status=503");
$before = $hits();
$since = microtime(true);
$answers = load($url, 5.0);
$failing = $hits() - $before;
echo 'failing: ', implode(', ', array_keys($answers)), "\n";
echo 'calls that reached the peer were the failed ones: ', var_export($failing === $answers['503 1 failed'], true), "\n";
$times = array_reverse(array_column(request_log::query(['serviceid' => $id, 'since' => $since], 1000), 'timecreated'));
echo 'logged once each: ', var_export(count($times) === $failing, true), "\n";
// The calls admitted before the circuit opened come together (at most the threshold plus
// the other workers' calls in flight); after them, single probes a cooldown apart.
[$burst, $probes, $gaps] = mih_probe_times($times);
echo 'opened once, after ', $burst >= 5 && $burst <= 12 ? '5 to 12' : $burst, " failed calls\n";
// Not more than one per cooldown, and not starved by the rejected calls around them.
echo 'probes: ', count($probes) >= 1 && count($probes) <= 3 ? '1 to 3' : count($probes),
    ', each one cooldown after the call before (within 0.5 s): ',
    var_export($gaps && min($gaps) >= $cooldown * 0.95 && max($gaps) <= $cooldown + 0.5, true), "\n";

// The peer recovers: the next probe closes the circuit and calls flow again.
file_get_contents("$peer/__set?key=s&status=200");
$before = $hits();
$answers = load($url, 3.0);
echo 'recovered: ', implode(', ', array_keys($answers)), '; calls through: ',
    $answers['200 1 ok'] > 100 ? 'many' : $answers['200 1 ok'], '; peer saw exactly those: ',
    var_export($hits() - $before === $answers['200 1 ok'], true), "\n";
echo 'state: ', services::get($id)['state'] ?? services::all()[0]['state'], "\n";
?>
--EXPECT--
healthy: 200 1 ok; peer saw every call: true
failing: 503 1 failed, circuit_open
calls that reached the peer were the failed ones: true
logged once each: true
opened once, after 5 to 12 failed calls
probes: 1 to 3, each one cooldown after the call before (within 0.5 s): true
recovered: 200 1 ok, circuit_open; calls through: many; peer saw exactly those: true
state: closed
