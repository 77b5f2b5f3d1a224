--TEST--
The dispatch task retries a failing peer and an 'internal' mih_exception as real attempts recorded with the event: once the peer recovers the event is delivered, and never also put in the DLQ
--FILE--
<?php
require __DIR__ . '/moodle_tasks.inc';
use core\task\manager;
use local_integrationhub\{services, rules, dlq};

mih_test_store();
$peer = mih_test_peer();
$svc = services::save(['name' => 'flaky', 'base_url' => $peer, 'max_retries' => 0]);
$rule = rules::save(['eventname' => '\core\event\user_created', 'serviceid' => $svc, 'endpoint' => '/switch/hook']);
mih_test_queue_event(['ruleid' => $rule, 'eventdata' => ['eventname' => '\core\event\user_created', 'objectid' => 7],
    'attempts' => 0]);
$run = function (string $what) {
    $outcome = manager::run_next();
    echo "$what: $outcome; waiting: ", manager::waiting(), "\n";
};

file_get_contents("$peer/__set?key=hook&status=503");
$run('peer failing');
// A bug of ours (injected in the debug build) is worth a retry too.
putenv('MIH_TEST_PANIC=attempt');
$run('internal error');
putenv('MIH_TEST_PANIC');
file_get_contents("$peer/__set?key=hook&status=200");
$run('peer recovered');
echo 'requests the peer answered: ', file_get_contents("$peer/__count?path=/switch/hook"), "\n";
echo 'in the DLQ: ', count(dlq::all()), "\n";
?>
--EXPECTF--
  mtrace: Delivery failed (attempt 1 of 5), queued again: HTTP 503
peer failing: done; waiting: rule 1, attempts 1, last error: HTTP 503, Moodle fail delay 0
%A  mtrace: Delivery failed (attempt 2 of 5), queued again: internal: internal error (a bug in MIH, please report it): injected by MIH_TEST_PANIC
internal error: done; waiting: rule 1, attempts 2, last error: internal: internal error (a bug in MIH, please report it): injected by MIH_TEST_PANIC, Moodle fail delay 0
peer recovered: done; waiting: nothing
requests the peer answered: 2
in the DLQ: 0
%A
