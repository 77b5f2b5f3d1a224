--TEST--
The observer appends a matching event to the outbox, one delivery per rule and no task; the same event fired twice in a request is added once; when the store is out of reach the event is handed off as a task, saying why
--FILE--
<?php
namespace core\event {
    /** A committed Moodle event, as a stand-in. */
    class base {
        public function __construct(public string $eventname, private int $objectid, private $userid = 0) {}
        public function get_data(): array {
            return ['eventname' => $this->eventname, 'objectid' => $this->objectid, 'userid' => $this->userid,
                'relateduserid' => 0];
        }
    }
}
namespace {
    require __DIR__ . '/moodle_tasks.inc';
    /** Moodle's user look-up, as a stand-in. */
    class core_user {
        public static function get_user(int $id): object {
            return (object) ['id' => $id, 'deleted' => 0, 'email' => 'ann@example.com', 'firstname' => 'Ann', 'lastname' => 'Lee'];
        }
    }
    function fullname(object $user): string {
        return "$user->firstname $user->lastname";
    }
    use core\task\manager;
    use local_integrationhub\{mih, services, rules, rule_events, bridge};
    use local_integrationhub\event\observer;

    $store = mih_test_store();
    $svc = services::save(['name' => 'api', 'base_url' => 'http://127.0.0.1:9/']);
    foreach (['/first', '/second'] as $endpoint) {
        rules::save(['eventname' => 'core\event\user_created', 'serviceid' => $svc, 'endpoint' => $endpoint]);
    }
    rule_events::refresh();

    observer::handle_event(new \core\event\base('\core\event\user_created', 1));
    observer::handle_event(new \core\event\base('\core\event\user_created', 1));
    observer::handle_event(new \core\event\base('\core\event\user_loggedin', 1));
    echo 'in the outbox: ', json_encode(array_column(bridge::waiting(), 'count', 'ruleid')), '; tasks: ', manager::waiting(), "\n";

    mih::configure(['store' => '/proc/no-such-dir/hub.sqlite']);
    observer::handle_event(new \core\event\base('\core\event\user_created', 2));
    observer::handle_event(new \core\event\base('\core\event\user_loggedin', 2));
    echo 'store out of reach: tasks: ', manager::waiting(), "\n";

    mih::configure(['store' => $store]);
    $outcome = manager::run_next();
    echo "hand-off run: $outcome; in the outbox: ", json_encode(array_column(bridge::waiting(), 'count', 'ruleid')), "\n";

    // Moodle hands ids over as strings from the database: templates get numbers, as the older plugin sent.
    echo 'event data: ', json_encode(observer::event_data(new \core\event\base('\core\event\user_created', 5, '2'))), "\n";
}
?>
--EXPECTF--
in the outbox: {"1":1,"2":1}; tasks: nothing
store out of reach: tasks: rule NULL, attempts 0, last error: store_error: %s, Moodle fail delay 0
  mtrace: Event handed to the outbox: 2 delivery(ies).
hand-off run: done; in the outbox: {"1":2,"2":2}
event data: {"eventname":"\\core\\event\\user_created","objectid":5,"userid":2,"relateduserid":0,"other":[],"fullname":"Ann Lee","email":"ann@example.com"}
