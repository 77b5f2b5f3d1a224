--TEST--
The plugin's dispatch task never drops an event the Dead Letter Queue refuses: the task fails with the reason, so Moodle keeps it and runs it again
--FILE--
<?php
// The few Moodle classes the task uses, as small stand-ins.
namespace core\task {
    abstract class adhoc_task {
        private string $data = '';
        private int $faildelay = 0;
        public function set_custom_data($data): void { $this->data = json_encode($data); }
        public function get_custom_data_as_string(): string { return $this->data; }
        public function set_fail_delay(int $delay): void { $this->faildelay = $delay; }
        public function get_fail_delay(): int { return $this->faildelay; }
    }
}
namespace local_integrationhub {
    class extension {
        public static function ready(): bool { return true; }
    }
}
namespace {
    class moodle_exception extends Exception {
        public function __construct(public string $errorcode, string $module = '', string $link = '', $a = null) {
            parent::__construct("$errorcode: $a");
        }
    }
    require __DIR__ . '/helpers.inc';
    require __DIR__ . '/../../moodle-plugin/classes/task/dispatch_event_task.php';
    use local_integrationhub\{services, rules, dlq};
    use local_integrationhub\task\dispatch_event_task;

    mih_test_store();
    $svc = services::save(['name' => 'gone', 'base_url' => 'http://127.0.0.1:9/']);
    $rule = rules::save(['eventname' => '\core\event\user_created', 'serviceid' => $svc]);
    services::delete($svc);
    $run = function (array $eventdata) use ($rule): string {
        $task = new dispatch_event_task();
        $task->set_custom_data(['ruleid' => $rule, 'eventdata' => $eventdata]);
        try {
            $task->execute();
            return 'done';
        } catch (Throwable $e) {
            return get_class($e) . ' ' . preg_replace('/this one has \d+/', 'this one has N', $e->getMessage());
        }
    };
    // The service is gone: the event goes to the DLQ with its data.
    echo 'small event: ', $run(['eventname' => '\core\event\user_created', 'objectid' => 7]), ', ', count(dlq::all()), " in the DLQ\n";
    // Event data over the DLQ's bound: the task fails (Moodle retries it), saying why.
    echo 'event of 9 MB: ', $run(['eventname' => '\core\event\user_created', 'other' => str_repeat('x', 9 << 20)]), "\n";
    echo count(dlq::all()), " in the DLQ\n";
}
?>
--EXPECT--
small event: done, 1 in the DLQ
event of 9 MB: moodle_exception dlqpushfailed: invalid_argument: invalid input: payload: at most 8388608 bytes (8 MiB); this one has N (delivery failed with: rule 1 no longer exists)
1 in the DLQ
