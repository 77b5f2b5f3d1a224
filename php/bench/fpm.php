<?php
// Production shape: php-fpm (8 static workers) behind nginx, driven by wrk
// with 8 connections; each page makes one REST call to an nginx peer on
// loopback. The MIH page (mih::request) against the plain PHP page (a new
// curl handle per request), each in its own pool (the plain pool without
// the extension), in interleaved rounds; requests/s and worker RSS.
//
// Run: make bench   (php -n -d extension=target/release/libmih.so php/bench/fpm.php [seconds] [rounds])

use local_integrationhub\{mih, services};

require __DIR__ . '/lib.php';

$seconds = (int) ($argv[1] ?? 10);
$rounds = (int) ($argv[2] ?? 2);
$workdir = sys_get_temp_dir() . '/mih-bench-fpm-' . getmypid();
mkdir($workdir, 0700, true);
register_shutdown_function(fn() => exec('rm -rf ' . escapeshellarg($workdir)));
$peer = mih_start_nginx("$workdir/peer");
$store = "$workdir/hub.sqlite";
mih::configure(['store' => $store]);
services::save(['name' => 'bench', 'base_url' => $peer, 'max_retries' => 0]);
putenv("MIH_BENCH_PEER=$peer");

$pools = [];
foreach (['mih page' => [__DIR__ . '/pages/mih_call.php', null], 'plain PHP page (new curl handle)' => [__DIR__ . '/pages/plain_curl.php', '']]
        as $name => [$script, $library]) {
    $dir = "$workdir/" . md5($name);
    mkdir($dir);
    [$port, $pidfile] = mih_start_fpm($dir, $store, 8, [], "env[MIH_BENCH_PEER] = \"$peer\"\n", $library);
    $pools[$name] = ['url' => mih_start_nginx_fastcgi($dir, $port, $script), 'pidfile' => $pidfile, 'rps' => []];
}

/** Requests/s wrk measured over $seconds, after checking the page answers 200 from the peer. */
$measure = function (string $url) use ($seconds): float {
    $check = file_get_contents($url);
    if (!preg_match('/^\d+ 200$/', trim((string) $check))) {
        fwrite(STDERR, "the page at $url answered: $check\n");
        exit(1);
    }
    $out = shell_exec("wrk -t2 -c8 -d{$seconds}s " . escapeshellarg($url) . ' 2>&1');
    if (!preg_match('/Requests\/sec:\s+([\d.]+)/', (string) $out, $m) || str_contains((string) $out, 'Non-2xx')) {
        fwrite(STDERR, "wrk: $out\n");
        exit(1);
    }
    return (float) $m[1];
};
for ($round = 0; $round < $rounds; $round++) {
    foreach ($pools as $name => $pool) {
        $pools[$name]['rps'][] = $measure($pool['url']);
    }
}
$reference = 'plain PHP page (new curl handle)';
$median = function (array $values): float {
    sort($values);
    return $values[intdiv(count($values), 2)];
};
$rss = fn(array $pool) => $median(array_values(mih_fpm_worker_rss($pool['pidfile'])));
echo "\nProduction shape over HTTP: php-fpm 8 workers + nginx, wrk -t2 -c8, {$seconds} s x $rounds interleaved rounds, one REST call per page to an nginx peer\n";
printf("  %-36s %12s %8s %14s\n", 'page', 'requests/s', 'ratio', 'worker RSS kB');
foreach ($pools as $name => $pool) {
    printf("  %-36s %12.0f %7.2fx %14.0f\n", $name, $median($pool['rps']), $median($pool['rps']) / $median($pools[$reference]['rps']), $rss($pool));
}
echo "  (ratio: requests/s / the plain page's, measured in this run; RSS: median over the pool's workers after the run)\n";
