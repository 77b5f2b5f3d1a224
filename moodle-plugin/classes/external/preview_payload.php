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

namespace local_integrationhub\external;

defined('MOODLE_INTERNAL') || die();

require_once($CFG->libdir . '/externallib.php');

use external_api;
use external_function_parameters;
use external_multiple_structure;
use external_single_structure;
use external_value;
use local_integrationhub\extension;
use local_integrationhub\rules;

/**
 * Preview Payload of the rule form: a template rendered with mock event data.
 *
 * The global external_* names (aliases since Moodle 4.2) keep this working
 * from 4.1 to 5.1.
 *
 * @package    local_integrationhub
 * @copyright  2026 MIH developers
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class preview_payload extends external_api {
    /**
     * Parameters.
     *
     * @return external_function_parameters
     */
    public static function execute_parameters(): external_function_parameters {
        return new external_function_parameters([
            'template' => new external_value(PARAM_RAW, 'The payload template'),
            'filter' => new external_value(PARAM_RAW, 'The rule\'s filter', VALUE_DEFAULT, ''),
        ]);
    }

    /**
     * Renders the template with the mock data of a \core\event\user_created,
     * and tells whether that event passes the filter.
     *
     * @param string $template the payload template
     * @param string $filter the rule's filter, '' for none
     * @return array payload (pretty JSON or null), unknown placeholders, error, filter outcome and error
     */
    public static function execute(string $template, string $filter = ''): array {
        ['template' => $template, 'filter' => $filter] = self::validate_parameters(self::execute_parameters(),
            ['template' => $template, 'filter' => $filter]);
        $context = \context_system::instance();
        self::validate_context($context);
        require_capability('local/integrationhub:manage', $context);
        if (!extension::ready()) {
            return ['payload' => null, 'unknown' => [],
                'error' => get_string('extensionmissing', 'local_integrationhub')];
        }
        $preview = rules::preview($template, null, $filter);
        return ['payload' => $preview['payload'], 'unknown' => $preview['unknown'], 'error' => $preview['error'],
            'filter' => $preview['filter'], 'filter_error' => $preview['filter_error']];
    }

    /**
     * What execute() returns.
     *
     * @return external_single_structure
     */
    public static function execute_returns(): external_single_structure {
        return new external_single_structure([
            'payload' => new external_value(PARAM_RAW, 'The rendered payload, pretty JSON', VALUE_OPTIONAL),
            'unknown' => new external_multiple_structure(
                new external_value(PARAM_RAW, 'A placeholder without a value')),
            'error' => new external_value(PARAM_RAW, 'Why the template cannot render', VALUE_OPTIONAL),
            'filter' => new external_value(PARAM_BOOL, 'Whether the sample event passes the filter (none: no filter)',
                VALUE_OPTIONAL),
            'filter_error' => new external_value(PARAM_RAW, 'Why the filter cannot be read', VALUE_OPTIONAL),
        ]);
    }
}
