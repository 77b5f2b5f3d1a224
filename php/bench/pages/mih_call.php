<?php
// The MIH page of the production-shape benchmark: the same call through
// mih::request, its service registered once by the benchmark.
use local_integrationhub\mih;

mih::configure(['store' => getenv('MIH_TEST_STORE')]);
$r = mih::request('bench', '/mih', ['n' => 1]);
header('Content-Type: text/plain');
echo getmypid(), ' ', $r->httpstatus, "\n";
