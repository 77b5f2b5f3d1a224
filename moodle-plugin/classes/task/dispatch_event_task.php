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
 * Hands an event to the outbox where the extension is loaded.
 *
 * The observer queues this task when it cannot append the event itself: in
 * a PHP without the extension, or when the store refused the event; tasks
 * queued by earlier versions (one per rule, with the tries made so far)
 * come here too. The task never fails in Moodle's eyes: Moodle stops running
 * an adhoc task after a number of failed runs, which would lose the event.
 * - run in a PHP without the extension: the same data again in a minute;
 * - `ruleid` null: appended for every rule it matches now;
 * - `ruleid` set: appended for that rule, with the tries it carries;
 * - the store refusing it: queued again in a minute, saying why;
 * - an event no outbox can hold: the Dead Letter Queue, or if that refuses
 *   it too, queued again, saying why.
 * Delivery itself (tries, order, the Dead Letter Queue) is the delivery
 * task's.
 *
 * @package    local_integrationhub
 * @copyright  2026 MIH developers
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class dispatch_event_task extends \core\task\adhoc_task {
    /** Seconds before a hand-off that could not be made is tried again. */
    private const RETRY_DELAY = 60;

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
        return (int) round(log(max($faildelay, self::RETRY_DELAY) / self::RETRY_DELAY, 2)) + 2;
    }

    /**
     * Appends the event to the outbox, or queues the hand-off again.
     *
     * @return void
     */
    public function execute() {
        $data = json_decode($this->get_custom_data_as_string(), true);
        if (!extension::ready()) {
            extension_absence::record();
            self::queue($data, self::RETRY_DELAY);
            mtrace('The mih extension is not loaded in this PHP: the event is queued again.');
            return;
        }
        $ruleid = $data['ruleid'] === null ? null : (int) $data['ruleid'];
        // Tasks queued before attempts were recorded: the count the old code derived, once.
        $attempts = $ruleid === null ? 0 : ($data['attempts'] ?? self::attempt_number((int) $this->get_fail_delay()) - 1);
        try {
            rule_events::refresh();
            $added = bridge::enqueue($data['eventdata'], $ruleid, (int) $attempts, (string) ($data['error'] ?? ''));
            mtrace("Event handed to the outbox: $added delivery(ies).");
        } catch (mih_exception $e) {
            $error = "{$e->errorcode}: {$e->getMessage()}";
            if ($e->errorcode === 'invalid_argument') {
                self::dead_letter($data, $ruleid, (int) $attempts, $error);
                return;
            }
            self::queue(['error' => $error] + $data, self::RETRY_DELAY);
            mtrace("The outbox refused the event, queued again: $error");
        }
    }

    /**
     * Puts an event no outbox can hold in the Dead Letter Queue. When the
     * queue refuses it too, the event is queued again with the reason:
     * never dropped.
     *
     * @param array $data the task's custom data, to queue again
     * @param int|null $ruleid its rule, if known
     * @param int $attempts tries made so far
     * @param string $error why the outbox refused it
     * @return void
     */
    private static function dead_letter(array $data, ?int $ruleid, int $attempts, string $error): void {
        try {
            dlq::push(['eventname' => $data['eventdata']['eventname'] ?? '', 'ruleid' => $ruleid,
                'payload' => $data['eventdata'], 'error' => $error, 'attempts' => $attempts]);
        } catch (mih_exception $e) {
            $error = "the Dead Letter Queue refused it ({$e->errorcode}: {$e->getMessage()}); the outbox refused it with: $error";
            self::queue(['error' => $error] + $data, self::RETRY_DELAY);
            mtrace("Event queued again: $error");
        }
    }
}
