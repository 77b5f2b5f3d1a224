--TEST--
SSRF guard: addresses of this host in disguise (unspecified, IPv4 carried in IPv6, names resolving to them) are refused directly, after a redirect, as a WSDL URL and as an AMQP broker
--FILE--
<?php
require __DIR__ . '/helpers.inc';
mih_require_isolated_network();
use local_integrationhub\{mih, services};
mih_test_store();
$script = __DIR__ . '/../fixtures/http_peer.php';
$peer4 = mih_start_php_peer($script, '127.0.0.1');
$peer6 = mih_start_php_peer($script, '::1');
$front = mih_start_php_peer($script, '192.0.2.1');
$p4 = parse_url($peer4, PHP_URL_PORT);
$p6 = parse_url($peer6, PHP_URL_PORT);

// Each host as written, with the port of the peer a connection to it reaches
// (the IPv6 peer listens on ::1, the IPv4 one on 127.0.0.1).
$hosts = [
    '[::]' => $p6, '[0:0:0:0:0:0:0:0]' => $p6, '0.0.0.0' => $p4, '0' => $p4, '0x0' => $p4,
    '[::127.0.0.1]' => $p4, '[::ffff:127.0.0.1]' => $p4, '[64:ff9b::7f00:1]' => $p4, '[2002:7f00:1::]' => $p4,
    'zero6.mih.test' => $p6, 'zero4.mih.test' => $p4, 'mapped.mih.test' => $p4, 'nat64.mih.test' => $p4,
    'sixtofour.mih.test' => $p4,
];
$quick = ['max_retries' => 0, 'cb_failure_threshold' => 100];

/** How one route to $url ended: "blocked", or what got through. */
function route(string $name, string $type, string $base, string $endpoint, ?string &$message = null): string {
    global $quick, $p4, $p6;
    services::save(['name' => $name, 'type' => $type, 'base_url' => $base] + $quick);
    $r = mih::request($name, $endpoint, [], 'GET');
    $message = str_replace([":$p4", ":$p6", "$p4", "$p6"], [':PORT', ':PORT', 'PORT', 'PORT'], (string) $r->error);
    if ($r->success) {
        return "REACHED ({$r->httpstatus})";
    }
    return str_starts_with($message, 'blocked: ') ? 'blocked' : "failed: $message";
}

$lists = [
    "Moodle's default list" => "127.0.0.0/8\n192.168.0.0/16\n10.0.0.0/8\n172.16.0.0/12\n0.0.0.0\nlocalhost\n169.254.169.254\n0000::1",
    'only 127.0.0.1/32 and localhost' => "127.0.0.1/32\nlocalhost",
];
$n = 0;
foreach ($lists as $label => $list) {
    mih::configure(['blocked_hosts' => $list, 'allowed_ports' => '']);
    echo "== $label ==\n";
    echo 'allowed host: ', route('front' . ++$n, 'rest', $front, '/x', $unused), "\n";
    foreach ($hosts as $host => $port) {
        $outcomes = [];
        $outcomes[] = 'direct ' . route('d' . ++$n, 'rest', "http://$host:$port", '/x', $message);
        $outcomes[] = 'redirect ' . route('r' . ++$n, 'rest', $front, '/redirect?to=' . rawurlencode("http://$host:$port/x"), $unused);
        $outcomes[] = 'wsdl ' . route('w' . ++$n, 'soap', "http://$host:$port/service.wsdl", 'Op', $unused);
        $outcomes[] = 'amqp ' . route('a' . ++$n, 'amqp', "amqp://guest:guest@$host:$port/", '/', $unused);
        printf("%-20s %s\n%20s (%s)\n", $host, implode(', ', $outcomes), '', $message);
    }
}
echo 'requests that reached the peers: ', mih_peer_count($peer4, '/x') + mih_peer_count($peer6, '/x')
    + mih_peer_count($peer4, '/service.wsdl') + mih_peer_count($peer6, '/service.wsdl'), "\n";
?>
--EXPECT--
== Moodle's default list ==
allowed host: REACHED (200)
[::]                 direct blocked, redirect blocked, wsdl blocked, amqp blocked
                     (blocked: address :: is this host (an unspecified address), and loopback is in the blocked hosts list)
[0:0:0:0:0:0:0:0]    direct blocked, redirect blocked, wsdl blocked, amqp blocked
                     (blocked: address :: is this host (an unspecified address), and loopback is in the blocked hosts list)
0.0.0.0              direct blocked, redirect blocked, wsdl blocked, amqp blocked
                     (blocked: address 0.0.0.0 is in the blocked hosts list)
0                    direct blocked, redirect blocked, wsdl blocked, amqp blocked
                     (blocked: address 0.0.0.0 is in the blocked hosts list)
0x0                  direct blocked, redirect blocked, wsdl blocked, amqp blocked
                     (blocked: address 0.0.0.0 is in the blocked hosts list)
