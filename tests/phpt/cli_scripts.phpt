--TEST--
The plugin's CLI scripts in a stand-in Moodle site (tests/fixtures/moodle_cli): test_service.php calls a service and prints the response with exit 0 or 1, reset_circuits.php closes one circuit or all, replay_dlq.php replays one entry (--id), every entry (--all) or filtered ones; no selector prints the help and bad options name themselves, with exit 2; without the extension they say so
--FILE--
<?php
require __DIR__ . '/helpers.inc';
require __DIR__ . '/../../moodle-plugin/classes/cli.php';
use local_integrationhub\{cli, dlq, mih, mih_response, services};

// The site: config.php and lib/clilib.php stand-ins, a copy of the plugin (scripts find config.php from their real path).
$site = sys_get_temp_dir() . '/mih-cli-site-' . getmypid() . '-' . bin2hex(random_bytes(4));
register_shutdown_function(fn() => exec('rm -rf ' . escapeshellarg($site)));
exec('cp -r ' . escapeshellarg(__DIR__ . '/../fixtures/moodle_cli') . ' ' . escapeshellarg($site)
    . ' && mkdir ' . escapeshellarg("$site/local")
    . ' && cp -r ' . escapeshellarg(__DIR__ . '/../../moodle-plugin') . ' ' . escapeshellarg("$site/local/integrationhub"));
// The store the scripts' extension::ready() configures: the site's dataroot.
mih::configure(['store' => "$site/data/local_integrationhub/hub.sqlite"]);

