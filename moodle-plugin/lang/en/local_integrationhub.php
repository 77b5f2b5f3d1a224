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

/**
 * English strings for Integration Hub.
 *
 * @package    local_integrationhub
 * @copyright  2026 MIH developers
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

defined('MOODLE_INTERNAL') || die();

$string['active'] = 'Active';
$string['addrule'] = 'Add rule';
$string['addservice'] = 'Add service';
$string['alsoknownas'] = 'Also answers to "{$a}", its name in the older Integration Hub plugin.';
$string['amqp_dlq'] = 'Dead Letter Queue';
$string['amqp_exchange'] = 'Exchange';
$string['amqp_host'] = 'Host';
$string['amqp_password'] = 'Password';
$string['amqp_password_note'] = 'The password is never shown again once saved. Leave it blank to keep the stored one.';
$string['amqp_port'] = 'Port';
$string['amqp_queue_declare'] = 'Queue to declare';
$string['amqp_routing_key'] = 'Routing key';
$string['amqp_user'] = 'User';
$string['amqp_vhost'] = 'Virtual host';
$string['attempts'] = 'Attempts';
$string['auth_apikey'] = 'API key (X-API-Key header)';
$string['auth_bearer'] = 'Bearer (Authorization header)';
$string['auth_none'] = 'None';
$string['authentication'] = 'Authentication';
$string['authtoken'] = 'Token / API key';
$string['authtype'] = 'Auth type';
$string['authtype_help'] = 'Bearer sends "Authorization: Bearer {token}". API key sends "X-API-Key: {token}". The token is write-only: leave it blank to keep the stored one.';
$string['avglatency'] = 'Avg latency (24h)';
$string['baseurl'] = 'Base URL';
$string['baseurl_help'] = 'REST: the root URL; endpoint paths are appended to it. SOAP: the WSDL URL. AMQP: composed by the Connection Builder below, amqp[s]://user:password@host:port/vhost?exchange=X&routing_key=Y&queue_declare=Z&dlq=DLQ.';
$string['basicsettings'] = 'Basic settings';
$string['cb_cooldown'] = 'CB cooldown (s)';
$string['cb_cooldown_help'] = 'Seconds an open circuit waits before one trial call (HALFOPEN). Recommended: 30.';
$string['cb_failure_threshold'] = 'CB failure threshold';
$string['cb_failure_threshold_help'] = 'Consecutive failed calls before the circuit opens. Recommended: 5.';
$string['circuit'] = 'Circuit';
$string['circuitreset'] = 'Circuit reset.';
$string['circuitsreset'] = 'All circuits reset.';
$string['clibadid'] = '--id must be the id of a Dead Letter Queue entry, a whole number: {$a}';
$string['clibadlimit'] = '--limit must be a whole number, 0 or more: {$a}';
$string['clibadmethod'] = '--method must be GET, POST, PUT, PATCH or DELETE: {$a}';
$string['clibadpayload'] = '--payload must be a JSON object or array: {$a}';
$string['cliexclusive'] = 'These options cannot be used together: {$a}.';
$string['clineedsvalue'] = 'The option {$a} needs a value: {$a}=…';
$string['clinoentry'] = 'There is no entry {$a} in the Dead Letter Queue.';
$string['clinoservice'] = 'There is no service with the name or id "{$a}".';
$string['confirmdeleteentries'] = 'Delete {$a} queued event(s)? They will not be sent.';
$string['confirmdeleterule'] = 'Delete the rule for {$a}?';
$string['confirmdeleteservice'] = 'Delete the service "{$a}"? Its rules, log entries and circuit state are deleted with it.';
$string['connectionbuilder'] = 'Connection Builder (AMQP)';
$string['dashboard'] = 'Dashboard';
$string['deadletterqueue'] = 'Dead Letter Queue';
$string['deleteselected'] = 'Delete selected';
$string['deliveryconcurrency'] = 'Deliveries at once per service';
$string['deliveryconcurrency_desc'] = 'How many Event Bridge deliveries to one service may be in flight at once (1 to 64). The events of one rule are always sent one after another, in the order they happened.';
$string['direction'] = 'Direction';
$string['disabled'] = 'Disabled';
$string['editrule'] = 'Edit rule';
$string['editservice'] = 'Edit service';
$string['enabled'] = 'Enabled';
$string['endpoint'] = 'Endpoint';
$string['endpoint_help'] = 'REST: a path appended to the service\'s base URL (optional). AMQP: a routing key overriding the service\'s default ("/" keeps the default). SOAP: the operation name.';
$string['entriesdeleted'] = 'Deleted {$a} queued event(s).';
$string['environmentmih'] = 'The mih PHP extension (libmih.so) must be loaded in the PHP of the web server and of cron for Integration Hub to work.';
$string['error'] = 'Error';
$string['errors24h'] = 'Errors (24h)';
$string['eventname'] = 'Event';
$string['eventname_help'] = 'Full PHP class name of the Moodle event, such as \\core\\event\\user_created. Suggestions list the events of this site.';
$string['eventswaitforextension'] = 'A PHP process without the mih extension last ran on {$a->host} at {$a->time}. The events it handed off wait for a PHP process with the extension (event delivery tasks queued now: {$a->count}). Add the extension to the PHP configuration of every web server and cron node.';
$string['extensionmissing'] = 'The mih PHP extension is not loaded. Add extension=/path/to/libmih.so to the PHP configuration of the web server and of cron, then restart them.';
$string['faildelay'] = 'Retry delay';
$string['failed'] = 'Failed';
$string['filter'] = 'Filter';
$string['filter_help'] = 'Send only the events that pass this condition on their fields; empty sends every event. Examples: courseid = 5, other.modulename in (quiz, assign), courseid = 5 and not relateduserid = 2. Conditions: field = != < <= > >= value, or field in (value, ...); join them with and / or (and binds tighter); not negates one. A field is a name or a dotted path into the event data, as in templates. A value is a number, a word, a quoted string, true, false or null; numbers and numeric strings compare as numbers.';
$string['filter_placeholder'] = 'e.g. courseid = 5 and other.modulename in (quiz, assign)';
$string['filterblocks'] = 'The sample event does not pass the filter: events like it are not sent.';
$string['filterpasses'] = 'The sample event passes the filter.';
$string['httpmethod'] = 'HTTP method';
$string['httpstatus'] = 'HTTP status';
$string['importlog'] = 'Moved {$a} request log row(s) of the older Integration Hub plugin, with their times and direction.';
$string['importneedsextension'] = 'The data of the older Integration Hub plugin is moved into the mih extension\'s store during this upgrade, so the extension must be loaded in the PHP that runs the upgrade. Load it (extension=/path/to/libmih.so) and run the upgrade again; nothing has been changed.';
$string['importnoroute'] = 'Imported from the older Integration Hub plugin, which replayed it through the one rule of its event and service; {$a->count} such rules exist now, so a replay goes to the service\'s base URL. Last error: {$a->error}';
$string['importproblems'] = 'Some data of the older Integration Hub plugin could not be moved into the mih store. Nothing has been lost: what was moved is gone from the old tables, the rest is still there. Mend these rows in the old tables (or delete them), then run the upgrade again:
{$a}';
$string['importrenamed'] = 'The service "{$a->old}" of the older Integration Hub plugin is now named "{$a->new}" (names are slugs); mih::request() still finds it by its old name.';
$string['inbound'] = 'Inbound';
$string['integrationhub:manage'] = 'Manage Integration Hub services, rules and queue';
$string['integrationhub:view'] = 'View the Integration Hub dashboard, rules, queue and logs';
$string['invaliddate'] = 'Not a date: {$a}. Use YYYY-MM-DD, or YYYY-MM-DDTHH:MM for a time of day.';
$string['lastused'] = 'Last used';
$string['latencyms'] = 'Latency (ms)';
$string['latencytrend'] = 'Latency trend (last 200 requests)';
$string['latesteventslimit'] = 'Latest events shown';
$string['latesteventslimit_desc'] = 'How many sent events the Events page shows per page.';
$string['max_retries'] = 'Max retries';
$string['max_retries_help'] = 'Additional attempts after the first failed one (connection errors, timeouts, 408, 425, 429, 5xx). Recommended: 3.';
$string['maxlogentries'] = 'Maximum log entries';
$string['maxlogentries_desc'] = 'The request log keeps this many entries; older ones are deleted first. 0 keeps all.';
$string['name'] = 'Name';
$string['name_help'] = 'A unique slug without spaces, used in PHP calls: mih::request(\'this-name\', ...).';
$string['newer'] = 'Newer';
$string['nextrun'] = 'Next run';
$string['nexttry'] = 'Next try';
$string['noenabledservices'] = 'There is no enabled service: add or enable one first.';
$string['nologentries'] = 'Nothing logged yet.';
$string['nomatchingentries'] = 'No queued event matches these filters.';
$string['nopendingtasks'] = 'No task is waiting.';
$string['norequestsyet'] = 'No requests yet: the charts appear after the first call.';
$string['norules'] = 'No rules yet.';
$string['noservices'] = 'No services yet.';
$string['older'] = 'Older';
$string['oldestwaiting'] = 'Oldest';
$string['outbound'] = 'Outbound';
$string['outboxempty'] = 'No event is waiting for delivery.';
$string['outboxwaiting'] = 'Waiting for delivery';
$string['outboxwaiting_desc'] = 'Events matched by a rule wait here until the delivery task sends them (every minute, with cron). A rule\'s later events wait behind its oldest one while that one waits for its next try, so that the service receives them in order.';
$string['outcome'] = 'Outcome';
$string['payload'] = 'Payload';
$string['payloadtemplate'] = 'Payload template';
$string['payloadtemplate_help'] = 'JSON with {{placeholders}} from the event: {{eventname}}, {{userid}}, {{objectid}}, {{courseid}}, {{timecreated}}, {{ip}}, {{other.field}} and more. Numbers go without quotes ("user_id": {{userid}}), text inside quotes ("event": "{{eventname}}"); values are escaped for JSON.';
$string['pendingtasks'] = 'Pending tasks';
$string['pluginname'] = 'Integration Hub';
$string['previewpayload'] = 'Preview payload';
$string['privacy:metadata:externalservices'] = 'Event data is sent to the external services that administrators register, as the rules\' templates say.';
$string['privacy:metadata:externalservices:eventdata'] = 'The event\'s fields used by the template: user ids, names, emails, course ids, times.';
$string['privacy:metadata:store'] = 'Integration Hub keeps a request log, the events waiting for delivery and a Dead Letter Queue in its store in the data directory.';
$string['privacy:metadata:store:dlqpayload'] = 'The payload of an event that could not be delivered, which may hold personal data.';
$string['privacy:metadata:store:outbox'] = 'Events waiting for delivery, with the event data their rules send, which may hold personal data; removed once delivered or moved to the Dead Letter Queue.';
$string['privacy:metadata:store:requestlog'] = 'Service, endpoint, outcome and time of each call; no payloads.';
$string['queueempty'] = 'The Dead Letter Queue is empty.';
$string['rate_limit'] = 'Rate limit (per second)';
$string['rate_limit_help'] = 'At most this many Event Bridge deliveries per second to this service, spaced evenly, for the whole site (one delivery run works at a time). 0: no limit. Direct mih::request() calls from code are not limited.';
$string['replay'] = 'Replay';
$string['replaymatching'] = 'Replay all matching ({$a})';
$string['replaymatchingqueued'] = 'Replay of the {$a} matching event(s) queued for the next cron run.';
$string['replayqueued'] = 'Replay of {$a} event(s) queued for the next cron run.';
$string['replayselected'] = 'Replay selected';
$string['requests'] = 'Requests';
$string['resetallcircuits'] = 'Reset all circuits';
$string['resetcircuit'] = 'Reset circuit';
$string['resiliencesettings'] = 'Resilience settings';
$string['response_queue'] = 'Response queue';
$string['response_queue_help'] = 'Optional, AMQP only. A queue this service answers on: every minute up to 50 of its JSON messages become \local_integrationhub\event\webhook_received events (source amqp) that other plugins can observe, each acknowledged once its event is fired. A message that is not JSON is acknowledged and logged as a failed inbound row.';
$string['retry_backoff'] = 'Initial backoff (s)';
$string['retry_backoff_help'] = 'Seconds before the first retry; doubled on each further attempt, with jitter. Recommended: 1.';
$string['retryin'] = 'retry in {$a} s';
$string['ruledeleted'] = 'Rule deleted.';
$string['rulenotfound'] = 'That rule does not exist.';
$string['rulesaved'] = 'Rule saved.';
$string['service'] = 'Service';
$string['servicedeleted'] = 'Service deleted.';
$string['servicenotfound'] = 'That service does not exist.';
$string['servicesaved'] = 'Service saved.';
$string['settings'] = 'Settings';
$string['signingsecret'] = 'Signing secret';
$string['signingsecret_help'] = 'Optional. A Standard Webhooks secret (whsec_ followed by base64 of 24 to 64 random bytes) shared with the service. With it, inbound webhooks must carry a valid signature (webhook-id, webhook-timestamp within 5 minutes, webhook-signature) and a webhook-id not seen before, and every REST call to the service is signed the same way so that it can verify the calls come from this site. Stored write-only: leave empty to keep the stored one.';
$string['signingsecretstored'] = 'Remove the stored signing secret';
$string['state_closed'] = 'CLOSED';
$string['state_halfopen'] = 'HALFOPEN';
$string['state_open'] = 'OPEN';
$string['statusdistribution'] = 'Status distribution';
$string['store'] = 'Store';
$string['store_database'] = 'The site\'s database server';
$string['store_dataroot'] = 'The data directory (SQLite)';
$string['store_desc'] = 'Where services, rules, the request log and the Dead Letter Queue are kept. A site with one web server keeps them in its data directory (SQLite). A site with several web servers must share them: choose the site\'s database server (PostgreSQL or MariaDB/MySQL; tables named with the site\'s prefix, then mih_). <a href="{$a}">Copy the dataroot store into the database</a> before switching.';
$string['store_inuse_database'] = 'The store in use is the site\'s database server.';
$string['store_inuse_dataroot'] = 'The store in use is the SQLite file in the data directory.';
$string['store_unsupported'] = 'This site\'s database type ({$a}) cannot hold the store: the extension speaks PostgreSQL and MariaDB/MySQL. The store stays in the data directory.';
$string['storecopied'] = 'Copied {$a->services} service(s), {$a->rules} rule(s), {$a->outbox} event(s) waiting for delivery and {$a->dlq} event(s) of the Dead Letter Queue.';
$string['storecopy'] = 'Store';
$string['storecopy_desc'] = 'Copy services (with their tokens), rules and the Dead Letter Queue from the dataroot store into the site\'s database ({$a->type} on {$a->host}, database {$a->name}, tables {$a->tables}). The target must be empty. Circuits start closed; the request log stays behind. Then set the Store setting to the site\'s database server.';
$string['storecopybutton'] = 'Copy into the database';
$string['success'] = 'Success';
$string['tab_events'] = 'Events';
$string['tab_logs'] = 'Logs';
$string['tab_queue'] = 'Queue';
$string['tab_rules'] = 'Rules';
$string['tab_services'] = 'Services';
$string['task'] = 'Task';
$string['task_consume_responses'] = 'Read AMQP response queues';
$string['task_deliver_events'] = 'Deliver Event Bridge events';
$string['time'] = 'Time';
$string['timefrom'] = 'From';
$string['timeout'] = 'Timeout (s)';
$string['timeout_help'] = 'Seconds before an attempt is cancelled. Recommended: 5.';
$string['timeto'] = 'To';
$string['tokenstored'] = 'A token is stored ({$a}). Leave the field blank to keep it.';
$string['type'] = 'Type';
$string['unknownplaceholders'] = 'Placeholders without a value: {$a}';
$string['waitingcount'] = 'Waiting';
$string['webhook_received'] = 'Webhook received';
