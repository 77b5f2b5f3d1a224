--TEST--
Hostile input: each case gets a clear refusal (or a safe outcome) and the store stays intact
--FILE--
<?php
require __DIR__ . '/helpers.inc';
use local_integrationhub\{mih, services, rules, dlq, request_log, mih_exception};
$store = mih_test_store();
$peer = mih_test_peer();
$port = parse_url($peer, PHP_URL_PORT);
$api = services::save(['name' => 'api', 'base_url' => $peer, 'max_retries' => 0, 'cb_failure_threshold' => 100,
    // Room for the 50 MB echo on a loaded machine (the debug build, a PHP peer).
    'timeout' => 60]);

/** Runs a case; prints "| case | outcome |" with the outcome in a stable form. */
function hostile(string $case, callable $run): void {
    global $port;
    try {
        $outcome = $run();
        if ($outcome instanceof local_integrationhub\mih_response) {
            $outcome = $outcome->success ? "sent ({$outcome->httpstatus})" : "failed: {$outcome->error}";
        }
    } catch (mih_exception $e) {
        $fields = $e->fielderrors ? ' ' . json_encode($e->fielderrors, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE) : '';
        $outcome = $e->errorcode . ($fields ?: ': ' . $e->getMessage());
    }
    $outcome = str_replace([(string) $port, '|'], ['PORT', '\|'], (string) $outcome);
    echo "| $case | ", mb_strimwidth($outcome, 0, 160, '…'), " |\n";
}
$save = fn(array $fields) => fn() => 'saved as ' . services::save($fields + ['base_url' => $peer]);
$call = fn(string $endpoint, $payload = [], string $method = 'POST') => fn() => mih::request('api', $endpoint, $payload, $method);
$deep = [];
$cursor = &$deep;
for ($i = 0; $i < 70; $i++) {
    $cursor['d'] = [];
    $cursor = &$cursor['d'];
}
unset($cursor);
$loop = [];
$loop['self'] = &$loop;
class only_private { private $secret = 'x'; }

