/**
 * Data stores reached through their own CLIs or their HTTP APIs: etcd, Kafka (and Redpanda),
 * RabbitMQ, NATS, Consul, InfluxDB, ZooKeeper, Cassandra's nodetool, Couchbase, BigQuery's `bq
 * rm`, managed databases (Neon, Turso, MongoDB Atlas, PlanetScale, Algolia), memcached, and HTTP
 * DELETE / delete-by-query requests sent with curl, wget, HTTPie, xh or PowerShell to data APIs
 * (Elasticsearch/OpenSearch, CouchDB, Consul, etcd, InfluxDB, Solr, vector stores, cloud APIs).
 * SQL clients, Redis and MongoDB are in ./database.ts.
 *
 * A production-looking host, cluster or resource makes a finding critical. Written from each
 * tool's own reference.
 */
import type { Severity } from '../../severity';
import { deleteSeverity, NO_UNDO, SHARED_DELETE } from '../generic/weight';
import { readWord, thirdPerson } from '../generic/verbs';
import type { SimpleCommand, Span, Word } from '../../shell/model';
import { isLocalHost, isProd, withReach } from '../context';
import { readCommandFile } from '../files';
import { isQuiet, operandWords, operationsRule } from '../operations';
import { hasFlag, programsOf, type CommandRuleFinding, type Rule, type RuleContext, type RulePack } from '../rule';
import { optionValues, spanTo } from '../words';

// ---------------------------------------------------------------------------------------------
// etcd

const etcdctl: Rule = {
  id: 'datastore.etcd',
  description: 'etcdctl del (with --prefix or --from-key, every key under it), member remove, compaction, v2 rm -r: cluster state deleted.',
  severity: 'high',
  programs: ['etcdctl'],
  check(cmd, rc) {
    if (isQuiet(cmd)) return undefined;
    const pos = operandWords(cmd, ['--endpoints', '--cacert', '--cert', '--key', '--user', '--password', '--dial-timeout', '--command-timeout', '-w', '--write-out', '--discovery-srv', '--prev-kv-limit']);
    const [verb, key] = pos;
    if (!verb) return undefined;
    let f: CommandRuleFinding | undefined;
    const last = cmd.args[cmd.args.length - 1]!;
    if (verb.text === 'del' || verb.text === 'delete') {
      const prefix = hasFlag(cmd, '--prefix');
      const fromKey = hasFlag(cmd, '--from-key');
      const k = key?.text ?? '';
      const everything = (prefix && (k === '' || k === '/')) || (fromKey && (k === '' || k === '\u0000')) || k === '\u0000';
      const registry = prefix && /^\/registry\/?$/.test(k);
      const severity: Severity = everything || registry ? 'critical' : 'high';
      const what = everything ? 'every key in etcd' : registry ? 'every Kubernetes object the cluster stores (/registry)' : prefix ? `every key under ${k}` : fromKey ? `every key from ${k} on` : `the key ${k}${pos[2] ? ` through ${pos[2].text}` : ''}`;
      f = { severity, message: `Deletes ${what} (etcdctl del${prefix ? ' --prefix' : fromKey ? ' --from-key' : ''}).`, span: spanTo(cmd, last), suggestion: 'Take a snapshot first (etcdctl snapshot save), and list the keys (etcdctl get --prefix --keys-only).' };
    } else if (verb.text === 'rm' || verb.text === 'rmdir') {
      const rec = hasFlag(cmd, '-r', '--recursive') || verb.text === 'rmdir';
      f = { severity: 'high', message: `Deletes ${rec ? 'the directory' : 'the key'} ${key?.text ?? ''}${rec ? ' and everything under it' : ''} (etcdctl v2 ${verb.text}).`.replace(/ +/g, ' '), span: spanTo(cmd, last), suggestion: 'Take a backup first (etcdctl backup).' };
    } else if (verb.text === 'member' && key?.text === 'remove') {
      f = { severity: 'high', message: `Removes the member ${pos[2]?.text ?? ''} from the etcd cluster: with too few members left it loses quorum (etcdctl member remove).`.replace(/ +/g, ' '), span: spanTo(cmd, last), suggestion: 'Check the cluster health first (etcdctl endpoint health --cluster).' };
    } else if (verb.text === 'compaction' || verb.text === 'compact') {
      f = { severity: 'medium', message: `Discards every key revision before ${key?.text ?? 'the given revision'}: history and watches from before it are gone (etcdctl compaction).`, span: spanTo(cmd, last), suggestion: 'Leave compaction to the server (--auto-compaction-retention).' };
    } else if (verb.text === 'auth' && key?.text === 'disable') {
      f = { severity: 'high', message: 'Turns off authentication on the etcd cluster: anyone who reaches it can read and change every key (etcdctl auth disable).', span: spanTo(cmd, last), suggestion: 'Keep authentication on; grant roles instead.' };
    } else if ((verb.text === 'user' || verb.text === 'role') && key?.text === 'delete') {
      f = { severity: 'medium', message: `Deletes the etcd ${verb.text} ${pos[2]?.text ?? ''}: clients using it lose access (etcdctl ${verb.text} delete).`.replace(/ +/g, ' '), span: spanTo(cmd, last), suggestion: 'Check which clients use it first.' };
    } else if (verb.text === 'lease' && key?.text === 'revoke') {
      f = { severity: 'medium', message: `Revokes the lease ${pos[2]?.text ?? ''}: every key attached to it is deleted (etcdctl lease revoke).`.replace(/ +/g, ' '), span: spanTo(cmd, last), suggestion: 'List the keys on the lease first (etcdctl lease timetolive --keys).' };
    }
    if (!f) return undefined;
    const endpoints = optionValues(cmd, '--endpoints').map((w) => ({ name: hostOf(w.text), label: `etcd ${w.text}` }));
    const envEp = rc.env('ETCDCTL_ENDPOINTS');
    if (envEp) endpoints.push({ name: hostOf(envEp), label: `etcd ${envEp}` });
    return withReach(f, endpoints, cmd, rc);
  },
  examples: {
    match: [{ cmd: 'etcdctl del --prefix /registry', exactly: 'critical' }, { cmd: 'ETCDCTL_API=3 etcdctl --endpoints=https://10.0.0.10:2379 del /config/app/db_url', exactly: 'high' }, 'etcdctl member remove 8e9e05c52164694d', { cmd: 'etcdctl del "" --from-key', exactly: 'critical' }, { cmd: 'etcdctl del --prefix /config/app', exactly: 'high' }],
    nearMiss: ['etcdctl get --prefix /config/app --keys-only', 'etcdctl put /config/app/feature_beta true', 'etcdctl snapshot save /var/backups/etcd.db', 'etcdctl member list', 'etcdctl endpoint health'],
  },
};

