--TEST--
Outbox: a service's rate limit holds across its rules and the drain's passes (never more than N calls in any second), and a service without one is not slowed
--FILE--
<?php
require __DIR__ . '/helpers.inc';
use local_integrationhub\{services, rules, bridge, mih_exception};
mih_test_store();
$peer = mih_test_peer();
$records = function (string $key) use ($peer): array {
    return array_map(fn($l) => json_decode($l, true), array_filter(explode("\n", file_get_contents("$peer/__records?key=$key"))));
};
/** The most calls that arrived within any one second. */
$busiest = function (array $times): int {
    sort($times);
    $most = 0;
    foreach ($times as $i => $start) {
        $most = max($most, count(array_filter(array_slice($times, $i), fn($t) => $t < $start + 1.0)));
    }
    return $most;
};
$slow = services::save(['name' => 'paced', 'base_url' => $peer, 'max_retries' => 0, 'rate_limit' => 10]);
$free = services::save(['name' => 'free', 'base_url' => $peer, 'max_retries' => 0]);
echo 'stored: ', services::get('paced')['rate_limit'], ' and ', services::get('free')['rate_limit'], "\n";
foreach ([1, 2] as $k) {
    rules::save(['eventname' => '\core\event\user_created', 'serviceid' => $slow, 'endpoint' => '/record/paced']);
}
rules::save(['eventname' => '\core\event\user_created', 'serviceid' => $free, 'endpoint' => '/record/free']);
for ($i = 1; $i <= 15; $i++) {
    bridge::enqueue(['eventname' => '\core\event\user_created', 'objectid' => $i]);
}
// Passes of 4 deliveries per rule: the limit must hold across them.
$report = bridge::drain(['batch' => 4]);
echo 'drained: ', json_encode($report), "\n";
$paced = array_column($records('paced'), 'time');
$freetimes = array_column($records('free'), 'time');
echo 'paced service: ', count($paced), ' calls, at most ', $busiest($paced), " in any second\n";
echo 'free service: ', count($freetimes), ' calls, all within the first second: ', var_export(max($freetimes) - min($freetimes) < 1.0, true), "\n";
try {
    services::save(['name' => 'bad', 'base_url' => $peer, 'rate_limit' => -1]);
} catch (mih_exception $e) {
    echo 'refused: ', $e->fielderrors['rate_limit'], "\n";
}
?>
--EXPECT--
stored: 10 and 0
drained: {"delivered":45,"retried":0,"dead":0,"waiting":0,"busy":false}
paced service: 30 calls, at most 10 in any second
free service: 15 calls, all within the first second: true
refused: must be a whole number from 0 to 10000
