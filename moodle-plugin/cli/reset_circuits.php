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
 * Resets circuit breakers: one service's, or every service's. A reset closes
 * the circuit and zeroes its count of consecutive failures.
 *
 * @package    local_integrationhub
 * @copyright  2026 MIH developers
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

use local_integrationhub\breakers;
use local_integrationhub\cli;
use local_integrationhub\mih_exception;
use local_integrationhub\services;

define('CLI_SCRIPT', true);

require(__DIR__ . '/../../../config.php');
require_once($CFG->libdir . '/clilib.php');

$help = "Resets the Integration Hub's circuit breakers: closes the circuit and zeroes its count of consecutive failures,
so calls to the service are made again at once. Prints each circuit's state before and after.

Options:
--service=NAME      The circuit of this service (its name or id)
--all               Every service's circuit
-h, --help          Print out this help

Exit code: 0 when done, 1 when the extension is not loaded, 2 for options it cannot use.
Run it as the web server's user: the store belongs to that user.

Examples:
\$ sudo -u www-data php local/integrationhub/cli/reset_circuits.php --service=notification-api
\$ sudo -u www-data php local/integrationhub/cli/reset_circuits.php --all
";

[$options, $before] = cli::start(['service' => '', 'all' => false, 'help' => false], ['h' => 'help'], $help,
    [cli::class, 'circuits']);

try {
    if ($options['all']) {
        breakers::reset_all();
    } else {
        breakers::reset($before[0]['id']);
    }
    $after = array_column(services::all(), null, 'id');
} catch (mih_exception $e) {
    cli_error($e->getMessage());
}
if (!$before) {
    cli_writeln('There are no services.');
}
foreach ($before as $service) {
    $now = $after[$service['id']] ?? null;
    cli_writeln("{$service['name']} (id {$service['id']}): {$service['state']}, {$service['failures']} failure(s) -> "
        . ($now ? "{$now['state']}, {$now['failures']} failure(s)" : 'deleted meanwhile'));
}
