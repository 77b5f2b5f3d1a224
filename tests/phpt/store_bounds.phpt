--TEST--
Every store holds what validation accepts: a 64 KiB template, DLQ payloads and endpoints over 64 KB, an 8 MiB payload; a 50 MB push and event names over 255 characters are refused by validation alike on SQLite, PostgreSQL and MariaDB
--SKIPIF--
<?php
exec('command -v psql && command -v mysql', $out, $rc);
if ($rc !== 0) die('skip psql or mysql client missing');
if (!@fsockopen('127.0.0.1', 5432) || !@fsockopen('127.0.0.1', 3306)) die('skip PostgreSQL or MariaDB not on loopback');
?>
--FILE--
<?php
require __DIR__ . '/helpers.inc';
use local_integrationhub\{mih, services, rules, dlq, mih_exception};

$sqlite = mih_test_store();
$db = 'mih_phpt_bounds_' . getmypid();
$stores = [
    'sqlite' => [$sqlite, null, null],
    'postgresql' => ["postgresql://postgres@127.0.0.1:5432/$db?prefix=mdl_", "psql -h 127.0.0.1 -U postgres -qc 'CREATE DATABASE $db'",
        "psql -h 127.0.0.1 -U postgres -qc 'DROP DATABASE IF EXISTS $db WITH (FORCE)'"],
    'mariadb' => ["mysql://root@127.0.0.1:3306/$db?prefix=mdl_", "mysql -h 127.0.0.1 -uroot -e 'CREATE DATABASE $db'",
        "mysql -h 127.0.0.1 -uroot -e 'DROP DATABASE IF EXISTS $db'"],
];
$outcome = function (callable $try): string {
    try {
        return 'stored ' . $try();
    } catch (mih_exception $e) {
        return "{$e->errorcode} " . json_encode($e->fielderrors ?? []);
    }
};
$event = '\core\event\user_created';
// JSON text of exactly $bytes bytes, in two-byte characters.
$json = fn(int $bytes) => '"' . str_repeat('é', intdiv($bytes - 2, 2)) . str_repeat('x', ($bytes - 2) % 2) . '"';
$pushed = function (array $fields) use ($event): string {
    $id = dlq::push($fields + ['eventname' => $event, 'payload' => '{}']);
    $entry = dlq::get($id);
    return implode(', ', array_map(fn($f) => "$f " . strlen($entry[$f]) . ' bytes', array_keys($fields)));
};
foreach ($stores as $name => [$url, $create, $drop]) {
    if ($create) {
        exec($create);
        register_shutdown_function(fn() => exec("$drop 2>&1"));
    }
    mih::configure(['store' => $url]);
    echo "$name:\n";
    $svc = services::save(['name' => 'api', 'base_url' => 'http://127.0.0.1:9/']);
    echo '  template of 65536 bytes: ', $outcome(function () use ($svc, $event, $json) {
        $id = rules::save(['eventname' => $event, 'serviceid' => $svc, 'payload_template' => $json(65536)]);
        return strlen(rules::get($id)['payload_template']) . ' bytes';
    }), "\n";
    echo '  template of 65537 bytes: ', $outcome(fn() => rules::save(['eventname' => $event, 'serviceid' => $svc,
        'payload_template' => $json(65537)])), "\n";
    echo '  rule event name of 256 characters: ', $outcome(fn() => rules::save(['eventname' => '\core\event\\' . str_repeat('a', 244),
        'serviceid' => $svc])), "\n";
    echo '  DLQ event name of 256 characters: ', $outcome(fn() => $pushed(['eventname' => '\core\event\\' . str_repeat('a', 244)])), "\n";
    echo '  DLQ payload of 100 kB: ', $outcome(fn() => $pushed(['payload' => $json(100000)])), "\n";
    echo '  DLQ payload of 8 MiB: ', $outcome(fn() => $pushed(['payload' => $json(8 * 1024 * 1024)])), "\n";
    echo '  DLQ payload of 8 MiB + 1 byte: ', $outcome(fn() => $pushed(['payload' => $json(8 * 1024 * 1024 + 1)])), "\n";
    echo '  DLQ payload of 50 MB: ', $outcome(fn() => $pushed(['payload' => $json(50000000)])), "\n";
    echo '  DLQ endpoint of 8192 bytes: ', $outcome(fn() => $pushed(['endpoint' => '/' . str_repeat('é', 4095) . 'x'])), "\n";
    echo '  DLQ endpoint of 70 kB: ', $outcome(fn() => $pushed(['endpoint' => '/' . str_repeat('e', 70000)])), "\n";
    echo '  DLQ error of 100 kB: ', $outcome(function () use ($pushed) {
        $stored = $pushed(['error' => str_repeat('é', 50000)]);
        return $stored . ', ends ' . json_encode(mb_substr(dlq::all(1)[0]['error'], -13), JSON_UNESCAPED_UNICODE);
    }), "\n";
    echo '  request to an endpoint of 70 kB: ', $outcome(fn() => mih::request('api', '/' . str_repeat('e', 70000))->error), "\n";
    echo '  request to an endpoint with NUL: ', $outcome(fn() => mih::request('api', "/a\0b")->error), "\n";
    echo '  store still answers: ', count(dlq::all()), " entries\n";
}
?>
--EXPECT--
sqlite:
  template of 65536 bytes: stored 65536 bytes
  template of 65537 bytes: invalid_argument {"payload_template":"at most 65536 bytes"}
  rule event name of 256 characters: invalid_argument {"eventname":"at most 255 characters"}
  DLQ event name of 256 characters: invalid_argument {"eventname":"at most 255 bytes"}
  DLQ payload of 100 kB: stored payload 100000 bytes
  DLQ payload of 8 MiB: stored payload 8388608 bytes
  DLQ payload of 8 MiB + 1 byte: invalid_argument {"payload":"at most 8388608 bytes (8 MiB); this one has 8388609"}
  DLQ payload of 50 MB: invalid_argument {"payload":"at most 8388608 bytes (8 MiB); this one has 50000000"}
  DLQ endpoint of 8192 bytes: stored endpoint 8192 bytes
  DLQ endpoint of 70 kB: invalid_argument {"endpoint":"at most 8192 bytes"}
  DLQ error of 100 kB: stored error 8191 bytes, ends "… [truncated]"
  request to an endpoint of 70 kB: invalid_argument {"endpoint":"at most 8192 bytes"}
  request to an endpoint with NUL: invalid_argument {"endpoint":"must not contain NUL characters"}
  store still answers: 4 entries
