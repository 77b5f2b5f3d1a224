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
use local_integrationhub\mih_exception;
use local_integrationhub\rule_events;
use local_integrationhub\task\dispatch_event_task;

/**
 * Routes committed Moodle events to the Event Bridge.
 *
 * Every event of the site passes here, so the common case — no rule for the
 * event — is one call into the extension, answered from its in-process index
 * without a database query. A matching event is appended to the outbox in
 * the extension's store, one row per rule, which the delivery task drains.
 * A PHP process without the extension, or whose store refuses the event,
 * still hands off the events of the enabled rules' names (kept in the
 * plugin's config) as an adhoc task, matched where the extension is loaded.
 *
 * @package    local_integrationhub
 * @copyright  2026 MIH developers
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class observer {
    /** The event fields Moodle defines as integers. */
    private const INTEGER_FIELDS = ['objectid', 'contextid', 'contextlevel', 'contextinstanceid', 'userid', 'courseid',
        'relateduserid', 'anonymous', 'edulevel', 'timecreated'];

    /** @var array<string, bool> events handled in this request, so a second firing adds nothing */
    private static array $seen = [];

    /**
     * Appends the event to the outbox for every active rule it matches, or
     * hands it off to be matched later.
     *
     * @param \core\event\base $event the committed event
     * @return void
     */
    public static function handle_event(\core\event\base $event): void {
        $ready = extension::ready();
        $error = '';
        if (!$ready) {
            extension_absence::record();
        }
        try {
            if ($ready && !bridge::matching($event->eventname)) {
                return;
            }
        } catch (mih_exception $e) {
            // The store is out of reach: match by the names in the config.
            [$ready, $error] = [false, "{$e->errorcode}: {$e->getMessage()}"];
        }
        if (!$ready && !rule_events::includes($event->eventname)) {
            return;
        }
        $eventdata = self::event_data($event);
        $fingerprint = sha1(json_encode($eventdata));
        if (isset(self::$seen[$fingerprint])) {
            return;
        }
        self::$seen[$fingerprint] = true;
        if ($ready) {
            try {
                bridge::enqueue($eventdata);
                return;
            } catch (mih_exception $e) {
                $error = "{$e->errorcode}: {$e->getMessage()}";
            }
        }
        dispatch_event_task::queue(['ruleid' => null, 'eventdata' => $eventdata, 'attempts' => 0, 'error' => $error]);
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
        // Moodle declares these fields integers but often hands over ids read
        // from the database as strings: a template's {{userid}} is a number,
        // as the older plugin sent it.
        foreach (self::INTEGER_FIELDS as $field) {
            if (isset($data[$field]) && is_string($data[$field]) && preg_match('/^\d+$/', $data[$field])) {
                $data[$field] = (int) $data[$field];
            }
        }
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
