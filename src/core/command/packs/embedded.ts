/**
 * SQL inside the arguments of any tool: query tools, warehouse and platform CLIs with a `sql` or
 * `query` subcommand, database shells under other names take a statement as a positional or an
 * option value. For a program no database rule speaks for (a fallback rule, like the generic
 * layer), an argument whose text is a SQL statement that drops, truncates or deletes/updates every
 * row is judged as SQL that program runs, with the shared SQL reader (formats/sql.ts, through
 * database.ts `sqlFindings`), and reach read like a database client's (a production-looking host,
 * URL or environment → critical).
 *
 * Text that is only carried stays quiet: messages, titles and notes (`-m`, `--message`, `--title`,
 * `--body`, …), and programs that print, search, log or lint text (shell/embedded.ts).
 */
import type { SimpleCommand, Word } from '../../shell/model';
import { CARRIER_OPTIONS, carriesText, looksLikeDestructiveSql, looksLikeSql } from '../../shell/embedded';
import { readsRequestsOnStdin, takesDataInput } from '../../shell/console';
import type { CommandRuleFinding, Rule, RuleContext, RulePack } from '../rule';
import { isProd } from '../context';
import { dbReach, type SqlSource, sqlFindings, wordSource } from './database';
import { mostSevere } from '../../severity';

const MAX_SHOWN = 60;

/** A short option (`-e`, `-q`, `-s`: tools differ) or a long one whose name says it holds a statement (`--sql`, `--query`, `--execute`). */
function statementOption(name: string): boolean {
  return !name.startsWith('--') || /sql|query|statement|stmt|command|cmd|exec|script|eval|run|text/i.test(name);
}

/** Options whose value is the body of an `ALTER TABLE` (online schema-change tools: `--alter 'DROP COLUMN x'`). */
const ALTER_OPTION = /^--?alter(?:-table)?$/i;

/** The table an online schema change acts on: `t=NAME` in a DSN operand (`D=shop,t=users`), or `--table NAME`. */
function alteredTable(cmd: SimpleCommand): string {
  const a = cmd.args;
  for (let i = 0; i < a.length; i++) {
    const t = a[i]!.text;
    const dsn = /(?:^|,)t=([\w$.]+)/.exec(t);
    if (dsn && !t.startsWith('-')) return dsn[1]!;
    if (t === '--table' && a[i + 1]) return a[i + 1]!.text;
    if (t.startsWith('--table=')) return t.slice(8);
  }
  return 'the_table';
}

/**
 * `--alter 'DROP COLUMN email' … --execute`: the statement the tool runs, when it destroys
 * something. Online schema-change tools change nothing without `--execute` (gh-ost runs a noop
 * migration, pt-online-schema-change checks and exits).
 */
function alterSource(cmd: SimpleCommand, w: Word, name: string, body: string): SqlSource | undefined {
  if (!cmd.args.some((a) => a.text === '--execute' || a.text === '--execute=true')) return undefined;
  if (/^\s*ALTER\s/i.test(body)) return looksLikeDestructiveSql(body) ? { text: body, span: w.span, exact: false, from: name } : undefined;
  const text = `ALTER TABLE ${alteredTable(cmd)} ${body}`;
  return looksLikeDestructiveSql(text) ? { text, span: w.span, exact: false, from: name } : undefined;
}

