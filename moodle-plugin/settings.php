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
 * Admin tree entries of Integration Hub: its settings and its pages.
 *
 * @package    local_integrationhub
 * @copyright  2026 MIH developers
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

defined('MOODLE_INTERNAL') || die();

$ADMIN->add('localplugins', new admin_category('local_integrationhub',
    new lang_string('pluginname', 'local_integrationhub')));

if ($hassiteconfig) {
    $settings = new admin_settingpage('local_integrationhub_settings',
        new lang_string('settings', 'local_integrationhub'));
    $settings->add(new admin_setting_configtext('local_integrationhub/max_log_entries',
        new lang_string('maxlogentries', 'local_integrationhub'),
        new lang_string('maxlogentries_desc', 'local_integrationhub'), 500, PARAM_INT));
    $settings->add(new admin_setting_configtext('local_integrationhub/latest_events_limit',
        new lang_string('latesteventslimit', 'local_integrationhub'),
        new lang_string('latesteventslimit_desc', 'local_integrationhub'), 50, PARAM_INT));
    $settings->add(new admin_setting_configtext('local_integrationhub/deliveryconcurrency',
        new lang_string('deliveryconcurrency', 'local_integrationhub'),
        new lang_string('deliveryconcurrency_desc', 'local_integrationhub'), 4, PARAM_INT));
    $settings->add(new admin_setting_configselect('local_integrationhub/store',
        new lang_string('store', 'local_integrationhub'),
        new lang_string('store_desc', 'local_integrationhub',
            (new moodle_url('/local/integrationhub/store.php'))->out()),
        'dataroot', [
            'dataroot' => new lang_string('store_dataroot', 'local_integrationhub'),
            'database' => new lang_string('store_database', 'local_integrationhub'),
        ]));
    $ADMIN->add('local_integrationhub', $settings);
    $ADMIN->add('local_integrationhub', new admin_externalpage('local_integrationhub_store',
        new lang_string('storecopy', 'local_integrationhub'),
        new moodle_url('/local/integrationhub/store.php'), 'local/integrationhub:manage'));
}

foreach (\local_integrationhub\page::TABS as $tab => $file) {
    $ADMIN->add('local_integrationhub', new admin_externalpage('local_integrationhub_' . $tab,
        new lang_string('tab_' . $tab, 'local_integrationhub'),
        new moodle_url('/local/integrationhub/' . $file), 'local/integrationhub:view'));
}
