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

use moodle_url;

/**
 * What every page of the plugin does first: admin page setup, access checks,
 * header with the tabs, and the notice shown when the extension is missing.
 *
 * @package    local_integrationhub
 * @copyright  2026 MIH developers
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class page {
    /** The tabs of the plugin, in order: tab name => page file. */
    public const TABS = [
        'services' => 'index.php',
        'rules' => 'rules.php',
        'queue' => 'queue.php',
        'events' => 'events.php',
        'logs' => 'logs.php',
    ];

    /** @var string the tab of this page */
    private static string $tab = '';

    /** @var string the heading of this page */
    private static string $heading = '';

    /**
     * Sets the page up under its tab (login and the `:view` capability are
     * checked here). Without the mih extension nothing of the page can work:
     * the page is then a notice saying how to load it, and ends here.
     *
     * @param string $tab the tab the page belongs to
     * @param string $heading the page heading
     * @param moodle_url|null $url the page's own URL when it is not the tab's
     * @return void
     */
    public static function setup(string $tab, string $heading, ?moodle_url $url = null): void {
        global $CFG, $OUTPUT, $PAGE;
        require_once($CFG->libdir . '/adminlib.php');
        admin_externalpage_setup('local_integrationhub_' . $tab, '', null, $url ?? '');
        $PAGE->set_heading(get_string('pluginname', 'local_integrationhub'));
        $PAGE->set_title($heading);
        self::$tab = $tab;
        self::$heading = $heading;
        if (!extension::ready()) {
            self::header();
            echo $OUTPUT->notification(get_string('extensionmissing', 'local_integrationhub'), 'error');
            echo $OUTPUT->footer();
            die();
        }
    }

    /**
     * Prints the header, the tabs and the heading.
     *
     * @return void
     */
    public static function header(): void {
        global $OUTPUT;
        echo $OUTPUT->header();
        $tabs = [];
        foreach (self::TABS as $name => $file) {
            $tabs[] = new \tabobject($name, new moodle_url('/local/integrationhub/' . $file),
                get_string('tab_' . $name, 'local_integrationhub'));
        }
        echo $OUTPUT->tabtree($tabs, self::$tab);
        echo $OUTPUT->heading(self::$heading);
    }

    /**
     * Checks that the user may change things, and the session key: every
     * change goes through here.
     *
     * @return void
     */
    public static function require_manage(): void {
        require_capability('local/integrationhub:manage', \context_system::instance());
        require_sesskey();
    }

    /**
     * Asks to confirm a deletion; Continue comes back to `$baseurl` with
     * action=dodelete, `$params` (what to delete) and the session key. Ends
     * the page.
     *
     * @param string $message the question, escaped already
     * @param moodle_url $baseurl the page that deletes
     * @param array $params what to delete: ['id' => 5] or ['ids' => [5, 6]]
     * @return void
     */
    public static function confirm_delete(string $message, moodle_url $baseurl, array $params): void {
        global $OUTPUT;
        require_capability('local/integrationhub:manage', \context_system::instance());
        echo $OUTPUT->confirm($message,
            new moodle_url($baseurl, $params + ['action' => 'dodelete', 'sesskey' => sesskey()]), $baseurl);
        echo $OUTPUT->footer();
        die();
    }

    /**
     * Whether the user may change things (to show or hide actions).
     *
     * @return bool
     */
    public static function can_manage(): bool {
        return has_capability('local/integrationhub:manage', \context_system::instance());
    }

    /**
     * Newer / Older links for lists read a page at a time (the store gives
     * no total count: a page asks for one row more to know there are more).
     *
     * @param moodle_url $url the list, with its filters
     * @param int $page current page, from 0
     * @param bool $hasmore whether there is a next page
     * @return string HTML
     */
    public static function pager(moodle_url $url, int $page, bool $hasmore): string {
        $links = [];
        if ($page > 0) {
            $links[] = \html_writer::link(new moodle_url($url, ['page' => $page - 1]), get_string('newer', 'local_integrationhub'));
        }
        if ($hasmore) {
            $links[] = \html_writer::link(new moodle_url($url, ['page' => $page + 1]), get_string('older', 'local_integrationhub'));
        }
        return \html_writer::div(implode(' | ', $links), 'local_integrationhub_pager my-2');
    }

    /**
     * A time for tables: the user's date format, or a dash for none.
     *
     * @param int|float|null $time Unix time
     * @return string
     */
    public static function time(int|float|null $time): string {
        return $time ? userdate((int) $time, get_string('strftimedatetimeshort', 'core_langconfig')) : '-';
    }
}
