<?php
// Event Bridge delivery: the outbox drained by one call, against one call per
// event (what one adhoc task per event sends, without Moodle's task runner
// around it), on one nginx peer that logs every delivery's idempotency key.
// Every round checks that the peer took exactly N distinct keys. Also: the
// producer's cost per event (bridge::enqueue), and four rules drained at once.
//
// Run: make bench   (php -n -d extension=target/release/libmih.so php/bench/outbox.php [events] [rounds])

use local_integrationhub\{bridge, mih, rules, services};

require __DIR__ . '/lib.php';

$n = (int) ($argv[1] ?? 5000);
$rounds = (int) ($argv[2] ?? 3);
$workdir = sys_get_temp_dir() . '/mih-bench-outbox-' . getmypid();
register_shutdown_function(fn() => exec('rm -rf ' . escapeshellarg($workdir)));
$keylog = "$workdir/keys.log";
$peer = mih_start_nginx($workdir, $keylog);
mih::configure(['store' => "$workdir/hub.sqlite", 'log_max' => 500]);
$service = services::save(['name' => 'peer', 'base_url' => $peer, 'max_retries' => 0]);
$template = '{"user": {{objectid}}, "name": "{{fullname}}", "email": "{{email}}"}';
$rule = rules::save(['eventname' => '\core\event\user_created', 'serviceid' => $service, 'endpoint' => '/hook',
    'payload_template' => $template]);
foreach ([2, 3, 4] as $k) {
    rules::save(['eventname' => '\core\event\user_updated', 'serviceid' => $service, 'endpoint' => "/hook$k",
        'payload_template' => $template]);
}
rules::save(['eventname' => '\core\event\user_updated', 'serviceid' => $service, 'endpoint' => '/hook1',
    'payload_template' => $template]);
$event = fn(string $name, int $i) => ['eventname' => $name, 'objectid' => $i, 'relateduserid' => $i,
    'fullname' => "User $i", 'email' => "user$i@example.com", 'other' => []];

/** Keys the peer logged since the last call, checked: exactly $expected, all distinct. */
$received = function (int $expected) use ($keylog): void {
    clearstatcache();
    $lines = array_filter(explode("\n", (string) @file_get_contents($keylog)));
    $keys = array_filter(array_map(fn($line) => explode(' ', $line)[0], $lines), fn($k) => $k !== '-');
    file_put_contents($keylog, '');
    if (count($keys) !== $expected || count(array_unique($keys)) !== $expected) {
        fwrite(STDERR, 'the peer took ' . count($keys) . ' keys (' . count(array_unique($keys)) . " distinct), not $expected\n");
        exit(1);
    }
};
$drain = function () {
    do {
        $report = bridge::drain(['seconds' => 3600, 'concurrency' => 4]);
    } while ($report['waiting'] > 0 && !$report['busy']);
};

$figures = ['per event' => [], 'enqueue' => [], 'drain' => [], 'drain4' => []];
for ($round = 0; $round < $rounds; $round++) {
    $start = hrtime(true);
    for ($i = 0; $i < $n; $i++) {
        bridge::dispatch($rule, $event('\core\event\user_created', $i));
    }
    $figures['per event'][] = (hrtime(true) - $start) / 1e9;
    file_put_contents($keylog, ''); // Direct dispatches carry no key.

    $start = hrtime(true);
    for ($i = 0; $i < $n; $i++) {
        bridge::enqueue($event('\core\event\user_created', $i));
    }
    $figures['enqueue'][] = (hrtime(true) - $start) / 1e9;
    $start = hrtime(true);
    $drain();
    $figures['drain'][] = (hrtime(true) - $start) / 1e9;
    $received($n);

    for ($i = 0; $i < $n; $i++) {
        bridge::enqueue($event('\core\event\user_updated', $i));
    }
    $start = hrtime(true);
    $drain();
    $figures['drain4'][] = (hrtime(true) - $start) / 1e9;
    $received(4 * $n);
}
$median = function (array $values): float {
    sort($values);
    return $values[intdiv(count($values), 2)];
};
$perevent = $n / $median($figures['per event']);
$drained = $n / $median($figures['drain']);
$drained4 = 4 * $n / $median($figures['drain4']);
echo "\nEvent Bridge delivery, $n events, one rule, nginx peer on loopback, median of $rounds rounds (each checked: exactly N distinct keys received)\n";
printf("  %-52s %12s %8s\n", 'path', 'events/s', 'ratio');
printf("  %-52s %12.0f %7.2fx\n", 'one bridge::dispatch per event (no task runner)', $perevent, 1);
printf("  %-52s %12.0f %7.2fx\n", 'outbox: bridge::drain', $drained, $drained / $perevent);
printf("  %-52s %12.0f %7.2fx\n", 'outbox, 4 rules on one service, concurrency 4', $drained4, $drained4 / $perevent);
printf("  producer: bridge::enqueue %.1f µs per event; bridge::dispatch %.1f µs per event (%.2fx)\n",
    1e6 * $median($figures['enqueue']) / $n, 1e6 / $perevent, (1e6 * $median($figures['enqueue']) / $n) / (1e6 / $perevent));
echo "  (in Moodle, one adhoc task per event also pays Moodle's task runner, ~4 ms of CPU per task: see the issue note)\n";
