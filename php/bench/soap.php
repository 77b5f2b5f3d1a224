<?php
// SOAP call cost, one run, PHP's SoapServer on loopback, calls interleaved:
//   (a) mih::request (WSDL cached in the process, breaker and log included)
//   (b) PHP's SoapClient with its WSDL cached, one client reused
//
// Run: make bench   (php -n -d extension=soap -d extension=target/release/libmih.so php/bench/soap.php [calls] [rounds])

use local_integrationhub\{mih, services};

require __DIR__ . '/lib.php';

$calls = (int) ($argv[1] ?? 1000);
$rounds = (int) ($argv[2] ?? 10);
$workdir = sys_get_temp_dir() . '/mih-bench-soap-' . getmypid();
register_shutdown_function(fn() => exec('rm -rf ' . escapeshellarg($workdir)));
$port = mih_free_port();
mih_start_peer([PHP_BINARY, '-n', '-d', 'extension=soap', '-S', "127.0.0.1:$port", __DIR__ . '/../../tests/fixtures/soap/server.php'],
    $port, ['PHP_CLI_SERVER_WORKERS' => '2']);
$wsdl = "http://127.0.0.1:$port/legacy.wsdl";
mih::configure(['store' => "$workdir/hub.sqlite"]);
services::save(['name' => 'legacy', 'type' => 'soap', 'base_url' => $wsdl]);
$client = new SoapClient($wsdl, ['cache_wsdl' => WSDL_CACHE_MEMORY]);
$params = ['name' => 'John', 'email' => 'john@example.com', 'roles' => ['student', 'editor'],
    'address' => ['street' => 'Main St 1', 'city' => 'Basel']];

$figures = bench_interleaved([
    '(a) mih::request' => function () use ($params) {
        if (!mih::request('legacy', 'CreateUser', $params)->success) {
            throw new RuntimeException('mih SOAP call failed');
        }
    },
    '(b) SoapClient, WSDL cached' => fn() => $client->CreateUser($params),
], $calls, $rounds);
bench_report("SOAP CreateUser to PHP's SoapServer on loopback, $calls calls each in $rounds interleaved rounds",
    $figures, '(b) SoapClient, WSDL cached');