[::127.0.0.1]        direct blocked, redirect blocked, wsdl blocked, amqp blocked
                     (blocked: address ::7f00:1 carries 127.0.0.1, which is in the blocked hosts list)
[::ffff:127.0.0.1]   direct blocked, redirect blocked, wsdl blocked, amqp blocked
                     (blocked: address 127.0.0.1 is in the blocked hosts list)
[64:ff9b::7f00:1]    direct blocked, redirect blocked, wsdl blocked, amqp blocked
                     (blocked: address 64:ff9b::7f00:1 carries 127.0.0.1, which is in the blocked hosts list)
[2002:7f00:1::]      direct blocked, redirect blocked, wsdl blocked, amqp blocked
                     (blocked: address 2002:7f00:1:: carries 127.0.0.1, which is in the blocked hosts list)
zero6.mih.test       direct blocked, redirect blocked, wsdl blocked, amqp blocked
                     (blocked: 'zero6.mih.test' resolves to ::, which is this host (an unspecified address), and loopback is in the blocked hosts list)
zero4.mih.test       direct blocked, redirect blocked, wsdl blocked, amqp blocked
                     (blocked: 'zero4.mih.test' resolves to 0.0.0.0, which is in the blocked hosts list)
mapped.mih.test      direct blocked, redirect blocked, wsdl blocked, amqp blocked
                     (blocked: 'mapped.mih.test' resolves to 127.0.0.1, which is in the blocked hosts list)
nat64.mih.test       direct blocked, redirect blocked, wsdl blocked, amqp blocked
                     (blocked: 'nat64.mih.test' resolves to 64:ff9b::7f00:1, which carries 127.0.0.1, which is in the blocked hosts list)
sixtofour.mih.test   direct blocked, redirect blocked, wsdl blocked, amqp blocked
                     (blocked: 'sixtofour.mih.test' resolves to 2002:7f00:1::, which carries 127.0.0.1, which is in the blocked hosts list)
== only 127.0.0.1/32 and localhost ==
allowed host: REACHED (200)
[::]                 direct blocked, redirect blocked, wsdl blocked, amqp blocked
                     (blocked: address :: is this host (an unspecified address), and loopback is in the blocked hosts list)
[0:0:0:0:0:0:0:0]    direct blocked, redirect blocked, wsdl blocked, amqp blocked
                     (blocked: address :: is this host (an unspecified address), and loopback is in the blocked hosts list)
0.0.0.0              direct blocked, redirect blocked, wsdl blocked, amqp blocked
                     (blocked: address 0.0.0.0 is this host (an unspecified address), and loopback is in the blocked hosts list)
0                    direct blocked, redirect blocked, wsdl blocked, amqp blocked
                     (blocked: address 0.0.0.0 is this host (an unspecified address), and loopback is in the blocked hosts list)
0x0                  direct blocked, redirect blocked, wsdl blocked, amqp blocked
                     (blocked: address 0.0.0.0 is this host (an unspecified address), and loopback is in the blocked hosts list)
[::127.0.0.1]        direct blocked, redirect blocked, wsdl blocked, amqp blocked
                     (blocked: address ::7f00:1 carries 127.0.0.1, which is in the blocked hosts list)
[::ffff:127.0.0.1]   direct blocked, redirect blocked, wsdl blocked, amqp blocked
                     (blocked: address 127.0.0.1 is in the blocked hosts list)
[64:ff9b::7f00:1]    direct blocked, redirect blocked, wsdl blocked, amqp blocked
                     (blocked: address 64:ff9b::7f00:1 carries 127.0.0.1, which is in the blocked hosts list)
[2002:7f00:1::]      direct blocked, redirect blocked, wsdl blocked, amqp blocked
                     (blocked: address 2002:7f00:1:: carries 127.0.0.1, which is in the blocked hosts list)
zero6.mih.test       direct blocked, redirect blocked, wsdl blocked, amqp blocked
                     (blocked: 'zero6.mih.test' resolves to ::, which is this host (an unspecified address), and loopback is in the blocked hosts list)
zero4.mih.test       direct blocked, redirect blocked, wsdl blocked, amqp blocked
                     (blocked: 'zero4.mih.test' resolves to 0.0.0.0, which is this host (an unspecified address), and loopback is in the blocked hosts list)
mapped.mih.test      direct blocked, redirect blocked, wsdl blocked, amqp blocked
                     (blocked: 'mapped.mih.test' resolves to 127.0.0.1, which is in the blocked hosts list)
nat64.mih.test       direct blocked, redirect blocked, wsdl blocked, amqp blocked
                     (blocked: 'nat64.mih.test' resolves to 64:ff9b::7f00:1, which carries 127.0.0.1, which is in the blocked hosts list)
sixtofour.mih.test   direct blocked, redirect blocked, wsdl blocked, amqp blocked
                     (blocked: 'sixtofour.mih.test' resolves to 2002:7f00:1::, which carries 127.0.0.1, which is in the blocked hosts list)
requests that reached the peers: 0
