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
 * The event names of the enabled rules, kept in the plugin's config so that a
 * PHP process without the mih extension still knows which events to hand off.
 *
 * @package    local_integrationhub
 * @copyright  2026 MIH developers
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class rule_events {
    /**
     * Stores the event names of the enabled rules; call it where the
     * extension is loaded, after rules change.
     *
     * @return void
     */
    public static function refresh(): void {
        $names = [];
        foreach (rules::all() as $rule) {
            if ($rule['enabled']) {
                $names[self::canonical($rule['eventname'])] = true;
            }
        }
        $names = array_keys($names);
        sort($names);
        $stored = json_encode($names);
        // Written only when it changed: every dispatch task run refreshes it.
        if (get_config('local_integrationhub', 'ruleevents') !== $stored) {
            set_config('ruleevents', $stored, 'local_integrationhub');
        }
    }

    /**
     * Whether an enabled rule was on this event when the names were last stored.
     *
     * @param string $eventname the event's class name
     * @return bool
     */
    public static function includes(string $eventname): bool {
        $names = json_decode((string) get_config('local_integrationhub', 'ruleevents'), true);
        return is_array($names) && in_array(self::canonical($eventname), $names, true);
    }

    /**
     * The event name without its leading backslash, as rules may be written either way.
     *
     * @param string $eventname
     * @return string
     */
    private static function canonical(string $eventname): string {
        return ltrim($eventname, '\\');
    }
}
