--TEST--
The plugin's dispatch task never drops an event the Dead Letter Queue refuses: the event is queued again with the reason
--FILE--
<?php
require __DIR__ . '/moodle_tasks.inc';
use core\task\manager;
use local_integrationhub\{services, rules, dlq};

mih_test_store();
$svc = services::save(['name' => 'gone', 'base_url' => 'http://127.0.0.1:9/']);
$rule = rules::save(['eventname' => '\core\event\user_created', 'serviceid' => $svc]);
services::delete($svc);
$run = function (array $eventdata) use ($rule): string {
    mih_test_queue_event(['ruleid' => $rule, 'eventdata' => $eventdata, 'attempts' => 0]);
    return manager::run_next() . '; waiting: ' . preg_replace('/this one has \d+/', 'this one has N', manager::waiting());
};
// The service is gone: the event goes to the DLQ with its data.
echo 'small event: ', $run(['eventname' => '\core\event\user_created', 'objectid' => 7]), ', ', count(dlq::all()), " in the DLQ\n";
// Event data over the DLQ's bound: the event is queued again, saying why.
$outcome = $run(['eventname' => '\core\event\user_created', 'other' => str_repeat('x', 9 << 20)]);
echo "event of 9 MB: $outcome\n";
echo count(dlq::all()), " in the DLQ\n";
?>
--EXPECTF--
small event: done; waiting: nothing, 1 in the DLQ
  mtrace: Event queued again: the Dead Letter Queue refused it (invalid_argument: invalid input: payload: at most 8388608 bytes (8 MiB); this one has %d); delivery failed with: rule 1 no longer exists
event of 9 MB: done; waiting: rule 1, attempts 1, last error: the Dead Letter Queue refused it (invalid_argument: invalid input: payload: at most 8388608 bytes (8 MiB); this one has N); delivery failed with: rule 1 no longer exists, Moodle fail delay 0
1 in the DLQ
