--TEST--
After pcntl_fork() the child rebuilds its own hub and its calls work and are logged
--FILE--
<?php
require __DIR__ . '/helpers.inc';
use local_integrationhub\{mih, services, request_log};
mih_test_store();
$peer = mih_test_peer();
services::save(['name' => 'api', 'base_url' => $peer]);
var_dump(mih::request('api', '/parent-before')->success);

$children = [];
for ($c = 0; $c < 3; $c++) {
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
foreach ($children as $pid) {
    pcntl_waitpid($pid, $status);
    echo 'child exit: ', pcntl_wexitstatus($status), "\n";
}
var_dump(mih::request('api', '/parent-after')->success);
$counts = array_count_values(array_column(request_log::query([], 100), 'endpoint'));
ksort($counts);
echo json_encode($counts), "\n";
?>
--EXPECT--
bool(true)
child exit: 0
child exit: 0
child exit: 0
bool(true)
{"\/child-0":5,"\/child-1":5,"\/child-2":5,"\/parent-after":1,"\/parent-before":1}
