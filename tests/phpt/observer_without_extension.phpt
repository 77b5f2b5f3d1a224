--TEST--
The observer in a PHP without the extension still hands off an event an enabled rule is on (matched and delivered later where the extension is loaded), and no other event
--FILE--
<?php
namespace core\event {
    /** A committed Moodle event, as a stand-in. */
    class base {
        public function __construct(public string $eventname, private int $objectid) {}
        public function get_data(): array {
            return ['eventname' => $this->eventname, 'objectid' => $this->objectid, 'userid' => 0, 'relateduserid' => 0];
        }
    }
}
namespace {
    require __DIR__ . '/moodle_tasks.inc';
    use core\task\manager;
    use local_integrationhub\{extension, services, rules, rule_events, bridge, dlq};
    use local_integrationhub\event\observer;

    mih_test_store();
    $peer = mih_test_peer();
    $svc = services::save(['name' => 'api', 'base_url' => $peer]);
    foreach (['/first', '/second'] as $endpoint) {
        rules::save(['eventname' => 'core\event\user_created', 'serviceid' => $svc, 'endpoint' => $endpoint]);
    }
    rules::save(['eventname' => '\core\event\course_created', 'serviceid' => $svc, 'endpoint' => '/off', 'enabled' => false]);
    rule_events::refresh(); // As the rule pages do after a save.

    extension::$loaded = false;
    foreach (['\core\event\user_created', '\core\event\course_created', '\core\event\user_loggedin'] as $i => $name) {
        observer::handle_event(new \core\event\base($name, $i));
        echo "$name without the extension: waiting: ", manager::waiting(), "\n";
        manager::$tasks = array_slice(manager::$tasks, 0, 1); // Keep the user_created one only.
    }
    echo 'a PHP without the extension was recorded on this host: ', var_export(get_config('', 'extensionmissinghost') === gethostname(), true), "\n";

    extension::$loaded = true;
    $outcome = manager::run_next();
    echo "matching run: $outcome; tasks waiting: ", manager::waiting(), "\n";
    echo 'in the outbox: ', json_encode(array_column(bridge::waiting(), 'count', 'ruleid')), "\n";
    (new local_integrationhub\task\deliver_events_task())->execute();
    foreach (['/first', '/second', '/off'] as $endpoint) {
        echo "$endpoint received: ", file_get_contents("$peer/__count?path=$endpoint"), "\n";
    }
    echo 'in the DLQ: ', count(dlq::all()), "\n";
}
?>
--EXPECT--
\core\event\user_created without the extension: waiting: rule NULL, attempts 0, Moodle fail delay 0
\core\event\course_created without the extension: waiting: rule NULL, attempts 0, Moodle fail delay 0
\core\event\user_loggedin without the extension: waiting: rule NULL, attempts 0, Moodle fail delay 0
a PHP without the extension was recorded on this host: true
  mtrace: Event handed to the outbox: 2 delivery(ies).
matching run: done; tasks waiting: nothing
in the outbox: {"1":1,"2":1}
  mtrace: Delivered 2, to retry 0, to the Dead Letter Queue 0; waiting 0.
/first received: 1
/second received: 1
/off received: 0
in the DLQ: 0
