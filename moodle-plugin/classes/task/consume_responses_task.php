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

use local_integrationhub\event\webhook_received;
use local_integrationhub\extension;
use local_integrationhub\mih_exception;
use local_integrationhub\responses;
use local_integrationhub\services;

/**
 * Reads the response queue of every enabled AMQP service that has one, as
 * MIH 2.0 did: up to 50 messages per service and run, each JSON message
 * fired as a webhook_received event (source 'amqp') and then acknowledged.
 * When an event cannot be fired, that message and the ones after it go
 * back to the queue and the service waits for the next run.
 *
 * @package    local_integrationhub
 * @copyright  2026 MIH developers
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class consume_responses_task extends \core\task\scheduled_task {
    /** Messages taken per service and run. */
    private const BATCH = 50;

    /**
     * The task's name on the scheduled tasks page.
     *
     * @return string
     */
    public function get_name() {
        return get_string('task_consume_responses', 'local_integrationhub');
    }

    /**
     * Reads the response queues.
     *
     * @return void
     */
    public function execute() {
        if (!extension::ready()) {
            mtrace('The mih extension is not loaded in this PHP: response queues wait.');
            return;
        }
        foreach (services::all() as $service) {
            if ($service['type'] !== 'amqp' || $service['response_queue'] === '' || !$service['enabled']) {
                continue;
            }
            try {
                self::consume($service);
            } catch (mih_exception $e) {
                mtrace("Response queue of {$service['name']}: {$e->errorcode}: {$e->getMessage()}");
            }
        }
    }

    /**
     * Fires an event per message of one service's response queue.
     *
     * @param array $service the service, as services::all() lists it
     * @return void
     */
    private static function consume(array $service): void {
        $taken = responses::take($service['name'], self::BATCH);
        $done = [];
        foreach ($taken as $index => $message) {
            try {
                webhook_received::create([
                    'context' => \context_system::instance(),
                    'other' => [
                        'serviceid' => (int) $service['id'],
                        // The name MIH 2.0's observers know the service by.
                        'servicename' => $service['alias'] ?: $service['name'],
                        'source' => 'amqp',
                        'payload' => $message['payload'],
                    ],
                ])->trigger();
                $done[] = $message['tag'];
            } catch (\Throwable $e) {
                $back = array_column(array_slice($taken, $index), 'tag');
                responses::settle($service['name'], $done, $back);
                mtrace("Response queue of {$service['name']}: " . count($back) . " message(s) given back: {$e->getMessage()}");
                return;
            }
        }
        responses::settle($service['name'], $done, []);
        mtrace("Response queue of {$service['name']}: " . count($done) . ' event(s) fired.');
    }
}
