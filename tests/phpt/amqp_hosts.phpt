--TEST--
AMQP broker hosts: an IPv6 literal broker connects; every URL services::save accepts is one mih::request can use, and a bad host is a base_url field error
--SKIPIF--
<?php if (!@fsockopen('127.0.0.1', 5672)) die('skip no RabbitMQ on 127.0.0.1:5672'); ?>
--FILE--
<?php
require __DIR__ . '/helpers.inc';
require '/usr/share/php/PhpAmqpLib/autoload.php';
use local_integrationhub\{mih, services, mih_exception};
mih_test_store();
$q = 'mih_phpt_hosts_' . getmypid();
$broker = new PhpAmqpLib\Connection\AMQPStreamConnection('127.0.0.1', 5672, 'guest', 'guest');
$ch = $broker->channel();
$ch->queue_declare($q, false, true, false, false);
register_shutdown_function(fn() => $ch->queue_delete($q));

// RabbitMQ listens on 127.0.0.1 only: a relay on [::1] stands in for a broker reached over IPv6.
$port = mih_free_port();
mih_start_peer(['socat', "TCP6-LISTEN:$port,bind=[::1],fork,reuseaddr", 'TCP4:127.0.0.1:5672'], $port, [], '/dev/null', '::1');
services::save(['name' => 'v6', 'type' => 'amqp', 'max_retries' => 0,
    'base_url' => "amqp://guest:guest@[::1]:$port/%2f?queue_declare=$q"]);
$r = mih::request('v6', '/', ['via' => 'ipv6']);
echo 'publish over [::1]: ', json_encode([$r->success, $r->error]), "\n";
$m = $ch->basic_get($q, true);
echo 'consumed: ', $m ? $m->getBody() : 'nothing', "\n";
services::save(['name' => 'v6long', 'type' => 'amqp', 'max_retries' => 0,
    'base_url' => "amqp://guest:guest@[0:0:0:0:0:0:0:1]:$port/%2f?queue_declare=$q"]);
echo 'publish over [0:0:0:0:0:0:0:1]: ', json_encode(mih::request('v6long', '/', [])->success), "\n";
$ch->basic_get($q, true);

// Hosts that are not names or addresses are refused when saved, naming the field.
foreach (['amqp://guest:guest@o177.0.0.1:5672/', 'amqp://guest:guest@1.2.3.4.5/', 'amqp://guest:guest@0x7g.1/',
        'amqp://guest:guest@exa%20mple/', 'amqp://guest:guest@[::1/'] as $i => $url) {
    try {
        services::save(['name' => "bad$i", 'type' => 'amqp', 'base_url' => $url]);
        echo "saved $url: ", json_encode(mih::request("bad$i", '/', [])->error), "\n";
    } catch (mih_exception $e) {
        echo "refused $url: ", json_encode($e->fielderrors), "\n";
    }
}
// Address spellings are the address: what the guard checks is what is connected to.
services::save(['name' => 'octal', 'type' => 'amqp', 'max_retries' => 0,
    'base_url' => "amqp://guest:guest@0177.1:5672/%2f?queue_declare=$q"]);
echo 'publish to 0177.1: ', json_encode(mih::request('octal', '/', [])->success), "\n";
?>
--EXPECT--
publish over [::1]: [true,null]
consumed: {"via":"ipv6"}
publish over [0:0:0:0:0:0:0:1]: true
refused amqp://guest:guest@o177.0.0.1:5672/: {"base_url":"host 'o177.0.0.1' is not a host name or IP address (invalid IPv4 address)"}
refused amqp://guest:guest@1.2.3.4.5/: {"base_url":"host '1.2.3.4.5' is not a host name or IP address (invalid IPv4 address)"}
refused amqp://guest:guest@0x7g.1/: {"base_url":"host '0x7g.1' is not a host name or IP address (invalid IPv4 address)"}
refused amqp://guest:guest@exa%20mple/: {"base_url":"host 'exa%20mple' is not a host name or IP address (invalid international domain name)"}
refused amqp://guest:guest@[::1/: {"base_url":"not a valid URL (invalid IPv6 address); expected amqp or amqps:\/\/host\/..."}
publish to 0177.1: true
