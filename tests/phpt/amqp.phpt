--TEST--
AMQP: publishes to the real RabbitMQ with confirms, routing-key override, persistence, dead letter queue for unroutable messages
--SKIPIF--
<?php if (!@fsockopen('127.0.0.1', 5672)) die('skip no RabbitMQ on 127.0.0.1:5672'); ?>
--FILE--
<?php
require __DIR__ . '/helpers.inc';
require '/usr/share/php/PhpAmqpLib/autoload.php';
use local_integrationhub\{mih, services, rules, bridge, dlq, request_log, mih_exception};
mih_test_store();
$q = 'mih_phpt_' . getmypid();
$exchange = "{$q}_x";
$broker = new PhpAmqpLib\Connection\AMQPStreamConnection('127.0.0.1', 5672, 'guest', 'guest');
$ch = $broker->channel();
$ch->exchange_declare($exchange, 'topic', false, false, true);
register_shutdown_function(function () use ($ch, $q, $exchange) {
    foreach ([$q, "{$q}_dlq", "{$q}_events"] as $queue) {
        $ch->queue_delete($queue);
    }
    $ch->exchange_delete($exchange);
});

// The Connection Builder's URL: default exchange, routing key, queue to declare, DLQ.
services::save(['name' => 'rabbit', 'type' => 'amqp', 'max_retries' => 0, 'cb_failure_threshold' => 100,
    'base_url' => "amqp://guest:guest@127.0.0.1:5672/%2f?routing_key=$q&queue_declare=$q&dlq={$q}_dlq"]);
$r = mih::request('rabbit', '/', ['userid' => 5, 'name' => "Zoë \"Z\""]);
echo 'publish: ', json_encode([$r->success, $r->httpstatus, $r->error, $r->attempts]), "\n";
$receipt = $r->json();
$m = $ch->basic_get($q, true);
echo 'consumed: ', $m->getBody(), ' key=', $m->getRoutingKey() === $q ? 'queue name' : $m->getRoutingKey(),
    ' persistent=', $m->get('delivery_mode') === 2 ? 'yes' : 'no', ' type=', $m->get('content_type'),
    ' id matches receipt=', var_export($m->get('message_id') === $receipt['message_id'], true),
    ' timestamp=', var_export(abs($m->get('timestamp') - time()) < 5, true), "\n";

// An Event Bridge delivery carries its idempotency key as the message id; a replay carries it again.
$rule = rules::save(['eventname' => '\core\event\user_created', 'serviceid' => services::get('rabbit')['id'],
    'payload_template' => '{"user": {{objectid}}}']);
bridge::enqueue(['eventname' => '\core\event\user_created', 'objectid' => 9]);
$report = bridge::drain();
$m = $ch->basic_get($q, true);
echo 'delivered: ', $report['delivered'], ' ', $m->getBody(), ' message id is a key: ', preg_match('/^[0-9a-f]{32}$/', $m->get('message_id')), "\n";
rules::delete($rule);
$r = dlq::replay(dlq::push(['serviceid' => services::get('rabbit')['id'], 'payload' => ['again' => 1], 'delivery_id' => 'key-from-a-delivery']));
echo 'replayed: ', var_export($r->success, true), ' message id ', $ch->basic_get($q, true)->get('message_id'), "\n";

// Routing-key override through an exchange bound to the declared queue.
services::save(['name' => 'topic', 'type' => 'amqp', 'max_retries' => 0, 'cb_failure_threshold' => 100,
    'base_url' => "amqp://127.0.0.1/?exchange=$exchange&routing_key=events.%23&queue_declare={$q}_events"]);
$r = mih::request('topic', 'events.user.created', ['e' => 1]);
$m = $ch->basic_get("{$q}_events", true);
echo 'override: ', var_export($r->success, true), ' ', $m->getRoutingKey(), ' ', $m->getBody(), "\n";

// Unroutable with mandatory publishing: a failure, and the message is kept in the DLQ.
$r = mih::request('rabbit', 'no.such.key', ['lost' => false]);
echo 'unroutable: ', var_export($r->success, true), ' ', str_replace($q, 'Q', $r->error), "\n";
$d = $ch->basic_get("{$q}_dlq", true);
echo 'in the DLQ queue: ', $d ? $d->getBody() : 'nothing', "\n";

// A queue that exists with other arguments is a clear failure, not a broken call path.
services::save(['name' => 'clash', 'type' => 'amqp', 'max_retries' => 0, 'cb_failure_threshold' => 100,
    'base_url' => "amqp://127.0.0.1/?queue_declare=$q"]);
$r = mih::request('clash', '/', ['x' => 1]);
echo 'clash: ', var_export($r->success, true), ' ', preg_replace('/ on amqp.*/', ' …', str_replace($q, 'Q', $r->error)), "\n";
echo 'rabbit still publishes: ', var_export(mih::request('rabbit', '/', [])->success, true), "\n";

// Bad URLs are refused when saved, field by field; the password is never echoed.
foreach (["amqp://u:secretpw@h:99999/", "amqp://u:secretpw@h/?colour=red", "amqp:///v", "amqp://h/?dlq=d"] as $url) {
    try {
        services::save(['name' => 'bad', 'type' => 'amqp', 'base_url' => $url]);
    } catch (mih_exception $e) {
        echo 'refused: ', $e->fielderrors['base_url'], str_contains($e->getMessage(), 'secretpw') ? ' LEAK' : '', "\n";
    }
}
// The SSRF guard's broker cases run in a namespace: tests/netns/ssrf.phpt.
echo 'broker down: ';
services::save(['name' => 'down', 'type' => 'amqp', 'max_retries' => 1, 'retry_backoff' => 0,
    'base_url' => 'amqp://127.0.0.1:' . mih_free_port() . '/']);
$r = mih::request('down', '/', []);
echo json_encode([$r->success, $r->attempts]), ' ', preg_replace('/:\d+/', ':PORT', explode(': ', $r->error, 2)[0]), "\n";
$rows = request_log::query(['serviceid' => services::get('rabbit')['id']]);
echo 'logged: ', count($rows), ' as ', $rows[0]['http_method'], "\n";
?>
--EXPECT--
publish: [true,null,null,1]
consumed: {"userid":5,"name":"Zoë \"Z\""} key=queue name persistent=yes type=application/json id matches receipt=true timestamp=true
delivered: 1 {"user":9} message id is a key: 1
replayed: true message id key-from-a-delivery
override: true events.user.created {"e":1}
unroutable: false unroutable: the broker returned the message (312 NO_ROUTE) for routing key 'no.such.key'; stored in dead letter queue 'Q_dlq'
in the DLQ queue: {"lost":false}
clash: false cannot declare queue 'Q' …
rabbit still publishes: true
refused: not a valid URL (invalid port number); expected amqp or amqps://host/...
refused: unknown option 'colour'; use exchange, routing_key, queue_declare, dlq or verify
refused: must name a host
refused: dlq needs queue_declare: the dead letter queue belongs to the declared queue
broker down: [false,2] cannot connect to amqp://127.0.0.1:PORT/%2F
logged: 5 as AMQP
