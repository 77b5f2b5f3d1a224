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
 * Replays the Dead Letter Queue now: one entry (--id), every entry (--all),
 * or the entries of a service, an event or a time range, oldest first. Each
 * stored payload is sent as it is; success removes the entry, failure keeps
 * it with one more attempt.
 *
 * @package    local_integrationhub
 * @copyright  2026 MIH developers
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

use local_integrationhub\cli;
use local_integrationhub\dlq;
use local_integrationhub\mih_exception;
use local_integrationhub\services;

define('CLI_SCRIPT', true);

require(__DIR__ . '/../../../config.php');
require_once($CFG->libdir . '/clilib.php');

$help = "Replays the Integration Hub's Dead Letter Queue: one entry, every entry, or the entries matching every filter
given, oldest first. Say which: with none of --id, --all or a filter, nothing is replayed.

Options:
--id=N              The entry with id N (the Queue page shows ids): replays it and prints the response
--all               Every entry
--service=NAME      Entries of this service (its name or id)
--event=NAME        Entries of this event, such as '\\core\\event\\user_created'
--since=DATE        Entries queued at or after DATE: YYYY-MM-DD or YYYY-MM-DDTHH:MM, in the site's time zone
--until=DATE        Entries queued at or before DATE, the whole day (or minute) included
--limit=N           Replay at most N entries (default 1000); the count of those left is printed
-n, --dry-run       Print the entry, or how many entries match, and replay nothing
-h, --help          Print out this help

Exit code: 0 when done (with --id: when the entry was delivered), 1 when the --id entry failed again or the
extension is not loaded, 2 for options it cannot use.
Run it as the web server's user: the store belongs to that user.

Examples:
\$ sudo -u www-data php local/integrationhub/cli/replay_dlq.php --id=42
\$ sudo -u www-data php local/integrationhub/cli/replay_dlq.php --service=notification-api --since=2026-03-01
\$ sudo -u www-data php local/integrationhub/cli/replay_dlq.php --all --dry-run
";

[$options, $selection] = cli::start(['id' => '', 'all' => false, 'service' => '', 'event' => '', 'since' => '', 'until' => '',
    'limit' => '', 'dry-run' => false, 'help' => false], ['n' => 'dry-run', 'h' => 'help'], $help, [cli::class, 'dlq_selection']);

try {
    if (isset($selection['entry'])) {
        $entry = $selection['entry'];
        $service = services::get($entry['serviceid']);
        cli_writeln("Entry {$entry['id']}: {$entry['eventname']} to " . ($service['name'] ?? "service {$entry['serviceid']}")
            . " {$entry['endpoint']}, {$entry['attempts']} attempt(s), last error: {$entry['error']}");
        if ($options['dry-run']) {
            exit(0);
        }
        $response = dlq::replay($entry['id']);
        cli_write(cli::response($response));
        cli_writeln($response->success ? 'Delivered: removed from the queue.' : 'Failed again: kept in the queue.');
        exit($response->success ? 0 : 1);
    }
    $matching = dlq::count_matching($selection['filters']);
    if ($options['dry-run']) {
        cli_writeln("$matching queued event(s) match.");
        exit(0);
    }
    $counts = dlq::replay_matching($selection['filters'], $selection['limit']);
} catch (mih_exception $e) {
    cli_error($e->getMessage());
}
cli_writeln("Replayed: {$counts['replayed']}");
cli_writeln("Failed again (kept in the queue): {$counts['failed']}");
cli_writeln("Not tried (over --limit): {$counts['remaining']}");
