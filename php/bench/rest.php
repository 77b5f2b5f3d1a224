<?php
// REST call cost: mih::request (breaker and log included) against raw PHP
// curl with a reused handle (the floor any PHP code can reach) and a new curl
// handle per call (what PHP code that builds its client per request pays),
// all against the same nginx on loopback, interleaved in one run.
//
// Run: make bench   (or php -n -d extension=curl -d extension=target/release/libmih.so php/bench/rest.php)

use local_integrationhub\{mih, services};

require __DIR__ . '/lib.php';

$calls = (int) ($argv[1] ?? 1000);
$rounds = (int) ($argv[2] ?? 7);
$workdir = sys_get_temp_dir() . '/mih-bench-' . getmypid();
register_shutdown_function(fn() => exec('rm -rf ' . escapeshellarg($workdir)));
$base = mih_start_nginx($workdir);

mih::configure(['store' => "$workdir/hub.sqlite", 'log_max' => 500]);
services::save(['name' => 'bench', 'base_url' => $base, 'auth_type' => 'bearer', 'auth_token' => 'bench-token-123456']);
$payload = ['userid' => 5, 'action' => 'created', 'courseid' => 12];
$headers = ['Content-Type: application/json', 'Accept: application/json', 'Authorization: Bearer bench-token-123456'];

$reused = curl_init();
$curl = function ($handle) use ($base, $payload, $headers) {
    curl_setopt_array($handle, [
        CURLOPT_URL => "$base/users",
        CURLOPT_POST => true,
        CURLOPT_POSTFIELDS => json_encode($payload),
        CURLOPT_HTTPHEADER => $headers,
        CURLOPT_RETURNTRANSFER => true,
        CURLOPT_TIMEOUT => 5,
    ]);
    $body = curl_exec($handle);
    if ($body === false || curl_getinfo($handle, CURLINFO_RESPONSE_CODE) !== 200) {
        throw new RuntimeException('curl call failed');
    }
};
$medians = bench_interleaved([
    'raw curl, reused handle' => fn() => $curl($reused),
    'raw curl, new handle per call' => function () use ($curl) {
        $handle = curl_init();
        $curl($handle);
        curl_close($handle);
    },
    'mih::request (breaker + log)' => function () use ($payload) {
        if (!mih::request('bench', '/users', $payload)->success) {
            throw new RuntimeException('mih call failed');
        }
    },
], $calls, $rounds);
bench_report("REST POST to nginx on loopback, $calls calls x $rounds rounds, median per call", $medians, 'raw curl, reused handle');
