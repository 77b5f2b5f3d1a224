--TEST--
A hostile local user: files planted in shared directories (the default store's, the change signal's, the WSDL cache's) are refused with a store_error naming the path and why, never used or written through
--SKIPIF--
<?php if (trim((string) shell_exec('id -u')) !== '0') die('skip root is needed to plant files as another user'); ?>
--FILE--
<?php
require __DIR__ . '/helpers.inc';
use local_integrationhub\{mih, services};

const ATTACKER = 65534; // nobody: the other local user
$uid = trim(shell_exec('id -u'));
$root = sys_get_temp_dir() . '/mih-phpt-hostile-' . getmypid();
mkdir($root);
$owner = getmypid();
register_shutdown_function(fn() => getmypid() === $owner && exec('rm -rf ' . escapeshellarg($root)));

/** A directory like /tmp: world-writable, sticky. */
function shared_tmp(string $name): string {
    global $root;
    mkdir("$root/$name");
    chmod("$root/$name", 01777);
    return "$root/$name";
}

/** Runs $code in a new PHP process of this user with TMPDIR=$tmp; returns what it printed, paths shortened. */
function victim(string $code, string $tmp): string {
    global $root;
    $script = 'use local_integrationhub\{mih, services, mih_exception};'
        . "try { $code } catch (mih_exception \$e) { echo \$e->errorcode, ': ', \$e->getMessage(), \"\\n\"; }";
    $process = proc_open([PHP_BINARY, '-n', '-d', 'extension=' . mih_loaded_library(), '-r', $script],
        [1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes, null, ['TMPDIR' => $tmp]);
    $out = stream_get_contents($pipes[1]) . stream_get_contents($pipes[2]);
    proc_close($process);
    return str_replace([$root, "uid $GLOBALS[uid]"], ['ROOT', 'uid ME'], $out);
}

/** As the attacker would leave it: owned by nobody, mode $mode. */
function plant(string $path, int $mode): void {
    chown($path, ATTACKER);
    chmod($path, $mode);
}

$save = 'services::save(["name" => "mine", "base_url" => "http://127.0.0.1:9/"]); echo "saved\n";';

echo "1. The default store lives in a private directory MIH creates:\n";
$tmp = shared_tmp('fresh');
echo victim($save, $tmp);
clearstatcache();
printf("   %s mode %o, hub.sqlite mode %o\n", "mih-$uid", fileperms("$tmp/mih-$uid") & 0777, fileperms("$tmp/mih-$uid/hub.sqlite") & 0777);
echo '   nothing else in the shared directory: ', json_encode(array_values(array_diff(scandir($tmp), ['.', '..']))) === json_encode(["mih-$uid"]) ? 'yes' : 'no', "\n";

echo "2. That directory, planted by another user:\n";
$tmp = shared_tmp('planted-dir');
mkdir("$tmp/mih-$uid");
plant("$tmp/mih-$uid", 0777);
echo '   ', victim($save, $tmp);
echo '   nothing written in it: ', scandir("$tmp/mih-$uid") === ['.', '..'] ? 'yes' : 'no', "\n";
echo '   a server store\'s change signal too: ',
    victim("mih::configure(['store' => 'postgresql://postgres@127.0.0.1:5432/mih_none']); services::all();", $tmp);

echo "3. Or made ours but left writable by others:\n";
$tmp = shared_tmp('loose-dir');
mkdir("$tmp/mih-$uid");
chmod("$tmp/mih-$uid", 0777);
echo '   ', victim($save, $tmp);

echo "4. A store another user planted (0666, with a service pointing at them) at the path the admin named:\n";
$planted = "$root/admin/hub.sqlite";
mih::configure(['store' => $planted]);
services::save(['name' => 'api', 'base_url' => 'http://127.0.0.1:9/attacker']);
mih::configure(['store' => mih_test_store()]);
foreach (glob("$planted*") as $file) {
    plant($file, 0666);
}
echo '   ', victim("mih::configure(['store' => '$planted']); mih::request('api', '/');", $root);

echo "5. Symbolic links planted under the store's names are refused, their targets untouched:\n";
$precious = "$root/precious.txt";
file_put_contents($precious, '12345678 precious');
foreach (['', '-changes', '-wal', '-shm'] as $suffix) {
    $dir = "$root/links$suffix";
    mkdir($dir);
    symlink($precious, "$dir/hub.sqlite$suffix");
    echo "   hub.sqlite$suffix: ", victim("mih::configure(['store' => '$dir/hub.sqlite']); $save", $root);
}
clearstatcache();
echo '   target: ', file_get_contents($precious), "\n";

echo "6. The WSDL cache: named by the URL's SHA-256, 0600 in a 0700 directory; a planted cache is not used:\n";
$port = mih_free_port();
mih_start_peer([PHP_BINARY, '-n', '-d', 'extension=soap', '-S', "127.0.0.1:$port", __DIR__ . '/../fixtures/soap/server.php'], $port);
$wsdl = "http://127.0.0.1:$port/legacy.wsdl";
$call = "services::save(['name' => 'legacy', 'type' => 'soap', 'base_url' => '$wsdl', 'auth_type' => 'bearer', 'auth_token' => 'T0ken']);"
    . "echo mih::request('legacy', 'Add', ['a' => 1, 'b' => 1])->body, \"\\n\";";
$store = "$root/soap/hub.sqlite";
echo '   answer: ', victim("mih::configure(['store' => '$store']); $call", $root);
$cached = "$root/soap/cache/wsdl-" . hash('sha256', $wsdl) . '.xml';
clearstatcache();
printf("   cached as wsdl-<sha256>.xml: %s, mode %o, directory mode %o\n", var_export(is_file($cached), true),
    fileperms($cached) & 0777, fileperms(dirname($cached)) & 0777);

$attacker = mih_test_peer();
$store = "$root/soap-planted/hub.sqlite";
mkdir(dirname($store) . '/cache', 0777, true);
$evil = dirname($store) . '/cache/' . basename($cached);
file_put_contents($evil, str_replace("http://127.0.0.1:$port/soap11", "$attacker/steal", file_get_contents($wsdl)));
plant($evil, 0644);
plant(dirname($evil), 0755);
echo '   with a planted cache: ', str_replace((string) $port, 'PORT', victim("mih::configure(['store' => '$store']); $call", $root));
?>
--EXPECTF--
1. The default store lives in a private directory MIH creates:
saved
   mih-0 mode 700, hub.sqlite mode 600
   nothing else in the shared directory: yes
2. That directory, planted by another user:
   store_error: store: 'ROOT/planted-dir/mih-0' is owned by uid 65534, not by this process's uid ME
   nothing written in it: yes
   a server store's change signal too: store_error: store: 'ROOT/planted-dir/mih-0' is owned by uid 65534, not by this process's uid ME
3. Or made ours but left writable by others:
   store_error: store: 'ROOT/loose-dir/mih-0' is writable by other users (mode 777)
4. A store another user planted (0666, with a service pointing at them) at the path the admin named:
   store_error: store: 'ROOT/admin/hub.sqlite' is owned by uid 65534, not by this process's uid ME
5. Symbolic links planted under the store's names are refused, their targets untouched:
   hub.sqlite: store_error: store: 'ROOT/links/hub.sqlite' is a symbolic link
   hub.sqlite-changes: store_error: store: 'ROOT/links-changes/hub.sqlite-changes' is a symbolic link
   hub.sqlite-wal: store_error: store: 'ROOT/links-wal/hub.sqlite-wal' is a symbolic link
   hub.sqlite-shm: store_error: store: 'ROOT/links-shm/hub.sqlite-shm' is a symbolic link
   target: 12345678 precious
6. The WSDL cache: named by the URL's SHA-256, 0600 in a 0700 directory; a planted cache is not used:
   answer: 2
   cached as wsdl-<sha256>.xml: true, mode 600, directory mode 700
   with a planted cache: 2
%sWSDL cache not used: 'ROOT/soap-planted/cache' is owned by uid 65534, not by this process's uid ME
mih: WSDL cache not written: 'ROOT/soap-planted/cache' is owned by uid 65534, not by this process's uid ME
