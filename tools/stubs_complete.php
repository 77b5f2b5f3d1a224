<?php
// Completes the stubs that `cargo php stubs` writes with the classes it
// cannot see: those the extension registers by hand (mih_exception, which
// must stay an ordinary PHP exception class). Generated from the loaded
// extension by reflection, never written by hand.
//
// Usage: php -n -d extension=libmih.so tools/stubs_complete.php stubs/mih.php

$file = $argv[1];
$stubs = file_get_contents($file);
$extra = '';
foreach ((new ReflectionExtension('mih'))->getClasses() as $class) {
    $short = $class->getShortName();
    if (preg_match('/\bclass ' . preg_quote($short, '/') . '\b/', $stubs)) {
        continue;
    }
    $parent = $class->getParentClass();
    $extra .= "namespace {$class->getNamespaceName()} {\n";
    $extra .= "    class $short" . ($parent ? ' extends \\' . $parent->getName() : '') . " {\n";
    $defaults = $class->getDefaultProperties();
    foreach ($class->getProperties() as $property) {
        if ($property->getDeclaringClass()->getName() !== $class->getName()) {
            continue;
        }
        $type = get_debug_type($defaults[$property->getName()]);
        $default = var_export($defaults[$property->getName()], true);
        $default = $default === "array (\n)" ? '[]' : $default;
        $extra .= "        /** @var $type */\n";
        $extra .= "        public $type \${$property->getName()} = $default;\n";
    }
    $extra .= "    }\n}\n";
}
file_put_contents($file, rtrim($stubs) . "\n\n" . $extra);
