--TEST--
The swap from MIH 2.0: its tables (a fixture of its schema) move into the store — services with their tokens (a name that is not a slug gets one and keeps the old as an alias mih::request finds), rules, DLQ entries with their time and their rule's route (or a note when none or several rules fit), the newest log rows with times and direction — and the old tables go
--FILE--
<?php
namespace {
    define('MOODLE_INTERNAL', true); // The language file checks it.
    require __DIR__ . '/moodle_tasks.inc';
    require __DIR__ . '/../../moodle-plugin/classes/legacy_import.php';

    /** Moodle's database, in memory: the calls the import makes. */
    final class memory_db {
        public function __construct(public array $tables) {}
        public function get_records(string $table, ?array $conditions = null, string $sort = '', string $fields = '*',
                int $from = 0, int $num = 0): array {
            $rows = $this->tables[$table];
            if (str_ends_with($sort, 'DESC')) {
                krsort($rows);
            } else {
                ksort($rows);
            }
            $rows = array_slice($rows, $from, $num ?: null, true);
            return array_map(fn($row) => (object) $row, $rows);
        }
        public function delete_records(string $table, array $conditions): void {
            unset($this->tables[$table][$conditions['id']]);
        }
        public function delete_records_list(string $table, string $field, array $values): void {
            foreach ($values as $id) {
                unset($this->tables[$table][$id]);
            }
        }
        public function get_manager(): object {
            $db = $this;
            return new class($db) {
                public function __construct(private memory_db $db) {}
                public function table_exists($table): bool {
                    return isset($this->db->tables[is_string($table) ? $table : $table->name]);
                }
                public function drop_table(xmldb_table $table): void {
                    unset($this->db->tables[$table->name]);
                }
            };
        }
    }
    class xmldb_table {
        public function __construct(public string $name) {}
    }
    class core_text {
        public static function strtolower(string $text): string { return mb_strtolower($text); }
        public static function specialtoascii(string $text): string { return strtr($text, ['é' => 'e', 'ü' => 'u']); }
    }
    /** The plugin's English strings, as Moodle fills them in. */
    function get_string(string $id, string $component, $a = null): string {
        $string = [];
        include __DIR__ . '/../../moodle-plugin/lang/en/local_integrationhub.php';
        $text = $string[$id];
        foreach ((array) $a as $key => $value) {
            $text = str_replace('{$a->' . $key . '}', (string) $value, $text);
        }
        return is_scalar($a) ? str_replace('{$a}', (string) $a, $text) : $text;
    }

    use local_integrationhub\{services, rules, dlq, request_log, mih, legacy_import};

    mih_test_store();
    $peer = mih_test_peer();
    set_config('max_log_entries', 3, 'local_integrationhub');
    $svc = fn($id, $name, $token) => ['id' => $id, 'name' => $name, 'type' => 'rest', 'base_url' => $peer,
        'auth_type' => 'bearer', 'auth_token' => $token, 'timeout' => 5, 'max_retries' => 0, 'retry_backoff' => 1,
        'cb_failure_threshold' => 5, 'cb_cooldown' => 30, 'response_queue' => '', 'enabled' => 1,
        'timecreated' => 1, 'timemodified' => 1];
    $rule = fn($id, $event, $serviceid, $endpoint, $method) => ['id' => $id, 'eventname' => $event, 'serviceid' => $serviceid,
        'endpoint' => $endpoint, 'http_method' => $method, 'payload_template' => '', 'enabled' => 1,
        'timecreated' => 1, 'timemodified' => 1];
    $log = fn($id, $serviceid, $time, $direction) => ['id' => $id, 'serviceid' => $serviceid, 'endpoint' => "/e$id",
        'http_method' => $direction === 'inbound' ? 'INBOUND' : 'POST', 'http_status' => 200, 'latency_ms' => 12,
        'attempt_count' => 1, 'success' => 1, 'error_message' => null, 'timecreated' => $time, 'direction' => $direction];
    $DB = new memory_db([
        'local_integrationhub_svc' => [1 => $svc(1, 'My Old Service', 'tok-old-1234567'), 2 => $svc(2, 'api-two', ''),
            3 => ['type' => 'amqp', 'base_url' => 'amqp://guest:guest@127.0.0.1:5672/%2f', 'auth_type' => 'bearer',
                'auth_token' => '', 'response_queue' => 'moodle_responses'] + $svc(3, 'rabbit', '')],
        'local_integrationhub_rules' => [
            1 => $rule(1, '\core\event\user_created', 1, '/users/{{objectid}}', 'put'),
            2 => $rule(2, '\core\event\course_created', 2, '/c', 'post'),
            3 => $rule(3, '\core\event\course_created', 2, '/c2', 'post'),
        ],
        'local_integrationhub_dlq' => [
            1 => ['id' => 1, 'eventname' => '\core\event\user_created', 'serviceid' => 1,
                'payload' => '{"objectid":7,"name":"Ann"}', 'error_message' => 'HTTP 503', 'timecreated' => 1700000000],
            2 => ['id' => 2, 'eventname' => '\core\event\course_created', 'serviceid' => 2,
                'payload' => '{"c":1}', 'error_message' => 'timeout', 'timecreated' => 1700000100],
            3 => ['id' => 3, 'eventname' => '\core\event\role_assigned', 'serviceid' => 2,
                'payload' => '{"r":1}', 'error_message' => 'HTTP 500', 'timecreated' => 1700000200],
        ],
        'local_integrationhub_log' => [1 => $log(1, 1, 1690000001, 'outbound'), 2 => $log(2, 1, 1690000002, 'outbound'),
            3 => $log(3, 2, 1690000003, 'inbound'), 4 => $log(4, 9, 1690000004, 'outbound'),
            5 => $log(5, 2, 1690000005, 'outbound')],
        'local_integrationhub_cb' => [],
    ]);

