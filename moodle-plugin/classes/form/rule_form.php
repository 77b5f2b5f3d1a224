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

namespace local_integrationhub\form;

defined('MOODLE_INTERNAL') || die();

require_once($CFG->libdir . '/formslib.php');

/**
 * The Event Bridge rule form, with the site's event classes as suggestions
 * and Preview Payload (amd/src/preview.js).
 *
 * @package    local_integrationhub
 * @copyright  2026 MIH developers
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class rule_form extends \moodleform {
    use extension_form;

    /** Fields saved through rules::save, as named there. */
    public const FIELDS = ['eventname', 'serviceid', 'http_method', 'endpoint', 'payload_template', 'filter', 'enabled'];

    /** The template a new rule starts with: the admin guide's example. */
    private const DEFAULT_TEMPLATE = "{\n  \"event\": \"{{eventname}}\",\n  \"user_id\": {{userid}},\n" .
        "  \"object_id\": {{objectid}},\n  \"course_id\": {{courseid}},\n  \"timestamp\": {{timecreated}},\n" .
        "  \"source\": \"moodle\"\n}";

    /**
     * Defines the form.
     *
     * @return void
     */
    protected function definition() {
        global $PAGE;
        $mform = $this->_form;
        $mform->addElement('hidden', 'id', 0);
        $mform->setType('id', PARAM_INT);

        $mform->addElement('text', 'eventname', get_string('eventname', 'local_integrationhub'),
            ['size' => 60, 'list' => 'local_integrationhub_events']);
        $mform->setType('eventname', PARAM_RAW_TRIMMED);
        $mform->addRule('eventname', null, 'required', null, 'client');
        $mform->addHelpButton('eventname', 'eventname', 'local_integrationhub');
        $options = '';
        foreach (self::event_classes() as $class) {
            $options .= \html_writer::tag('option', '', ['value' => $class]);
        }
        $mform->addElement('html', \html_writer::tag('datalist', $options, ['id' => 'local_integrationhub_events']));

        $mform->addElement('select', 'serviceid', get_string('service', 'local_integrationhub'),
            $this->_customdata['services']);
        $mform->addRule('serviceid', null, 'required', null, 'client');
        $methods = ['POST', 'GET', 'PUT', 'PATCH', 'DELETE'];
        $mform->addElement('select', 'http_method', get_string('httpmethod', 'local_integrationhub'),
            array_combine($methods, $methods));
        $mform->addElement('text', 'endpoint', get_string('endpoint', 'local_integrationhub'), ['size' => 60]);
        $mform->setType('endpoint', PARAM_RAW_TRIMMED);
        $mform->addHelpButton('endpoint', 'endpoint', 'local_integrationhub');
        $mform->addElement('textarea', 'payload_template', get_string('payloadtemplate', 'local_integrationhub'),
            ['rows' => 12, 'cols' => 70, 'class' => 'text-monospace font-monospace']);
        $mform->setType('payload_template', PARAM_RAW);
        $mform->setDefault('payload_template', self::DEFAULT_TEMPLATE);
        $mform->addHelpButton('payload_template', 'payloadtemplate', 'local_integrationhub');
        $mform->addElement('text', 'filter', get_string('filter', 'local_integrationhub'),
            ['size' => 60, 'class' => 'text-monospace font-monospace',
                'placeholder' => get_string('filter_placeholder', 'local_integrationhub')]);
        $mform->setType('filter', PARAM_RAW_TRIMMED);
        $mform->addHelpButton('filter', 'filter', 'local_integrationhub');
        $mform->addElement('button', 'previewbutton', get_string('previewpayload', 'local_integrationhub'));
        $mform->addElement('html', \html_writer::div('', 'local_integrationhub_preview', ['aria-live' => 'polite']));
        $mform->addElement('advcheckbox', 'enabled', get_string('active', 'local_integrationhub'));
        $mform->setDefault('enabled', 1);
        $this->add_action_buttons();
        $PAGE->requires->js_call_amd('local_integrationhub/preview', 'init', [$mform->getAttribute('id')]);
    }

    /**
     * The event classes of this site, for the datalist.
     *
     * @return string[] class names with a leading backslash
     */
    private static function event_classes(): array {
        $events = array_keys(\report_eventlist_list_generator::get_all_events_list(false));
        sort($events);
        return $events;
    }
}
