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
 * Spanish strings for Integration Hub.
 *
 * @package    local_integrationhub
 * @copyright  2026 MIH developers
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

defined('MOODLE_INTERNAL') || die();

$string['active'] = 'Activo';
$string['addrule'] = 'Añadir regla';
$string['addservice'] = 'Añadir servicio';
$string['alsoknownas'] = 'También responde a "{$a}", su nombre en el antiguo plugin Integration Hub.';
$string['amqp_dlq'] = 'Cola de mensajes fallidos (DLQ)';
$string['amqp_exchange'] = 'Exchange';
$string['amqp_host'] = 'Host';
$string['amqp_password'] = 'Contraseña';
$string['amqp_password_note'] = 'La contraseña no vuelve a mostrarse una vez guardada. Déjela en blanco para conservar la almacenada.';
$string['amqp_port'] = 'Puerto';
$string['amqp_queue_declare'] = 'Cola que se declara';
$string['amqp_routing_key'] = 'Clave de enrutamiento (routing key)';
$string['amqp_user'] = 'Usuario';
$string['amqp_vhost'] = 'Host virtual';
$string['attempts'] = 'Intentos';
$string['auth_apikey'] = 'Clave de API (cabecera X-API-Key)';
$string['auth_bearer'] = 'Bearer (cabecera Authorization)';
$string['auth_none'] = 'Ninguna';
$string['authentication'] = 'Autenticación';
$string['authtoken'] = 'Token / clave de API';
$string['authtype'] = 'Tipo de autenticación';
$string['authtype_help'] = 'Bearer envía "Authorization: Bearer {token}". Clave de API envía "X-API-Key: {token}". El token es de solo escritura: déjelo en blanco para conservar el almacenado.';
$string['avglatency'] = 'Latencia media (24h)';
$string['baseurl'] = 'URL base';
$string['baseurl_help'] = 'REST: la URL raíz; las rutas de los endpoints se añaden a ella. SOAP: la URL del WSDL. AMQP: la compone el Generador de conexión de abajo, amqp[s]://user:password@host:port/vhost?exchange=X&routing_key=Y&queue_declare=Z&dlq=DLQ.';
$string['basicsettings'] = 'Configuración básica';
$string['cb_cooldown'] = 'Enfriamiento del circuit breaker (s)';
$string['cb_cooldown_help'] = 'Segundos que un circuito abierto espera antes de una llamada de prueba (SEMIABIERTO). Recomendado: 30.';
$string['cb_failure_threshold'] = 'Umbral de fallos del circuit breaker';
$string['cb_failure_threshold_help'] = 'Llamadas fallidas consecutivas antes de que el circuito se abra. Recomendado: 5.';
$string['circuit'] = 'Circuito';
$string['circuitreset'] = 'Circuito restablecido.';
$string['circuitsreset'] = 'Todos los circuitos se han restablecido.';
$string['clibadid'] = '--id debe ser el id de una entrada de la cola de mensajes fallidos, un número entero: {$a}';
$string['clibadlimit'] = '--limit debe ser un número entero, 0 o mayor: {$a}';
$string['clibadmethod'] = '--method debe ser GET, POST, PUT, PATCH o DELETE: {$a}';
$string['clibadpayload'] = '--payload debe ser un objeto o un array JSON: {$a}';
$string['cliexclusive'] = 'Estas opciones no se pueden usar juntas: {$a}.';
$string['clineedsvalue'] = 'La opción {$a} necesita un valor: {$a}=…';
$string['clinoentry'] = 'No hay ninguna entrada {$a} en la cola de mensajes fallidos.';
$string['clinoservice'] = 'No existe ningún servicio llamado "{$a}".';
$string['confirmdeleteentries'] = '¿Eliminar {$a} evento(s) en cola? No se enviarán.';
$string['confirmdeleterule'] = '¿Eliminar la regla para {$a}?';
$string['confirmdeleteservice'] = '¿Eliminar el servicio "{$a}"? Sus reglas, entradas de registro y estado del circuito se eliminan con él.';
$string['connectionbuilder'] = 'Generador de conexión (AMQP)';
$string['dashboard'] = 'Panel';
$string['deadletterqueue'] = 'Cola de mensajes fallidos (Dead Letter Queue)';
$string['deleteselected'] = 'Eliminar seleccionados';
$string['deliveryconcurrency'] = 'Entregas simultáneas por servicio';
$string['deliveryconcurrency_desc'] = 'Cuántas entregas del Event Bridge a un mismo servicio pueden estar en curso a la vez (de 1 a 64). Los eventos de una regla se envían siempre uno tras otro, en el orden en que ocurrieron.';
$string['direction'] = 'Dirección';
$string['disabled'] = 'Desactivado';
$string['editrule'] = 'Editar regla';
$string['editservice'] = 'Editar servicio';
$string['enabled'] = 'Activado';
$string['endpoint'] = 'Endpoint';
$string['endpoint_help'] = 'REST: una ruta que se añade a la URL base del servicio (opcional). AMQP: una clave de enrutamiento que sustituye a la predeterminada del servicio ("/" mantiene la predeterminada). SOAP: el nombre de la operación.';
$string['entriesdeleted'] = 'Se han eliminado {$a} evento(s) en cola.';
$string['environmentmih'] = 'La extensión PHP mih (libmih.so) debe estar cargada en el PHP del servidor web y del cron para que Integration Hub funcione.';
$string['error'] = 'Error';
$string['errors24h'] = 'Errores (24h)';
$string['eventname'] = 'Evento';
$string['eventname_help'] = 'Nombre completo de la clase PHP del evento de Moodle, como \\core\\event\\user_created. Las sugerencias muestran los eventos de este sitio.';
$string['eventswaitforextension'] = 'Un proceso PHP sin la extensión mih se ejecutó por última vez en {$a->host} el {$a->time}. Los eventos que entregó esperan a un proceso PHP con la extensión (tareas de entrega de eventos en cola ahora: {$a->count}). Añada la extensión a la configuración de PHP de cada servidor web y de cada nodo de cron.';
$string['extensionmissing'] = 'La extensión PHP mih no está cargada. Añada extension=/path/to/libmih.so a la configuración de PHP del servidor web y del cron y, después, reinícielos.';
$string['faildelay'] = 'Retraso del reintento';
$string['failed'] = 'Fallido';
$string['filter'] = 'Filtro';
$string['filter_help'] = 'Envía solo los eventos cuyos campos cumplen esta condición; si está vacío, se envían todos los eventos. Ejemplos: courseid = 5, other.modulename in (quiz, assign), courseid = 5 and not relateduserid = 2. Condiciones: campo = != < <= > >= valor, o campo in (valor, ...); únalas con and / or (and tiene mayor precedencia); not niega una condición. Un campo es un nombre o una ruta con puntos dentro de los datos del evento, como en las plantillas. Un valor es un número, una palabra, una cadena entre comillas, true, false o null; los números y las cadenas numéricas se comparan como números.';
$string['filter_placeholder'] = 'p. ej., courseid = 5 and other.modulename in (quiz, assign)';
$string['filterblocks'] = 'El evento de ejemplo no cumple el filtro: los eventos como él no se envían.';
$string['filterpasses'] = 'El evento de ejemplo cumple el filtro.';
$string['httpmethod'] = 'Método HTTP';
$string['httpstatus'] = 'Estado HTTP';
$string['importlog'] = 'Se movieron {$a} fila(s) del registro de peticiones del antiguo plugin Integration Hub, con sus horas y su dirección.';
$string['importneedsextension'] = 'Durante esta actualización, los datos del antiguo plugin Integration Hub se trasladan al almacenamiento de la extensión mih, por lo que la extensión debe estar cargada en el PHP que ejecuta la actualización. Cárguela (extension=/path/to/libmih.so) y vuelva a ejecutar la actualización; no se ha modificado nada.';
$string['importnoroute'] = 'Importada del antiguo plugin Integration Hub, que la reenviaba mediante la única regla de su evento y servicio; ahora existen {$a->count} reglas así, por lo que un reenvío va a la URL base del servicio. Último error: {$a->error}';
$string['importproblems'] = 'Algunos datos del antiguo plugin Integration Hub no se han podido trasladar al almacenamiento de mih. No se ha perdido nada: lo que se trasladó ya no está en las tablas antiguas y el resto sigue allí. Corrija estas filas en las tablas antiguas (o elimínelas) y vuelva a ejecutar la actualización:
{$a}';
$string['importrenamed'] = 'El servicio "{$a->old}" del antiguo plugin Integration Hub se llama ahora "{$a->new}" (los nombres son slugs); mih::request() lo sigue encontrando por su nombre anterior.';
$string['inbound'] = 'Entrante';
$string['integrationhub:manage'] = 'Gestionar los servicios, las reglas y la cola de Integration Hub';
$string['integrationhub:view'] = 'Ver el panel, las reglas, la cola y los registros de Integration Hub';
$string['invaliddate'] = 'No es una fecha: {$a}. Use YYYY-MM-DD, o YYYY-MM-DDTHH:MM para indicar una hora del día.';
$string['lastused'] = 'Último uso';
$string['latencyms'] = 'Latencia (ms)';
$string['latencytrend'] = 'Tendencia de la latencia (últimas 200 peticiones)';
$string['latesteventslimit'] = 'Últimos eventos mostrados';
$string['latesteventslimit_desc'] = 'Cuántos eventos enviados muestra la página Eventos en cada página.';
$string['max_retries'] = 'Máximo de reintentos';
$string['max_retries_help'] = 'Intentos adicionales tras el primero fallido (errores de conexión, tiempos de espera agotados, 408, 425, 429, 5xx). Recomendado: 3.';
$string['maxlogentries'] = 'Máximo de entradas del registro';
$string['maxlogentries_desc'] = 'El registro de peticiones conserva este número de entradas; las más antiguas se eliminan primero. 0 las conserva todas.';
$string['name'] = 'Nombre';
$string['name_help'] = 'Un identificador (slug) único sin espacios, usado en las llamadas PHP: mih::request(\'this-name\', ...).';
$string['newer'] = 'Más recientes';
$string['nextrun'] = 'Próxima ejecución';
$string['nexttry'] = 'Próximo intento';
$string['noenabledservices'] = 'No hay ningún servicio activado: primero añada o active uno.';
$string['nologentries'] = 'Todavía no hay nada registrado.';
$string['nomatchingentries'] = 'Ningún evento en cola coincide con estos filtros.';
$string['nopendingtasks'] = 'No hay ninguna tarea en espera.';
$string['norequestsyet'] = 'Todavía no hay peticiones: los gráficos aparecen tras la primera llamada.';
$string['norules'] = 'Todavía no hay reglas.';
$string['noservices'] = 'Todavía no hay servicios.';
$string['older'] = 'Más antiguos';
$string['oldestwaiting'] = 'Más antiguo';
$string['outbound'] = 'Saliente';
$string['outboxempty'] = 'No hay ningún evento esperando su entrega.';
$string['outboxwaiting'] = 'En espera de entrega';
$string['outboxwaiting_desc'] = 'Los eventos que coinciden con una regla esperan aquí hasta que la tarea de entrega los envía (cada minuto, con el cron). Los eventos posteriores de una regla esperan detrás del más antiguo mientras este espera su próximo intento, para que el servicio los reciba en orden.';
$string['outcome'] = 'Resultado';
$string['payload'] = 'Carga útil';
$string['payloadtemplate'] = 'Plantilla de la carga útil';
$string['payloadtemplate_help'] = 'JSON con marcadores {{...}} del evento: {{eventname}}, {{userid}}, {{objectid}}, {{courseid}}, {{timecreated}}, {{ip}}, {{other.field}} y más. Los números van sin comillas ("user_id": {{userid}}) y el texto, entre comillas ("event": "{{eventname}}"); los valores se escapan para JSON.';
$string['pendingtasks'] = 'Tareas pendientes';
$string['pluginname'] = 'Integration Hub';
$string['previewpayload'] = 'Vista previa de la carga útil';
$string['privacy:metadata:externalservices'] = 'Los datos de los eventos se envían a los servicios externos que registran los administradores, según indiquen las plantillas de las reglas.';
$string['privacy:metadata:externalservices:eventdata'] = 'Los campos del evento que usa la plantilla: identificadores de usuario, nombres, correos electrónicos, identificadores de curso, fechas.';
$string['privacy:metadata:store'] = 'Integration Hub guarda un registro de peticiones, los eventos en espera de entrega y una Cola de mensajes fallidos en su almacenamiento del directorio de datos.';
$string['privacy:metadata:store:dlqpayload'] = 'La carga útil de un evento que no se pudo entregar, que puede contener datos personales.';
$string['privacy:metadata:store:outbox'] = 'Eventos en espera de entrega, con los datos del evento que envían sus reglas, que pueden contener datos personales; se eliminan una vez entregados o trasladados a la Cola de mensajes fallidos.';
$string['privacy:metadata:store:requestlog'] = 'Servicio, endpoint, resultado y hora de cada llamada; sin cargas útiles.';
$string['queueempty'] = 'La Cola de mensajes fallidos está vacía.';
$string['rate_limit'] = 'Límite de frecuencia (por segundo)';
$string['rate_limit_help'] = 'Como máximo este número de entregas del Event Bridge por segundo a este servicio, espaciadas uniformemente, para todo el sitio (solo trabaja una ejecución de entrega a la vez). 0: sin límite. Las llamadas directas a mih::request() desde el código no se limitan.';
$string['replay'] = 'Reenviar';
$string['replaymatching'] = 'Reenviar todos los coincidentes ({$a})';
$string['replaymatchingqueued'] = 'Reenvío de los {$a} evento(s) coincidentes programado para la próxima ejecución del cron.';
$string['replayqueued'] = 'Reenvío de {$a} evento(s) programado para la próxima ejecución del cron.';
$string['replayselected'] = 'Reenviar seleccionados';
$string['requests'] = 'Peticiones';
$string['resetallcircuits'] = 'Restablecer todos los circuitos';
$string['resetcircuit'] = 'Restablecer circuito';
$string['resiliencesettings'] = 'Configuración de resiliencia';
$string['response_queue'] = 'Cola de respuestas';
$string['response_queue_help'] = 'Opcional, solo AMQP. Una cola en la que responde este servicio: cada minuto hasta 50 de sus mensajes JSON se convierten en eventos \local_integrationhub\event\webhook_received (origen amqp) que otros plugins pueden observar, y cada uno se confirma cuando se dispara su evento. Un mensaje que no es JSON se confirma y se registra como una fila entrante fallida.';
$string['retry_backoff'] = 'Espera inicial (s)';
$string['retry_backoff_help'] = 'Segundos antes del primer reintento; se duplican en cada intento posterior, con una variación aleatoria (jitter). Recomendado: 1.';
$string['retryin'] = 'reintento en {$a} s';
$string['ruledeleted'] = 'Regla eliminada.';
$string['rulenotfound'] = 'Esa regla no existe.';
$string['rulesaved'] = 'Regla guardada.';
$string['service'] = 'Servicio';
$string['servicedeleted'] = 'Servicio eliminado.';
$string['servicenotfound'] = 'Ese servicio no existe.';
$string['servicesaved'] = 'Servicio guardado.';
$string['settings'] = 'Configuración';
$string['signingsecret'] = 'Secreto de firma';
$string['signingsecret_help'] = 'Opcional. Un secreto de Standard Webhooks (whsec_ seguido de base64 de 24 a 64 bytes aleatorios) compartido con el servicio. Con él, los webhooks entrantes deben llevar una firma válida (webhook-id, webhook-timestamp dentro de 5 minutos, webhook-signature) y un webhook-id no visto antes, y cada llamada REST al servicio se firma igual para que pueda comprobar que viene de este sitio. Se guarda sin mostrarse: déjelo vacío para conservar el guardado.';
$string['signingsecretstored'] = 'Eliminar el secreto de firma guardado';
$string['state_closed'] = 'CERRADO';
$string['state_halfopen'] = 'SEMIABIERTO';
$string['state_open'] = 'ABIERTO';
$string['statusdistribution'] = 'Distribución de estados';
$string['store'] = 'Almacenamiento';
$string['store_database'] = 'El servidor de base de datos del sitio';
$string['store_dataroot'] = 'El directorio de datos (SQLite)';
$string['store_desc'] = 'Dónde se guardan los servicios, las reglas, el registro de peticiones y la Cola de mensajes fallidos. Un sitio con un solo servidor web los guarda en su directorio de datos (SQLite). Un sitio con varios servidores web debe compartirlos: elija el servidor de base de datos del sitio (PostgreSQL o MariaDB/MySQL; tablas con el prefijo del sitio seguido de mih_). <a href="{$a}">Copie el almacenamiento de dataroot a la base de datos</a> antes de cambiar.';
$string['store_inuse_database'] = 'El almacenamiento en uso es el servidor de base de datos del sitio.';
$string['store_inuse_dataroot'] = 'El almacenamiento en uso es el archivo SQLite del directorio de datos.';
$string['store_unsupported'] = 'El tipo de base de datos de este sitio ({$a}) no puede alojar el almacenamiento: la extensión trabaja con PostgreSQL y MariaDB/MySQL. El almacenamiento permanece en el directorio de datos.';
$string['storecopied'] = 'Se han copiado {$a->services} servicio(s), {$a->rules} regla(s), {$a->outbox} evento(s) en espera de entrega y {$a->dlq} evento(s) de la Cola de mensajes fallidos.';
$string['storecopy'] = 'Almacenamiento';
$string['storecopy_desc'] = 'Copia los servicios (con sus tokens), las reglas y la Cola de mensajes fallidos del almacenamiento de dataroot a la base de datos del sitio ({$a->type} en {$a->host}, base de datos {$a->name}, tablas {$a->tables}). El destino debe estar vacío. Los circuitos empiezan cerrados; el registro de peticiones no se copia. Después, cambie el ajuste Almacenamiento al servidor de base de datos del sitio.';
$string['storecopybutton'] = 'Copiar a la base de datos';
$string['success'] = 'Éxito';
$string['tab_events'] = 'Eventos';
$string['tab_logs'] = 'Registros';
$string['tab_queue'] = 'Cola';
$string['tab_rules'] = 'Reglas';
$string['tab_services'] = 'Servicios';
$string['task'] = 'Tarea';
$string['task_consume_responses'] = 'Leer las colas de respuestas AMQP';
$string['task_deliver_events'] = 'Entregar los eventos del Event Bridge';
$string['time'] = 'Hora';
$string['timefrom'] = 'Desde';
$string['timeout'] = 'Tiempo de espera (s)';
$string['timeout_help'] = 'Segundos antes de cancelar un intento. Recomendado: 5.';
$string['timeto'] = 'Hasta';
$string['tokenstored'] = 'Hay un token almacenado ({$a}). Deje el campo en blanco para conservarlo.';
$string['type'] = 'Tipo';
$string['unknownplaceholders'] = 'Marcadores sin valor: {$a}';
$string['waitingcount'] = 'En espera';
$string['webhook_received'] = 'Webhook recibido';
