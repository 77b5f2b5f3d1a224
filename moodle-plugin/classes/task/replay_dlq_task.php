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
 * Replays one Dead Letter Queue entry: sends its stored payload as it is.
 *
 * Success removes the entry; a failure keeps it with the new error and one
 * more attempt, shown on the Queue page, so the task itself ends either way.
 *
 * @package    local_integrationhub
 * @copyright  2026 MIH developers
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class replay_dlq_task extends \core\task\adhoc_task {
    /**
     * Replays the entry.
     *
     * @return void
     */
    public function execute() {
        if (!extension::ready()) {
            throw new \moodle_exception('extensionmissing', 'local_integrationhub');
        }
        $id = (int) $this->get_custom_data()->id;
        if (dlq::get($id) === null) {
            return; // Deleted meanwhile.
        }
        $response = dlq::replay($id);
        mtrace($response->success ? "Replayed queued event $id." : "Replay of queued event $id failed: {$response->error}");
    }
}
