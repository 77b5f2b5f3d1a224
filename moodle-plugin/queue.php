<?php
// This file is part of Moodle - https://moodle.org/
//
// Moodle is free software: you can redistribute it and/or modify
// it under the terms of the GNU General Public License as published by
// the Free Software Foundation, either version 3 of the License, or
// (at your option) any later version.
//
// Moodle is distributed in the hope that it will be useful,
// but WITHOUT ANY WARRANTY; without even the implied warranty of
// MERCHANTABILITY or FITNESS FOR A PARTICULAR PURPOSE.  See the
// GNU General Public License for more details.
//
// You should have received a copy of the GNU General Public License
// along with Moodle.  If not, see <https://www.gnu.org/licenses/>.

/**
 * The Queue page: the events waiting for delivery, the Dead Letter Queue
 * (failed events, filtered by service, event and date; replay and delete,
 * one, selected or all matching) and the plugin's pending adhoc tasks.
 *
 * @package    local_integrationhub
 * @copyright  2026 MIH developers
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

use local_integrationhub\bridge;
use local_integrationhub\dlq;
use local_integrationhub\dlq_filter;
use local_integrationhub\mih_exception;
use local_integrationhub\page;
use local_integrationhub\rules;
use local_integrationhub\services;
use local_integrationhub\task\replay_dlq_task;

require_once(__DIR__ . '/../../config.php');

$action = optional_param('action', '', PARAM_ALPHA);
$ids = optional_param_array('ids', [], PARAM_INT);
$id = optional_param('id', 0, PARAM_INT);
$page = optional_param('page', 0, PARAM_INT);
$serviceid = optional_param('serviceid', 0, PARAM_INT);
$eventname = optional_param('eventname', '', PARAM_RAW_TRIMMED);
$since = optional_param('since', '', PARAM_RAW_TRIMMED);
$until = optional_param('until', '', PARAM_RAW_TRIMMED);
$perpage = 50;
// The page keeps its filters through paging, actions and their redirects.
$baseurl = new moodle_url('/local/integrationhub/queue.php',
    array_filter(['serviceid' => $serviceid, 'eventname' => $eventname, 'since' => $since, 'until' => $until]));
page::setup('queue', get_string('tab_queue', 'local_integrationhub'), $baseurl);

// The Dead Letter Queue's filters; with a problem (escaped), no entry is listed or replayed.
[$filters, $baddates] = dlq_filter::from_form($serviceid, $eventname, $since, $until);
$filterproblem = $baddates ? get_string('invaliddate', 'local_integrationhub', implode(', ', array_map('s', $baddates))) : null;
$matching = 0;
if ($filterproblem === null) {
    try {
        $matching = dlq::count_matching($filters);
    } catch (mih_exception $e) {
        $filterproblem = s($e->getMessage());
    }
}

if ($action === 'replaymatching') {
    page::require_manage();
    if ($filterproblem !== null) {
        redirect($baseurl, $filterproblem);
    }
    // One task for them all, reading the queue when it runs.
    $task = new replay_dlq_task();
    $task->set_component('local_integrationhub');
    $task->set_custom_data(['filters' => $filters]);
    \core\task\manager::queue_adhoc_task($task, true);
    redirect($baseurl, get_string('replaymatchingqueued', 'local_integrationhub', $matching));
}

if ($id) {
    $ids[] = $id;
}
if (in_array($action, ['replay', 'dodelete'], true) && $ids) {
    page::require_manage();
    foreach (array_unique($ids) as $entryid) {
        if ($action === 'replay') {
            $task = new replay_dlq_task();
            $task->set_component('local_integrationhub');
            $task->set_custom_data(['id' => $entryid]);
            \core\task\manager::queue_adhoc_task($task, true);
        } else {
            dlq::delete($entryid);
        }
    }
    redirect($baseurl, get_string($action === 'replay' ? 'replayqueued' : 'entriesdeleted', 'local_integrationhub',
        count(array_unique($ids))));
}

page::header();
if ($action === 'delete' && $ids) {
    $ids = array_values(array_unique($ids));
    page::confirm_delete(get_string('confirmdeleteentries', 'local_integrationhub', count($ids)), $baseurl, ['ids' => $ids]);
}

$servicenames = array_column(services::all(), 'name', 'id');
$rules = rules::all();
$ruleservices = array_column($rules, 'serviceid', 'id');

echo $OUTPUT->heading(get_string('outboxwaiting', 'local_integrationhub'), 3);
echo html_writer::tag('p', get_string('outboxwaiting_desc', 'local_integrationhub'), ['class' => 'text-muted']);
$waiting = bridge::waiting();
if ($waiting) {
    $table = new html_table();
    $table->head = array_map(fn($s) => get_string($s, 'local_integrationhub'),
        ['eventname', 'service', 'waitingcount', 'oldestwaiting', 'attempts', 'error', 'nexttry']);
    foreach ($waiting as $row) {
        $table->data[] = [
            html_writer::tag('code', s($row['eventname'])),
            s($servicenames[$ruleservices[$row['ruleid']] ?? 0] ?? '-'),
            $row['count'],
            page::time($row['oldest']),
            $row['attempts'],
            s($row['error']),
            $row['next_at'] > time() ? page::time($row['next_at']) : get_string('now'),
        ];
    }
    echo html_writer::table($table);
} else {
    echo $OUTPUT->notification(get_string('outboxempty', 'local_integrationhub'), 'info');
}

echo $OUTPUT->heading(get_string('deadletterqueue', 'local_integrationhub'), 3);
$eventnames = array_values(array_unique(array_column($rules, 'eventname')));
echo dlq_filter::form($baseurl, $servicenames, $eventnames, $serviceid, $eventname, $since, $until);
$canmanage = page::can_manage();
if ($filterproblem !== null) {
    echo $OUTPUT->notification($filterproblem, 'error');
}
if ($canmanage && $matching > 0) {
    echo html_writer::start_tag('form', ['method' => 'post', 'action' => $baseurl->out(false), 'class' => 'mb-3']);
    echo html_writer::empty_tag('input', ['type' => 'hidden', 'name' => 'sesskey', 'value' => sesskey()]);
    echo html_writer::tag('button', get_string('replaymatching', 'local_integrationhub', $matching),
        ['type' => 'submit', 'name' => 'action', 'value' => 'replaymatching', 'class' => 'btn btn-primary']);
    echo html_writer::end_tag('form');
}
$entries = $filterproblem === null ? dlq::all($perpage + 1, $page * $perpage, $filters) : [];
$hasmore = count($entries) > $perpage;
$table = new html_table();
$table->head = array_map(fn($s) => get_string($s, 'local_integrationhub'),
    ['eventname', 'service', 'endpoint', 'error', 'payload', 'time', 'attempts']);
if ($canmanage) {
    array_unshift($table->head, '');
    $table->head[] = get_string('actions');
}
foreach (array_slice($entries, 0, $perpage) as $entry) {
    // The listing carries the payload's first bytes and its size, never the whole payload.
    $preview = $entry['payload_preview'] . (strlen($entry['payload_preview']) < $entry['payload_bytes'] ? ' …' : '');
    $payload = html_writer::tag('details', html_writer::tag('summary', get_string('show') . ' (' .
        display_size($entry['payload_bytes']) . ')') . html_writer::tag('pre', s($preview), ['class' => 'mb-0 local_integrationhub-preview']));
    $row = [
        html_writer::tag('code', s($entry['eventname'])),
        s($servicenames[$entry['serviceid']] ?? '-'),
        // Where a replay goes: the base URL when the entry has no endpoint.
        html_writer::tag('code', s($entry['http_method'] . ' ' . ($entry['endpoint'] === '' ? '/' : $entry['endpoint']))),
        s($entry['error']),
        $payload,
        page::time($entry['timecreated']),
        $entry['attempts'],
    ];
    if ($canmanage) {
        array_unshift($row, html_writer::checkbox('ids[]', $entry['id'], false, '',
            ['aria-label' => get_string('select')]));
        $row[] = $OUTPUT->action_icon(new moodle_url($baseurl, ['action' => 'replay', 'id' => $entry['id'],
                'sesskey' => sesskey()]), new pix_icon('i/reload', get_string('replay', 'local_integrationhub'))) .
            $OUTPUT->action_icon(new moodle_url($baseurl, ['action' => 'delete', 'id' => $entry['id']]),
                new pix_icon('t/delete', get_string('delete')));
    }
    $table->data[] = $row;
}
if ($table->data) {
    if ($canmanage) {
        echo html_writer::start_tag('form', ['method' => 'post', 'action' => $baseurl->out(false)]);
        echo html_writer::empty_tag('input', ['type' => 'hidden', 'name' => 'sesskey', 'value' => sesskey()]);
    }
    echo html_writer::table($table);
    if ($canmanage) {
        echo html_writer::tag('button', get_string('replayselected', 'local_integrationhub'),
            ['type' => 'submit', 'name' => 'action', 'value' => 'replay', 'class' => 'btn btn-primary me-2 mr-2']);
        echo html_writer::tag('button', get_string('deleteselected', 'local_integrationhub'),
            ['type' => 'submit', 'name' => 'action', 'value' => 'delete', 'class' => 'btn btn-secondary']);
        echo html_writer::end_tag('form');
    }
    echo page::pager($baseurl, $page, $hasmore);
} else if ($filterproblem === null) {
    echo $OUTPUT->notification(get_string($filters ? 'nomatchingentries' : 'queueempty', 'local_integrationhub'), 'info');
}

// The plugin's adhoc tasks waiting for cron.
echo $OUTPUT->heading(get_string('pendingtasks', 'local_integrationhub'), 3);
$tasks = [];
foreach ([\local_integrationhub\task\dispatch_event_task::class, replay_dlq_task::class] as $class) {
    foreach (\core\task\manager::get_adhoc_tasks($class) as $task) {
        $tasks[] = $task;
    }
}
if ($tasks) {
    $table = new html_table();
    $table->head = array_map(fn($s) => get_string($s, 'local_integrationhub'), ['task', 'nextrun', 'faildelay']);
    foreach ($tasks as $task) {
        $table->data[] = [
            s(substr(strrchr(get_class($task), '\\'), 1)),
            page::time($task->get_next_run_time()),
            $task->get_fail_delay() ? format_time($task->get_fail_delay()) : '-',
        ];
    }
    echo html_writer::table($table);
} else {
    echo $OUTPUT->notification(get_string('nopendingtasks', 'local_integrationhub'), 'info');
}
echo $OUTPUT->footer();
