--TEST--
dlq::replay_matching replays exactly the entries of a service, an event or a time range, oldest first, byte for byte with their keys; failures stay with one more attempt; a limit leaves the rest counted; bad filters name their field; replay_dlq_task takes filters and still an id; the CLI's options
--SKIPIF--
<?php
exec('command -v python3', $out, $rc);
if ($rc !== 0) die('skip python3 missing');
if (!extension_loaded('soap')) die('skip the soap extension is needed for the SOAP peer');
?>
--FILE--
<?php
require __DIR__ . '/moodle_tasks.inc';
use local_integrationhub\{services, dlq, dlq_filter, mih_exception};
use local_integrationhub\task\replay_dlq_task;

$store = mih_test_store();
$peer = mih_test_peer();
$settings = ['base_url' => $peer, 'max_retries' => 0, 'cb_failure_threshold' => 100];
$one = services::save(['name' => 'one'] + $settings);
$two = services::save(['name' => 'two'] + $settings);

// Two services, two events, three days; each service's entries go to its own recording route.
$created = '\core\event\user_created';
$deleted = '\core\event\user_deleted';
$day = fn(int $n) => gmmktime(0, 0, 0, 1, $n, 2026);
$payloads = [];
$days = [];
foreach ([[$one, $created, 1], [$two, $created, 1], [$one, $deleted, 2], [$two, $deleted, 2],
        [$one, $created, 3], [$two, $created, 3]] as $n => [$service, $event, $date]) {
    $name = $service === $one ? 'one' : 'two';
    // Spacing and number forms a re-encoding would change.
    $payload = '{"n": ' . ($n + 1) . ',  "name": "Zoë \u00e9", "x": [1.50, 2e3]}';
    $id = dlq::push(['eventname' => $event, 'serviceid' => $service, 'endpoint' => "/record/$name", 'http_method' => 'POST',
        'payload' => $payload, 'error' => 'HTTP 503', 'attempts' => 5,
        // One entry pushed without a key: its replays carry one of its own.
        'delivery_id' => $n === 4 ? '' : 'key-' . ($n + 1)]);
    [$payloads[$id], $days[$id]] = [$payload, $date];
}
// As if queued on three days.
$times = implode(' ', array_map(fn($id, $date) => "$id:" . $day($date), array_keys($days), $days));
exec('python3 -c ' . escapeshellarg('import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); '
    . 'c.executemany("UPDATE dlq SET timecreated = ? WHERE id = ?", [(int(t), int(i)) for i, t in (a.split(":") for a in sys.argv[2:])]); '
    . 'c.commit()') . ' ' . escapeshellarg($store) . " $times");

/** What the peer's route $key received since the last look: key, status, and which entry's stored payload the body is. */
function sent(string $peer, string $key, array $payloads): string {
    static $seen = [];
    $lines = array_values(array_filter(explode("\n", file_get_contents("$peer/__records?key=$key"))));
    $new = array_slice($lines, $seen[$key] ?? 0);
    $seen[$key] = count($lines);
    return implode(', ', array_map(function ($line) use ($payloads) {
        $record = json_decode($line, true);
        $stored = array_search($record['body'], $payloads, true);
        return "{$record['key']} {$record['status']} " . ($stored === false ? 'body changed!' : "body of #$stored");
    }, $new)) ?: 'nothing';
}

/** The queue, oldest first: id, attempts, error. */
function queue(): string {
    return implode(', ', array_map(fn($e) => "#{$e['id']} {$e['attempts']} {$e['error']}", array_reverse(dlq::all(100)))) ?: 'empty';
}

function replay(array $filters, int $limit = 1000): void {
    echo '  ', json_encode(dlq::replay_matching($filters, $limit)), "\n";
}

echo "matching: all ", dlq::count_matching(), ", service one ", dlq::count_matching(['serviceid' => $one]),
    ", created (no leading backslash) ", dlq::count_matching(['eventname' => 'core\event\user_created']),
    ", day 2 ", dlq::count_matching(['since' => $day(2), 'until' => $day(3) - 1]),
    ", two and created ", dlq::count_matching(['serviceid' => $two, 'eventname' => $created]), "\n";
