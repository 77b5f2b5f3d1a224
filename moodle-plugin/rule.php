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
 * Add or edit an Event Bridge rule.
 *
 * @package    local_integrationhub
 * @copyright  2026 MIH developers
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

use local_integrationhub\form\rule_form;
use local_integrationhub\page;
use local_integrationhub\rule_events;
use local_integrationhub\rules;
use local_integrationhub\services;

require_once(__DIR__ . '/../../config.php');

$id = optional_param('id', 0, PARAM_INT);
$url = new moodle_url('/local/integrationhub/rule.php', $id ? ['id' => $id] : []);
$returnurl = new moodle_url('/local/integrationhub/rules.php');
page::setup('rules', get_string($id ? 'editrule' : 'addrule', 'local_integrationhub'), $url);
require_capability('local/integrationhub:manage', context_system::instance());

$rule = $id ? (rules::get($id) ?? throw new moodle_exception('rulenotfound', 'local_integrationhub')) : null;
// Only enabled services can be chosen, plus the rule's own service so editing keeps it.
$services = [];
foreach (services::all() as $service) {
    if ($service['enabled'] || ($rule && $rule['serviceid'] === $service['id'])) {
        // Option labels are printed as HTML.
        $services[$service['id']] = s($service['name'] . ' (' . strtoupper($service['type']) . ')');
    }
}
$form = new rule_form($url, ['services' => $services]);
$problems = $form->process(function (array $fields): void {
    rules::save($fields);
    rule_events::refresh();
}, $returnurl,
    get_string('rulesaved', 'local_integrationhub'), $rule);

page::header();
if (!$services) {
    echo $OUTPUT->notification(get_string('noenabledservices', 'local_integrationhub'), 'warning');
}
foreach ($problems as $problem) {
    echo $OUTPUT->notification(s($problem), 'error');
}
$form->display();
echo $OUTPUT->footer();
