--TEST--
Secrets audit: tokens, URL passwords, AMQP passwords and the proxy password appear nowhere but the service row — not in the log, exceptions, responses, phpinfo(), the DLQ or any other table of the store
--SKIPIF--
<?php exec('command -v python3', $out, $rc); if ($rc !== 0) die('skip python3 (sqlite3) missing'); ?>
--FILE--
<?php
require __DIR__ . '/helpers.inc';
use local_integrationhub\{mih, services, request_log, rules, bridge, dlq, mih_exception};

$store = mih_test_store();
$peer = mih_test_peer();
$secrets = ['TOKEN-S3CRET-a1b2c3d4', 'URLPW-S3CRET', 'AMQPPW-S3CRET', 'PROXYPW-S3CRET'];
$seen = [];
$scan = function (string $where, string $text) use ($secrets, &$seen) {
    foreach ($secrets as $secret) {
        if (stripos($text, $secret) !== false || stripos($text, rawurlencode($secret)) !== false) {
            $seen[] = "$secret in $where";
        }
    }
};
$down = 'http://127.0.0.1:' . mih_free_port();
services::save(['name' => 'api', 'base_url' => $peer, 'auth_type' => 'bearer', 'auth_token' => $secrets[0], 'max_retries' => 0]);
services::save(['name' => 'downapi', 'base_url' => preg_replace('#^http://#', 'http://moodle:' . $secrets[1] . '@', $down),
    'auth_type' => 'apikey', 'auth_token' => $secrets[0], 'max_retries' => 1, 'retry_backoff' => 0]);
services::save(['name' => 'rabbit', 'type' => 'amqp', 'max_retries' => 0, 'timeout' => 3,
    'base_url' => 'amqp://guest:' . $secrets[2] . '@127.0.0.1:5672/%2f?queue_declare=mih_never']);
services::save(['name' => 'soapy', 'type' => 'soap', 'max_retries' => 0, 'auth_type' => 'bearer', 'auth_token' => $secrets[0],
    'base_url' => preg_replace('#^http://#', 'http://moodle:' . $secrets[1] . '@', $down) . '/x.wsdl']);

// Calls that succeed, fail to connect, are refused by the broker (wrong password), fail to fetch a WSDL.
foreach ([['api', '/ok'], ['downapi', '/x'], ['rabbit', '/'], ['soapy', 'Op']] as [$service, $endpoint]) {
    $r = mih::request($service, $endpoint, ['x' => 1]);
    $scan("$service response", json_encode([$r->success, $r->httpstatus, $r->error]));
    echo "$service: ", $r->success ? 'ok' : 'failed', "\n";
}
// A proxy with a password that cannot be reached.
mih::configure(['proxy' => 'http://proxyuser:' . $secrets[3] . '@127.0.0.1:' . mih_free_port()]);
$r = mih::request('api', '/via-proxy');
$scan('proxied response', (string) $r->error);
echo 'through a dead proxy: ', $r->success ? 'ok' : 'failed', "\n";
try {
    mih::configure(['proxy' => 'http://proxyuser:' . $secrets[3] . '@bad host:99999']);
} catch (mih_exception $e) {
    $scan('configure exception', $e->getMessage() . json_encode($e->fielderrors));
}
mih::configure(['proxy' => '']);
// Exceptions of every kind carrying a service.
foreach ([fn() => services::save(['name' => 'api', 'base_url' => 'ftp://moodle:' . $secrets[1] . '@h/', 'auth_token' => "bad\n" . $secrets[0]]),
          fn() => services::save(['name' => 'rabbit2', 'type' => 'amqp', 'base_url' => 'amqp://u:' . $secrets[2] . '@h:99999/']),
          fn() => mih::request('api', '/x', ['bad' => NAN])] as $throws) {
    try {
        $throws();
    } catch (mih_exception $e) {
        $scan('exception', $e->getMessage() . json_encode($e->fielderrors) . $e->getTraceAsString());
    }
}
// A DLQ entry from a failed dispatch.
$rule = rules::save(['eventname' => '\core\event\user_created', 'serviceid' => services::get('downapi')['id'],
    'payload_template' => '{"u": {{userid}}}']);
$r = bridge::dispatch($rule, ['eventname' => '\core\event\user_created', 'userid' => 5]);
dlq::push(bridge::render($rule, ['eventname' => '\core\event\user_created', 'userid' => 5]) + ['error' => $r->error, 'attempts' => 5]);

// Everything PHP pages read.
$scan('services::all', json_encode(services::all()));
foreach (['api', 'downapi', 'rabbit', 'soapy'] as $name) {
    $scan("services::get($name)", json_encode(services::get($name)));
}
$scan('request log', json_encode(request_log::query([], 1000)));
$scan('log stats', json_encode(request_log::stats()));
$scan('rules', json_encode(rules::all()));
$scan('dlq', json_encode(dlq::all()));
ob_start();
phpinfo();
$scan('phpinfo', ob_get_clean());

// The store: every table but the services rows.
$dump = shell_exec('python3 -c ' . escapeshellarg('import sqlite3, sys; c = sqlite3.connect(sys.argv[1])
for (t,) in c.execute("select name from sqlite_master where type = \'table\' and name != \'services\'"):
    for row in c.execute("select * from " + t): print(t, row)') . ' ' . escapeshellarg($store));
$scan('store tables', (string) $dump);
echo 'store tables read: ', str_contains((string) $dump, 'request_log') ? 'yes' : 'no', "\n";
echo 'secrets seen: ', $seen ? implode('; ', $seen) : 'none', "\n";
?>
--EXPECT--
api: ok
downapi: failed
rabbit: failed
soapy: failed
through a dead proxy: failed
store tables read: yes
secrets seen: none
