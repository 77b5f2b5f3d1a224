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
 * swaps that plugin for this one: services (tokens included), rules, Dead
 * Letter Queue entries (with their time, and their rule's route when one
 * rule of their event and service exists) and the newest log rows (with
 * their times and direction). A service name that is not a slug gets one;
 * the old name stays its alias, so mih::request() still finds it.
 *
 * Nothing is lost and running it again is safe: services are matched by
 * name, and each rule and queued event is deleted from the old table once
 * it is in the store. When something cannot be imported the upgrade stops
 * with the list; the admin mends those rows and runs the upgrade again. The
 * old tables are dropped when all went in (the older plugin's breaker table
 * holds state the new breakers rebuild).
 *
 * @package    local_integrationhub
 * @copyright  2026 MIH developers
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class legacy_import {
    /** Old log rows handed to the extension per call. */
    private const LOG_CHUNK = 1000;

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
                $fields = self::service_fields($old);
                $serviceids[$old->id] = services::save($fields);
                if ($fields['name'] !== $old->name) {
                    mtrace(get_string('importrenamed', 'local_integrationhub',
                        (object) ['old' => $old->name, 'new' => $fields['name']]));
                }
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
            $rules = rules::all();
            foreach ($DB->get_records('local_integrationhub_dlq', null, 'id') as $old) {
                try {
                    dlq::push(self::dlq_fields($old, $serviceids[$old->serviceid] ?? null, $rules));
                    $DB->delete_records('local_integrationhub_dlq', ['id' => $old->id]);
                } catch (mih_exception $e) {
                    $problems[] = "queued event {$old->id}: " . $e->getMessage();
                }
            }
        }
        if ($problems) {
            throw new \moodle_exception('importproblems', 'local_integrationhub', '', implode("\n", $problems));
        }
        if ($dbman->table_exists('local_integrationhub_log')) {
            self::import_log($serviceids);
        }
        foreach (self::TABLES as $name) {
            $table = new \xmldb_table($name);
            if ($dbman->table_exists($table)) {
                $dbman->drop_table($table);
            }
        }
    }

    /**
     * dlq::push() fields of an old queued event. The older plugin replayed
     * an entry through the rule of its event and service: the entry takes
     * that rule's route when exactly one such rule exists, and says so when
     * none or several do (a replay then goes to the service's base URL).
     *
     * @param \stdClass $old the row
     * @param int|null $serviceid its service in the store
     * @param array $rules the rules in the store
     * @return array fields
     */
    private static function dlq_fields(\stdClass $old, ?int $serviceid, array $rules): array {
        $eventname = '\\' . ltrim((string) $old->eventname, '\\');
        $payload = (string) $old->payload === '' ? '{}' : $old->payload;
        $fields = [
            'eventname' => $old->eventname,
            'serviceid' => $serviceid,
            'payload' => $payload,
            'error' => (string) $old->error_message,
            'attempts' => 5,
            'timecreated' => (int) $old->timecreated,
        ];
        $routes = array_values(array_filter($rules,
            fn($rule) => $rule['serviceid'] === $serviceid && $rule['eventname'] === $eventname));
        if (count($routes) !== 1) {
            $fields['error'] = get_string('importnoroute', 'local_integrationhub',
                (object) ['count' => count($routes), 'error' => $fields['error']]);
            return $fields;
        }
        $rule = $routes[0];
        $fields['ruleid'] = $rule['id'];
        $fields['http_method'] = $rule['http_method'];
        try {
            // The older plugin filled the endpoint's placeholders from the stored payload.
            $fields['endpoint'] = bridge::render($rule['id'], json_decode($payload, true) ?: [])['endpoint'];
        } catch (mih_exception $e) {
            // The endpoint as written, placeholders and all: the admin sees it on the Queue page.
            $fields['endpoint'] = $rule['endpoint'];
        }
        return $fields;
    }

    /**
     * Moves the newest log rows (as many as the log keeps), oldest first,
     * with their times and direction; each chunk leaves the old table once
     * it is in the store, so running the upgrade again adds none twice.
     *
     * @param array $serviceids store ids by old service id
     * @return void
     */
    private static function import_log(array $serviceids): void {
        global $DB;
        $keep = (int) (get_config('local_integrationhub', 'max_log_entries') ?: 500);
        $newest = $DB->get_records('local_integrationhub_log', null, 'id DESC', '*', 0, $keep);
        $rows = [];
        foreach (array_reverse($newest) as $old) {
            if (!isset($serviceids[$old->serviceid])) {
                continue; // Its service was deleted in the older plugin: nothing to show it under.
            }
            $rows[$old->id] = [
                'serviceid' => $serviceids[$old->serviceid],
                'timecreated' => (int) $old->timecreated,
                'endpoint' => (string) $old->endpoint,
                'http_method' => (string) $old->http_method,
                'httpstatus' => $old->http_status === null ? null : (int) $old->http_status,
                'latencyms' => (float) $old->latency_ms,
                'attempts' => (int) $old->attempt_count,
                'success' => (bool) $old->success,
                'error' => $old->error_message,
                'direction' => ($old->direction ?? '') === 'inbound' ? 'inbound' : 'outbound',
            ];
        }
        foreach (array_chunk($rows, self::LOG_CHUNK, true) as $chunk) {
            request_log::import(array_values($chunk));
            $DB->delete_records_list('local_integrationhub_log', 'id', array_keys($chunk));
        }
        mtrace(get_string('importlog', 'local_integrationhub', count($rows)));
    }

    /**
     * services::save() fields of an old service row.
     *
     * @param \stdClass $old the row
     * @return array fields
     */
    private static function service_fields(\stdClass $old): array {
        $token = self::plain_token((string) $old->auth_token);
        $name = self::slug((string) $old->name);
        $fields = [
            'name' => $name,
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
        if ($name !== $old->name) {
            $fields['alias'] = $old->name;
        }
        if (($old->type ?? 'rest') === 'amqp') {
            $fields['response_queue'] = trim((string) ($old->response_queue ?? ''));
        }
        // Importing twice (an upgrade run again) updates instead of failing on the name.
        $existing = services::get($name);
        if ($existing) {
            $fields['id'] = $existing['id'];
        }
        return $fields;
    }

    /**
     * A name the store takes: the name itself when it is a slug, else a slug
     * made from it ("My Old Service" becomes "my-old-service"), with a
     * number added when another service holds that slug already.
     *
     * @param string $name the older plugin's name
     * @return string
     */
    private static function slug(string $name): string {
        if (preg_match('/^[a-z0-9][a-z0-9_-]{0,63}$/', $name)) {
            return $name;
        }
        $slug = trim(preg_replace('/[^a-z0-9_-]+/', '-', \core_text::strtolower(
            \core_text::specialtoascii($name))), '-_');
        $slug = substr($slug === '' ? 'service' : $slug, 0, 60);
        $candidate = $slug;
        for ($n = 2; ($taken = services::get($candidate)) && ($taken['alias'] ?? '') !== $name; $n++) {
            $candidate = "$slug-$n";
        }
        return $candidate;
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
