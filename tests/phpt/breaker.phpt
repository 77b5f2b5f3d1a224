--TEST--
Circuit breaker: opens after consecutive failed calls, fails fast, one probe after cooldown, closes or reopens
--FILE--
<?php
require __DIR__ . '/helpers.inc';
use local_integrationhub\{mih, services, breakers, mih_exception};
mih_test_store();
$peer = mih_test_peer();
$id = services::save(['name' => 'api', 'base_url' => $peer, 'max_retries' => 2, 'retry_backoff' => 0,
    'cb_failure_threshold' => 3, 'cb_cooldown' => 1]);

function call(string $endpoint): string {
    try {
        $r = mih::request('api', $endpoint);
        return "status={$r->httpstatus} attempts={$r->attempts}";
    } catch (mih_exception $e) {
        return "{$e->errorcode}: " . preg_replace('/in \d+ s/', 'in N s', $e->getMessage());
    }
}
function circuit(int $id): string {
    $row = services::get($id) + current(array_filter(services::all(), fn($r) => $r['id'] === $id));
    return "{$row['state']} failures={$row['failures']}";
}

// 4xx are the caller's problem: they never open the circuit.
for ($i = 0; $i < 5; $i++) {
    call('/status/404');
}
echo 'after five 404s: ', circuit($id), "\n";

// Three failed calls (each with its retries) open it.
for ($i = 1; $i <= 3; $i++) {
    echo "call $i: ", call('/flaky/k/9'), ' -> ', circuit($id), "\n";
}
echo 'open: ', call('/flaky/k/9'), "\n";
echo 'peer saw: ', mih_peer_count($peer, '/flaky/k/9'), "\n";
$row = current(array_filter(services::all(), fn($r) => $r['id'] === $id));
var_dump($row['retry_in'] >= 0 && $row['retry_in'] <= 1);

// After the cooldown one probe goes, with a single attempt: the peer's 10th request succeeds.
usleep(1100000);
echo 'probe: ', call('/flaky/k/9'), ' -> ', circuit($id), "\n";
echo 'peer saw: ', mih_peer_count($peer, '/flaky/k/9'), "\n";

// Open it again and let the probe fail: it reopens with a fresh cooldown.
for ($i = 0; $i < 3; $i++) {
    call('/status/500');
}
echo 'reopened: ', circuit($id), "\n";
usleep(1100000);
echo 'failed probe: ', call('/status/500'), ' -> ', circuit($id), "\n";
echo 'still open: ', call('/status/500'), "\n";

// Reset closes it at once.
breakers::reset($id);
echo 'reset: ', circuit($id), ' then ', call('/ok'), "\n";
for ($i = 0; $i < 3; $i++) {
    call('/status/502');
}
echo 'open again: ', circuit($id), "\n";
breakers::reset_all();
echo 'reset_all: ', circuit($id), "\n";
?>
--EXPECT--
after five 404s: closed failures=0
call 1: status=503 attempts=3 -> closed failures=1
call 2: status=503 attempts=3 -> closed failures=2
call 3: status=503 attempts=3 -> open failures=3
open: circuit_open: circuit of service 'api' is open; next probe in N s
peer saw: 9
bool(true)
probe: status=200 attempts=1 -> closed failures=0
peer saw: 10
reopened: open failures=3
failed probe: status=500 attempts=1 -> open failures=4
still open: circuit_open: circuit of service 'api' is open; next probe in N s
reset: closed failures=0 then status=200 attempts=1
open again: open failures=3
reset_all: closed failures=0
