<?php
// Per-call cost of mih::request with each store backend — the embedded
// SQLite file, the local PostgreSQL, the local MariaDB — against the same
// nginx peer, with raw curl (reused handle) as the reference, in one run,
// interleaved by rounds (the store is switched between stretches of calls).
//
// Run: make bench   (php -n -d extension=curl -d extension=target/release/libmih.so php/bench/stores.php [calls] [rounds])

use local_integrationhub\{mih, services};

require __DIR__ . '/lib.php';

$calls = (int) ($argv[1] ?? 2000);
$rounds = (int) ($argv[2] ?? 10);
$workdir = sys_get_temp_dir() . '/mih-bench-stores-' . getmypid();
$db = 'mih_bench_' . getmypid();
$base = mih_start_nginx($workdir);
$stores = ['(a) mih::request, SQLite store' => "$workdir/hub.sqlite"];
if (@fsockopen('127.0.0.1', 5432)) {
    exec("psql -h 127.0.0.1 -U postgres -qc 'CREATE DATABASE $db'");
    $stores['(b) mih::request, PostgreSQL store'] = "postgresql://postgres@127.0.0.1:5432/$db";
}
if (@fsockopen('127.0.0.1', 3306)) {
    exec("mysql -h 127.0.0.1 -uroot -e 'CREATE DATABASE $db'");
    $stores['(c) mih::request, MariaDB store'] = "mysql://root@127.0.0.1:3306/$db";
}
register_shutdown_function(function () use ($workdir, $db) {
    exec("psql -h 127.0.0.1 -U postgres -qc 'DROP DATABASE IF EXISTS $db WITH (FORCE)' 2>&1");
    exec("mysql -h 127.0.0.1 -uroot -e 'DROP DATABASE IF EXISTS $db' 2>&1");
    exec('rm -rf ' . escapeshellarg($workdir));
});
$payload = ['userid' => 5, 'action' => 'created', 'courseid' => 12];
$contenders = [];
$setup = [];
foreach ($stores as $name => $store) {
    mih::configure(['store' => $store, 'log_max' => 500]);
    services::save(['name' => 'bench', 'base_url' => $base, 'auth_type' => 'bearer', 'auth_token' => 'bench-token-123456']);
    $setup[$name] = fn() => mih::configure(['store' => $store, 'log_max' => 500]);
    $contenders[$name] = function () use ($payload) {
        if (!mih::request('bench', '/users', $payload)->success) {
            throw new RuntimeException('mih call failed');
        }
    };
}
$handle = curl_init();
$contenders['(d) raw curl, reused handle'] = function () use ($handle, $base, $payload) {
    curl_setopt_array($handle, [CURLOPT_URL => "$base/users", CURLOPT_POST => true, CURLOPT_POSTFIELDS => json_encode($payload),
        CURLOPT_HTTPHEADER => ['Content-Type: application/json', 'Authorization: Bearer bench-token-123456'],
        CURLOPT_RETURNTRANSFER => true, CURLOPT_TIMEOUT => 5]);
    if (curl_exec($handle) === false) {
        throw new RuntimeException('curl call failed');
    }
};
$figures = bench_interleaved($contenders, $calls, $rounds, $setup);
bench_report("REST POST to nginx on loopback by store backend, $calls calls each in $rounds interleaved rounds", $figures,
    '(d) raw curl, reused handle');
