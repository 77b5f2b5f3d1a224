--TEST--
Proxy: Moodle's proxy settings route calls through the proxy with its credentials; bypassed hosts go direct
--FILE--
<?php
require __DIR__ . '/helpers.inc';
use local_integrationhub\{mih, services, mih_exception};
mih_test_store();
$peer = mih_test_peer();
$proxy = mih_start_php_peer(__DIR__ . '/../fixtures/proxy_peer.php');
$proxyport = parse_url($proxy, PHP_URL_PORT);
services::save(['name' => 'api', 'base_url' => 'http://api.example.invalid/v1', 'max_retries' => 0]);
services::save(['name' => 'direct', 'base_url' => $peer, 'max_retries' => 0]);

mih::configure(['proxy' => ['host' => '127.0.0.1', 'port' => $proxyport, 'type' => 'HTTP', 'user' => 'moodle', 'password' => 's3cret:pw'],
    'proxy_bypass' => 'localhost, 127.0.0.1']);
$seen = mih::request('api', '/users', ['a' => 1])->json();
echo 'through the proxy: ', json_encode([$seen['proxied'], $seen['target'], base64_decode(substr($seen['proxyauthorization'], 6))], JSON_UNESCAPED_SLASHES), "\n";
$direct = mih::request('direct', '/x')->json();
echo 'bypassed: ', var_export(isset($direct['proxied']), true), ' ', $direct['uri'], "\n";

// A URL with credentials works too; a bad proxy is refused with the reason, not the password.
mih::configure(['proxy' => "http://moodle:pw@127.0.0.1:$proxyport", 'proxy_bypass' => '']);
echo 'url form: ', mih::request('direct', '/x')->json()['target'], "\n";
try {
    mih::configure(['proxy' => ['host' => '127.0.0.1', 'port' => 0, 'password' => 'topsecret']]);
} catch (mih_exception $e) {
    echo $e->errorcode, ': ', json_encode($e->fielderrors), ' leaks password: ', var_export(str_contains($e->getMessage(), 'topsecret'), true), "\n";
}
mih::configure(['proxy' => '']);
echo 'no proxy: ', mih::request('direct', '/x')->json()['uri'], "\n";
?>
--EXPECTF--
through the proxy: [true,"http://api.example.invalid/v1/users","moodle:s3cret:pw"]
bypassed: false /x
url form: http://127.0.0.1:%d/x
invalid_argument: {"proxy":"needs a port from 1 to 65535"} leaks password: false
no proxy: /x
