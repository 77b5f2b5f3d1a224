--TEST--
SSRF guard: Moodle's blocked hosts and allowed ports, every spelling of an address, names that resolve to one, redirect hops
--FILE--
<?php
require __DIR__ . '/helpers.inc';
mih_require_isolated_network();
use local_integrationhub\{mih, services, mih_exception};
mih_test_store();
$peer = mih_test_peer();
$port = parse_url($peer, PHP_URL_PORT);
$quick = ['max_retries' => 0, 'cb_failure_threshold' => 100];

function attempt(string $base, string $endpoint = '/x'): string {
    static $n = 0;
    $name = 'svc' . ++$n;
    services::save(['name' => $name, 'base_url' => $base, 'max_retries' => 0, 'cb_failure_threshold' => 100]);
    $r = mih::request($name, $endpoint);
    global $port;
    return $r->success ? "sent: {$r->httpstatus}" : "refused: " . str_replace($port, 'PORT', $r->error);
}

mih::configure(['blocked_hosts' => "127.0.0.2\nlocalhost\n*.internal.test\n10.0.0.0/8\n::1", 'allowed_ports' => ""]);
foreach ([
    "http://127.0.0.2:$port", "http://2130706434:$port", "http://017700000002:$port", "http://0x7f.0.0.2:$port",
    "http://127.0.0.2.:$port", "http://[::ffff:127.0.0.2]:$port", "http://[::1]:$port", "http://localhost:$port",
    "http://LocalHost.:$port", "http://api.internal.test:$port", "http://10.20.30.40:$port",
] as $url) {
    printf("%-36s %s\n", preg_replace('/:\d+$/', ':PORT', $url), attempt($url));
}
echo 'allowed 127.0.0.1: ', attempt($peer), "\n";

// A name is checked by every address it resolves to.
mih::configure(['blocked_hosts' => '127.0.0.1']);
echo 'localhost -> 127.0.0.1: ', attempt("http://localhost:$port", '/by-name'), "\n";
echo 'requests that reached the peer: ', mih_peer_count($peer, '/by-name'), "\n";

// Ports: only the listed ones.
mih::configure(['blocked_hosts' => '', 'allowed_ports' => "80\n443"]);
echo 'port not allowed: ', attempt($peer), "\n";
mih::configure(['allowed_ports' => [80, 443, $port]]);
echo 'port allowed: ', attempt($peer), "\n";

// Redirects: followed up to 5 hops, each hop checked.
mih::configure(['blocked_hosts' => '127.0.0.2', 'allowed_ports' => '']);
$to = fn(string $target, int $code = 302) => '/redirect?code=' . $code . '&to=' . rawurlencode($target);
services::save(['name' => 'hops', 'base_url' => $peer, 'auth_type' => 'apikey', 'auth_token' => 'key-123456789012'] + $quick);
$r = mih::request('hops', $to('/landed', 303), ['a' => 1]);
echo "303 after POST: {$r->httpstatus} ", $r->json()['method'], ' ', $r->json()['uri'], "\n";
$r = mih::request('hops', $to('/kept', 307), ['a' => 1]);
echo "307 after POST: {$r->httpstatus} ", $r->json()['method'], ' body=', $r->json()['body'], ' key=', $r->json()['apikey'], "\n";
$r = mih::request('hops', $to("http://localhost:$port/elsewhere"), [], 'GET');
echo "cross-origin hop: {$r->httpstatus} ", $r->json()['uri'], ' key=', var_export($r->json()['apikey'], true), "\n";
$r = mih::request('hops', $to("http://127.0.0.2:$port/secret"), [], 'GET');
echo 'redirect to a blocked host: ', var_export($r->success, true), ' ', preg_replace('/:\d{4,5}\b/', ':PORT', $r->error), "\n";
$r = mih::request('hops', $to('file:///etc/passwd'), [], 'GET');
echo 'redirect to file://: ', $r->error, "\n";
$chain = '/landed';
for ($i = 0; $i < 6; $i++) {
    $chain = $to($chain);
}
$r = mih::request('hops', $chain, [], 'GET');
echo 'six redirects: ', var_export($r->success, true), ' ', preg_replace('/:\d{4,5}\b/', ':PORT', preg_replace('/ from .*/', ' from …', $r->error)), "\n";

// The guard covers AMQP broker connections too.
mih::configure(['blocked_hosts' => '127.0.0.0/8']);
services::save(['name' => 'guarded', 'type' => 'amqp', 'max_retries' => 0, 'base_url' => 'amqp://localhost/']);
echo 'guarded broker: ', mih::request('guarded', '/', [])->error, "\n";
mih::configure(['blocked_hosts' => '', 'allowed_ports' => '443']);
echo 'guarded broker port: ', mih::request('guarded', '/', [])->error, "\n";

try {
    mih::configure(['blocked_hosts' => "10.0.0.0/40"]);
} catch (mih_exception $e) {
    echo $e->errorcode, ': ', json_encode($e->fielderrors), "\n";
}
?>
--EXPECT--
http://127.0.0.2:PORT                refused: blocked: address 127.0.0.2 is in the blocked hosts list
http://2130706434:PORT               refused: blocked: address 127.0.0.2 is in the blocked hosts list
http://017700000002:PORT             refused: blocked: address 127.0.0.2 is in the blocked hosts list
http://0x7f.0.0.2:PORT               refused: blocked: address 127.0.0.2 is in the blocked hosts list
http://127.0.0.2.:PORT               refused: blocked: address 127.0.0.2 is in the blocked hosts list
http://[::ffff:127.0.0.2]:PORT       refused: blocked: address 127.0.0.2 is in the blocked hosts list
http://[::1]:PORT                    refused: blocked: address ::1 is in the blocked hosts list
http://localhost:PORT                refused: blocked: host 'localhost' is in the blocked hosts list
http://LocalHost.:PORT               refused: blocked: host 'localhost' is in the blocked hosts list
http://api.internal.test:PORT        refused: blocked: host 'api.internal.test' is in the blocked hosts list
http://10.20.30.40:PORT              refused: blocked: address 10.20.30.40 is in the blocked hosts list
allowed 127.0.0.1: sent: 200
localhost -> 127.0.0.1: refused: blocked: 'localhost' resolves to 127.0.0.1, which is in the blocked hosts list
requests that reached the peer: 0
port not allowed: refused: blocked: port PORT is not in the allowed ports list (80, 443)
port allowed: sent: 200
303 after POST: 200 GET /landed
307 after POST: 200 POST body={"a":1} key=key-123456789012
cross-origin hop: 200 /elsewhere key=NULL
redirect to a blocked host: false blocked: address 127.0.0.2 is in the blocked hosts list
redirect to file://: blocked: redirect to scheme 'file' is not followed
six redirects: false more than 5 redirects from …
guarded broker: blocked: 'localhost' resolves to 127.0.0.1, which is in the blocked hosts list
guarded broker port: blocked: port 5672 is not in the allowed ports list (443)
invalid_argument: {"blocked_hosts":"'10.0.0.0\/40' is not a host name, IP address, CIDR range or address range"}
