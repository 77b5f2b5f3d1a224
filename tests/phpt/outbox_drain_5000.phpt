--TEST--
Outbox: 5,000 events through one rule reach a loopback peer exactly once each, in order, and nothing is left waiting or dead
--FILE--
<?php
require __DIR__ . '/helpers.inc';
use local_integrationhub\{services, rules, bridge, dlq};
$store = mih_test_store();
$dir = dirname($store) . '-nginx';
$keylog = "$dir/keys.log";
$peer = mih_start_nginx($dir, $keylog);
register_shutdown_function(fn() => exec('rm -rf ' . escapeshellarg($dir)));
$svc = services::save(['name' => 'peer', 'base_url' => $peer, 'max_retries' => 0]);
rules::save(['eventname' => '\core\event\user_created', 'serviceid' => $svc, 'endpoint' => '/users/{{objectid}}',
    'payload_template' => '{"user": {{objectid}}, "name": "{{fullname}}"}']);
$n = 5000;
for ($i = 1; $i <= $n; $i++) {
    bridge::enqueue(['eventname' => '\core\event\user_created', 'objectid' => $i, 'fullname' => "User $i"]);
}
$passes = 0;
do {
    $report = bridge::drain(['seconds' => 600]);
    $passes++;
} while ($report['waiting'] > 0 && $passes < 10);
echo "delivered {$report['delivered']}, waiting {$report['waiting']}, dead ", count(dlq::all()), "\n";
// nginx logs a request after sending its answer: the last line may come a moment after the drain.
$logged = fn() => array_filter(explode("\n", (string) file_get_contents($keylog)));
for ($wait = 0; $wait < 200 && count($logged()) < $n; $wait++) {
    usleep(25000);
}
$lines = array_map(fn($line) => explode(' ', $line), $logged());
echo 'the peer took ', count($lines), ' requests, ', count(array_unique(array_column($lines, 0))), " distinct keys\n";
echo 'in order: ', var_export(array_column($lines, 1) === array_map(fn($i) => "/users/$i", range(1, $n)), true), "\n";
?>
--EXPECT--
delivered 5000, waiting 0, dead 0
the peer took 5000 requests, 5000 distinct keys
in order: true
