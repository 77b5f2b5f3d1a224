--TEST--
amqps verifies the broker's certificate: a TLS listener (stunnel) with a test CA is refused until that CA is trusted
--SKIPIF--
<?php
if (!@fsockopen('127.0.0.1', 5672)) die('skip no RabbitMQ on 127.0.0.1:5672');
exec('command -v stunnel4 && command -v openssl', $out, $rc);
if ($rc !== 0) die('skip stunnel4 or openssl missing');
?>
--FILE--
<?php
require __DIR__ . '/helpers.inc';
require '/usr/share/php/PhpAmqpLib/autoload.php';
use local_integrationhub\{mih, services};
mih_test_store();
$dir = sys_get_temp_dir() . '/mih-amqps-' . getmypid();
mkdir($dir, 0700);
register_shutdown_function(fn() => exec('rm -rf ' . escapeshellarg($dir)));

// A CA of the test's own, and a server certificate for 127.0.0.1 signed by it.
file_put_contents("$dir/san.cnf", "subjectAltName=IP:127.0.0.1,DNS:localhost\n");
foreach ([
    "openssl req -x509 -newkey rsa:2048 -nodes -keyout $dir/ca.key -out $dir/ca.pem -days 1 -subj '/CN=MIH test CA'",
    "openssl req -newkey rsa:2048 -nodes -keyout $dir/server.key -out $dir/server.csr -subj '/CN=127.0.0.1'",
    "openssl x509 -req -in $dir/server.csr -CA $dir/ca.pem -CAkey $dir/ca.key -CAcreateserial -out $dir/server.pem -days 1 -extfile $dir/san.cnf",
] as $command) {
    exec("$command 2>/dev/null", $out, $rc);
    if ($rc !== 0) {
        die("certificate set-up failed: $command\n");
    }
}
$port = mih_free_port();
file_put_contents("$dir/stunnel.conf", "foreground = yes\npid =\n[amqps]\naccept = 127.0.0.1:$port\n"
    . "connect = 127.0.0.1:5672\ncert = $dir/server.pem\nkey = $dir/server.key\n");
mih_start_peer(['stunnel4', "$dir/stunnel.conf"], $port);

$q = 'mih_amqps_' . getmypid();
services::save(['name' => 'tls', 'type' => 'amqp', 'max_retries' => 0, 'cb_failure_threshold' => 100,
    'base_url' => "amqps://guest:guest@127.0.0.1:$port/%2f?queue_declare=$q"]);

$r = mih::request('tls', '/', ['n' => 1]);
echo 'untrusted CA: ', var_export($r->success, true), ' ', str_replace($port, 'PORT', $r->error), "\n";

// verify=0 turns the check off, and the service says so.
services::save(['name' => 'tls-unverified', 'type' => 'amqp', 'max_retries' => 0, 'cb_failure_threshold' => 100,
    'base_url' => "amqps://guest:guest@127.0.0.1:$port/%2f?queue_declare=$q&verify=0"]);
$r = mih::request('tls-unverified', '/', ['n' => 'unverified']);
echo 'verify=0: ', var_export($r->success, true), ' warning: ', json_encode(services::get('tls-unverified')['warnings']), "\n";
echo 'verified service has no warning: ', json_encode(services::get('tls')['warnings']), "\n";

putenv("SSL_CERT_FILE=$dir/ca.pem"); // the system's trust store, as the site would configure it
$r = mih::request('tls', '/', ['n' => 2]);
echo 'trusted CA: ', var_export($r->success, true), ' ', $r->error, "\n";

$broker = new PhpAmqpLib\Connection\AMQPStreamConnection('127.0.0.1', 5672, 'guest', 'guest');
$ch = $broker->channel();
$bodies = [];
while ($m = $ch->basic_get($q, true)) {
    $bodies[] = $m->getBody();
}
echo 'delivered over TLS: ', implode(' ', $bodies), "\n";
$ch->queue_delete($q);
?>
--EXPECT--
untrusted CA: false cannot connect to amqps://127.0.0.1:PORT/%2F: IO error: invalid peer certificate: UnknownIssuer
verify=0: true warning: ["TLS certificate verification is off (verify=0): anyone on the path can impersonate the broker"]
verified service has no warning: []
trusted CA: true 
delivered over TLS: {"n":"unverified"} {"n":2}
