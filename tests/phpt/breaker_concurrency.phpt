--TEST--
Eight processes at once on a circuit due for a probe: exactly one reaches the service
--FILE--
<?php
require __DIR__ . '/helpers.inc';
use local_integrationhub\{mih, services, mih_exception};
mih_test_store();
$peer = mih_test_peer();
$id = services::save(['name' => 'api', 'base_url' => $peer, 'max_retries' => 3, 'retry_backoff' => 0,
    'cb_failure_threshold' => 1, 'cb_cooldown' => 1]);

for ($round = 1; $round <= 3; $round++) {
    mih::request('api', '/status/500'); // threshold 1: open
    usleep(1100000);                    // cooldown over: one probe is due
    $go = sys_get_temp_dir() . "/mih-barrier-" . getmypid() . "-$round";
    $children = [];
    for ($c = 0; $c < 8; $c++) {
        $pid = pcntl_fork();
        if ($pid === 0) {
            while (!file_exists($go)) {
                usleep(200);
            }
            try {
                $r = mih::request('api', "/slow/1?round=$round");
                exit($r->success ? 10 : 11);
            } catch (mih_exception $e) {
                exit($e->errorcode === 'circuit_open' ? 20 : 21);
            }
        }
        $children[] = $pid;
    }
    touch($go);
    $codes = [];
    foreach ($children as $pid) {
        pcntl_waitpid($pid, $status);
        $codes[] = pcntl_wexitstatus($status);
    }
    unlink($go);
    $outcomes = array_count_values($codes);
    ksort($outcomes);
    echo "round $round: peer saw ", mih_peer_count($peer, '/slow/1') - ($round - 1),
        " probe(s); probe succeeded: ", $outcomes[10] ?? 0, ", failed fast: ", $outcomes[20] ?? 0,
        ", other: ", count($codes) - ($outcomes[10] ?? 0) - ($outcomes[20] ?? 0), "\n";
    echo '  circuit now: ', current(array_filter(services::all(), fn($r) => $r['id'] === $id))['state'], "\n";
}
?>
--EXPECT--
round 1: peer saw 1 probe(s); probe succeeded: 1, failed fast: 7, other: 0
  circuit now: closed
round 2: peer saw 1 probe(s); probe succeeded: 1, failed fast: 7, other: 0
  circuit now: closed
round 3: peer saw 1 probe(s); probe succeeded: 1, failed fast: 7, other: 0
  circuit now: closed
