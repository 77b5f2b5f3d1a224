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
 * French strings for Integration Hub.
 *
 * @package    local_integrationhub
 * @copyright  2026 MIH developers
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

defined('MOODLE_INTERNAL') || die();

$string['active'] = 'Actif';
$string['addrule'] = 'Ajouter une règle';
$string['addservice'] = 'Ajouter un service';
$string['alsoknownas'] = 'Répond aussi à « {$a} », son nom dans l\'ancien plugin Integration Hub.';
$string['amqp_dlq'] = 'File d\'attente des messages en échec (DLQ)';
$string['amqp_exchange'] = 'Exchange';
$string['amqp_host'] = 'Hôte';
$string['amqp_password'] = 'Mot de passe';
$string['amqp_password_note'] = 'Une fois enregistré, le mot de passe n\'est plus jamais affiché. Laissez le champ vide pour conserver celui qui est enregistré.';
$string['amqp_port'] = 'Port';
$string['amqp_queue_declare'] = 'File d\'attente à déclarer';
$string['amqp_routing_key'] = 'Clé de routage (routing key)';
$string['amqp_user'] = 'Utilisateur';
$string['amqp_vhost'] = 'Hôte virtuel';
$string['attempts'] = 'Tentatives';
$string['auth_apikey'] = 'Clé d\'API (en-tête X-API-Key)';
$string['auth_bearer'] = 'Bearer (en-tête Authorization)';
$string['auth_none'] = 'Aucune';
$string['authentication'] = 'Authentification';
$string['authtoken'] = 'Jeton / clé d\'API';
$string['authtype'] = 'Type d\'authentification';
$string['authtype_help'] = 'Bearer envoie "Authorization: Bearer {token}". Clé d\'API envoie "X-API-Key: {token}". Le jeton est en écriture seule : laissez le champ vide pour conserver celui qui est enregistré.';
$string['avglatency'] = 'Latence moyenne (24 h)';
$string['baseurl'] = 'URL de base';
$string['baseurl_help'] = 'REST : l\'URL racine ; les chemins des points de terminaison y sont ajoutés. SOAP : l\'URL du WSDL. AMQP : composée par le Générateur de connexion ci-dessous, amqp[s]://user:password@host:port/vhost?exchange=X&routing_key=Y&queue_declare=Z&dlq=DLQ.';
$string['basicsettings'] = 'Réglages de base';
$string['cb_cooldown'] = 'Délai de réarmement du disjoncteur (s)';
$string['cb_cooldown_help'] = 'Nombre de secondes pendant lesquelles un circuit ouvert attend avant un appel d\'essai (SEMI-OUVERT). Recommandé : 30.';
$string['cb_failure_threshold'] = 'Seuil d\'échecs du disjoncteur';
$string['cb_failure_threshold_help'] = 'Nombre d\'appels consécutifs en échec avant l\'ouverture du circuit. Recommandé : 5.';
$string['circuit'] = 'Circuit';
$string['circuitreset'] = 'Circuit réinitialisé.';
$string['circuitsreset'] = 'Tous les circuits ont été réinitialisés.';
$string['clibadid'] = '--id doit être l\'identifiant d\'une entrée de la file d\'attente des messages en échec, un nombre entier : {$a}';
$string['clibadlimit'] = '--limit doit être un nombre entier, 0 ou plus : {$a}';
$string['clibadmethod'] = '--method doit être GET, POST, PUT, PATCH ou DELETE : {$a}';
$string['clibadpayload'] = '--payload doit être un objet ou un tableau JSON : {$a}';
$string['cliexclusive'] = 'Ces options ne peuvent pas être utilisées ensemble : {$a}.';
$string['clineedsvalue'] = 'L\'option {$a} nécessite une valeur : {$a}=…';
$string['clinoentry'] = 'Il n\'y a pas d\'entrée {$a} dans la file d\'attente des messages en échec.';
$string['clinoservice'] = 'Aucun service ne s\'appelle « {$a} ».';
$string['confirmdeleteentries'] = 'Supprimer {$a} événement(s) en file d\'attente ? Ils ne seront pas envoyés.';
$string['confirmdeleterule'] = 'Supprimer la règle pour {$a} ?';
$string['confirmdeleteservice'] = 'Supprimer le service « {$a} » ? Ses règles, ses entrées de journal et l\'état de son circuit sont supprimés avec lui.';
$string['connectionbuilder'] = 'Générateur de connexion (AMQP)';
$string['dashboard'] = 'Tableau de bord';
$string['deadletterqueue'] = 'File d\'attente des messages en échec (Dead Letter Queue)';
$string['deleteselected'] = 'Supprimer la sélection';
$string['deliveryconcurrency'] = 'Livraisons simultanées par service';
$string['deliveryconcurrency_desc'] = 'Nombre de livraisons de l\'Event Bridge vers un même service pouvant être en cours simultanément (de 1 à 64). Les événements d\'une règle sont toujours envoyés l\'un après l\'autre, dans l\'ordre où ils se sont produits.';
$string['direction'] = 'Sens';
$string['disabled'] = 'Désactivé';
$string['editrule'] = 'Modifier la règle';
$string['editservice'] = 'Modifier le service';
$string['enabled'] = 'Activé';
$string['endpoint'] = 'Point de terminaison';
$string['endpoint_help'] = 'REST : un chemin ajouté à l\'URL de base du service (facultatif). AMQP : une clé de routage remplaçant la clé par défaut du service ("/" conserve la clé par défaut). SOAP : le nom de l\'opération.';
$string['entriesdeleted'] = '{$a} événement(s) en file d\'attente supprimé(s).';
$string['environmentmih'] = 'L\'extension PHP mih (libmih.so) doit être chargée dans le PHP du serveur web et du cron pour qu\'Integration Hub fonctionne.';
$string['error'] = 'Erreur';
$string['errors24h'] = 'Erreurs (24 h)';
$string['eventname'] = 'Événement';
$string['eventname_help'] = 'Nom complet de la classe PHP de l\'événement Moodle, par exemple \\core\\event\\user_created. Les suggestions listent les événements de ce site.';
$string['eventswaitforextension'] = 'Un processus PHP sans l\'extension mih s\'est exécuté pour la dernière fois sur {$a->host} le {$a->time}. Les événements qu\'il a transmis attendent un processus PHP doté de l\'extension (tâches de livraison d\'événements actuellement en file d\'attente : {$a->count}). Ajoutez l\'extension à la configuration PHP de chaque serveur web et de chaque nœud cron.';
$string['extensionmissing'] = 'L\'extension PHP mih n\'est pas chargée. Ajoutez extension=/path/to/libmih.so à la configuration PHP du serveur web et du cron, puis redémarrez-les.';
$string['faildelay'] = 'Délai avant nouvel essai';
$string['failed'] = 'Échec';
$string['filter'] = 'Filtre';
$string['filter_help'] = 'N\'envoie que les événements dont les champs satisfont cette condition ; s\'il est vide, tous les événements sont envoyés. Exemples : courseid = 5, other.modulename in (quiz, assign), courseid = 5 and not relateduserid = 2. Conditions : champ = != < <= > >= valeur, ou champ in (valeur, ...) ; combinez-les avec and / or (and est prioritaire) ; not inverse une condition. Un champ est un nom ou un chemin pointé dans les données de l\'événement, comme dans les modèles. Une valeur est un nombre, un mot, une chaîne entre guillemets, true, false ou null ; les nombres et les chaînes numériques sont comparés comme des nombres.';
$string['filter_placeholder'] = 'p. ex. courseid = 5 and other.modulename in (quiz, assign)';
$string['filterblocks'] = 'L\'événement d\'exemple ne satisfait pas le filtre : les événements similaires ne sont pas envoyés.';
$string['filterpasses'] = 'L\'événement d\'exemple satisfait le filtre.';
$string['httpmethod'] = 'Méthode HTTP';
$string['httpstatus'] = 'Statut HTTP';
$string['importlog'] = '{$a} ligne(s) du journal des requêtes de l\'ancien plugin Integration Hub ont été déplacées, avec leurs heures et leur sens.';
$string['importneedsextension'] = 'Les données de l\'ancien plugin Integration Hub sont transférées dans le stockage de l\'extension mih pendant cette mise à niveau ; l\'extension doit donc être chargée dans le PHP qui exécute la mise à niveau. Chargez-la (extension=/path/to/libmih.so) et relancez la mise à niveau ; rien n\'a été modifié.';
$string['importnoroute'] = 'Importée de l\'ancien plugin Integration Hub, qui la rejouait par l\'unique règle de son événement et de son service ; il existe maintenant {$a->count} règles de ce type, donc un rejeu va à l\'URL de base du service. Dernière erreur : {$a->error}';
$string['importproblems'] = 'Certaines données de l\'ancien plugin Integration Hub n\'ont pas pu être transférées dans le stockage mih. Rien n\'a été perdu : ce qui a été transféré ne se trouve plus dans les anciennes tables, le reste y est toujours. Corrigez ces lignes dans les anciennes tables (ou supprimez-les), puis relancez la mise à niveau :
{$a}';
$string['importrenamed'] = 'Le service « {$a->old} » de l\'ancien plugin Integration Hub s\'appelle maintenant « {$a->new} » (les noms sont des slugs) ; mih::request() le trouve toujours par son ancien nom.';
$string['inbound'] = 'Entrant';
$string['integrationhub:manage'] = 'Gérer les services, les règles et la file d\'attente d\'Integration Hub';
$string['integrationhub:view'] = 'Voir le tableau de bord, les règles, la file d\'attente et les journaux d\'Integration Hub';
$string['invaliddate'] = 'Date non valide : {$a}. Utilisez YYYY-MM-DD, ou YYYY-MM-DDTHH:MM pour indiquer une heure de la journée.';
$string['lastused'] = 'Dernière utilisation';
$string['latencyms'] = 'Latence (ms)';
$string['latencytrend'] = 'Évolution de la latence (200 dernières requêtes)';
$string['latesteventslimit'] = 'Derniers événements affichés';
$string['latesteventslimit_desc'] = 'Nombre d\'événements envoyés que la page Événements affiche par page.';
$string['max_retries'] = 'Nombre maximal de nouvelles tentatives';
$string['max_retries_help'] = 'Tentatives supplémentaires après le premier échec (erreurs de connexion, délais dépassés, 408, 425, 429, 5xx). Recommandé : 3.';
$string['maxlogentries'] = 'Nombre maximal d\'entrées du journal';
$string['maxlogentries_desc'] = 'Le journal des requêtes conserve ce nombre d\'entrées ; les plus anciennes sont supprimées en premier. 0 les conserve toutes.';
$string['name'] = 'Nom';
$string['name_help'] = 'Un identifiant (slug) unique sans espaces, utilisé dans les appels PHP : mih::request(\'this-name\', ...).';
$string['newer'] = 'Plus récents';
$string['nextrun'] = 'Prochaine exécution';
$string['nexttry'] = 'Prochain essai';
$string['noenabledservices'] = 'Aucun service n\'est activé : ajoutez-en ou activez-en un d\'abord.';
$string['nologentries'] = 'Rien n\'a encore été journalisé.';
$string['nomatchingentries'] = 'Aucun événement en file d\'attente ne correspond à ces filtres.';
$string['nopendingtasks'] = 'Aucune tâche en attente.';
$string['norequestsyet'] = 'Aucune requête pour l\'instant : les graphiques apparaissent après le premier appel.';
$string['norules'] = 'Aucune règle pour l\'instant.';
$string['noservices'] = 'Aucun service pour l\'instant.';
$string['older'] = 'Plus anciens';
$string['oldestwaiting'] = 'Le plus ancien';
$string['outbound'] = 'Sortant';
$string['outboxempty'] = 'Aucun événement n\'attend d\'être livré.';
$string['outboxwaiting'] = 'En attente de livraison';
$string['outboxwaiting_desc'] = 'Les événements correspondant à une règle attendent ici jusqu\'à ce que la tâche de livraison les envoie (chaque minute, avec le cron). Les événements suivants d\'une règle attendent derrière le plus ancien tant que celui-ci attend son prochain essai, afin que le service les reçoive dans l\'ordre.';
$string['outcome'] = 'Résultat';
$string['payload'] = 'Charge utile';
$string['payloadtemplate'] = 'Modèle de charge utile';
$string['payloadtemplate_help'] = 'JSON avec des marqueurs {{...}} issus de l\'événement : {{eventname}}, {{userid}}, {{objectid}}, {{courseid}}, {{timecreated}}, {{ip}}, {{other.field}}, etc. Les nombres s\'écrivent sans guillemets ("user_id": {{userid}}), le texte entre guillemets ("event": "{{eventname}}") ; les valeurs sont échappées pour JSON.';
$string['pendingtasks'] = 'Tâches en attente';
$string['pluginname'] = 'Integration Hub';
$string['previewpayload'] = 'Prévisualiser la charge utile';
$string['privacy:metadata:externalservices'] = 'Les données des événements sont envoyées aux services externes enregistrés par les administrateurs, selon les modèles des règles.';
$string['privacy:metadata:externalservices:eventdata'] = 'Les champs de l\'événement utilisés par le modèle : identifiants d\'utilisateur, noms, adresses de courriel, identifiants de cours, dates.';
$string['privacy:metadata:store'] = 'Integration Hub conserve un journal des requêtes, les événements en attente de livraison et une file d\'attente des messages en échec dans son stockage, dans le répertoire de données.';
$string['privacy:metadata:store:dlqpayload'] = 'La charge utile d\'un événement qui n\'a pas pu être livré, pouvant contenir des données personnelles.';
$string['privacy:metadata:store:outbox'] = 'Les événements en attente de livraison, avec les données d\'événement envoyées par leurs règles, pouvant contenir des données personnelles ; supprimés une fois livrés ou déplacés dans la file d\'attente des messages en échec.';
$string['privacy:metadata:store:requestlog'] = 'Service, point de terminaison, résultat et heure de chaque appel ; aucune charge utile.';
$string['queueempty'] = 'La file d\'attente des messages en échec est vide.';
$string['rate_limit'] = 'Limite de débit (par seconde)';
$string['rate_limit_help'] = 'Au maximum ce nombre de livraisons de l\'Event Bridge par seconde vers ce service, réparties uniformément, pour l\'ensemble du site (une seule exécution de livraison à la fois). 0 : aucune limite. Les appels directs à mih::request() depuis le code ne sont pas limités.';
$string['replay'] = 'Rejouer';
$string['replaymatching'] = 'Rejouer toutes les correspondances ({$a})';
$string['replaymatchingqueued'] = 'Rejeu des {$a} événement(s) correspondant(s) programmé pour la prochaine exécution du cron.';
$string['replayqueued'] = 'Rejeu de {$a} événement(s) programmé pour la prochaine exécution du cron.';
$string['replayselected'] = 'Rejouer la sélection';
$string['requests'] = 'Requêtes';
$string['resetallcircuits'] = 'Réinitialiser tous les circuits';
$string['resetcircuit'] = 'Réinitialiser le circuit';
$string['resiliencesettings'] = 'Réglages de résilience';
$string['response_queue'] = 'File de réponses';
$string['response_queue_help'] = 'Facultatif, AMQP uniquement. Une file sur laquelle ce service répond : chaque minute, jusqu\'à 50 de ses messages JSON deviennent des événements \local_integrationhub\event\webhook_received (source amqp) que d\'autres plugins peuvent observer, chacun acquitté une fois son événement déclenché. Un message qui n\'est pas du JSON est acquitté et journalisé comme une ligne entrante en échec.';
$string['retry_backoff'] = 'Délai initial entre tentatives (s)';
$string['retry_backoff_help'] = 'Nombre de secondes avant la première nouvelle tentative ; doublé à chaque tentative suivante, avec une variation aléatoire (jitter). Recommandé : 1.';
$string['retryin'] = 'nouvel essai dans {$a} s';
$string['ruledeleted'] = 'Règle supprimée.';
$string['rulenotfound'] = 'Cette règle n\'existe pas.';
$string['rulesaved'] = 'Règle enregistrée.';
$string['service'] = 'Service';
$string['servicedeleted'] = 'Service supprimé.';
$string['servicenotfound'] = 'Ce service n\'existe pas.';
$string['servicesaved'] = 'Service enregistré.';
$string['settings'] = 'Réglages';
$string['signingsecret'] = 'Secret de signature';
$string['signingsecret_help'] = 'Facultatif. Un secret Standard Webhooks (whsec_ suivi du base64 de 24 à 64 octets aléatoires) partagé avec le service. Avec lui, les webhooks entrants doivent porter une signature valide (webhook-id, webhook-timestamp à moins de 5 minutes, webhook-signature) et un webhook-id jamais vu, et chaque appel REST au service est signé de la même façon pour qu\'il puisse vérifier que les appels viennent de ce site. Enregistré sans être affiché : laissez vide pour garder celui enregistré.';
$string['signingsecretstored'] = 'Supprimer le secret de signature enregistré';
$string['state_closed'] = 'FERMÉ';
$string['state_halfopen'] = 'SEMI-OUVERT';
$string['state_open'] = 'OUVERT';
$string['statusdistribution'] = 'Répartition des statuts';
$string['store'] = 'Stockage';
$string['store_database'] = 'Le serveur de base de données du site';
$string['store_dataroot'] = 'Le répertoire de données (SQLite)';
$string['store_desc'] = 'Emplacement où sont conservés les services, les règles, le journal des requêtes et la file d\'attente des messages en échec. Un site avec un seul serveur web les conserve dans son répertoire de données (SQLite). Un site avec plusieurs serveurs web doit les partager : choisissez le serveur de base de données du site (PostgreSQL ou MariaDB/MySQL ; tables nommées avec le préfixe du site, suivi de mih_). <a href="{$a}">Copiez le stockage du dataroot dans la base de données</a> avant de basculer.';
$string['store_inuse_database'] = 'Le stockage utilisé est le serveur de base de données du site.';
$string['store_inuse_dataroot'] = 'Le stockage utilisé est le fichier SQLite du répertoire de données.';
$string['store_unsupported'] = 'Le type de base de données de ce site ({$a}) ne peut pas accueillir le stockage : l\'extension prend en charge PostgreSQL et MariaDB/MySQL. Le stockage reste dans le répertoire de données.';
$string['storecopied'] = 'Copie effectuée : {$a->services} service(s), {$a->rules} règle(s), {$a->outbox} événement(s) en attente de livraison et {$a->dlq} événement(s) de la file d\'attente des messages en échec.';
$string['storecopy'] = 'Stockage';
$string['storecopy_desc'] = 'Copie les services (avec leurs jetons), les règles et la file d\'attente des messages en échec du stockage du dataroot vers la base de données du site ({$a->type} sur {$a->host}, base de données {$a->name}, tables {$a->tables}). La cible doit être vide. Les circuits démarrent fermés ; le journal des requêtes n\'est pas copié. Réglez ensuite le paramètre Stockage sur le serveur de base de données du site.';
$string['storecopybutton'] = 'Copier dans la base de données';
$string['success'] = 'Succès';
$string['tab_events'] = 'Événements';
$string['tab_logs'] = 'Journaux';
$string['tab_queue'] = 'File d\'attente';
$string['tab_rules'] = 'Règles';
$string['tab_services'] = 'Services';
$string['task'] = 'Tâche';
$string['task_consume_responses'] = 'Lire les files de réponses AMQP';
$string['task_deliver_events'] = 'Livrer les événements de l\'Event Bridge';
$string['time'] = 'Heure';
$string['timefrom'] = 'Du';
$string['timeout'] = 'Délai d\'expiration (s)';
$string['timeout_help'] = 'Nombre de secondes avant l\'annulation d\'une tentative. Recommandé : 5.';
$string['timeto'] = 'Au';
$string['tokenstored'] = 'Un jeton est enregistré ({$a}). Laissez le champ vide pour le conserver.';
$string['type'] = 'Type';
$string['unknownplaceholders'] = 'Marqueurs sans valeur : {$a}';
$string['waitingcount'] = 'En attente';
$string['webhook_received'] = 'Webhook reçu';
