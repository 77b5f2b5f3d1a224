--TEST--
Hand-off task: an event no outbox holds goes to the DLQ, and when the DLQ refuses it too it is queued again, saying why; an event whose rule's service is gone reaches the DLQ through the outbox
--FILE--
<?php
require __DIR__ . '/moodle_tasks.inc';
use core\task\manager;
use local_integrationhub\{services, rules, bridge, dlq};

mih_test_store();
$svc = services::save(['name' => 'gone', 'base_url' => 'http://127.0.0.1:9/']);
$rule = rules::save(['eventname' => '\core\event\user_created', 'serviceid' => $svc]);
services::delete($svc);
$run = function (array $eventdata) use ($rule): string {
    mih_test_queue_event(['ruleid' => $rule, 'eventdata' => $eventdata, 'attempts' => 0]);
    return manager::run_next() . '; waiting: ' . preg_replace('/(this one|this event) has \d+/', '$1 has N', manager::waiting());
};
$outcome = $run(['eventname' => '\core\event\user_created', 'objectid' => 7]);
echo "small event: $outcome\n";
$report = bridge::drain();
echo "drained: dead {$report['dead']}; in the DLQ: ", dlq::all()[0]['error'], "\n";
// Event data over every bound: the DLQ refuses it too; the event is queued again, saying why.
$outcome = $run(['eventname' => '\core\event\user_created', 'other' => str_repeat('x', 9 << 20)]);
echo "event of 9 MB: $outcome\n";
echo count(dlq::all()), " in the DLQ\n";
?>
--EXPECTF--
  mtrace: Event handed to the outbox: 1 delivery(ies).
small event: done; waiting: nothing
drained: dead 1; in the DLQ: rule_not_found: rule 1 no longer exists
  mtrace: Event queued again: the Dead Letter Queue refused it (invalid_argument: invalid input: payload: at most 8388608 bytes (8 MiB); this one has %d); the outbox refused it with: invalid_argument: invalid input: eventdata: at most 8388608 bytes as JSON (8 MiB); this event has %d
event of 9 MB: done; waiting: rule 1, attempts 0, last error: the Dead Letter Queue refused it (invalid_argument: invalid input: payload: at most 8388608 bytes (8 MiB); this one has N); the outbox refused it with: invalid_argument: invalid input: eventdata: at most 8388608 bytes as JSON (8 MiB); this event has N, Moodle fail delay 0
1 in the DLQ
