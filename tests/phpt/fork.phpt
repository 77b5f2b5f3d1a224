--TEST--
pcntl_fork() after using the extension: children build their own hub, calls work and are logged
--FILE--
<?php
require __DIR__ . '/helpers.inc';
use local_integrationhub\{mih, services, request_log};
mih_test_store();
$peer = mih_test_peer();
services::save(['name' => 'api', 'base_url' => $peer]);

// Fork right after bursts of calls, while the log writer is busy committing:
// a child that inherited SQLite mid-commit would hang here.
$children = [];
for ($c = 0; $c < 6; $c++) {
    for ($i = 0; $i < 40; $i++) {
        mih::request('api', "/parent-$c");
    }
    $pid = pcntl_fork();
    if ($pid === 0) {
        $ok = true;
        for ($i = 0; $i < 5; $i++) {
            $ok = $ok && mih::request('api', "/child-$c")->json()['uri'] === "/child-$c";
        }
        exit($ok ? 0 : 1);
    }
    $children[] = $pid;
}
$codes = [];
foreach ($children as $pid) {
    pcntl_waitpid($pid, $status);
    $codes[] = pcntl_wifexited($status) ? pcntl_wexitstatus($status) : 'signal';
}
echo 'children exit codes: ', implode(',', $codes), "\n";
var_dump(mih::request('api', '/parent-after')->success);
$counts = array_count_values(array_column(request_log::query([], 1000), 'endpoint'));
ksort($counts);
echo json_encode($counts, JSON_UNESCAPED_SLASHES), "\n";
?>
--EXPECT--
children exit codes: 0,0,0,0,0,0
bool(true)
{"/child-0":5,"/child-1":5,"/child-2":5,"/child-3":5,"/child-4":5,"/child-5":5,"/parent-0":40,"/parent-1":40,"/parent-2":40,"/parent-3":40,"/parent-4":40,"/parent-5":40,"/parent-after":1}
