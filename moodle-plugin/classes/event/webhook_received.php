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

namespace local_integrationhub\event;

/**
 * A service sent data to this site: an inbound webhook, or a message on an
 * AMQP service's response queue. Other plugins observe it to act on the data.
 *
 * `other` holds `serviceid`, `servicename`, `source` ('webhook' or 'amqp')
 * and `payload` (the decoded JSON), as MIH 2.0's event did, so observers
 * written for it keep working.
 *
 * @package    local_integrationhub
 * @copyright  2026 MIH developers
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class webhook_received extends \core\event\base {
    /**
     * Sets the event's fixed properties.
     *
     * @return void
     */
    protected function init() {
        $this->data['crud'] = 'r';
        $this->data['edulevel'] = self::LEVEL_OTHER;
    }

    /**
     * The event's name in the logs.
     *
     * @return string
     */
    public static function get_name() {
        return get_string('webhook_received', 'local_integrationhub');
    }

    /**
     * What happened, for the logs.
     *
     * @return string
     */
    public function get_description() {
        $source = $this->other['source'] ?? 'webhook';
        $service = $this->other['servicename'] ?? '';
        return "The service '{$service}' (id {$this->other['serviceid']}) sent data by {$source}.";
    }

    /**
     * Checks that the service is named.
     *
     * @return void
     * @throws \coding_exception when `other` lacks `serviceid`
     */
    protected function validate_data() {
        parent::validate_data();
        if (!isset($this->other['serviceid'])) {
            throw new \coding_exception('The \'serviceid\' value must be set in other.');
        }
    }
}
