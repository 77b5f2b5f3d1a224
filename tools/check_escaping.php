<?php
// Checks that every text from the extension reaches the plugin's pages as
// text: each page is run (in its own PHP process) against stand-ins for
// Moodle (tools/escaping/moodle*.php, escaping where Moodle escapes and
// nowhere else) and for the extension (tools/escaping/extension.php, whose
// every text is markup such as <mih-xss-service-name>). A page passes when
// each hostile text it shows appears escaped exactly once: never as an
// element, never escaped twice (the user would read &lt;).
//
//   php tools/check_escaping.php moodle-plugin

$plugin = realpath($argv[1] ?? 'moodle-plugin');
$standins = __DIR__ . '/escaping';

// The page => [request parameters, the hostile texts it must show].
$cases = [
    'dashboard' => ['index.php', [], ['service-name', 'service-type', 'service-warning', 'service-alias', 'missing-host']],
    'delete service' => ['index.php', ['action' => 'delete', 'id' => 1], ['service-name']],
    'edit service' => ['service.php', ['id' => 1], ['service-name', 'service-url', 'token-hint', 'service-warning']],
    'service refused' => ['service.php', ['id' => 1, 'submitted' => 1, 'name' => 'x'],
        ['service-field-error', 'service-other-error']],
    // Saved with warnings: back to the form, which shows them (the 'edit service' view).
    'service saved' => ['service.php', ['id' => 1, 'submitted' => 1, 'name' => 'saved'], []],
    'rules' => ['rules.php', [], ['rule-event', 'service-name', 'rule-method', 'rule-endpoint', 'rule-filter']],
    'delete rule' => ['rules.php', ['action' => 'delete', 'id' => 1], ['rule-event']],
    'edit rule' => ['rule.php', ['id' => 1], ['service-name', 'rule-event', 'rule-endpoint', 'rule-template', 'rule-filter']],
    'rule template refused' => ['rule.php', ['id' => 1, 'submitted' => 1, 'fielderrors' => 1], ['rule-template-error']],
    'rule refused' => ['rule.php', ['id' => 1, 'submitted' => 1], ['rule-save-error']],
    'queue' => ['queue.php', [], ['outbox-event', 'outbox-error', 'dlq-event', 'service-name', 'dlq-endpoint', 'dlq-error', 'dlq-payload',
        'rule-event']],
    // What was typed into the filters comes back in the form, and a date that is not one in the message.
    'queue filtered' => ['queue.php', ['serviceid' => 1, 'eventname' => "\"'<mih-xss-typed-event>&", 'since' => '2026-03-01',
        'until' => "\"'<mih-xss-typed-date>&"], ['typed-event', 'typed-date', 'service-name']],
    'queue filters refused' => ['queue.php', ['eventname' => 'refused'], ['dlq-filter-error']],
    'replay all matching' => ['queue.php', ['action' => 'replaymatching', 'serviceid' => 1, 'until' => '2026-03-01'], []],
    'replay all matching refused' => ['queue.php', ['action' => 'replaymatching', 'eventname' => 'refused'],
        ['dlq-filter-error']],
    'request log' => ['logs.php', [], ['service-name', 'log-service', 'log-endpoint', 'log-method', 'log-error']],
    'events' => ['events.php', [], ['service-name', 'log-event', 'log-service', 'log-endpoint', 'log-error']],
    'store copy failed' => ['store.php', ['copy' => 1], ['store-copy-error', 'cfg-dbhost']],
];

// A site: config.php loading the stand-ins, the plugin copied into
// local/integrationhub (pages find config.php from their real path).
$site = sys_get_temp_dir() . '/mih-escaping-' . getmypid();
mkdir("$site/lib", 0700, true);
touch("$site/lib/formslib.php");
touch("$site/lib/adminlib.php");
mkdir("$site/local");
exec('cp -r ' . escapeshellarg($plugin) . ' ' . escapeshellarg("$site/local/integrationhub") . ' 2>&1', $out, $status);
file_put_contents("$site/config.php", '<?php
require ' . var_export("$standins/moodle.php", true) . ';
require ' . var_export("$standins/moodle_core.php", true) . ';
require ' . var_export("$standins/extension.php", true) . ';
spl_autoload_register(function ($class) {
    global $CFG; // As core_component::classloader(): class files use it.
    $prefix = "local_integrationhub\\\\";
    if (str_starts_with($class, $prefix)) {
        $file = __DIR__ . "/local/integrationhub/classes/" . str_replace("\\\\", "/", substr($class, strlen($prefix))) . ".php";
        if (is_file($file)) {
            require $file;
        }
    }
});
global $CFG, $OUTPUT, $PAGE;
$CFG = (object) ["libdir" => __DIR__ . "/lib", "dataroot" => __DIR__ . "/data", "dbtype" => "pgsql",
    "dbhost" => hostile_text("cfg-dbhost"), "dbname" => "moodle", "dbuser" => "moodle", "dbpass" => "",
    "prefix" => "mdl_", "dboptions" => []];
$OUTPUT = new core_renderer();
$PAGE = new moodle_page();
');

$problems = [];
foreach ($cases as $name => [$file, $params, $expected]) {
    $command = 'MIH_PAGE_PARAMS=' . escapeshellarg(json_encode($params)) . ' ' . escapeshellarg(PHP_BINARY)
        . ' -n -d display_errors=stderr -d error_reporting=-1 ' . escapeshellarg("$site/local/integrationhub/$file");
    $process = proc_open($command, [1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes);
    $html = stream_get_contents($pipes[1]);
    $errors = trim(stream_get_contents($pipes[2]));
    $status = proc_close($process);
    if ($status !== 0 || $errors !== '') {
        $problems[] = "$name ($file): the page failed (exit $status): $errors";
        continue;
    }
    preg_match_all('/<mih-xss-([a-z-]+)>/i', $html, $raw);
    preg_match_all('/&amp;lt;mih-xss-([a-z-]+)/i', $html, $twice);
    preg_match_all('/&lt;mih-xss-([a-z-]+)&gt;/i', $html, $once);
    foreach (array_unique(array_map('strtolower', $raw[1])) as $where) {
        $problems[] = "$name ($file): $where is shown as markup, not as text";
    }
    foreach (array_unique(array_map('strtolower', $twice[1])) as $where) {
        $problems[] = "$name ($file): $where is escaped twice (the user reads &lt;)";
    }
    $shown = array_map('strtolower', array_merge($raw[1], $twice[1], $once[1]));
    foreach (array_diff($expected, $shown) as $where) {
        $problems[] = "$name ($file): $where is not on the page (the check would prove nothing)";
    }
}
exec('rm -rf ' . escapeshellarg($site));

if ($problems) {
    fwrite(STDERR, implode("\n", $problems) . "\n");
    exit(1);
}
printf("escaping: %d page views, every hostile text shown as text\n", count($cases));
