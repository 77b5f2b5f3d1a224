<?php
// Shared pieces of the PHP benchmarks: a fast loopback HTTP peer (nginx) and
// interleaved timing, so every figure is a ratio against a peer measured in
// the same run.

/** A free loopback TCP port. */
function bench_free_port(): int {
    $socket = stream_socket_server('tcp://127.0.0.1:0');
    $port = (int) substr(strrchr(stream_socket_get_name($socket, false), ':'), 1);
    fclose($socket);
    return $port;
}

/**
 * Starts nginx on loopback answering every request with a small JSON body
 * (keep-alive on); stopped at exit. Returns the base URL.
 */
function bench_nginx(string $workdir): string {
    $port = bench_free_port();
    @mkdir($workdir, 0700, true);
    $conf = <<<NGINX
    daemon off;
    worker_processes 1;
    pid $workdir/nginx.pid;
    error_log $workdir/nginx-error.log;
    events { worker_connections 256; }
    http {
        access_log off;
        client_body_temp_path $workdir;
        keepalive_requests 1000000;
        keepalive_timeout 60s;
        server {
            listen 127.0.0.1:$port;
            location / {
                default_type application/json;
                return 200 '{"ok":true}';
            }
        }
    }
    NGINX;
    file_put_contents("$workdir/nginx.conf", $conf);
    $process = proc_open(['nginx', '-c', "$workdir/nginx.conf"], [0 => ['file', '/dev/null', 'r'],
        1 => ['file', '/dev/null', 'w'], 2 => ['file', "$workdir/nginx-stderr.log", 'w']], $pipes);
    register_shutdown_function(function () use ($process) {
        proc_terminate($process);
        proc_close($process);
    });
    for ($i = 0; $i < 200 && !@fsockopen('127.0.0.1', $port, $errno, $errstr, 0.1); $i++) {
        usleep(25000);
    }
    return "http://127.0.0.1:$port";
}

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
