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
 * Add or edit a service.
 *
 * @package    local_integrationhub
 * @copyright  2026 MIH developers
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

use local_integrationhub\form\service_form;
use local_integrationhub\page;
use local_integrationhub\services;

require_once(__DIR__ . '/../../config.php');

$id = optional_param('id', 0, PARAM_INT);
$url = new moodle_url('/local/integrationhub/service.php', $id ? ['id' => $id] : []);
$returnurl = new moodle_url('/local/integrationhub/index.php');
page::setup('services', get_string($id ? 'editservice' : 'addservice', 'local_integrationhub'), $url);
require_capability('local/integrationhub:manage', context_system::instance());

$service = $id ? (services::get($id) ?? throw new moodle_exception('servicenotfound', 'local_integrationhub')) : null;
$form = new service_form($url, ['service' => $service]);
// A service saved with warnings (an AMQP routing key nothing receives, say) is shown again, with them.
$revisit = fn(int $savedid) => (services::get($savedid)['warnings'] ?? [])
    ? new moodle_url('/local/integrationhub/service.php', ['id' => $savedid]) : null;
$problems = $form->process(fn($fields) => services::save($fields), $returnurl,
    get_string('servicesaved', 'local_integrationhub'), $service, $revisit);

page::header();
foreach ($problems as $problem) {
    echo $OUTPUT->notification(s($problem), 'error');
}
foreach ($service['warnings'] ?? [] as $warning) {
    echo $OUTPUT->notification(s($warning), 'warning');
}
$form->display();
echo $OUTPUT->footer();
