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
import { mostSevere, type Severity } from '../../severity';
import type { SimpleCommand, Span, Word } from '../../shell/model';
import { classifyStatement, createdTablesOf, type SqlDialect, splitStatements, tokenizeSql } from '../../formats/sql';
import { assessTargets, databaseUrlHost, isLocalHost, isProd, shiftSeverity } from '../context';
import { hasFlag, positionals, type Rule, type RuleContext, type CommandRuleFinding, type RulePack } from '../rule';
import { expandWord } from '../expansion';
import { readCommandFile } from '../files';
import { upstream } from '../pipeline';
import { asTool, RUNNER_PROGRAMS } from '../runners';
import { optionValues, spanTo } from '../words';

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
  cqlsh: { dialect: 'unknown', inline: ['-e', '--execute'], files: ['-f', '--file'], valued: ['-e', '--execute', '-f', '--file', '-u', '--username', '-p', '--password', '-k', '--keyspace'], host: [], hostEnv: ['CQLSH_HOST'] },
};

interface SqlSource {
  text: string;
  /** Where the text sits in the line; `exact` when offsets in `text` map 1:1 from `span[0]`. */
  span: Span;
  exact: boolean;
  from: string;
}

/** The word's text, and whether its raw form is a plain quoted or bare copy (offsets map exactly). */
function wordSource(w: Word, from: string): SqlSource {
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
  if (w.dynamic) {
    out.unreadable.push({ file: w.text, why: 'its name is not known until the command runs', span: w.span });
    return;
  }
  if (w.text === '-' || w.text === '/dev/stdin') return;
  const r = readCommandFile(rc, w.text);
  if ('text' in r) out.sql.push({ text: r.text, span: w.span, exact: false, from: `${from} ${w.text}` });
  else out.unreadable.push({ file: w.text, why: r.error, span: w.span });
}

/** All the SQL a client command will run that we can see, and the files we could not read. */
function sqlSources(cmd: SimpleCommand, client: Client, rc: RuleContext): Sources {
  const out: Sources = { sql: [], unreadable: [] };
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
  if (cmd.stdin) out.sql.push(placed(cmd.stdin.text, cmd.stdin.span, rc.line.source, cmd.stdin.kind));
  for (const r of cmd.redirects) if (r.op === '<' && r.target) fileSource(rc, r.target, '<', out);
  // cat file.sql | psql
  const up = upstream(rc.line, cmd)[0];
  if (up && up.program === 'cat') for (const w of positionals(up)) fileSource(rc, w, 'cat', out);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Blast radius

interface Reach {
  severity: (s: Severity) => Severity;
  target?: string;
}

/** A production host or environment → critical; another non-local host → one level up. */
function dbReach(cmd: SimpleCommand, rc: RuleContext, hostOpts: readonly string[], hostEnv: readonly string[]): Reach {
  const hosts: { host: string; label: string }[] = [];
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

const DESTRUCTIVE = new Set(['drop-database', 'drop-schema', 'drop-table', 'drop-column', 'truncate', 'delete-without-where', 'update-without-where', 'drop-index', 'drop-constraint']);

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
      if (a.target) f.target = `table ${a.target}`;
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
    const client = CLIENTS[cmd.program];
    if (!client) return undefined;
    const src = sqlSources(cmd, client, rc);
    const reach = dbReach(cmd, rc, client.host, client.hostEnv);
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
    ],
  },
};

