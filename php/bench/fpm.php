<?php
// Production shape: php-fpm (8 static workers, OPcache on) behind nginx, driven by wrk
// with 8 connections, each page making one call. The MIH page
// (mih::request) against the plain PHP page, each in its own pool (the plain
// pool without the extension), in interleaved rounds; requests/s and worker
// RSS. Three tables, each against its own plain page measured in the run:
//   1. a REST call over HTTP to an nginx peer on loopback (plain: a new curl handle);
//   2. the same over HTTPS, verified against a throwaway CA (plain: a new
//      curl handle, so a full TLS handshake per request);
//   3. one confirmed persistent publish to the local RabbitMQ (plain:
//      php-amqplib connecting per request); skipped without RabbitMQ.
//
// Run: make bench   (php -n -d extension=curl -d extension=target/release/libmih.so php/bench/fpm.php [seconds] [rounds])

use local_integrationhub\{mih, services};

require __DIR__ . '/lib.php';

$seconds = (int) ($argv[1] ?? 10);
$rounds = (int) ($argv[2] ?? 2);
$workdir = sys_get_temp_dir() . '/mih-bench-fpm-' . getmypid();
mkdir($workdir, 0700, true);
register_shutdown_function(fn() => exec('rm -rf ' . escapeshellarg($workdir)));
$store = "$workdir/hub.sqlite";
mih::configure(['store' => $store]);

/**
 * Requests/s wrk measured at $url over $seconds, after checking the page
 * answers "<pid> ok" (its call succeeded); any non-2xx answer during the
 * run (a failed call) ends the benchmark.
 */
function bench_wrk(string $url, int $seconds): float {
    $check = @file_get_contents($url, false, stream_context_create(['http' => ['ignore_errors' => true]]));
    if (!preg_match('/^\d+ ok$/', trim((string) $check))) {
        fwrite(STDERR, "the page at $url answered: $check\n");
        exit(1);
    }
    $out = shell_exec("wrk -t2 -c8 -d{$seconds}s " . escapeshellarg($url) . ' 2>&1');
    if (!preg_match('/Requests\/sec:\s+([\d.]+)/', (string) $out, $m) || str_contains((string) $out, 'Non-2xx')) {
        fwrite(STDERR, "wrk: $out\n");
        exit(1);
    }
    return (float) $m[1];
}

/**
 * Deletes $queue (and what the run left in it) with php-amqplib, in a PHP of
 * its own: this one runs without the mbstring php-amqplib needs.
 */
function amqp_delete_queue(string $queue): void {
    $code = 'require "/usr/share/php/PhpAmqpLib/autoload.php";'
        . '(new PhpAmqpLib\Connection\AMQPStreamConnection("127.0.0.1", 5672, "guest", "guest"))'
        . '->channel()->queue_delete($argv[1]);';
    exec(implode(' ', array_map('escapeshellarg',
        [PHP_BINARY, '-n', '-d', 'extension=sockets', '-d', 'extension=mbstring', '-r', $code, $queue])) . ' 2>&1',
        $output, $status);
    if ($status !== 0) {
        fwrite(STDERR, "deleting the queue $queue failed: " . implode("\n", $output) . "\n");
    }
}

/**
 * Runs the mih page and the plain page, each in its own pool of 8 workers
 * behind its own nginx, in interleaved rounds, and prints requests/s, the
 * ratio to the plain page and the workers' RSS; then stops both pools, so
 * the next table has the machine to itself. Each page: ['name' => its row,
 * 'script' => file, 'env' => worker environment, 'extensions' => more
 * extensions to load]; the mih page's pool loads this process's libmih.so,
 * the plain one none.
 */
