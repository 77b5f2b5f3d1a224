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

namespace local_integrationhub;

use html_writer;
use moodle_url;

/**
 * The request log as a filtered, paged table: the Logs page shows every
 * call, the Events page the Event Bridge's dispatches.
 *
 * @package    local_integrationhub
 * @copyright  2026 MIH developers
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class log_view {
    /**
     * Prints the filter form, the table and the pager.
     *
     * @param moodle_url $url the page
     * @param int $perpage rows per page
     * @param bool $bridge true for Event Bridge dispatches only
     * @return void
     */
    public static function render(moodle_url $url, int $perpage, bool $bridge): void {
        global $OUTPUT;
        $serviceid = optional_param('serviceid', 0, PARAM_INT);
        $outcome = optional_param('outcome', '', PARAM_ALPHA);
        $direction = optional_param('direction', '', PARAM_ALPHA);
        $page = optional_param('page', 0, PARAM_INT);
        $services = array_column(services::all(), 'name', 'id');

        $filters = $bridge ? ['bridge' => true] : [];
        $url = new moodle_url($url);
        if ($serviceid) {
            $filters['serviceid'] = $serviceid;
            $url->param('serviceid', $serviceid);
        }
        if ($outcome === 'success' || $outcome === 'failed') {
            $filters['success'] = $outcome === 'success';
            $url->param('outcome', $outcome);
        }
        if ($direction === 'inbound' || $direction === 'outbound') {
            $filters['direction'] = $direction;
            $url->param('direction', $direction);
        }
        echo self::filter_form($url, $services, $serviceid, $outcome, $direction);

        $rows = request_log::query($filters, $perpage + 1, $page * $perpage);
        if (!$rows) {
            echo $OUTPUT->notification(get_string('nologentries', 'local_integrationhub'), 'info');
            return;
        }
        $table = new \html_table();
        $columns = $bridge ? ['time', 'eventname', 'service', 'endpoint', 'httpstatus', 'latencyms', 'attempts',
            'outcome', 'error'] : ['time', 'direction', 'service', 'endpoint', 'httpmethod', 'httpstatus', 'latencyms',
            'attempts', 'outcome', 'error'];
        $table->head = array_map(fn($s) => get_string($s, 'local_integrationhub'), $columns);
        $table->attributes['class'] = 'generaltable local_integrationhub_log';
        foreach (array_slice($rows, 0, $perpage) as $row) {
            $cells = [
                'time' => page::time($row['timecreated']),
                'direction' => get_string($row['direction'] === 'inbound' ? 'inbound' : 'outbound', 'local_integrationhub'),
                'eventname' => html_writer::tag('code', s($row['eventname'] ?? '')),
                'service' => s($row['servicename'] ?? '-'),
                'endpoint' => s($row['endpoint']),
                'httpmethod' => s($row['http_method']),
                'httpstatus' => $row['httpstatus'] ?? '-',
                'latencyms' => format_float($row['latencyms'], 1),
                'attempts' => $row['attempts'],
                'outcome' => html_writer::span(get_string($row['success'] ? 'success' : 'failed', 'local_integrationhub'),
                    $row['success'] ? 'badge bg-success badge-success' : 'badge bg-danger badge-danger'),
                'error' => s($row['error'] ?? ''),
            ];
            $table->data[] = array_map(fn($column) => $cells[$column], $columns);
        }
        echo html_writer::table($table);
        echo page::pager($url, $page, count($rows) > $perpage);
    }

    /**
     * The service and outcome filters.
     *
     * @param moodle_url $url the page, with the current filters
     * @param array $services service names by id
     * @param int $serviceid selected service, 0 for all
     * @param string $outcome selected outcome, '' for all
     * @param string $direction selected direction, '' for both
     * @return string HTML
     */
    private static function filter_form(moodle_url $url, array $services, int $serviceid, string $outcome,
            string $direction): string {
        $form = html_writer::start_tag('form', ['method' => 'get', 'action' => $url->out_omit_querystring(),
            'class' => 'd-flex flex-wrap align-items-center gap-2 mb-3']);
        $form .= html_writer::label(get_string('service', 'local_integrationhub'), 'lih-serviceid', false, ['class' => 'me-1']);
        // Option labels are printed as HTML.
        $form .= html_writer::select(array_map('s', $services), 'serviceid', $serviceid, [0 => get_string('all')],
            ['id' => 'lih-serviceid']);
        $form .= html_writer::label(get_string('outcome', 'local_integrationhub'), 'lih-outcome', false, ['class' => 'ms-2 me-1']);
        $form .= html_writer::select(['success' => get_string('success', 'local_integrationhub'),
            'failed' => get_string('failed', 'local_integrationhub')], 'outcome', $outcome, ['' => get_string('all')],
            ['id' => 'lih-outcome']);
        $form .= html_writer::label(get_string('direction', 'local_integrationhub'), 'lih-direction', false,
            ['class' => 'ms-2 me-1']);
        $form .= html_writer::select(['outbound' => get_string('outbound', 'local_integrationhub'),
            'inbound' => get_string('inbound', 'local_integrationhub')], 'direction', $direction, ['' => get_string('all')],
            ['id' => 'lih-direction']);
        $form .= html_writer::tag('button', get_string('filter'), ['type' => 'submit', 'class' => 'btn btn-secondary ms-2']);
        return $form . html_writer::end_tag('form');
    }
}
