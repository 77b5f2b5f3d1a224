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
 * The service form. The extension validates what is saved (services::save);
 * its field errors are shown at their fields with {@see self::set_field_errors()}.
 *
 * For AMQP the Connection Builder fields compose the base URL in the browser
 * (amd/src/connection_builder.js); they are not stored themselves.
 *
 * @package    local_integrationhub
 * @copyright  2026 MIH developers
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class service_form extends \moodleform {
    use extension_form;

    /** Fields saved through services::save, as named there. */
    public const FIELDS = ['name', 'type', 'base_url', 'enabled', 'auth_type', 'auth_token', 'timeout', 'max_retries',
        'retry_backoff', 'cb_failure_threshold', 'cb_cooldown', 'rate_limit', 'signing_secret', 'clear_signing_secret',
        'response_queue'];

    /**
     * Connection Builder fields with their defaults from the admin guide. The
     * password's is for a new service only: a stored one is never shown, and
     * the builder must not put the default in its place.
     */
    private const BUILDER = ['host' => 'localhost', 'port' => '5672', 'user' => 'guest', 'password' => 'guest',
        'vhost' => '/', 'exchange' => '', 'routing_key' => 'events.moodle', 'queue_declare' => 'moodle_events',
        'dlq' => 'moodle_dlq'];

    /**
     * Defines the form.
     *
     * @return void
     */
    protected function definition() {
        global $PAGE;
        $mform = $this->_form;
        $service = $this->_customdata['service'] ?? null;
        $mform->addElement('hidden', 'id', 0);
        $mform->setType('id', PARAM_INT);

        $mform->addElement('header', 'basic', get_string('basicsettings', 'local_integrationhub'));
        $mform->addElement('text', 'name', get_string('name', 'local_integrationhub'), ['size' => 40]);
        $mform->setType('name', PARAM_RAW_TRIMMED);
        $mform->addRule('name', null, 'required', null, 'client');
        $mform->addHelpButton('name', 'name', 'local_integrationhub');
        $mform->addElement('select', 'type', get_string('type', 'local_integrationhub'),
            ['rest' => 'REST', 'amqp' => 'AMQP', 'soap' => 'SOAP']);
        $mform->addElement('text', 'base_url', get_string('baseurl', 'local_integrationhub'), ['size' => 80]);
        $mform->setType('base_url', PARAM_RAW_TRIMMED);
        $mform->addRule('base_url', null, 'required', null, 'client');
        $mform->addHelpButton('base_url', 'baseurl', 'local_integrationhub');
        $mform->addElement('advcheckbox', 'enabled', get_string('enabled', 'local_integrationhub'));
        $mform->setDefault('enabled', 1);

        $mform->addElement('header', 'amqpbuilder', get_string('connectionbuilder', 'local_integrationhub'));
        $mform->setExpanded('amqpbuilder');
        $mform->hideIf('amqpbuilder', 'type', 'neq', 'amqp');
        foreach (self::BUILDER as $part => $default) {
            $element = 'amqp_' . $part;
            $mform->addElement($part === 'password' ? 'passwordunmask' : 'text', $element,
                get_string('amqp_' . $part, 'local_integrationhub'), ['data-amqp-part' => $part]);
            $mform->setType($element, PARAM_RAW_TRIMMED);
            $mform->setDefault($element, $part === 'password' && $service ? '' : $default);
            $mform->hideIf($element, 'type', 'neq', 'amqp');
        }
        $mform->addElement('static', 'amqp_password_note', '', get_string('amqp_password_note', 'local_integrationhub'));
        $mform->hideIf('amqp_password_note', 'type', 'neq', 'amqp');
        $mform->addElement('text', 'response_queue', get_string('response_queue', 'local_integrationhub'), ['size' => 40]);
        $mform->setType('response_queue', PARAM_RAW_TRIMMED);
        $mform->addHelpButton('response_queue', 'response_queue', 'local_integrationhub');
        $mform->hideIf('response_queue', 'type', 'neq', 'amqp');

        // Brokers authenticate with the URL's user and password, not with a token.
        $mform->addElement('header', 'auth', get_string('authentication', 'local_integrationhub'));
        $mform->hideIf('auth', 'type', 'eq', 'amqp');
        $mform->addElement('select', 'auth_type', get_string('authtype', 'local_integrationhub'), [
            'none' => get_string('auth_none', 'local_integrationhub'),
            'bearer' => get_string('auth_bearer', 'local_integrationhub'),
            'apikey' => get_string('auth_apikey', 'local_integrationhub'),
        ]);
        $mform->addHelpButton('auth_type', 'authtype', 'local_integrationhub');
        $mform->addElement('passwordunmask', 'auth_token', get_string('authtoken', 'local_integrationhub'));
        $mform->setType('auth_token', PARAM_RAW_TRIMMED);
        if (!empty($service['has_token'])) {
            $mform->addElement('static', 'token_hint', '',
                get_string('tokenstored', 'local_integrationhub', s($service['token_hint'])));
        }
        $mform->hideIf('auth_token', 'auth_type', 'eq', 'none');
        $mform->addElement('passwordunmask', 'signing_secret', get_string('signingsecret', 'local_integrationhub'));
        $mform->setType('signing_secret', PARAM_RAW_TRIMMED);
        $mform->addHelpButton('signing_secret', 'signingsecret', 'local_integrationhub');
        if (!empty($service['has_signing_secret'])) {
            $mform->addElement('advcheckbox', 'clear_signing_secret', '',
                get_string('signingsecretstored', 'local_integrationhub'));
        }

        $mform->addElement('header', 'resilience', get_string('resiliencesettings', 'local_integrationhub'));
        $numbers = ['timeout' => 5, 'max_retries' => 3, 'retry_backoff' => 1, 'cb_failure_threshold' => 5,
            'cb_cooldown' => 30, 'rate_limit' => 0];
        foreach ($numbers as $field => $default) {
            $mform->addElement('text', $field, get_string($field, 'local_integrationhub'), ['size' => 6]);
            $mform->setType($field, PARAM_INT);
            $mform->setDefault($field, $default);
            $mform->addRule($field, null, 'numeric', null, 'client');
            $mform->addHelpButton($field, $field, 'local_integrationhub');
        }
        $this->add_action_buttons();
        $PAGE->requires->js_call_amd('local_integrationhub/connection_builder', 'init', [$mform->getAttribute('id')]);
    }
}
