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
 * Preview Payload of the rule form: renders the template through the
 * extension (local_integrationhub_preview_payload) and shows the result,
 * the placeholders without a value, or why it cannot render.
 *
 * @module     local_integrationhub/preview
 * @copyright  2026 MIH developers
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

import Ajax from 'core/ajax';
import {getString} from 'core/str';
import Notification from 'core/notification';

/**
 * Shows a preview result. Everything goes in as text, never as HTML.
 *
 * @param {HTMLElement} target where the preview goes
 * @param {Object} result payload, unknown, error, filter, filter_error
 */
const show = async(target, result) => {
    target.replaceChildren();
    if (result.filter_error || result.filter !== null && result.filter !== undefined) {
        const filter = document.createElement('div');
        filter.className = 'alert ' + (result.filter ? 'alert-success' : result.filter_error ? 'alert-danger' : 'alert-warning');
        filter.textContent = result.filter_error ||
            await getString(result.filter ? 'filterpasses' : 'filterblocks', 'local_integrationhub');
        target.append(filter);
    }
    if (result.error) {
        const error = document.createElement('div');
        error.className = 'alert alert-danger';
        error.textContent = result.error;
        target.append(error);
    }
    if (result.payload) {
        const pre = document.createElement('pre');
        pre.className = 'border p-2 bg-light';
        pre.textContent = result.payload;
        target.append(pre);
    }
    if (result.unknown.length) {
        const unknown = document.createElement('div');
        unknown.className = 'alert alert-warning';
        unknown.textContent = await getString('unknownplaceholders', 'local_integrationhub', result.unknown.join(', '));
        target.append(unknown);
    }
};

/**
 * Wires the Preview Payload button of one form.
 *
 * @param {string} formid id of the rule form
 */
export const init = (formid) => {
    const form = document.getElementById(formid);
    const button = form?.querySelector('[name="previewbutton"]');
    const target = form?.querySelector('.local_integrationhub_preview');
    if (!button || !target) {
        return;
    }
    button.addEventListener('click', () => {
        const template = form.querySelector('[name="payload_template"]').value;
        const filter = form.querySelector('[name="filter"]')?.value ?? '';
        Ajax.call([{methodname: 'local_integrationhub_preview_payload', args: {template, filter}}])[0]
            .then((result) => show(target, result))
            .catch(Notification.exception);
    });
};
