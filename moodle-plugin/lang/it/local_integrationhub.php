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
 * Italian strings for Integration Hub.
 *
 * @package    local_integrationhub
 * @copyright  2026 MIH developers
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

defined('MOODLE_INTERNAL') || die();

$string['active'] = 'Attivo';
$string['addrule'] = 'Aggiungi regola';
$string['addservice'] = 'Aggiungi servizio';
$string['alsoknownas'] = 'Risponde anche a "{$a}", il suo nome nel vecchio plugin Integration Hub.';
$string['amqp_dlq'] = 'Coda dei messaggi non recapitati (DLQ)';
$string['amqp_exchange'] = 'Exchange';
$string['amqp_host'] = 'Host';
$string['amqp_password'] = 'Password';
$string['amqp_password_note'] = 'Una volta salvata, la password non viene più mostrata. Lascia il campo vuoto per mantenere quella memorizzata.';
$string['amqp_port'] = 'Porta';
$string['amqp_queue_declare'] = 'Coda da dichiarare';
$string['amqp_routing_key'] = 'Chiave di instradamento (routing key)';
$string['amqp_user'] = 'Utente';
$string['amqp_vhost'] = 'Host virtuale';
$string['attempts'] = 'Tentativi';
$string['auth_apikey'] = 'Chiave API (header X-API-Key)';
$string['auth_bearer'] = 'Bearer (header Authorization)';
$string['auth_none'] = 'Nessuna';
$string['authentication'] = 'Autenticazione';
$string['authtoken'] = 'Token / chiave API';
$string['authtype'] = 'Tipo di autenticazione';
$string['authtype_help'] = 'Bearer invia "Authorization: Bearer {token}". Chiave API invia "X-API-Key: {token}". Il token è di sola scrittura: lascia il campo vuoto per mantenere quello memorizzato.';
$string['avglatency'] = 'Latenza media (24h)';
$string['baseurl'] = 'URL di base';
$string['baseurl_help'] = 'REST: l\'URL radice; i percorsi degli endpoint vengono aggiunti a questo URL. SOAP: l\'URL del WSDL. AMQP: composto dal Generatore di connessione qui sotto, amqp[s]://user:password@host:port/vhost?exchange=X&routing_key=Y&queue_declare=Z&dlq=DLQ.';
$string['basicsettings'] = 'Impostazioni di base';
$string['cb_cooldown'] = 'Tempo di attesa del circuit breaker (s)';
$string['cb_cooldown_help'] = 'Secondi che un circuito aperto attende prima di una chiamata di prova (SEMIAPERTO). Consigliato: 30.';
$string['cb_failure_threshold'] = 'Soglia di errori del circuit breaker';
$string['cb_failure_threshold_help'] = 'Chiamate fallite consecutive prima che il circuito si apra. Consigliato: 5.';
$string['circuit'] = 'Circuito';
$string['circuitreset'] = 'Circuito reimpostato.';
$string['circuitsreset'] = 'Tutti i circuiti sono stati reimpostati.';
$string['clibadid'] = '--id deve essere l\'id di una voce della coda dei messaggi non recapitati, un numero intero: {$a}';
$string['clibadlimit'] = '--limit deve essere un numero intero, 0 o maggiore: {$a}';
$string['clibadmethod'] = '--method deve essere GET, POST, PUT, PATCH o DELETE: {$a}';
$string['clibadpayload'] = '--payload deve essere un oggetto o un array JSON: {$a}';
$string['cliexclusive'] = 'Queste opzioni non si possono usare insieme: {$a}.';
$string['clineedsvalue'] = 'L\'opzione {$a} richiede un valore: {$a}=…';
$string['clinoentry'] = 'Non c\'è nessuna voce {$a} nella coda dei messaggi non recapitati.';
$string['clinoservice'] = 'Non esiste alcun servizio chiamato "{$a}".';
$string['confirmdeleteentries'] = 'Eliminare {$a} evento/i in coda? Non verranno inviati.';
$string['confirmdeleterule'] = 'Eliminare la regola per {$a}?';
$string['confirmdeleteservice'] = 'Eliminare il servizio "{$a}"? Le sue regole, le voci di registro e lo stato del circuito vengono eliminati insieme al servizio.';
$string['connectionbuilder'] = 'Generatore di connessione (AMQP)';
$string['dashboard'] = 'Dashboard';
$string['deadletterqueue'] = 'Coda dei messaggi non recapitati (Dead Letter Queue)';
$string['deleteselected'] = 'Elimina selezionati';
$string['deliveryconcurrency'] = 'Consegne simultanee per servizio';
$string['deliveryconcurrency_desc'] = 'Quante consegne dell\'Event Bridge verso uno stesso servizio possono essere in corso contemporaneamente (da 1 a 64). Gli eventi di una regola vengono sempre inviati uno dopo l\'altro, nell\'ordine in cui si sono verificati.';
$string['direction'] = 'Direzione';
$string['disabled'] = 'Disabilitato';
$string['editrule'] = 'Modifica regola';
$string['editservice'] = 'Modifica servizio';
$string['enabled'] = 'Abilitato';
$string['endpoint'] = 'Endpoint';
$string['endpoint_help'] = 'REST: un percorso aggiunto all\'URL di base del servizio (facoltativo). AMQP: una chiave di instradamento che sostituisce quella predefinita del servizio ("/" mantiene quella predefinita). SOAP: il nome dell\'operazione.';
$string['entriesdeleted'] = 'Eliminati {$a} evento/i in coda.';
$string['environmentmih'] = 'Perché Integration Hub funzioni, l\'estensione PHP mih (libmih.so) deve essere caricata nel PHP del server web e del cron.';
$string['error'] = 'Errore';
$string['errors24h'] = 'Errori (24h)';
$string['eventname'] = 'Evento';
$string['eventname_help'] = 'Nome completo della classe PHP dell\'evento Moodle, ad esempio \\core\\event\\user_created. I suggerimenti elencano gli eventi di questo sito.';
$string['eventswaitforextension'] = 'Un processo PHP senza l\'estensione mih è stato eseguito l\'ultima volta su {$a->host} il {$a->time}. Gli eventi che ha passato attendono un processo PHP con l\'estensione (attività di consegna eventi attualmente in coda: {$a->count}). Aggiungi l\'estensione alla configurazione PHP di ogni server web e di ogni nodo cron.';
$string['extensionmissing'] = 'L\'estensione PHP mih non è caricata. Aggiungi extension=/path/to/libmih.so alla configurazione PHP del server web e del cron, quindi riavviali.';
$string['faildelay'] = 'Ritardo del nuovo tentativo';
$string['failed'] = 'Fallito';
$string['filter'] = 'Filtro';
$string['filter_help'] = 'Invia solo gli eventi i cui campi soddisfano questa condizione; se vuoto, invia tutti gli eventi. Esempi: courseid = 5, other.modulename in (quiz, assign), courseid = 5 and not relateduserid = 2. Condizioni: campo = != < <= > >= valore, oppure campo in (valore, ...); uniscile con and / or (and ha la precedenza); not ne nega una. Un campo è un nome o un percorso puntato nei dati dell\'evento, come nei modelli. Un valore è un numero, una parola, una stringa tra virgolette, true, false o null; i numeri e le stringhe numeriche vengono confrontati come numeri.';
$string['filter_placeholder'] = 'es. courseid = 5 and other.modulename in (quiz, assign)';
$string['filterblocks'] = 'L\'evento di esempio non supera il filtro: gli eventi come questo non vengono inviati.';
$string['filterpasses'] = 'L\'evento di esempio supera il filtro.';
$string['httpmethod'] = 'Metodo HTTP';
$string['httpstatus'] = 'Stato HTTP';
$string['importlog'] = 'Spostate {$a} righe del registro delle richieste del vecchio plugin Integration Hub, con i loro orari e la loro direzione.';
$string['importneedsextension'] = 'Durante questo aggiornamento i dati del precedente plugin Integration Hub vengono spostati nell\'archivio dell\'estensione mih, quindi l\'estensione deve essere caricata nel PHP che esegue l\'aggiornamento. Caricala (extension=/path/to/libmih.so) ed esegui di nuovo l\'aggiornamento; non è stato modificato nulla.';
$string['importnoroute'] = 'Importata dal vecchio plugin Integration Hub, che la rinviava tramite l\'unica regola del suo evento e servizio; ora esistono {$a->count} regole di questo tipo, quindi un rinvio va all\'URL di base del servizio. Ultimo errore: {$a->error}';
$string['importproblems'] = 'Non è stato possibile spostare alcuni dati del precedente plugin Integration Hub nell\'archivio mih. Non è andato perso nulla: ciò che è stato spostato non è più nelle vecchie tabelle, il resto è ancora lì. Correggi queste righe nelle vecchie tabelle (o eliminale), quindi esegui di nuovo l\'aggiornamento:
{$a}';
$string['importrenamed'] = 'Il servizio "{$a->old}" del vecchio plugin Integration Hub ora si chiama "{$a->new}" (i nomi sono slug); mih::request() lo trova ancora con il vecchio nome.';
$string['inbound'] = 'In entrata';
$string['integrationhub:manage'] = 'Gestire servizi, regole e coda di Integration Hub';
$string['integrationhub:view'] = 'Visualizzare dashboard, regole, coda e registri di Integration Hub';
$string['invaliddate'] = 'Non è una data: {$a}. Usa YYYY-MM-DD, oppure YYYY-MM-DDTHH:MM per indicare un\'ora del giorno.';
$string['lastused'] = 'Ultimo utilizzo';
$string['latencyms'] = 'Latenza (ms)';
$string['latencytrend'] = 'Andamento della latenza (ultime 200 richieste)';
$string['latesteventslimit'] = 'Ultimi eventi mostrati';
$string['latesteventslimit_desc'] = 'Quanti eventi inviati la pagina Eventi mostra per pagina.';
$string['max_retries'] = 'Numero massimo di nuovi tentativi';
$string['max_retries_help'] = 'Tentativi aggiuntivi dopo il primo fallito (errori di connessione, timeout, 408, 425, 429, 5xx). Consigliato: 3.';
$string['maxlogentries'] = 'Numero massimo di voci di registro';
$string['maxlogentries_desc'] = 'Il registro delle richieste conserva questo numero di voci; le più vecchie vengono eliminate per prime. 0 le conserva tutte.';
$string['name'] = 'Nome';
$string['name_help'] = 'Un identificativo (slug) univoco senza spazi, usato nelle chiamate PHP: mih::request(\'this-name\', ...).';
$string['newer'] = 'Più recenti';
$string['nextrun'] = 'Prossima esecuzione';
$string['nexttry'] = 'Prossimo tentativo';
$string['noenabledservices'] = 'Non c\'è alcun servizio abilitato: prima aggiungine o abilitane uno.';
$string['nologentries'] = 'Ancora nulla nel registro.';
$string['nomatchingentries'] = 'Nessun evento in coda corrisponde a questi filtri.';
$string['nopendingtasks'] = 'Nessuna attività in attesa.';
$string['norequestsyet'] = 'Ancora nessuna richiesta: i grafici compaiono dopo la prima chiamata.';
$string['norules'] = 'Ancora nessuna regola.';
$string['noservices'] = 'Ancora nessun servizio.';
$string['older'] = 'Meno recenti';
$string['oldestwaiting'] = 'Il più vecchio';
$string['outbound'] = 'In uscita';
$string['outboxempty'] = 'Nessun evento è in attesa di consegna.';
$string['outboxwaiting'] = 'In attesa di consegna';
$string['outboxwaiting_desc'] = 'Gli eventi che corrispondono a una regola attendono qui finché l\'attività di consegna non li invia (ogni minuto, con il cron). Gli eventi successivi di una regola attendono dietro al più vecchio finché questo attende il suo prossimo tentativo, in modo che il servizio li riceva in ordine.';
$string['outcome'] = 'Esito';
$string['payload'] = 'Payload';
$string['payloadtemplate'] = 'Modello del payload';
$string['payloadtemplate_help'] = 'JSON con segnaposto {{...}} tratti dall\'evento: {{eventname}}, {{userid}}, {{objectid}}, {{courseid}}, {{timecreated}}, {{ip}}, {{other.field}} e altri. I numeri vanno senza virgolette ("user_id": {{userid}}), il testo tra virgolette ("event": "{{eventname}}"); i valori vengono codificati (escape) per JSON.';
$string['pendingtasks'] = 'Attività in sospeso';
$string['pluginname'] = 'Integration Hub';
$string['previewpayload'] = 'Anteprima del payload';
$string['privacy:metadata:externalservices'] = 'I dati degli eventi vengono inviati ai servizi esterni registrati dagli amministratori, come indicato dai modelli delle regole.';
$string['privacy:metadata:externalservices:eventdata'] = 'I campi dell\'evento usati dal modello: ID utente, nomi, email, ID corso, orari.';
$string['privacy:metadata:store'] = 'Integration Hub conserva un registro delle richieste, gli eventi in attesa di consegna e una coda dei messaggi non recapitati nel proprio archivio nella cartella dei dati.';
$string['privacy:metadata:store:dlqpayload'] = 'Il payload di un evento che non è stato possibile consegnare, che può contenere dati personali.';
$string['privacy:metadata:store:outbox'] = 'Eventi in attesa di consegna, con i dati dell\'evento inviati dalle loro regole, che possono contenere dati personali; rimossi una volta consegnati o spostati nella coda dei messaggi non recapitati.';
$string['privacy:metadata:store:requestlog'] = 'Servizio, endpoint, esito e ora di ogni chiamata; nessun payload.';
$string['queueempty'] = 'La coda dei messaggi non recapitati è vuota.';
$string['rate_limit'] = 'Limite di frequenza (al secondo)';
$string['rate_limit_help'] = 'Al massimo questo numero di consegne dell\'Event Bridge al secondo verso questo servizio, distribuite uniformemente, per l\'intero sito (è attiva una sola esecuzione di consegna alla volta). 0: nessun limite. Le chiamate dirette a mih::request() dal codice non sono limitate.';
$string['replay'] = 'Reinvia';
$string['replaymatching'] = 'Reinvia tutti i corrispondenti ({$a})';
$string['replaymatchingqueued'] = 'Reinvio dei {$a} evento/i corrispondenti pianificato per la prossima esecuzione del cron.';
$string['replayqueued'] = 'Reinvio di {$a} evento/i pianificato per la prossima esecuzione del cron.';
$string['replayselected'] = 'Reinvia selezionati';
$string['requests'] = 'Richieste';
$string['resetallcircuits'] = 'Reimposta tutti i circuiti';
$string['resetcircuit'] = 'Reimposta circuito';
$string['resiliencesettings'] = 'Impostazioni di resilienza';
$string['response_queue'] = 'Coda delle risposte';
$string['response_queue_help'] = 'Facoltativo, solo AMQP. Una coda su cui risponde questo servizio: ogni minuto fino a 50 dei suoi messaggi JSON diventano eventi \local_integrationhub\event\webhook_received (origine amqp) che altri plugin possono osservare, ciascuno confermato una volta generato il suo evento. Un messaggio che non è JSON viene confermato e registrato come riga in entrata non riuscita.';
$string['retry_backoff'] = 'Attesa iniziale (s)';
$string['retry_backoff_help'] = 'Secondi prima del primo nuovo tentativo; raddoppiati a ogni tentativo successivo, con una variazione casuale (jitter). Consigliato: 1.';
$string['retryin'] = 'nuovo tentativo tra {$a} s';
$string['ruledeleted'] = 'Regola eliminata.';
$string['rulenotfound'] = 'Questa regola non esiste.';
$string['rulesaved'] = 'Regola salvata.';
$string['service'] = 'Servizio';
$string['servicedeleted'] = 'Servizio eliminato.';
$string['servicenotfound'] = 'Questo servizio non esiste.';
$string['servicesaved'] = 'Servizio salvato.';
$string['settings'] = 'Impostazioni';
$string['signingsecret'] = 'Segreto di firma';
$string['signingsecret_help'] = 'Facoltativo. Un segreto Standard Webhooks (whsec_ seguito dal base64 di 24-64 byte casuali) condiviso con il servizio. Con esso, i webhook in entrata devono avere una firma valida (webhook-id, webhook-timestamp entro 5 minuti, webhook-signature) e un webhook-id mai visto prima, e ogni chiamata REST al servizio è firmata allo stesso modo, così che possa verificare che le chiamate vengono da questo sito. Salvato senza essere mostrato: lasciare vuoto per mantenere quello salvato.';
$string['signingsecretstored'] = 'Rimuovi il segreto di firma salvato';
$string['state_closed'] = 'CHIUSO';
$string['state_halfopen'] = 'SEMIAPERTO';
$string['state_open'] = 'APERTO';
$string['statusdistribution'] = 'Distribuzione degli stati';
$string['store'] = 'Archivio';
$string['store_database'] = 'Il server di database del sito';
$string['store_dataroot'] = 'La cartella dei dati (SQLite)';
$string['store_desc'] = 'Dove vengono conservati servizi, regole, registro delle richieste e coda dei messaggi non recapitati. Un sito con un solo server web li conserva nella propria cartella dei dati (SQLite). Un sito con più server web deve condividerli: scegli il server di database del sito (PostgreSQL o MariaDB/MySQL; tabelle con il prefisso del sito seguito da mih_). <a href="{$a}">Copia l\'archivio della dataroot nel database</a> prima di passare.';
$string['store_inuse_database'] = 'L\'archivio in uso è il server di database del sito.';
$string['store_inuse_dataroot'] = 'L\'archivio in uso è il file SQLite nella cartella dei dati.';
$string['store_unsupported'] = 'Il tipo di database di questo sito ({$a}) non può ospitare l\'archivio: l\'estensione supporta PostgreSQL e MariaDB/MySQL. L\'archivio resta nella cartella dei dati.';
$string['storecopied'] = 'Copiati {$a->services} servizio/i, {$a->rules} regola/e, {$a->outbox} evento/i in attesa di consegna e {$a->dlq} evento/i della coda dei messaggi non recapitati.';
$string['storecopy'] = 'Archivio';
$string['storecopy_desc'] = 'Copia i servizi (con i loro token), le regole e la coda dei messaggi non recapitati dall\'archivio della dataroot al database del sito ({$a->type} su {$a->host}, database {$a->name}, tabelle {$a->tables}). La destinazione deve essere vuota. I circuiti partono chiusi; il registro delle richieste non viene copiato. Poi, nell\'impostazione Archivio, scegli il server di database del sito.';
$string['storecopybutton'] = 'Copia nel database';
$string['success'] = 'Riuscito';
$string['tab_events'] = 'Eventi';
$string['tab_logs'] = 'Registri';
$string['tab_queue'] = 'Coda';
$string['tab_rules'] = 'Regole';
$string['tab_services'] = 'Servizi';
$string['task'] = 'Attività';
$string['task_consume_responses'] = 'Leggi le code delle risposte AMQP';
$string['task_deliver_events'] = 'Consegna gli eventi dell\'Event Bridge';
$string['time'] = 'Ora';
$string['timefrom'] = 'Da';
$string['timeout'] = 'Timeout (s)';
$string['timeout_help'] = 'Secondi prima che un tentativo venga annullato. Consigliato: 5.';
$string['timeto'] = 'A';
$string['tokenstored'] = 'È memorizzato un token ({$a}). Lascia il campo vuoto per mantenerlo.';
$string['type'] = 'Tipo';
$string['unknownplaceholders'] = 'Segnaposto senza valore: {$a}';
$string['waitingcount'] = 'In attesa';
$string['webhook_received'] = 'Webhook ricevuto';
