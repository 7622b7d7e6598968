/**
 * Databases: SQL that drops, truncates, or deletes/updates every row, wherever the client gets
 * it (`psql -c`, `mysql -e`, `sqlite3 db 'sql'`, heredocs, here-strings, `echo … |`, `-f file`,
 * `< file`, `cat file |`); database-dropping tools (dropdb, mysqladmin drop, redis FLUSHALL,
 * mongo dropDatabase); and framework commands that wipe a database (rails db:drop, prisma
 * migrate reset, manage.py flush, artisan migrate:fresh, …).
 *
 * SQL is read with the shared SQL reader (src/core/formats/sql.ts): comments and string literals
 * are dropped before keywords are matched. A production-looking host or environment makes a
 * finding critical; another non-local host raises it one level.
 */
import * as path from 'node:path';
import { NO_UNDO, SHARED_DELETE } from '../generic/weight';
import { mostSevere, type Severity } from '../../severity';
import type { SimpleCommand, Span, Word } from '../../shell/model';
import { classifyStatement, createdTablesOf, type SqlDialect, splitStatements, tokenizeSql } from '../../formats/sql';
import { assessTargets, databaseUrlHost, isLocalHost, isProd, shiftSeverity } from '../context';
import { hasFlag, positionals, type Rule, type RuleContext, type CommandRuleFinding, type RulePack } from '../rule';
import { expandWord } from '../expansion';
import { readWordFile, unreadableFinding } from '../files';
import { operationsRule } from '../operations';
import { upstream } from '../pipeline';
import { asTool, RUNNER_PROGRAMS } from '../runners';
import { migrationRollbackRule } from './migrations';
import { optionValues, spanTo } from '../words';
import { own } from '../../own';

// ---------------------------------------------------------------------------------------------
// Where a client sends its queries

interface Client {
  dialect: SqlDialect;
  /** Options whose value is SQL text. */
  inline: readonly string[];
  /** Options whose value is a file of SQL. */
  files: readonly string[];
  /** Options that take a separate value (so positionals skip it). */
  valued: readonly string[];
  /** The positional that holds SQL (sqlite3 db 'SQL' → 1), if any. */
  sqlPositional?: number;
  /** Options naming the host. */
  host: readonly string[];
  /** Environment variables naming the host. */
  hostEnv: readonly string[];
  /** The positional that names the host (cqlsh HOST), if any. */
  hostPositional?: number;
  /**
   * A tool with subcommands of its own (`dolt push`, `cockroach node`, `bq rm`): its SQL options
   * and positionals mean SQL only under these (`dolt sql -q`, `bq query 'SQL'`), and the pack owns
   * only these, so the generic layer judges the tool's other subcommands (`dolt push -f`).
   */
  subcommands?: readonly string[];
}

const PG: Client = {
  dialect: 'postgres',
  inline: ['-c', '--command'],
  files: ['-f', '--file'],
  valued: ['-c', '--command', '-f', '--file', '-h', '--host', '-p', '--port', '-U', '--username', '-d', '--dbname', '-o', '--output', '-v', '--set', '--variable', '-P', '--pset', '-L', '--log-file', '-F', '-R', '-T'],
  host: ['-h', '--host'],
  hostEnv: ['PGHOST'],
};
const MY: Client = {
  dialect: 'mysql',
  inline: ['-e', '--execute'],
  files: [],
  valued: ['-e', '--execute', '-h', '--host', '-P', '--port', '-u', '--user', '-D', '--database', '-S', '--socket', '--defaults-file', '--login-path', '--protocol'],
  host: ['-h', '--host'],
  hostEnv: ['MYSQL_HOST'],
};
const CLIENTS: Readonly<Record<string, Client>> = {
  psql: PG,
  mysql: MY,
  mariadb: MY,
  sqlite3: { dialect: 'sqlite', inline: ['-cmd'], files: [], valued: ['-cmd', '-separator', '-nullvalue', '-newline', '-init'], sqlPositional: 1, host: [], hostEnv: [] },
  sqlite: { dialect: 'sqlite', inline: ['-cmd'], files: [], valued: ['-cmd', '-separator', '-nullvalue', '-newline', '-init'], sqlPositional: 1, host: [], hostEnv: [] },
  duckdb: { dialect: 'unknown', inline: ['-c'], files: [], valued: ['-c', '-s', '-cmd'], sqlPositional: 1, host: [], hostEnv: [] },
  sqlcmd: { dialect: 'sqlserver', inline: ['-Q', '-q'], files: ['-i'], valued: ['-Q', '-q', '-i', '-S', '-U', '-P', '-d', '-o'], host: ['-S'], hostEnv: ['SQLCMDSERVER'] },
  'clickhouse-client': { dialect: 'unknown', inline: ['-q', '--query'], files: ['--queries-file'], valued: ['-q', '--query', '--queries-file', '-h', '--host', '--port', '-u', '--user', '-d', '--database'], host: ['-h', '--host'], hostEnv: ['CLICKHOUSE_HOST'] },
  cqlsh: { dialect: 'unknown', inline: ['-e', '--execute'], files: ['-f', '--file'], valued: ['-e', '--execute', '-f', '--file', '-u', '--username', '-p', '--password', '-k', '--keyspace', '--cqlshrc', '--connect-timeout', '--request-timeout', '--encoding', '--cqlversion', '--protocol-version'], host: [], hostEnv: ['CQLSH_HOST'], hostPositional: 0 },
  bq: { dialect: 'unknown', inline: [], files: [], valued: ['--project_id', '--dataset_id', '--location', '--format', '--max_rows', '-n', '--parameter', '--destination_table', '--api'], sqlPositional: 1, subcommands: ['query'], host: [], hostEnv: [] },
  snowsql: { dialect: 'unknown', inline: ['-q', '--query'], files: ['-f', '--filename'], valued: ['-q', '--query', '-f', '--filename', '-a', '--accountname', '-u', '--username', '-d', '--dbname', '-s', '--schemaname', '-r', '--rolename', '-w', '--warehouse', '-c', '--connection', '-o', '--option', '-D', '--variable'], host: ['-a', '--accountname', '-c', '--connection'], hostEnv: ['SNOWSQL_ACCOUNT'] },
  cockroach: { dialect: 'postgres', inline: ['-e', '--execute'], files: ['-f', '--file'], valued: ['-e', '--execute', '-f', '--file', '--url', '--host', '--port', '-p', '-u', '--user', '-d', '--database', '--certs-dir', '--format'], host: ['--host', '--url'], hostEnv: ['COCKROACH_HOST', 'COCKROACH_URL'], subcommands: ['sql', 'demo'] },
  usql: { dialect: 'unknown', inline: ['-c', '--command'], files: ['-f', '--file'], valued: ['-c', '--command', '-f', '--file', '-o', '--out', '-v', '--set', '-J'], host: [], hostEnv: [] },
  'sql-cli': { dialect: 'unknown', inline: ['-q', '--query'], files: ['-f', '--file'], valued: ['-q', '--query', '-f', '--file'], host: [], hostEnv: [] },
  trino: { dialect: 'unknown', inline: ['--execute'], files: ['-f', '--file'], valued: ['--execute', '-f', '--file', '--server', '--catalog', '--schema', '--user', '--output-format'], host: ['--server'], hostEnv: [] },
  presto: { dialect: 'unknown', inline: ['--execute'], files: ['-f', '--file'], valued: ['--execute', '-f', '--file', '--server', '--catalog', '--schema', '--user', '--output-format'], host: ['--server'], hostEnv: [] },
  beeline: { dialect: 'unknown', inline: ['-e'], files: ['-f'], valued: ['-e', '-f', '-u', '-n', '-p', '-d', '--hivevar', '--hiveconf'], host: ['-u'], hostEnv: [] },
  hive: { dialect: 'unknown', inline: ['-e'], files: ['-f'], valued: ['-e', '-f', '--hivevar', '--hiveconf', '-d', '--define', '--database'], host: [], hostEnv: [] },
  'spark-sql': { dialect: 'unknown', inline: ['-e'], files: ['-f'], valued: ['-e', '-f', '--master', '--conf', '--database', '-d', '--hivevar', '--hiveconf'], host: [], hostEnv: [] },
  'impala-shell': { dialect: 'unknown', inline: ['-q', '--query'], files: ['-f', '--query_file'], valued: ['-q', '--query', '-f', '--query_file', '-i', '--impalad', '-d', '--database', '-u', '--user'], host: ['-i', '--impalad'], hostEnv: [] },
  vsql: { dialect: 'unknown', inline: ['-c', '--command'], files: ['-f', '--file'], valued: ['-c', '--command', '-f', '--file', '-h', '--host', '-U', '-d', '-p', '-w'], host: ['-h', '--host'], hostEnv: ['VSQL_HOST'] },
  mycli: { dialect: 'mysql', inline: ['-e', '--execute'], files: [], valued: ['-e', '--execute', '-h', '--host', '-P', '--port', '-u', '--user', '-D', '--database', '-S', '--socket'], host: ['-h', '--host'], hostEnv: ['MYSQL_HOST'] },
  litecli: { dialect: 'sqlite', inline: ['-e', '--execute'], files: [], valued: ['-e', '--execute', '-D', '--database'], host: [], hostEnv: [] },
  dolt: { dialect: 'mysql', inline: ['-q', '--query'], files: ['-f', '--file'], valued: ['-q', '--query', '-f', '--file', '-r', '--result-format', '--profile', '-u', '--user', '--host', '--port', '--data-dir', '--doltcfg-dir', '--use-db', '--branch'], host: ['--host'], hostEnv: [], subcommands: ['sql'] },
  influx: { dialect: 'unknown', inline: ['-execute'], files: ['-import'], valued: ['-execute', '-host', '-port', '-database', '-username', '-password', '-format', '-precision', '-import', '-path'], host: ['-host'], hostEnv: ['INFLUX_HOST'], subcommands: ['query', 'v1'] },
  sqlplus: { dialect: 'unknown', inline: [], files: [], valued: [], host: [], hostEnv: ['TWO_TASK'] },
};

