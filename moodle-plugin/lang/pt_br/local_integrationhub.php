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
 * Brazilian Portuguese strings for Integration Hub.
 *
 * @package    local_integrationhub
 * @copyright  2026 MIH developers
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

defined('MOODLE_INTERNAL') || die();

$string['active'] = 'Ativo';
$string['addrule'] = 'Adicionar regra';
$string['addservice'] = 'Adicionar serviço';
$string['alsoknownas'] = 'Também responde a "{$a}", seu nome no antigo plugin Integration Hub.';
$string['amqp_dlq'] = 'Fila de mensagens não entregues (DLQ)';
$string['amqp_exchange'] = 'Exchange';
$string['amqp_host'] = 'Host';
$string['amqp_password'] = 'Senha';
$string['amqp_password_note'] = 'Depois de salva, a senha nunca mais é exibida. Deixe o campo em branco para manter a senha armazenada.';
$string['amqp_port'] = 'Porta';
$string['amqp_queue_declare'] = 'Fila a declarar';
$string['amqp_routing_key'] = 'Chave de roteamento (routing key)';
$string['amqp_user'] = 'Usuário';
$string['amqp_vhost'] = 'Host virtual';
$string['attempts'] = 'Tentativas';
$string['auth_apikey'] = 'Chave de API (cabeçalho X-API-Key)';
$string['auth_bearer'] = 'Bearer (cabeçalho Authorization)';
$string['auth_none'] = 'Nenhuma';
$string['authentication'] = 'Autenticação';
$string['authtoken'] = 'Token / chave de API';
$string['authtype'] = 'Tipo de autenticação';
$string['authtype_help'] = 'Bearer envia "Authorization: Bearer {token}". Chave de API envia "X-API-Key: {token}". O token é somente para escrita: deixe o campo em branco para manter o token armazenado.';
$string['avglatency'] = 'Latência média (24h)';
$string['baseurl'] = 'URL base';
$string['baseurl_help'] = 'REST: a URL raiz; os caminhos dos endpoints são acrescentados a ela. SOAP: a URL do WSDL. AMQP: composta pelo Construtor de conexão abaixo, amqp[s]://user:password@host:port/vhost?exchange=X&routing_key=Y&queue_declare=Z&dlq=DLQ.';
$string['basicsettings'] = 'Configurações básicas';
$string['cb_cooldown'] = 'Espera do circuit breaker (s)';
$string['cb_cooldown_help'] = 'Segundos que um circuito aberto espera antes de uma chamada de teste (SEMIABERTO). Recomendado: 30.';
$string['cb_failure_threshold'] = 'Limite de falhas do circuit breaker';
$string['cb_failure_threshold_help'] = 'Chamadas com falha consecutivas antes de o circuito abrir. Recomendado: 5.';
$string['circuit'] = 'Circuito';
$string['circuitreset'] = 'Circuito redefinido.';
$string['circuitsreset'] = 'Todos os circuitos foram redefinidos.';
$string['clibadid'] = '--id deve ser o id de uma entrada da fila de mensagens não entregues, um número inteiro: {$a}';
$string['clibadlimit'] = '--limit deve ser um número inteiro, 0 ou maior: {$a}';
$string['clibadmethod'] = '--method deve ser GET, POST, PUT, PATCH ou DELETE: {$a}';
$string['clibadpayload'] = '--payload deve ser um objeto ou um array JSON: {$a}';
$string['cliexclusive'] = 'Estas opções não podem ser usadas juntas: {$a}.';
$string['clineedsvalue'] = 'A opção {$a} precisa de um valor: {$a}=…';
$string['clinoentry'] = 'Não há nenhuma entrada {$a} na fila de mensagens não entregues.';
$string['clinoservice'] = 'Não há nenhum serviço chamado "{$a}".';
$string['confirmdeleteentries'] = 'Excluir {$a} evento(s) na fila? Eles não serão enviados.';
$string['confirmdeleterule'] = 'Excluir a regra para {$a}?';
$string['confirmdeleteservice'] = 'Excluir o serviço "{$a}"? Suas regras, entradas de registro e estado do circuito são excluídos junto com ele.';
$string['connectionbuilder'] = 'Construtor de conexão (AMQP)';
$string['dashboard'] = 'Painel';
$string['deadletterqueue'] = 'Fila de mensagens não entregues (Dead Letter Queue)';
$string['deleteselected'] = 'Excluir selecionados';
$string['deliveryconcurrency'] = 'Entregas simultâneas por serviço';
$string['deliveryconcurrency_desc'] = 'Quantas entregas do Event Bridge para um mesmo serviço podem estar em andamento ao mesmo tempo (de 1 a 64). Os eventos de uma regra são sempre enviados um após o outro, na ordem em que ocorreram.';
$string['direction'] = 'Direção';
$string['disabled'] = 'Desativado';
$string['editrule'] = 'Editar regra';
$string['editservice'] = 'Editar serviço';
$string['enabled'] = 'Ativado';
$string['endpoint'] = 'Endpoint';
$string['endpoint_help'] = 'REST: um caminho acrescentado à URL base do serviço (opcional). AMQP: uma chave de roteamento que substitui a padrão do serviço ("/" mantém a padrão). SOAP: o nome da operação.';
$string['entriesdeleted'] = '{$a} evento(s) na fila excluído(s).';
$string['environmentmih'] = 'A extensão PHP mih (libmih.so) deve estar carregada no PHP do servidor web e do cron para que o Integration Hub funcione.';
$string['error'] = 'Erro';
$string['errors24h'] = 'Erros (24h)';
$string['eventname'] = 'Evento';
$string['eventname_help'] = 'Nome completo da classe PHP do evento do Moodle, como \\core\\event\\user_created. As sugestões listam os eventos deste site.';
$string['eventswaitforextension'] = 'Um processo PHP sem a extensão mih foi executado pela última vez em {$a->host} em {$a->time}. Os eventos que ele repassou aguardam um processo PHP com a extensão (tarefas de entrega de eventos na fila agora: {$a->count}). Adicione a extensão à configuração do PHP de cada servidor web e de cada nó do cron.';
$string['extensionmissing'] = 'A extensão PHP mih não está carregada. Adicione extension=/path/to/libmih.so à configuração do PHP do servidor web e do cron e, em seguida, reinicie-os.';
$string['faildelay'] = 'Atraso da nova tentativa';
$string['failed'] = 'Falhou';
$string['filter'] = 'Filtro';
$string['filter_help'] = 'Envia apenas os eventos cujos campos atendem a esta condição; se estiver vazio, todos os eventos são enviados. Exemplos: courseid = 5, other.modulename in (quiz, assign), courseid = 5 and not relateduserid = 2. Condições: campo = != < <= > >= valor, ou campo in (valor, ...); combine-as com and / or (and tem precedência maior); not nega uma condição. Um campo é um nome ou um caminho com pontos dentro dos dados do evento, como nos modelos. Um valor é um número, uma palavra, uma string entre aspas, true, false ou null; números e strings numéricas são comparados como números.';
$string['filter_placeholder'] = 'ex.: courseid = 5 and other.modulename in (quiz, assign)';
$string['filterblocks'] = 'O evento de exemplo não passa no filtro: eventos como ele não são enviados.';
$string['filterpasses'] = 'O evento de exemplo passa no filtro.';
$string['httpmethod'] = 'Método HTTP';
$string['httpstatus'] = 'Status HTTP';
$string['importlog'] = '{$a} linha(s) do registro de requisições do antigo plugin Integration Hub foram movidas, com seus horários e direção.';
$string['importneedsextension'] = 'Durante esta atualização, os dados do antigo plugin Integration Hub são movidos para o armazenamento da extensão mih; portanto, a extensão deve estar carregada no PHP que executa a atualização. Carregue-a (extension=/path/to/libmih.so) e execute a atualização novamente; nada foi alterado.';
$string['importnoroute'] = 'Importada do antigo plugin Integration Hub, que a reenviava pela única regra do seu evento e serviço; agora existem {$a->count} regras assim, então um reenvio vai para a URL base do serviço. Último erro: {$a->error}';
$string['importproblems'] = 'Não foi possível mover alguns dados do antigo plugin Integration Hub para o armazenamento do mih. Nada foi perdido: o que foi movido não está mais nas tabelas antigas, o restante continua lá. Corrija estas linhas nas tabelas antigas (ou exclua-as) e execute a atualização novamente:
{$a}';
$string['importrenamed'] = 'O serviço "{$a->old}" do antigo plugin Integration Hub agora se chama "{$a->new}" (os nomes são slugs); mih::request() ainda o encontra pelo nome antigo.';
$string['inbound'] = 'Entrada';
$string['integrationhub:manage'] = 'Gerenciar serviços, regras e fila do Integration Hub';
$string['integrationhub:view'] = 'Ver o painel, as regras, a fila e os registros do Integration Hub';
$string['invaliddate'] = 'Não é uma data: {$a}. Use YYYY-MM-DD, ou YYYY-MM-DDTHH:MM para indicar um horário do dia.';
$string['lastused'] = 'Último uso';
$string['latencyms'] = 'Latência (ms)';
$string['latencytrend'] = 'Tendência de latência (últimas 200 requisições)';
$string['latesteventslimit'] = 'Últimos eventos exibidos';
$string['latesteventslimit_desc'] = 'Quantos eventos enviados a página Eventos exibe por página.';
$string['max_retries'] = 'Máximo de novas tentativas';
$string['max_retries_help'] = 'Tentativas adicionais após a primeira com falha (erros de conexão, tempos limite esgotados, 408, 425, 429, 5xx). Recomendado: 3.';
$string['maxlogentries'] = 'Máximo de entradas de registro';
$string['maxlogentries_desc'] = 'O registro de requisições mantém esta quantidade de entradas; as mais antigas são excluídas primeiro. 0 mantém todas.';
$string['name'] = 'Nome';
$string['name_help'] = 'Um identificador (slug) único sem espaços, usado nas chamadas PHP: mih::request(\'this-name\', ...).';
$string['newer'] = 'Mais recentes';
$string['nextrun'] = 'Próxima execução';
$string['nexttry'] = 'Próxima tentativa';
$string['noenabledservices'] = 'Não há nenhum serviço ativado: adicione ou ative um primeiro.';
$string['nologentries'] = 'Nada registrado ainda.';
$string['nomatchingentries'] = 'Nenhum evento na fila corresponde a estes filtros.';
$string['nopendingtasks'] = 'Nenhuma tarefa aguardando.';
$string['norequestsyet'] = 'Nenhuma requisição ainda: os gráficos aparecem após a primeira chamada.';
$string['norules'] = 'Nenhuma regra ainda.';
$string['noservices'] = 'Nenhum serviço ainda.';
$string['older'] = 'Mais antigos';
$string['oldestwaiting'] = 'Mais antigo';
$string['outbound'] = 'Saída';
$string['outboxempty'] = 'Nenhum evento aguardando entrega.';
$string['outboxwaiting'] = 'Aguardando entrega';
$string['outboxwaiting_desc'] = 'Os eventos que correspondem a uma regra aguardam aqui até que a tarefa de entrega os envie (a cada minuto, com o cron). Os eventos posteriores de uma regra aguardam atrás do mais antigo enquanto este aguarda sua próxima tentativa, para que o serviço os receba em ordem.';
$string['outcome'] = 'Resultado';
$string['payload'] = 'Payload';
$string['payloadtemplate'] = 'Modelo de payload';
$string['payloadtemplate_help'] = 'JSON com marcadores {{...}} do evento: {{eventname}}, {{userid}}, {{objectid}}, {{courseid}}, {{timecreated}}, {{ip}}, {{other.field}} e outros. Números vão sem aspas ("user_id": {{userid}}), texto vai entre aspas ("event": "{{eventname}}"); os valores são escapados para JSON.';
$string['pendingtasks'] = 'Tarefas pendentes';
$string['pluginname'] = 'Integration Hub';
$string['previewpayload'] = 'Pré-visualizar payload';
$string['privacy:metadata:externalservices'] = 'Os dados dos eventos são enviados aos serviços externos que os administradores registram, conforme definido pelos modelos das regras.';
$string['privacy:metadata:externalservices:eventdata'] = 'Os campos do evento usados pelo modelo: IDs de usuário, nomes, e-mails, IDs de curso, horários.';
$string['privacy:metadata:store'] = 'O Integration Hub mantém um registro de requisições, os eventos aguardando entrega e uma fila de mensagens não entregues em seu armazenamento no diretório de dados.';
$string['privacy:metadata:store:dlqpayload'] = 'O payload de um evento que não pôde ser entregue, que pode conter dados pessoais.';
$string['privacy:metadata:store:outbox'] = 'Eventos aguardando entrega, com os dados do evento que suas regras enviam, que podem conter dados pessoais; removidos após a entrega ou após serem movidos para a fila de mensagens não entregues.';
$string['privacy:metadata:store:requestlog'] = 'Serviço, endpoint, resultado e horário de cada chamada; sem payloads.';
$string['queueempty'] = 'A fila de mensagens não entregues está vazia.';
$string['rate_limit'] = 'Limite de taxa (por segundo)';
$string['rate_limit_help'] = 'No máximo esta quantidade de entregas do Event Bridge por segundo para este serviço, espaçadas uniformemente, para o site inteiro (apenas uma execução de entrega trabalha por vez). 0: sem limite. Chamadas diretas a mih::request() a partir do código não são limitadas.';
$string['replay'] = 'Reenviar';
$string['replaymatching'] = 'Reenviar todos os correspondentes ({$a})';
$string['replaymatchingqueued'] = 'Reenvio dos {$a} evento(s) correspondente(s) agendado para a próxima execução do cron.';
$string['replayqueued'] = 'Reenvio de {$a} evento(s) agendado para a próxima execução do cron.';
$string['replayselected'] = 'Reenviar selecionados';
$string['requests'] = 'Requisições';
$string['resetallcircuits'] = 'Redefinir todos os circuitos';
$string['resetcircuit'] = 'Redefinir circuito';
$string['resiliencesettings'] = 'Configurações de resiliência';
$string['response_queue'] = 'Fila de respostas';
$string['response_queue_help'] = 'Opcional, somente AMQP. Uma fila em que este serviço responde: a cada minuto até 50 das suas mensagens JSON viram eventos \local_integrationhub\event\webhook_received (origem amqp) que outros plugins podem observar, cada uma confirmada quando seu evento é disparado. Uma mensagem que não é JSON é confirmada e registrada como uma linha de entrada com falha.';
$string['retry_backoff'] = 'Espera inicial (s)';
$string['retry_backoff_help'] = 'Segundos antes da primeira nova tentativa; dobrados a cada tentativa seguinte, com variação aleatória (jitter). Recomendado: 1.';
$string['retryin'] = 'nova tentativa em {$a} s';
$string['ruledeleted'] = 'Regra excluída.';
$string['rulenotfound'] = 'Essa regra não existe.';
$string['rulesaved'] = 'Regra salva.';
$string['service'] = 'Serviço';
$string['servicedeleted'] = 'Serviço excluído.';
$string['servicenotfound'] = 'Esse serviço não existe.';
$string['servicesaved'] = 'Serviço salvo.';
$string['settings'] = 'Configurações';
$string['signingsecret'] = 'Segredo de assinatura';
$string['signingsecret_help'] = 'Opcional. Um segredo do Standard Webhooks (whsec_ seguido do base64 de 24 a 64 bytes aleatórios) compartilhado com o serviço. Com ele, os webhooks recebidos devem ter uma assinatura válida (webhook-id, webhook-timestamp dentro de 5 minutos, webhook-signature) e um webhook-id ainda não visto, e toda chamada REST ao serviço é assinada da mesma forma para que ele possa verificar que as chamadas vêm deste site. Guardado sem ser exibido: deixe vazio para manter o guardado.';
$string['signingsecretstored'] = 'Remover o segredo de assinatura guardado';
$string['state_closed'] = 'FECHADO';
$string['state_halfopen'] = 'SEMIABERTO';
$string['state_open'] = 'ABERTO';
$string['statusdistribution'] = 'Distribuição de status';
$string['store'] = 'Armazenamento';
$string['store_database'] = 'O servidor de banco de dados do site';
$string['store_dataroot'] = 'O diretório de dados (SQLite)';
$string['store_desc'] = 'Onde ficam os serviços, as regras, o registro de requisições e a fila de mensagens não entregues. Um site com um único servidor web os mantém em seu diretório de dados (SQLite). Um site com vários servidores web precisa compartilhá-los: escolha o servidor de banco de dados do site (PostgreSQL ou MariaDB/MySQL; tabelas nomeadas com o prefixo do site seguido de mih_). <a href="{$a}">Copie o armazenamento do dataroot para o banco de dados</a> antes de alternar.';
$string['store_inuse_database'] = 'O armazenamento em uso é o servidor de banco de dados do site.';
$string['store_inuse_dataroot'] = 'O armazenamento em uso é o arquivo SQLite no diretório de dados.';
$string['store_unsupported'] = 'O tipo de banco de dados deste site ({$a}) não pode abrigar o armazenamento: a extensão trabalha com PostgreSQL e MariaDB/MySQL. O armazenamento permanece no diretório de dados.';
$string['storecopied'] = 'Copiados {$a->services} serviço(s), {$a->rules} regra(s), {$a->outbox} evento(s) aguardando entrega e {$a->dlq} evento(s) da fila de mensagens não entregues.';
$string['storecopy'] = 'Armazenamento';
$string['storecopy_desc'] = 'Copia os serviços (com seus tokens), as regras e a fila de mensagens não entregues do armazenamento do dataroot para o banco de dados do site ({$a->type} em {$a->host}, banco de dados {$a->name}, tabelas {$a->tables}). O destino deve estar vazio. Os circuitos começam fechados; o registro de requisições não é copiado. Depois, altere a configuração Armazenamento para o servidor de banco de dados do site.';
$string['storecopybutton'] = 'Copiar para o banco de dados';
$string['success'] = 'Sucesso';
$string['tab_events'] = 'Eventos';
$string['tab_logs'] = 'Registros';
$string['tab_queue'] = 'Fila';
$string['tab_rules'] = 'Regras';
$string['tab_services'] = 'Serviços';
$string['task'] = 'Tarefa';
$string['task_consume_responses'] = 'Ler as filas de respostas AMQP';
$string['task_deliver_events'] = 'Entregar eventos do Event Bridge';
$string['time'] = 'Horário';
$string['timefrom'] = 'De';
$string['timeout'] = 'Tempo limite (s)';
$string['timeout_help'] = 'Segundos antes de uma tentativa ser cancelada. Recomendado: 5.';
$string['timeto'] = 'Até';
$string['tokenstored'] = 'Há um token armazenado ({$a}). Deixe o campo em branco para mantê-lo.';
$string['type'] = 'Tipo';
$string['unknownplaceholders'] = 'Marcadores sem valor: {$a}';
$string['waitingcount'] = 'Aguardando';
$string['webhook_received'] = 'Webhook recebido';
