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
 * The Dead Letter Queue's filters as people give them — the Queue page's
 * form and cli/replay_dlq.php's options — turned into the extension's
 * (dlq::all(), dlq::count_matching(), dlq::replay_matching()): a service,
 * an event, and a time range on when entries were queued.
 *
 * Dates are YYYY-MM-DD or YYYY-MM-DDTHH:MM in the user's time zone; both
 * ends are included whole: "until 2026-03-01" takes that whole day,
 * "until 2026-03-01T10:30" that whole minute.
 *
 * @package    local_integrationhub
 * @copyright  2026 MIH developers
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class dlq_filter {
    /**
     * The extension's filters from the Queue page's fields.
     *
     * @param int $serviceid a service id, 0 for any
     * @param string $eventname an event class name, '' for any
     * @param string $since a date, '' for no lower bound
     * @param string $until a date, '' for no upper bound
     * @return array [the filters, the values given that are not dates, by field name]
     */
    public static function from_form(int $serviceid, string $eventname, string $since, string $until): array {
        $filters = [];
        if ($serviceid > 0) {
            $filters['serviceid'] = $serviceid;
        }
        if (trim($eventname) !== '') {
            $filters['eventname'] = trim($eventname);
        }
        $bad = [];
        foreach (['since' => $since, 'until' => $until] as $name => $value) {
            if (trim($value) === '') {
                continue;
            }
            $time = self::time($value, $name === 'until');
            if ($time === null) {
                $bad[$name] = $value;
            } else {
                $filters[$name] = $time;
            }
        }
        return [$filters, $bad];
    }

    /**
     * The extension's filters and the limit from cli/replay_dlq.php's
     * options, as cli_get_params() gives them.
     *
     * @param array $options service (a name or an id), event, since, until, limit
     * @return array [the filters, the limit]
     * @throws \moodle_exception naming the option that is wrong
     */
    public static function from_cli(array $options): array {
        $text = fn(string $name) => cli::value($options, $name);
        $service = cli::service($options);
        [$filters, $bad] = self::from_form($service['id'] ?? 0, $text('event'), $text('since'), $text('until'));
        if ($bad) {
            $name = array_key_first($bad);
            throw new \moodle_exception('invaliddate', 'local_integrationhub', '', "--$name={$bad[$name]}");
        }
        $limit = $text('limit') === '' ? '1000' : $text('limit');
        if (!preg_match('/^\d+$/', $limit)) {
            throw new \moodle_exception('clibadlimit', 'local_integrationhub', '', $limit);
        }
        return [$filters, (int) $limit];
    }

    /**
     * A date, or a date and a time, as a Unix time in the user's time zone.
     *
     * @param string $value YYYY-MM-DD or YYYY-MM-DDTHH:MM
     * @param bool $end its last second (the end of the day or of the minute) instead of its first
     * @return int|null null when $value is neither
     */
    public static function time(string $value, bool $end): ?int {
        if (!preg_match('/^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}))?$/', trim($value), $m)
                || !checkdate((int) $m[2], (int) $m[3], (int) $m[1])) {
            return null;
        }
        [$year, $month, $day] = [(int) $m[1], (int) $m[2], (int) $m[3]];
        if (!isset($m[4])) {
            // The next day's start, less a second: a day is not always 24 hours long.
            return $end ? make_timestamp($year, $month, $day + 1) - 1 : make_timestamp($year, $month, $day);
        }
        [$hour, $minute] = [(int) $m[4], (int) $m[5]];
        if ($hour > 23 || $minute > 59) {
            return null;
        }
        return make_timestamp($year, $month, $day, $hour, $minute) + ($end ? 59 : 0);
    }

    /**
     * The Queue page's filter form: service, event and dates, sent by GET.
     *
     * @param moodle_url $url the page
     * @param array $services service names by id
     * @param array $eventnames event names to suggest
     * @param int $serviceid the selected service, 0 for all
     * @param string $eventname the event typed, '' for all
     * @param string $since the first date, '' for none
     * @param string $until the last date, '' for none
     * @return string HTML
     */
    public static function form(moodle_url $url, array $services, array $eventnames, int $serviceid, string $eventname,
            string $since, string $until): string {
        $field = fn(string $label, string $id, string $html) => html_writer::label($label, $id, false, ['class' => 'me-1'])
            . $html;
        $form = html_writer::start_tag('form', ['method' => 'get', 'action' => $url->out_omit_querystring(),
            'class' => 'd-flex flex-wrap align-items-center gap-2 mb-3']);
        // Option labels are printed as HTML.
        $form .= $field(get_string('service', 'local_integrationhub'), 'lih-dlq-serviceid',
            html_writer::select(array_map('s', $services), 'serviceid', $serviceid, [0 => get_string('all')],
                ['id' => 'lih-dlq-serviceid']));
        $form .= $field(get_string('eventname', 'local_integrationhub'), 'lih-dlq-eventname',
            html_writer::empty_tag('input', ['type' => 'text', 'name' => 'eventname', 'value' => $eventname,
                'id' => 'lih-dlq-eventname', 'list' => 'lih-dlq-events', 'size' => 40, 'class' => 'form-control w-auto']));
        $form .= html_writer::tag('datalist', implode('', array_map(fn($name) => html_writer::empty_tag('option',
            ['value' => $name]), $eventnames)), ['id' => 'lih-dlq-events']);
        foreach (['since' => [$since, 'timefrom'], 'until' => [$until, 'timeto']] as $name => [$value, $label]) {
            $form .= $field(get_string($label, 'local_integrationhub'), "lih-dlq-$name",
                html_writer::empty_tag('input', ['type' => 'date', 'name' => $name, 'value' => $value,
                    'id' => "lih-dlq-$name", 'class' => 'form-control w-auto']));
        }
        $form .= html_writer::tag('button', get_string('filter'), ['type' => 'submit', 'class' => 'btn btn-secondary ms-2']);
        return $form . html_writer::end_tag('form');
    }
}
