--TEST--
Faults under load (8 php-fpm workers, REST and AMQP mixed): the HTTP peer killed and restarted, RabbitMQ closing every connection, the store locked by another process for 2 s — every request answered, no call reported done that was not, every call logged
--SKIPIF--
<?php
require __DIR__ . '/../../php/lib/loopback.php';
if (mih_php_fpm() === null) die('skip no php-fpm for PHP ' . PHP_VERSION);
exec('command -v nginx && command -v rabbitmqctl && command -v python3', $out, $rc);
if ($rc !== 0) die('skip nginx, rabbitmqctl or python3 missing');
if (!function_exists('curl_multi_init')) die('skip curl extension not loaded');
if (!@fsockopen('127.0.0.1', 5672)) die('skip no RabbitMQ on 127.0.0.1:5672');
?>
--FILE--
<?php
require __DIR__ . '/helpers.inc';
require '/usr/share/php/PhpAmqpLib/autoload.php';
use local_integrationhub\{services, request_log};

$store = mih_test_store();
$dir = dirname($store);
$queue = 'mih_phpt_faults_' . getmypid();
register_shutdown_function(function () use ($queue) {
    // A failure here must not stop the cleanups registered after this one (the peers).
    try {
        $broker = new PhpAmqpLib\Connection\AMQPStreamConnection('127.0.0.1', 5672, 'guest', 'guest');
        $broker->channel()->queue_delete($queue);
    } catch (Throwable $e) {
        fwrite(STDERR, "queue $queue not deleted: {$e->getMessage()}\n");
    }
});

// The HTTP peer on a port of its own, so it can be killed and started again there.
$port = mih_free_port();
$peer = "http://127.0.0.1:$port";
mkdir("$dir/peer", 0700, true);
$startpeer = fn() => mih_start_peer([PHP_BINARY, '-n', '-S', "127.0.0.1:$port", realpath(__DIR__ . '/../fixtures/http_peer.php')],
    $port, ['PHP_CLI_SERVER_WORKERS' => '8', 'MIH_PEER_STATE' => "$dir/peer"]);
$peergroup = $startpeer();

// One attempt per call, so each answer is one attempt's truth; the REST breaker opens
// while the peer is down (calls then answer circuit_open) and probes every second.
services::save(['name' => 'api', 'base_url' => $peer, 'max_retries' => 0, 'timeout' => 5, 'cb_failure_threshold' => 20,
    'cb_cooldown' => 1]);
services::save(['name' => 'rabbit', 'type' => 'amqp', 'max_retries' => 0, 'timeout' => 5, 'cb_failure_threshold' => 100,
    'base_url' => "amqp://127.0.0.1/?queue_declare=$queue"]);
[$fpmport, $pidfile] = mih_start_fpm($dir, $store, 8);
$url = mih_start_nginx_fastcgi($dir, $fpmport, realpath(__DIR__ . '/../fixtures/fpm_call.php'));