/** The arguments of `cmd` that read as destructive SQL, each with where it came from (`-q`, `argument`). */
function sqlArguments(cmd: SimpleCommand): SqlSource[] {
  const out: SqlSource[] = [];
  const a = cmd.args;
  for (let i = 0; i < a.length; i++) {
    const w: Word = a[i]!;
    const t = w.text;
    if (t.length > 1 && t.startsWith('-')) {
      const eq = t.indexOf('=');
      const name = eq > 0 ? t.slice(0, eq) : t;
      if (CARRIER_OPTIONS.has(name) || CARRIER_OPTIONS.has(name.toLowerCase())) {
        if (eq < 0) i++;
        continue;
      }
      if (ALTER_OPTION.test(name)) {
        const v = eq > 0 ? w : a[i + 1];
        const src = v && alterSource(cmd, v, name, eq > 0 ? t.slice(eq + 1) : v.text);
        if (src) out.push(src);
        if (eq < 0) i++;
        continue;
      }
      if (eq > 0 && statementOption(name) && looksLikeDestructiveSql(t.slice(eq + 1))) out.push({ text: t.slice(eq + 1), span: w.span, exact: false, from: name });
      continue;
    }
    // A setting that carries the statement (`db.execute sql="DROP TABLE census_2020"`, `query=…`).
    const setting = /^(sql|query|statement|stmt)=([\s\S]+)$/i.exec(t);
    if (setting) {
      if (looksLikeDestructiveSql(setting[2]!)) out.push({ text: setting[2]!, span: w.span, exact: false, from: `${setting[1]}=` });
      continue;
    }
    if (!looksLikeDestructiveSql(t)) continue;
    const prev = a[i - 1]?.text;
    const option = prev && prev.length > 1 && prev.startsWith('-') && !prev.includes('=') ? prev : undefined;
    if (option && !statementOption(option)) continue;
    out.push(wordSource(w, option ?? 'argument'));
  }
  const input = cmd.stdin;
  if (input && !input.dynamic && runsInput(cmd)) {
    // a console's own directives may come first (`.LOGON host/user,pw`, `SET ECHO ON`, `\c db`): the statements start at the first line that opens one
    const lines = input.text.split('\n');
    const at = lines.findIndex((l) => looksLikeSql(l));
    const text = at > 0 ? lines.slice(at).join('\n') : input.text;
    if (looksLikeDestructiveSql(text)) out.push({ text, span: input.span, exact: false, from: 'stdin' });
  }
  return out;
}

/** Subcommands that run what they are given (`prisma db execute --stdin`, `X sql`, `X query -`). */
const RUNS_STATEMENTS = /^(?:execute|exec|sql|query|run|apply|shell|console)$/;

/** The command runs the statements on its standard input: it says `--stdin` or `-`, its subcommand runs what it is given, or it reads requests there like a console (`echo 'DROP …' | isql DSN`). */
function runsInput(cmd: SimpleCommand): boolean {
  if (takesDataInput(cmd.program)) return false;
  if (readsRequestsOnStdin(cmd)) return true;
  let n = 0;
  for (const w of cmd.args) {
    if (w.text === '--stdin' || w.text === '-') return true;
    if (w.text.startsWith('-') || n >= 3) continue;
    if (RUNS_STATEMENTS.test(w.text)) return true;
    n++;
  }
  return false;
}

