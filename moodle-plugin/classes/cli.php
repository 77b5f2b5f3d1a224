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
 * What the plugin's CLI scripts (cli/) share: their start (options, --help,
 * the extension), their options checked and turned into the extension's
 * arguments, and a response as text.
 *
 * A checker takes the options as cli_get_params() gives them and returns
 * what the script works on, null when no option says what to work on, or
 * throws a moodle_exception naming the option at fault. The script then
 * ends with exit code 2 ({@see self::BAD_OPTIONS}), printing the help or the
 * message.
 *
 * @package    local_integrationhub
 * @copyright  2026 MIH developers
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class cli {
    /** Exit code of a script given options it cannot use. */
    public const BAD_OPTIONS = 2;

    /** REST methods a call can use. */
    private const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

    /** The DLQ filter options of cli/replay_dlq.php (see dlq_filter::from_cli()). */
    private const DLQ_FILTERS = ['service', 'event', 'since', 'until'];

    /**
     * Starts a script: reads its options, prints the help for --help, makes
     * sure the extension is loaded and configured for the site, and checks
     * the options. Unknown or wrong options end it with exit code 2, as does
     * giving none of the options that say what to work on (with the help).
     *
     * @param array $longoptions the options and their defaults, for cli_get_params(); `help` among them
     * @param array $shortmapping short options, for cli_get_params()
     * @param string $help the script's help
     * @param callable $check the checker: options => what to work on (see the class comment)
     * @return array [the options, what $check returned]
     */
    public static function start(array $longoptions, array $shortmapping, string $help, callable $check): array {
        [$options, $unrecognised] = cli_get_params($longoptions, $shortmapping);
        if ($unrecognised) {
            cli_error(get_string('cliunknowoption', 'admin', implode(PHP_EOL . '  ', $unrecognised)), self::BAD_OPTIONS);
        }
        if ($options['help']) {
            cli_write($help);
            exit(0);
        }
        if (!extension::ready()) {
            cli_error(get_string('extensionmissing', 'local_integrationhub'));
        }
        try {
            $checked = $check($options);
        } catch (\moodle_exception $e) {
            cli_error($e->getMessage(), self::BAD_OPTIONS);
        } catch (mih_exception $e) {
            cli_error($e->getMessage());
        }
        if ($checked === null) {
            cli_write($help, STDERR);
            exit(self::BAD_OPTIONS);
        }
        return [$options, $checked];
    }

    /**
     * The value of an option that takes one, trimmed.
     *
     * @param array $options as cli_get_params() gives them
     * @param string $name the option
     * @return string '' when it is not given
     * @throws \moodle_exception when it is given without a value
     */
    public static function value(array $options, string $name): string {
        $value = $options[$name] ?? '';
        if ($value === true) {
            throw new \moodle_exception('clineedsvalue', 'local_integrationhub', '', "--$name");
        }
        return trim((string) $value);
    }

    /**
     * The service --service names, by name or id.
     *
     * @param array $options as cli_get_params() gives them
     * @return array|null the service (services::get()), null when --service is not given
     * @throws \moodle_exception when there is no such service
     */
    public static function service(array $options): ?array {
        $name = self::value($options, 'service');
        if ($name === '') {
            return null;
        }
        return services::get($name) ?? throw new \moodle_exception('clinoservice', 'local_integrationhub', '', $name);
    }

    /**
     * Checker of cli/replay_dlq.php: one entry (--id), every entry (--all),
     * or the entries the filters match (--service, --event, --since, --until).
     *
     * @param array $options as cli_get_params() gives them
     * @return array|null ['entry' => the entry (dlq::get())], or ['filters' => dlq filters, 'limit' => int]; null without
     *     a selector
     * @throws \moodle_exception naming the option at fault, or the options that cannot go together
     */
    public static function dlq_selection(array $options): ?array {
        $filtering = array_filter(self::DLQ_FILTERS, fn($name) => self::value($options, $name) !== '');
        $id = self::value($options, 'id');
        $given = array_merge($id !== '' ? ['id'] : [], !empty($options['all']) ? ['all'] : [], $filtering);
        if ($id !== '') {
            // One entry: a limit or another selector would mean the caller expects more.
            $given = array_merge($given, self::value($options, 'limit') !== '' ? ['limit'] : []);
        }
        if (count($given) > 1 && array_intersect($given, ['id', 'all'])) {
            throw new \moodle_exception('cliexclusive', 'local_integrationhub', '',
                implode(', ', array_map(fn($name) => "--$name", $given)));
        }
        if (!$given) {
            return null;
        }
        if ($id === '') {
            [$filters, $limit] = dlq_filter::from_cli($options);
            return ['filters' => $filters, 'limit' => $limit];
        }
        if (!preg_match('/^[1-9]\d{0,17}$/', $id)) {
            throw new \moodle_exception('clibadid', 'local_integrationhub', '', $id);
        }
        $entry = dlq::get((int) $id) ?? throw new \moodle_exception('clinoentry', 'local_integrationhub', '', $id);
        return ['entry' => $entry];
    }

    /**
     * Checker of cli/reset_circuits.php: the service --service names, or
     * every service (--all).
     *
     * @param array $options as cli_get_params() gives them
     * @return array|null the services' dashboard rows (services::all(): state, failures), null without a selector
     * @throws \moodle_exception when there is no such service, or both options are given
     */
    public static function circuits(array $options): ?array {
        $service = self::service($options);
        if ($service !== null && !empty($options['all'])) {
            throw new \moodle_exception('cliexclusive', 'local_integrationhub', '', '--service, --all');
        }
        if ($service === null && empty($options['all'])) {
            return null;
        }
        $rows = services::all();
        return $service === null ? $rows : array_values(array_filter($rows, fn($row) => $row['id'] === $service['id']));
    }

    /**
     * Checker of cli/test_service.php: the arguments of one mih::request().
     * The method defaults to POST with a payload, else GET.
     *
     * @param array $options as cli_get_params() gives them: service, endpoint, method, payload
     * @return array|null [service name, endpoint, payload, method], null without --service
     * @throws \moodle_exception naming the option at fault
     */
    public static function call(array $options): ?array {
        $service = self::service($options);
        if ($service === null) {
            return null;
        }
        $payload = null;
        $text = self::value($options, 'payload');
        if ($text !== '') {
            try {
                $payload = json_decode($text, true, 64, JSON_THROW_ON_ERROR);
            } catch (\JsonException $e) {
                throw new \moodle_exception('clibadpayload', 'local_integrationhub', '', "$text ({$e->getMessage()})");
            }
            if (!is_array($payload)) {
                throw new \moodle_exception('clibadpayload', 'local_integrationhub', '', $text);
            }
        }
        $method = strtoupper(self::value($options, 'method')) ?: ($payload === null ? 'GET' : 'POST');
        if (!in_array($method, self::METHODS, true)) {
            throw new \moodle_exception('clibadmethod', 'local_integrationhub', '', self::value($options, 'method'));
        }
        $endpoint = self::value($options, 'endpoint');
        return [$service['name'], $endpoint === '' ? '/' : $endpoint, $payload, $method];
    }

    /**
     * A response as lines of text: outcome, HTTP status, attempts, latency,
     * error and the body, cut to $bodymax bytes (on a character boundary)
     * with a note saying so.
     *
     * @param mih_response $response the response
     * @param int $bodymax the most bytes of the body shown
     * @return string the text, ending with a line break
     */
    public static function response(mih_response $response, int $bodymax = 2000): string {
        $body = (string) $response->body;
        $size = strlen($body);
        $shown = $size > $bodymax ? mb_strcut($body, 0, $bodymax, 'UTF-8') : $body;
        $lines = [
            'Success: ' . ($response->success ? 'yes' : 'no'),
            'HTTP status: ' . ($response->httpstatus ?? 'none'),
            "Attempts: {$response->attempts}",
            sprintf('Latency: %.1f ms', $response->latencyms),
            'Error: ' . ($response->error ?? 'none'),
            match (true) {
                $size === 0 => 'Body: empty',
                $shown === $body => "Body ($size bytes):",
                default => 'Body (cut: the first ' . strlen($shown) . " of $size bytes):",
            },
        ];
        if ($size > 0) {
            $lines[] = $shown;
        }
        return implode(PHP_EOL, $lines) . PHP_EOL;
    }
}
