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

/**
 * The one place that hands the mih extension the site's configuration.
 *
 * Every entry point of the plugin (observer, tasks, pages) calls {@see extension::ready()}
 * before touching the extension: it reports whether the extension is loaded, and on the
 * first call of a request passes it the store (in dataroot, or the site's database
 * server), the log size, Moodle's cURL security lists and proxy settings.
 *
 * @package    local_integrationhub
 * @copyright  2026 MIH developers
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class extension {
    /** @var bool whether this request already configured the extension */
    private static bool $configured = false;

    /**
     * Whether the mih extension is loaded, configured for this site.
     *
     * @return bool false when the .so is not loaded (nothing of the plugin can work then)
     */
    public static function ready(): bool {
        if (!class_exists(mih::class, false)) {
            return false;
        }
        if (!self::$configured) {
            mih::configure(self::options());
            self::$configured = true;
        }
        return true;
    }

    /**
     * Where the store is: the SQLite file in dataroot (the default), or the
     * site's own database server when the store setting says so and the
     * server is one the extension can use.
     *
     * @return string a file path or a database URL
     */
    public static function store(): string {
        if (get_config('local_integrationhub', 'store') === 'database' && ($url = self::database_url()) !== null) {
            return $url;
        }
        return self::dataroot_store();
    }

    /**
     * The SQLite store in dataroot.
     *
     * @return string its path
     */
    public static function dataroot_store(): string {
        global $CFG;
        return $CFG->dataroot . '/local_integrationhub/hub.sqlite';
    }

    /**
     * The store URL of the site's own database server (tables named
     * with the site's prefix, then mih_), or null for a database type the
     * extension cannot use (it speaks PostgreSQL and MariaDB/MySQL).
     *
     * @return string|null the URL, with the site's database password in it
     */
    public static function database_url(): ?string {
        global $CFG;
        $schemes = ['pgsql' => 'postgresql', 'mariadb' => 'mariadb', 'mysqli' => 'mysql', 'auroramysql' => 'mysql'];
        $scheme = $schemes[$CFG->dbtype] ?? null;
        if ($scheme === null) {
            return null;
        }
        $port = (string) ($CFG->dboptions['dbport'] ?? '');
        return $scheme . '://' . rawurlencode((string) $CFG->dbuser) . ':' . rawurlencode((string) $CFG->dbpass) . '@'
            . ($CFG->dbhost ?: 'localhost') . ($port !== '' ? ":$port" : '') . '/' . rawurlencode((string) $CFG->dbname)
            . '?prefix=' . rawurlencode((string) $CFG->prefix);
    }

    /**
     * The options for mih::configure(), from the site's settings.
     *
     * @return array configure() options
     */
    public static function options(): array {
        global $CFG;
        $proxy = '';
        if (!empty($CFG->proxyhost)) {
            $proxy = [
                'host' => $CFG->proxyhost,
                'port' => (int) ($CFG->proxyport ?? 0) ?: 80,
                'type' => $CFG->proxytype ?? 'HTTP',
                'user' => $CFG->proxyuser ?? '',
                'password' => $CFG->proxypassword ?? '',
            ];
        }
        return [
            'store' => self::store(),
            'log_max' => (int) (get_config('local_integrationhub', 'max_log_entries') ?: 500),
            'blocked_hosts' => (string) ($CFG->curlsecurityblockedhosts ?? ''),
            'allowed_ports' => (string) ($CFG->curlsecurityallowedport ?? ''),
            'proxy' => $proxy,
            'proxy_bypass' => (string) ($CFG->proxybypass ?? ''),
        ];
    }
}
