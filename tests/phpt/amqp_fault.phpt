--TEST--
AMQP fault: the broker closes every connection in the middle of 1000 publishes; no message is lost or reported published and missing
--SKIPIF--
<?php
if (!@fsockopen('127.0.0.1', 5672)) die('skip no RabbitMQ on 127.0.0.1:5672');
exec('command -v rabbitmqctl', $out, $rc);
if ($rc !== 0) die('skip rabbitmqctl not available');
?>
--FILE--
<?php
require __DIR__ . '/helpers.inc';
require '/usr/share/php/PhpAmqpLib/autoload.php';
use local_integrationhub\{mih, services};
mih_test_store();
$q = 'mih_fault_' . getmypid();
services::save(['name' => 'rabbit', 'type' => 'amqp', 'max_retries' => 2, 'retry_backoff' => 0, 'cb_failure_threshold' => 100,
    'timeout' => 5, 'base_url' => "amqp://127.0.0.1/?queue_declare=$q"]);

$confirmed = [];
$failed = 0;
$closer = null;
$closedduring = false;
for ($i = 0; $i < 1000; $i++) {
    if ($i === 100) {
        // Closes every client connection of the broker (it takes the CLI a moment to start).
        $closer = proc_open(['rabbitmqctl', 'close_all_connections', 'mih fault test'],
            [1 => ['file', '/dev/null', 'w'], 2 => ['file', '/dev/null', 'w']], $pipes);
    }
    $r = mih::request('rabbit', '/', ['n' => $i]);
    if ($r->success) {
        $confirmed[$r->json()['message_id']] = $i;
    } else {
        $failed++;
    }
    if ($closer && !$closedduring && !proc_get_status($closer)['running']) {
        $closedduring = $i < 999;
    }
    usleep(2000);
}
if ($closer) {
    proc_close($closer);
}

$broker = new PhpAmqpLib\Connection\AMQPStreamConnection('127.0.0.1', 5672, 'guest', 'guest');
$ch = $broker->channel();
$inqueue = [];
while ($m = $ch->basic_get($q, true)) {
    $inqueue[$m->get('message_id')] = true;
}
$ch->queue_delete($q);
$missing = array_diff_key($confirmed, $inqueue);
echo 'connections closed during the run: ', var_export($closedduring, true), "\n";
echo 'every call answered: ', var_export(count($confirmed) + $failed === 1000, true), "\n";
echo 'confirmed but missing from the queue: ', count($missing), "\n";
echo 'most were confirmed: ', var_export(count($confirmed) > 900, true), "\n";
?>
--EXPECT--
connections closed during the run: true
every call answered: true
confirmed but missing from the queue: 0
most were confirmed: true
