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
 * Dashboard: the charts, the services with their circuits, and their actions.
 *
 * @package    local_integrationhub
 * @copyright  2026 MIH developers
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

use local_integrationhub\breakers;
use local_integrationhub\extension_absence;
use local_integrationhub\page;
use local_integrationhub\request_log;
use local_integrationhub\services;
use local_integrationhub\task\dispatch_event_task;

require_once(__DIR__ . '/../../config.php');

$action = optional_param('action', '', PARAM_ALPHA);
$id = optional_param('id', 0, PARAM_INT);
$baseurl = new moodle_url('/local/integrationhub/index.php');
page::setup('services', get_string('dashboard', 'local_integrationhub'));

if ($action !== '' && $action !== 'delete') {
    page::require_manage();
    if ($action === 'dodelete') {
        services::delete($id);
        redirect($baseurl, get_string('servicedeleted', 'local_integrationhub'));
    } else if ($action === 'reset') {
        breakers::reset($id);
        redirect($baseurl, get_string('circuitreset', 'local_integrationhub'));
    } else if ($action === 'resetall') {
        breakers::reset_all();
        redirect($baseurl, get_string('circuitsreset', 'local_integrationhub'));
    }
}

page::header();

if ($action === 'delete') {
    $service = services::get($id) ?? throw new moodle_exception('servicenotfound', 'local_integrationhub');
    page::confirm_delete(get_string('confirmdeleteservice', 'local_integrationhub', s($service['name'])), $baseurl, ['id' => $id]);
}

// Events handed off by a PHP process without the extension wait for one with it.
$absence = extension_absence::last();
if ($absence && $absence['time'] > time() - DAYSECS) {
    echo $OUTPUT->notification(get_string('eventswaitforextension', 'local_integrationhub', (object) [
        'count' => count(\core\task\manager::get_adhoc_tasks(dispatch_event_task::class)),
        'host' => s($absence['host']),
        'time' => userdate($absence['time']),
    ]), 'warning');
}

// Charts.
$stats = request_log::stats();
if ($stats['success'] + $stats['failure'] > 0) {
    $pie = new \core\chart_pie();
    $pie->set_title(get_string('statusdistribution', 'local_integrationhub'));
    $outcomes = new \core\chart_series(get_string('requests', 'local_integrationhub'),
        [$stats['success'], $stats['failure']]);
    $outcomes->set_colors(['#357a32', '#ca3120']);
    $pie->add_series($outcomes);
    $pie->set_labels([get_string('success', 'local_integrationhub'), get_string('failed', 'local_integrationhub')]);
    $line = new \core\chart_line();
    $line->set_title(get_string('latencytrend', 'local_integrationhub'));
    $line->add_series(new \core\chart_series(get_string('latencyms', 'local_integrationhub'),
        array_map(fn($point) => round($point['latencyms'], 1), $stats['latencies'])));
    $line->set_labels(array_map(fn($point) => userdate((int) $point['time'], get_string('strftimetime', 'core_langconfig')),
        $stats['latencies']));
    echo html_writer::start_div('row mb-4');
    echo html_writer::div($OUTPUT->render($pie), 'col-md-5');
    echo html_writer::div($OUTPUT->render($line), 'col-md-7');
    echo html_writer::end_div();
} else {
    echo $OUTPUT->notification(get_string('norequestsyet', 'local_integrationhub'), 'info');
}

// Services.
$canmanage = page::can_manage();
$table = new html_table();
$table->head = array_map(fn($s) => get_string($s, 'local_integrationhub'),
    ['name', 'type', 'circuit', 'avglatency', 'errors24h', 'lastused']);
if ($canmanage) {
    $table->head[] = get_string('actions');
}
$table->attributes['class'] = 'generaltable local_integrationhub_services';
$badges = ['closed' => 'success', 'open' => 'danger', 'halfopen' => 'warning'];
foreach (services::all() as $service) {
    $state = $service['state'];
    $circuit = html_writer::span(get_string('state_' . $state, 'local_integrationhub'),
        "badge bg-{$badges[$state]} badge-{$badges[$state]}");
    if ($state === 'open' && $service['retry_in'] > 0) {
        $circuit .= ' ' . html_writer::span(get_string('retryin', 'local_integrationhub', $service['retry_in']),
            'small text-muted');
    }
    $name = s($service['name']);
    if (!$service['enabled']) {
        $name .= ' ' . html_writer::span(get_string('disabled', 'local_integrationhub'), 'badge bg-secondary badge-secondary');
    }
    if (($service['alias'] ?? '') !== '') {
        $name .= html_writer::div(get_string('alsoknownas', 'local_integrationhub', s($service['alias'])), 'small text-muted');
    }
    foreach ($service['warnings'] as $warning) {
        $name .= html_writer::div(s($warning), 'small text-warning');
    }
    $row = [
        $name,
        s(strtoupper($service['type'])),
        $circuit,
        $service['avg_latency_24h'] === null ? '-' : format_float($service['avg_latency_24h'], 1) . ' ms',
        $service['errors_24h'],
        page::time($service['last_used']),
    ];
    if ($canmanage) {
        $row[] = $OUTPUT->action_icon(new moodle_url('/local/integrationhub/service.php', ['id' => $service['id']]),
                new pix_icon('t/edit', get_string('edit'))) .
            $OUTPUT->action_icon(new moodle_url($baseurl, ['action' => 'delete', 'id' => $service['id']]),
                new pix_icon('t/delete', get_string('delete'))) .
            $OUTPUT->action_icon(new moodle_url($baseurl, ['action' => 'reset', 'id' => $service['id'],
                'sesskey' => sesskey()]), new pix_icon('t/reset', get_string('resetcircuit', 'local_integrationhub')));
    }
    $table->data[] = $row;
}
if ($table->data) {
    echo html_writer::table($table);
} else {
    echo $OUTPUT->notification(get_string('noservices', 'local_integrationhub'), 'info');
}
if ($canmanage) {
    echo html_writer::start_div('d-flex gap-2');
    // The fourth argument is the button type since Moodle 4.2, a "primary" flag before.
    echo $OUTPUT->render(new single_button(new moodle_url('/local/integrationhub/service.php'),
        get_string('addservice', 'local_integrationhub'), 'get', 'primary'));
    echo $OUTPUT->single_button(new moodle_url($baseurl, ['action' => 'resetall']),
        get_string('resetallcircuits', 'local_integrationhub'));
    echo html_writer::end_div();
}
echo $OUTPUT->footer();
