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
use local_integrationhub\extension_absence;
use local_integrationhub\mih_exception;
use local_integrationhub\rule_events;

/**
 * Sends one event through one Event Bridge rule.
 *
 * The task never fails in Moodle's eyes: Moodle stops running an adhoc task
 * after a number of failed runs, which would lose the event. Instead every
 * outcome other than a delivery queues a new task carrying the event:
 * - run in a PHP without the extension: the same data again in a minute, no
 *   attempt counted;
 * - `ruleid` null (handed off by a PHP without the extension): matched now,
 *   one task per rule;
 * - a failed delivery: `attempts` (real tries) plus one and the last error,
 *   after a backoff; the fifth failure puts the rendered payload in the Dead
 *   Letter Queue. An event whose rule or service no longer exists, or whose
 *   payload cannot be rendered, goes there at once. When the queue refuses
 *   an entry, the event is queued again.
 *
 * @package    local_integrationhub
 * @copyright  2026 MIH developers
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class dispatch_event_task extends \core\task\adhoc_task {
    /** Failed attempts after which an event goes to the Dead Letter Queue. */
    public const MAX_ATTEMPTS = 5;

    /** The first retry delay (as Moodle's first fail delay), doubled after each failure. */
    private const FIRST_RETRY_DELAY = 60;

    /** The longest retry delay. */
    private const MAX_RETRY_DELAY = 3600;

    /** Errors no retry can fix: the event goes to the Dead Letter Queue at once. */
    private const FINAL_ERRORS = ['rule_not_found', 'service_not_found', 'invalid_argument'];

    /**
     * Queues a task for an event.
     *
     * @param array $data custom data: `ruleid` (null: match when run), `eventdata`, `attempts`, `error`
     * @param int $delay seconds before it runs
     * @return void
     */
    public static function queue(array $data, int $delay = 0): void {
        $task = new self();
        $task->set_component('local_integrationhub');
        $task->set_custom_data($data);
        if ($delay > 0) {
            $task->set_next_run_time(time() + $delay);
        }
        \core\task\manager::queue_adhoc_task($task);
    }

    /**
     * The delay before the next try after $attempts failed ones.
     *
     * @param int $attempts failed tries so far, at least 1
     * @return int seconds
     */
    public static function retry_delay(int $attempts): int {
        return min(self::FIRST_RETRY_DELAY * 2 ** max(0, $attempts - 1), self::MAX_RETRY_DELAY);
    }

    /**
     * Which attempt this run is, from the fail delay Moodle doubles after every
     * failure: only for tasks queued before attempts were recorded.
     *
     * @param int $faildelay the task's current fail delay in seconds
     * @return int 1 for the first run
     */
    public static function attempt_number(int $faildelay): int {
        if ($faildelay <= 0) {
            return 1;
        }
        return (int) round(log(max($faildelay, self::FIRST_RETRY_DELAY) / self::FIRST_RETRY_DELAY, 2)) + 2;
    }

    /**
     * Dispatches the event, or queues what comes next for it.
     *
     * @return void
     */
    public function execute() {
        $data = json_decode($this->get_custom_data_as_string(), true);
        if (!extension::ready()) {
            extension_absence::record();
            self::queue($data, self::FIRST_RETRY_DELAY);
            mtrace('The mih extension is not loaded in this PHP: the event is queued again, no attempt counted.');
            return;
        }
        rule_events::refresh();
        if ($data['ruleid'] === null) {
            foreach (bridge::matching($data['eventdata']['eventname'] ?? '') as $ruleid) {
                self::queue(['ruleid' => (int) $ruleid, 'eventdata' => $data['eventdata'], 'attempts' => 0]);
            }
            return;
        }
        // Tasks queued before attempts were recorded: the count the old code derived, once.
        $data['attempts'] = $data['attempts'] ?? self::attempt_number((int) $this->get_fail_delay()) - 1;
        $this->deliver($data);
    }

    /**
     * One real delivery try.
     *
     * @param array $data the custom data, with `attempts`
     * @return void
     */
    private function deliver(array $data): void {
        $ruleid = (int) $data['ruleid'];
        $eventdata = $data['eventdata'];
        $attempts = $data['attempts'] + 1;
        try {
            $response = bridge::dispatch($ruleid, $eventdata);
            if ($response->success) {
                return;
            }
            $error = $response->error;
        } catch (mih_exception $e) {
            if (in_array($e->errorcode, self::FINAL_ERRORS, true)) {
                self::dead_letter($data, [
                    'eventname' => $eventdata['eventname'] ?? '',
                    'ruleid' => $ruleid,
                    'payload' => $eventdata,
                    'error' => $e->getMessage(),
                    'attempts' => $attempts,
                ]);
                return;
            }
            $error = "{$e->errorcode}: {$e->getMessage()}"; // An open circuit, a disabled service, a bug of ours.
        } catch (\Throwable $e) {
            $error = get_class($e) . ': ' . $e->getMessage();
        }
        if ($attempts < self::MAX_ATTEMPTS) {
            self::queue(['attempts' => $attempts, 'error' => $error] + $data, self::retry_delay($attempts));
            mtrace("Delivery failed (attempt $attempts of " . self::MAX_ATTEMPTS . "), queued again: $error");
            return;
        }
        try {
            $entry = bridge::render($ruleid, $eventdata);
        } catch (mih_exception $e) {
            $entry = ['eventname' => $eventdata['eventname'] ?? '', 'ruleid' => $ruleid, 'payload' => $eventdata];
        }
        self::dead_letter(['attempts' => $attempts, 'error' => $error] + $data,
            $entry + ['error' => $error, 'attempts' => $attempts]);
    }

    /**
     * Puts an undeliverable event in the Dead Letter Queue. When the queue
     * refuses it (the store unreachable, an entry over its bounds), the event
     * is queued again with the reason: never dropped.
     *
     * @param array $data the task's custom data, to queue again
     * @param array $entry the DLQ entry's fields
     * @return void
     */
    private static function dead_letter(array $data, array $entry): void {
        try {
            dlq::push($entry);
        } catch (mih_exception $e) {
            $error = "the Dead Letter Queue refused it ({$e->errorcode}: {$e->getMessage()}); delivery failed with: {$entry['error']}";
            self::queue(['attempts' => $entry['attempts'], 'error' => $error] + $data, self::retry_delay($entry['attempts']));
            mtrace("Event queued again: $error");
        }
    }
}
