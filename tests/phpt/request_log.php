<?php
require __DIR__ . '/helpers.inc';
use local_integrationhub\{mih, services, request_log, mih_exception};
mih_test_store();
$peer = mih_test_peer();
$a = services::save(['name' => 'a', 'base_url' => $peer]);
$b = services::save(['name' => 'b', 'base_url' => $peer]);

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

mih::configure(['log_max' => 10]);
for ($i = 0; $i < 25; $i++) {
    mih::request('a', "/m/$i");
}
$rows = request_log::query([], 1000);
echo 'kept after pruning: ', count($rows), ' newest=', $rows[0]['endpoint'], ' oldest=', end($rows)['endpoint'], "\n";

foreach ([['log_max' => -1], ['log_max' => 'many'], ['colour' => 'red'], ['max_response_bytes' => 1]] as $bad) {
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