    legacy_import::run();
    foreach (services::all() as $s) {
        echo "service {$s['name']} alias '{$s['alias']}' token: ", var_export($s['has_token'], true),
            " response queue: '{$s['response_queue']}'\n";
    }
    $r = mih::request('My Old Service', '/ping');
    echo 'mih::request by the old name: ', $r->httpstatus, ' ', $r->json()['authorization'], "\n";
    echo 'rules: ', count(rules::all()), "\n";
    foreach (array_reverse(dlq::all()) as $e) {
        echo "dlq: {$e['eventname']} rule ", var_export($e['ruleid'] !== null, true), " {$e['http_method']} '{$e['endpoint']}' at {$e['timecreated']}: {$e['error']}\n";
    }
    $first = array_reverse(dlq::all())[0];
    $r = dlq::replay($first['id']);
    echo 'replay goes where MIH 2.0 sent it: ', $r->json()['method'], ' ', $r->json()['uri'], ' ', $r->json()['body'], "\n";
    $rows = array_reverse(request_log::query(['since' => 1], 10));
    echo 'log rows moved: ', implode(', ', array_map(fn($r) => "{$r['endpoint']}@{$r['timecreated']} {$r['direction']}", $rows)), "\n";
    echo 'old tables left: ', json_encode(array_keys($DB->tables)), "; needed again: ", var_export(legacy_import::needed(), true), "\n";
}
?>
--EXPECTF--
  mtrace: The service "My Old Service" of the older Integration Hub plugin is now named "my-old-service" (names are slugs); mih::request() still finds it by its old name.
  mtrace: Moved 2 request log row(s) of the older Integration Hub plugin, with their times and direction.
service api-two alias '' token: false response queue: ''
service my-old-service alias 'My Old Service' token: true response queue: ''
service rabbit alias '' token: false response queue: 'moodle_responses'
mih::request by the old name: 200 Bearer tok-old-1234567
rules: 3
dlq: \core\event\user_created rule true PUT '/users/7' at 1700000000: HTTP 503
dlq: \core\event\course_created rule false POST '' at 1700000100: Imported from the older Integration Hub plugin, which replayed it through the one rule of its event and service; 2 such rules exist now, so a replay goes to the service's base URL. Last error: timeout
dlq: \core\event\role_assigned rule false POST '' at 1700000200: Imported from the older Integration Hub plugin, which replayed it through the one rule of its event and service; 0 such rules exist now, so a replay goes to the service's base URL. Last error: HTTP 500
replay goes where MIH 2.0 sent it: PUT /users/7 {"objectid":7,"name":"Ann"}
log rows moved: /e3@1690000003 inbound, /e5@1690000005 outbound%A
old tables left: []; needed again: false
