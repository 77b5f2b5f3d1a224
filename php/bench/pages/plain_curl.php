<?php
// The plain PHP page of the production-shape benchmark: what PHP code does
// today for one REST call, a new curl handle per request (so over HTTPS a
// full handshake each time, verifying the peer against MIH_BENCH_CA). A
// failed call answers 502, so wrk counts it rather than timing it as a success.
$curl = curl_init(getenv('MIH_BENCH_PEER') . '/');
curl_setopt_array($curl, [CURLOPT_RETURNTRANSFER => true, CURLOPT_POST => true,
    CURLOPT_POSTFIELDS => json_encode(['n' => 1]), CURLOPT_HTTPHEADER => ['Content-Type: application/json'],
    CURLOPT_TIMEOUT => 5]);
if (getenv('MIH_BENCH_CA')) {
    curl_setopt($curl, CURLOPT_CAINFO, getenv('MIH_BENCH_CA'));
}
$body = curl_exec($curl);
$status = curl_getinfo($curl, CURLINFO_RESPONSE_CODE);
$error = curl_error($curl);
curl_close($curl);
http_response_code($status === 200 ? 200 : 502);
header('Content-Type: text/plain');
echo getmypid(), ' ', $status === 200 ? 'ok' : "failed: $status $error", "\n";
