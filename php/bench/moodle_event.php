<?php
// What the plugin's observer adds to every event of a real Moodle site when
// no rule matches it: observer::handle_event() on a \core\event\user_loggedin,
// against a PHP observer that does nothing, in one run, interleaved. Needs a
// Moodle site with the plugin installed and the extension loaded:
//
//   sudo -u www-data php php/bench/moodle_event.php /path/to/moodle/config.php [calls] [rounds]
//
// (not part of `make bench`: it needs a site.)

define('CLI_SCRIPT', true);
if (empty($argv[1]) || !is_file($argv[1])) {
    fwrite(STDERR, "usage: php moodle_event.php /path/to/moodle/config.php [calls] [rounds]\n");
    exit(2);
}
require $argv[1];
require __DIR__ . '/lib.php';

/** A PHP observer that does nothing: the floor of any observer. */
final class empty_observer {
    public static function handle_event(\core\event\base $event): void {
    }
}

$calls = (int) ($argv[2] ?? 100000);
$rounds = (int) ($argv[3] ?? 10);
$event = \core\event\user_loggedin::create(['userid' => 2, 'objectid' => 2, 'other' => ['username' => 'admin']]);
if (\local_integrationhub\bridge::matching($event->eventname)) {
    fwrite(STDERR, "a rule matches {$event->eventname}: pick an event without one\n");
    exit(1);
}
$figures = bench_interleaved([
    'observer::handle_event, no rule' => fn() => \local_integrationhub\event\observer::handle_event($event),
    'empty PHP observer' => fn() => empty_observer::handle_event($event),
], $calls, $rounds);
bench_report("Moodle event with no rule ({$CFG->release}), $calls calls each in $rounds interleaved rounds",
    $figures, 'empty PHP observer');