/** Runs cli/$script with $args as the admin would; prints its exit code and output (a help as its first line). */
function cli_run(string $script, array $args, bool $extension = true): void {
    global $site;
    $command = [PHP_BINARY, '-n'];
    if (extension_loaded('mbstring')) {
        array_push($command, '-d', 'extension=mbstring');
    }
    if ($extension) {
        array_push($command, '-d', 'extension=' . mih_loaded_library());
    }
    $process = proc_open(array_merge($command, ["$site/local/integrationhub/cli/$script.php"], $args),
        [1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes);
    $out = stream_get_contents($pipes[1]);
    $err = stream_get_contents($pipes[2]);
    $status = proc_close($process);
    echo "\$ $script ", implode(' ', $args), "  => exit $status\n";
    foreach (['' => $out, 'stderr: ' => $err] as $prefix => $text) {
        if (str_contains($text, "\nOptions:\n")) {
            $text = '[help] ' . strtok($text, "\n");
        }
        // A long body, shortened here.
        $text = preg_replace_callback('/x{100,}/', fn($m) => '[' . strlen($m[0]) . ' x]', trim($text));
        foreach ($text === '' ? [] : explode("\n", $text) as $line) {
            echo "  $prefix$line\n";
        }
    }
}

$peer = mih_test_peer();
$api = services::save(['name' => 'api', 'base_url' => $peer, 'max_retries' => 0, 'cb_failure_threshold' => 2]);
$other = services::save(['name' => 'other', 'base_url' => $peer, 'max_retries' => 0]);

echo "== test_service.php\n";
cli_run('test_service', ['--service=api', '--endpoint=/hello', '--payload={"a": [1, "é"]}']);
cli_run('test_service', ["--service=$api", '--endpoint=/hello', '--method=delete', '--payload={"a": 1}']);
cli_run('test_service', ['--service=api', '--endpoint=/big/5000']);
cli_run('test_service', ['--service=api', '--endpoint=/status/503']);
cli_run('test_service', ['--service=api', '--endpoint=/status/503']);
echo "the circuit is open now:\n";
cli_run('test_service', ['--service=api']);
echo "bad options:\n";
cli_run('test_service', []);
cli_run('test_service', ['--service=nope']);
cli_run('test_service', ['--service']);
cli_run('test_service', ['--service=other', '--payload={"a": ']);
cli_run('test_service', ['--service=other', '--payload=42']);
cli_run('test_service', ['--service=other', '--method=FETCH']);
cli_run('test_service', ['--service=other', '--colour=red', 'stray']);
cli_run('test_service', ['--help']);
echo "without the extension:\n";
cli_run('test_service', ['--service=other'], false);

echo "== reset_circuits.php\n";
cli_run('reset_circuits', []);
cli_run('reset_circuits', ['--service=api', '--all']);
cli_run('reset_circuits', ['--service=nope']);
cli_run('reset_circuits', ['--service=api']);
cli_run('test_service', ['--service=api', '--endpoint=/status/500']);
cli_run('reset_circuits', ['--all']);

echo "== replay_dlq.php\n";
$entry = fn(int $serviceid, string $endpoint, string $event) => dlq::push(['eventname' => $event, 'serviceid' => $serviceid,
    'endpoint' => $endpoint, 'http_method' => 'POST', 'payload' => '{"n": 1}', 'error' => 'HTTP 503', 'attempts' => 5]);
$failing = $entry($api, '/switch/down', '\core\event\user_created');
file_get_contents("$peer/__set?key=down&status=503");
$ok = $entry($api, '/record/ok', '\core\event\user_created');
$entry($other, '/record/other', '\core\event\user_deleted');
$entry($other, '/record/other', '\core\event\user_deleted');
echo "no selector, bad options:\n";
cli_run('replay_dlq', []);
cli_run('replay_dlq', ['--dry-run']);
cli_run('replay_dlq', ['--id=abc']);
cli_run('replay_dlq', ['--id=999']);
cli_run('replay_dlq', ["--id=$ok", '--all']);
cli_run('replay_dlq', ["--id=$ok", '--event=\core\event\user_created', '--limit=5']);
cli_run('replay_dlq', ['--all', '--service=api']);
cli_run('replay_dlq', ['--service=nope']);
cli_run('replay_dlq', ['--since=yesterday']);
echo "one entry:\n";
cli_run('replay_dlq', ["--id=$ok", '-n']);
cli_run('replay_dlq', ["--id=$failing"]);
cli_run('replay_dlq', ["--id=$ok"]);
echo '  left: ', implode(' ', array_map(fn($e) => "#{$e['id']} {$e['attempts']}", dlq::all())), "\n";
echo "filtered, then all:\n";
cli_run('replay_dlq', ['--event=\core\event\user_deleted', '--limit=1']);
cli_run('replay_dlq', ['--all', '--dry-run']);
cli_run('replay_dlq', ['--all']);
echo '  left: ', implode(' ', array_map(fn($e) => "#{$e['id']} {$e['attempts']}", dlq::all())), "\n";

echo "== a body cut on a character boundary\n";
$text = cli::response(new mih_response(true, 200, 'a' . str_repeat('é', 1500), null, 1.25, 1));
echo preg_replace_callback('/(?:é)+/u', fn($m) => '[' . strlen($m[0]) / 2 . ' é]', $text);
echo cli::response(new mih_response(false, null, null, 'connection refused', 0.0, 4));
?>
--EXPECTF--
== test_service.php
$ test_service --service=api --endpoint=/hello --payload={"a": [1, "é"]}  => exit 0
  POST api /hello
  Success: yes
  HTTP status: 200
  Attempts: 1
  Latency: %f ms
  Error: none
  Body (198 bytes):
  {"method":"POST","uri":"\/hello","query":[],"body":"{\"a\":[1,\"\u00e9\"]}","authorization":null,"apikey":null,"contenttype":"application\/json","accept":"application\/json","webhook":null,"seen":1}
$ test_service --service=1 --endpoint=/hello --method=delete --payload={"a": 1}  => exit 0
  DELETE api /hello
  Success: yes
  HTTP status: 200
  Attempts: 1
  Latency: %f ms
  Error: none
  Body (189 bytes):
  {"method":"DELETE","uri":"\/hello?a=1","query":{"a":"1"},"body":"","authorization":null,"apikey":null,"contenttype":"application\/json","accept":"application\/json","webhook":null,"seen":2}
$ test_service --service=api --endpoint=/big/5000  => exit 0
  GET api /big/5000
  Success: yes
  HTTP status: 200
  Attempts: 1
  Latency: %f ms
  Error: none
  Body (cut: the first 2000 of 5000 bytes):
  [2000 x]
$ test_service --service=api --endpoint=/status/503  => exit 1
  GET api /status/503
  Success: no
  HTTP status: 503
  Attempts: 1
  Latency: %f ms
  Error: HTTP 503
  Body (14 bytes):
  {"status":503}
$ test_service --service=api --endpoint=/status/503  => exit 1
  GET api /status/503
  Success: no
  HTTP status: 503
  Attempts: 1
  Latency: %f ms
  Error: HTTP 503
  Body (14 bytes):
  {"status":503}
the circuit is open now:
$ test_service --service=api  => exit 1
  GET api /
  stderr: circuit of service 'api' is open; next probe in %d s
bad options:
$ test_service   => exit 2
  stderr: [help] Calls an Integration Hub service once, with its retries, timeout and circuit breaker, and prints the response:
$ test_service --service=nope  => exit 2
  stderr: There is no service with the name or id "nope".
$ test_service --service  => exit 2
  stderr: The option --service needs a value: --service=…
$ test_service --service=other --payload={"a":   => exit 2
  stderr: --payload must be a JSON object or array: {"a": (Syntax error)
$ test_service --service=other --payload=42  => exit 2
  stderr: --payload must be a JSON object or array: 42
$ test_service --service=other --method=FETCH  => exit 2
  stderr: --method must be GET, POST, PUT, PATCH or DELETE: FETCH
$ test_service --service=other --colour=red stray  => exit 2
  stderr: Unrecognised options:
  stderr:   --colour=red
  stderr:   stray
  stderr: Please use --help option.
$ test_service --help  => exit 0
  [help] Calls an Integration Hub service once, with its retries, timeout and circuit breaker, and prints the response:
without the extension:
$ test_service --service=other  => exit 1
  stderr: The mih PHP extension is not loaded. Add extension=/path/to/libmih.so to the PHP configuration of the web server and of cron, then restart them.
== reset_circuits.php
$ reset_circuits   => exit 2
  stderr: [help] Resets the Integration Hub's circuit breakers: closes the circuit and zeroes its count of consecutive failures,
$ reset_circuits --service=api --all  => exit 2
  stderr: These options cannot be used together: --service, --all.
$ reset_circuits --service=nope  => exit 2
  stderr: There is no service with the name or id "nope".
$ reset_circuits --service=api  => exit 0
  api (id 1): open, 2 failure(s) -> closed, 0 failure(s)
$ test_service --service=api --endpoint=/status/500  => exit 1
  GET api /status/500
  Success: no
  HTTP status: 500
  Attempts: 1
  Latency: %f ms
  Error: HTTP 500
  Body (14 bytes):
  {"status":500}
$ reset_circuits --all  => exit 0
  api (id 1): closed, 1 failure(s) -> closed, 0 failure(s)
  other (id 2): closed, 0 failure(s) -> closed, 0 failure(s)
== replay_dlq.php
no selector, bad options:
$ replay_dlq   => exit 2
  stderr: [help] Replays the Integration Hub's Dead Letter Queue: one entry, every entry, or the entries matching every filter
$ replay_dlq --dry-run  => exit 2
  stderr: [help] Replays the Integration Hub's Dead Letter Queue: one entry, every entry, or the entries matching every filter
$ replay_dlq --id=abc  => exit 2
  stderr: --id must be the id of a Dead Letter Queue entry, a whole number: abc
$ replay_dlq --id=999  => exit 2
  stderr: There is no entry 999 in the Dead Letter Queue.
$ replay_dlq --id=2 --all  => exit 2
  stderr: These options cannot be used together: --id, --all.
$ replay_dlq --id=2 --event=\core\event\user_created --limit=5  => exit 2
  stderr: These options cannot be used together: --id, --event, --limit.
$ replay_dlq --all --service=api  => exit 2
  stderr: These options cannot be used together: --all, --service.
$ replay_dlq --service=nope  => exit 2
  stderr: There is no service with the name or id "nope".
$ replay_dlq --since=yesterday  => exit 2
  stderr: Not a date: --since=yesterday. Use YYYY-MM-DD, or YYYY-MM-DDTHH:MM for a time of day.
one entry:
$ replay_dlq --id=2 -n  => exit 0
  Entry 2: \core\event\user_created to api /record/ok, 5 attempt(s), last error: HTTP 503
$ replay_dlq --id=1  => exit 1
  Entry 1: \core\event\user_created to api /switch/down, 5 attempt(s), last error: HTTP 503
  Success: no
  HTTP status: 503
  Attempts: 1
  Latency: %f ms
  Error: HTTP 503
  Body (23 bytes):
  {"status":503,"seen":1}
  Failed again: kept in the queue.
$ replay_dlq --id=2  => exit 0
  Entry 2: \core\event\user_created to api /record/ok, 5 attempt(s), last error: HTTP 503
  Success: yes
  HTTP status: 200
  Attempts: 1
  Latency: %f ms
  Error: none
  Body (14 bytes):
  {"status":200}
  Delivered: removed from the queue.
  left: #4 5 #3 5 #1 6
filtered, then all:
$ replay_dlq --event=\core\event\user_deleted --limit=1  => exit 0
  Replayed: 1
  Failed again (kept in the queue): 0
  Not tried (over --limit): 1
$ replay_dlq --all --dry-run  => exit 0
  2 queued event(s) match.
$ replay_dlq --all  => exit 0
  Replayed: 1
  Failed again (kept in the queue): 1
  Not tried (over --limit): 0
  left: #1 7
== a body cut on a character boundary
Success: yes
HTTP status: 200
Attempts: 1
Latency: 1.2 ms
Error: none
Body (cut: the first 1999 of 3001 bytes):
a[999 é]
Success: no
HTTP status: none
Attempts: 4
Latency: 0.0 ms
Error: connection refused
Body: empty
