--TEST--
SOAP: WSDL-driven calls to PHP's SoapServer give the same data as PHP's SoapClient; faults, unknown operations and hostile XML are failed responses
--SKIPIF--
<?php if (!extension_loaded('soap')) die('skip the soap extension is needed for the reference client'); ?>
--FILE--
<?php
require __DIR__ . '/helpers.inc';
use local_integrationhub\{mih, services, dlq};
mih_test_store();
$port = mih_free_port();
$state = sys_get_temp_dir() . '/mih-soap-' . getmypid();
mkdir($state);
$owner = getmypid();
register_shutdown_function(fn() => getmypid() === $owner && exec('rm -rf ' . escapeshellarg($state)));
mih_start_peer([PHP_BINARY, '-n', '-d', 'extension=soap', '-S', "127.0.0.1:$port", __DIR__ . '/../fixtures/soap/server.php'],
    $port, ['PHP_CLI_SERVER_WORKERS' => '4', 'MIH_PEER_STATE' => $state]);
$base = "http://127.0.0.1:$port";
$quick = ['type' => 'soap', 'max_retries' => 3, 'retry_backoff' => 0, 'cb_failure_threshold' => 2];
services::save(['name' => 'legacy', 'base_url' => "$base/legacy.wsdl"] + $quick);
services::save(['name' => 'legacy12', 'base_url' => "$base/legacy12.wsdl"] + $quick);
$reference = new SoapClient("$base/legacy.wsdl", ['cache_wsdl' => WSDL_CACHE_NONE]);
$reference12 = new SoapClient("$base/legacy12.wsdl", ['cache_wsdl' => WSDL_CACHE_NONE, 'soap_version' => SOAP_1_2]);
$fetches = function () use ($state) {
    clearstatcache();
    return filesize("$state/wsdl");
};
$wsdlfetches = $fetches();

$user = ['name' => 'John', 'email' => 'john@example.com', 'roles' => ['student', 'editor'],
    'address' => ['street' => 'Main St 1 & <2> "quoted"', 'city' => 'Zürich']];
$single = ['name' => 'Ann', 'email' => 'ann@example.com', 'roles' => ['teacher']];
$parity = fn($mine, $theirs) => var_export(json_decode(json_encode($theirs), true) === $mine, true);

$r = mih::request('legacy', 'CreateUser', $user);
echo "document/literal, nested and repeated: {$r->httpstatus} same as SoapClient: ", $parity($r->json(), $reference->CreateUser($user)), "\n";
$r = mih::request('legacy', '/CreateUser', $single);
echo "one repeated element, leading '/': ", json_encode($r->json()['roles']), ' same: ', $parity($r->json(), $reference->CreateUser($single)), "\n";
$r = mih::request('legacy', 'Add', ['a' => 2, 'b' => 40]);
echo "rpc: {$r->body} same: ", $parity($r->json(), $reference->Add(2, 40)), "\n";
$r = mih::request('legacy12', 'CreateUser', $user);
echo "SOAP 1.2: {$r->httpstatus} same: ", $parity($r->json(), $reference12->CreateUser($user)), "\n";
echo 'WSDL fetched once per process: ', $fetches() - $wsdlfetches === 2 ? 'yes' : 'no', "\n";
// A new process (a forked child builds its own hub) finds it in the disk cache beside the store.
$pid = pcntl_fork();
if ($pid === 0) {
    exit(mih::request('legacy', 'Add', ['a' => 1, 'b' => 1])->body === '2' ? 0 : 1);
}
pcntl_waitpid($pid, $status);
echo 'a new process: ', pcntl_wexitstatus($status) === 0 ? 'works' : 'fails', ', fetched again: ', $fetches() - $wsdlfetches === 2 ? 'no' : 'yes', "\n";

for ($i = 0; $i < 4; $i++) {
    $fault = mih::request('legacy', 'Fail', ['reason' => 'no email']);
}
echo "fault: ", json_encode([$fault->success, $fault->httpstatus, $fault->error, $fault->attempts]), "\n";
echo 'faults leave the circuit: ', services::all()[0]['state'], "\n";
$r = mih::request('legacy', 'DeleteEverything', []);
echo 'unknown operation: ', $r->error, "\n";

// A DLQ entry of a SOAP service replays as the operation's parameters.
$id = dlq::push(['serviceid' => services::get('legacy')['id'], 'endpoint' => 'Add', 'payload' => ['a' => 20, 'b' => 22]]);
$r = dlq::replay($id);
echo 'replayed from the DLQ: ', json_encode([$r->success, $r->body]), ', entry gone: ', var_export(dlq::get($id) === null, true), "\n";

services::save(['name' => 'bomb-wsdl', 'base_url' => "$base/bomb.wsdl"] + $quick);
echo 'hostile WSDL: ', str_replace($port, 'PORT', mih::request('bomb-wsdl', 'CreateUser', $user)->error), "\n";
services::save(['name' => 'bomb-answer', 'base_url' => "$base/legacy.wsdl?endpoint=bomb"] + $quick);
$r = mih::request('bomb-answer', 'CreateUser', $user);
echo 'hostile answer: ', json_encode([$r->success, $r->attempts]), ' ', $r->error, "\n";
services::save(['name' => 'huge', 'base_url' => "$base/legacy.wsdl?endpoint=nowhere"] + $quick);
echo 'plain HTTP error: ', mih::request('huge', 'CreateUser', $user)->error, "\n";
?>
--EXPECT--
document/literal, nested and repeated: 200 same as SoapClient: true
one repeated element, leading '/': "teacher" same: true
rpc: 42 same: true
SOAP 1.2: 200 same: true
WSDL fetched once per process: yes
a new process: works, fetched again: no
fault: [false,500,"Client.Validation: refused: no email",1]
faults leave the circuit: closed
unknown operation: operation 'DeleteEverything' is not in the WSDL; it has: Add, CreateUser, Fail
replayed from the DLQ: [true,"42"], entry gone: true
hostile WSDL: the WSDL http://127.0.0.1:PORT/bomb.wsdl: a DOCTYPE is not accepted (entities could expand)
hostile answer: [false,1] unusable SOAP answer: a DOCTYPE is not accepted (entities could expand)
plain HTTP error: HTTP 404
