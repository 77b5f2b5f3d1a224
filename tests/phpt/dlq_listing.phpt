--TEST--
dlq::all() lists a 50 MB entry (one left by an older version) with a 1024-byte preview and its size, and the process stays small; dlq::get returns whole payloads
--SKIPIF--
<?php
exec('command -v psql && command -v python3', $out, $rc);
if ($rc !== 0) die('skip psql or python3 missing');
if (!@fsockopen('127.0.0.1', 5432)) die('skip PostgreSQL not on loopback');
?>
--FILE--
<?php
require __DIR__ . '/helpers.inc';
use local_integrationhub\{mih, dlq};

/** This process's resident memory, in MB. */
function rss_mb(): float {
    preg_match('/^VmRSS:\s+(\d+) kB/m', file_get_contents('/proc/self/status'), $m);
    return $m[1] / 1024;
}

$big = 50 * 1000 * 1000;
$sqlite = mih_test_store();
$db = 'mih_phpt_listing_' . getmypid();
exec("psql -h 127.0.0.1 -U postgres -qc 'CREATE DATABASE $db'");
register_shutdown_function(fn() => exec("psql -h 127.0.0.1 -U postgres -qc 'DROP DATABASE IF EXISTS $db WITH (FORCE)' 2>&1"));
$stores = [
    // Entries this large can no longer be pushed: they are put in as an older version left them.
    'sqlite' => [$sqlite, fn() => exec('python3 -c ' . escapeshellarg('import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); '
        . 'c.execute("INSERT INTO dlq (eventname, payload, timecreated, timemodified) VALUES (?, ?, 1, 1)", '
        . '("\\\\core\\\\event\\\\big", "\"" + "é" + "x" * (int(sys.argv[2]) - 4) + "\"")); c.commit()') . " $sqlite $big")],
    'postgresql' => ["postgresql://postgres@127.0.0.1:5432/$db?prefix=mdl_", fn() => exec("psql -h 127.0.0.1 -U postgres -d $db -qc "
        . escapeshellarg("INSERT INTO mdl_mih_dlq (eventname, http_method, endpoint, payload, error, attempts, timecreated, timemodified) "
        . "VALUES ('\\core\\event\\big', 'POST', '', '\"é' || repeat('x', $big - 4) || '\"', '', 0, 1, 1)"))],
];
foreach ($stores as $name => [$url, $insert]) {
    mih::configure(['store' => $url]);
    $small = dlq::push(['eventname' => '\core\event\small', 'payload' => ['text' => str_repeat('ü', 1000000)]]);
    $insert();
    $before = rss_mb();
    $rows = dlq::all();
    $growth = rss_mb() - $before;
    echo "$name:\n";
    echo '  listing grew the process by less than 8 MB: ', var_export($growth < 8, true), $growth < 8 ? '' : " ($growth MB)", "\n";
    foreach ($rows as $row) {
        echo "  {$row['eventname']}: preview ", strlen($row['payload_preview']), ' bytes, valid UTF-8 ',
            var_export(mb_check_encoding($row['payload_preview'], 'UTF-8'), true), ", payload_bytes {$row['payload_bytes']}, ",
            'payload ', array_key_exists('payload', $row) ? 'listed' : 'not listed', "\n";
    }
    $whole = dlq::get($small)['payload'];
    echo '  get: ', strlen($whole), ' bytes, the same as pushed: ',
        var_export($whole === json_encode(['text' => str_repeat('ü', 1000000)], JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES)
            || json_decode($whole, true) === ['text' => str_repeat('ü', 1000000)], true), "\n";
}
?>
--EXPECT--
sqlite:
  listing grew the process by less than 8 MB: true
  \core\event\big: preview 1024 bytes, valid UTF-8 true, payload_bytes 50000000, payload not listed
  \core\event\small: preview 1023 bytes, valid UTF-8 true, payload_bytes 2000011, payload not listed
  get: 2000011 bytes, the same as pushed: true
postgresql:
  listing grew the process by less than 8 MB: true
  \core\event\big: preview 1024 bytes, valid UTF-8 true, payload_bytes 50000000, payload not listed
  \core\event\small: preview 1023 bytes, valid UTF-8 true, payload_bytes 2000011, payload not listed
  get: 2000011 bytes, the same as pushed: true
