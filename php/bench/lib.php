<?php
// Shared pieces of the PHP benchmarks: interleaved timing, so every figure
// is a ratio against a peer measured in the same run.

require_once __DIR__ . '/../lib/loopback.php';

/**
 * Runs each contender for $calls calls, $rounds times, interleaved; returns
 * name => median microseconds per call.
 *
 * @param array<string, callable> $contenders name => function running one call
 */
function bench_interleaved(array $contenders, int $calls, int $rounds): array {
    $samples = array_fill_keys(array_keys($contenders), []);
    foreach ($contenders as $run) {
        for ($i = 0; $i < 50; $i++) {
            $run(); // warm-up: connections, caches
        }
    }
    for ($round = 0; $round < $rounds; $round++) {
        foreach ($contenders as $name => $run) {
            $start = hrtime(true);
            for ($i = 0; $i < $calls; $i++) {
                $run();
            }
            $samples[$name][] = (hrtime(true) - $start) / 1000 / $calls;
        }
    }
    return array_map(function (array $values) {
        sort($values);
        return $values[intdiv(count($values), 2)];
    }, $samples);
}

/** Prints a table of medians and their ratio to $reference. */
function bench_report(string $title, array $medians, string $reference): void {
    echo "\n$title\n";
    printf("  %-44s %12s %10s\n", 'contender', 'µs / call', "x $reference");
    foreach ($medians as $name => $micros) {
        printf("  %-44s %12.1f %10.2f\n", $name, $micros, $micros / $medians[$reference]);
    }
}
