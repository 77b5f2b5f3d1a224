--TEST--
Two nodes sharing a PostgreSQL store (two php-fpm pools, each behind its own nginx): a breaker opened through one is open on the other, a reset on one resets both, a DLQ entry pushed on one is listed and replayed on the other, and under load from both the half-open circuit lets exactly one probe through per cooldown
--SKIPIF--
<?php
require __DIR__ . '/../../php/lib/loopback.php';
if (mih_php_fpm() === null) die('skip no php-fpm for PHP ' . PHP_VERSION);
exec('command -v nginx && command -v psql', $out, $rc);
if ($rc !== 0) die('skip nginx or psql missing');
if (!function_exists('curl_multi_init')) die('skip curl extension not loaded');
if (!@fsockopen('127.0.0.1', 5432)) die('skip no PostgreSQL on 127.0.0.1:5432');
?>
--FILE--
<?php
require __DIR__ . '/helpers.inc';
use local_integrationhub\{mih, services, request_log};

// A database of its own, dropped at the end.
$db = 'mih_phpt_nodes_' . getmypid();
exec("psql -h 127.0.0.1 -U postgres -qc 'CREATE DATABASE $db'");
$owner = getmypid();
register_shutdown_function(function () use ($db, $owner) {
    if (getmypid() === $owner) {
        exec("psql -h 127.0.0.1 -U postgres -qc 'DROP DATABASE IF EXISTS $db WITH (FORCE)' 2>&1");
    }
});
$store = "postgresql://postgres@127.0.0.1:5432/$db?prefix=mdl_";
mih::configure(['store' => $store]);
$peer = mih_test_peer();
$cooldown = 2;
$id = services::save(['name' => 'api', 'base_url' => $peer, 'max_retries' => 0, 'cb_failure_threshold' => 3,
    'cb_cooldown' => $cooldown]);

$work = sys_get_temp_dir() . '/mih-nodes-' . getmypid();
register_shutdown_function(fn() => exec('rm -rf ' . escapeshellarg($work)));
$script = realpath(__DIR__ . '/../fixtures/fpm_node.php');
$nodes = [];
foreach (['A', 'B'] as $name) {
    @mkdir("$work/$name", 0700, true);
    [$port] = mih_start_fpm("$work/$name", $store, 4);
    $nodes[$name] = mih_start_nginx_fastcgi("$work/$name", $port, $script);
}
$ask = fn(string $node, string $query) => json_decode((string) file_get_contents($nodes[$node] . "?$query"), true);

// A breaker opened through A.
file_get_contents("$peer/__set?key=n&status=503");
$calls = array_map(fn() => $ask('A', 'op=call&endpoint=/switch/n'), range(1, 3));
echo 'A: ', implode(', ', $calls), ' -> ', $ask('A', 'op=state'), "\n";
echo 'B sees: ', $ask('B', 'op=state'), '; a call on B: ', $ask('B', 'op=call&endpoint=/switch/n'),
    '; the peer saw: ', mih_peer_count($peer, '/switch/n'), "\n";

// Reset on B: closed on both.
$ask('B', 'op=reset');
echo 'after a reset on B, A sees: ', $ask('A', 'op=state'), "\n";

// The DLQ is one for both.
$entry = $ask('A', 'op=push');
echo 'pushed on A, listed on B: ', var_export(in_array($entry, $ask('B', 'op=dlq'), true), true), "\n";
echo 'replayed on B: ', var_export($ask('B', "op=replay&id=$entry"), true), '; gone on A: ',
    var_export(!in_array($entry, $ask('A', 'op=dlq'), true), true), "\n";

// Both nodes under load on a failing service: one probe per cooldown in all. Before
// the circuit opens, at most the threshold, the calls already in flight and one more
// call per worker of the other node (its next failure tells it) reach the peer.
sleep(1); // the reset above reaches every worker's cache (it is read again at most once a second)
file_get_contents("$peer/__set?key=p&status=503");
$since = microtime(true);
$until = $since + 5.0;
$answers = [];
mih_drive($nodes['A'], 16, fn(int $i) => microtime(true) < $until ? $nodes[$i % 2 ? 'A' : 'B'] . "?op=call&endpoint=/switch/p" : null,
    function (int $i, int $status, string $body) use (&$answers) {
        $answers[$i % 2 ? 'A' : 'B'][json_decode($body)] = ($answers[$i % 2 ? 'A' : 'B'][json_decode($body)] ?? 0) + 1;
    });
echo 'both nodes answered: ', implode(' / ', array_map(fn($node) => implode(', ', array_keys($answers[$node])), ['A', 'B'])), "\n";
$failed = array_sum(array_column($answers, 'failed'));
echo 'the peer saw exactly the failed calls: ', var_export(mih_peer_count($peer, '/switch/p') === $failed, true), "\n";
sleep(1); // the nodes' log writers commit
$times = array_reverse(array_column(request_log::query(['serviceid' => $id, 'since' => $since], 1000), 'timecreated'));
[$burst, $probes, $gaps] = mih_probe_times($times);
echo 'opened after ', $burst >= 3 && $burst <= 16 ? '3 to 16' : $burst, ' failed calls; probes: ',
    count($probes) >= 1 && count($probes) <= 3 ? '1 to 3' : count($probes), ', one per cooldown: ',
    var_export($gaps && min($gaps) >= $cooldown * 0.95 && max($gaps) <= $cooldown + 0.6, true), "\n";
?>
--EXPECT--
A: failed, failed, failed -> open
B sees: open; a call on B: circuit_open; the peer saw: 3
after a reset on B, A sees: closed
pushed on A, listed on B: true
replayed on B: true; gone on A: true
both nodes answered: failed, circuit_open / failed, circuit_open
the peer saw exactly the failed calls: true
opened after 3 to 16 failed calls; probes: 1 to 3, one per cooldown: true
