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
 * AMQP Connection Builder of the service form: the builder fields and the
 * base URL stay in step, both ways. This is the only place that composes
 * the URL; the extension validates it when it is saved.
 *
 * The password field is write-only: the URL the page gets has none, and a
 * URL saved without one keeps the stored password.
 *
 * @module     local_integrationhub/connection_builder
 * @copyright  2026 MIH developers
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

const QUERY_PARTS = ['exchange', 'routing_key', 'queue_declare', 'dlq'];

/**
 * The URL the builder fields describe (amqps for port 5671, as the guide says).
 *
 * @param {Object<string, string>} parts builder values by part
 * @returns {string}
 */
const compose = (parts) => {
    const scheme = parts.port === '5671' ? 'amqps' : 'amqp';
    let userinfo = '';
    if (parts.user) {
        userinfo = encodeURIComponent(parts.user) + (parts.password ? ':' + encodeURIComponent(parts.password) : '') + '@';
    }
    const port = parts.port ? ':' + parts.port : '';
    const query = new URLSearchParams();
    QUERY_PARTS.filter((name) => parts[name]).forEach((name) => query.append(name, parts[name]));
    const search = query.toString();
    return `${scheme}://${userinfo}${parts.host}${port}/${encodeURIComponent(parts.vhost || '/')}` +
        (search ? '?' + search : '');
};

/**
 * The builder values a URL holds, or null when it is not an AMQP URL.
 *
 * @param {string} text the URL
 * @returns {Object<string, string>|null}
 */
const parse = (text) => {
    let url;
    try {
        url = new URL(text);
    } catch (e) {
        return null;
    }
    if (url.protocol !== 'amqp:' && url.protocol !== 'amqps:') {
        return null;
    }
    const parts = {
        host: url.hostname,
        port: url.port || (url.protocol === 'amqps:' ? '5671' : '5672'),
        user: decodeURIComponent(url.username),
        vhost: url.pathname.length > 1 ? decodeURIComponent(url.pathname.slice(1)) : '/',
    };
    QUERY_PARTS.forEach((name) => {
        parts[name] = url.searchParams.get(name) || '';
    });
    return parts;
};

/**
 * Wires the builder of one form.
 *
 * @param {string} formid id of the service form
 */
export const init = (formid) => {
    const form = document.getElementById(formid);
    if (!form) {
        return;
    }
    const type = form.querySelector('[name="type"]');
    const baseurl = form.querySelector('[name="base_url"]');
    const fields = Array.from(form.querySelectorAll('[data-amqp-part]'));
    const values = () => Object.fromEntries(fields.map((field) => [field.dataset.amqpPart, field.value.trim()]));

    const fill = () => {
        const parts = parse(baseurl.value);
        if (parts) {
            fields.filter((field) => field.dataset.amqpPart in parts)
                .forEach((field) => {
                    field.value = parts[field.dataset.amqpPart];
                });
        }
    };
    const build = () => {
        if (type.value === 'amqp') {
            baseurl.value = compose(values());
        }
    };
    if (type.value === 'amqp') {
        if (baseurl.value) {
            fill();
        } else {
            build();
        }
    }
    fields.forEach((field) => field.addEventListener('input', build));
    baseurl.addEventListener('change', () => type.value === 'amqp' && fill());
    type.addEventListener('change', () => {
        if (type.value === 'amqp' && !parse(baseurl.value)) {
            build();
        }
    });
};
