<?php
// A stand-in for the mih extension, for tools/check_escaping.php: the same
// classes and row fields, every text in them hostile markup that names where
// it came from (see hostile_text()). Saves fail the way the real extension's
// do, with field errors that repeat the input.

// phpcs:disable

namespace {
    /**
     * Markup standing for an untrusted text: shown as text, a user reads
     * "'<mih-xss-WHERE>&; a raw <mih-xss-WHERE> in the HTML is an element.
     */
    function hostile_text(string $where): string {
        return "\"'<mih-xss-$where>&";
    }
}

namespace local_integrationhub {
    class mih_exception extends \RuntimeException {
        public string $errorcode = 'invalid_argument';
        public array $fielderrors = [];
    }

    final class mih {
        public static function configure(array $options): void {
        }
    }

    final class services {
        public static function all(): array {
            return [self::row()];
        }

        public static function get($idorname): ?array {
            return self::row() + ['base_url' => hostile_text('service-url'), 'auth_type' => 'bearer', 'auth_token' => '',
                'has_token' => true, 'token_hint' => hostile_text('token-hint')];
        }

        /** A service named `saved` is saved (it has warnings, see row()); others are refused. */
        public static function save(array $fields): int {
            if ($fields['name'] === 'saved') {
                return 1;
            }
            $e = new mih_exception('invalid input');
            $e->fielderrors = ['name' => hostile_text('service-field-error'),
                'cb_probe' => hostile_text('service-other-error')];
            throw $e;
        }

        public static function delete(int $id): void {
        }

        private static function row(): array {
            return ['id' => 1, 'name' => hostile_text('service-name'), 'type' => hostile_text('service-type'),
                'enabled' => true, 'state' => 'open', 'failures' => 5, 'retry_in' => 7,
                'warnings' => [hostile_text('service-warning')], 'avg_latency_24h' => 1.5, 'errors_24h' => 2,
                'last_used' => 1700000000, 'alias' => hostile_text('service-alias')];
        }
    }

    final class breakers {
        public static function reset(int $serviceid): void {
        }

        public static function reset_all(): void {
        }
    }

    final class rules {
        public static function all(): array {
            return [self::get(1)];
        }

        public static function get(int $id): ?array {
            return ['id' => 1, 'eventname' => hostile_text('rule-event'), 'serviceid' => 1,
                'http_method' => hostile_text('rule-method'), 'endpoint' => hostile_text('rule-endpoint'),
                'payload_template' => hostile_text('rule-template'), 'filter' => hostile_text('rule-filter'), 'enabled' => true];
        }

        /** Field errors when the request has `fielderrors`, else an error of the whole save. */
        public static function save(array $fields): int {
            $e = new mih_exception(hostile_text('rule-save-error'));
            if (!empty(page_params()['fielderrors'])) {
                // The real message: "template line 1, column 7: '{{<svg/onload=alert(10)>}}' is not a placeholder".
                $e->fielderrors = ['payload_template' => hostile_text('rule-template-error')];
            }
            throw $e;
        }

        public static function delete(int $id): void {
        }
    }

    final class bridge {
        public static function waiting(): array {
            return [['ruleid' => 1, 'eventname' => hostile_text('outbox-event'), 'count' => 3, 'oldest' => 1700000000,
                'attempts' => 2, 'error' => hostile_text('outbox-error'), 'next_at' => 1700000060.5]];
        }
    }

    final class dlq {
        /** The real one refuses bad filters, repeating what was typed; `refused` stands for one. */
        public static function count_matching(?array $filters = null): int {
            if (($filters['eventname'] ?? '') === 'refused') {
                throw new mih_exception(hostile_text('dlq-filter-error'));
            }
            return 1;
        }

        public static function all(int $limit = 50, int $offset = 0, ?array $filters = null): array {
            $payload = hostile_text('dlq-payload');
            return [['id' => 1, 'eventname' => hostile_text('dlq-event'), 'ruleid' => 1, 'serviceid' => 1,
                'endpoint' => hostile_text('dlq-endpoint'), 'http_method' => 'POST', 'payload' => $payload,
                'payload_preview' => $payload, 'payload_bytes' => strlen($payload),
                'error' => hostile_text('dlq-error'), 'attempts' => 5, 'timecreated' => 1700000000]];
        }

        public static function delete(int $id): void {
        }
    }

    final class request_log {
        public static function query(array $filters = [], int $limit = 50, int $offset = 0): array {
            return [['id' => 1, 'timecreated' => 1700000000, 'serviceid' => 1, 'servicename' => hostile_text('log-service'),
                'ruleid' => 1, 'eventname' => hostile_text('log-event'), 'endpoint' => hostile_text('log-endpoint'),
                'http_method' => hostile_text('log-method'), 'httpstatus' => 500, 'latencyms' => 12.5, 'attempts' => 3,
                'success' => false, 'error' => hostile_text('log-error'), 'direction' => 'inbound']];
        }

        public static function stats(): array {
            return ['success' => 1, 'failure' => 1, 'latencies' => [['latencyms' => 3.5, 'time' => 1700000000]]];
        }
    }

    final class stores {
        public static function copy(string $from, string $to): array {
            throw new mih_exception(hostile_text('store-copy-error'));
        }
    }
}