export interface SqlSource {
  text: string;
  /** Where the text sits in the line; `exact` when offsets in `text` map 1:1 from `span[0]`. */
  span: Span;
  exact: boolean;
  from: string;
}

/** The word's text, and whether its raw form is a plain quoted or bare copy (offsets map exactly). */
export function wordSource(w: Word, from: string): SqlSource {
  const r = w.raw;
  const exactQuoted = (r.startsWith("'") && r === `'${w.text}'`) || (r.startsWith('"') && r === `"${w.text}"` && !w.text.includes('\\'));
  const exact = exactQuoted || r === w.text;
  return { text: w.text, span: exactQuoted ? [w.span[0] + 1, w.span[1] - 1] : w.span, exact, from };
}

/** A source whose offsets map 1:1 into the line when the line holds the text there (optionally quoted). */
function placed(text: string, span: Span, line: string, from: string): SqlSource {
  const at = line.slice(span[0], span[1]);
  if (at === text) return { text, span, exact: true, from };
  if (at.length === text.length + 2 && (at[0] === "'" || at[0] === '"') && at.slice(1, -1) === text) return { text, span: [span[0] + 1, span[1] - 1], exact: true, from };
  return { text, span, exact: false, from };
}

type Sources = { sql: SqlSource[]; unreadable: { file: string; why: string; span: Span }[] };

function fileSource(rc: RuleContext, w: Word, from: string, out: Sources): void {
  if (!w.dynamic && (w.text === '-' || w.text === '/dev/stdin')) return;
  const r = readWordFile(rc, w);
  if ('text' in r) out.sql.push({ text: r.text, span: w.span, exact: false, from: `${from} ${w.text}` });
  else out.unreadable.push({ file: w.text, why: r.error, span: w.span });
}

/** All the SQL a client command will run that we can see, and the files we could not read. */
function sqlSources(cmd: SimpleCommand, client: Client, rc: RuleContext): Sources {
  const out: Sources = { sql: [], unreadable: [] };
  if (!underSqlSubcommand(cmd, client)) return out;
  const a = cmd.args;
  for (let i = 0; i < a.length; i++) {
    const t = a[i]!.text;
    if (t === '--') break;
    for (const o of client.inline) {
      if (t === o && a[i + 1]) out.sql.push(wordSource(a[i + 1]!, o));
      else if (o.startsWith('--') && t.startsWith(o + '=')) out.sql.push({ text: t.slice(o.length + 1), span: a[i]!.span, exact: false, from: o });
    }
    for (const o of client.files) {
      if (t === o && a[i + 1]) fileSource(rc, a[i + 1]!, o, out);
      else if (t.startsWith(o + '=')) fileSource(rc, { ...a[i]!, text: t.slice(o.length + 1) }, o, out);
      else if (o.length === 2 && t.startsWith(o) && t.length > 2 && !t.startsWith('--')) fileSource(rc, { ...a[i]!, text: t.slice(2) }, o, out);
    }
  }
  if (client.sqlPositional !== undefined) {
    const pos = positionals(cmd, client.valued);
    for (const w of pos.slice(client.sqlPositional)) out.sql.push(wordSource(w, 'argument'));
  }
  if (cmd.program === 'sqlplus') for (const w of positionals(cmd)) if (w.text.startsWith('@') && w.text.length > 1) fileSource(rc, { ...w, text: w.text.slice(1) }, '@', out);
  if (cmd.stdin) out.sql.push(placed(cmd.stdin.text, cmd.stdin.span, rc.line.source, cmd.stdin.kind));
  for (const r of cmd.redirects) if (r.op === '<' && r.target) fileSource(rc, r.target, '<', out);
  // cat file.sql | psql
  const up = upstream(rc.line, cmd)[0];
  if (up && up.program === 'cat') for (const w of positionals(up)) fileSource(rc, w, 'cat', out);
  // Files the SQL itself includes: psql \i / \ir, mysql source / \., sqlite3 .read.
  for (let i = 0, seen = 0; i < out.sql.length && seen < MAX_INCLUDES; i++) {
    const src = out.sql[i]!;
    for (const inc of includedFiles(src.text)) {
      if (++seen > MAX_INCLUDES) break;
      const base = inc.relative && src.from.includes(' ') ? path.dirname(src.from.slice(src.from.indexOf(' ') + 1)) : '';
      const file = base && !path.isAbsolute(inc.file) ? path.join(base, inc.file) : inc.file;
      fileSource(rc, { text: file, raw: file, span: src.span, dynamic: false, glob: false, tilde: file.startsWith('~'), quoted: false, expansions: [] }, inc.how, out);
    }
  }
  return out;
}

const MAX_INCLUDES = 16;

/**
 * Whether `cmd` is the client's SQL form: always for a plain client; for a tool with subcommands,
 * under one of its SQL subcommands (or none at all: `dolt -q`, the tool's own error). Piped SQL
 * into `dolt sql` still counts; `dolt push -f origin` names no SQL file.
 */
function underSqlSubcommand(cmd: SimpleCommand, client: Client): boolean {
  if (!client.subcommands) return true;
  const first = positionals(cmd, client.valued)[0];
  return !first || first.dynamic || client.subcommands.includes(first.text);
}

