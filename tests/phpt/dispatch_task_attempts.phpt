--TEST--
Hand-off task: runs in a PHP without the extension count no try and never end the event; where the extension is, the event enters the outbox with the tries it carries, and the fifth real try puts it in the DLQ
--FILE--
<?php
require __DIR__ . '/moodle_tasks.inc';
use core\task\manager;
use local_integrationhub\{extension, services, rules, bridge, dlq};

mih_test_store();
$peer = mih_test_peer();
$svc = services::save(['name' => 'down', 'base_url' => $peer, 'max_retries' => 0]);
$rule = rules::save(['eventname' => '\core\event\user_created', 'serviceid' => $svc, 'endpoint' => '/status/500']);
// Queued by the previous version: one task per rule, with the tries made so far.
mih_test_queue_event(['ruleid' => $rule, 'eventdata' => ['eventname' => '\core\event\user_created', 'objectid' => 7],
    'attempts' => 2, 'error' => 'HTTP 500']);

extension::$loaded = false;
for ($run = 1; $run <= 12; $run++) {
    $outcome = manager::run_next();
    if ($run === 4 || $run === 12) {
        echo "$run runs without the extension: last one $outcome; waiting: ", manager::waiting(), "\n";
    }
}
echo 'a PHP without the extension was recorded on this host: ', var_export(get_config('', 'extensionmissinghost') === gethostname(), true), "\n";
(new local_integrationhub\task\deliver_events_task())->execute();

extension::$loaded = true;
$outcome = manager::run_next();
echo "run with the extension: $outcome; tasks left: ", manager::waiting(), "\n";
$head = bridge::waiting()[0];
echo "in the outbox: attempts {$head['attempts']}, error {$head['error']}\n";
for ($try = 3; $try <= 5; $try++) {
    $report = bridge::drain(['first_retry' => 1]);
    echo "try $try: retried {$report['retried']}, dead {$report['dead']}\n";
    foreach (bridge::waiting() as $row) {
        usleep((int) (max(0, $row['next_at'] - microtime(true)) * 1e6) + 50000);
    }
}
echo 'requests the peer saw: ', file_get_contents("$peer/__count?path=/status/500"), "\n";
foreach (dlq::all() as $entry) {
    echo "in the DLQ: attempts {$entry['attempts']}, error: {$entry['error']}\n";
}
?>
--EXPECT--
  mtrace: The mih extension is not loaded in this PHP: the event is queued again.
  mtrace: The mih extension is not loaded in this PHP: the event is queued again.
  mtrace: The mih extension is not loaded in this PHP: the event is queued again.
  mtrace: The mih extension is not loaded in this PHP: the event is queued again.
4 runs without the extension: last one done; waiting: rule 1, attempts 2, last error: HTTP 500, Moodle fail delay 0
  mtrace: The mih extension is not loaded in this PHP: the event is queued again.
  mtrace: The mih extension is not loaded in this PHP: the event is queued again.
  mtrace: The mih extension is not loaded in this PHP: the event is queued again.
  mtrace: The mih extension is not loaded in this PHP: the event is queued again.
  mtrace: The mih extension is not loaded in this PHP: the event is queued again.
  mtrace: The mih extension is not loaded in this PHP: the event is queued again.
  mtrace: The mih extension is not loaded in this PHP: the event is queued again.
  mtrace: The mih extension is not loaded in this PHP: the event is queued again.
12 runs without the extension: last one done; waiting: rule 1, attempts 2, last error: HTTP 500, Moodle fail delay 0
a PHP without the extension was recorded on this host: true
  mtrace: The mih extension is not loaded in this PHP: events wait in the outbox.
  mtrace: Event handed to the outbox: 1 delivery(ies).
run with the extension: done; tasks left: nothing
in the outbox: attempts 2, error HTTP 500
try 3: retried 1, dead 0
try 4: retried 1, dead 0
try 5: retried 0, dead 1
requests the peer saw: 3
in the DLQ: attempts 5, error: HTTP 500
