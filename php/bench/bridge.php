<?php
// Cost of asking the Event Bridge about a Moodle event that has no rule —
// what every event of a site pays — against PHP doing nothing but a static
// call, and a static call with an in-memory array lookup (the least a PHP
// plugin can do without asking its database). All in one run, interleaved.
//
// Run: make bench   (php -n -d extension=target/release/libmih.so php/bench/bridge.php [calls] [rounds])

use local_integrationhub\{bridge, mih, rules, services};

require __DIR__ . '/lib.php';

/** A PHP stand-in with the same shape as bridge::matching. */
final class php_peer {
    /** @var array<string, int[]> */
    public static array $index = ['\core\event\user_created' => [1]];
    public static function nothing(string $eventname): array { return []; }
    public static function lookup(string $eventname): array { return self::$index[$eventname] ?? []; }
}

$calls = (int) ($argv[1] ?? 200000);
$rounds = (int) ($argv[2] ?? 10);
$workdir = sys_get_temp_dir() . '/mih-bench-bridge-' . getmypid();
register_shutdown_function(fn() => exec('rm -rf ' . escapeshellarg($workdir)));
mih::configure(['store' => "$workdir/hub.sqlite"]);
$service = services::save(['name' => 'bench', 'base_url' => 'http://127.0.0.1:9/']);
rules::save(['eventname' => '\core\event\user_created', 'serviceid' => $service]);

$event = '\core\event\user_loggedin';
$figures = bench_interleaved([
    'bridge::matching, event with no rule' => fn() => bridge::matching($event),
    'PHP static call returning []' => fn() => php_peer::nothing($event),
    'PHP static call + array lookup' => fn() => php_peer::lookup($event),
], $calls, $rounds);
bench_report("Moodle event with no rule, $calls calls each in $rounds interleaved rounds (per call, closure call included)",
    $figures, 'PHP static call returning []');
