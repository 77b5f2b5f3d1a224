--TEST--
services::save names every bad field and leaves the store as it was
--FILE--
<?php
require __DIR__ . '/helpers.inc';
use local_integrationhub\{services, mih_exception};
mih_test_store();

function attempt(array $fields): void {
    try {
        services::save($fields);
        echo "saved\n";
    } catch (mih_exception $e) {
        echo $e->errorcode, ': ', json_encode($e->fielderrors, JSON_UNESCAPED_SLASHES), "\n";
    }
}

$good = ['name' => 'api', 'base_url' => 'https://api.example.com/v1'];
attempt($good);
attempt(['name' => '', 'base_url' => 'https://x.example']);
attempt(['name' => str_repeat('a', 10000), 'base_url' => 'https://x.example']);
attempt(['name' => 'Has Space', 'base_url' => 'https://x.example']);
attempt($good); // duplicate
attempt(['name' => 'noscheme', 'base_url' => 'api.example.com/v1']);
attempt(['name' => 'js', 'base_url' => 'javascript:alert(1)']);
attempt(['name' => 'rabbit', 'type' => 'amqp', 'base_url' => 'https://x.example']);
attempt(['name' => 'crlf', 'base_url' => 'https://x.example', 'auth_type' => 'bearer', 'auth_token' => "a\r\nX-Evil: 1"]);
attempt(['name' => 'bounds', 'base_url' => 'https://x.example', 'timeout' => 0, 'max_retries' => 11,
    'retry_backoff' => 61, 'cb_failure_threshold' => 0, 'cb_cooldown' => 86401, 'enabled' => 'maybe', 'type' => 'ftp', 'colour' => 'red']);
attempt(['name' => 'formstrings', 'base_url' => 'http://127.0.0.1/', 'timeout' => '7', 'enabled' => '0']);

$all = services::all();
echo count($all), ' services: ', implode(', ', array_column($all, 'name')), "\n";
$form = services::get('formstrings');
var_dump($form['timeout'], $form['enabled']);
try {
    services::save(['id' => 999, 'name' => 'ghost', 'base_url' => 'http://h/']);
} catch (mih_exception $e) {
    echo $e->errorcode, "\n";
}
var_dump(services::get('missing'), services::get(999));
?>
--EXPECT--
saved
invalid_argument: {"name":"required"}
invalid_argument: {"name":"at most 64 characters"}
invalid_argument: {"name":"lowercase letters, digits, '-' and '_' only, starting with a letter or digit (no spaces)"}
invalid_argument: {"name":"a service named 'api' already exists"}
invalid_argument: {"base_url":"not a valid URL (relative URL without a base); expected http or https://host/..."}
invalid_argument: {"base_url":"scheme 'javascript' is not allowed for type rest; use http or https"}
invalid_argument: {"base_url":"scheme 'https' is not allowed for type amqp; use amqp or amqps"}
invalid_argument: {"auth_token":"must not contain line breaks or control characters"}
invalid_argument: {"cb_cooldown":"must be a whole number from 1 to 86400","cb_failure_threshold":"must be a whole number from 1 to 100","colour":"unknown field","enabled":"must be true or false (1 or 0)","max_retries":"must be a whole number from 0 to 10","retry_backoff":"must be a whole number from 0 to 60","timeout":"must be a whole number from 1 to 300","type":"must be rest, amqp or soap"}
saved
2 services: api, formstrings
int(7)
bool(false)
service_not_found
NULL
NULL
