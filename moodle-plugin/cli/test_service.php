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
 * Checks a service: makes one call through the extension, as a rule or
 * mih::request() would, and prints the response.
 *
 * @package    local_integrationhub
 * @copyright  2026 MIH developers
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

use local_integrationhub\cli;
use local_integrationhub\mih;
use local_integrationhub\mih_exception;

define('CLI_SCRIPT', true);

require(__DIR__ . '/../../../config.php');
require_once($CFG->libdir . '/clilib.php');

$help = "Calls an Integration Hub service once, with its retries, timeout and circuit breaker, and prints the response:
success, HTTP status, attempts, latency, error and the body (its first 2000 bytes). The call is logged.

Options:
--service=NAME      The service (its name or id); required
--endpoint=PATH     REST: the path after the base URL; AMQP: the routing key; SOAP: the operation (default /)
--method=METHOD     GET, POST, PUT, PATCH or DELETE (default POST with --payload, else GET); REST only
--payload=JSON      A JSON object or array: REST's body (its query string for GET and DELETE), the AMQP message,
                    the SOAP operation's parameters
-h, --help          Print out this help

Exit code: 0 when the call succeeds, 1 when it fails (or the extension is not loaded), 2 for options it cannot use.
Run it as the web server's user: the store belongs to that user.

Examples:
\$ sudo -u www-data php local/integrationhub/cli/test_service.php --service=notification-api --endpoint=/health
\$ sudo -u www-data php local/integrationhub/cli/test_service.php --service=rabbitmq-prod --payload='{\"ping\": true}'
";

[, [$service, $endpoint, $payload, $method]] = cli::start(['service' => '', 'endpoint' => '', 'method' => '', 'payload' => '',
    'help' => false], ['h' => 'help'], $help, [cli::class, 'call']);

cli_writeln("$method $service $endpoint");
try {
    $response = mih::request($service, $endpoint, $payload, $method);
} catch (mih_exception $e) {
    cli_error($e->getMessage(), $e->errorcode === 'invalid_argument' ? cli::BAD_OPTIONS : 1);
}
cli_write(cli::response($response));
exit($response->success ? 0 : 1);