/** Files an SQL text includes: psql `\i f` / `\ir f` / `\include f`, mysql `source f` / `\. f`, sqlite3 `.read f`. */
export function includedFiles(text: string): { file: string; how: string; relative: boolean }[] {
  const out: { file: string; how: string; relative: boolean }[] = [];
  const re = /(?:^|[\n;])[ \t]*(\\ir|\\i|\\include_relative|\\include|\\\.|\.read|source|SOURCE)[ \t]+('[^'\n]*'|"[^"\n]*"|[^\s;]+)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    const how = m[1]!;
    out.push({ file: m[2]!.replace(/^['"]|['"]$/g, ''), how: how.toLowerCase(), relative: how === '\\ir' || how === '\\include_relative' });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Blast radius

export interface Reach {
  severity: (s: Severity) => Severity;
  target?: string;
}

/** A production host or environment → critical; another non-local host → one level up. */
export function dbReach(cmd: SimpleCommand, rc: RuleContext, hostOpts: readonly string[], hostEnv: readonly string[], extraHosts: readonly string[] = []): Reach {
  const hosts: { host: string; label: string }[] = extraHosts.map((h) => ({ host: h, label: `database host ${h}` }));
  for (const w of optionValues(cmd, ...hostOpts)) hosts.push({ host: w.text, label: `database host ${w.text}` });
  for (const e of hostEnv) {
    const v = rc.env(e);
    if (v) hosts.push({ host: v, label: `database host ${v} (${e})` });
  }
  for (const w of cmd.args) {
    const text = w.dynamic ? expandWord(w, rc).text : w.text;
    const h = databaseUrlHost(text);
    if (h !== undefined) hosts.push({ host: h, label: `database host ${h}` });
  }
  for (const h of hosts) if (isProd(h.host, rc)) return { severity: () => 'critical', target: h.label };
  const env = assessTargets(cmd, rc);
  if (env.reach === 'production') return { severity: () => 'critical', target: env.target };
  const remote = hosts.find((h) => !isLocalHost(h.host.replace(/:\d+$/, '')) && !/^(db|database|postgres|postgresql|mysql|mariadb|redis|mongo|mongodb|sqlserver|mssql)$/.test(h.host));
  if (remote) return { severity: (s) => shiftSeverity(s, 1), target: remote.label };
  return { severity: (s) => s };
}

function apply(f: CommandRuleFinding, reach: Reach): CommandRuleFinding {
  const out = { ...f, severity: reach.severity(f.severity) };
  if (reach.target) out.target = reach.target;
  return out;
}

// ---------------------------------------------------------------------------------------------
// SQL

const DESTRUCTIVE = new Set(['drop-database', 'drop-schema', 'drop-table', 'drop-column', 'truncate', 'delete-without-where', 'update-without-where', 'drop-index', 'drop-constraint', 'drop-user', 'revoke-all']);

/** The destructive statements in some SQL, as findings (unadjusted for reach). */
export function sqlFindings(src: SqlSource, dialect: SqlDialect): CommandRuleFinding[] {
  const stmts = splitStatements(tokenizeSql(src.text));
  const created = createdTablesOf(stmts);
  const out: CommandRuleFinding[] = [];
  for (const st of stmts) {
    const t0 = st.tokens[0];
    const t1 = st.tokens[1];
    if (t0?.text === 'DROP' && t1?.type === 'word' && (t1.text === 'KEYSPACE' || t1.text === 'COLLECTION')) {
      // Cassandra keyspaces (CQL): a whole database.
      out.push({ severity: 'high', message: `SQL drops the ${t1.text.toLowerCase()} ${st.tokens[2]?.text.toLowerCase() ?? ''} and everything in it.`.replace(' .', '.').replace('  ', ' '), span: src.exact ? [src.span[0] + t0.offset, src.span[1]] : src.span, suggestion: 'Take a snapshot first.' });
      continue;
    }
    for (const a of classifyStatement(st, created, dialect)) {
      if (!DESTRUCTIVE.has(a.kind) || a.severity === 'low') continue;
      const sev: Severity = a.kind === 'drop-database' || a.kind === 'drop-schema' ? 'high' : a.severity;
      const last = st.tokens[st.tokens.length - 1];
      const endOff = (last?.offset ?? st.end) + (last?.text.length ?? 0);
      const span: Span = src.exact ? [src.span[0] + a.offset, Math.min(src.span[1], src.span[0] + Math.max(endOff, a.offset + 1))] : src.span;
      const f: CommandRuleFinding = {
        severity: sev,
        message: `SQL ${a.message}.`.replace(/^SQL (\w)/, (_m, c: string) => `SQL ${c}`),
        span,
        suggestion:
          a.kind === 'delete-without-where' || a.kind === 'update-without-where'
            ? 'Add a WHERE clause, and run it in a transaction you can roll back (BEGIN; …; check; COMMIT).'
            : 'Take a backup first (pg_dump / mysqldump), and run it against a copy before the real database.',
      };
      if (!src.exact && src.from.includes(' ')) f.message = `${f.message.replace(/\.$/, '')} (${src.from}).`;
      const noun = a.kind === 'drop-user' ? 'user' : a.kind === 'drop-database' ? 'database' : a.kind === 'drop-schema' ? 'schema' : a.kind === 'revoke-all' ? undefined : 'table';
      if (a.target && noun) f.target = `${noun} ${a.target}`;
      out.push(f);
    }
  }
  if (src.exact || out.length < 2) return out;
  // One span for the whole source (a file, a rewritten word): one finding, the worst first.
  const worst = mostSevere(out)!;
  return [{ ...worst, message: `${worst.message.replace(/\.$/, '')} (and ${out.length - 1} more destructive statement${out.length > 2 ? 's' : ''} in ${src.from}).` }];
}

const sqlDestructive: Rule = {
  id: 'db.sql-destructive',
  description: 'SQL run through a client (psql, mysql, sqlite3, sqlcmd, …) that drops, truncates, or deletes/updates every row.',
  severity: 'high',
  programs: Object.keys(CLIENTS),
  check(cmd, rc) {
    const client = own(CLIENTS, cmd.program);
    if (!client) return undefined;
    const src = sqlSources(cmd, client, rc);
    const hostWord = client.hostPositional !== undefined ? positionals(cmd, client.valued)[client.hostPositional] : undefined;
    const reach = dbReach(cmd, rc, client.host, client.hostEnv, hostWord && !/\.(cql|sql)$/.test(hostWord.text) ? [hostWord.text] : []);
    const out: CommandRuleFinding[] = [];
    for (const s of src.sql) for (const f of sqlFindings(s, client.dialect)) out.push(apply(f, reach));
    return out;
  },
  examples: {
    match: [
      { cmd: "psql -c 'DROP TABLE users'", exactly: 'high', span: 'DROP TABLE users' },
      { cmd: 'psql -c "delete from sessions;"', exactly: 'high' },
      { cmd: 'psql -c "UPDATE users SET email = NULL"', exactly: 'high' },
      { cmd: "psql -c 'select 1; drop schema public cascade'", exactly: 'high' },
      { cmd: "psql \"postgres://admin@prod-db.example.com/shop\" -c 'DROP TABLE orders'", exactly: 'critical', target: 'prod-db.example.com' },
      { cmd: "psql -h db.internal.example.com -c 'TRUNCATE orders'", exactly: 'critical' },
      { cmd: "PGHOST=prod-db psql -c 'DROP TABLE x'", exactly: 'critical' },
      { cmd: "mysql -e 'DROP DATABASE shop'", exactly: 'high' },
      { cmd: "sqlite3 app.db 'DELETE FROM events'", exactly: 'high' },
      { cmd: 'psql <<EOF\nDROP TABLE users;\nEOF', exactly: 'high', span: 'DROP TABLE users' },
      { cmd: "mysql shop <<< 'DROP TABLE orders'", span: 'DROP TABLE orders' },
      "echo 'DROP TABLE users;' | psql",
      { cmd: 'psql -f db/reset.sql', exactly: 'high' },
      'psql --file=db/purge.sql',
      'psql < db/reset.sql',
      'cat db/reset.sql | psql',
      "docker exec -i db psql -U postgres -c 'DROP DATABASE app'",
      'sqlcmd -S localhost -Q "DROP DATABASE shop"',
      "clickhouse-client --query 'DROP TABLE events'",
      "cqlsh -e 'DROP KEYSPACE shop'",
      "trino --server trino.internal:8080 --execute 'DROP TABLE hive.web.events'",
      "beeline -u jdbc:hive2://hive:10000 -e 'TRUNCATE TABLE logs'",
      "influx -database metrics -execute 'DROP MEASUREMENT cpu'",
      // A tool with subcommands of its own: SQL only under its SQL subcommand.
      "dolt sql -q 'DROP TABLE orders'",
      "echo 'DROP TABLE orders' | dolt sql",
      "cockroach sql --host prod-db:26257 -e 'DROP DATABASE shop'",
    ],
    nearMiss: [
      "psql -c 'SELECT count(*) FROM orders'",
      'psql -c "DELETE FROM sessions WHERE expires_at < now()"',
      "psql -c \"SELECT 'DROP TABLE users' AS example\"",
      'psql -c "-- DROP TABLE users"',
      'psql -f db/seed.sql',
      'psql -c "CREATE TABLE t (id int); DROP TABLE t"',
      "mysql -e 'SHOW TABLES' shop",
      "sqlite3 app.db '.schema'",
      'psql -c "UPDATE users SET verified = true WHERE id = 42"',
      'echo "DROP TABLE users"',
      'dolt push origin main',
      'dolt log -n 5',
      'cockroach node status --host db:26257',
    ],
  },
};

const sqlUnreadable: Rule = {
  id: 'db.sql-file-unreadable',
  description: 'A database client told to run a SQL file that cannot be read here, so it cannot be judged.',
  severity: 'medium',
  programs: Object.keys(CLIENTS),
  check(cmd, rc) {
    const client = own(CLIENTS, cmd.program);
    if (!client) return undefined;
    return sqlSources(cmd, client, rc).unreadable.map((u) => unreadableFinding('SQL', u.file, u.why, u.span));
  },
  examples: {
    match: ['psql -f /nonexistent/cleanup.sql', 'mysql shop < missing.sql', 'psql -f "$MIGRATION"'],
    nearMiss: ['psql -f db/seed.sql', 'psql < db/reset.sql', "psql -c 'select 1'", 'dolt push -f origin main'],
  },
};

// ---------------------------------------------------------------------------------------------
// Tools that drop whole databases

const dropDatabase: Rule = {
  id: 'db.drop-database',
  description: 'dropdb, mysqladmin drop: the whole database goes.',
  severity: 'high',
  programs: ['dropdb', 'mysqladmin', 'mariadb-admin'],
  check(cmd, rc) {
    let w: Word | undefined;
    if (cmd.program === 'dropdb') {
      if (hasFlag(cmd, '--help', '-?', '--version', '-V')) return undefined;
      w = positionals(cmd, PG.valued)[0];
    } else {
      const pos = positionals(cmd, MY.valued);
      const i = pos.findIndex((p) => p.text.toLowerCase() === 'drop');
      if (i < 0) return undefined;
      w = pos[i + 1] ?? pos[i];
    }
    if (!w) return undefined;
    const reach = dbReach(cmd, rc, ['-h', '--host'], cmd.program === 'dropdb' ? ['PGHOST'] : ['MYSQL_HOST']);
    return apply({ severity: 'high', message: `Drops the database ${w.text} and everything in it.`, span: spanTo(cmd, w), suggestion: 'Take a backup first (pg_dump / mysqldump).' }, reach);
  },
  examples: {
    match: [{ cmd: 'dropdb shop', exactly: 'high' }, { cmd: 'dropdb -h prod-db.example.com shop', exactly: 'critical' }, 'mysqladmin -u root drop shop', 'mysqladmin -f drop shop'],
    nearMiss: ['createdb shop_test', 'dropdb --help', 'mysqladmin status', 'mysqladmin -u root create shop'],
  },
};

/** What a PostgreSQL or MySQL server tool destroys, or undefined. */
function serverToolHit(cmd: SimpleCommand): { severity: Severity; what: string; word: Word | undefined } | undefined {
  const pos = positionals(cmd, [...PG.valued, '-D', '--pgdata', '-m', '--mode', '-l', '--log', '-o', '--options', '-w', '-t', '--timeout']);
  switch (cmd.program) {
    case 'dropuser':
      return pos[0] ? { severity: 'high', what: `drops the database role ${pos[0].text}: whatever logs in as it stops working`, word: pos[0] } : undefined;
    case 'pg_restore': {
      if (!hasFlag(cmd, '-c', '--clean') || hasFlag(cmd, '-l', '--list')) return undefined;
      if (!optionValues(cmd, '-d', '--dbname')[0]) return undefined; // without -d it only prints SQL
      const create = hasFlag(cmd, '-C', '--create');
      return { severity: 'high', what: create ? `drops the database ${optionValues(cmd, '-d', '--dbname')[0]!.text} and recreates it from ${pos[0]?.text ?? 'the dump'}` : `drops every object of ${optionValues(cmd, '-d', '--dbname')[0]!.text} that ${pos[0]?.text ?? 'the dump'} holds before restoring it: rows added since the dump are lost`, word: pos[pos.length - 1] };
    }
    case 'pg_ctl':
    case 'pg_ctlcluster': {
      const stop = pos.find((w) => w.text === 'stop' || w.text === 'restart');
      const mode = optionValues(cmd, '-m', '--mode')[0]?.text;
      if (!stop || !mode || !/^i(mmediate)?$/.test(mode)) return undefined;
      return { severity: 'medium', what: `${stop.text === 'stop' ? 'stops' : 'restarts'} PostgreSQL without a clean shutdown: open transactions are cut off and it must recover on the next start`, word: stop };
    }
    case 'pg_resetwal':
    case 'pg_resetxlog':
      if (hasFlag(cmd, '-n', '--dry-run', '--help', '-V', '--version')) return undefined;
      return { severity: 'critical', what: `throws away the write-ahead log of ${optionValues(cmd, '-D', '--pgdata')[0]?.text ?? pos[0]?.text ?? 'the cluster'}: recent transactions can be lost and the data left inconsistent`, word: pos[0] };
    case 'pg_dropcluster':
      return pos[1] ? { severity: 'high', what: `deletes the PostgreSQL cluster ${pos[0]?.text ?? ''}/${pos[1].text} and its data directory`, word: pos[1] } : undefined;
    default:
      return undefined;
  }
}

const serverTools: Rule = {
  id: 'db.server-tools',
  description: 'PostgreSQL server tools that destroy data or roles: dropuser, pg_restore --clean, pg_resetwal, pg_dropcluster, pg_ctl stop -m immediate.',
  severity: 'high',
  programs: ['dropuser', 'pg_restore', 'pg_ctl', 'pg_ctlcluster', 'pg_resetwal', 'pg_resetxlog', 'pg_dropcluster'],
  check(cmd, rc) {
    const h = serverToolHit(cmd);
    if (!h) return undefined;
    const reach = dbReach(cmd, rc, ['-h', '--host'], ['PGHOST']);
    const last = cmd.args[cmd.args.length - 1] ?? h.word;
    return apply({ severity: h.severity, message: `${h.what[0]!.toUpperCase()}${h.what.slice(1)} (${cmd.program}).`, span: last ? spanTo(cmd, last) : cmd.span, suggestion: 'Take a backup first (pg_dump / pg_basebackup), and check the host and database.' }, reach);
  },
  examples: {
    match: [{ cmd: 'dropuser app_readonly', exactly: 'high' }, 'pg_restore --clean --if-exists -d shop dump.custom', { cmd: 'pg_ctl -D /var/lib/postgresql/data stop -m immediate', exactly: 'medium' }, { cmd: 'pg_resetwal -f /var/lib/postgresql/data', exactly: 'critical' }, 'pg_dropcluster 16 main --stop'],
    nearMiss: ['pg_restore --list dump.custom', 'pg_restore --clean -f out.sql dump.custom', 'pg_ctl -D /var/lib/postgresql/data status', 'pg_ctl -D data stop', 'pg_resetwal -n /var/lib/postgresql/data', 'createuser app'],
  },
};

const migrationReset = operationsRule({
  id: 'db.migration-reset',
  description: 'Migration tools that drop the database or roll every migration back (migrate drop, dbmate drop, sqlx database drop/reset, knex migrate:rollback --all, goose reset, diesel database reset, sea-orm-cli migrate fresh, mikro-orm schema:drop, atlas schema clean, sqitch revert).',
  programs: ['migrate', 'dbmate', 'sqlx', 'knex', 'goose', 'diesel', 'sea-orm-cli', 'mikro-orm', 'atlas', 'sqitch', 'graphile-migrate', 'drizzle-kit'],
  valued: ['-path', '-database', '-source', '--database-url', '-d', '--url', '-u', '--env', '--migrations-dir', '--knexfile', '--dir', '--config', '-c', '--target', '--to', '--schema', '-s', '--dev-url'],
  scope: ['--env', '-database', '--database-url', '-d', '--url', '-u'],
  scopeEnv: ['DATABASE_URL'],
  scopeLabel: 'database',
  suggestion: 'Make sure it points at a local database (check DATABASE_URL), and dump anything you need first.',
  ops: [
    { path: 'drop', severity: 'high', what: 'drops {0?the database} and everything in it' },
    { path: 'database|db drop|reset', severity: 'high', what: (m) => (m.path[1]!.text === 'drop' ? 'drops the database and everything in it' : 'drops the database, recreates it and runs every migration') },
    { path: 'migrate:rollback|migrate:down', severity: 'high', what: 'rolls back the last batch of migrations (their down steps drop the tables and columns they created)', raise: [{ flags: ['--all'], severity: 'critical', why: 'and every batch before it (--all)' }] },
    { path: 'down|rollback', severity: 'high', what: 'rolls back migrations (their down steps drop the tables and columns they created)', raise: [{ flags: ['-all', '--all'], severity: 'critical', why: 'every one of them' }] },
    { path: 'reset', severity: 'high', what: 'rolls back every migration (or drops and recreates the database)' },
    { path: 'down-to', severity: 'high', what: 'rolls back every migration after version {0}' },
    { path: '* * reset', severity: 'high', what: 'rolls back every migration' },
    { path: '* * down-to', severity: 'high', what: (m) => `rolls back every migration after version ${m.operands[0]?.text ?? ''}`.trim() },
    { path: 'migrate fresh|reset|refresh', severity: 'high', what: (m) => `${m.path[1]!.text === 'fresh' ? 'drops every table and runs every migration again' : m.path[1]!.text === 'reset' ? 'rolls back every migration' : 'rolls back every migration and runs them again'}` },
    { path: 'schema:drop|schema:fresh|migration:fresh', severity: 'high', when: ['--run', '-r', '--drop-db'], what: 'drops every table of the schema' },
    { path: 'schema clean', severity: 'high', what: 'drops every object in the schema' },
    { path: 'revert|rebase', severity: 'high', what: 'reverts every deployed change (sqitch reverts to the start unless given a target)' },
    { path: 'push', severity: 'high', when: ['--force'], what: 'pushes the schema and accepts data-loss statements (dropped columns and tables) without asking' },
  ],
  examples: {
    match: ['migrate -path db/migrations -database "$DATABASE_URL" drop -f', 'dbmate drop', 'sqlx database drop -y', 'npx knex migrate:rollback --all', 'goose postgres "user=app dbname=app" reset', 'diesel database reset', 'sea-orm-cli migrate fresh', 'atlas schema clean -u "mysql://root:pw@localhost:3306/app" --auto-approve', { cmd: 'DATABASE_URL=postgres://app@prod-db.internal/app dbmate drop', exactly: 'critical' }],
    nearMiss: ['migrate -path db/migrations -database "$DATABASE_URL" up', 'dbmate up', 'sqlx migrate run', 'npx knex migrate:latest', 'goose up', 'diesel migration run', 'atlas schema inspect -u "mysql://root:pw@localhost:3306/app"', 'drizzle-kit push'],
  },
});

const REDIS_VALUED = ['--cluster', '-h', '-p', '-a', '-n', '-u', '-s', '--user', '--pass', '--askpass', '-r', '-i', '-d', '--cacert', '--cert', '--key', '--sni', '--pattern', '--count', '--eval', '--rdb', '--functions-rdb', '--memkeys-samples', '--quoted-pattern', '-t', '--cacertdir', '--tls-ciphers', '--tls-ciphersuites'];
const REDIS_CLIS = ['redis-cli', 'valkey-cli', 'keydb-cli', 'dragonfly-cli'];

/** One Redis command a redis-cli line sends, and where it came from. */
interface RedisCall {
  words: string[];
  span: Span;
  /** `argument`, `stdin`, `EVAL script`, the Lua file, or `input` (xargs). */
  from: string;
  argsFromInput?: boolean;
}

/** The Redis commands a Lua script runs (`redis.call('FLUSHALL')`, `server.pcall("del", …)`). */
function luaCalls(code: string): string[][] {
  const out: string[][] = [];
  const re = /\b(?:redis|server)\.p?call\s*\(\s*(['"])([A-Za-z]+)\1((?:\s*,\s*(['"])[^'"]*\4)*)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(code))) {
    const args = [...m[3]!.matchAll(/(['"])([^'"]*)\1/g)].map((a) => a[2]!);
    out.push([m[2]!, ...args]);
  }
  return out;
}

/** The Redis commands a redis-cli line sends that we can read, and the script files we could not. */
function redisCalls(cmd: SimpleCommand, rc: RuleContext): { calls: RedisCall[]; unreadable: { file: string; why: string; span: Span }[] } {
  const calls: RedisCall[] = [];
  const unreadable: { file: string; why: string; span: Span }[] = [];
  const pos = positionals(cmd, REDIS_VALUED);
  const evalFile = optionValues(cmd, '--eval')[0];
  if (evalFile) {
    const r = readWordFile(rc, evalFile);
    if ('text' in r) for (const c of luaCalls(r.text)) calls.push({ words: c, span: evalFile.span, from: `the script ${evalFile.text}` });
    else unreadable.push({ file: evalFile.text, why: r.error, span: evalFile.span });
  } else if (pos[0]) {
    // `--cluster call HOST:PORT CMD …` sends CMD to every node of the cluster.
    const clusterCall = optionValues(cmd, '--cluster')[0]?.text === 'call';
    const cmdWords = clusterCall ? pos.slice(1) : pos;
    if (cmdWords.length === 0) return { calls, unreadable };
    const words = cmdWords.map((w) => w.text);
    calls.push({ words, span: spanTo(cmd, pos[pos.length - 1]!), from: clusterCall ? 'every node of the cluster' : 'argument', argsFromInput: cmd.argsFromInput });
    if (/^eval(_ro)?$/i.test(words[0]!) && words[1]) for (const c of luaCalls(words[1])) calls.push({ words: c, span: pos[1]!.span, from: 'the EVAL script' });
  }
  if (cmd.stdin) {
    for (const line of cmd.stdin.text.split('\n')) {
      const words = line.trim().split(/\s+/).filter(Boolean);
      if (words.length) calls.push({ words, span: cmd.stdin.span, from: 'stdin' });
    }
  }
  return { calls, unreadable };
}

/** `host:port` and database number a redis-cli line talks to. */
function redisTarget(cmd: SimpleCommand): { where: string; db: string } {
  const url = optionValues(cmd, '-u')[0]?.text;
  const m = url ? /^rediss?:\/\/(?:[^@/]*@)?([^/:?]+)(?::(\d+))?(?:\/(\d+))?/.exec(url) : null;
  const node = optionValues(cmd, '--cluster')[0]?.text === 'call' ? /^([^:]+):(\d+)$/.exec(positionals(cmd, REDIS_VALUED)[0]?.text ?? '') : null;
  const host = m?.[1] ?? node?.[1] ?? optionValues(cmd, '-h')[0]?.text ?? '127.0.0.1';
  const port = m?.[2] ?? node?.[2] ?? optionValues(cmd, '-p')[0]?.text ?? '6379';
  const db = optionValues(cmd, '-n')[0]?.text ?? m?.[3] ?? '0';
  return { where: `${host}:${port}`, db };
}

interface RedisHit {
  flush: boolean;
  severity: Severity;
  what: string;
  span: Span;
  suggestion: string;
}

const SCAN_DELETE = 'Delete the keys you mean by pattern (redis-cli --scan --pattern "x:*" | xargs redis-cli DEL), after checking the list.';

/** What one Redis command destroys, or undefined. */
function redisHit(c: RedisCall, cmd: SimpleCommand, rc: RuleContext): RedisHit | undefined {
  const [w0, w1, w2] = c.words.map((w) => w.toUpperCase());
  const { where, db } = redisTarget(cmd);
  const via = c.from === 'argument' || c.from === 'stdin' ? '' : c.from === 'every node of the cluster' ? ', on every node of the cluster' : ` through ${c.from}`;
  const hit = (flush: boolean, severity: Severity, what: string, suggestion = SCAN_DELETE): RedisHit => ({ flush, severity, what: `${what}${via}`, span: c.span, suggestion });
  switch (w0) {
    case 'FLUSHALL':
      return hit(true, 'high', `deletes every key in every database of the Redis server at ${where} (FLUSHALL)`);
    case 'FLUSHDB':
      return hit(true, 'high', `deletes every key in Redis database ${db} at ${where} (FLUSHDB)`);
    case 'SHUTDOWN':
      return w1 === 'NOSAVE'
        ? hit(false, 'high', `stops the Redis server at ${where} without saving: writes since the last snapshot are lost (SHUTDOWN NOSAVE)`, 'Use SHUTDOWN SAVE, or restart it through its service manager.')
        : hit(false, 'medium', `stops the Redis server at ${where} (SHUTDOWN)`, 'Restart it through its service manager instead.');
    case 'CLUSTER':
      if (w1 === 'RESET') return hit(false, 'high', `resets the cluster node at ${where}${w2 === 'HARD' ? ' and gives it a new identity' : ''}: it forgets its slots and peers (CLUSTER RESET${w2 ? ` ${w2}` : ''})`, 'Move its slots away first (redis-cli --cluster reshard).');
      if (w1 === 'FLUSHSLOTS') return hit(false, 'high', `removes every hash slot from the node at ${where} (CLUSTER FLUSHSLOTS)`, 'Reshard instead (redis-cli --cluster reshard).');
      if (w1 === 'FORGET') return hit(false, 'medium', `makes the node at ${where} forget the node ${c.words[2] ?? ''} (CLUSTER FORGET)`.replace(' (', ' ('), 'Remove nodes with redis-cli --cluster del-node.');
      return undefined;
    case 'CONFIG': {
      if (w1 !== 'SET') return undefined;
      const key = (c.words[2] ?? '').toLowerCase();
      if (key === 'dir' || key === 'dbfilename') return hit(false, 'high', `points Redis persistence at ${c.words[3] ?? 'another path'} on ${where}: the next save writes there (a known way to overwrite files on the server) (CONFIG SET ${key})`, 'Change persistence paths in redis.conf, not at run time.');
      if ((key === 'save' && (c.words[3] ?? '') === '') || (key === 'appendonly' && /^no$/i.test(c.words[3] ?? ''))) return hit(false, 'medium', `turns off persistence on ${where}: a restart loses the data (CONFIG SET ${key})`, 'Keep snapshots or the append-only file on.');
      return undefined;
    }
    case 'REPLICAOF':
    case 'SLAVEOF':
      if (w1 === 'NO') return undefined;
      return hit(false, 'high', `makes ${where} a replica of ${c.words.slice(1).join(':') || 'another server'}: its own data is replaced by that server's (${w0})`, 'Check the replication topology first (INFO replication).');
    case 'SWAPDB':
      return hit(false, 'medium', `swaps Redis databases ${c.words[1] ?? '?'} and ${c.words[2] ?? '?'} on ${where}: clients of each now see the other's keys (SWAPDB)`, 'Check which clients use each database first.');
    case 'FUNCTION':
      return w1 === 'FLUSH' ? hit(false, 'medium', `deletes every Redis function library on ${where} (FUNCTION FLUSH)`, 'Dump them first (FUNCTION DUMP).') : undefined;
    case 'XTRIM': {
      // `XTRIM key MAXLEN [=|~] 0`: every message of the stream goes, as with a stream purge.
      const rest = c.words.slice(2).filter((w) => w !== '=' && w !== '~').map((w) => w.toUpperCase());
      if (rest[0] !== 'MAXLEN' || rest[1] !== '0') return undefined;
      return hit(false, SHARED_DELETE, `deletes every message in the stream ${c.words[1] ?? ''} at ${where} (XTRIM MAXLEN 0; ${NO_UNDO})`.replace(/ +/g, ' '), 'Trim to the length you mean, after reading the stream length (XLEN).');
    }
    case 'DEL':
    case 'UNLINK': {
      if (!c.argsFromInput) return undefined;
      const src = upstream(rc.line, cmd).find((u) => REDIS_CLIS.includes(u.program));
      const pattern = src ? (optionValues(src, '--pattern')[0]?.text ?? (/^keys$/i.test(positionals(src, REDIS_VALUED)[0]?.text ?? '') ? positionals(src, REDIS_VALUED)[1]?.text : undefined) ?? '*') : undefined;
      const every = pattern === '*' || (src !== undefined && pattern === undefined);
      return hit(false, every ? 'critical' : 'high', `deletes every key ${pattern ? `matching ${pattern} ` : 'its input lists '}in Redis database ${db} at ${where} (${w0} fed by ${src ? 'a key scan' : 'its input'})`, 'List the keys first and check the pattern; delete in small batches.');
    }
    default:
      return undefined;
  }
}

function redisHits(cmd: SimpleCommand, rc: RuleContext): RedisHit[] {
  return redisCalls(cmd, rc).calls.map((c) => redisHit(c, cmd, rc)).filter((h): h is RedisHit => h !== undefined);
}

function redisFinding(h: RedisHit, cmd: SimpleCommand, rc: RuleContext): CommandRuleFinding {
  const reach = dbReach(cmd, rc, ['-h', '-u'], ['REDIS_HOST', 'REDIS_URL']);
  return apply({ severity: h.severity, message: `${h.what[0]!.toUpperCase()}${h.what.slice(1)}.`, span: h.span, suggestion: h.suggestion }, reach);
}

const redisFlush: Rule = {
  id: 'db.redis-flush',
  description: 'redis-cli FLUSHALL / FLUSHDB deletes every key, whether typed, fed on stdin or run by an EVAL / --eval Lua script.',
  severity: 'high',
  programs: REDIS_CLIS,
  check(cmd, rc) {
    return redisHits(cmd, rc).filter((h) => h.flush).map((h) => redisFinding(h, cmd, rc));
  },
  examples: {
    match: [
      { cmd: 'redis-cli FLUSHALL', exactly: 'high' },
      { cmd: 'redis-cli -h cache.prod.internal flushdb', exactly: 'critical' },
      'redis-cli -n 2 FLUSHDB',
      'redis-cli <<EOF\nFLUSHALL\nEOF',
      'echo FLUSHALL | redis-cli -h 10.0.3.7',
      'redis-cli --cluster call 10.0.0.1:7000 FLUSHALL',
      'redis-cli EVAL "return redis.call(\'flushall\')" 0',
      { cmd: 'redis-cli -u redis://:pw@sessions.internal:6379/0 flushall sync', exactly: 'critical' },
    ],
    nearMiss: ['redis-cli ping', 'redis-cli GET flushall', 'redis-cli DEL session:abc', "redis-cli --scan --pattern 'user:*'", 'redis-cli EVAL "return redis.call(\'dbsize\')" 0', 'redis-cli -n 3 GET feature:beta'],
  },
};

const redisDestructive: Rule = {
  id: 'db.redis-destructive',
  description: 'redis-cli SHUTDOWN NOSAVE, CLUSTER RESET, CONFIG SET of persistence, REPLICAOF, SWAPDB, XTRIM MAXLEN 0, and DEL/UNLINK fed every key of a scan.',
  severity: 'high',
  programs: REDIS_CLIS,
  check(cmd, rc) {
    return redisHits(cmd, rc).filter((h) => !h.flush).map((h) => redisFinding(h, cmd, rc));
  },
  examples: {
    match: [
      { cmd: 'redis-cli SHUTDOWN NOSAVE', exactly: 'high' },
      { cmd: 'redis-cli -h cache.internal SHUTDOWN NOSAVE', exactly: 'critical', target: 'cache.internal' },
      'redis-cli -c -h 10.0.0.5 -p 7000 CLUSTER RESET HARD',
      'redis-cli CONFIG SET dir /var/www/html',
      'redis-cli REPLICAOF 203.0.113.9 6379',
      { cmd: "redis-cli --scan --pattern 'session:*' | xargs redis-cli DEL", exactly: 'high' },
      { cmd: "redis-cli KEYS '*' | xargs redis-cli UNLINK", exactly: 'critical' },
      { cmd: 'redis-cli XTRIM orders MAXLEN 0', exactly: 'high' },
      { cmd: 'redis-cli XTRIM orders MAXLEN = 0', exactly: 'high' },
    ],
    nearMiss: ['redis-cli XTRIM orders MAXLEN ~ 100000', 'redis-cli XLEN orders', 'redis-cli CONFIG GET dir', 'redis-cli REPLICAOF NO ONE', 'redis-cli INFO replication', 'redis-cli SET feature:beta on EX 3600', "redis-cli --scan --pattern 'session:*' | head -20"],
  },
};

const redisUnreadable: Rule = {
  id: 'db.redis-script-unreadable',
  description: 'redis-cli --eval of a Lua script that cannot be read here, so it cannot be judged.',
  severity: 'medium',
  programs: REDIS_CLIS,
  check(cmd, rc) {
    return redisCalls(cmd, rc).unreadable.map((u) => unreadableFinding('Redis script', u.file, u.why, u.span));
  },
  examples: { match: ['redis-cli --eval /nonexistent/flush.lua', 'redis-cli --eval "$SCRIPT"'], nearMiss: ['redis-cli ping', 'redis-cli INFO keyspace'] },
};

/** JavaScript with strings and comments blanked, so calls can be matched without quoting tricks. */
function jsCode(src: string): string {
  return src.replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*|'(?:\\.|[^'\\])*'|"(?:\\.|[^"\\])*"|`(?:\\.|[^`\\])*`/g, (m) => (m.startsWith('/') ? ' ' : `${m[0]}${m[0]}`));
}

const MONGO_CALLS: { re: RegExp; what: string; severity: Severity }[] = [
  { re: /\.\s*dropDatabase\s*\(/, what: 'drops a whole database', severity: 'high' },
  { re: /\.\s*drop\s*\(\s*\)/, what: 'drops a collection and all its documents', severity: 'high' },
  { re: /\.\s*(deleteMany|remove)\s*\(\s*(\{\s*\})?\s*\)/, what: 'deletes every document of a collection', severity: 'high' },
  { re: /\.\s*updateMany\s*\(\s*\{\s*\}/, what: 'changes every document of a collection', severity: 'high' },
  { re: /\.\s*(replaceOne|findOneAndReplace)\s*\(\s*\{\s*\}/, what: 'replaces a document picked by an empty filter', severity: 'medium' },
  { re: /\.\s*dropAllUsers\s*\(/, what: 'drops every user', severity: 'high' },
  { re: /\.\s*dropUser\s*\(/, what: 'drops a database user', severity: 'high' },
  { re: /\.\s*dropIndexes\s*\(\s*\)/, what: 'drops every index of a collection', severity: 'medium' },
  { re: /\bshutdownServer\s*\(|\bshutdown\s*:\s*1\b/, what: 'shuts the server down', severity: 'medium' },
];

const MONGO_VALUED = ['--eval', '--file', '-f', '--host', '--port', '-u', '--username', '-p', '--password', '--authenticationDatabase', '--authenticationMechanism', '--tlsCertificateKeyFile', '--tlsCAFile', '--apiVersion'];

/** The JavaScript a mongosh/mongo line runs: --eval code, --file / -f files, script files given as arguments, stdin. */
function mongoCode(cmd: SimpleCommand, rc: RuleContext): { codes: { text: string; span: Span; from: string }[]; unreadable: { file: string; why: string; span: Span }[] } {
  const codes: { text: string; span: Span; from: string }[] = optionValues(cmd, '--eval').map((w) => ({ text: w.text, span: w.span, from: '--eval' }));
  const unreadable: { file: string; why: string; span: Span }[] = [];
  const files = [...optionValues(cmd, '--file', '-f'), ...positionals(cmd, MONGO_VALUED).filter((w) => /\.(js|mjs|cjs)$/.test(w.text))];
  for (const w of files) {
    const r = readWordFile(rc, w);
    if ('text' in r) codes.push({ text: r.text, span: w.span, from: w.text });
    else unreadable.push({ file: w.text, why: r.error, span: w.span });
  }
  if (cmd.stdin) codes.push({ text: cmd.stdin.text, span: cmd.stdin.span, from: 'stdin' });
  return { codes, unreadable };
}

const mongoDrop: Rule = {
  id: 'db.mongo-destructive',
  description: 'mongosh/mongo code (--eval, --file, a script argument, stdin) that drops a database or collection or deletes every document.',
  severity: 'high',
  programs: ['mongosh', 'mongo'],
  check(cmd, rc) {
    const { codes, unreadable } = mongoCode(cmd, rc);
    const out: CommandRuleFinding[] = unreadable.map((u) => unreadableFinding('MongoDB code', u.file, u.why, u.span));
    for (const c of codes) {
      const code = jsCode(c.text);
      for (const m of MONGO_CALLS) {
        if (!m.re.test(code)) continue;
        const reach = dbReach(cmd, rc, ['--host'], ['MONGO_URL', 'MONGODB_URI']);
        out.push(apply({ severity: m.severity, message: `The MongoDB code${c.from === '--eval' || c.from === 'stdin' ? '' : ` in ${c.from}`} ${m.what}.`, span: c.span, suggestion: 'Dump it first (mongodump), and filter deletes to the documents you mean.' }, reach));
        break;
      }
    }
    return out;
  },
  examples: {
    match: [
      { cmd: "mongosh --eval 'db.dropDatabase()'", exactly: 'high' },
      'mongo shop --eval "db.dropDatabase()"',
      { cmd: "mongosh \"mongodb://prod-mongo.example.com/shop\" --eval 'db.orders.drop()'", exactly: 'critical' },
      "mongosh --eval 'db.users.deleteMany({})'",
      "mongosh --nodb --eval 'new Mongo(\"mongodb://db.internal\").getDB(\"billing\").dropDatabase()'",
      { cmd: 'mongosh --file /nonexistent/cleanup.js', exactly: 'medium' },
    ],
    nearMiss: ["mongosh --eval 'db.orders.countDocuments()'", "mongosh --eval 'db.users.deleteMany({active: false})'", "mongosh --eval 'print(\"db.dropDatabase()\")'", 'mongosh shop'],
  },
};

// ---------------------------------------------------------------------------------------------
// Framework commands

interface FrameworkMatch {
  word: Word;
  what: string;
}

function frameworkReset(cmd: SimpleCommand): FrameworkMatch | undefined {
  const tool = asTool(cmd, ['rails', 'rake', 'prisma', 'sequelize', 'sequelize-cli', 'typeorm', 'flyway', 'liquibase', 'alembic', 'mix', 'django-admin', 'manage.py']);
  const c = tool ?? cmd;
  const p = c.program;
  const pos = positionals(c);
  const first = pos[0];
  if (p === 'rails' || p === 'rake') {
    const w = pos.find((x) => /^db:(drop(:all)?|reset|purge(:all)?|schema:load|structure:load|migrate:reset|truncate_all|seed:replant|setup)$/.test(x.text));
    if (!w || w.text === 'db:setup') return undefined;
    return { word: w, what: w.text.startsWith('db:drop') || w.text.startsWith('db:purge') ? 'drops the database' : 'drops or empties the database and rebuilds it' };
  }
  if (p === 'prisma' && first?.text === 'migrate' && pos[1]?.text === 'reset') return { word: pos[1], what: 'drops the database and reapplies every migration' };
  if (p === 'prisma' && first?.text === 'db' && pos[1]?.text === 'push' && hasFlag(c, '--force-reset', '--accept-data-loss')) return { word: c.args.find((a) => a.text === '--force-reset' || a.text === '--accept-data-loss')!, what: hasFlag(c, '--force-reset') ? 'resets the database before pushing the schema' : 'pushes a schema change that loses data' };
  if ((p === 'sequelize' || p === 'sequelize-cli') && first && /^db:drop$/.test(first.text)) return { word: first, what: 'drops the database' };
  if (p === 'typeorm' && first && /^schema:drop$/.test(first.text)) return { word: first, what: 'drops every table of the schema' };
  if (p === 'flyway' && pos.some((x) => x.text === 'clean')) return { word: pos.find((x) => x.text === 'clean')!, what: 'drops every object in the configured schemas' };
  if (p === 'liquibase' && pos.some((x) => /^drop-?all$/i.test(x.text))) return { word: pos.find((x) => /^drop-?all$/i.test(x.text))!, what: 'drops every database object' };
  if (p === 'mix' && first && /^ecto\.(drop|reset)$/.test(first.text)) return { word: first, what: 'drops the database' };
  if (p === 'django-admin' || p === 'manage.py') {
    if (first && /^(flush|reset_db|sqlflush)$/.test(first.text) && first.text !== 'sqlflush') return { word: first, what: first.text === 'flush' ? 'deletes every row of every table' : 'drops and recreates the database' };
    return undefined;
  }
  // python manage.py flush, php artisan migrate:fresh, dotnet ef database drop
  if (/^python(\d(\.\d+)?)?$/.test(p) && first && /(^|\/)manage\.py$/.test(first.text)) {
    const s = pos[1];
    if (s && /^(flush|reset_db)$/.test(s.text)) return { word: s, what: s.text === 'flush' ? 'deletes every row of every table' : 'drops and recreates the database' };
  }
  if (p === 'php' && first && /(^|\/)artisan$/.test(first.text)) {
    const s = pos[1];
    if (s && /^(migrate:(fresh|reset|refresh)|db:wipe)$/.test(s.text)) return { word: s, what: s.text === 'migrate:refresh' ? 'rolls back every migration and runs them again' : 'drops every table' };
  }
  if (p === 'dotnet' && first?.text === 'ef' && pos[1]?.text === 'database' && pos[2]?.text === 'drop') return { word: pos[2], what: 'drops the database' };
  return undefined;
}

/**
 * Forms of a schema command that print the SQL it would run instead of running it: Django's `sql*`
 * commands (`sqlflush`, `sqlmigrate`, `sqlsequencereset`), `--dump-sql` (Doctrine's schema tool),
 * `--sql` (Alembic's offline mode), `--print-sql`, `--show-sql`. Nothing is dropped: the rule
 * speaks for them so the generic layer does not read `flush` or `drop` in their names.
 */
function printsSql(cmd: SimpleCommand): boolean {
  const tool = asTool(cmd, ['django-admin', 'manage.py', 'doctrine', 'alembic']) ?? cmd;
  if (tool.args.some((w) => /^--(?:dump-sql|sql|print-sql|show-sql)$/.test(w.text))) return true;
  const pos = positionals(tool);
  const p = tool.program;
  const sub = p === 'django-admin' || p === 'manage.py' ? pos[0] : /^python(\d(\.\d+)?)?$/.test(p) && /(^|\/)manage\.py$/.test(pos[0]?.text ?? '') ? pos[1] : undefined;
  return sub !== undefined && /^sql[a-z]+$/.test(sub.text);
}

const frameworkResetRule: Rule = {
  id: 'db.framework-reset',
  description: 'Framework commands that drop or wipe the database (rails db:drop/reset, prisma migrate reset, manage.py flush, artisan migrate:fresh, ecto.drop, flyway clean, …).',
  severity: 'high',
  programs: ['rails', 'rake', 'prisma', 'sequelize', 'sequelize-cli', 'typeorm', 'flyway', 'liquibase', 'alembic', 'mix', 'django-admin', 'manage.py', 'python', 'python3', 'php', 'dotnet', 'doctrine', ...RUNNER_PROGRAMS],
  speaksFor: printsSql,
  check(cmd, rc) {
    if (printsSql(cmd)) return undefined;
    const m = frameworkReset(cmd);
    if (!m) return undefined;
    const env = assessTargets(cmd, rc);
    const unchecked = rc.env('DISABLE_DATABASE_ENVIRONMENT_CHECK') === '1';
    const f: CommandRuleFinding = {
      severity: env.reach === 'production' ? 'critical' : unchecked ? 'critical' : 'high',
      message: `${m.word.text} ${m.what}${unchecked ? ', with the environment check turned off' : ''}.`,
      span: spanTo(cmd, m.word),
      suggestion: 'Make sure it points at a local database (check the environment), and back up anything you need first.',
    };
    if (env.target) f.target = env.target;
    return f;
  },
  examples: {
    match: [
      { cmd: 'rails db:drop', exactly: 'high' },
      { cmd: 'RAILS_ENV=production rails db:drop', exactly: 'critical', target: 'RAILS_ENV=production' },
      'bin/rails db:reset',
      'bundle exec rake db:drop',
      'python manage.py flush --noinput',
      './manage.py flush',
      'npx prisma migrate reset --force',
      'npx prisma db push --accept-data-loss',
      'php artisan migrate:fresh --seed',
      'mix ecto.reset',
      'flyway clean',
      'dotnet ef database drop --force',
    ],
    nearMiss: ['rails db:migrate', 'rails db:seed', 'rails db:create', 'npx prisma migrate dev', 'npx prisma generate', 'python manage.py migrate', 'php artisan migrate', 'alembic upgrade head', 'npx prisma db push', 'rails server', 'python manage.py sqlflush', 'django-admin sqlmigrate shop 0007', 'vendor/bin/doctrine orm:schema-tool:drop --dump-sql', 'alembic downgrade base --sql'],
  },
};

/** Code handed to a framework console: `manage.py shell -c`, `rails runner`, `artisan tinker --execute`. */
function consoleCode(cmd: SimpleCommand): { code: Word; lang: 'python' | 'ruby' | 'php' } | undefined {
  const tool = asTool(cmd, ['rails', 'django-admin', 'manage.py']) ?? cmd;
  const p = tool.program;
  const pos = positionals(tool, ['-c', '--command', '-e', '--environment', '--execute']);
  if (p === 'rails' && (pos[0]?.text === 'runner' || pos[0]?.text === 'r') && pos[1]) return { code: pos[1], lang: 'ruby' };
  const isManage = p === 'manage.py' || p === 'django-admin' || (/^python(\d(\.\d+)?)?$/.test(p) && /(^|\/)manage\.py$/.test(pos[0]?.text ?? ''));
  if (isManage && pos.some((w) => w.text === 'shell')) {
    const c = optionValues(tool, '-c', '--command')[0];
    return c ? { code: c, lang: 'python' } : undefined;
  }
  if (p === 'php' && /(^|\/)artisan$/.test(pos[0]?.text ?? '') && pos[1]?.text === 'tinker') {
    const c = optionValues(tool, '--execute')[0];
    return c ? { code: c, lang: 'php' } : undefined;
  }
  return undefined;
}

const ORM_MASS: Readonly<Record<'python' | 'ruby' | 'php', RegExp>> = {
  python: /\.objects\s*\.\s*(all\s*\(\s*\)\s*\.\s*)?(delete|update)\s*\(/,
  ruby: /\b[A-Z]\w*(\s*\.\s*(all|unscoped))?\s*\.\s*(delete_all|destroy_all|update_all)\b/,
  php: /\b[A-Z]\w*::(truncate\s*\(|query\s*\(\s*\)\s*->\s*delete\s*\()/,
};

const ormMassDelete: Rule = {
  id: 'db.orm-delete-all',
  description: 'Framework console one-liners that delete or overwrite every row of a model (Model.objects.all().delete(), User.delete_all, Model::truncate()).',
  severity: 'high',
  programs: ['rails', 'django-admin', 'manage.py', 'python', 'python3', 'php', ...RUNNER_PROGRAMS],
  check(cmd, rc) {
    const c = consoleCode(cmd);
    if (!c) return undefined;
    const m = ORM_MASS[c.lang].exec(jsCode(c.code.text));
    if (!m) return undefined;
    const env = assessTargets(cmd, rc);
    const f: CommandRuleFinding = {
      severity: env.reach === 'production' ? 'critical' : 'high',
      message: `The console code ${/update/.test(m[0]) ? 'overwrites' : 'deletes'} every row of a model (${m[0].trim()}).`,
      span: c.code.span,
      suggestion: 'Filter to the rows you mean, and try it on a copy of the data first.',
    };
    if (env.target) f.target = env.target;
    return f;
  },
  examples: {
    match: [{ cmd: 'python manage.py shell -c "User.objects.all().delete()"', exactly: 'high' }, 'rails runner "User.delete_all"', { cmd: 'RAILS_ENV=production bin/rails runner "Order.destroy_all"', exactly: 'critical' }, 'php artisan tinker --execute="User::truncate()"'],
    nearMiss: ['python manage.py shell -c "print(User.objects.count())"', 'python manage.py shell -c "User.objects.filter(active=False).delete()"', 'rails runner "User.where(spam: true).delete_all"', 'rails runner "puts User.count"'],
  },
};

export const databasePack: RulePack = {
  name: 'db',
  description: 'SQL and database tools that drop, truncate or wipe data; production hosts raise the severity.',
  rules: [sqlDestructive, sqlUnreadable, dropDatabase, serverTools, migrationReset, migrationRollbackRule, redisFlush, redisDestructive, redisUnreadable, mongoDrop, frameworkResetRule, ormMassDelete],
  // The clients and server tools it reads. Migration tools and frameworks stay open to the generic
  // layer, and so do dropdb and dropuser, whose name is their verb: the layer still holds them when
  // their operands come from input (`… | xargs dropdb`).
  owns: [...Object.entries(CLIENTS).flatMap(([p, c]) => (c.subcommands ? c.subcommands.map((s) => `${p} ${s}`) : [p])), ...REDIS_CLIS, 'mongosh', 'mongo', 'mysqladmin', 'mariadb-admin', 'pg_restore', 'pg_ctl', 'pg_ctlcluster', 'pg_resetwal', 'pg_resetxlog', 'pg_dropcluster'],
};