$compare = function (string $title, array $mihpage, array $plainpage) use ($workdir, $store, $seconds, $rounds): void {
    $pools = [];
    foreach ([[$mihpage, null], [$plainpage, '']] as [$page, $library]) {
        $dir = "$workdir/" . md5($title . $page['name']);
        mkdir($dir);
        $env = '';
        foreach ($page['env'] as $variable => $value) {
            $env .= "env[$variable] = \"$value\"\n";
        }
        // OPcache on, as on any production site: pages are not compiled per request.
        [$port, $pidfile] = mih_start_fpm($dir, $store, 8, [], $env, $library,
            array_merge(['opcache'], $page['extensions'] ?? []));
        $pools[$page['name']] = ['url' => mih_start_nginx_fastcgi($dir, $port, $page['script']), 'pidfile' => $pidfile,
            'log' => "$dir/fpm.log", 'rps' => []];
    }
    for ($round = 0; $round < $rounds; $round++) {
        foreach ($pools as $name => $pool) {
            $pools[$name]['rps'][] = bench_wrk($pool['url'], $seconds);
        }
    }
    $median = function (array $values): float {
        sort($values);
        $middle = intdiv(count($values), 2);
        return count($values) % 2 ? $values[$middle] : ($values[$middle - 1] + $values[$middle]) / 2;
    };
    echo "\n$title: php-fpm 8 workers (OPcache on) + nginx, wrk -t2 -c8, {$seconds} s x $rounds interleaved rounds\n";
    printf("  %-40s %12s %8s %14s  %s\n", 'page', 'requests/s', 'ratio', 'worker RSS kB', 'each round');
    $reference = $median($pools[$plainpage['name']]['rps']);
    foreach ($pools as $name => $pool) {
        $rps = $median($pool['rps']);
        printf("  %-40s %12.0f %7.2fx %14.0f  %s\n", $name, $rps, $rps / $reference,
            $median(array_values(mih_fpm_worker_rss($pool['pidfile']))),
            implode(' ', array_map(fn($r) => sprintf('%.0f', $r), $pool['rps'])));
    }
    echo "  (requests/s: median over the rounds; ratio: to the plain page's, measured in this run;"
        . " RSS: median over the pool's workers after the run)\n";
    foreach ($pools as $name => $pool) {
        mih_stop_fpm($pool['pidfile']);
        // The pool's complaints (workers' PHP warnings and stderr, workers
        // dying): a table is only as good as the requests behind it.
        $complaints = preg_grep('/\] NOTICE: /', file($pool['log'], FILE_IGNORE_NEW_LINES), PREG_GREP_INVERT);
        foreach (array_slice($complaints, 0, 5) as $line) {
            echo "  $name pool log: $line\n";
        }
    }
};

$mihpage = ['name' => 'mih page (mih::request)', 'script' => __DIR__ . '/pages/mih_call.php'];
$curlpage = ['name' => 'plain PHP page (new curl handle)', 'script' => __DIR__ . '/pages/plain_curl.php'];

// 1. HTTP.
$peer = mih_start_nginx("$workdir/peer");
services::save(['name' => 'bench', 'base_url' => $peer, 'max_retries' => 0]);
$compare('REST call over HTTP to an nginx peer on loopback',
    $mihpage + ['env' => ['MIH_BENCH_SERVICE' => 'bench']],
    $curlpage + ['env' => ['MIH_BENCH_PEER' => $peer]]);

// 2. HTTPS: MIH trusts the system roots, read through rustls-native-certs,
// which takes SSL_CERT_FILE instead when set; curl is given the CA file.
mkdir("$workdir/tls");
$tls = mih_make_tls("$workdir/tls");
$peer = mih_start_nginx("$workdir/tls-peer", '', $tls);
services::save(['name' => 'bench_tls', 'base_url' => $peer, 'max_retries' => 0]);
$compare('REST call over HTTPS (verified, throwaway CA) to an nginx peer on loopback',
    $mihpage + ['env' => ['MIH_BENCH_SERVICE' => 'bench_tls', 'SSL_CERT_FILE' => $tls['ca']]],
    $curlpage + ['env' => ['MIH_BENCH_PEER' => $peer, 'MIH_BENCH_CA' => $tls['ca']]]);

// 3. AMQP: a durable queue of this run's own, declared by MIH's first
// publish (before either page publishes) and deleted at exit.
if (!@fsockopen('127.0.0.1', 5672, $errno, $errstr, 1)) {
    echo "\nNo RabbitMQ on 127.0.0.1:5672: AMQP table skipped.\n";
    return;
}
$queue = 'mih_bench_fpm_' . getmypid();
register_shutdown_function(fn() => amqp_delete_queue($queue));
services::save(['name' => 'rabbit', 'type' => 'amqp', 'base_url' => "amqp://127.0.0.1/?queue_declare=$queue",
    'max_retries' => 0]);
$declared = mih::request('rabbit', '/', ['n' => 0]);
if (!$declared->success) {
    fwrite(STDERR, "publishing to RabbitMQ failed: $declared->error\n");
    exit(1);
}
$compare('One confirmed persistent publish to RabbitMQ on loopback',
    $mihpage + ['env' => ['MIH_BENCH_SERVICE' => 'rabbit']],
    ['name' => 'plain PHP page (php-amqplib, connecting)', 'script' => __DIR__ . '/pages/plain_amqp.php',
        'env' => ['MIH_BENCH_QUEUE' => $queue], 'extensions' => ['sockets', 'mbstring']]);
