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
 * Event Bridge rules: the list, with delete.
 *
 * @package    local_integrationhub
 * @copyright  2026 MIH developers
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

use local_integrationhub\page;
use local_integrationhub\rule_events;
use local_integrationhub\rules;
use local_integrationhub\services;

require_once(__DIR__ . '/../../config.php');

$action = optional_param('action', '', PARAM_ALPHA);
$id = optional_param('id', 0, PARAM_INT);
$baseurl = new moodle_url('/local/integrationhub/rules.php');
page::setup('rules', get_string('tab_rules', 'local_integrationhub'));

if ($action === 'dodelete') {
    page::require_manage();
    rules::delete($id);
    rule_events::refresh();
    redirect($baseurl, get_string('ruledeleted', 'local_integrationhub'));
}

page::header();
if ($action === 'delete') {
    $rule = rules::get($id) ?? throw new moodle_exception('rulenotfound', 'local_integrationhub');
    page::confirm_delete(get_string('confirmdeleterule', 'local_integrationhub', s($rule['eventname'])), $baseurl, ['id' => $id]);
}

$servicenames = array_column(services::all(), 'name', 'id');
$canmanage = page::can_manage();
$table = new html_table();
$table->head = array_map(fn($s) => get_string($s, 'local_integrationhub'),
    ['eventname', 'service', 'httpmethod', 'endpoint', 'filter', 'active']);
if ($canmanage) {
    $table->head[] = get_string('actions');
}
foreach (rules::all() as $rule) {
    $row = [
        html_writer::tag('code', s($rule['eventname'])),
        s($servicenames[$rule['serviceid']] ?? '?'),
        s($rule['http_method']),
        s($rule['endpoint']),
        $rule['filter'] === '' ? '-' : html_writer::tag('code', s($rule['filter'])),
        $rule['enabled'] ? get_string('yes') : get_string('no'),
    ];
    if ($canmanage) {
        $row[] = $OUTPUT->action_icon(new moodle_url('/local/integrationhub/rule.php', ['id' => $rule['id']]),
                new pix_icon('t/edit', get_string('edit'))) .
            $OUTPUT->action_icon(new moodle_url($baseurl, ['action' => 'delete', 'id' => $rule['id']]),
                new pix_icon('t/delete', get_string('delete')));
    }
    $table->data[] = $row;
}
if ($table->data) {
    echo html_writer::table($table);
} else {
    echo $OUTPUT->notification(get_string('norules', 'local_integrationhub'), 'info');
}
if ($canmanage) {
    echo $OUTPUT->render(new single_button(new moodle_url('/local/integrationhub/rule.php'),
        get_string('addrule', 'local_integrationhub'), 'get', 'primary'));
}
echo $OUTPUT->footer();
