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

use local_integrationhub\dlq;
use local_integrationhub\extension;

/**
 * Replays Dead Letter Queue entries: sends their stored payloads as they are.
 *
 * Custom data `id` replays that entry (tasks queued so far); `filters`
 * replays every entry they match when the task runs, oldest first (the
 * Queue page's "Replay all matching"). Success removes an entry; a failure
 * keeps it with the new error and one more attempt, shown on the Queue page,
 * so the task itself ends either way.
 *
 * @package    local_integrationhub
 * @copyright  2026 MIH developers
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class replay_dlq_task extends \core\task\adhoc_task {
    /**
     * Replays the entry, or the entries the filters match.
     *
     * @return void
     */
    public function execute() {
        if (!extension::ready()) {
            throw new \moodle_exception('extensionmissing', 'local_integrationhub');
        }
        $data = $this->get_custom_data();
        if (isset($data->filters)) {
            // No limit: each matching entry is tried once (the run pages forward by id), so the run ends.
            $counts = dlq::replay_matching((array) $data->filters, PHP_INT_MAX);
            mtrace("Replayed {$counts['replayed']} queued event(s) matching " . json_encode($data->filters)
                . "; {$counts['failed']} failed again and stay in the queue.");
            return;
        }
        $id = (int) $data->id;
        if (dlq::get($id) === null) {
            return; // Deleted meanwhile.
        }
        $response = dlq::replay($id);
        mtrace($response->success ? "Replayed queued event $id." : "Replay of queued event $id failed: {$response->error}");
    }
}
