--TEST--
The store is created on first use with its directories and mode 0600; bad paths are clear errors
--INI--
mih.store={PWD}/ini-store-test/hub.sqlite
--FILE--
<?php
require __DIR__ . '/helpers.inc';
use local_integrationhub\{mih, services, mih_exception};

// No configure(): the ini setting decides.
$ini = __DIR__ . '/ini-store-test/hub.sqlite';
@unlink($ini);
services::all();
var_dump(file_exists($ini));
exec('rm -rf ' . escapeshellarg(dirname($ini)));

$dir = sys_get_temp_dir() . '/mih-phpt-store-' . getmypid();
$path = "$dir/a/b/c/hub.sqlite";
mih::configure(['store' => $path]);
$id = services::save(['name' => 'kept', 'base_url' => 'http://127.0.0.1:1/']);
clearstatcache();
printf("created: %s mode %o\n", var_export(file_exists($path), true), fileperms($path) & 0777);

// A path under a file cannot be created.
touch("$dir/plainfile");
mih::configure(['store' => "$dir/plainfile/sub/hub.sqlite"]);
try {
    services::all();
} catch (mih_exception $e) {
    echo $e->errorcode, ': ', str_replace($dir, 'DIR', $e->getMessage()), "\n";
}
// A directory is not a store file.
mih::configure(['store' => $dir]);
try {
    services::all();
} catch (mih_exception $e) {
    echo $e->errorcode, ': ', str_replace($dir, 'DIR', $e->getMessage()), "\n";
}
foreach ([['store' => ''], ['store' => 'oracle://u:pw@h/db'], ['store' => 'postgresql://u:S3cret@h/'], ['store' => 5]] as $bad) {
    try {
        mih::configure($bad);
    } catch (mih_exception $e) {
        echo $e->errorcode, ': ', json_encode($e->fielderrors), "\n";
    }
}
// Back to the good store: the data is intact.
mih::configure(['store' => $path]);
echo implode(',', array_column(services::all(), 'name')), "\n";
exec('rm -rf ' . escapeshellarg($dir));
?>
--EXPECT--
bool(true)
created: true mode 600
store_error: store: cannot create directory 'DIR/plainfile/sub': Not a directory (os error 20)
store_error: store: 'DIR' is a directory, not a file
invalid_argument: {"store":"store: empty path"}
invalid_argument: {"store":"store: unknown scheme 'oracle:\/\/'; use postgresql:\/\/, mysql:\/\/ or a file path"}
invalid_argument: {"store":"store: postgresql:\/\/h\/: no database name"}
invalid_argument: {"store":"must be a file path or a postgresql:\/\/ or mysql:\/\/ URL"}
kept
