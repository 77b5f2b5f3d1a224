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
 * The store: where it is, and copying the dataroot store into the site's
 * database server (for sites with several web nodes).
 *
 * @package    local_integrationhub
 * @copyright  2026 MIH developers
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

use local_integrationhub\extension;
use local_integrationhub\mih_exception;
use local_integrationhub\page;
use local_integrationhub\stores;

require_once(__DIR__ . '/../../config.php');

page::setup('store', get_string('storecopy', 'local_integrationhub'));
require_capability('local/integrationhub:manage', context_system::instance());
$url = new moodle_url('/local/integrationhub/store.php');
$database = extension::database_url();
$outcome = null;
if ($database !== null && optional_param('copy', 0, PARAM_BOOL)) {
    page::require_manage();
    try {
        $outcome = [get_string('storecopied', 'local_integrationhub', (object) stores::copy(extension::dataroot_store(),
            $database)), 'success'];
    } catch (mih_exception $e) {
        $outcome = [$e->getMessage(), 'error'];
    }
}

page::header();
echo $OUTPUT->notification(get_string(extension::store() === extension::dataroot_store() ? 'store_inuse_dataroot'
    : 'store_inuse_database', 'local_integrationhub'), 'info');
if ($outcome) {
    echo $OUTPUT->notification(s($outcome[0]), $outcome[1]);
}
if ($database === null) {
    echo $OUTPUT->notification(get_string('store_unsupported', 'local_integrationhub', s($CFG->dbtype)), 'warning');
} else {
    $target = (object) ['type' => s($CFG->dbtype), 'host' => s($CFG->dbhost), 'name' => s($CFG->dbname),
        'tables' => s($CFG->prefix . 'mih_*')];
    echo html_writer::tag('p', get_string('storecopy_desc', 'local_integrationhub', $target));
    echo $OUTPUT->render(new single_button(new moodle_url($url, ['copy' => 1]),
        get_string('storecopybutton', 'local_integrationhub'), 'post', 'primary'));
}
echo $OUTPUT->footer();
