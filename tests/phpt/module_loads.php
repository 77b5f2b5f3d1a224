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
