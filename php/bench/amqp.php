<?php
// AMQP publish cost, one run, the local RabbitMQ, publishes interleaved:
//   (a) mih::request, publisher confirms, breaker and log included
//   (b) php-amqplib (Debian), one persistent connection, publisher confirms
//   (c) php-amqplib connecting per publish, as a PHP web request does
//   (d) php-amqplib as (b) but with transient messages: the broker's confirm
//       without its disk sync, to show how much of (a) and (b) is the broker
//
// Run: make bench   (php -n -d extension=sockets -d extension=mbstring -d extension=target/release/libmih.so php/bench/amqp.php)

use local_integrationhub\{mih, services};
use PhpAmqpLib\Connection\AMQPStreamConnection;
use PhpAmqpLib\Message\AMQPMessage;

require __DIR__ . '/lib.php';
require '/usr/share/php/PhpAmqpLib/autoload.php';

if (!@fsockopen('127.0.0.1', 5672)) {
    echo "No RabbitMQ on 127.0.0.1:5672: AMQP benchmark skipped.\n";
    return;
}
$calls = (int) ($argv[1] ?? 2000);
$rounds = (int) ($argv[2] ?? 10);
$workdir = sys_get_temp_dir() . '/mih-bench-amqp-' . getmypid();
$queue = 'mih_bench_' . getmypid();
mih::configure(['store' => "$workdir/hub.sqlite"]);
services::save(['name' => 'rabbit', 'type' => 'amqp', 'base_url' => "amqp://127.0.0.1/?queue_declare=$queue"]);
$payload = ['userid' => 5, 'action' => 'created', 'courseid' => 12];

/** Publishes one JSON message (persistent unless told) and waits for the broker's confirm. */
function amqplib_publish($channel, string $queue, array $payload, bool $persistent = true): void {
    $mode = $persistent ? AMQPMessage::DELIVERY_MODE_PERSISTENT : AMQPMessage::DELIVERY_MODE_NON_PERSISTENT;
    $channel->basic_publish(new AMQPMessage(json_encode($payload),
        ['content_type' => 'application/json', 'delivery_mode' => $mode]), '', $queue);
    $channel->wait_for_pending_acks(5);
}

$persistent = new AMQPStreamConnection('127.0.0.1', 5672, 'guest', 'guest');
$channel = $persistent->channel();
$channel->confirm_select();
register_shutdown_function(function () use ($channel, $queue, $workdir) {
    $channel->queue_delete($queue);
    exec('rm -rf ' . escapeshellarg($workdir));
});
$figures = bench_interleaved([
    '(a) mih::request with confirms' => function () use ($payload) {
        if (!mih::request('rabbit', '/', $payload)->success) {
            throw new RuntimeException('mih publish failed');
        }
    },
    '(b) php-amqplib, persistent, confirms' => fn() => amqplib_publish($channel, $queue, $payload),
    '(c) php-amqplib, connect per publish' => function () use ($queue, $payload) {
        $connection = new AMQPStreamConnection('127.0.0.1', 5672, 'guest', 'guest');
        $ch = $connection->channel();
        $ch->confirm_select();
        amqplib_publish($ch, $queue, $payload);
        $ch->close();
        $connection->close();
    },
    '(d) php-amqplib, transient, confirms' => fn() => amqplib_publish($channel, $queue, $payload, false),
], $calls, $rounds);
bench_report("AMQP publish to RabbitMQ on loopback, $calls publishes each in $rounds interleaved rounds", $figures,
    '(b) php-amqplib, persistent, confirms');
