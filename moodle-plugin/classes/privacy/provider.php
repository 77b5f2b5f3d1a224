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

namespace local_integrationhub\privacy;

use core_privacy\local\metadata\collection;
use core_privacy\local\request\approved_contextlist;
use core_privacy\local\request\approved_userlist;
use core_privacy\local\request\contextlist;
use core_privacy\local\request\userlist;
use core_privacy\local\request\writer;
use local_integrationhub\dlq;
use local_integrationhub\extension;

/**
 * Privacy API: what Integration Hub sends out and keeps.
 *
 * Event data goes to the external services the admins register. The store
 * (in dataroot) keeps the request log (service, endpoint, outcome; no
 * payloads) and the Dead Letter Queue, whose payloads may hold personal
 * data. A DLQ entry is about a user when its payload has that user's id in
 * a `userid`, `relateduserid` or `user_id` field, or holds their email.
 *
 * @package    local_integrationhub
 * @copyright  2026 MIH developers
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class provider implements
    \core_privacy\local\metadata\provider,
    \core_privacy\local\request\core_userlist_provider,
    \core_privacy\local\request\plugin\provider {

    /** Payload fields that name the user an event is about. */
    private const USER_FIELDS = ['userid', 'relateduserid', 'user_id'];

    /** DLQ entries read per store query while searching. */
    private const BATCH = 500;

    /**
     * Describes the data.
     *
     * @param collection $collection the collection to add to
     * @return collection
     */
    public static function get_metadata(collection $collection): collection {
        $collection->add_external_location_link('externalservices', [
            'eventdata' => 'privacy:metadata:externalservices:eventdata',
        ], 'privacy:metadata:externalservices');
        $collection->add_external_location_link('store', [
            'dlqpayload' => 'privacy:metadata:store:dlqpayload',
            'outbox' => 'privacy:metadata:store:outbox',
            'requestlog' => 'privacy:metadata:store:requestlog',
        ], 'privacy:metadata:store');
        return $collection;
    }

    /**
     * The system context when the queue holds entries about the user.
     *
     * @param int $userid the user
     * @return contextlist
     */
    public static function get_contexts_for_userid(int $userid): contextlist {
        $contextlist = new contextlist();
        if (self::entries_about(\core_user::get_user($userid))) {
            $contextlist->add_system_context();
        }
        return $contextlist;
    }

    /**
     * Users with DLQ entries about them. The store is outside Moodle's
     * database, so this reads each entry once.
     *
     * @param userlist $userlist the list to fill
     * @return void
     */
    public static function get_users_in_context(userlist $userlist): void {
        if (!$userlist->get_context() instanceof \context_system || !extension::ready()) {
            return;
        }
        $ids = [];
        self::each_entry(function (array $entry) use (&$ids) {
            foreach (self::payload_user_ids($entry) as $id) {
                $ids[$id] = true;
            }
        });
        $userlist->add_users(array_keys($ids));
    }

    /**
     * Exports a user's DLQ entries.
     *
     * @param approved_contextlist $contextlist the approved contexts
     * @return void
     */
    public static function export_user_data(approved_contextlist $contextlist): void {
        $entries = self::entries_about($contextlist->get_user());
        if ($entries) {
            writer::with_context(\context_system::instance())->export_data(
                [get_string('pluginname', 'local_integrationhub'), get_string('tab_queue', 'local_integrationhub')],
                (object) ['entries' => $entries]);
        }
    }

    /**
     * Deletes every DLQ entry.
     *
     * @param \context $context the context
     * @return void
     */
    public static function delete_data_for_all_users_in_context(\context $context): void {
        if ($context instanceof \context_system && extension::ready()) {
            self::each_entry(fn(array $entry) => dlq::delete($entry['id']));
        }
    }

    /**
     * Deletes a user's DLQ entries.
     *
     * @param approved_contextlist $contextlist the approved contexts
     * @return void
     */
    public static function delete_data_for_user(approved_contextlist $contextlist): void {
        foreach (self::entries_about($contextlist->get_user()) as $entry) {
            dlq::delete($entry['id']);
        }
    }

    /**
     * Deletes the DLQ entries of several users.
     *
     * @param approved_userlist $userlist the approved users
     * @return void
     */
    public static function delete_data_for_users(approved_userlist $userlist): void {
        foreach ($userlist->get_users() as $user) {
            foreach (self::entries_about($user) as $entry) {
                dlq::delete($entry['id']);
            }
        }
    }

    /**
     * The DLQ entries about a user.
     *
     * @param \stdClass|false $user the user record
     * @return array entries
     */
    private static function entries_about($user): array {
        if (!$user || !extension::ready()) {
            return [];
        }
        $found = [];
        self::each_entry(function (array $listed) use ($user, &$found) {
            // The listing has a preview only: read each payload whole, one at a time.
            $entry = dlq::get($listed['id']);
            if ($entry && (in_array((int) $user->id, self::payload_user_ids($entry), true)
                    || (!empty($user->email) && stripos($entry['payload'], $user->email) !== false))) {
                $found[] = $entry;
            }
        });
        return $found;
    }

    /**
     * Calls $visit for every DLQ entry as dlq::all() lists it (a payload
     * preview, not the payload), reading them in batches first so a visit
     * may delete.
     *
     * @param callable $visit called with each listed entry
     * @return void
     */
    private static function each_entry(callable $visit): void {
        $entries = [];
        for ($offset = 0; $batch = dlq::all(self::BATCH, $offset); $offset += self::BATCH) {
            array_push($entries, ...$batch);
        }
        array_map($visit, $entries);
    }

    /**
     * User ids named in an entry's payload, at any depth.
     *
     * @param array $entry a DLQ entry
     * @return int[]
     */
    private static function payload_user_ids(array $entry): array {
        $ids = [];
        $payload = json_decode($entry['payload'], true);
        if (is_array($payload)) {
            array_walk_recursive($payload, function ($value, $key) use (&$ids) {
                if (in_array($key, self::USER_FIELDS, true) && is_numeric($value) && (int) $value > 0) {
                    $ids[] = (int) $value;
                }
            });
        }
        return $ids;
    }
}
