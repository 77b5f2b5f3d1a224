<?php
// Loopback peers for the demo, the tests and the benchmarks: PHP's built-in
// server running a script, or nginx. Each runs in its own process group and
// is stopped, with its workers, when the process that started it exits.

/** A free loopback TCP port. */
function mih_free_port(): int {
    $socket = stream_socket_server('tcp://127.0.0.1:0');
    $port = (int) substr(strrchr(stream_socket_get_name($socket, false), ':'), 1);
    fclose($socket);
    return $port;
}

/**
 * Runs $command in a new process group, waits until $host:$port accepts
 * connections and stops the group at exit (in the process that started it
 * only, never in a forked child). Returns the group's id.
 */
function mih_start_peer(array $command, int $port, array $env = [], string $stderr = '/dev/null',
        string $host = '127.0.0.1'): int {
    $process = proc_open(array_merge(['setsid'], $command),
        [0 => ['file', '/dev/null', 'r'], 1 => ['file', '/dev/null', 'w'], 2 => ['file', $stderr, 'w']],
        $pipes, null, $env ?: null);
    $owner = getmypid();
    register_shutdown_function(function () use ($process, $owner) {
        if (getmypid() === $owner) {
            exec('kill -TERM -' . proc_get_status($process)['pid'] . ' 2>/dev/null');
            proc_close($process);
        }
    });
    for ($i = 0; $i < 200; $i++) {
        $connection = @fsockopen(str_contains($host, ':') ? "[$host]" : $host, $port, $errno, $errstr, 0.1);
        if ($connection) {
            fclose($connection);
            return proc_get_status($process)['pid'];
        }
        usleep(25000);
    }
    throw new RuntimeException('peer did not start: ' . implode(' ', $command));
}

/**
 * PHP's built-in server running $script with 8 workers and a private state
 * directory (MIH_PEER_STATE, removed at exit), listening on $host (an IPv4
 * or IPv6 loopback address); returns its base URL.
 */
function mih_start_php_peer(string $script, string $host = '127.0.0.1'): string {
    $port = mih_free_port();
    $state = sys_get_temp_dir() . "/mih-peer-$port-" . bin2hex(random_bytes(4));
    mkdir($state, 0700);
    $owner = getmypid();
    register_shutdown_function(function () use ($state, $owner) {
        if (getmypid() === $owner) {
            exec('rm -rf ' . escapeshellarg($state));
        }
    });
    $authority = (str_contains($host, ':') ? "[$host]" : $host) . ":$port";
    mih_start_peer([PHP_BINARY, '-n', '-S', $authority, $script], $port,
        ['PHP_CLI_SERVER_WORKERS' => '8', 'MIH_PEER_STATE' => $state], '/dev/null', $host);
    return "http://$authority";
}

/** How many requests the PHP peer at $base has had for $path. */
function mih_peer_count(string $base, string $path): int {
    return (int) file_get_contents("$base/__count?path=" . rawurlencode($path));
}

/**
 * nginx in the foreground on a free loopback port, its files in $dir:
 * $http goes into the http block, $location into `location /`, $listen
 * after the listen address (`ssl`). Returns the port.
 */
function mih_start_nginx_site(string $dir, int $connections, string $http, string $location,
        string $listen = ''): int {
    $port = mih_free_port();
    @mkdir($dir, 0700, true);
    file_put_contents("$dir/nginx.conf", <<<NGINX
    daemon off;
    worker_processes 1;
    pid $dir/nginx.pid;
    error_log $dir/nginx-error.log;
    events { worker_connections $connections; }
    http {
        client_body_temp_path $dir;
        $http
        server {
            listen 127.0.0.1:$port $listen;
            location / {
                $location
            }
        }
    }
    NGINX);
    mih_start_peer(['nginx', '-c', "$dir/nginx.conf"], $port, [], "$dir/nginx-stderr.log");
    return $port;
}

/**
 * nginx answering every request with a small JSON body, keep-alive on; with
 * $keylog, it writes each request's Idempotency-Key header and URI there,
 * one request per line; with $tls (mih_make_tls()), over HTTPS. Returns its
 * base URL.
 */
