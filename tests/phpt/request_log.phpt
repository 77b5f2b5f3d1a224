--TEST--
Every call writes one log row; log_max keeps the newest rows; filters narrow the query
--FILE--
<?php
require __DIR__ . '/helpers.inc';
use local_integrationhub\{mih, services, request_log, mih_exception};
mih_test_store();
$peer = mih_test_peer();
$quick = ['base_url' => $peer, 'max_retries' => 0, 'cb_failure_threshold' => 100];
$a = services::save(['name' => 'a'] + $quick);
$b = services::save(['name' => 'b'] + $quick);

mih::configure(['log_max' => 0]);
for ($i = 0; $i < 30; $i++) {
    mih::request($i % 3 ? 'a' : 'b', $i % 5 ? "/n/$i" : '/status/500', ['i' => $i]);
}
echo 'all kept: ', count(request_log::query([], 1000)), "\n";
$row = request_log::query(['serviceid' => $a], 1)[0];
echo json_encode(array_keys($row)), "\n";
echo "newest a: {$row['servicename']} {$row['http_method']} {$row['endpoint']} {$row['httpstatus']} attempts={$row['attempts']} ",
    var_export($row['success'], true), "\n";
echo 'failed: ', count(request_log::query(['success' => false], 1000)), "\n";
echo 'failed b: ', count(request_log::query(['success' => 0, 'serviceid' => $b], 1000)), "\n";
$failed = request_log::query(['success' => false], 1)[0];
echo "failure row: {$failed['httpstatus']} {$failed['error']}\n";
echo 'since future: ', count(request_log::query(['since' => time() + 60])), "\n";
echo 'page: ', implode(',', array_column(request_log::query([], 3, 2), 'endpoint')), "\n";
$stats = request_log::stats();
echo "stats: success={$stats['success']} failure={$stats['failure']} trend points=", count($stats['latencies']),
    ' oldest first=', var_export($stats['latencies'][0]['time'] <= end($stats['latencies'])['time'], true), "\n";
foreach ($stats['services'] as $row) {
    echo "  {$row['name']}: calls={$row['calls']} errors={$row['errors']} avg>0=", var_export($row['avg_latency'] > 0, true), "\n";
}

mih::configure(['log_max' => 10]);
for ($i = 0; $i < 25; $i++) {
    mih::request('a', "/m/$i");
}
$rows = request_log::query([], 1000);
echo 'kept after pruning: ', count($rows), ' newest=', $rows[0]['endpoint'], ' oldest=', end($rows)['endpoint'], "\n";

// Options equal to the last ones applied are skipped; equal to older ones, applied.
foreach ([['log_max' => 4], ['log_max' => 10], ['log_max' => 4], ['log_max' => 4]] as $options) {
    mih::configure($options);
}
for ($i = 0; $i < 25; $i++) {
    mih::request('a', "/m/$i");
}
echo 'kept with log_max 4 applied again: ', count(request_log::query([], 1000)), "\n";
mih::configure(['log_max' => 10]);

foreach ([['log_max' => -1], ['log_max' => 'many'], ['colour' => 'red'], ['max_response_bytes' => 1], ['store', 'x']] as $bad) {
    try {
        mih::configure($bad);
    } catch (mih_exception $e) {
        echo $e->errorcode, ': ', $e->getMessage(), "\n";
    }
}
try {
    request_log::query(['nope' => 1]);
} catch (mih_exception $e) {
    echo $e->errorcode, ': ', $e->getMessage(), "\n";
}
?>
--EXPECT--
all kept: 30
["id","timecreated","serviceid","servicename","endpoint","http_method","httpstatus","latencyms","attempts","success","error","ruleid","eventname","direction"]
newest a: a POST /n/29 200 attempts=1 true
failed: 6
failed b: 2
failure row: 500 HTTP 500
since future: 0
page: /n/27,/n/26,/status/500
stats: success=24 failure=6 trend points=30 oldest first=true
  a: calls=20 errors=4 avg>0=true
  b: calls=10 errors=2 avg>0=true
kept after pruning: 10 newest=/m/24 oldest=/m/15
kept with log_max 4 applied again: 4
invalid_argument: invalid input: log_max: must be a whole number, 0 or more
invalid_argument: invalid input: log_max: must be a whole number, 0 or more
invalid_argument: invalid input: colour: unknown option
invalid_argument: invalid input: max_response_bytes: must be a whole number from 1024 to 1073741824
invalid_argument: options must be an array keyed by option name
invalid_argument: invalid input: nope: unknown filter