/** An option value naming a production host, connection or environment (`-c prod`, `-e http://cb-prod:8091`). */
function prodOption(cmd: SimpleCommand, rc: RuleContext): string | undefined {
  const a = cmd.args;
  for (let i = 0; i < a.length; i++) {
    const t = a[i]!.text;
    if (!t.startsWith('-') || t.length < 2 || CARRIER_OPTIONS.has(t)) continue;
    const eq = t.indexOf('=');
    const value = eq > 0 ? t.slice(eq + 1) : a[i + 1]?.text;
    if (value === undefined || value.startsWith('-') || looksLikeDestructiveSql(value) || /\s/.test(value)) continue;
    const host = /^[a-z][\w+.-]*:\/\/(?:[^@/?#]*@)?([^:/?#]+)/i.exec(value)?.[1] ?? value;
    if (isProd(host, rc)) return `${eq > 0 ? t.slice(0, eq) : t} ${value}`;
  }
  // `mysqlsh root@prod-db:3306 …`: a connection given as an operand, user@host[:port][/schema]
  for (const w of a) {
    const host = /^[\w.%+-]+@([\w.-]+)(?::\d+)?(?:\/[\w.-]*)?$/.exec(w.text)?.[1];
    if (host && !w.text.startsWith('-') && isProd(host, rc)) return `database host ${host}`;
  }
  return undefined;
}

/** In backticks, like commands in other messages; in double quotes when the text holds a backtick. */
function quoted(text: string): string {
  return text.includes('`') ? `"${text}"` : `\`${text}\``;
}

/** The command hands its arguments to a command of its own (`docker exec db cbq -s …`): that one is judged. */
function wraps(cmd: SimpleCommand, rc: RuleContext): boolean {
  return rc.line.commands.some((c) => c !== cmd && c.via.some((v) => v.span[0] === cmd.span[0] && v.span[1] === cmd.span[1]));
}

/**
 * The command runs the rest of its own words as a command (`nsenter -t 1 -m rm -rf …`, `gosu
 * postgres rm …`, `adb shell rm …`): that command is judged, so the wrapper's words are not read
 * again as its subcommands (`rm` is not a subcommand of `gosu`).
 */
function runsItsWords(cmd: SimpleCommand, rc: RuleContext): boolean {
  return rc.line.commands.some((c) => c !== cmd && c.name !== undefined && cmd.args.includes(c.name) && c.via.some((v) => v.span[0] === cmd.span[0] && v.span[1] === cmd.span[1]));
}

function shown(text: string): string {
  const one = text.replace(/\s+/g, ' ').trim();
  return one.length > MAX_SHOWN ? `${one.slice(0, MAX_SHOWN - 1)}…` : one;
}

const sqlInArguments: Rule = {
  id: 'embedded.sql',
  description: 'A SQL statement given as an argument or option value to a program no database rule speaks for (a query tool, a warehouse or platform CLI, a database shell under another name) that drops, truncates, or deletes/updates every row.',
  severity: 'high',
  programs: '*',
  fallback: true,
  spokeFor: runsItsWords,
  check(cmd, rc) {
    if (cmd.program === '' || carriesText(cmd) || wraps(cmd, rc)) return undefined;
    const sources = sqlArguments(cmd);
    if (sources.length === 0) return undefined;
    const out: CommandRuleFinding[] = [];
    for (const src of sources) {
      const found = sqlFindings(src, 'unknown');
      const worst = mostSevere(found);
      if (!worst) continue;
      const what = worst.message.replace(/^SQL /, '').replace(/\.$/, '');
      const more = found.length > 1 ? ` (and ${found.length - 1} more destructive statement${found.length > 2 ? 's' : ''})` : '';
      const where = src.from === 'argument' ? 'as an argument' : src.from === 'stdin' ? 'on its standard input' : `in ${src.from}`;
      out.push({ ...worst, message: `${cmd.program} runs the SQL it is given ${where}, ${quoted(shown(src.text))}: it ${what}${more}.` });
    }
    const best = mostSevere(out);
    if (!best) return undefined;
    const prod = prodOption(cmd, rc);
    if (prod) return { ...best, severity: 'critical', target: prod };
    const reach = dbReach(cmd, rc, [], []);
    const f: CommandRuleFinding = { ...best, severity: reach.severity(best.severity) };
    if (reach.target) f.target = reach.target;
    return f;
  },
  examples: {
    match: [
      { cmd: "db2 'DROP TABLE staging.orders'", exactly: 'high', span: 'DROP TABLE staging.orders' },
      { cmd: "qsql exec -q 'TRUNCATE TABLE events'", exactly: 'high' },
      { cmd: "warehouse-cli sql --statement 'DELETE FROM audit_log'", exactly: 'high' },
      { cmd: 'lakectl query --sql="DROP SCHEMA raw CASCADE"', exactly: 'high' },
      { cmd: "dbshell --url postgres://admin@prod-db.example.com/shop 'DROP TABLE orders'", exactly: 'critical' },
      { cmd: "tsql -S mssql01 -e 'UPDATE accounts SET balance = 0'", severity: 'high' },
      "Invoke-DbQuery -Query 'DROP DATABASE Sales'",
      // a setting that carries the statement
      { cmd: 'gisdb.execute sql="DROP TABLE census_2020"', exactly: 'high', span: 'sql="DROP TABLE census_2020"' },
      // the body of an ALTER TABLE an online schema-change tool runs (with --execute)
      { cmd: "gh-ost --alter='DROP COLUMN legacy_flags' --database=shop --table=orders --execute", exactly: 'high', span: "--alter='DROP COLUMN legacy_flags'" },
      { cmd: "pt-online-schema-change --alter 'DROP COLUMN legacy' D=app,t=accounts --execute", exactly: 'high' },
      // statements on standard input of a command that runs them
      { cmd: "prisma db execute --stdin <<< 'DROP TABLE users;'", exactly: 'high' },
      // … or of a console that reads requests there, after its own directives
      { cmd: "echo 'TRUNCATE TABLE audit_log' | nzsql -d warehouse", exactly: 'high' },
      "bteq <<'EOF'\n.LOGON tdprod/dbc,pw\nDROP DATABASE sales_hist;\n.LOGOFF\nEOF",
      // a connection given as user@host: a production host raises it
      { cmd: "mysqlsh admin@prod-db.internal:3306 --sql -e 'TRUNCATE TABLE shop.sessions'", exactly: 'critical', target: 'database host prod-db.internal' },
      // statements code hands to a database client (code/foreign.ts sqlCalls), the connection's host as reach
      { cmd: "python3 -c \"import psycopg2; psycopg2.connect('postgresql://app@db.internal/app').cursor().execute('TRUNCATE TABLE events')\"", exactly: 'high' },
      { cmd: "php -r '$pdo = new PDO(\"pgsql:host=prod-db.example.com;dbname=shop\"); $pdo->exec(\"DROP TABLE carts\");'", exactly: 'critical' },
    ],
    nearMiss: [
      "db2 'SELECT * FROM staging.orders'",
      'gisdb.execute sql="SELECT * FROM parcels"',
      "python3 -c \"import psycopg2; psycopg2.connect('postgresql://app@db.internal/app').cursor().execute('SELECT count(*) FROM events')\"",
      "python3 -c \"print('DROP TABLE events')\"",
      "qsql exec -q 'DELETE FROM events WHERE id = 42'",
      "jira issue create --summary 'DROP TABLE users fails on replica'",
      "mytool deploy -m 'DELETE FROM sessions was slow'",
      "sqlfluff lint --dialect postgres 'DROP TABLE x'",
      "sql-formatter format 'DELETE FROM events'",
      "grep -rn 'DROP TABLE' migrations/",
      "echo 'TRUNCATE events'",
      "logger 'DELETE FROM sessions ran'",
      "notes add 'drop table after the migration'",
      "mytool sql --help 'DROP TABLE users'",
      "mytool query --dry-run 'DROP TABLE users'",
      "gh-ost --alter='DROP COLUMN legacy_flags' --database=shop --table=orders",
      "gh-ost --alter='ADD COLUMN note TEXT' --database=shop --table=orders --execute",
      "pt-online-schema-change --alter 'DROP COLUMN legacy' D=app,t=accounts --dry-run",
      "mytool deploy --comment 'DROP TABLE users after the cutover'",
      "mysqlsh admin@prod-db.internal:3306 --sql -e 'SELECT count(*) FROM shop.sessions'",
      "prisma db execute --stdin <<< 'SELECT 1;'",
      "mytool import <<< 'DROP TABLE users;'",
      "git commit -F - <<< 'DROP TABLE users in the cleanup'",
      // data piped into a filter, an encoder or an uploader is not a console's input
      "echo 'DROP TABLE users' | tee notes.sql",
      "echo 'DROP DATABASE prod' | aws s3 cp - s3://notes/todo.txt",
      "echo 'SELECT * FROM orders' | isql -b DSN u p",
      "echo 'drop the staging table' | llm",
    ],
  },
};

export const embeddedPack: RulePack = {
  name: 'embedded',
  description: 'Statements and command lines carried inside the arguments of tools no other rule reads.',
  rules: [sqlInArguments],
};
