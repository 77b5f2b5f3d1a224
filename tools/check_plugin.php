<?php
// Checks the Moodle plugin without a Moodle site: every PHP file passes
// `php -l`, every string the plugin asks for exists in lang/en, and every
// other language pack has exactly lang/en's strings with their placeholders.
//
// String ids are found where the code names them literally: an id followed
// by the component (get_string(), lang_string(), getString() in amd/src,
// exceptions), help buttons (id and id_help), environment.xml messages,
// lists mapped through get_string(), capabilities (db/access.php), and the
// `'prefix_' . $x` ids, each prefix having to match some string. The walk
// through a real site (headless Chromium) catches what is built otherwise.
//
//   php tools/check_plugin.php moodle-plugin

$dir = rtrim($argv[1] ?? 'moodle-plugin', '/');
$component = 'local_integrationhub';
$string = [];
define('MOODLE_INTERNAL', true);
require "$dir/lang/en/$component.php";

$problems = [];
$files = new RecursiveIteratorIterator(new RecursiveDirectoryIterator($dir, FilesystemIterator::SKIP_DOTS));
$used = [];
$prefixes = [];
foreach ($files as $file) {
    $path = $file->getPathname();
    $ext = pathinfo($path, PATHINFO_EXTENSION);
    if ($ext === 'php') {
        exec(escapeshellarg(PHP_BINARY) . ' -n -l ' . escapeshellarg($path) . ' 2>&1', $out, $status);
        if ($status !== 0) {
            $problems[] = "php -l $path: " . implode(' ', $out);
        }
        $out = [];
    }
    if ($ext !== 'php' && !($ext === 'js' && str_contains($path, '/amd/src/'))) {
        continue;
    }
    $code = file_get_contents($path);
    $q = "'([a-z0-9_:]+)'";
    $c = "'$component'";
    // Any literal id right before the component: get_string(), lang_string(),
    // getString(), moodle_exception, addHelpButton()'s identifier.
    preg_match_all("/$q,\\s*$c/", $code, $m);
    $used = array_merge($used, $m[1]);
    preg_match_all("/addHelpButton\\([^,]+,\\s*$q,\\s*$c/", $code, $m);
    foreach ($m[1] as $id) {
        array_push($used, $id, "{$id}_help");
    }
    preg_match_all("/get_string\\(\\\$\\w+,\\s*$c\\),\\s*\\[((?:\\s*'[a-z0-9_]+',?)+)\\s*\\]/", $code, $m);
    foreach ($m[1] as $list) {
        preg_match_all("/$q/", $list, $ids);
        $used = array_merge($used, $ids[1]);
    }
    preg_match_all("/'privacy:metadata:[a-z:_]+'/", $code, $m);
    $used = array_merge($used, array_map(fn($s) => trim($s, "'"), $m[0]));
    preg_match_all("/get_string\\('([a-z_]+_)' \\. /", $code, $m);
    $prefixes = array_merge($prefixes, $m[1]);
}
preg_match_all('/message="([a-z0-9_]+)" plugin="' . $component . '"/', file_get_contents("$dir/environment.xml"), $m);
$used = array_merge($used, $m[1]);
preg_match_all("/'local\\/integrationhub:([a-z]+)'\\s*=>/", file_get_contents("$dir/db/access.php"), $m);
foreach ($m[1] as $cap) {
    $used[] = "integrationhub:$cap";
}
foreach (array_unique($used) as $id) {
    if (!isset($string[$id])) {
        $problems[] = "string '$id' is used but not in lang/en";
    }
}
foreach (array_unique($prefixes) as $prefix) {
    if (!array_filter(array_keys($string), fn($id) => str_starts_with($id, $prefix))) {
        $problems[] = "no string starts with '$prefix'";
    }
}
// Each pack: the same ids as English, each with the same {$a…} placeholders.
$english = $string;
$placeholders = function (string $text): array {
    preg_match_all('/\{\$a[^}]*\}/', $text, $m);
    sort($m[0]);
    return $m[0];
};
$packs = glob("$dir/lang/*/$component.php");
foreach ($packs as $file) {
    $lang = basename(dirname($file));
    $string = [];
    require $file;
    foreach (array_diff_key($english, $string) as $id => $text) {
        $problems[] = "lang/$lang lacks '$id'";
    }
    foreach (array_diff_key($string, $english) as $id => $text) {
        $problems[] = "lang/$lang has '$id', which lang/en has not";
    }
    foreach (array_intersect_key($string, $english) as $id => $text) {
        if ($placeholders($text) !== $placeholders($english[$id])) {
            $problems[] = "lang/$lang '$id': its placeholders differ from lang/en's";
        }
    }
}
if ($problems) {
    fwrite(STDERR, implode("\n", $problems) . "\n");
    exit(1);
}
printf("plugin: %d files lint clean, %d string ids used, all in lang/en; %d language packs complete\n",
    iterator_count($files), count(array_unique($used)), count($packs));
