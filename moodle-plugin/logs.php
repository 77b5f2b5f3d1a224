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
 * The request log: every call, newest first, filtered by service and outcome.
 *
 * @package    local_integrationhub
 * @copyright  2026 MIH developers
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

use local_integrationhub\log_view;
use local_integrationhub\page;

require_once(__DIR__ . '/../../config.php');

page::setup('logs', get_string('tab_logs', 'local_integrationhub'));
page::header();
log_view::render(new moodle_url('/local/integrationhub/logs.php'), 50, false);
echo $OUTPUT->footer();
