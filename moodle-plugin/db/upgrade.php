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
 * Upgrades of Integration Hub, including the move from the older PHP plugin.
 *
 * @package    local_integrationhub
 * @copyright  2026 MIH developers
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

/**
 * Upgrade steps.
 *
 * @param int $oldversion the version installed
 * @return bool
 */
function xmldb_local_integrationhub_upgrade($oldversion) {
    if ($oldversion < 2026112500) {
        // The older PHP plugin kept its data in Moodle's database: move it to the store.
        if (\local_integrationhub\legacy_import::needed()) {
            \local_integrationhub\legacy_import::run();
        }
        upgrade_plugin_savepoint(true, 2026112500, 'local', 'integrationhub');
    }
    return true;
}
