<?php
// REST call cost, one run, same nginx peer on loopback, calls interleaved:
//   (a) mih::request, breaker and request log included
//   (b) raw PHP curl, one reused handle: the floor PHP code can reach
//   (c) raw PHP curl, a new handle per call: what code that builds its client per request pays
//   (d) Guzzle (Debian's php-guzzlehttp-guzzle), one reused client
// then (a) and (b) again over HTTPS (verified, a throwaway CA), kept-alive.
//
// Run: make bench   (php -n -d extension=curl -d extension=target/release/libmih.so php/bench/rest.php [calls] [rounds])

use local_integrationhub\{mih, services};

require __DIR__ . '/lib.php';
require '/usr/share/php/GuzzleHttp/autoload.php';

$calls = (int) ($argv[1] ?? 2000);
$rounds = (int) ($argv[2] ?? 10);
$workdir = sys_get_temp_dir() . '/mih-bench-' . getmypid();
register_shutdown_function(fn() => exec('rm -rf ' . escapeshellarg($workdir)));
$base = mih_start_nginx($workdir);
mkdir("$workdir/tls");
$tls = mih_make_tls("$workdir/tls");
$tlsbase = mih_start_nginx("$workdir/tls-peer", '', $tls);
// MIH trusts the system roots through rustls-native-certs, which reads
// SSL_CERT_FILE instead when set: before the first call builds the client.
putenv("SSL_CERT_FILE={$tls['ca']}");

mih::configure(['store' => "$workdir/hub.sqlite", 'log_max' => 500]);
services::save(['name' => 'bench', 'base_url' => $base, 'auth_type' => 'bearer', 'auth_token' => 'bench-token-123456']);
$payload = ['userid' => 5, 'action' => 'created', 'courseid' => 12];
$headers = ['Content-Type: application/json', 'Accept: application/json', 'Authorization: Bearer bench-token-123456'];

$curl = function ($handle, string $to = '') use ($base, $payload, $headers) {
    curl_setopt_array($handle, [
        CURLOPT_URL => ($to ?: $base) . '/users',
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
$reused = curl_init();
$guzzle = new GuzzleHttp\Client(['base_uri' => $base, 'timeout' => 5]);
$figures = bench_interleaved([
    '(a) mih::request (breaker + log)' => function () use ($payload) {
        if (!mih::request('bench', '/users', $payload)->success) {
            throw new RuntimeException('mih call failed');
        }
    },
    '(b) raw curl, reused handle' => fn() => $curl($reused),
    '(c) raw curl, new handle per call' => function () use ($curl) {
        $handle = curl_init();
        $curl($handle);
        curl_close($handle);
    },
    '(d) Guzzle, reused client' => function () use ($guzzle, $payload) {
        $response = $guzzle->post('/users', ['json' => $payload, 'headers' => ['Authorization' => 'Bearer bench-token-123456']]);
        if ($response->getStatusCode() !== 200) {
            throw new RuntimeException('guzzle call failed');
        }
    },
], $calls, $rounds);
bench_report("REST POST to nginx on loopback, $calls calls each in $rounds interleaved rounds", $figures, '(b) raw curl, reused handle');

services::save(['name' => 'bench_tls', 'base_url' => $tlsbase, 'auth_type' => 'bearer', 'auth_token' => 'bench-token-123456']);
$reusedtls = curl_init();
curl_setopt($reusedtls, CURLOPT_CAINFO, $tls['ca']);
$figures = bench_interleaved([
    '(a) mih::request over HTTPS' => function () use ($payload) {
        if (!mih::request('bench_tls', '/users', $payload)->success) {
            throw new RuntimeException('mih HTTPS call failed');
        }
    },
    '(b) raw curl over HTTPS, reused handle' => fn() => $curl($reusedtls, $tlsbase),
], $calls, $rounds);
bench_report("REST POST to nginx over HTTPS (verified) on loopback, $calls calls each in $rounds interleaved rounds",
    $figures, '(b) raw curl over HTTPS, reused handle');