/** The host of a URL or `host:port`. */
function hostOf(t: string): string {
  const m = /^(?:[a-z][a-z0-9+.-]*:\/\/)?(?:[^@/]*@)?(\[[^\]]+\]|[^:/?#,]+)/i.exec(t.split(',')[0] ?? t);
  return m?.[1] ?? t;
}

// ---------------------------------------------------------------------------------------------
// Kafka and Redpanda

/** The Kafka tool a program name is (`kafka-topics.sh`, `kafka-topics`, `/opt/kafka/bin/kafka-topics.sh`). */
function kafkaTool(program: string): string | undefined {
  const m = /^kafka-([a-z-]+?)(\.sh|\.bat)?$/.exec(program);
  return m?.[1];
}

function retentionMs(configs: readonly Word[]): number | undefined {
  for (const c of configs) {
    const m = /(?:^|,)retention\.(ms|bytes)=(\d+)/.exec(c.text);
    if (m) return m[1] === 'ms' ? Number(m[2]) : Number(m[2]) < 1 << 20 ? 0 : undefined;
  }
  return undefined;
}

const kafka: Rule = {
  id: 'datastore.kafka',
  description: 'kafka-topics --delete, kafka-delete-records, kafka-consumer-groups --delete / --reset-offsets --execute, kafka-configs setting a tiny retention, rpk topic/group delete.',
  severity: 'high',
  programs: ['kafka-topics', 'kafka-topics.sh', 'kafka-delete-records', 'kafka-delete-records.sh', 'kafka-consumer-groups', 'kafka-consumer-groups.sh', 'kafka-configs', 'kafka-configs.sh', 'kafka-acls', 'kafka-acls.sh', 'kafka-storage', 'kafka-storage.sh', 'rpk'],
  check(cmd, rc) {
    if (isQuiet(cmd) || hasFlag(cmd, '--describe', '--list', '--dry-run')) return undefined;
    const last = cmd.args[cmd.args.length - 1];
    if (!last) return undefined;
    const topic = optionValues(cmd, '--topic')[0]?.text;
    const group = optionValues(cmd, '--group')[0]?.text;
    let f: CommandRuleFinding | undefined;
    if (cmd.program === 'rpk') {
      const pos = operandWords(cmd, ['--brokers', '-X', '--config', '--profile', '--tls-cert', '--tls-key', '--tls-truststore', '--user', '--password', '--sasl-mechanism', '-f', '--format']);
      if (pos[0]?.text === 'topic' && /^(delete|rm)$/.test(pos[1]?.text ?? '')) f = { severity: 'high', message: `Deletes the topic${pos.length > 3 ? 's' : ''} ${pos.slice(2).map((w) => w.text).join(', ')} and every message in ${pos.length > 3 ? 'them' : 'it'}${hasFlag(cmd, '-r', '--regex') ? ' (names taken as patterns)' : ''} (rpk topic delete).`, span: spanTo(cmd, last), suggestion: 'List the topics first (rpk topic list).' };
      else if (pos[0]?.text === 'topic' && pos[1]?.text === 'trim-prefix') f = { severity: 'high', message: `Deletes the messages before the given offset in ${pos[2]?.text ?? 'the topic'} (rpk topic trim-prefix).`, span: spanTo(cmd, last), suggestion: 'Check the offsets first (rpk topic describe -p).' };
      else if (pos[0]?.text === 'group' && /^(delete|rm)$/.test(pos[1]?.text ?? '')) f = { severity: SHARED_DELETE, message: `Deletes the consumer group ${pos.slice(2).map((w) => w.text).join(', ')} and its committed offsets: its consumers start over from the reset policy (rpk group delete; ${NO_UNDO}).`, span: spanTo(cmd, last), suggestion: 'Describe the group first (rpk group describe).' };
      else if (pos[0]?.text === 'group' && pos[1]?.text === 'seek') f = { severity: 'high', message: `Moves the committed offsets of ${pos[2]?.text ?? 'the group'}: its consumers skip or re-read messages (rpk group seek).`, span: spanTo(cmd, last), suggestion: 'Stop the consumers and note the current offsets first (rpk group describe).' };
    } else {
      const tool = kafkaTool(cmd.program);
      if (tool === 'topics' && hasFlag(cmd, '--delete')) {
        const every = topic !== undefined && /^(\.\*|\*)$/.test(topic);
        f = { severity: every ? 'critical' : 'high', message: `Deletes ${every ? 'every topic' : `the topic ${topic ?? '(named by --topic)'}`} and every message in it (kafka-topics --delete).`, span: spanTo(cmd, last), suggestion: 'Check the topic name and its consumers first (kafka-topics --describe).' };
      } else if (tool === 'delete-records') {
        f = { severity: 'high', message: `Deletes every message before the offsets listed in ${optionValues(cmd, '--offset-json-file')[0]?.text ?? 'the offset file'} (kafka-delete-records).`, span: spanTo(cmd, last), suggestion: 'Check the offsets first (kafka-get-offsets).' };
      } else if (tool === 'consumer-groups' && hasFlag(cmd, '--delete-offsets')) {
        f = { severity: SHARED_DELETE, message: `Deletes the committed offsets of the group ${group ?? '(named by --group)'}${topic ? ` on ${topic}` : ''}: its consumers start over from the reset policy (kafka-consumer-groups --delete-offsets; ${NO_UNDO}).`, span: spanTo(cmd, last), suggestion: 'Describe the group first and note its offsets (kafka-consumer-groups --describe).' };
      } else if (tool === 'consumer-groups' && hasFlag(cmd, '--delete')) {
        f = { severity: SHARED_DELETE, message: `Deletes the consumer group ${group ?? '(named by --group)'} and its committed offsets: its consumers start over from the reset policy (kafka-consumer-groups --delete; ${NO_UNDO}).`, span: spanTo(cmd, last), suggestion: 'Describe the group first (kafka-consumer-groups --describe).' };
      } else if (tool === 'consumer-groups' && hasFlag(cmd, '--reset-offsets') && hasFlag(cmd, '--execute')) {
        f = { severity: 'high', message: `Moves the committed offsets of ${hasFlag(cmd, '--all-groups') ? 'every consumer group' : `the group ${group ?? ''}`}: its consumers skip or re-read messages (kafka-consumer-groups --reset-offsets --execute).`.replace(/ +/g, ' '), span: spanTo(cmd, last), suggestion: 'Run it without --execute first to see the new offsets.' };
      } else if (tool === 'configs' && hasFlag(cmd, '--alter')) {
        const ms = retentionMs(optionValues(cmd, '--add-config'));
        if (ms !== undefined && ms < 3_600_000) f = { severity: 'high', message: `Sets the retention of ${optionValues(cmd, '--entity-name')[0]?.text ?? 'the topic'} so low that Kafka deletes nearly every message in it (kafka-configs --alter).`, span: spanTo(cmd, last), suggestion: 'Delete the messages you mean with kafka-delete-records, or keep a sane retention.' };
      } else if (tool === 'acls' && hasFlag(cmd, '--remove')) {
        f = { severity: 'medium', message: 'Removes ACLs: clients that relied on them lose access (kafka-acls --remove).', span: spanTo(cmd, last), suggestion: 'List the ACLs first (kafka-acls --list).' };
      } else if (tool === 'storage' && cmd.args.some((a) => a.text === 'format') && hasFlag(cmd, '--ignore-formatted')) {
        f = { severity: 'medium', message: 'Formats the KRaft log directories (kafka-storage format).', span: spanTo(cmd, last), suggestion: 'Only format new, empty directories.' };
      }
    }
    if (!f) return undefined;
    const servers = optionValues(cmd, '--bootstrap-server', '--brokers', '--zookeeper').map((w) => ({ name: hostOf(w.text), label: `Kafka ${w.text}` }));
    return withReach(f, servers, cmd, rc, topic ? [{ ...last, text: topic }] : []);
  },
  examples: {
    match: ['kafka-topics.sh --bootstrap-server kafka:9092 --delete --topic orders', 'kafka-delete-records.sh --bootstrap-server kafka:9092 --offset-json-file purge.json', 'kafka-configs.sh --bootstrap-server kafka:9092 --alter --entity-type topics --entity-name orders --add-config retention.ms=1000', 'kafka-consumer-groups --bootstrap-server kafka:9092 --group billing --reset-offsets --to-latest --topic orders --execute', 'rpk topic delete orders', { cmd: 'kafka-topics --bootstrap-server kafka-prod-1:9092 --delete --topic orders', exactly: 'critical' }],
    nearMiss: ['kafka-topics.sh --bootstrap-server kafka:9092 --list', 'kafka-topics.sh --bootstrap-server kafka:9092 --create --topic audit --partitions 6', 'kafka-configs.sh --bootstrap-server kafka:9092 --describe --entity-type topics --entity-name orders', 'kafka-consumer-groups --bootstrap-server kafka:9092 --group billing --reset-offsets --to-latest --topic orders --dry-run', 'rpk topic list'],
  },
};

// ---------------------------------------------------------------------------------------------
// RabbitMQ

const rabbitmqctl = operationsRule({
  id: 'datastore.rabbitmqctl',
  description: 'rabbitmqctl delete_queue, purge_queue, delete_vhost, reset / force_reset, delete_user, forget_cluster_node, stop.',
  programs: ['rabbitmqctl', 'rabbitmqctl.bat', 'rabbitmq-queues', 'rabbitmq-streams'],
  valued: ['-n', '--node', '-p', '--vhost', '-t', '--timeout', '--longnames'],
  scope: ['-n', '--node', '-p', '--vhost'],
  scopeLabel: 'RabbitMQ',
  suggestion: 'Check the node and vhost first (rabbitmqctl list_queues -p VHOST), and export definitions (rabbitmqctl export_definitions).',
  ops: [
    { path: 'delete_queue', severity: 'high', what: 'deletes the queue {0} and every message in it' },
    { path: 'purge_queue', severity: 'high', what: 'deletes every message in the queue {0}' },
    { path: 'delete_vhost', severity: 'high', what: 'deletes the virtual host {0} with every queue, exchange and message in it' },
    { path: 'reset|force_reset', severity: 'high', what: (m) => `returns the node to a blank state${m.path[0]!.text === 'force_reset' ? ' whatever the cluster says' : ''}: every virtual host, user, queue and message on it is deleted` },
    { path: 'delete_user', severity: 'high', what: 'deletes the user {0}: clients logging in as it are refused' },
    { path: 'forget_cluster_node', severity: 'high', what: 'removes {0} from the cluster for good' },
    { path: 'clear_permissions', severity: 'medium', what: 'removes the permissions of {0}{ in -p|--vhost}' },
    { path: 'close_all_connections', severity: 'medium', what: 'closes every client connection' },
    { path: 'stop|stop_app|shutdown', severity: 'medium', what: 'stops the broker: clients are disconnected until it starts again' },
    { path: 'delete_shovel|clear_policy|clear_operator_policy|clear_parameter', severity: 'medium', what: 'removes {0}' },
    { path: 'delete_member|shrink', severity: 'medium', what: 'removes queue replicas from {0}' },
  ],
  examples: {
    match: ['rabbitmqctl delete_queue orders', { cmd: 'rabbitmqctl delete_vhost /prod', exactly: 'critical' }, 'rabbitmqctl reset', 'rabbitmqctl delete_user deploy', 'rabbitmqctl purge_queue -p /billing invoices'],
    nearMiss: ['rabbitmqctl list_queues name messages consumers', 'rabbitmqctl add_vhost /staging', 'rabbitmqctl status', 'rabbitmqctl cluster_status'],
  },
});

const rabbitmqadmin: Rule = {
  id: 'datastore.rabbitmqadmin',
  description: 'rabbitmqadmin delete / purge of queues, exchanges, vhosts and users (both the classic and the v2 syntax).',
  severity: 'high',
  programs: ['rabbitmqadmin'],
  check(cmd, rc) {
    if (isQuiet(cmd)) return undefined;
    const pos = operandWords(cmd, ['-H', '--host', '-P', '--port', '-V', '--vhost', '-u', '--username', '-p', '--password', '-c', '--config', '-N', '--node', '-f', '--format', '--name', '--base-uri']);
    const words = pos.map((w) => w.text);
    let verb: string | undefined;
    let noun: string | undefined;
    if (/^(delete|purge)$/.test(words[0] ?? '')) [verb, noun] = [words[0], words[1]];
    else if (/^(delete|purge)$/.test(words[1] ?? '')) [noun, verb] = [words[0]?.replace(/s$/, ''), words[1]];
    if (!verb || !noun) return undefined;
    const name = words.find((w) => w.startsWith('name='))?.slice(5) ?? optionValues(cmd, '--name')[0]?.text ?? '';
    const what = verb === 'purge' ? `deletes every message in the ${noun} ${name}` : noun === 'vhost' ? `deletes the virtual host ${name} with every queue, exchange and message in it` : noun === 'queue' ? `deletes the queue ${name} and every message in it` : `deletes the ${noun} ${name}`;
    const f: CommandRuleFinding = { severity: noun === 'binding' || noun === 'permission' ? 'medium' : 'high', message: `${what[0]!.toUpperCase()}${what.slice(1)} (rabbitmqadmin ${pos.slice(0, 2).map((w) => w.text).join(' ')}).`.replace(/ +/g, ' ').replace(' (', ' ('), span: spanTo(cmd, cmd.args[cmd.args.length - 1]!), suggestion: 'Export definitions first (rabbitmqadmin export).' };
    const host = optionValues(cmd, '-H', '--host')[0]?.text;
    return withReach(f, host ? [{ name: host, label: `RabbitMQ ${host}` }] : [], cmd, rc, name ? [{ ...pos[0]!, text: name }] : []);
  },
  examples: { match: ['rabbitmqadmin delete queue name=orders', 'rabbitmqadmin purge queue name=orders', 'rabbitmqadmin queues delete --name orders', 'rabbitmqadmin -V / delete exchange name=events'], nearMiss: ['rabbitmqadmin list queues', 'rabbitmqadmin declare queue name=orders', 'rabbitmqadmin show overview'] },
};

// ---------------------------------------------------------------------------------------------
// NATS, Consul, InfluxDB, ZooKeeper, Cassandra, Couchbase

const nats = operationsRule({
  id: 'datastore.nats',
  description: 'nats stream/consumer/kv/object rm and purge: JetStream streams, buckets, consumers and their messages deleted.',
  programs: ['nats'],
  valued: ['-s', '--server', '--creds', '--context', '--user', '--password', '--nkey', '--tlscert', '--tlskey', '--tlsca', '--timeout', '--js-domain', '--js-api-prefix', '--seq', '--subject', '--keep'],
  scope: ['-s', '--server', '--context'],
  scopeLabel: 'NATS',
  suggestion: 'Back up the stream first (nats stream backup), and check the context (nats context info).',
  ops: [
    { path: 'stream|str rm|del|delete', severity: 'high', what: 'deletes the stream {0} and every message in it' },
    { path: 'stream|str purge', severity: 'high', what: 'deletes every message in the stream {0}{ on subject --subject}' },
    { path: 'stream|str rmm', severity: SHARED_DELETE, what: `deletes message {1?--seq} from the stream {0}; there is ${NO_UNDO}` },
    { path: 'consumer|con rm|del|delete', severity: 'high', what: 'deletes the consumer {1} of the stream {0} and its delivery state' },
    { path: 'kv rm|del|delete', severity: 'high', what: (m) => (m.operands[1] ? `deletes the key ${m.operands[1].text} from the bucket ${m.operands[0]!.text}` : `deletes the key-value bucket ${m.operands[0]?.text ?? ''} and every key in it`.trim()) },
    { path: 'kv purge', severity: 'high', what: 'deletes the key {1} and its whole history from the bucket {0}' },
    { path: 'object|obj rm|del|delete', severity: 'high', what: (m) => (m.operands[1] ? `deletes the object ${m.operands[1].text} from the store ${m.operands[0]!.text}` : `deletes the object store ${m.operands[0]?.text ?? ''} and everything in it`.trim()) },
    { path: 'account|acct|server raft peer-remove', severity: 'high', what: 'removes the peer {0} from the cluster' },
  ],
  examples: {
    match: ['nats stream rm ORDERS -f', 'nats kv rm CONFIG -f', 'nats consumer rm ORDERS billing -f', 'nats object rm ASSETS logo.png -f', 'nats stream purge ORDERS -f', { cmd: 'nats --context prod stream rm ORDERS -f', exactly: 'critical' }],
    nearMiss: ['nats stream ls', 'nats kv get CONFIG feature_beta', "nats pub orders.created '{\"id\": 1}'", 'nats stream info ORDERS', 'nats kv put CONFIG a 1'],
  },
});

const consul = operationsRule({
  id: 'datastore.consul',
  description: 'consul kv delete (-recurse), snapshot restore, acl token/policy delete, operator raft remove-peer.',
  programs: ['consul'],
  valued: ['-http-addr', '-token', '-token-file', '-datacenter', '-namespace', '-partition', '-ca-file', '-client-cert', '-client-key', '-tls-server-name', '-cas', '-modify-index', '-id', '-name', '-address'],
  scope: ['-http-addr', '-datacenter'],
  scopeEnv: ['CONSUL_HTTP_ADDR'],
  scopeLabel: 'Consul',
  suggestion: 'Export the keys first (consul kv export PREFIX > backup.json), or take a snapshot (consul snapshot save).',
  ops: [
    {
      path: 'kv delete',
      severity: 'high',
      what: (m) => (hasFlag(m.cmd, '-recurse', '--recurse') ? (m.operands[0] && m.operands[0].text !== '/' ? `deletes every key under ${m.operands[0].text}` : 'deletes every key in the store') : `deletes the key ${m.operands[0]?.text ?? ''}`.trim()),
      severityOf: (m) => (hasFlag(m.cmd, '-recurse', '--recurse') && (!m.operands[0] || m.operands[0].text === '/' || m.operands[0].text === '') ? 'critical' : 'high'),
    },
    { path: 'snapshot restore', severity: 'high', what: 'replaces the whole Consul state (keys, catalog, ACLs) with the snapshot {0}' },
    // A token is a credential: its secret is gone with it. A policy, role or auth method is configuration.
    { path: 'acl token delete', severity: SHARED_DELETE, what: `deletes the ACL token {0?it names}: whatever uses it loses access; there is ${NO_UNDO}` },
    { path: 'acl policy|role|auth-method delete', severity: 'medium', what: (m) => `deletes the ACL ${m.path[1]!.text}: whatever relies on it loses access` },
    { path: 'operator raft remove-peer', severity: 'high', what: 'removes a server from the Raft cluster: with too few left it loses quorum' },
    { path: 'services deregister', severity: 'medium', what: 'removes the service {0?it names} from the catalog' },
    { path: 'force-leave', severity: 'medium', what: 'forces {0} out of the cluster' },
  ],
  examples: {
    match: ['consul kv delete -recurse app/', 'consul kv delete app/config/db_url', { cmd: 'consul kv delete -recurse', exactly: 'critical' }, 'consul snapshot restore backup.snap'],
    nearMiss: ['consul kv get -recurse app/', 'consul kv put app/flag 1', 'consul members', 'consul snapshot save backup.snap'],
  },
});

const influx = operationsRule({
  id: 'datastore.influx',
  description: 'influx delete (points in a time range), bucket/org/auth delete, restore --full.',
  programs: ['influx'],
  valued: ['--host', '-t', '--token', '-o', '--org', '--org-id', '-b', '--bucket', '--bucket-id', '-n', '--name', '-i', '--id', '--start', '--stop', '-p', '--predicate', '-c', '--active-config', '--configs-path'],
  scope: ['--host', '-c', '--active-config', '-o', '--org'],
  scopeEnv: ['INFLUX_HOST'],
  scopeLabel: 'InfluxDB',
  suggestion: 'Back up the bucket first (influx backup), and check the host and org.',
  ops: [
    { path: 'delete', severity: 'high', what: (m) => `deletes every point${optionValues(m.cmd, '-p', '--predicate')[0] ? ` matching ${optionValues(m.cmd, '-p', '--predicate')[0]!.text}` : ''} in ${optionValues(m.cmd, '-b', '--bucket')[0]?.text ?? 'the bucket'} between ${optionValues(m.cmd, '--start')[0]?.text ?? 'the start'} and ${optionValues(m.cmd, '--stop')[0]?.text ?? 'the stop time'}` },
    { path: 'bucket delete', severity: 'high', what: (m) => `deletes the bucket ${optionValues(m.cmd, '-n', '--name', '-i', '--id')[0]?.text ?? ''} and all its data`.replace(/ +/g, ' ') },
    { path: 'org delete', severity: 'critical', what: 'deletes the organization with every bucket in it' },
    { path: 'auth delete', severity: SHARED_DELETE, what: `deletes an API token: whatever uses it loses access; there is ${NO_UNDO}` },
    { path: 'restore', severity: 'high', when: ['--full'], what: 'replaces every bucket, token and setting with the backup {0}' },
    { path: 'v1 dbrp delete', severity: 'medium', what: 'deletes a database/retention-policy mapping: InfluxQL queries through it stop working' },
  ],
  examples: {
    match: ['influx bucket delete --name metrics --org acme', "influx delete --bucket metrics --start 1970-01-01T00:00:00Z --stop 2030-01-01T00:00:00Z --predicate '_measurement=\"cpu\"'", 'influx restore /backups/2024-06 --full'],
    nearMiss: ['influx bucket list --org acme', "influx query 'from(bucket:\"metrics\") |> range(start: -1h)'", 'influx backup /backups/today'],
  },
});

const zookeeper: Rule = {
  id: 'datastore.zookeeper',
  description: 'zookeeper-shell / zkCli deleteall and rmr (a znode and everything under it), delete.',
  severity: 'high',
  programs: ['zookeeper-shell', 'zookeeper-shell.sh', 'zkCli.sh', 'zkCli', 'zkcli', 'zkcli.sh'],
  check(cmd, rc) {
    const words = operandWords(cmd, ['-server', '-timeout', '-zk-tls-config-file', '-client-configuration']);
    const lines: { words: string[] }[] = [{ words: words.map((w) => w.text) }];
    if (cmd.stdin) for (const l of cmd.stdin.text.split('\n')) lines.push({ words: l.trim().split(/\s+/).filter(Boolean) });
    for (const l of lines) {
      const i = l.words.findIndex((w) => /^(deleteall|rmr|delete)$/.test(w));
      if (i < 0) continue;
      const verb = l.words[i]!;
      const znode = l.words[i + 1] ?? '';
      const all = verb !== 'delete';
      const root = znode === '/';
      const f: CommandRuleFinding = {
        severity: root ? 'critical' : all ? 'high' : 'medium',
        message: `Deletes the znode ${znode}${all ? ' and everything under it' : ''} (zookeeper ${verb}).`,
        span: cmd.stdin && i >= 0 && l !== lines[0] ? cmd.stdin.span : spanTo(cmd, cmd.args[cmd.args.length - 1]!),
        suggestion: 'List it first (ls -R), and back the data up before deleting.',
      };
      const server = optionValues(cmd, '-server')[0]?.text ?? (lines[0]!.words[0] && !/^(deleteall|rmr|delete)$/.test(lines[0]!.words[0]) ? lines[0]!.words[0] : undefined);
      return withReach(f, server ? [{ name: hostOf(server), label: `ZooKeeper ${server}` }] : [], cmd, rc);
    }
    return undefined;
  },
  examples: { match: ['zookeeper-shell.sh zk:2181 deleteall /brokers/topics/orders', 'zkCli.sh -server zk1:2181 rmr /app', { cmd: 'zookeeper-shell zk:2181 <<EOF\ndeleteall /\nEOF', exactly: 'critical' }], nearMiss: ['zookeeper-shell.sh zk:2181 ls /brokers/ids', 'zkCli.sh -server zk1:2181 get /app/config'] },
};

const nodetool = operationsRule({
  id: 'datastore.nodetool',
  description: 'Cassandra nodetool decommission, removenode, assassinate, clearsnapshot, truncatehints, stopdaemon.',
  programs: ['nodetool'],
  valued: ['-h', '--host', '-p', '--port', '-u', '--username', '-pw', '--password', '-pwf', '--password-file', '-t', '--tag'],
  scope: ['-h', '--host'],
  scopeLabel: 'Cassandra host',
  suggestion: 'Check the ring first (nodetool status), and take a snapshot (nodetool snapshot).',
  ops: [
    { path: 'decommission', severity: 'medium', what: 'streams the node\'s data away and removes it from the ring' },
    { path: 'removenode', severity: 'high', what: 'removes the node {0} from the ring: data only it held is lost when replicas are missing' },
    { path: 'assassinate', severity: 'high', what: 'forcibly removes the node {0} from the ring without streaming its data' },
    { path: 'clearsnapshot', severity: SHARED_DELETE, what: `deletes snapshots{ --tag} (backups made with nodetool snapshot; ${NO_UNDO})`, raise: [{ flags: ['--all'], severity: deleteSeverity({ target: 'shared', reach: 'all' }), why: 'every one of them' }] },
    { path: 'stopdaemon', severity: 'medium', what: 'stops the Cassandra node' },
  ],
  examples: { match: [{ cmd: 'nodetool decommission', exactly: 'medium' }, 'nodetool removenode 192d4c5b-fd00-4bd8-a4df-1d2d4a9c4dd1', 'nodetool assassinate 10.0.0.7'], nearMiss: ['nodetool status', 'nodetool snapshot -t before-upgrade', 'nodetool repair'] },
});

const couchbase = operationsRule({
  id: 'datastore.couchbase',
  description: 'couchbase-cli bucket-delete and bucket-flush: a bucket and its documents deleted.',
  programs: ['couchbase-cli'],
  valued: ['-c', '--cluster', '-u', '--username', '-p', '--password', '--bucket'],
  scope: ['-c', '--cluster', '--bucket'],
  scopeLabel: 'Couchbase',
  suggestion: 'Back the bucket up first (cbbackupmgr backup).',
  ops: [
    { path: 'bucket-delete', severity: 'high', what: 'deletes the bucket {--bucket} with its documents and indexes' },
    { path: 'bucket-flush', severity: 'high', what: 'deletes every document in the bucket {--bucket}' },
  ],
  examples: { match: ['couchbase-cli bucket-delete -c localhost -u admin -p pw --bucket orders', 'couchbase-cli bucket-flush -c cb1 -u admin -p pw --bucket orders --force'], nearMiss: ['couchbase-cli bucket-list -c localhost -u admin -p pw', 'couchbase-cli server-list -c localhost -u admin -p pw'] },
});

// ---------------------------------------------------------------------------------------------
// Managed databases and search: bq rm, Neon, Turso, Atlas, PlanetScale, Algolia

/** The managed services' own ways of skipping their confirmation. */
const SKIPS = ['--yes', '-y', '--force', '-f'];

const managedData = operationsRule({
  id: 'datastore.managed',
  description: 'Managed data services: bq rm, neonctl projects/branches/databases delete, turso db/group destroy, atlas clusters/projects delete, pscale database/branch delete, algolia indices delete/clear.',
  programs: ['bq', 'neonctl', 'neon', 'turso', 'atlas', 'pscale', 'algolia'],
  valued: ['--project_id', '--project-id', '--projectId', '--org', '--org-id', '--orgId', '--location', '--profile', '--api-key', '--application-id', '--format', '-o', '--output'],
  scope: ['--project_id', '--project-id', '--projectId', '--org', '--profile'],
  scopeLabel: 'project',
  suggestion: 'Back the data up or branch it first, and check the project or account.',
  ops: [
    { path: 'rm', severity: 'high', what: (m) => (m.cmd.program !== 'bq' ? undefined : hasFlag(m.cmd, '-d', '--dataset') ? `deletes the dataset ${m.operands[0]?.text ?? ''}${hasFlag(m.cmd, '-r', '--recursive') ? ' and every table in it' : ''}` : `deletes the ${hasFlag(m.cmd, '-m', '--model') ? 'model' : 'table'} ${m.operands[0]?.text ?? ''}`) },
    { path: 'projects|project delete', severity: 'critical', what: 'deletes the project {0} with every branch, database and cluster in it' },
    { path: 'branches|branch|databases|database|db|roles|role delete|rm|destroy', severity: 'high', what: (m) => `deletes the ${m.path[0]!.text.replace(/(es|s)$/, '').replace(/^db$/, 'database')} ${m.operands[0]?.text ?? ''} and its data`.replace(/ +/g, ' '), raise: [{ flags: SKIPS, severity: 'critical', why: 'without asking' }] },
    { path: 'group|groups destroy|delete', severity: 'high', what: 'deletes the database group {0} with every database in it' },
    { path: 'org|orgs destroy|delete', severity: 'critical', what: 'deletes the organization {0} with everything in it' },
    { path: 'clusters|cluster delete', severity: 'high', what: 'deletes the cluster {0} and all its data', raise: [{ flags: SKIPS, severity: 'critical', why: 'without asking' }] },
    { path: 'dbusers delete', severity: SHARED_DELETE, what: `deletes the database user {0}: connections as it fail; there is ${NO_UNDO}` },
    { path: 'password delete', severity: SHARED_DELETE, what: `deletes the password {2?it names}: connections using it fail; there is ${NO_UNDO}` },
    { path: 'indices|index delete', severity: 'high', what: 'deletes the index {0} and every record in it' },
    { path: 'indices|index clear', severity: 'high', what: 'deletes every record in the index {0}' },
    { path: 'objects delete', severity: SHARED_DELETE, what: `deletes records from the index {0}; there is ${NO_UNDO}` },
  ],
  examples: {
    match: [{ cmd: 'bq rm -r -f -d acme-prod:analytics', exactly: 'critical' }, 'bq rm -f -t analytics.events', 'neonctl projects delete sparkling-river-123456', 'turso db destroy shop --yes', 'atlas clusters delete Cluster0 --projectId 5e2211c17a3e5a48f5497de3 --force', 'pscale database delete shop --force', 'algolia indices delete products --confirm'],
    nearMiss: ['bq ls acme-prod:analytics', 'bq show --schema acme-prod:analytics.events', 'neonctl branches list --project-id sparkling-river-123456', 'turso db list', 'atlas clusters list --projectId 5e22', 'algolia indices list'],
  },
});

const moreStores = operationsRule({
  id: 'datastore.more-stores',
  description: 'Pulsar topics/namespaces/tenants delete, Bigtable cbt delete*, Solr delete -c, mongorestore --drop.',
  programs: ['pulsar-admin', 'cbt', 'solr'],
  valued: ['--admin-url', '--auth-plugin', '--auth-params', '-project', '-instance', '-creds', '-c', '-p', '--port', '-z', '--zkHost', '--uri', '--host', '-d', '--db', '--nsInclude', '--nsExclude', '--archive', '--dir', '-u', '--username'],
  scope: ['--admin-url', '-project', '-instance', '--uri', '--host'],
  scopeLabel: 'cluster',
  suggestion: 'Back the data up first, and check the cluster you point at.',
  ops: [
    { path: 'topics|topic delete|delete-partitioned-topic', severity: 'high', what: 'deletes the topic {0} and its messages' },
    { path: 'namespaces|namespace delete', severity: 'high', what: 'deletes the namespace {0} with its topics' },
    { path: 'tenants|tenant delete', severity: 'critical', what: 'deletes the tenant {0}' },
    { path: 'deletetable', severity: 'high', what: 'deletes the Bigtable table {0} and all its rows' },
    { path: 'deleteinstance', severity: 'critical', what: 'deletes the Bigtable instance {0} with every table in it' },
    { path: 'deletecluster|deletefamily', severity: 'high', what: (m) => `deletes the ${m.path[0]!.text === 'deletecluster' ? 'cluster' : 'column family'} ${m.operands.map((w) => w.text).join(' ')}` },
    { path: 'deleteallrows', severity: 'high', what: 'deletes every row of the table {0}' },
    { path: 'delete', severity: 'high', what: (m) => (m.cmd.program === 'solr' ? `deletes the Solr ${optionValues(m.cmd, '-c')[0]?.text ? `core or collection ${optionValues(m.cmd, '-c')[0]!.text}` : 'core'} and its index` : undefined) },
  ],
  examples: { match: ['pulsar-admin topics delete persistent://acme/orders/events', 'cbt -instance prod-bt deletetable events', 'solr delete -c products', 'pulsar-admin namespaces delete acme/orders'], nearMiss: ['pulsar-admin topics list acme/orders', 'cbt ls', 'solr status', 'mongorestore --dir dump/'] },
});

const mongorestoreDrop: Rule = {
  id: 'datastore.mongorestore-drop',
  description: 'mongorestore --drop drops each collection before restoring it from the dump.',
  severity: 'high',
  programs: ['mongorestore'],
  check(cmd, rc) {
    if (!hasFlag(cmd, '--drop') || hasFlag(cmd, '--dryRun', '--help')) return undefined;
    const uri = optionValues(cmd, '--uri', '--host', '-h')[0]?.text ?? cmd.args.find((a) => /^mongodb(\+srv)?:\/\//.test(a.text))?.text;
    const f: CommandRuleFinding = { severity: 'high', message: `Drops every collection it restores${uri ? ` on ${uri}` : ''} before loading the dump: documents added since the dump are lost (mongorestore --drop).`, span: spanTo(cmd, cmd.args[cmd.args.length - 1]!), suggestion: 'Dump the current data first (mongodump), or restore into a new database (--nsFrom/--nsTo).' };
    return withReach(f, uri ? [{ name: hostOf(uri), label: `MongoDB ${uri}` }] : [], cmd, rc);
  },
  examples: { match: ['mongorestore --drop --uri mongodb://localhost:27017 dump/', { cmd: 'mongorestore --drop --uri mongodb+srv://prod-cluster.acme.mongodb.net dump/', exactly: 'critical' }], nearMiss: ['mongorestore --uri mongodb://localhost:27017 dump/', 'mongorestore --drop --dryRun dump/'] },
};

const cypherShell: Rule = {
  id: 'datastore.cypher',
  description: 'cypher-shell queries (argument, -f file, stdin) that delete every node (MATCH (n) DETACH DELETE n) or drop a database.',
  severity: 'high',
  programs: ['cypher-shell'],
  check(cmd, rc) {
    const texts: { text: string; span: Span }[] = operandWords(cmd, ['-a', '--address', '-u', '--username', '-p', '--password', '-d', '--database', '--format', '-P', '--param', '-f', '--file', '--encryption']).map((w) => ({ text: w.text, span: w.span }));
    for (const w of optionValues(cmd, '-f', '--file')) {
      const r = readCommandFile(rc, w.text);
      if ('text' in r) texts.push({ text: r.text, span: w.span });
    }
    if (cmd.stdin) texts.push({ text: cmd.stdin.text, span: cmd.stdin.span });
    for (const t of texts) {
      const q = t.text.replace(/\/\/[^\n]*/g, ' ');
      const drop = /\bDROP\s+(?:COMPOSITE\s+)?DATABASE\s+([\w.`-]+)/i.exec(q);
      const all = /\bMATCH\s*\(\s*(\w+)\s*(?::\s*\w+)?\s*\)\s*(?:(?!\bWHERE\b)[^;])*?\b(DETACH\s+)?DELETE\s+\1\b/i.exec(q);
      if (!drop && !(all && !/\bWHERE\b|\{/.test(all[0]))) continue;
      const address = optionValues(cmd, '-a', '--address')[0]?.text ?? rc.env('NEO4J_URI');
      const label = all ? /\(\s*\w+\s*:\s*(\w+)/.exec(all[0])?.[1] : undefined;
      const f: CommandRuleFinding = drop
        ? { severity: 'high', message: `Drops the Neo4j database ${drop[1]} and all its data (cypher-shell).`, span: t.span, suggestion: 'Dump it first (neo4j-admin database dump).' }
        : { severity: 'high', message: `Deletes every ${label ? `${label} node` : 'node'}${all![2] ? ' and its relationships' : ''} in the graph (MATCH … DELETE without a filter, cypher-shell).`, span: t.span, suggestion: 'Add a WHERE clause, and count what it matches first.' };
      return withReach(f, address ? [{ name: hostOf(address), label: `Neo4j ${address}` }] : [], cmd, rc);
    }
    return undefined;
  },
  examples: { match: ['cypher-shell -u neo4j -p pw "MATCH (n) DETACH DELETE n"', "echo 'MATCH (u:User) DETACH DELETE u;' | cypher-shell", 'cypher-shell "DROP DATABASE sales"'], nearMiss: ['cypher-shell "MATCH (n) RETURN count(n)"', 'cypher-shell "MATCH (u:User) WHERE u.test = true DETACH DELETE u"', "cypher-shell \"MATCH (u:User {id: 'x'}) DELETE u\""] },
};

// ---------------------------------------------------------------------------------------------
// memcached through nc

const memcachedFlush: Rule = {
  id: 'datastore.memcached-flush',
  description: 'flush_all sent to memcached (echo flush_all | nc host 11211): every cached item is dropped.',
  severity: 'medium',
  programs: ['nc', 'ncat', 'netcat', 'socat', 'telnet'],
  check(cmd, rc) {
    if (!cmd.stdin || !/^\s*flush_all\b/m.test(cmd.stdin.text)) return undefined;
    const host = operandWords(cmd, ['-w', '-q', '-i', '-p', '-s'])[0]?.text;
    const f: CommandRuleFinding = { severity: 'medium', message: `Drops every item cached in memcached${host ? ` at ${host}` : ''} (flush_all): the backends take the full load until it refills.`, span: spanTo(cmd, cmd.args[cmd.args.length - 1] ?? cmd.name!), suggestion: 'Delete the keys you mean instead.' };
    return withReach(f, host ? [{ name: host, label: `memcached ${host}` }] : [], cmd, rc);
  },
  examples: { match: ['echo flush_all | nc cache.internal 11211', "printf 'flush_all\\r\\n' | nc -q1 localhost 11211"], nearMiss: ['echo stats | nc cache.internal 11211', 'nc -zv localhost 11211'] },
};

// ---------------------------------------------------------------------------------------------
// HTTP APIs: DELETE requests and delete-by-query through curl, wget, HTTPie, xh, PowerShell

const CURL_VALUED = [
  '-d', '--data', '--data-binary', '--data-raw', '--data-ascii', '--data-urlencode', '--json', '-H', '--header', '-u', '--user', '-o', '--output',
  '-A', '--user-agent', '-e', '--referer', '-b', '--cookie', '-c', '--cookie-jar', '-F', '--form', '--form-string', '-T', '--upload-file', '-w',
  '--write-out', '-x', '--proxy', '--connect-timeout', '-m', '--max-time', '--cacert', '--capath', '--cert', '-E', '--key', '-K', '--config',
  '-r', '--range', '--retry', '--retry-delay', '--retry-max-time', '--resolve', '--connect-to', '-Y', '--speed-limit', '-y', '--speed-time',
  '-z', '--time-cond', '--limit-rate', '--oauth2-bearer', '--aws-sigv4', '--url-query', '-D', '--dump-header', '--url', '-X', '--request',
  '--interface', '--dns-servers', '--max-filesize', '--unix-socket', '--abstract-unix-socket', '--proto', '--proto-redir', '--ciphers',
  '--variable', '--expand-url', '--trace', '--trace-ascii', '--stderr', '--noproxy', '--proxy-user', '-U', '--netrc-file', '-Q', '--quote',
];

/** Ports and paths of data stores' HTTP APIs, where a DELETE deletes stored data. */
const DATA_PORTS = new Set(['9200', '9201', '9243', '5984', '8500', '2379', '8086', '8983', '6333', '7700', '8108', '19530', '8123', '15672', '8529', '7474', '5601', '8091', '9090', '3100', '8080', '4001', '8428']);
const DATA_PATH = /(^|\/)(_all|_doc|_data|_index_template|_template|_snapshot|_ingest|_security|_bulk|indexes|indices|collections|buckets|databases?|keyspaces|kv|tables|schemas|classes|points|vectors|api\/v\d\/(?:delete|admin)|v1\/kv|v2\/keys|v3\/kv|solr|_design|queues|exchanges|vhosts|users)(\/|$|\?)/i;
const CLOUD_API = /^(api\.github\.com|api\.cloudflare\.com|[a-z0-9-]+\.googleapis\.com|management\.azure\.com|graph\.microsoft\.com|api\.heroku\.com|api\.digitalocean\.com|api\.vercel\.com|api\.netlify\.com|api\.fly\.io|api\.linode\.com|api\.hetzner\.cloud|api\.vultr\.com|gitlab\.com|api\.stripe\.com|[a-z0-9-]+\.atlassian\.net|api\.supabase\.com|console\.neon\.tech|api\.render\.com|api\.railway\.app|backboard\.railway\.app|[a-z0-9.-]+\.amazonaws\.com)$/i;

interface HttpRequest {
  method: string;
  url: Word | undefined;
  body: string;
}

/** Method, first URL and body of a curl / wget / HTTPie / xh / PowerShell request; undefined for other programs. */
function httpRequest(cmd: SimpleCommand): HttpRequest | undefined {
  const p = cmd.program;
  if (p === 'curl' || p === 'twurl') {
    let method = optionValues(cmd, '-X', '--request')[0]?.text;
    let url = optionValues(cmd, '--url')[0] ?? operandWords(cmd, CURL_VALUED)[0];
    // twurl takes a path on its host (-H, api.twitter.com by default).
    if (p === 'twurl' && url?.text.startsWith('/')) url = { ...url, text: `https://${optionValues(cmd, '-H', '--host')[0]?.text ?? 'api.twitter.com'}${url.text}` };
    const body = optionValues(cmd, '-d', '--data', '--data-binary', '--data-raw', '--json').map((w) => w.text).join('\n');
    if (!method) method = body ? 'POST' : hasFlag(cmd, '-I', '--head') ? 'HEAD' : 'GET';
    return { method: method.toUpperCase(), url, body };
  }
  if (p === 'wget') {
    const method = optionValues(cmd, '--method')[0]?.text ?? (optionValues(cmd, '--post-data', '--post-file')[0] ? 'POST' : 'GET');
    return { method: method.toUpperCase(), url: operandWords(cmd, ['-O', '--output-document', '-o', '--output-file', '--header', '--post-data', '--post-file', '--body-data', '--body-file', '--method', '-U', '--user-agent', '--user', '--password', '-P', '--directory-prefix', '-t', '--tries', '-T', '--timeout', '-e', '--execute'])[0], body: optionValues(cmd, '--body-data', '--post-data').map((w) => w.text).join('\n') };
  }
  if (p === 'http' || p === 'https' || p === 'xh' || p === 'xhs' || p === 'httpie') {
    const pos = operandWords(cmd, ['-a', '--auth', '-A', '--auth-type', '--session', '--session-read-only', '-o', '--output', '--verify', '--cert', '--cert-key', '--timeout', '--proxy', '-p', '--print', '--pretty', '-s', '--style', '--format-options', '--default-scheme', '--max-redirects', '--raw']);
    const words = p === 'httpie' && pos[0]?.text === 'cli' ? pos.slice(1) : pos;
    const hasMethod = words[0] !== undefined && /^(get|post|put|patch|delete|head|options)$/i.test(words[0].text);
    const url = hasMethod ? words[1] : words[0];
    const items = words.slice(hasMethod ? 2 : 1).map((w) => w.text);
    const method = hasMethod ? words[0]!.text.toUpperCase() : items.some((i) => /^[^=:]+(=|:=)/.test(i)) || cmd.stdin ? 'POST' : 'GET';
    return { method, url, body: [...items, cmd.stdin?.text ?? ''].join('\n') };
  }
  if (p === 'invoke-restmethod' || p === 'invoke-webrequest') {
    let method = 'GET';
    let url: Word | undefined;
    let body = '';
    const a = cmd.args;
    for (let i = 0; i < a.length; i++) {
      const t = a[i]!.text.toLowerCase();
      if (/^-(m|me|met|meth|metho|method)$/.test(t)) method = (a[++i]?.text ?? 'GET').toUpperCase();
      else if (/^-(u|ur|uri)$/.test(t)) url = a[++i];
      else if (/^-(b|bo|bod|body)$/.test(t)) body = a[++i]?.text ?? '';
      else if (!t.startsWith('-') && !url) url = a[i];
      else if (t.startsWith('-') && i + 1 < a.length && !a[i + 1]!.text.startsWith('-') && !/^-(usebasicparsing|passthru|skipcertificatecheck|disablekeepalive)$/.test(t)) i++;
    }
    return { method, url, body };
  }
  return undefined;
}

/** Host, port and path of a URL as typed (`localhost:9200/_all`, `http://es:9200/x`, `https://api.github.com/repos/a/b`). */
function urlParts(text: string): { host: string; port: string; path: string } {
  const m = /^(?:([a-z][a-z0-9+.-]*):\/\/)?(?:[^@/]*@)?(\[[^\]]*\]|[^:/?#]*)(?::(\d+))?([^#]*)$/i.exec(text);
  if (!m) return { host: text, port: '', path: '' };
  const scheme = (m[1] ?? 'http').toLowerCase();
  return { host: m[2] ?? '', port: m[3] ?? (scheme === 'https' ? '443' : '80'), path: m[4] || '/' };
}

function httpFinding(req: HttpRequest, cmd: SimpleCommand): CommandRuleFinding | undefined {
  if (!req.url) return undefined;
  const urlText = req.url.text;
  const { host, port, path } = urlParts(urlText);
  const local = isLocalHost(host);
  const dataApi = DATA_PORTS.has(port) || DATA_PATH.test(path) || /(^|[.-])(es|elastic|elasticsearch|opensearch|couch|couchdb|consul|etcd|influx|solr|qdrant|meili|meilisearch|typesense|weaviate|milvus|chroma|clickhouse|rabbit|rabbitmq|neo4j|arango|kibana)([.-]|\d|$)/i.test(host);
  const cloud = CLOUD_API.test(host);
  const last = cmd.args[cmd.args.length - 1] ?? req.url;
  const span = spanTo(cmd, last.span[1] > req.url.span[1] ? last : req.url);
  const p = path.replace(/\?.*$/, '');
  const query = /\?(.*)$/.exec(path)?.[1] ?? '';
  if (req.method === 'DELETE') {
    let severity: Severity = local && !dataApi ? 'medium' : 'high';
    let what = `deletes ${urlText}`;
    if (/^\/?(_all|\*)\/?$/.test(p) || /^\/?\*[^/]*\/?$/.test(p) || /^\/?_all\b/.test(p)) {
      severity = 'critical';
      what = `deletes every index matching ${p.replace(/^\//, '') || '_all'} at ${host}:${port}`;
    } else if (/[*,]/.test(p.split('/')[1] ?? '') && dataApi) {
      what = `deletes every index matching ${p.split('/')[1]} at ${host}:${port}`;
    } else if (/[?&]recurse(=|&|$)/.test(query)) {
      what = `deletes ${p} and every key under it at ${host}:${port}`;
    } else if (dataApi) {
      what = `deletes ${p} at ${host}:${port} with the data it holds`;
    } else if (cloud) {
      what = `deletes ${p} through the ${host} API`;
    }
    return { severity, message: `${what[0]!.toUpperCase()}${what.slice(1)} (HTTP DELETE).`, span, suggestion: 'GET it first to check what the URL names, and keep a backup or snapshot.' };
  }
  if (req.method === 'POST' || req.method === 'PUT') {
    const body = req.body;
    if (/\/_delete_by_query\b/.test(p)) {
      const all = /match_all/.test(body) || body.trim() === '';
      return { severity: 'high', message: `Deletes ${all ? 'every document' : 'every document matching the query'} in ${p.split('/')[1] || 'the indices'} at ${host}:${port} (_delete_by_query).`, span, suggestion: 'Run the same query with _count or _search first.' };
    }
    if (/\/v3(beta|alpha)?\/kv\/deleterange$/.test(p)) return { severity: 'high', message: `Deletes a key range in etcd at ${host}:${port} (v3 deleterange).`, span, suggestion: 'Take a snapshot first (etcdctl snapshot save).' };
    if (/\/api\/v2\/delete$/.test(p)) return { severity: 'high', message: `Deletes points from InfluxDB at ${host}:${port} (/api/v2/delete).`, span, suggestion: 'Back the bucket up first (influx backup).' };
    if (/\/api\/v1\/admin\/tsdb\/delete_series$/.test(p)) return { severity: 'high', message: `Deletes time series from Prometheus at ${host}:${port} (delete_series).`, span, suggestion: 'Take a TSDB snapshot first.' };
    if (/\/update(\/json)?\b/.test(p) && /<delete>|"delete"\s*:/.test(body) && /\*:\*/.test(body)) return { severity: 'high', message: `Deletes every document in the Solr core at ${host}:${port} (delete *:*).`, span, suggestion: 'Back the core up first (replication?command=backup).' };
    // An RPC-style endpoint named for its action (`/statuses/destroy/ID.json`, Slack's
    // `chat.delete`, `/users/42/delete`, `…/instances/x:delete`, `/api/deleteUser`).
    const action = rpcAction(p);
    if (action) return { severity: local && !dataApi ? 'medium' : 'high', message: `${action[0]!.toUpperCase()}${action.slice(1)} through ${host}${p} (HTTP ${req.method} to an endpoint named for it).`, span, suggestion: 'Check what the endpoint names first (a GET or the API\'s list call), and keep a backup.' };
  }
  return undefined;
}

/** The request's finding with its host as the target: critical on a production host. */
function hostFinding(req: HttpRequest, cmd: SimpleCommand, rc: RuleContext): CommandRuleFinding | undefined {
  const f = httpFinding(req, cmd);
  if (!f) return undefined;
  const { host } = urlParts(req.url?.text ?? '');
  return host && isProd(host, rc) ? { ...f, severity: 'critical', target: `host ${host}` } : { ...f, target: `host ${host}` };
}

/** The destroying action the last parts of an endpoint's path name (`destroy`, `chat.delete`, `deleteUser`), as "deletes …". */
function rpcAction(path: string): string | undefined {
  const parts = path.split('/').filter((s) => s !== '').slice(-3);
  for (const seg of parts) {
    for (const piece of seg.replace(/\.(?:json|xml)$/i, '').split(/[.:]/)) {
      if (!/^[A-Za-z][A-Za-z_-]{2,40}$/.test(piece)) continue;
      const r = readWord(piece);
      // (`doDelete`, `performDelete`: the lead word is no object)
      const nouns = r && r !== 'quiet' ? r.nouns.filter((n) => !/^(?:do|perform|exec|execute|run|api|handle)$/.test(n)) : [];
      if (r && r !== 'quiet' && r.cls === 'destroy' && !r.needsReach) return `${thirdPerson(r.verb)} ${piece === r.verb || nouns.length === 0 ? 'what it names' : nouns.join(' ')}`;
    }
  }
  return undefined;
}

const httpDelete: Rule = {
  id: 'datastore.http-delete',
  description: 'HTTP DELETE and delete-by-query requests (curl -X DELETE, wget --method=DELETE, http DELETE, xh delete, Invoke-RestMethod -Method Delete) against data stores and cloud APIs.',
  severity: 'high',
  programs: ['curl', 'wget', 'http', 'https', 'xh', 'xhs', 'httpie', 'twurl', 'invoke-restmethod', 'invoke-webrequest'],
  check(cmd, rc) {
    if (hasFlag(cmd, '--help', '--offline') || (cmd.program === 'curl' && hasFlag(cmd, '-h'))) return undefined;
    const req = httpRequest(cmd);
    return req ? hostFinding(req, cmd, rc) : undefined;
  },
  examples: {
    match: [
      { cmd: "curl -X DELETE 'http://es.prod.internal:9200/orders-*'", exactly: 'critical' },
      { cmd: "curl -X POST 'localhost:9200/customers/_delete_by_query' -H 'Content-Type: application/json' -d '{\"query\":{\"match_all\":{}}}'", exactly: 'high' },
      { cmd: "curl -s -X DELETE 'http://localhost:9200/_all'", exactly: 'critical' },
      'curl -X DELETE http://qdrant:6333/collections/documents',
      'curl -X DELETE "http://consul.internal:8500/v1/kv/app?recurse"',
      'curl -X DELETE -H "Authorization: Bearer $GITHUB_TOKEN" https://api.github.com/repos/acme/api',
      'curl -XDELETE localhost:9200/logs-2024.06',
      'http DELETE es.internal:9200/products',
      'xh delete http://couchdb:5984/orders',
      'wget --method=DELETE -qO- http://localhost:5984/orders',
      // RPC-style endpoints named for a delete, called with POST.
      { cmd: 'curl -X POST https://api.twitter.com/1.1/statuses/destroy/123.json', exactly: 'high' },
      { cmd: 'http POST https://slack.com/api/chat.delete channel==C1 ts==1', exactly: 'high' },
      { cmd: 'twurl -X POST "/1.1/statuses/destroy/1791234567890123456.json"', exactly: 'high' },
      { cmd: 'curl -X DELETE http://localhost:3000/api/todos/1', exactly: 'medium' },
    ],
    nearMiss: ['curl -X POST https://api.example.com/v1/deleted-items/search -d "{}"', 'curl https://slack.com/api/chat.delete', 'http POST https://slack.com/api/chat.postMessage channel==C1 text=hi', 'curl -s localhost:9200/_cat/indices?v', "curl -X POST 'localhost:9200/customers/_search' -d '{\"query\":{\"match_all\":{}}}'", 'curl -fsSL https://api.github.com/repos/acme/api', 'curl -I https://acme.com', 'http GET es.internal:9200/_cat/indices', 'curl -X POST -H "Content-Type: application/json" -d \'{"title":"x"}\' http://localhost:3000/api/todos'],
  },
};

const METHODS = /^(?:GET|HEAD|POST|PUT|PATCH|DELETE)$/;
const METHOD_OPTION = /^(?:-X|--request|--method|-m|--verb|-method)$/;
/** Options that give the path of the request on the server the command names (`--path /apps/x/delete`). */
const PATH_OPTION = /^--?(?:path|endpoint|route)$/;
const SERVER = /^https?:\/\/[\w[]/i;

/**
 * A request sent by an HTTP client the engine does not know by name: one named for its method
 * (lwp-request's `POST`, `PUT`, `DELETE`), a build of curl under another name (`curl_chrome116`,
 * `curl-impersonate`), or any program given a method (`-X DELETE`, `--method POST`, an operand
 * `DELETE` or `post` right before the URL) and a URL. No method stated: not read (a GET fetches).
 */
function anyClientRequest(cmd: SimpleCommand): HttpRequest | undefined {
  const name = cmd.name?.text.replace(/^.*[\\/]/, '') ?? cmd.program;
  if (/^curl[-_][\w.-]+$/i.test(cmd.program)) return httpRequest({ ...cmd, program: 'curl' });
  const a = cmd.args;
  const urlAt = a.findIndex((w) => !w.dynamic && SERVER.test(w.text));
  let url = urlAt >= 0 ? a[urlAt] : undefined;
  let method = METHODS.test(name) ? name : undefined;
  let path: string | undefined;
  const body: string[] = [];
  for (let i = 0; i < a.length; i++) {
    const t = a[i]!.text;
    const eq = t.indexOf('=');
    const opt = t.charCodeAt(0) === 45 ? (eq > 0 ? t.slice(0, eq) : t) : undefined;
    if (opt === undefined) continue;
    const value = eq > 0 ? t.slice(eq + 1) : a[i + 1]?.text;
    if (value === undefined) continue;
    const header = /^(?:-H|--header)$/.test(opt) ? /^(?::method|x-http-method(?:-override)?)\s*:\s*([A-Za-z]+)\s*$/i.exec(value) : null;
    if (!method && header && METHODS.test(header[1]!.toUpperCase())) method = header[1]!.toUpperCase();
    else if (!method && METHOD_OPTION.test(opt) && METHODS.test(value.toUpperCase())) method = value.toUpperCase();
    else if (PATH_OPTION.test(opt) && value.startsWith('/')) path = value;
    else if (/^--?(?:d|data|body|json|data-raw|payload)$/.test(opt)) body.push(value);
  }
  const before = urlAt > 0 ? a[urlAt - 1]! : undefined;
  if (!method && before && !before.dynamic && METHODS.test(before.text.toUpperCase()) && (before.text === before.text.toUpperCase() || before.text === before.text.toLowerCase())) method = before.text.toUpperCase();
  if (!method) return undefined;
  if (!url) {
    // the server given as an option (`--caproverUrl https://…`, `--server=https://…`) and the path as another
    const server = a.map((w) => (w.dynamic ? '' : w.text.replace(/^-[^=]*=/, ''))).find((t) => SERVER.test(t));
    if (server === undefined) return undefined;
    const w = a.find((x) => x.text.endsWith(server))!;
    url = { ...w, text: server };
  }
  if (path !== undefined) url = { ...url, text: `${url.text.replace(/\/+$/, '')}${path}` };
  if (cmd.stdin && !cmd.stdin.dynamic) body.push(cmd.stdin.text);
  return { method, url, body: body.join('\n') };
}

const anyHttpClient: Rule = {
  id: 'datastore.http-any-client',
  description: 'The same HTTP requests as datastore.http-delete, sent by a client no rule knows by name: lwp-request (`POST`, `DELETE`), curl builds under other names (`curl_chrome116`), any program given a method and a URL.',
  severity: 'high',
  programs: '*',
  fallback: true,
  check(cmd, rc) {
    if (cmd.program === '' || cmd.dynamicName || hasFlag(cmd, '--help', '-h', '--dry-run')) return undefined;
    const req = anyClientRequest(cmd);
    const f = req ? hostFinding(req, cmd, rc) : undefined;
    return f ? { ...f, message: `${f.message.replace(/\.$/, '')}, sent by ${cmd.name?.text ?? cmd.program}.` } : undefined;
  },
  examples: {
    match: [
      { cmd: 'POST -C admin:$TOKEN https://jenkins.acme.io/job/payments-deploy/doDelete < /dev/null', exactly: 'high' },
      { cmd: "curl_chrome116 -X DELETE -H 'PRIVATE-TOKEN: x' https://gitlab.acme.io/api/v4/groups/platform", exactly: 'high' },
      { cmd: 'curl_chrome116 -X POST "https://slack.com/api/admin.conversations.delete?channel_id=C0123"', exactly: 'high' },
      { cmd: "DELETE 'http://es.prod.internal:9200/orders'", exactly: 'critical' },
      { cmd: 'restcall --method DELETE https://api.acme.io/v1/tenants/globex', exactly: 'high' },
      { cmd: 'ht post https://api.acme.io/v1/users/42/delete', exactly: 'high' },
      // the method as an HTTP/2 pseudo-header or an override header
      { cmd: `nghttp -H ':method: DELETE' -H "authorization: Bearer $TOKEN" https://api.machines.dev/v1/apps/acme-prod`, exactly: 'high' },
      { cmd: "h2c -H 'X-HTTP-Method-Override: DELETE' https://api.acme.io/v1/tenants/globex", exactly: 'high' },
      { cmd: 'caprover api --caproverUrl https://captain.acme.io --path "/user/apps/appDefinitions/delete" --method POST --data \'{"appName":"web"}\'', exactly: 'high' },
    ],
    nearMiss: [
      'GET https://api.acme.io/v1/users',
      'POST https://api.acme.io/v1/users < new-user.json',
      'curl_chrome116 https://www.example.com/',
      'restcall --method GET https://api.acme.io/v1/tenants/globex/delete',
      'hey -n 100 -m POST https://api.acme.io/v1/search',
      'fetcher https://api.acme.io/v1/items/delete',
      `nghttp -H ':method: GET' https://api.machines.dev/v1/apps/acme-prod`,
      'ht post https://api.acme.io/v1/deleted-items/search',
    ],
  },
};

const datastoreRules = [etcdctl, kafka, rabbitmqctl, rabbitmqadmin, nats, consul, influx, zookeeper, nodetool, couchbase, managedData, moreStores, mongorestoreDrop, cypherShell, memcachedFlush, httpDelete, anyHttpClient];

export const datastorePack: RulePack = {
  name: 'datastore',
  description: 'Data stores reached through their CLIs or HTTP APIs: etcd, Kafka, RabbitMQ, NATS, Consul, InfluxDB, ZooKeeper, Cassandra, Couchbase, managed databases, memcached, and HTTP DELETE / delete-by-query.',
  rules: datastoreRules,
  owns: programsOf(datastoreRules),
};
