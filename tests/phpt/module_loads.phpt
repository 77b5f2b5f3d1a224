--TEST--
The extension loads, declares its classes and shows version and ini settings
--INI--
mih.max_call_seconds=12
--FILE--
<?php
var_dump(extension_loaded('mih'));
$ext = new ReflectionExtension('mih');
var_dump(preg_match('/^\d+\.\d+\.\d+/', $ext->getVersion()) === 1);
var_dump($ext->getINIEntries());
$classes = $ext->getClassNames();
sort($classes);
echo implode("\n", $classes), "\n";
var_dump(is_subclass_of('local_integrationhub\mih_exception', 'RuntimeException'));
$e = new local_integrationhub\mih_exception('by hand');
var_dump($e->errorcode, $e->fielderrors, $e->getMessage());
ob_start();
$ext->info();
$info = ob_get_clean();
var_dump(str_contains($info, 'mih support => enabled'), str_contains($info, 'mih.max_call_seconds => 12'));
?>
--EXPECT--
bool(true)
bool(true)
array(2) {
  ["mih.store"]=>
  string(0) ""
  ["mih.max_call_seconds"]=>
  string(2) "12"
}
local_integrationhub\breakers
local_integrationhub\bridge
local_integrationhub\dlq
local_integrationhub\mih
local_integrationhub\mih_exception
local_integrationhub\mih_request
local_integrationhub\mih_response
local_integrationhub\request_log
local_integrationhub\responses
local_integrationhub\rules
local_integrationhub\services
local_integrationhub\stores
local_integrationhub\webhooks
bool(true)
string(0) ""
array(0) {
}
string(7) "by hand"
bool(true)
bool(true)
