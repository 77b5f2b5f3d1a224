<?php
// This file is part of Moodle - https://moodle.org/
//
// Moodle is free software: you can redistribute it and/or modify
// it under the terms of the GNU General Public License as published by
// the Free Software Foundation, either version 3 of the License, or
// (at your option) any later version.
//
// Moodle is distributed in the hope that it will be useful,
// but WITHOUT ANY WARRANTY; without even the implied warranty of
// MERCHANTABILITY or FITNESS FOR A PARTICULAR PURPOSE.  See the
// GNU General Public License for more details.
//
// You should have received a copy of the GNU General Public License
// along with Moodle.  If not, see <https://www.gnu.org/licenses/>.

namespace local_integrationhub\task;

use local_integrationhub\bridge;
use local_integrationhub\dlq;
use local_integrationhub\extension;
use local_integrationhub\mih_exception;

/**
 * Sends one event through one Event Bridge rule.
 *
 * A failed delivery is rethrown so Moodle retries the task later; the fifth
 * failed attempt puts the rendered payload in the Dead Letter Queue with its
 * last error. An event whose rule or service no longer exists, or whose
 * payload cannot be rendered, goes to the Dead Letter Queue at once, with the
 * reason and the event data: no event is dropped silently. When the queue
 * refuses an entry, the task fails and is retried, the reason in its log.
 *
 * @package    local_integrationhub
 * @copyright  2026 MIH developers
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class dispatch_event_task extends \core\task\adhoc_task {
    /** Failed attempts after which an event goes to the Dead Letter Queue. */
    public const MAX_ATTEMPTS = 5;

    /** Moodle's first retry delay for a failed adhoc task, doubled on each failure. */
    private const FIRST_FAIL_DELAY = 60;

    /**
     * Which attempt this run is, from the fail delay Moodle doubles after every failure.
     *
     * @param int $faildelay the task's current fail delay in seconds
     * @return int 1 for the first run
     */
    public static function attempt_number(int $faildelay): int {
        if ($faildelay <= 0) {
            return 1;
        }
        return (int) round(log(max($faildelay, self::FIRST_FAIL_DELAY) / self::FIRST_FAIL_DELAY, 2)) + 2;
    }

    /**
     * Dispatches the event.
     *
     * @return void
     * @throws \moodle_exception when the delivery failed and Moodle should retry
     */
    public function execute() {
        if (!extension::ready()) {
            // Without the extension nothing can be sent; keep the task for later.
            throw new \moodle_exception('extensionmissing', 'local_integrationhub');
        }
        $data = json_decode($this->get_custom_data_as_string(), true);
        $ruleid = (int) $data['ruleid'];
        $eventdata = $data['eventdata'];
        $attempt = self::attempt_number((int) $this->get_fail_delay());
        try {
            $response = bridge::dispatch($ruleid, $eventdata);
            if ($response->success) {
                return;
            }
            $error = $response->error;
        } catch (mih_exception $e) {
            if (in_array($e->errorcode, ['rule_not_found', 'service_not_found', 'invalid_argument'], true)) {
                self::queue([
                    'eventname' => $eventdata['eventname'] ?? '',
                    'ruleid' => $ruleid,
                    'payload' => $eventdata,
                    'error' => $e->getMessage(),
                    'attempts' => $attempt,
                ]);
                return;
            }
            $error = $e->getMessage(); // An open circuit or a disabled service: worth retrying.
        }
        if ($attempt < self::MAX_ATTEMPTS) {
            throw new \moodle_exception('dispatchfailed', 'local_integrationhub', '', $error);
        }
        try {
            $entry = bridge::render($ruleid, $eventdata);
        } catch (mih_exception $e) {
            $entry = ['eventname' => $eventdata['eventname'] ?? '', 'ruleid' => $ruleid, 'payload' => $eventdata];
        }
        self::queue($entry + ['error' => $error, 'attempts' => $attempt]);
    }

    /**
     * Puts an undeliverable event in the Dead Letter Queue. When the queue
     * refuses it (the store unreachable, an entry over its bounds), the task
     * fails with the reason, so Moodle keeps the event and runs the task again.
     *
     * @param array $entry the DLQ entry's fields
     * @return void
     * @throws \moodle_exception when the entry could not be queued
     */
    private static function queue(array $entry): void {
        try {
            dlq::push($entry);
        } catch (mih_exception $e) {
            throw new \moodle_exception('dlqpushfailed', 'local_integrationhub', '',
                "{$e->errorcode}: {$e->getMessage()} (delivery failed with: {$entry['error']})");
        }
    }
}
