--TEST--
The dispatch task counts real delivery tries only: runs in a PHP without the extension queue the event again (12 of them, past Moodle's limit of failed runs), and the fifth failed try puts it in the DLQ with attempts=5 and the last error
--FILE--
<?php
require __DIR__ . '/moodle_tasks.inc';
use core\task\manager;
use local_integrationhub\{extension, services, rules, dlq};

mih_test_store();
$peer = mih_test_peer();
$svc = services::save(['name' => 'down', 'base_url' => $peer, 'max_retries' => 0]);
$rule = rules::save(['eventname' => '\core\event\user_created', 'serviceid' => $svc, 'endpoint' => '/status/500']);
mih_test_queue_event(['ruleid' => $rule, 'eventdata' => ['eventname' => '\core\event\user_created', 'objectid' => 7],
    'attempts' => 0]);

extension::$loaded = false;
for ($run = 1; $run <= 12; $run++) {
    $outcome = manager::run_next();
    if ($run === 4 || $run === 12) {
        echo "$run runs without the extension: last one $outcome; waiting: ", manager::waiting(), "\n";
    }
}
echo 'a PHP without the extension was recorded on this host: ', var_export(get_config('', 'extensionmissinghost') === gethostname(), true), "\n";

extension::$loaded = true;
while (($outcome = manager::run_next()) !== null) {
    echo "run with the extension: $outcome; waiting: ", manager::waiting(), "\n";
}
$peerseen = (int) file_get_contents("$peer/__count?path=/status/500");
echo "requests the peer saw: $peerseen\n";
foreach (dlq::all() as $entry) {
    echo "in the DLQ: attempts {$entry['attempts']}, error: {$entry['error']}\n";
}
?>
--EXPECT--
  mtrace: The mih extension is not loaded in this PHP: the event is queued again, no attempt counted.
  mtrace: The mih extension is not loaded in this PHP: the event is queued again, no attempt counted.
  mtrace: The mih extension is not loaded in this PHP: the event is queued again, no attempt counted.
  mtrace: The mih extension is not loaded in this PHP: the event is queued again, no attempt counted.
4 runs without the extension: last one done; waiting: rule 1, attempts 0, Moodle fail delay 0
  mtrace: The mih extension is not loaded in this PHP: the event is queued again, no attempt counted.
  mtrace: The mih extension is not loaded in this PHP: the event is queued again, no attempt counted.
  mtrace: The mih extension is not loaded in this PHP: the event is queued again, no attempt counted.
  mtrace: The mih extension is not loaded in this PHP: the event is queued again, no attempt counted.
  mtrace: The mih extension is not loaded in this PHP: the event is queued again, no attempt counted.
  mtrace: The mih extension is not loaded in this PHP: the event is queued again, no attempt counted.
  mtrace: The mih extension is not loaded in this PHP: the event is queued again, no attempt counted.
  mtrace: The mih extension is not loaded in this PHP: the event is queued again, no attempt counted.
12 runs without the extension: last one done; waiting: rule 1, attempts 0, Moodle fail delay 0
a PHP without the extension was recorded on this host: true
  mtrace: Delivery failed (attempt 1 of 5), queued again: HTTP 500
run with the extension: done; waiting: rule 1, attempts 1, last error: HTTP 500, Moodle fail delay 0
  mtrace: Delivery failed (attempt 2 of 5), queued again: HTTP 500
run with the extension: done; waiting: rule 1, attempts 2, last error: HTTP 500, Moodle fail delay 0
  mtrace: Delivery failed (attempt 3 of 5), queued again: HTTP 500
run with the extension: done; waiting: rule 1, attempts 3, last error: HTTP 500, Moodle fail delay 0
  mtrace: Delivery failed (attempt 4 of 5), queued again: HTTP 500
run with the extension: done; waiting: rule 1, attempts 4, last error: HTTP 500, Moodle fail delay 0
run with the extension: done; waiting: nothing
requests the peer saw: 5
in the DLQ: attempts 5, error: HTTP 500