echo "listed for service two, newest first: ", implode(' ', array_column(dlq::all(50, 0, ['serviceid' => $two]), 'id')), "\n";

echo "by event, service two failing:\n";
file_get_contents("$peer/__set?key=two&status=503");
replay(['eventname' => $created]);
echo '  one got: ', sent($peer, 'one', $payloads), "\n  two got: ", sent($peer, 'two', $payloads), "\n  queue: ", queue(), "\n";

echo "by time range (the Queue page's dates for day 2):\n";
[$filters, $bad] = dlq_filter::from_form(0, '', '2026-01-02', '2026-01-02');
echo '  filters ', json_encode($filters), ' bad ', json_encode($bad), "\n";
replay($filters);
echo '  one got: ', sent($peer, 'one', $payloads), "\n  two got: ", sent($peer, 'two', $payloads), "\n  queue: ", queue(), "\n";

echo "by service, service two back, limit 2:\n";
file_get_contents("$peer/__set?key=two&status=200");
replay(['serviceid' => $two], 2);
echo '  two got: ', sent($peer, 'two', $payloads), "\n  queue: ", queue(), "\n";
echo "limit 0:\n";
replay(['serviceid' => $two], 0);
echo '  two got: ', sent($peer, 'two', $payloads), "\n";

echo "the task with filters (the page's Replay all matching):\n";
$task = new replay_dlq_task();
$task->set_custom_data(['filters' => ['serviceid' => $two, 'eventname' => $created]]);
core\task\manager::queue_adhoc_task($task);
$outcome = core\task\manager::run_next();
echo "  $outcome\n";
echo '  two got: ', sent($peer, 'two', $payloads), "\n  queue: ", queue(), "\n";

echo "the task with an id (queued by an earlier version):\n";
$id = dlq::push(['eventname' => $created, 'serviceid' => $one, 'endpoint' => '/record/one', 'payload' => '{"late": true}']);
$payloads[$id] = '{"late": true}';
$task = new replay_dlq_task();
$task->set_custom_data(['id' => $id]);
core\task\manager::queue_adhoc_task($task);
$outcome = core\task\manager::run_next();
echo "  $outcome\n";
echo '  one got: ', sent($peer, 'one', $payloads), "\n  queue: ", queue(), "\n";

echo "an entry the transport refuses does not stop the run:\n";
$port = mih_free_port();
mih_start_peer([PHP_BINARY, '-n', '-d', 'extension=soap', '-S', "127.0.0.1:$port", __DIR__ . '/../fixtures/soap/server.php'], $port);
$soap = services::save(['name' => 'legacy', 'type' => 'soap', 'base_url' => "http://127.0.0.1:$port/legacy.wsdl"] + $settings);
$viewed = '\core\event\course_viewed';
$refused = dlq::push(['eventname' => $viewed, 'serviceid' => $soap, 'endpoint' => 'DeleteEverything', 'payload' => ['name' => 'Ann'],
    'attempts' => 5]);
$after = dlq::push(['eventname' => $viewed, 'serviceid' => $one, 'endpoint' => '/record/one', 'payload' => '{"after": "refused"}']);
$payloads[$after] = '{"after": "refused"}';
replay(['eventname' => $viewed]);
echo '  one got: ', sent($peer, 'one', $payloads), "\n  queue: ", queue(), "\n";
dlq::delete($refused);

echo "bad filters:\n";
foreach ([['serviceid' => 'x', 'eventname' => ' ', 'since' => 'yesterday', 'until' => 1.5, 'colour' => 'red'],
        ['since' => 20, 'until' => 10]] as $filters) {
    foreach (['replay_matching', 'count_matching', 'all'] as $method) {
        try {
            $method === 'all' ? dlq::all(50, 0, $filters) : dlq::$method($filters);
            echo "  $method: accepted\n";
        } catch (mih_exception $e) {
            echo "  $method: {$e->errorcode} ", json_encode($e->fielderrors), "\n";
        }
    }
}

