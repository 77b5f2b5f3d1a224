--TEST--
AMQP response queues (MIH 2.0's response_queue) against the real RabbitMQ: messages taken unacknowledged, the ones whose events fired acknowledged, the rest given back and redelivered, a message that is not JSON acknowledged and logged — read back from the broker
--SKIPIF--
<?php if (!@fsockopen('127.0.0.1', 5672)) die('skip RabbitMQ is not on 127.0.0.1:5672'); ?>
--FILE--
<?php
require __DIR__ . '/helpers.inc';
require '/usr/share/php/PhpAmqpLib/autoload.php';
use local_integrationhub\{services, responses, request_log, mih_exception};
use PhpAmqpLib\Message\AMQPMessage;
mih_test_store();
$q = 'mih_phpt_responses_' . getmypid();
$broker = new PhpAmqpLib\Connection\AMQPStreamConnection('127.0.0.1', 5672, 'guest', 'guest');
$ch = $broker->channel();
$ch->queue_declare($q, false, false, false, false);
register_shutdown_function(fn() => $ch->queue_delete($q));
foreach (['{"grade": 1}', '{"grade": 2}', 'not json at all', '[3]', '{"grade": 4}'] as $body) {
    $ch->basic_publish(new AMQPMessage($body), '', $q);
}
$id = services::save(['name' => 'rabbit', 'type' => 'amqp', 'base_url' => 'amqp://guest:guest@127.0.0.1:5672/%2f',
    'response_queue' => $q]);
echo 'stored: ', services::get('rabbit')['response_queue'] === $q ? 'the queue' : 'not', "\n";

// As the scheduled task does: fire an event per message; a failure gives it and the rest back.
$taken = responses::take('rabbit', 3);
echo 'taken: ', json_encode(array_column($taken, 'payload')), "\n";
responses::settle('rabbit', [$taken[0]['tag']], [$taken[1]['tag'], $taken[2]['tag']]);

$taken = responses::take('rabbit', 50);
echo 'taken again: ', json_encode(array_column($taken, 'payload')), "\n";
responses::settle('rabbit', array_column($taken, 'tag'), []);
echo 'left on the broker: ', var_export($ch->basic_get($q, true), true), "\n";

// Each take logs what it took: the two given back are logged again when taken again.
$rows = request_log::query(['direction' => 'inbound']);
echo 'inbound rows: ', count($rows), ', dropped: ', implode(' | ', array_column(array_filter($rows, fn($r) => !$r['success']), 'error')), "\n";
echo 'endpoint: ', str_replace($q, 'Q', $rows[0]['endpoint']), "\n";

foreach ([['name' => 'web', 'base_url' => 'http://127.0.0.1:9/', 'response_queue' => 'q'],
        ['name' => 'bad', 'type' => 'amqp', 'base_url' => 'amqp://127.0.0.1/', 'response_queue' => "a\nb"]] as $fields) {
    try {
        services::save($fields);
    } catch (mih_exception $e) {
        echo 'refused: ', $e->fielderrors['response_queue'], "\n";
    }
}
try {
    responses::take('rabbit-none', 1);
} catch (mih_exception $e) {
    echo $e->errorcode, "\n";
}
?>
--EXPECT--
stored: the queue
taken: [{"grade":1},{"grade":2},[3]]
taken again: [{"grade":2},[3],{"grade":4}]
left on the broker: NULL
inbound rows: 7, dropped: Invalid JSON: expected ident at line 1 column 2; acknowledged and dropped: not json at all
endpoint: amqp:Q
refused: only AMQP services read a response queue
refused: must not contain control characters
service_not_found
