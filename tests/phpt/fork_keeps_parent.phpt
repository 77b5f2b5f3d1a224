--TEST--
fork() keeps the parent's state: proc_open does not rebuild its AMQP connection; a fork while another process locks the store neither waits for the lock nor loses the pending log rows; the child forked mid-commit refuses the SQLite store with a clear error
--SKIPIF--
<?php if (!@fsockopen('127.0.0.1', 5672)) die('skip no RabbitMQ on 127.0.0.1:5672'); ?>
--FILE--
<?php
require __DIR__ . '/helpers.inc';
require '/usr/share/php/PhpAmqpLib/autoload.php';
use local_integrationhub\{mih, services, request_log, mih_exception};
$store = mih_test_store();
$peer = mih_test_peer();
services::save(['name' => 'api', 'base_url' => $peer, 'max_retries' => 0]);
$q = 'mih_phpt_fork_' . getmypid();
services::save(['name' => 'rabbit', 'type' => 'amqp', 'max_retries' => 0,
    'base_url' => "amqp://guest:guest@127.0.0.1:5672/%2f?routing_key=$q&queue_declare=$q"]);
register_shutdown_function(function () use ($q) {
    $broker = new PhpAmqpLib\Connection\AMQPStreamConnection('127.0.0.1', 5672, 'guest', 'guest');
    $broker->channel()->queue_delete($q);
});

/** The local ports of this process's connections to RabbitMQ. */
function broker_ports(): array {
    preg_match_all('/127\.0\.0\.1:(\d+)\s+127\.0\.0\.1:5672\s.*pid=' . getmypid() . ',/',
        (string) shell_exec("ss -Htnp state established '( dport = :5672 )'"), $m);
    sort($m[1]);
    return $m[1];
}

echo "1. proc_open keeps the parent's AMQP connection:\n";
var_dump(mih::request('rabbit', '/', ['n' => 1])->success);
$before = broker_ports();
for ($i = 0; $i < 3; $i++) {
    $process = proc_open(['true'], [], $pipes);
    proc_close($process);
    $published = mih::request('rabbit', '/', ['n' => $i]);
}
echo '   published after: ', var_export($published->success, true), ', same connection: ',
    var_export($before !== [] && broker_ports() === $before, true), "\n";

echo "2. Another process holds the store's write lock:\n";
$release = "$store.release";
$locker = proc_open(['python3', '-c', 'import sqlite3, sys, os, time
c = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=10)
c.execute("BEGIN IMMEDIATE")
print("locked", flush=True)
while not os.path.exists(sys.argv[2]):
    time.sleep(0.01)
c.execute("COMMIT")', $store, $release], [1 => ['pipe', 'w']], $pipes);
echo '   ', trim(fgets($pipes[1])), "\n";
for ($i = 0; $i < 20; $i++) {
    mih::request('api', "/while-locked-$i");
}
usleep(100000); // the log writer is now waiting for the lock, mid-commit

$pid = pcntl_fork();
if ($pid === 0) {
    try {
        mih::request('api', '/from-child');
        echo "   child: the call went through\n";
    } catch (mih_exception $e) {
        echo "   child: {$e->errorcode}: {$e->getMessage()}\n";
    }
    exit(0);
}
pcntl_waitpid($pid, $status);
echo '   the lock was still held when fork returned: ', var_export(!file_exists($release) && proc_get_status($locker)['running'], true), "\n";
$process = proc_open(['true'], [], $pipes2);
echo '   proc_open while locked exits: ', proc_close($process), "\n";
var_dump(mih::request('api', '/parent-after-fork')->success);

touch($release);
proc_close($locker);
$endpoints = array_column(request_log::query([], 100), 'endpoint');
echo '   rows logged once the lock is gone: ', count(array_filter($endpoints, fn($e) => str_starts_with($e, '/while-locked-'))),
    " of 20 while locked, parent after fork: ", in_array('/parent-after-fork', $endpoints, true) ? 'yes' : 'no', "\n";
?>
--EXPECT--
1. proc_open keeps the parent's AMQP connection:
bool(true)
   published after: true, same connection: true
2. Another process holds the store's write lock:
   locked
   child: store_error: store: this process was forked while its parent was writing to the SQLite store; it cannot use that store safely (the parent can): start a new PHP process
   the lock was still held when fork returned: true
   proc_open while locked exits: 0
bool(true)
   rows logged once the lock is gone: 20 of 20 while locked, parent after fork: yes