function mih_start_nginx(string $workdir, string $keylog = '', array $tls = []): string {
    $log = $keylog ? "log_format keys '\$http_idempotency_key \$request_uri'; access_log $keylog keys;" : 'access_log off;';
    $ssl = $tls ? "ssl_certificate {$tls['certificate']};\nssl_certificate_key {$tls['key']};" : '';
    $port = mih_start_nginx_site($workdir, 256, "$log\nkeepalive_requests 1000000;\nkeepalive_timeout 60s;\n$ssl",
        "default_type application/json;\nreturn 200 '{\"ok\":true}';", $tls ? 'ssl' : '');
    return ($tls ? 'https' : 'http') . "://127.0.0.1:$port";
}

/**
 * A throwaway CA and a server certificate it signed for 127.0.0.1 and
 * localhost, made with openssl in $dir (valid one day; P-256 keys, as
 * certbot makes by default). Returns ['ca' => CA certificate file,
 * 'certificate' => server certificate file, 'key' => its key file].
 */
function mih_make_tls(string $dir): array {
    $files = ['ca' => "$dir/ca.pem", 'certificate' => "$dir/server.pem", 'key' => "$dir/server.key"];
    $key = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '1'];
    $commands = [
        array_merge(['openssl', 'req', '-x509'], $key, ['-keyout', "$dir/ca.key", '-out', $files['ca'],
            '-subj', '/CN=MIH throwaway CA']),
        array_merge(['openssl', 'req', '-x509'], $key, ['-keyout', $files['key'], '-out', $files['certificate'],
            '-subj', '/CN=localhost', '-CA', $files['ca'], '-CAkey', "$dir/ca.key",
            '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost', '-addext', 'basicConstraints=CA:FALSE',
            '-addext', 'extendedKeyUsage=serverAuth']),
    ];
    foreach ($commands as $command) {
        exec(implode(' ', array_map('escapeshellarg', $command)) . ' 2>&1', $output, $status);
        if ($status !== 0) {
            throw new RuntimeException('openssl failed: ' . implode("\n", $output));
        }
    }
    return $files;
}

/** The libmih.so this PHP runs with. */
function mih_loaded_library(): string {
    foreach (explode("\n", file_get_contents('/proc/self/maps')) as $line) {
        if (preg_match('#(/\S+libmih\.so)$#', $line, $m)) {
            return $m[1];
        }
    }
    throw new RuntimeException('libmih.so is not loaded');
}

/**
 * The php-fpm of the PHP running this script, or null when there is none:
 * php-fpmX.Y (Debian's name) or php-fpm, in the sbin directory beside
 * PHP_BINARY's bin directory or in that bin directory. An unversioned
 * php-fpm counts only if `php-fpm -v` names this PHP's X.Y.
 */
function mih_php_fpm(): ?string {
    static $found = false;
    if ($found !== false) {
        return $found;
    }
    $version = PHP_MAJOR_VERSION . '.' . PHP_MINOR_VERSION;
    $bin = dirname(PHP_BINARY);
    foreach ([dirname($bin) . '/sbin', $bin] as $dir) {
        if (is_executable("$dir/php-fpm$version")) {
            return $found = "$dir/php-fpm$version";
        }
        if (is_executable("$dir/php-fpm")
                && str_starts_with((string) shell_exec(escapeshellarg("$dir/php-fpm") . ' -n -v 2>/dev/null'), "PHP $version.")) {
            return $found = "$dir/php-fpm";
        }
    }
    return $found = null;
}

/**
 * A php-fpm pool of $workers static workers on a loopback port, with the
 * extension this process runs with (or $library; '' for none) loaded in the
 * master (as php.ini does) and curl and $extensions, and
 * MIH_TEST_STORE in the workers' environment; $ini are php_admin_value
 * settings, $pool more pool directives. Returns [port, master pid file].
 */
