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
use local_integrationhub\extension;
use local_integrationhub\extension_absence;

/**
 * Delivers the events waiting in the outbox: one run sends them concurrently
 * over the kept connections, in order per rule, at most the configured number
 * at once per service, for up to 50 seconds. Failed tries are scheduled, never
 * slept on; the fifth goes to the Dead Letter Queue. One run at a time across
 * the site's nodes (a lease in the store).
 *
 * @package    local_integrationhub
 * @copyright  2026 MIH developers
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class deliver_events_task extends \core\task\scheduled_task {
    /** Seconds one run starts new passes for: it ends before the next minute's run. */
    private const SECONDS = 50;

    /** Calls in flight per service when the setting is not set. */
    private const DEFAULT_CONCURRENCY = 4;

    /**
     * The task's name on the scheduled tasks page.
     *
     * @return string
     */
    public function get_name() {
        return get_string('task_deliver_events', 'local_integrationhub');
    }

    /**
     * Drains the outbox.
     *
     * @return void
     */
    public function execute() {
        if (!extension::ready()) {
            extension_absence::record();
            mtrace('The mih extension is not loaded in this PHP: events wait in the outbox.');
            return;
        }
        $concurrency = (int) get_config('local_integrationhub', 'deliveryconcurrency') ?: self::DEFAULT_CONCURRENCY;
        $report = bridge::drain(['seconds' => self::SECONDS, 'concurrency' => max(1, min(64, $concurrency))]);
        if ($report['busy']) {
            mtrace('Another delivery run holds the outbox; this one sent nothing.');
            return;
        }
        mtrace("Delivered {$report['delivered']}, to retry {$report['retried']}, to the Dead Letter Queue " .
            "{$report['dead']}; waiting {$report['waiting']}.");
    }
}
