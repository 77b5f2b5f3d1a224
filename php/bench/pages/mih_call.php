<?php
// The MIH page of the production-shape benchmark: one call through
// mih::request to the service its pool names (REST over HTTP or HTTPS, or an
// AMQP publish), registered once by the benchmark. A failed call answers
// 502, so wrk counts it rather than timing it as a success.
use local_integrationhub\mih;

mih::configure(['store' => getenv('MIH_TEST_STORE')]);
$r = mih::request(getenv('MIH_BENCH_SERVICE'), '/', ['n' => 1]);
http_response_code($r->success ? 200 : 502);
header('Content-Type: text/plain');
echo getmypid(), ' ', $r->success ? 'ok' : "failed: $r->error", "\n";