echo "| input | outcome |\n|---|---|\n";
hostile('empty service name', $save(['name' => '']));
hostile('10 000-character service name', $save(['name' => str_repeat('a', 10000)]));
hostile('service name with a space', $save(['name' => 'my api']));
hostile('service name "café"', $save(['name' => 'café']));
hostile('service name "../etc"', $save(['name' => '../etc']));
hostile('service name with a NUL byte', $save(['name' => "a\0b"]));
hostile('base URL with CR/LF', $save(['name' => 'x1', 'base_url' => "http://h/\r\nX-Evil: 1"]));
hostile('base URL javascript:', $save(['name' => 'x2', 'base_url' => 'javascript:alert(1)']));
hostile('base URL file:///etc/passwd', $save(['name' => 'x3', 'base_url' => 'file:///etc/passwd']));
hostile('base URL gopher://', $save(['name' => 'x4', 'base_url' => 'gopher://h/']));
hostile('token with CR/LF', $save(['name' => 'x5', 'auth_type' => 'bearer', 'auth_token' => "t\r\nX-Evil: 1"]));
hostile('token with a NUL byte', $save(['name' => 'x6', 'auth_type' => 'apikey', 'auth_token' => "t\0t"]));
hostile('credentials in a base URL never shown', function () {
    services::save(['name' => 'creds', 'base_url' => 'http://user:S3cretPw@127.0.0.1:' . mih_free_port() . '/', 'max_retries' => 0]);
    $e = mih::request('creds', '/x')->error;
    return str_contains($e, 'S3cretPw') ? 'LEAKED' : preg_replace('/:\d+/', ':N', $e);
});
hostile('endpoint with CR/LF header injection', fn() => ($r = mih::request('api', "/x\r\nX-Evil: 1")) && $r->success ? 'sent as path ' . $r->json()['uri'] : $r->error);
hostile('method with CR/LF', $call('/x', [], "GET\r\nX: y"));
hostile('method "FOO"', $call('/x', [], 'FOO'));
hostile('payload nested 70 deep', fn() => strlen(mih::request('api', '/x', $deep)->error ?? ''));
hostile('payload that refers to itself', $call('/x', $loop));
hostile('payload string not UTF-8', $call('/x', ['s' => "\xc3\x28"]));
hostile('payload key not UTF-8', $call('/x', ["\xff" => 1]));
hostile('payload NAN', $call('/x', ['n' => NAN]));
hostile('payload INF', $call('/x', ['n' => -INF]));
hostile('payload resource', $call('/x', ['r' => STDERR]));
hostile('payload closure', $call('/x', ['f' => fn() => 1]));
hostile('payload object with private properties only', fn() => 'peer got ' . json_encode(mih::request('api', '/x', new only_private())->json()['body']));
hostile('payload 50 MB string (the peer echoes it back)', fn() => ($r = mih::request('api', '/x', ['big' => str_repeat('a', 50 * 1024 * 1024)])) && $r->success ? 'sent, peer got ' . strlen($r->json()['body']) . ' bytes' : $r->error);
hostile('payload with HTML/JS', fn() => mih::request('api', '/x', ['h' => '<script>alert(1)</script>'])->json()['body']);
hostile('template with unbalanced braces', fn() => rules::preview('{"a": {{x}')['error']);
hostile('template placeholder with spaces inside', fn() => rules::preview('{"a": {{ x y }}}')['error']);
hostile('template value with quotes and newlines', fn() => rules::preview('{"n": "{{v}}"}', ['v' => "\",\"admin\":true,\"x\":\"\n"])['payload']);
hostile('template glued to a number', fn() => rules::preview('{"a": 1{{x}}}')['error']);
hostile('rule event name "<script>"', fn() => rules::save(['eventname' => '<script>', 'serviceid' => $api]));
hostile('AMQP URL with port 99999', $save(['name' => 'q1', 'type' => 'amqp', 'base_url' => 'amqp://h:99999/']));
hostile('AMQP URL with an unknown option', $save(['name' => 'q2', 'type' => 'amqp', 'base_url' => 'amqp://h/?x-evil=1']));
hostile('AMQP URL without host', $save(['name' => 'q3', 'type' => 'amqp', 'base_url' => 'amqp:///vhost']));
hostile('AMQP exchange with a space', $save(['name' => 'q4', 'type' => 'amqp', 'base_url' => 'amqp://h/?exchange=a%20b']));
hostile('log filter "1 OR 1=1"', fn() => request_log::query(['serviceid' => '1 OR 1=1']));
hostile('log filter event name with SQL', fn() => count(request_log::query(['eventname' => "x'; DROP TABLE request_log; --"])) . ' rows, log intact: ' . (count(request_log::query([], 1)) === 1 ? 'yes' : 'no'));
hostile('DLQ payload that is not JSON', fn() => dlq::push(['payload' => '{not json']));
hostile('store path under /proc', function () use ($store) {
    mih::configure(['store' => '/proc/mih/hub.sqlite']);
    try {
        return services::all();
    } finally {
        mih::configure(['store' => $store]);
    }
});
echo 'store intact afterwards: ', services::get('api')['id'] === $api ? 'yes' : 'no', "\n";
?>
--EXPECT--
| input | outcome |
|---|---|
| empty service name | invalid_argument {"name":"required"} |
| 10 000-character service name | invalid_argument {"name":"at most 64 characters"} |
| service name with a space | invalid_argument {"name":"lowercase letters, digits, '-' and '_' only, starting with a letter or digit (no spaces)"} |
| service name "café" | invalid_argument {"name":"lowercase letters, digits, '-' and '_' only, starting with a letter or digit (no spaces)"} |
| service name "../etc" | invalid_argument {"name":"lowercase letters, digits, '-' and '_' only, starting with a letter or digit (no spaces)"} |
| service name with a NUL byte | invalid_argument {"name":"lowercase letters, digits, '-' and '_' only, starting with a letter or digit (no spaces)"} |
| base URL with CR/LF | invalid_argument {"base_url":"must not contain spaces or control characters"} |
| base URL javascript: | invalid_argument {"base_url":"scheme 'javascript' is not allowed for type rest; use http or https"} |
| base URL file:///etc/passwd | invalid_argument {"base_url":"scheme 'file' is not allowed for type rest; use http or https"} |
| base URL gopher:// | invalid_argument {"base_url":"scheme 'gopher' is not allowed for type rest; use http or https"} |
| token with CR/LF | invalid_argument {"auth_token":"must not contain line breaks or control characters"} |
| token with a NUL byte | invalid_argument {"auth_token":"must not contain line breaks or control characters"} |
| credentials in a base URL never shown | cannot connect to http://127.0.0.1:N/x: Connection refused (os error 111) |
| endpoint with CR/LF header injection | sent as path /xX-Evil:%201 |
| method with CR/LF | invalid_argument: method 'GET
X: y' is not supported; use GET, POST, PUT, PATCH or DELETE |
| method "FOO" | invalid_argument: method 'FOO' is not supported; use GET, POST, PUT, PATCH or DELETE |
| payload nested 70 deep | invalid_argument: payload['d']['d']['d']['d']['d']['d']['d']['d']['d']['d']['d']['d']['d']['d']['d']['d']['d']['d']['d']['d']['d']['d']['d']['d']['d']['d']['d'… |
| payload that refers to itself | invalid_argument: payload['self']['self']['self']['self']['self']['self']['self']['self']['self']['self']['self']['self']['self']['self']['self']['self']['self… |
| payload string not UTF-8 | invalid_argument: payload['s']: string is not valid UTF-8 |
| payload key not UTF-8 | invalid_argument: payload: a key is not valid UTF-8 |
| payload NAN | invalid_argument: payload['n']: NaN (NAN or INF) cannot be encoded as JSON |
| payload INF | invalid_argument: payload['n']: -inf (NAN or INF) cannot be encoded as JSON |
| payload resource | invalid_argument: payload['r']: a resource cannot be encoded as JSON |
| payload closure | invalid_argument: payload['f']: a Closure cannot be encoded as JSON |
| payload object with private properties only | peer got "" |
| payload 50 MB string (the peer echoes it back) | response from http://127.0.0.1:PORT/x is larger than 16777216 bytes |
| payload with HTML/JS | {"h":"<script>alert(1)</script>"} |
| template with unbalanced braces | template line 1, column 8: not valid JSON (key must be a string) |
| template placeholder with spaces inside | template line 1, column 7: '{{ x y }}' is not a placeholder; use {{name}} or {{a.b}} |
| template value with quotes and newlines | {
  "n": "\",\"admin\":true,\"x\":\"\n"
} |
| template glued to a number | template line 1, column 9: not valid JSON (expected `,` or `}`) |
| rule event name "<script>" | invalid_argument {"eventname":"must be an event class name such as \\core\\event\\user_created"} |
| AMQP URL with port 99999 | invalid_argument {"base_url":"not a valid URL (invalid port number); expected amqp or amqps://host/..."} |
| AMQP URL with an unknown option | invalid_argument {"base_url":"unknown option 'x-evil'; use exchange, routing_key, queue_declare, dlq or verify"} |
| AMQP URL without host | invalid_argument {"base_url":"must name a host"} |
| AMQP exchange with a space | invalid_argument {"base_url":"exchange 'a b' may hold only letters, digits and - _ . : /"} |
| log filter "1 OR 1=1" | invalid_argument {"serviceid":"must be an id"} |
| log filter event name with SQL | 0 rows, log intact: yes |
| DLQ payload that is not JSON | invalid_argument {"payload":"must be JSON (key must be a string at line 1 column 2)"} |
| store path under /proc | store_error: store: cannot create directory '/proc/mih': No such file or directory (os error 2) |
store intact afterwards: yes
