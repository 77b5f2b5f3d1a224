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
 * Moves the older PHP plugin's data into the extension's store when a site
 * swaps that plugin for this one: services (tokens included), rules and
 * Dead Letter Queue entries.
 *
 * Nothing is lost and running it again is safe: services are matched by
 * name, and each rule and queued event is deleted from the old table once
 * it is in the store. When something cannot be imported the upgrade stops
 * with the list; the admin mends those rows and runs the upgrade again. The
 * old tables are dropped when all went in (the older plugin's log and
 * breaker tables hold history only).
 *
 * @package    local_integrationhub
 * @copyright  2026 MIH developers
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class legacy_import {
    /** The older plugin's tables, the ones holding configuration first. */
    private const TABLES = ['local_integrationhub_svc', 'local_integrationhub_rules', 'local_integrationhub_dlq',
        'local_integrationhub_log', 'local_integrationhub_cb'];

    /**
     * Whether the older plugin's tables are there.
     *
     * @return bool
     */
    public static function needed(): bool {
        global $DB;
        return $DB->get_manager()->table_exists('local_integrationhub_svc');
    }

    /**
     * Imports and, when all went in, drops the old tables.
     *
     * @return void
     * @throws \moodle_exception when the extension is not loaded, or with
     *     what could not be imported
     */
    public static function run(): void {
        global $DB;
        if (!extension::ready()) {
            throw new \moodle_exception('importneedsextension', 'local_integrationhub');
        }
        $problems = [];
        $serviceids = [];
        foreach ($DB->get_records('local_integrationhub_svc', null, 'id') as $old) {
            try {
                $serviceids[$old->id] = services::save(self::service_fields($old));
            } catch (mih_exception $e) {
                $problems[] = "service '{$old->name}': " . $e->getMessage();
            }
        }
        $dbman = $DB->get_manager();
        if ($dbman->table_exists('local_integrationhub_rules')) {
            foreach ($DB->get_records('local_integrationhub_rules', null, 'id') as $old) {
                if (!isset($serviceids[$old->serviceid])) {
                    $problems[] = "rule {$old->id} ({$old->eventname}): its service {$old->serviceid} was not imported";
                    continue;
                }
                try {
                    rules::save([
                        'eventname' => $old->eventname,
                        'serviceid' => $serviceids[$old->serviceid],
                        'endpoint' => (string) $old->endpoint,
                        'http_method' => strtoupper($old->http_method ?? 'POST'),
                        'payload_template' => (string) $old->payload_template,
                        'enabled' => (bool) $old->enabled,
                    ]);
                    $DB->delete_records('local_integrationhub_rules', ['id' => $old->id]);
                } catch (mih_exception $e) {
                    $problems[] = "rule {$old->id} ({$old->eventname}): " . $e->getMessage();
                }
            }
        }
        rule_events::refresh();
        if ($dbman->table_exists('local_integrationhub_dlq')) {
            foreach ($DB->get_records('local_integrationhub_dlq', null, 'id') as $old) {
                try {
                    dlq::push([
                        'eventname' => $old->eventname,
                        'serviceid' => $serviceids[$old->serviceid] ?? null,
                        'payload' => (string) $old->payload === '' ? '{}' : $old->payload,
                        'error' => (string) $old->error_message,
                        'attempts' => 5,
                    ]);
                    $DB->delete_records('local_integrationhub_dlq', ['id' => $old->id]);
                } catch (mih_exception $e) {
                    $problems[] = "queued event {$old->id}: " . $e->getMessage();
                }
            }
        }
        if ($problems) {
            throw new \moodle_exception('importproblems', 'local_integrationhub', '', implode("\n", $problems));
        }
        foreach (self::TABLES as $name) {
            $table = new \xmldb_table($name);
            if ($dbman->table_exists($table)) {
                $dbman->drop_table($table);
            }
        }
    }

    /**
     * services::save() fields of an old service row.
     *
     * @param \stdClass $old the row
     * @return array fields
     */
    private static function service_fields(\stdClass $old): array {
        $token = self::plain_token((string) $old->auth_token);
        $fields = [
            'name' => $old->name,
            'type' => $old->type ?? 'rest',
            'base_url' => $old->base_url,
            // The older plugin defaulted to bearer even without a token.
            'auth_type' => $token === '' ? 'none' : $old->auth_type,
            'auth_token' => $token,
            'timeout' => (int) $old->timeout,
            'max_retries' => (int) $old->max_retries,
            'retry_backoff' => (int) $old->retry_backoff,
            'cb_failure_threshold' => (int) $old->cb_failure_threshold,
            'cb_cooldown' => (int) $old->cb_cooldown,
            'enabled' => (bool) $old->enabled,
        ];
        // Importing twice (an upgrade run again) updates instead of failing on the name.
        $existing = services::get($old->name);
        if ($existing) {
            $fields['id'] = $existing['id'];
        }
        return $fields;
    }

    /**
     * A token as the older plugin stored it: encrypted with Moodle's
     * \core\encryption in some versions, plain in others.
     *
     * @param string $stored the stored value
     * @return string the token
     */
    private static function plain_token(string $stored): string {
        if ($stored === '' || !class_exists(\core\encryption::class)) {
            return $stored;
        }
        try {
            return \core\encryption::decrypt($stored);
        } catch (\Throwable $e) {
            return $stored; // Not encrypted.
        }
    }
}
