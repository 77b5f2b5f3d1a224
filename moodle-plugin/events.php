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
 * Events: what the Event Bridge sent, newest first.
 *
 * @package    local_integrationhub
 * @copyright  2026 MIH developers
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

use local_integrationhub\log_view;
use local_integrationhub\page;

require_once(__DIR__ . '/../../config.php');

page::setup('events', get_string('tab_events', 'local_integrationhub'));
page::header();
$perpage = (int) get_config('local_integrationhub', 'latest_events_limit') ?: 50;
log_view::render(new moodle_url('/local/integrationhub/events.php'), max(1, $perpage), true);
echo $OUTPUT->footer();
