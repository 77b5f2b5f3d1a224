--TEST--
Hostile input, addresses: every spelling of a blocked host, redirects to blocked hosts or other schemes, ports not allowed
--FILE--
<?php
require __DIR__ . '/helpers.inc';
mih_require_isolated_network();
use local_integrationhub\{mih, services};
mih_test_store();
$peer = mih_test_peer();
$port = parse_url($peer, PHP_URL_PORT);
services::save(['name' => 'api', 'base_url' => $peer, 'max_retries' => 0, 'cb_failure_threshold' => 100]);

/** Runs a case; prints "| case | outcome |" with the outcome in a stable form. */
function hostile(string $case, callable $run): void {
    global $port;
    $r = $run();
    $outcome = $r->success ? "sent ({$r->httpstatus})" : "failed: {$r->error}";
    echo "| $case | ", str_replace((string) $port, 'PORT', $outcome), " |\n";
}
$call = fn(string $endpoint) => fn() => mih::request('api', $endpoint, [], 'GET');

echo "| input | outcome |\n|---|---|\n";
mih::configure(['blocked_hosts' => "127.0.0.0/8\n::1\nlocalhost\n0.0.0.0", 'allowed_ports' => '']);
foreach (['2130706433', '0177.0.0.1', '0x7f000001', '127.1', '[::ffff:7f00:1]', '[::1]', 'localhost.', '0.0.0.0', 'LOCALHOST',
        '[::]', '0', '[::127.0.0.1]', '[64:ff9b::7f00:1]', '[2002:7f00:1::]'] as $i => $host) {
    hostile("SSRF: service at http://$host", function () use ($i, $host, $port) {
        services::save(['name' => "ssrf$i", 'base_url' => "http://$host:$port/", 'max_retries' => 0]);
        return mih::request("ssrf$i", '/x');
    });
}
mih::configure(['blocked_hosts' => '127.0.0.2']);
hostile('SSRF: redirect to a blocked host', $call('/redirect?to=' . rawurlencode("http://127.0.0.2:$port/x")));
hostile('SSRF: redirect to file://', $call('/redirect?to=' . rawurlencode('file:///etc/passwd')));
mih::configure(['blocked_hosts' => '', 'allowed_ports' => '443']);
hostile('SSRF: port not allowed', $call('/x'));
?>
--EXPECT--
| input | outcome |
|---|---|
| SSRF: service at http://2130706433 | failed: blocked: address 127.0.0.1 is in the blocked hosts list |
| SSRF: service at http://0177.0.0.1 | failed: blocked: address 127.0.0.1 is in the blocked hosts list |
| SSRF: service at http://0x7f000001 | failed: blocked: address 127.0.0.1 is in the blocked hosts list |
| SSRF: service at http://127.1 | failed: blocked: address 127.0.0.1 is in the blocked hosts list |
| SSRF: service at http://[::ffff:7f00:1] | failed: blocked: address 127.0.0.1 is in the blocked hosts list |
| SSRF: service at http://[::1] | failed: blocked: address ::1 is in the blocked hosts list |
| SSRF: service at http://localhost. | failed: blocked: host 'localhost' is in the blocked hosts list |
| SSRF: service at http://0.0.0.0 | failed: blocked: address 0.0.0.0 is in the blocked hosts list |
| SSRF: service at http://LOCALHOST | failed: blocked: host 'localhost' is in the blocked hosts list |
| SSRF: service at http://[::] | failed: blocked: address :: is this host (an unspecified address), and loopback is in the blocked hosts list |
| SSRF: service at http://0 | failed: blocked: address 0.0.0.0 is in the blocked hosts list |
| SSRF: service at http://[::127.0.0.1] | failed: blocked: address ::7f00:1 carries 127.0.0.1, which is in the blocked hosts list |
| SSRF: service at http://[64:ff9b::7f00:1] | failed: blocked: address 64:ff9b::7f00:1 carries 127.0.0.1, which is in the blocked hosts list |
| SSRF: service at http://[2002:7f00:1::] | failed: blocked: address 2002:7f00:1:: carries 127.0.0.1, which is in the blocked hosts list |
| SSRF: redirect to a blocked host | failed: blocked: address 127.0.0.2 is in the blocked hosts list |
| SSRF: redirect to file:// | failed: blocked: redirect to scheme 'file' is not followed |
| SSRF: port not allowed | failed: blocked: port PORT is not in the allowed ports list (443) |