// The faults, at these seconds into the load.
$faults = [
    1.0 => fn() => exec("kill -KILL -$peergroup"),
    2.0 => function () use ($startpeer) {
        $startpeer();
    },
    3.0 => fn() => exec("(rabbitmqctl close_all_connections 'mih fault test' >/dev/null 2>&1 && touch $dir/closed) &"),
    5.0 => fn() => exec('python3 -c ' . escapeshellarg('import sqlite3, sys, time; c = sqlite3.connect(sys.argv[1], isolation_level=None); '
        . 'c.execute("BEGIN EXCLUSIVE"); open(sys.argv[2], "w").close(); time.sleep(2); c.execute("COMMIT")')
        . ' ' . escapeshellarg($store) . ' ' . escapeshellarg("$dir/locked") . ' >/dev/null 2>&1 &'),
];
$start = microtime(true);
$answers = ['api' => [], 'rabbit' => []];
$unanswered = [];
$during_lock = 0;
$after_close = 0;
mih_drive($url, 16, function (int $i) use (&$faults, $start) {
    $elapsed = microtime(true) - $start;
    foreach ($faults as $at => $fault) {
        if ($elapsed >= $at) {
            $fault();
            unset($faults[$at]);
        }
    }
    if ($elapsed > 9.0) {
        return null;
    }
    return ($i % 2 ? 'service=api&endpoint=/switch/f' : 'service=rabbit&endpoint=/') . "&n=$i";
}, function (int $i, int $status, string $body) use (&$answers, &$unanswered, &$during_lock, &$after_close, $dir) {
    $service = $i % 2 ? 'api' : 'rabbit';
    if ($status === 200 && preg_match('/^\d+ (?:\S+ 1 (ok|failed)|(circuit_open))$/', trim($body), $m)) {
        $answer = $m[2] ?? '' ?: $m[1];
        $answers[$service][$answer] = ($answers[$service][$answer] ?? 0) + 1;
        clearstatcache();
        if ($answer === 'ok' && file_exists("$dir/locked") && microtime(true) - filemtime("$dir/locked") < 1.5) {
            $during_lock++;
        }
        if ($answer === 'ok' && $service === 'rabbit' && file_exists("$dir/closed")) {
            $after_close++;
        }
    } else {
        $unanswered[] = "$status " . substr(trim(strip_tags($body)), 0, 100);
    }
});

echo 'every request answered: ', $unanswered ? implode(' | ', array_slice($unanswered, 0, 3)) : 'yes', "\n";
$api = $answers['api'] + ['ok' => 0, 'failed' => 0, 'circuit_open' => 0];
$rabbit = $answers['rabbit'] + ['ok' => 0, 'failed' => 0, 'circuit_open' => 0];
$hits = mih_peer_count($peer, '/switch/f');
echo 'REST: some failed while the peer was down: ', var_export($api['failed'] > 0, true),
    ', the circuit opened: ', var_export($api['circuit_open'] > 0, true),
    '; the peer got every call reported done: ', var_export($hits >= $api['ok'] && $hits <= $api['ok'] + $api['failed'], true), "\n";
$broker = new PhpAmqpLib\Connection\AMQPStreamConnection('127.0.0.1', 5672, 'guest', 'guest');
[, $messages] = $broker->channel()->queue_declare($queue, true);
echo 'AMQP: every publish reported done is in the queue: ', var_export($messages >= $rabbit['ok'] && $messages <= $rabbit['ok'] + $rabbit['failed'], true),
    '; publishing went on after the connections were closed: ', var_export($after_close > 100, true), "\n";
echo 'calls answered while the store was locked: ', $during_lock > 100 ? 'many' : $during_lock, "\n";
mih_stop_fpm($pidfile); // A graceful end commits every worker's rows.
$stats = request_log::stats();
// Calls refused by an open circuit never left the process and are not logged.
echo 'one log row per call: ', var_export($stats['success'] + $stats['failure'] === $api['ok'] + $api['failed'] + $rabbit['ok'] + $rabbit['failed'], true),
    ', failures logged as such: ', var_export($stats['failure'] === $api['failed'] + $rabbit['failed'], true), "\n";
echo 'worker crashes: ', preg_match_all('/exited on signal|SIGSEGV|core dumped/', file_get_contents("$dir/fpm.log")), "\n";
file_put_contents(sys_get_temp_dir() . '/mih-fpm-faults-figures.txt', json_encode(compact('api', 'rabbit', 'hits', 'messages', 'during_lock', 'after_close')) . "\n");
?>
--EXPECT--
every request answered: yes
REST: some failed while the peer was down: true, the circuit opened: true; the peer got every call reported done: true
AMQP: every publish reported done is in the queue: true; publishing went on after the connections were closed: true
calls answered while the store was locked: many
one log row per call: true, failures logged as such: true
worker crashes: 0
