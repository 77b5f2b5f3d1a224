<?php
// The plain PHP page of the AMQP benchmark: what PHP code does today for one
// confirmed publish in a web request, with php-amqplib: a new connection per
// request (nothing outlives a request), publisher confirms, a persistent
// message to the queue MIH_BENCH_QUEUE, which the benchmark declared. A
// publish the broker did not confirm answers 502, so wrk counts it.
use PhpAmqpLib\Connection\AMQPStreamConnection;
use PhpAmqpLib\Message\AMQPMessage;

require '/usr/share/php/PhpAmqpLib/autoload.php';

$connection = new AMQPStreamConnection('127.0.0.1', 5672, 'guest', 'guest');
$channel = $connection->channel();
$channel->confirm_select();
$confirmed = false;
$channel->set_ack_handler(function () use (&$confirmed) {
    $confirmed = true;
});
$channel->basic_publish(new AMQPMessage(json_encode(['n' => 1]),
    ['content_type' => 'application/json', 'delivery_mode' => AMQPMessage::DELIVERY_MODE_PERSISTENT]),
    '', getenv('MIH_BENCH_QUEUE'));
$channel->wait_for_pending_acks(5);
$channel->close();
$connection->close();
http_response_code($confirmed ? 200 : 502);
header('Content-Type: text/plain');
echo getmypid(), ' ', $confirmed ? 'ok' : 'failed: not confirmed', "\n";
