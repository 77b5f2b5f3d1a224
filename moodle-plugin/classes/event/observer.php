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

use local_integrationhub\bridge;
use local_integrationhub\extension;
use local_integrationhub\extension_absence;
use local_integrationhub\rule_events;
use local_integrationhub\task\dispatch_event_task;

/**
 * Routes committed Moodle events to the Event Bridge.
 *
 * Every event of the site passes here, so the common case — no rule for the
 * event — is one call into the extension, answered from its in-process index
 * without a database query. A PHP process without the extension still hands
 * off the events of the enabled rules' names (kept in the plugin's config):
 * one task per event, matched where the extension is loaded.
 *
 * @package    local_integrationhub
 * @copyright  2026 MIH developers
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class observer {
    /** @var array<string, bool> events queued in this request, so a second firing queues nothing */
    private static array $queued = [];

    /**
     * Queues one adhoc task per active rule that matches the event; without
     * the extension, one task to match it later.
     *
     * @param \core\event\base $event the committed event
     * @return void
     */
    public static function handle_event(\core\event\base $event): void {
        if (extension::ready()) {
            $ruleids = array_map('intval', bridge::matching($event->eventname) ?: []);
        } else {
            extension_absence::record();
            $ruleids = rule_events::includes($event->eventname) ? [null] : [];
        }
        if (!$ruleids) {
            return;
        }
        $eventdata = self::event_data($event);
        $fingerprint = sha1(json_encode($eventdata));
        foreach ($ruleids as $ruleid) {
            $key = $ruleid . ':' . $fingerprint;
            if (isset(self::$queued[$key])) {
                continue;
            }
            self::$queued[$key] = true;
            dispatch_event_task::queue(['ruleid' => $ruleid, 'eventdata' => $eventdata, 'attempts' => 0]);
        }
    }

    /**
     * The event's data for templates: its standard fields, plus the full name
     * and email of the user it is about (the related user, else the actor).
     *
     * @param \core\event\base $event the event
     * @return array event data
     */
    public static function event_data(\core\event\base $event): array {
        $data = $event->get_data();
        $data['other'] = $data['other'] ?? [];
        $userid = (int) ($data['relateduserid'] ?: $data['userid']);
        if ($userid > 0) {
            $user = \core_user::get_user($userid);
            if ($user && empty($user->deleted)) {
                $data['fullname'] = fullname($user);
                $data['email'] = $user->email;
            }
        }
        return $data;
    }
}