postgresql:
  template of 65536 bytes: stored 65536 bytes
  template of 65537 bytes: invalid_argument {"payload_template":"at most 65536 bytes"}
  rule event name of 256 characters: invalid_argument {"eventname":"at most 255 characters"}
  DLQ event name of 256 characters: invalid_argument {"eventname":"at most 255 bytes"}
  DLQ payload of 100 kB: stored payload 100000 bytes
  DLQ payload of 8 MiB: stored payload 8388608 bytes
  DLQ payload of 8 MiB + 1 byte: invalid_argument {"payload":"at most 8388608 bytes (8 MiB); this one has 8388609"}
  DLQ payload of 50 MB: invalid_argument {"payload":"at most 8388608 bytes (8 MiB); this one has 50000000"}
  DLQ endpoint of 8192 bytes: stored endpoint 8192 bytes
  DLQ endpoint of 70 kB: invalid_argument {"endpoint":"at most 8192 bytes"}
  DLQ error of 100 kB: stored error 8191 bytes, ends "… [truncated]"
  request to an endpoint of 70 kB: invalid_argument {"endpoint":"at most 8192 bytes"}
  request to an endpoint with NUL: invalid_argument {"endpoint":"must not contain NUL characters"}
  store still answers: 4 entries
mariadb:
  template of 65536 bytes: stored 65536 bytes
  template of 65537 bytes: invalid_argument {"payload_template":"at most 65536 bytes"}
  rule event name of 256 characters: invalid_argument {"eventname":"at most 255 characters"}
  DLQ event name of 256 characters: invalid_argument {"eventname":"at most 255 bytes"}
  DLQ payload of 100 kB: stored payload 100000 bytes
  DLQ payload of 8 MiB: stored payload 8388608 bytes
  DLQ payload of 8 MiB + 1 byte: invalid_argument {"payload":"at most 8388608 bytes (8 MiB); this one has 8388609"}
  DLQ payload of 50 MB: invalid_argument {"payload":"at most 8388608 bytes (8 MiB); this one has 50000000"}
  DLQ endpoint of 8192 bytes: stored endpoint 8192 bytes
  DLQ endpoint of 70 kB: invalid_argument {"endpoint":"at most 8192 bytes"}
  DLQ error of 100 kB: stored error 8191 bytes, ends "… [truncated]"
  request to an endpoint of 70 kB: invalid_argument {"endpoint":"at most 8192 bytes"}
  request to an endpoint with NUL: invalid_argument {"endpoint":"must not contain NUL characters"}
  store still answers: 4 entries
