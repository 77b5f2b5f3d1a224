--TEST--
AMQP routing keys over 255 bytes (an endpoint, or a rule's endpoint built from event data) are a failed, logged response naming the limit: never a panic, not retried, not counted by the breaker
--SKIPIF--
<?php if (!@fsockopen('127.0.0.1', 5672)) die('skip no RabbitMQ on 127.0.0.1:5672'); ?>
--FILE--
<?php
require __DIR__ . '/helpers.inc';
require '/usr/share/php/PhpAmqpLib/autoload.php';
use local_integrationhub\{mih, services, rules, bridge, request_log};
mih_test_store();
$x = 'mih_phpt_rk_' . getmypid();
$broker = new PhpAmqpLib\Connection\AMQPStreamConnection('127.0.0.1', 5672, 'guest', 'guest');
$ch = $broker->channel();
$ch->exchange_declare($x, 'topic', false, false, true);
register_shutdown_function(function () use ($ch, $x) {
    $ch->queue_delete($x);
    $ch->exchange_delete($x);
});
$id = services::save(['name' => 'rabbit', 'type' => 'amqp', 'max_retries' => 3, 'retry_backoff' => 0, 'cb_failure_threshold' => 1,
    'base_url' => "amqp://guest:guest@127.0.0.1:5672/%2f?exchange=$x&routing_key=course.%23&queue_declare=$x"]);

$key255 = 'course.' . str_repeat('k', 248);
$r = mih::request('rabbit', $key255, ['n' => 255]);
$m = $ch->basic_get($x, true);
echo '255 bytes: ', json_encode([$r->success, $r->error]), ' delivered with that key: ', json_encode($m && $m->getRoutingKey() === $key255), "\n";

$r = mih::request('rabbit', $key255 . 'k', ['n' => 256]);
echo '256 bytes: ', json_encode([$r->success, $r->httpstatus, $r->attempts, $r->error]), "\n";
$r = mih::request('rabbit', '/' . str_repeat('é', 200), []);
echo '400 bytes of UTF-8: ', json_encode([$r->success, $r->error], JSON_UNESCAPED_UNICODE), "\n";

// A rule endpoint built from event data.
$rule = rules::save(['eventname' => '\core\event\course_created', 'serviceid' => $id, 'endpoint' => 'course.{{other.shortname}}']);
$r = bridge::dispatch($rule, ['eventname' => '\core\event\course_created', 'other' => ['shortname' => str_repeat('c', 300)]]);
echo 'rule endpoint: ', json_encode([$r->success, $r->attempts, $r->error]), "\n";

$row = request_log::query(['ruleid' => $rule], 1)[0];
echo 'logged: success=', json_encode((bool) $row['success']), ' error=', $row['error'], "\n";
$row = services::all()[0];
echo "breaker: {$row['state']} failures={$row['failures']}\n";
echo 'still publishes: ', json_encode(mih::request('rabbit', 'course.ok', [])->success), "\n";
?>
--EXPECT--
255 bytes: [true,null] delivered with that key: true
256 bytes: [false,null,1,"routing key is 256 bytes long; AMQP allows at most 255"]
400 bytes of UTF-8: [false,"routing key is 400 bytes long; AMQP allows at most 255"]
rule endpoint: [false,1,"routing key is 307 bytes long; AMQP allows at most 255"]
logged: success=false error=routing key is 307 bytes long; AMQP allows at most 255
breaker: closed failures=0
still publishes: true
