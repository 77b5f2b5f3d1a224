<?php
// Shared pieces of the PHP benchmarks: interleaved timing, so every figure
// is a ratio against a peer measured in the same run.

require_once __DIR__ . '/../lib/loopback.php';

/**
 * Runs each contender $calls times, in $rounds interleaved rounds (so load
 * on the shared machine hits all alike), timing every call. $setup[name],
 * when given, runs before each stretch of that contender's calls (untimed).
 * Returns name => ['median' => µs, 'p90' => µs].
 *
 * @param array<string, callable> $contenders name => function running one call
 * @param array<string, callable> $setup name => function run before its calls
 */
function bench_interleaved(array $contenders, int $calls, int $rounds, array $setup = []): array {
    $samples = array_fill_keys(array_keys($contenders), []);
    $prepare = fn(string $name) => isset($setup[$name]) ? $setup[$name]() : null;
    foreach ($contenders as $name => $run) {
        $prepare($name);
        for ($i = 0; $i < 50; $i++) {
            $run(); // warm-up: connections, caches
        }
    }
    $perround = intdiv($calls, $rounds);
    for ($round = 0; $round < $rounds; $round++) {
        foreach ($contenders as $name => $run) {
            $prepare($name);
            $run(); // after a setup: the first call may rebuild what it changed
            for ($i = 0; $i < $perround; $i++) {
                $start = hrtime(true);
                $run();
                $samples[$name][] = (hrtime(true) - $start) / 1000;
            }
        }
    }
    return array_map(function (array $values) {
        sort($values);
        $at = fn(float $q) => $values[min(count($values) - 1, (int) floor($q * count($values)))];
        return ['median' => $at(0.5), 'p90' => $at(0.9)];
    }, $samples);
}

/** Prints medians, p90s and their ratios to $reference. */
function bench_report(string $title, array $figures, string $reference): void {
    echo "\n$title\n";
    printf("  %-40s %10s %10s %12s\n", 'contender', 'median µs', 'p90 µs', "median ratio");
    foreach ($figures as $name => $f) {
        printf("  %-40s %10.2f %10.2f %11.2fx\n", $name, $f['median'], $f['p90'], $f['median'] / $figures[$reference]['median']);
    }
    echo "  (ratio: median / median of '$reference', measured in this run)\n";
}
