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

/**
 * Inbound webhooks: POST /local/integrationhub/webhook.php?service=NAME with a
 * JSON body, authenticated by the service's token (Authorization: Bearer or
 * X-API-Key) and, when the service has a signing secret, by a Standard
 * Webhooks signature. The extension checks the request; an accepted one
 * fires \local_integrationhub\event\webhook_received. Answers are JSON
 * {"success": …, "error": …} with the status the extension gives.
 *
 * @package    local_integrationhub
 * @copyright  2026 MIH developers
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

// No session: the service's own credential authenticates the sender.
define('NO_MOODLE_COOKIES', true);
define('AJAX_SCRIPT', true);

require(__DIR__ . '/../../config.php');

use local_integrationhub\event\webhook_received;
use local_integrationhub\extension;
use local_integrationhub\webhooks;

header('Content-Type: application/json');

/**
 * Answers the request and ends it.
 *
 * @param int $status the HTTP status
 * @param string|null $error why it failed, null on success
 * @return void
 */
function local_integrationhub_webhook_answer(int $status, ?string $error): void {
    http_response_code($status);
    echo json_encode($error === null ? ['success' => true] : ['success' => false, 'error' => $error]);
    exit;
}

if (!extension::ready()) {
    // The sender tries again later: nothing is taken that cannot be checked.
    local_integrationhub_webhook_answer(503, get_string('extensionmissing', 'local_integrationhub'));
}
$result = webhooks::receive($_SERVER['REQUEST_METHOD'] ?? '', optional_param('service', '', PARAM_RAW),
    function_exists('getallheaders') ? getallheaders() : [], file_get_contents('php://input'));
if (!$result['success']) {
    local_integrationhub_webhook_answer($result['status'], $result['error']);
}
try {
    webhook_received::create([
        'context' => \context_system::instance(),
        'other' => [
            'serviceid' => $result['serviceid'],
            'servicename' => $result['servicename'],
            'source' => 'webhook',
            'payload' => $result['payload'],
        ],
    ])->trigger();
} catch (\Throwable $e) {
    local_integrationhub_webhook_answer(500, $e->getMessage());
}
local_integrationhub_webhook_answer(200, null);
