<?php
// The plain PHP page of the production-shape benchmark: what PHP code does
// today for one call, a new curl handle per request.
$curl = curl_init(getenv('MIH_BENCH_PEER') . '/plain');
curl_setopt_array($curl, [CURLOPT_RETURNTRANSFER => true, CURLOPT_POST => true,
    CURLOPT_POSTFIELDS => json_encode(['n' => 1]), CURLOPT_HTTPHEADER => ['Content-Type: application/json'],
    CURLOPT_TIMEOUT => 5]);
$body = curl_exec($curl);
$status = curl_getinfo($curl, CURLINFO_RESPONSE_CODE);
curl_close($curl);
header('Content-Type: text/plain');
echo getmypid(), ' ', $status, "\n";
