--TEST--
php-fpm under load: 8 workers behind nginx, 20 000 PHP requests each calling mih::request (REST and AMQP mixed) — every call answered and logged once, no worker lost, worker memory flat; a graceful reload (SIGUSR2) during 4 000 more loses no call
--SKIPIF--
<?php
require __DIR__ . '/../../php/lib/loopback.php';
if (mih_php_fpm() === null) die('skip no php-fpm for PHP ' . PHP_VERSION);
exec('command -v nginx', $out, $rc);
if ($rc !== 0) die('skip nginx missing');
if (!function_exists('curl_multi_init')) die('skip curl extension not loaded');
if (!@fsockopen('127.0.0.1', 5672)) die('skip no RabbitMQ on 127.0.0.1:5672');
?>
--FILE--
<?php
require __DIR__ . '/helpers.inc';
require '/usr/share/php/PhpAmqpLib/autoload.php';
use local_integrationhub\{mih, services, request_log};

$store = mih_test_store();
$peer = mih_test_peer();
$queue = 'mih_phpt_load_' . getmypid();
$broker = new PhpAmqpLib\Connection\AMQPStreamConnection('127.0.0.1', 5672, 'guest', 'guest');
$channel = $broker->channel();
register_shutdown_function(fn() => $channel->queue_delete($queue));
// One attempt per call, so every count below is exact.
services::save(['name' => 'api', 'base_url' => $peer, 'max_retries' => 0, 'cb_failure_threshold' => 100]);
services::save(['name' => 'rabbit', 'type' => 'amqp', 'max_retries' => 0, 'cb_failure_threshold' => 100,
    'base_url' => "amqp://127.0.0.1/?queue_declare=$queue"]);
$dir = dirname($store);
[$fpmport, $pidfile] = mih_start_fpm($dir, $store, 8);
$url = mih_start_nginx_fastcgi($dir, $fpmport, realpath(__DIR__ . '/../fixtures/fpm_call.php'));

/**
 * Sends $count requests numbered from $from, 16 at a time; every 4th
 * publishes to the declared queue (endpoint '/': the default routing).
 * $milestone($done) runs after each answer. Returns how many were answered
 * "200 1 ok" (REST) or "none 1 ok" (AMQP), and what the others got.
 */
function drive(string $url, int $from, int $count, callable $milestone): array {
    $tally = ['ok' => 0, 'other' => []];
    $done = 0;
    mih_drive($url, 16, function (int $i) use ($from, $count) {
        $n = $from + $i;
        return $i >= $count ? null : ($n % 4 === 0 ? 'service=rabbit&endpoint=/' : 'service=api') . "&n=$n";
    }, function (int $i, int $status, string $body) use (&$tally, &$done, $milestone) {
        if ($status === 200 && preg_match('/^\d+ (200|none) 1 ok$/', trim($body))) {
            $tally['ok']++;
        } else {
            $tally['other'][] = "$status " . substr(preg_replace('/\s+/', ' ', strip_tags($body)), 0, 80);
        }
        $milestone(++$done);
    });
    return $tally;
}

// 20 000 requests; worker memory after the first 1 000 and at the end.
$started = microtime(true);
$early = [];
$tally = drive($url, 0, 20000, function (int $done) use (&$early, $pidfile) {
    if ($done === 1000) {
        $early = mih_fpm_worker_rss($pidfile);
    }
});
$late = mih_fpm_worker_rss($pidfile);
$seconds = microtime(true) - $started;
echo 'answered: ', $tally['ok'], ' of 20000', $tally['other'] ? ' — ' . implode(' | ', array_slice($tally['other'], 0, 3)) : '', "\n";
echo 'same 8 workers throughout: ', var_export(count($early) === 8 && array_keys($early) === array_keys($late), true), "\n";
$growth = max(array_map(fn($pid) => $late[$pid] / $early[$pid], array_keys(array_intersect_key($early, $late))));
echo 'worker memory within 10 %: ', var_export($growth <= 1.10, true), "\n";

// 4 000 more with a graceful reload after the first 1 000 answers.
$reloaded = false;
$tally = drive($url, 20000, 4000, function (int $done) use (&$reloaded, $pidfile) {
    if ($done === 1000) {
        exec('kill -USR2 ' . (int) file_get_contents($pidfile));
        $reloaded = true;
    }
});
echo 'during the reload, answered: ', $tally['ok'], ' of 4000', $tally['other'] ? ' — ' . implode(' | ', array_slice($tally['other'], 0, 3)) : '', "\n";
echo 'workers replaced: ', var_export($reloaded && !array_intersect_key(mih_fpm_worker_rss($pidfile), $late), true), "\n";

// Exactly one log row per call (log_max 0 keeps them all), none failed.
mih_stop_fpm($pidfile); // A graceful end commits every worker's rows.
$stats = request_log::stats();
echo 'log rows: ', $stats['success'] + $stats['failure'], ', failed: ', $stats['failure'], "\n";
[, $messages] = $channel->queue_declare($queue, true);
echo 'messages in the queue: ', $messages, "\n";
$log = file_get_contents("$dir/fpm.log");
echo 'worker crashes: ', preg_match_all('/exited on signal|SIGSEGV|core dumped/', $log), "\n";
file_put_contents(sys_get_temp_dir() . '/mih-fpm-load-figures.txt', sprintf(
    "20000 requests in %.1f s (%.0f/s), 8 workers; worker RSS after 1000: %s kB; after 20000: %s kB; max growth %.3fx\n",
    $seconds, 20000 / $seconds, implode(' ', $early), implode(' ', $late), $growth));
?>
--EXPECT--
answered: 20000 of 20000
same 8 workers throughout: true
worker memory within 10 %: true
during the reload, answered: 4000 of 4000
workers replaced: true
log rows: 24000, failed: 0
messages in the queue: 6000
worker crashes: 0
