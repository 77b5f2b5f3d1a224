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

/**
 * A moodleform whose data is saved by the extension: the form hands over its
 * FIELDS as submitted, and the extension's field errors
 * (mih_exception::$fielderrors) are shown at the fields — the extension is
 * the one validator of what is saved. The using class defines FIELDS.
 *
 * @package    local_integrationhub
 * @copyright  2026 MIH developers
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
trait extension_form {
    /**
     * The fields to save, as submitted; `id` only when editing.
     *
     * @param \stdClass $data submitted data
     * @return array fields for the extension's save()
     */
    public static function fields(\stdClass $data): array {
        $fields = [];
        foreach (self::FIELDS as $field) {
            $fields[$field] = $data->$field ?? null;
        }
        if (!empty($data->id)) {
            $fields['id'] = (int) $data->id;
        }
        return $fields;
    }

    /**
     * Runs the form: Cancel goes back; submitted data is saved with `$save`
     * and goes back (or where `$revisit` says); when the extension refuses
     * it, its field errors are set at their fields. Otherwise the form shows
     * `$record`, when editing.
     *
     * @param callable $save saves the fields and returns the record's id (services::save, rules::save)
     * @param \moodle_url $returnurl where Cancel and a save go
     * @param string $saved the message after a save
     * @param array|null $record the stored record being edited
     * @param callable|null $revisit given the saved record's id, where to go instead of $returnurl (a page
     *     showing what the admin should know about what was saved), or null to go back
     * @return string[] errors to show above the form
     */
    public function process(callable $save, \moodle_url $returnurl, string $saved, ?array $record,
            ?callable $revisit = null): array {
        if ($this->is_cancelled()) {
            redirect($returnurl);
        }
        if ($data = $this->get_data()) {
            try {
                $id = $save(self::fields($data));
                $next = $revisit ? $revisit($id) : null;
                redirect($next ?? $returnurl, $saved, null, \core\output\notification::NOTIFY_SUCCESS);
            } catch (\local_integrationhub\mih_exception $e) {
                if (!$e->fielderrors) {
                    return [$e->getMessage()];
                }
                $left = $this->set_field_errors($e->fielderrors);
                return array_map(fn($field, $message) => "$field: $message", array_keys($left), $left);
            }
        } else if ($record) {
            $this->set_data($record);
        }
        return [];
    }

    /**
     * Sets each error on its field; errors of fields the form does not have
     * are returned, to be shown above the form.
     *
     * @param array $errors field => message
     * @return array the errors no field took
     */
    public function set_field_errors(array $errors): array {
        $left = [];
        foreach ($errors as $field => $message) {
            if ($this->_form->elementExists($field)) {
                // QuickForm prints the message as HTML, and the extension's may repeat the input.
                $this->_form->setElementError($field, s($message));
            } else {
                $left[$field] = $message;
            }
        }
        return $left;
    }
}
