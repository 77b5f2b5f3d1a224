--TEST--
SOAP interop (issue 18): every operation of the SOAPBuilders interop WSDLs (rounds 2-4, as PHP's own tests keep them) called through MIH and through PHP's SoapClient against PHP's SoapServer; the share of calls giving what SoapClient gives may only grow (the differences are written to /tmp/mih-soap-interop.txt)
--SKIPIF--
<?php
if (!class_exists('SoapClient')) die('skip soap extension not loaded');
?>
--FILE--
<?php
require __DIR__ . '/helpers.inc';
require __DIR__ . '/../fixtures/soap_interop/compare.php';

mih_test_store();
$port = mih_free_port();
mih_start_peer([PHP_BINARY, '-n', '-d', 'extension=soap', '-S', "127.0.0.1:$port",
    __DIR__ . '/../fixtures/soap_interop/server.php'], $port, ['PHP_CLI_SERVER_WORKERS' => '4']);
$result = soap_interop_compare("http://127.0.0.1:$port");
$lines = [sprintf('%d of %d calls give what SoapClient gives (%.0f %%)', $result['matched'], $result['calls'],
    100 * $result['matched'] / $result['calls'])];
foreach ($result['differences'] as $call => $why) {
    $lines[] = "$call: $why";
}
file_put_contents(sys_get_temp_dir() . '/mih-soap-interop.txt', implode("\n", $lines) . "\n");
// The floor this suite stands at; raise it with every fix (the issue's goal: 95 %).
echo 'calls: ', $result['calls'], "\n";
echo 'matching at least the floor of 47: ', var_export($result['matched'] >= 47, true), "\n";
?>
--EXPECT--
calls: 53
matching at least the floor of 47: true