function mih_start_fpm(string $dir, string $store, int $workers, array $ini = [], string $pool = '',
        ?string $library = null, array $extensions = []): array {
    $port = mih_free_port();
    $settings = '';
    foreach ($ini as $name => $value) {
        $settings .= "php_admin_value[$name] = $value\n";
    }
    // process_control_timeout: a reload (SIGUSR2) lets running requests finish.
    file_put_contents("$dir/fpm.conf", "[global]\nerror_log = $dir/fpm.log\ndaemonize = no\npid = $dir/fpm.pid\n"
        . "process_control_timeout = 20s\n"
        . "[mih]\nuser = " . get_current_user() . "\nlisten = 127.0.0.1:$port\nlisten.backlog = 1024\n"
        . "pm = static\npm.max_children = $workers\ncatch_workers_output = yes\n"
        . "env[MIH_TEST_STORE] = \"$store\"\nclear_env = no\n$settings$pool");
    $load = [];
    $mih = $library === '' ? [] : [$library ?? mih_loaded_library()];
    foreach (array_merge(['curl'], $extensions, $mih) as $extension) {
        // OPcache is a Zend extension: it loads with zend_extension=.
        array_push($load, '-d', ($extension === 'opcache' ? 'zend_extension' : 'extension') . "=$extension");
    }
    $fpm = mih_php_fpm() ?? throw new RuntimeException('no php-fpm for PHP ' . PHP_VERSION . ' beside ' . PHP_BINARY);
    mih_start_peer(array_merge([$fpm, '-n', '-R'], $load, ['-y', "$dir/fpm.conf", '-F']), $port);
    // The master listens before it writes its pid file and forks its workers:
    // wait for both, so that callers can read the one and see all the others.
    for ($i = 0; $i < 400; $i++) {
        $master = (int) @file_get_contents("$dir/fpm.pid");
        if ($master > 0 && count(array_filter(explode("\n", (string) shell_exec("pgrep -P $master")))) >= $workers) {
            return [$port, "$dir/fpm.pid"];
        }
        usleep(25000);
    }
    throw new RuntimeException("php-fpm did not write $dir/fpm.pid and start its $workers workers within 10 s");
}

/**
 * Stops the php-fpm master in $pidfile gracefully (SIGQUIT: each worker ends
 * its request and its process, committing its log rows) and waits for it.
 */
function mih_stop_fpm(string $pidfile): void {
    $pid = (int) @file_get_contents($pidfile);
    if ($pid <= 0) {
        return;
    }
    exec("kill -QUIT $pid 2>/dev/null");
    // A master this process started stays a zombie until mih_start_peer's
    // proc_close at exit: gone or a zombie, it has ended.
    $running = fn() => preg_match('/^State:\s+[^Z]/m', (string) @file_get_contents("/proc/$pid/status"));
    for ($i = 0; $i < 400 && $running(); $i++) {
        usleep(50000);
    }
}

/** The resident memory (kB) of each worker of the php-fpm master in $pidfile. */
function mih_fpm_worker_rss(string $pidfile): array {
    $rss = [];
    foreach (explode("\n", trim((string) shell_exec('pgrep -P ' . (int) file_get_contents($pidfile)))) as $pid) {
        if ($pid !== '' && preg_match('/VmRSS:\s+(\d+)/', (string) @file_get_contents("/proc/$pid/status"), $m)) {
            $rss[(int) $pid] = (int) $m[1];
        }
    }
    return $rss;
}

/** nginx on a loopback port handing every request to the FastCGI pool on $fpmport, running $script; returns its URL. */
function mih_start_nginx_fastcgi(string $dir, int $fpmport, string $script): string {
    // One connection per request: a php-fpm worker serves one connection at
    // a time, so kept-alive connections would hold workers idle while new
    // ones wait.
    $port = mih_start_nginx_site($dir, 1024, "access_log off;\nfastcgi_temp_path $dir;",
        "fastcgi_pass 127.0.0.1:$fpmport;\nfastcgi_param SCRIPT_FILENAME $script;\n"
        . "fastcgi_param REQUEST_METHOD \$request_method;\nfastcgi_param QUERY_STRING \$query_string;");
    return "http://127.0.0.1:$port/";
}