echo "the CLI's options:\n";
[$filters, $limit] = dlq_filter::from_cli(['service' => 'two', 'event' => 'core\event\user_created',
    'since' => '2026-01-01T10:30', 'until' => '2026-01-02', 'limit' => '5']);
echo '  ', json_encode($filters), " limit $limit; 10:30 is ", $filters['since'] - $day(1), " s into day 1; until is the last second of day 2: ",
    var_export($filters['until'] === $day(3) - 1, true), "\n";
echo '  none: ', json_encode(dlq_filter::from_cli(['service' => '', 'event' => '', 'since' => '', 'until' => '', 'limit' => '1000'])), "\n";
foreach ([['service' => 'nope'], ['since' => '2026-02-30'], ['until' => '2026-01-01T24:00'], ['until' => '01/02/2026'],
        ['limit' => '-1'], ['event' => true]] as $options) {
    try {
        dlq_filter::from_cli($options);
        echo "  accepted\n";
    } catch (moodle_exception $e) {
        echo '  ', $e->getMessage(), "\n";
    }
}
?>
--EXPECT--
matching: all 6, service one 3, created (no leading backslash) 4, day 2 2, two and created 2
listed for service two, newest first: 6 4 2
by event, service two failing:
  {"replayed":2,"failed":2,"remaining":0}
  one got: key-1 200 body of #1, mih-dlq-5 200 body of #5
  two got: key-2 503 body of #2, key-6 503 body of #6
  queue: #2 6 HTTP 503, #3 5 HTTP 503, #4 5 HTTP 503, #6 6 HTTP 503
by time range (the Queue page's dates for day 2):
  filters {"since":1767312000,"until":1767398399} bad []
  {"replayed":1,"failed":1,"remaining":0}
  one got: key-3 200 body of #3
  two got: key-4 503 body of #4
  queue: #2 6 HTTP 503, #4 6 HTTP 503, #6 6 HTTP 503
by service, service two back, limit 2:
  {"replayed":2,"failed":0,"remaining":1}
  two got: key-2 200 body of #2, key-4 200 body of #4
  queue: #6 6 HTTP 503
limit 0:
  {"replayed":0,"failed":0,"remaining":1}
  two got: nothing
the task with filters (the page's Replay all matching):
  mtrace: Replayed 1 queued event(s) matching {"serviceid":2,"eventname":"\\core\\event\\user_created"}; 0 failed again and stay in the queue.
  done
  two got: key-6 200 body of #6
  queue: empty
the task with an id (queued by an earlier version):
  mtrace: Replayed queued event 7.
  done
  one got: mih-dlq-7 200 body of #7
  queue: empty
an entry the transport refuses does not stop the run:
  {"replayed":1,"failed":1,"remaining":0}
  one got: mih-dlq-9 200 body of #9
  queue: #8 6 operation 'DeleteEverything' is not in the WSDL; it has: Add, CreateUser, Fail
bad filters:
  replay_matching: invalid_argument {"colour":"unknown filter","eventname":"must not be empty","serviceid":"must be an id","since":"must be a Unix time in whole seconds","until":"must be a Unix time in whole seconds"}
  count_matching: invalid_argument {"colour":"unknown filter","eventname":"must not be empty","serviceid":"must be an id","since":"must be a Unix time in whole seconds","until":"must be a Unix time in whole seconds"}
  all: invalid_argument {"colour":"unknown filter","eventname":"must not be empty","serviceid":"must be an id","since":"must be a Unix time in whole seconds","until":"must be a Unix time in whole seconds"}
  replay_matching: invalid_argument {"until":"must not be before since"}
  count_matching: invalid_argument {"until":"must not be before since"}
  all: invalid_argument {"until":"must not be before since"}
the CLI's options:
  {"serviceid":2,"eventname":"core\\event\\user_created","since":1767263400,"until":1767398399} limit 5; 10:30 is 37800 s into day 1; until is the last second of day 2: true
  none: [[],1000]
  clinoservice: nope
  invaliddate: --since=2026-02-30
  invaliddate: --until=2026-01-01T24:00
  invaliddate: --until=01/02/2026
  clibadlimit: -1
  clineedsvalue: --event
