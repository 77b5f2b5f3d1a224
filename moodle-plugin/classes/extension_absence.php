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

namespace local_integrationhub;

/**
 * When and where a PHP process last ran without the mih extension, for the
 * dashboard: events from such a process wait until one with the extension runs.
 *
 * @package    local_integrationhub
 * @copyright  2026 MIH developers
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class extension_absence {
    /** Seconds between two records: a busy node without the extension writes once a minute, not per event. */
    private const RECORD_INTERVAL = 60;

    /**
     * Records that this PHP process lacks the extension.
     *
     * @return void
     */
    public static function record(): void {
        $now = time();
        if ($now - (int) get_config('local_integrationhub', 'extensionmissingtime') < self::RECORD_INTERVAL) {
            return;
        }
        set_config('extensionmissingtime', $now, 'local_integrationhub');
        set_config('extensionmissinghost', (string) gethostname(), 'local_integrationhub');
    }

    /**
     * The last record.
     *
     * @return array|null ['time' => unix time, 'host' => host name], or null when none was recorded
     */
    public static function last(): ?array {
        $time = (int) get_config('local_integrationhub', 'extensionmissingtime');
        if ($time === 0) {
            return null;
        }
        return ['time' => $time, 'host' => (string) get_config('local_integrationhub', 'extensionmissinghost')];
    }
}
