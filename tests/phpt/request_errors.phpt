--TEST--
Bad calls throw mih_exception naming the problem; nothing is sent or logged for them
--FILE--
<?php
require __DIR__ . '/helpers.inc';
use local_integrationhub\{mih, services, request_log, mih_exception};
mih_test_store();
$peer = mih_test_peer();
services::save(['name' => 'api', 'base_url' => $peer]);
services::save(['name' => 'off', 'base_url' => $peer, 'enabled' => false]);

function attempt(callable $call): void {
    try {
        $call();
        echo "no exception\n";
    } catch (mih_exception $e) {
        echo get_class($e), ' ', $e->errorcode, ': ', $e->getMessage(), "\n";
    }
}

$deep = [];
$cursor = &$deep;
for ($i = 0; $i < 64; $i++) {
    $cursor['d'] = [];
    $cursor = &$cursor['d'];
}
unset($cursor);
$tooDeep = ['wrap' => $deep];
class secretive implements JsonSerializable {
    private $hidden = 'no';
    public $shown = 'yes';
    public function jsonSerialize(): mixed { return ['custom' => true]; }
}
class plain { public $a = 1; protected $b = 2; private $c = 3; }

attempt(fn() => mih::request('nope'));
attempt(fn() => mih::request(str_repeat('n', 10000)));
attempt(fn() => mih::request(''));
attempt(fn() => mih::request('off'));
attempt(fn() => mih::request('api', '/', [], 'FOO'));
attempt(fn() => mih::send('api')->method('TRACE'));
attempt(fn() => mih::request('api', '/', ['file' => STDIN]));
attempt(fn() => mih::request('api', '/', ['cb' => fn() => 1]));
attempt(fn() => mih::request('api', '/', [1.5, NAN]));
attempt(fn() => mih::request('api', '/', ['x' => ['y' => INF]]));
attempt(fn() => mih::request('api', '/', ['name' => "caf\xe9"]));
attempt(fn() => mih::request('api', '/', "\xff\xfe"));
attempt(fn() => mih::request('api', '/', 42));
attempt(fn() => mih::request('api', '/', $tooDeep));
echo 'depth 64 accepted: ', var_export(mih::request('api', '/', $deep)->success, true), "\n";
echo 'JsonSerializable: ', mih::request('api', '/', ['o' => new secretive()])->json()['body'], "\n";
echo 'public properties only: ', mih::request('api', '/', new plain())->json()['body'], "\n";
echo 'rows logged: ', count(request_log::query([], 100)), "\n";
?>
--EXPECT--
local_integrationhub\mih_exception service_not_found: service 'nope' is not registered
local_integrationhub\mih_exception service_not_found: service 'nnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnn…' is not registered
local_integrationhub\mih_exception service_not_found: service '' is not registered
local_integrationhub\mih_exception service_disabled: service 'off' is disabled
local_integrationhub\mih_exception invalid_argument: method 'FOO' is not supported; use GET, POST, PUT, PATCH or DELETE
local_integrationhub\mih_exception invalid_argument: method 'TRACE' is not supported; use GET, POST, PUT, PATCH or DELETE
local_integrationhub\mih_exception invalid_argument: payload['file']: a resource cannot be encoded as JSON
local_integrationhub\mih_exception invalid_argument: payload['cb']: a Closure cannot be encoded as JSON
local_integrationhub\mih_exception invalid_argument: payload['1']: NaN (NAN or INF) cannot be encoded as JSON
local_integrationhub\mih_exception invalid_argument: payload['x']['y']: inf (NAN or INF) cannot be encoded as JSON
local_integrationhub\mih_exception invalid_argument: payload['name']: string is not valid UTF-8
local_integrationhub\mih_exception invalid_argument: payload: string is not valid UTF-8
local_integrationhub\mih_exception invalid_argument: payload must be an array, an object, a string or null, not int
local_integrationhub\mih_exception invalid_argument: payload['wrap']['d']['d']['d']['d']['d']['d']['d']['d']['d']['d']['d']['d']['d']['d']['d']['d']['d']['d']['d']['d']['d']['d']['d']['d']['d']['d']['d']['d']['d']['d']['d']['d']['d']['d']['d']['d']['d']['d']['d']['d']['d']['d']['d']['d']['d']['d']['d']['d']['d']['d']['d']['d']['d']['d']['d']['d']['d']['d']['d']['d']['d']['d']['d']['d']: nested deeper than 64 levels (or refers to itself)
depth 64 accepted: true
JsonSerializable: {"o":{"custom":true}}
public properties only: {"a":1}
rows logged: 3
