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
 * Replays the Dead Letter Queue's entries of a service, an event or a time
 * range, oldest first, now: each stored payload is sent as it is; success
 * removes the entry, failure keeps it with one more attempt.
 *
 * @package    local_integrationhub
 * @copyright  2026 MIH developers
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

use local_integrationhub\dlq;
use local_integrationhub\dlq_filter;
use local_integrationhub\extension;
use local_integrationhub\mih_exception;

define('CLI_SCRIPT', true);

require(__DIR__ . '/../../../config.php');
require_once($CFG->libdir . '/clilib.php');

$help = "Replays the Integration Hub's Dead Letter Queue: the entries matching every option given, oldest first.

Options:
--service=NAME      Entries of this service (its name or id)
--event=NAME        Entries of this event, such as '\\core\\event\\user_created'
--since=DATE        Entries queued at or after DATE: YYYY-MM-DD or YYYY-MM-DDTHH:MM, in the site's time zone
--until=DATE        Entries queued at or before DATE, the whole day (or minute) included
--limit=N           Replay at most N entries (default 1000); the count of those left is printed
-n, --dry-run       Print how many entries match, and replay nothing
-h, --help          Print out this help

Run it as the web server's user: the store belongs to that user.

Example:
\$ sudo -u www-data php local/integrationhub/cli/replay_dlq.php --service=notification-api --since=2026-03-01
";

[$options, $unrecognised] = cli_get_params(
    ['service' => '', 'event' => '', 'since' => '', 'until' => '', 'limit' => '1000', 'dry-run' => false, 'help' => false],
    ['n' => 'dry-run', 'h' => 'help']
);
if ($unrecognised) {
    cli_error(get_string('cliunknowoption', 'admin', implode(PHP_EOL . '  ', $unrecognised)));
}
if ($options['help']) {
    echo $help;
    exit(0);
}
if (!extension::ready()) {
    cli_error(get_string('extensionmissing', 'local_integrationhub'));
}

try {
    [$filters, $limit] = dlq_filter::from_cli($options);
    $matching = dlq::count_matching($filters);
    if ($options['dry-run']) {
        cli_writeln("$matching queued event(s) match.");
        exit(0);
    }
    $counts = dlq::replay_matching($filters, $limit);
} catch (moodle_exception | mih_exception $e) {
    cli_error($e->getMessage());
}
cli_writeln("Replayed: {$counts['replayed']}");
cli_writeln("Failed again (kept in the queue): {$counts['failed']}");
cli_writeln("Not tried (over --limit): {$counts['remaining']}");