const sqlUnreadable: Rule = {
  id: 'db.sql-file-unreadable',
  description: 'A database client told to run a SQL file that cannot be read here, so it cannot be judged.',
  severity: 'medium',
  programs: Object.keys(CLIENTS),
  check(cmd, rc) {
    const client = CLIENTS[cmd.program];
    if (!client) return undefined;
    return sqlSources(cmd, client, rc).unreadable.map((u) => ({
      severity: 'medium' as const,
      message: `Runs the SQL in ${u.file}, which cannot be checked: ${u.why}.`,
      span: u.span,
      atLeast: 'confirm' as const,
      suggestion: 'Check what the file does before running it.',
    }));
  },
  examples: {
    match: ['psql -f /nonexistent/cleanup.sql', 'mysql shop < missing.sql', 'psql -f "$MIGRATION"'],
    nearMiss: ['psql -f db/seed.sql', 'psql < db/reset.sql', "psql -c 'select 1'"],
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

const REDIS_VALUED = ['-h', '-p', '-a', '-n', '-u', '-s', '--user', '--pass', '--askpass', '-r', '-i', '-d', '--cacert', '--cert', '--key', '--sni', '--pattern', '--count'];

const redisFlush: Rule = {
  id: 'db.redis-flush',
  description: 'redis-cli FLUSHALL / FLUSHDB deletes every key.',
  severity: 'high',
  programs: ['redis-cli', 'valkey-cli', 'keydb-cli'],
  check(cmd, rc) {
    const pos = positionals(cmd, REDIS_VALUED);
    let hit: { word?: Word; op: string } | undefined;
    const first = pos[0];
    if (first && /^flush(all|db)$/i.test(first.text)) hit = { word: first, op: first.text.toUpperCase() };
    if (!hit && cmd.stdin) {
      const m = /^\s*(flushall|flushdb)\b/im.exec(cmd.stdin.text);
      if (m) hit = { op: m[1]!.toUpperCase() };
    }
    if (!hit) return undefined;
    const reach = dbReach(cmd, rc, ['-h', '-u'], ['REDIS_HOST', 'REDIS_URL']);
    const f: CommandRuleFinding = {
      severity: 'high',
      message: `${hit.op} deletes every key ${hit.op === 'FLUSHALL' ? 'in every database of this Redis server' : 'in the selected Redis database'}.`,
      span: hit.word ? spanTo(cmd, hit.word) : cmd.stdin!.span,
      suggestion: 'Delete the keys you mean by pattern (redis-cli --scan --pattern "x:*" | xargs redis-cli DEL).',
    };
    return apply(f, reach);
  },
  examples: {
    match: [{ cmd: 'redis-cli FLUSHALL', exactly: 'high' }, { cmd: 'redis-cli -h cache.prod.internal flushdb', exactly: 'critical' }, 'redis-cli -n 2 FLUSHDB', 'redis-cli <<EOF\nFLUSHALL\nEOF'],
    nearMiss: ['redis-cli ping', 'redis-cli GET flushall', 'redis-cli DEL session:abc', "redis-cli --scan --pattern 'user:*'"],
  },
};

/** JavaScript with strings and comments blanked, so calls can be matched without quoting tricks. */
function jsCode(src: string): string {
  return src.replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*|'(?:\\.|[^'\\])*'|"(?:\\.|[^"\\])*"|`(?:\\.|[^`\\])*`/g, (m) => (m.startsWith('/') ? ' ' : `${m[0]}${m[0]}`));
}

const MONGO_CALLS: { re: RegExp; what: string; severity: Severity }[] = [
  { re: /\.\s*dropDatabase\s*\(/, what: 'drops the whole database', severity: 'high' },
  { re: /\.\s*drop\s*\(\s*\)/, what: 'drops a collection and all its documents', severity: 'high' },
  { re: /\.\s*(deleteMany|remove)\s*\(\s*(\{\s*\})?\s*\)/, what: 'deletes every document of a collection', severity: 'high' },
  { re: /\.\s*updateMany\s*\(\s*\{\s*\}/, what: 'changes every document of a collection', severity: 'high' },
  { re: /\.\s*dropAllUsers\s*\(/, what: 'drops every user', severity: 'high' },
];

const mongoDrop: Rule = {
  id: 'db.mongo-destructive',
  description: 'mongosh/mongo --eval code that drops a database or collection or deletes every document.',
  severity: 'high',
  programs: ['mongosh', 'mongo'],
  check(cmd, rc) {
    const codes: { text: string; span: Span }[] = optionValues(cmd, '--eval').map((w) => ({ text: w.text, span: w.span }));
    if (cmd.stdin) codes.push({ text: cmd.stdin.text, span: cmd.stdin.span });
    for (const c of codes) {
      const code = jsCode(c.text);
      for (const m of MONGO_CALLS) {
        if (!m.re.test(code)) continue;
        const reach = dbReach(cmd, rc, ['--host'], ['MONGO_URL', 'MONGODB_URI']);
        return apply({ severity: m.severity, message: `The MongoDB code ${m.what}.`, span: c.span, suggestion: 'Dump it first (mongodump), and filter deletes to the documents you mean.' }, reach);
      }
    }
    return undefined;
  },
  examples: {
    match: [{ cmd: "mongosh --eval 'db.dropDatabase()'", exactly: 'high' }, 'mongo shop --eval "db.dropDatabase()"', { cmd: "mongosh \"mongodb://prod-mongo.example.com/shop\" --eval 'db.orders.drop()'", exactly: 'critical' }, "mongosh --eval 'db.users.deleteMany({})'"],
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
  if (p === 'alembic' && first?.text === 'downgrade' && pos[1]?.text === 'base') return { word: pos[1], what: 'runs every downgrade back to an empty schema' };
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

const frameworkResetRule: Rule = {
  id: 'db.framework-reset',
  description: 'Framework commands that drop or wipe the database (rails db:drop/reset, prisma migrate reset, manage.py flush, artisan migrate:fresh, ecto.drop, flyway clean, …).',
  severity: 'high',
  programs: ['rails', 'rake', 'prisma', 'sequelize', 'sequelize-cli', 'typeorm', 'flyway', 'liquibase', 'alembic', 'mix', 'django-admin', 'manage.py', 'python', 'python3', 'php', 'dotnet', ...RUNNER_PROGRAMS],
  check(cmd, rc) {
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
      'alembic downgrade base',
    ],
    nearMiss: ['rails db:migrate', 'rails db:seed', 'rails db:create', 'npx prisma migrate dev', 'npx prisma generate', 'python manage.py migrate', 'php artisan migrate', 'alembic upgrade head', 'npx prisma db push', 'rails server'],
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
  rules: [sqlDestructive, sqlUnreadable, dropDatabase, redisFlush, mongoDrop, frameworkResetRule, ormMassDelete],
};
