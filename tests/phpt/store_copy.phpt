--TEST--
stores::copy moves a site's SQLite store into PostgreSQL and MariaDB: services with their tokens, rules, the events waiting for delivery, the DLQ; the site then works on the new store; an occupied target is refused
--SKIPIF--
<?php
exec('command -v psql && command -v mysql', $out, $rc);
if ($rc !== 0) die('skip psql or mysql client missing');
if (!@fsockopen('127.0.0.1', 5432) || !@fsockopen('127.0.0.1', 3306)) die('skip PostgreSQL or MariaDB not on loopback');
?>
--FILE--
<?php
require __DIR__ . '/helpers.inc';
use local_integrationhub\{mih, services, rules, dlq, stores, bridge, mih_exception};

$sqlite = mih_test_store();
$peer = mih_test_peer();
$id = services::save(['name' => 'api', 'base_url' => $peer, 'auth_type' => 'bearer', 'auth_token' => 'Tok-3n-value-long']);
$rule = rules::save(['eventname' => '\core\event\user_created', 'serviceid' => $id, 'endpoint' => '/created']);
dlq::push(['eventname' => '\core\event\user_created', 'ruleid' => $rule, 'serviceid' => $id, 'payload' => ['n' => 1], 'error' => 'HTTP 503']);
bridge::enqueue(['eventname' => '\core\event\user_created', 'objectid' => 3], null, 2, 'HTTP 500');

$db = 'mih_phpt_copy_' . getmypid();
$targets = [
    'postgresql' => ["postgresql://postgres@127.0.0.1:5432/$db?prefix=mdl_", "psql -h 127.0.0.1 -U postgres -qc 'CREATE DATABASE $db'",
        "psql -h 127.0.0.1 -U postgres -qc 'DROP DATABASE IF EXISTS $db WITH (FORCE)'"],
    'mariadb' => ["mysql://root@127.0.0.1:3306/$db?prefix=mdl_", "mysql -h 127.0.0.1 -uroot -e 'CREATE DATABASE $db'",
        "mysql -h 127.0.0.1 -uroot -e 'DROP DATABASE IF EXISTS $db'"],
];
foreach ($targets as $name => [$url, $create, $drop]) {
    exec($create);
    register_shutdown_function(fn() => exec("$drop 2>&1"));
    echo "$name: copied ", json_encode(stores::copy($sqlite, $url)), "\n";
    try {
        stores::copy($sqlite, $url);
    } catch (mih_exception $e) {
        echo "  again: {$e->errorcode}: {$e->getMessage()}\n";
    }
    mih::configure(['store' => $url]);
    $moved = services::get('api');
    echo '  token kept: ', mih::request('api', '/t')->json()['authorization'], "\n";
    $ruleid = rules::all()[0]['id'];
    echo '  rule on its service: ', var_export(rules::all()[0]['serviceid'] === $moved['id'], true),
        '; matching: ', json_encode(bridge::matching('\core\event\user_created') === [$ruleid]), "\n";
    $entry = dlq::all()[0];
    echo '  queued entry: ', $entry['payload_preview'], ' linked: ', var_export($entry['ruleid'] === $ruleid && $entry['serviceid'] === $moved['id'], true), "\n";
    $waiting = bridge::waiting()[0];
    echo "  waiting: rule linked: ", var_export($waiting['ruleid'] === $ruleid, true), ", attempts {$waiting['attempts']}, error {$waiting['error']}; ";
    echo 'drained: ', json_encode(bridge::drain()), "\n";
    mih::configure(['store' => $sqlite]);
}
?>
--EXPECT--
postgresql: copied {"services":1,"rules":1,"outbox":1,"dlq":1}
  again: invalid_argument: the target store already holds services: copy only into an empty store
  token kept: Bearer Tok-3n-value-long
  rule on its service: true; matching: true
  queued entry: {"n":1} linked: true
  waiting: rule linked: true, attempts 2, error HTTP 500; drained: {"delivered":1,"retried":0,"dead":0,"waiting":0,"busy":false}
mariadb: copied {"services":1,"rules":1,"outbox":1,"dlq":1}
  again: invalid_argument: the target store already holds services: copy only into an empty store
  token kept: Bearer Tok-3n-value-long
  rule on its service: true; matching: true
  queued entry: {"n":1} linked: true
  waiting: rule linked: true, attempts 2, error HTTP 500; drained: {"delivered":1,"retried":0,"dead":0,"waiting":0,"busy":false}
