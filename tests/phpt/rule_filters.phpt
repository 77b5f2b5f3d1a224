--TEST--
Rule filters: only events that pass a rule's filter enter the outbox for it; a filter that cannot be read is refused when saved, naming its column; Preview tells whether the sample event passes
--FILE--
<?php
require __DIR__ . '/helpers.inc';
use local_integrationhub\{services, rules, bridge, mih_exception};
mih_test_store();
$svc = services::save(['name' => 'api', 'base_url' => 'http://127.0.0.1:9/']);
$graded = rules::save(['eventname' => '\core\event\course_module_created', 'serviceid' => $svc,
    'filter' => 'courseid = 5 and other.modulename in (quiz, assign)']);
$all = rules::save(['eventname' => '\core\event\course_module_created', 'serviceid' => $svc]);
$other = rules::save(['eventname' => '\core\event\course_module_created', 'serviceid' => $svc,
    'filter' => "not courseid = 5 or other.name = 'Week \\'1\\''"]);
echo 'stored: ', rules::get($graded)['filter'], "\n";
$events = [
    ['courseid' => 5, 'other' => ['modulename' => 'quiz', 'name' => 'Q']],
    ['courseid' => '5', 'other' => ['modulename' => 'assign', 'name' => "Week '1'"]],
    ['courseid' => 5, 'other' => ['modulename' => 'forum', 'name' => 'F']],
    ['courseid' => 6, 'other' => ['modulename' => 'quiz', 'name' => 'Q']],
];
foreach ($events as $event) {
    $added = bridge::enqueue(['eventname' => '\core\event\course_module_created'] + $event);
    echo json_encode($event), " -> $added deliveries\n";
}
echo 'waiting per rule: ', json_encode(array_column(bridge::waiting(), 'count', 'ruleid')), "\n";

foreach (['courseid = ', 'courseid = 5 or', 'other.modulename in quiz'] as $bad) {
    try {
        rules::save(['id' => $graded, 'filter' => $bad]);
    } catch (mih_exception $e) {
        echo "refused '$bad': ", $e->fielderrors['filter'], "\n";
    }
}
$p = rules::preview('{"c": {{courseid}}}', null, 'courseid = 1');
echo 'preview: ', json_encode([$p['payload'] !== null, $p['filter'], $p['filter_error']]), "\n";
$p = rules::preview('{}', null, 'courseid = 2');
echo 'preview: ', json_encode([$p['filter'], $p['filter_error']]), "\n";
$p = rules::preview('{}', ['courseid' => 2], 'courseid = 2');
echo 'preview with data: ', json_encode($p['filter']), "\n";
$p = rules::preview('{}', null, 'courseid =');
echo 'preview: ', json_encode([$p['filter'], $p['filter_error']]), "\n";
$p = rules::preview('{}');
echo 'preview without a filter: ', json_encode([$p['filter'], $p['filter_error']]), "\n";
?>
--EXPECT--
stored: courseid = 5 and other.modulename in (quiz, assign)
{"courseid":5,"other":{"modulename":"quiz","name":"Q"}} -> 2 deliveries
{"courseid":"5","other":{"modulename":"assign","name":"Week '1'"}} -> 3 deliveries
{"courseid":5,"other":{"modulename":"forum","name":"F"}} -> 1 deliveries
{"courseid":6,"other":{"modulename":"quiz","name":"Q"}} -> 2 deliveries
waiting per rule: {"1":2,"2":4,"3":2}
refused 'courseid = ': filter column 11: expected a value
refused 'courseid = 5 or': filter column 16: expected a field, such as courseid or other.modulename
refused 'other.modulename in quiz': filter column 21: expected '(' after 'in'
preview: [true,true,null]
preview: [false,null]
preview with data: true
preview: [null,"filter column 11: expected a value"]
preview without a filter: [null,null]
