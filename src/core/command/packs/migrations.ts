/**
 * Schema migrations undone, for any migration tool: a rollback runs the migrations' down steps,
 * which drop the tables and columns they created, with the rows in them.
 *
 * A migration tool is recognised by its name (`node-pg-migrate`, `migrate-mongo`, any `*migrat*`;
 * the frameworks and tools that migrate: alembic, flyway, liquibase, phinx, tern, knex, …) or by
 * a migration subcommand (`flask db downgrade`, `hanami db rollback`, `mix ecto.rollback`,
 * `artisan migrate:rollback`, `doctrine:migrations:migrate prev`). It undoes migrations when a
 * subcommand word says so (down, rollback, downgrade, revert, undo, redo, unapply, in any
 * compound: `rollback-count`, `db:migrate:down`, `migration:revert`) or when it migrates to the
 * start (`migrate APP zero`, `--destination 0`, `database update 0`, `VERSION=0`, `first`), by a
 * version option anywhere (`sequel -m dir -M 0`, `Update-Database -Migration 0`, `--target 0`),
 * by a migration tool's first operand 0 (`postgrator 0`), or goes back and forth at once
 * (`migrate:fresh`, `migrate/fresh`, `migration:reset`, `migrate:refresh`: critical).
 * Schema tools told to accept data loss (`--allow-hazards DELETES_DATA`, `--allow-unsafe`,
 * `--enable-drop`) while applying, or whose unsafe diff is piped into psql, are held too.
 *
 * Severity: high; back to an empty schema (`zero`, `base`, `0`, `all`, `--all`, `undo:all`) or
 * against a production target, critical. Forms that only print the SQL (`rollback-sql`,
 * `alembic downgrade --sql`, `--pretend`) or record without running (`--fake`) stay quiet;
 * rehearsals (`--dry-run`) are lifted by the analyzer. `dbt run --full-refresh` drops and
 * rebuilds incremental models: shown (medium). Tools with their own table (db.migration-reset:
 * golang-migrate, dbmate, knex, goose, …) are judged there.
 */
import type { Severity } from '../../severity';
import type { SimpleCommand, Word } from '../../shell/model';
import { assessTargets, isProd } from '../context';
import { positionals, type CommandRuleFinding, type Rule, type RuleContext } from '../rule';
import { pipeSource } from '../pipeline';
import { RUNNER_PROGRAMS } from '../runners';
import { spanTo } from '../words';
import { tokensOf } from '../generic/verbs';

/** Tools whose name says they migrate schemas, beyond `*migrat*`. */
const MIGRATION_TOOLS: ReadonlySet<string> = new Set([
  'alembic', 'flyway', 'liquibase', 'sqitch', 'tern', 'phinx', 'yoyo', 'sequelize', 'sequelize-cli', 'typeorm', 'refinery', 'evolve',
  'grate', 'yuniql', 'rh', 'umzug', 'pgroll', 'shmig', 'ecto', 'prisma', 'mikro-orm', 'drizzle-kit', 'kysely', 'dotnet-ef', 'flask',
  'hanami', 'rails', 'rake', 'artisan', 'django-admin', 'manage.py', 'mix', 'sea-orm-cli',
  // Migration tools named for something else: Postgrator, ley, Sequel's `-m DIR -M VERSION`,
  // Piccolo, Aerich (Tortoise ORM), Orator, Masonite's craft, AdonisJS's ace, Yii, Rambler.
  'postgrator', 'ley', 'sequel', 'piccolo', 'aerich', 'orator', 'craft', 'ace', 'yii', 'rambler',
  // Declarative schema tools that push a desired schema: skeema.
  'skeema',
]);
/** Tools judged by db.migration-reset's own table. */
const OWN_TABLE: ReadonlySet<string> = new Set(['migrate', 'dbmate', 'sqlx', 'knex', 'goose', 'diesel', 'sea-orm-cli', 'mikro-orm', 'atlas', 'sqitch', 'graphile-migrate', 'drizzle-kit']);
/** Subcommand tokens that put a command in a migration context (`flask db …`, `dotnet ef database …`). */
const CONTEXT_TOKENS: ReadonlySet<string> = new Set(['migrate', 'migrations', 'migration', 'db', 'database', 'ecto', 'schema']);
/** Tokens that undo migrations. */
const UNDO_TOKENS: ReadonlySet<string> = new Set(['down', 'rollback', 'downgrade', 'revert', 'undo', 'redo', 'unapply', 'rollbackcount', 'rollbacktodate', 'backwards', 'backward', 'reverse']);
/**
 * Tokens that go back to the start in one step: `migrate:fresh` and `migrate/fresh` drop every
 * table and migrate again (Laravel, Payload, Yii, Adonis `migration:fresh`), `migrate:reset`
 * rolls every migration back, `migrate:refresh` rolls every one back and runs them again.
 */
const START_TOKENS: ReadonlySet<string> = new Set(['fresh', 'reset', 'refresh']);
/** Tokens of forms that only print or list (`rollback-sql`, `future-rollback-sql`, `migrate:status`). */
const PRINT_TOKENS: ReadonlySet<string> = new Set(['sql', 'status', 'history', 'list', 'show', 'info', 'validate', 'preview', 'plan', 'help', 'generate', 'create', 'new', 'make']);
/** Options that print the SQL or record the step without running it. */
const PRINTS = /^--?(?:sql|fake|pretend|print-sql|show-sql|dry-?run|plan|preview)$/i;
/** Targets that mean the start: every migration undone. */
const START = /^(?:0|zero|base|all|first|initial)$/i;
/** Options whose value is the target version. */
const TARGET_OPTION = /^(?:--destination|-d|--target|-t|--to|--version|-v|--target-version|--steps)$/;
/**
 * Options that name the version to migrate to wherever they stand, with no subcommand: Sequel's
 * `-M`/`--migrate-version`, EF Core's `Update-Database -Migration`, `--target`, `--to`,
 * `--destination`, `--target-version`, `-TargetMigration`. Read only in a migration context.
 */
const VERSION_OPTION = /^(?:-M|--migrate-version|--migration|-migration|-targetmigration|--target-migration|--target|--to|--destination|--target-version|--to-version)$/i;
/** A target behind the current version: a relative step back (`-1`) or the previous one. */
const BACK = /^(?:-\d+|prev|previous)$/i;
/** Options that undo migrations (`hasura migrate apply --down 2`, `--rollback`). */
const UNDO_OPTION = /^--(?:down|rollback|downgrade|revert|undo)(?:=(.*))?$/i;

interface Rollback {
  word: Word;
  all?: Word;
}

/** Targets that mean the start when migrating to them (`migrate app zero`): `all` there applies everything. */
const START_TARGET = /^(?:0|zero|base|first|initial)$/i;

/** The word after `after` that sends the rollback (or the migration) back to the start, or undefined. */
function startWord(cmd: SimpleCommand, after: Word, start: RegExp = START): Word | undefined {
  const a = cmd.args;
  for (let i = 0; i < a.length; i++) {
    const w = a[i]!;
    if (w.dynamic || w.span[0] <= after.span[0]) continue;
    const t = w.text;
    if ((start === START && /^--?all$/i.test(t)) || /^(?:VERSION|TARGET)=0$/i.test(t)) return w;
    // sql-migrate's `down -limit=0`: no limit, every migration.
    if (start === START && (/^--?limit=0+$/i.test(t) || (/^--?limit$/i.test(t) && /^0+$/.test(a[i + 1]?.text ?? '')))) return w;
    const eq = t.indexOf('=');
    if (eq > 0 && TARGET_OPTION.test(t.slice(0, eq)) && start.test(t.slice(eq + 1))) return w;
    if (TARGET_OPTION.test(t) && start.test(a[i + 1]?.text ?? '')) return a[i + 1];
    // A bare target, not the value of an option (`--up all` applies everything).
    if (t.charCodeAt(0) !== 45 && start.test(t) && !(a[i - 1]?.text ?? '').startsWith('-')) return w;
  }
  return undefined;
}

/** The rollback a command runs, or undefined. */
export function migrationRollback(cmd: SimpleCommand): Rollback | undefined {
  // A package runner's tool is judged on its own (the analyzer unwraps `npx knex …`).
  const tool = cmd;
  const program = tool.program;
  if (RUNNERS.has(program) || tool.args.some((w) => PRINTS.test(w.text))) return undefined;
  if (OWN_TABLE.has(program)) return gotoStart(tool);
  const pos = positionals(tool, ['-c', '--config', '-f', '--app', '--settings', '-e', '--env', '--environment', '--changelog-file', '--url', '-u']).slice(0, 4);
  const named = program.includes('migrat') || MIGRATION_TOOLS.has(program) || MIGRATION_TOOLS.has(program.replace(/^.*\//, ''));
  // A program named for the database it migrates (PowerShell's `Update-Database`).
  const programTokens = tokensOf(program);
  const updatesDb = programTokens.includes('update') && programTokens.some((k) => k === 'database' || k === 'db');
  let context = named || updatesDb;
  for (const w of pos) {
    if (w.dynamic) continue;
    const tokens = tokensOf(w.text);
    if (tokens.some((k) => PRINT_TOKENS.has(k))) return undefined;
    if (tokens.some((k) => CONTEXT_TOKENS.has(k)) || /(?:^|\/)(?:manage\.py|artisan|console)$/.test(w.text)) context = true;
    if (!context) continue;
    if (tokens.some((k) => UNDO_TOKENS.has(k))) {
      // `db:migrate:undo:all`, `rollback --all`, `downgrade base`, `rollback -t 0`.
      const all = tokens.includes('all') ? w : startWord(tool, w);
      return all ? { word: w, all } : { word: w };
    }
    // `migrate:fresh`, `migrate/fresh`, `migration:reset`, `migrate:refresh`: back to the start at once.
    if (tokens.length > 1 && tokens.some((k) => START_TOKENS.has(k)) && tokens.some((k) => k.startsWith('migrat'))) return { word: w, all: w };
    // A tool named for migrating, told `reset` or `fresh` (`db-migrate reset`).
    if (named && START_TOKENS.has(w.text) && w === pos[0]) return { word: w, all: w };
    // Migrating to the start: `migrate billing zero`, `migrate --destination 0`, `database update 0`;
    // or back a step: `migrate --destination -1`.
    if (tokens.includes('migrate') || (w.text === 'update' && pos.some((p) => p.text === 'database'))) {
      const all = startWord(tool, w, START_TARGET);
      if (all) return { word: w, all };
      const a = tool.args;
      const back = a.findIndex((x, i) => TARGET_OPTION.test(x.text) && BACK.test(a[i + 1]?.text ?? ''));
      if (back >= 0) return { word: a[back + 1]! };
    }
  }
  // An option that undoes migrations in a migration context (`hasura migrate apply --down 1`).
  if (context) {
    const a = tool.args;
    const target = versionZero(tool, named || updatesDb);
    if (target) return { word: target, all: target };
    for (let i = 0; i < a.length; i++) {
      const m = UNDO_OPTION.exec(a[i]!.text);
      if (!m) continue;
      const value = m[1] ?? a[i + 1]?.text ?? '';
      return START.test(value) ? { word: a[i]!, all: m[1] !== undefined ? a[i]! : a[i + 1]! } : { word: a[i]! };
    }
  }
  return undefined;
}

/**
 * A migration to version 0 named by an option (`sequel -m db/migrations -M 0`, `Update-Database
 * -Migration 0`, `--target 0`) or, for a tool named for migrating, by its first operand
 * (`postgrator 0`): every migration is undone.
 */
function versionZero(tool: SimpleCommand, named: boolean): Word | undefined {
  const a = tool.args;
  for (let i = 0; i < a.length; i++) {
    const t = a[i]!.text;
    const eq = t.indexOf('=');
    if (eq > 0 && VERSION_OPTION.test(t.slice(0, eq)) && START_TARGET.test(t.slice(eq + 1))) return a[i];
    if (VERSION_OPTION.test(t) && !a[i + 1]?.dynamic && START_TARGET.test(a[i + 1]?.text ?? '')) return a[i + 1];
  }
  if (!named) return undefined;
  const first = positionals(tool, ['--config', '-c', '--connection-string', '--url'])[0];
  return first && !first.dynamic && /^0+$/.test(first.text) ? first : undefined;
}

/** Build tools that run a migration tool's plugin goals (`mvn flyway:clean`, `./gradlew flywayClean`, `sbt flywayClean`). */
const BUILD_TOOLS = /(?:^|\/)(?:mvn|mvnw|gradle|gradlew|sbt)$/;
/** Migration tools with build plugins, and what their goals' verbs do. */
const PLUGIN_TOOLS: ReadonlySet<string> = new Set(['flyway', 'liquibase']);

/**
 * A migration tool's goal run by a build tool: `flyway:clean`, `flywayClean`, `liquibase:dropAll`
 * drop every object of the schema; `liquibase:rollback`, `flywayUndo` undo migrations. Goals that
 * print SQL (`rollbackSQL`) or report (`info`, `validate`) are quiet.
 */
function pluginGoal(cmd: SimpleCommand, rc: RuleContext): CommandRuleFinding | undefined {
  for (const w of positionals(cmd)) {
    if (w.dynamic) continue;
    const tokens = tokensOf(w.text);
    if (tokens.length < 2 || !PLUGIN_TOOLS.has(tokens[0]!) || tokens.some((k) => PRINT_TOKENS.has(k))) continue;
    const drops = tokens.includes('clean') || (tokens.includes('drop') && tokens.includes('all')) || tokens.includes('dropall');
    if (!drops && !tokens.some((k) => UNDO_TOKENS.has(k))) continue;
    const env = assessTargets(cmd, rc);
    const f: CommandRuleFinding = {
      severity: env.reach === 'production' ? 'critical' : 'high',
      message: `${w.text} ${drops ? 'drops every object in the configured schemas, with their rows' : 'rolls back migrations: their down steps drop the tables and columns they created'}${env.reach === 'production' ? ` on ${env.target}` : ''}.`,
      span: spanTo(cmd, w),
      suggestion: 'Check which database the build points at (its url property) and dump it first.',
    };
    if (env.target) f.target = env.target;
    return f;
  }
  return undefined;
}

/** Subcommands that migrate to the version after them, up or down (golang-migrate `goto`, goose `down-to`). */
const GOTO = /^(?:goto|down-?to|migrate-?to)$/i;

/**
 * For the tools db.migration-reset judges by its own table, only what that table leaves out: a
 * migration to version 0 (`migrate … goto 0`, `goose … down-to 0`, `atlas migrate down
 * --to-version 0`), every migration undone.
 */
function gotoStart(tool: SimpleCommand): Rollback | undefined {
  const a = tool.args;
  for (let i = 0; i + 1 < a.length; i++) {
    if (GOTO.test(a[i]!.text) && !a[i + 1]!.dynamic && /^0+$/.test(a[i + 1]!.text)) return { word: a[i]!, all: a[i + 1]! };
  }
  // `atlas migrate down --to-version 0`.
  const zero = versionZero(tool, false);
  if (zero) return { word: zero, all: zero };
  // `diesel migration revert --all`.
  const undo = positionals(tool).slice(0, 3).find((w) => tokensOf(w.text).some((k) => UNDO_TOKENS.has(k)));
  const all = undo && a.find((w) => /^--?all$/i.test(w.text) && w.span[0] > undo.span[0]);
  return undo && all ? { word: undo, all } : undefined;
}

const RUNNERS: ReadonlySet<string> = new Set(RUNNER_PROGRAMS);

export const migrationRollbackRule: Rule = {
  id: 'db.migration-rollback',
  description: 'Any migration tool rolling migrations back (down, rollback, downgrade, revert, undo, redo, migrate to zero/base/0): their down steps drop the tables and columns they created. High; critical back to an empty schema or on a production target.',
  severity: 'high',
  programs: '*',
  check(cmd, rc) {
    // Cheap gate: only commands with a migration-looking word.
    const p = cmd.program;
    if (cmd.args.some((w) => w.text === '--full-refresh')) return fullRefresh(cmd);
    if (BUILD_TOOLS.test(p)) return pluginGoal(cmd, rc);
    const loss = dataLossApply(cmd, rc);
    if (loss) return loss;
    if (!p.includes('migrat') && !MIGRATION_TOOLS.has(p) && !/database/i.test(p) && !cmd.args.some((w) => /migrat|^db\b|ecto|database|downgrade|rollback/i.test(w.text))) return undefined;
    const m = migrationRollback(cmd);
    if (!m) return undefined;
    const env = assessTargets(cmd, rc);
    const url = rc.env('DATABASE_URL');
    const prodUrl = env.reach !== 'production' && url !== undefined && isProd(url.replace(/^[a-z0-9+]+:\/\//i, ''), rc) ? url : undefined;
    const prod = env.reach === 'production' || prodUrl !== undefined;
    const severity: Severity = m.all || prod ? 'critical' : 'high';
    const what = m.all ? `rolls back every migration (${m.all.text}): the down steps drop every table and column they created, back to an empty schema` : 'rolls back migrations: their down steps drop the tables and columns they created, with the rows in them';
    const f: CommandRuleFinding = {
      severity,
      message: `${m.word.text} ${what}${prod ? ` on ${prodUrl ?? env.target}` : ''}.`,
      span: spanTo(cmd, m.all && m.all.span[1] > m.word.span[1] ? m.all : m.word),
      suggestion: 'Check which database it points at and dump the tables those migrations own first; print the SQL the rollback runs (the tool\'s --sql or -sql form) to see what it drops.',
    };
    if (prodUrl) f.target = `database ${prodUrl}`;
    else if (env.target) f.target = env.target;
    return f;
  },
  examples: {
    match: [
      { cmd: 'npx node-pg-migrate down 3', exactly: 'high' },
      { cmd: 'npx sequelize-cli db:migrate:undo:all', exactly: 'critical' },
      { cmd: 'hasura migrate apply --down 1', exactly: 'high' },
      { cmd: 'hasura migrate apply --down all', exactly: 'critical' },
      { cmd: 'migrate-mongo down', exactly: 'high' },
      { cmd: 'alembic downgrade -1', exactly: 'high' },
      { cmd: 'alembic -c alembic.ini downgrade base', exactly: 'critical' },
      { cmd: 'flask db downgrade', exactly: 'high' },
      { cmd: 'python manage.py migrate orders zero', exactly: 'critical' },
      { cmd: 'tern migrate --destination -1', exactly: 'high' },
      { cmd: 'tern migrate -d 0', exactly: 'critical' },
      { cmd: 'liquibase rollback-count 2', exactly: 'high' },
      { cmd: 'liquibase rollbackToDate 2024-01-01', exactly: 'high' },
      { cmd: 'vendor/bin/phinx rollback -e production -t 0', exactly: 'critical' },
      { cmd: 'bin/rails db:rollback STEP=2', exactly: 'high' },
      { cmd: 'bundle exec rake db:migrate VERSION=0', exactly: 'critical' },
      { cmd: 'php artisan migrate:rollback --step=1', exactly: 'high' },
      { cmd: 'mix ecto.rollback --all', exactly: 'critical' },
      { cmd: 'npx typeorm migration:revert -d src/data-source.ts', exactly: 'high' },
      { cmd: 'npx sequelize-cli db:migrate:undo', exactly: 'high' },
      { cmd: 'dotnet ef database update 0', exactly: 'critical' },
      { cmd: 'hanami db rollback', exactly: 'high' },
      { cmd: 'yoyo rollback --all --batch', exactly: 'critical' },
      { cmd: 'flyway undo -target=3', exactly: 'high' },
      { cmd: 'bin/console doctrine:migrations:migrate first --no-interaction', exactly: 'critical' },
      { cmd: 'DATABASE_URL=postgres://app@prod-db.internal/app npx node-pg-migrate redo', exactly: 'critical' },
      { cmd: 'dbt run --full-refresh --select orders', exactly: 'medium' },
      { cmd: 'dataform run --full-refresh --actions orders', exactly: 'medium' },
      { cmd: 'migrate -path db/migrations -database "$DATABASE_URL" goto 0', exactly: 'critical' },
      { cmd: 'goose -dir db/migrations postgres "$DSN" down-to 0', exactly: 'critical' },
      { cmd: 'Update-Database 0', exactly: 'critical' },
      { cmd: 'atlas migrate down --to-version 0 --env local', exactly: 'critical' },
      { cmd: 'diesel migration revert --all', exactly: 'critical' },
      { cmd: 'sql-migrate down -limit=0 -env=production', exactly: 'critical' },
      { cmd: 'sql-migrate down -limit=2', exactly: 'high' },
      { cmd: 'mvn flyway:clean', exactly: 'high' },
      { cmd: './gradlew flywayClean -Pflyway.url=jdbc:postgresql://localhost/shop', exactly: 'high' },
      { cmd: 'mvn liquibase:rollback -Dliquibase.rollbackCount=5', exactly: 'high' },
      { cmd: 'sbt flywayClean', exactly: 'high' },
      { cmd: 'npx db-migrate reset -e dev', exactly: 'critical' },
      { cmd: 'node ace migration:fresh --force', exactly: 'critical' },
      { cmd: 'orator migrate:reset -c config/database.py', exactly: 'critical' },
      { cmd: 'php yii migrate/fresh', exactly: 'critical' },
      { cmd: 'sequel --migrate-directory db/migrate --migrate-version 0 postgres://localhost/shop', exactly: 'critical' },
      { cmd: 'postgrator --to=0', exactly: 'critical' },
      { cmd: 'npx postgrator 0', exactly: 'critical' },
      { cmd: 'rambler reverse --all', exactly: 'critical' },
      { cmd: 'piccolo migrations backwards session_auth all', exactly: 'critical' },
      { cmd: 'mytool db migrate --target 0', exactly: 'critical' },
      { cmd: 'pg-schema-diff apply --dsn "$DSN" --schema-dir schema --allow-hazards INDEX_BUILD,DELETES_DATA', exactly: 'high' },
      { cmd: 'skeema push production --allow-unsafe', exactly: 'high' },
      { cmd: 'psqldef -U app appdb --enable-drop < schema.sql', exactly: 'high' },
      { cmd: 'migra --unsafe postgresql:///shop postgresql:///shop_next | psql postgresql:///shop', exactly: 'high' },
    ],
    nearMiss: [
      'npx node-pg-migrate up',
      'migrate-mongo status',
      'alembic upgrade head',
      'alembic downgrade base --sql',
      'alembic history',
      'flask db upgrade',
      'python manage.py migrate',
      'python manage.py migrate orders zero --fake',
      'python manage.py showmigrations',
      'liquibase rollback-count-sql 2',
      'liquibase future-rollback-sql',
      'liquibase update',
      'tern migrate',
      'phinx migrate -e production',
      'bin/rails db:migrate',
      'php artisan migrate:status',
      'php artisan migrate:rollback --pretend',
      'mix ecto.migrate',
      'npx typeorm migration:generate src/migrations/AddUser',
      'dotnet ef database update',
      'dbt run --select orders',
      'helm rollback shop 3',
      'hasura migrate status',
      'hasura migrate apply --up all',
      'git revert HEAD',
      'kubectl rollout undo deployment/web',
      'echo "run alembic downgrade base to reset"',
      'php yii migrate/history',
      'craft migrate/all',
      'sequel -m db/migrations postgres://localhost/shop',
      'postgrator --config postgrator.json',
      'rambler apply --all',
      'piccolo migrations forwards all',
      'piccolo migrations backwards session_auth all --preview',
      'pg-schema-diff plan --dsn "$DSN" --schema-dir schema --allow-hazards DELETES_DATA',
      'pg-schema-diff apply --dsn "$DSN" --schema-dir schema --allow-hazards INDEX_BUILD',
      'migra --unsafe postgresql:///shop postgresql:///shop_next > changes.sql',
      'skeema diff production --allow-unsafe',
      'mytool deploy --target 0',
      'webpack --target node',
      'migrate -path db/migrations -database "$DATABASE_URL" goto 12',
      'goose -dir db/migrations postgres "$DSN" up-to 20240101',
      'dataform compile --full-refresh',
      'Update-Database',
      'diesel migration run',
      'sql-migrate up -limit=2',
      'mvn flyway:migrate',
      'mvn flyway:info',
      './gradlew flywayMigrate',
      'mvn liquibase:update',
      'mvn liquibase:rollbackSQL -Dliquibase.rollbackCount=5',
      'mvn clean install',
      './gradlew clean build',
    ],
  },
};

/**
 * Options by which a schema tool accepts changes that lose data: pg-schema-diff's `--allow-hazards
 * DELETES_DATA`, skeema's `--allow-unsafe`, migra's `--unsafe`, `--allow-data-loss`,
 * `--allow-destructive`, `--enable-drop` / `--allow-drop`. Without them the tool refuses to drop
 * a table or column that still holds rows.
 */
const DATA_LOSS_OPTION = /^--(?:allow-hazards|allow-unsafe|unsafe|allow-data-loss|accept-data-loss|allow-destructive(?:-changes)?|allow-drop|enable-drop)(?:=(.*))?$/i;
/** pg-schema-diff's hazards, of which only deleting data loses rows. */
const HAZARD_OPTION = /^--allow-hazards(?:=|$)/i;
const DELETES_DATA = /deletes?_data|data_loss/i;
/** Subcommands that apply a schema change (a plan or a diff only prints it). */
const APPLY_TOKENS: ReadonlySet<string> = new Set(['apply', 'push', 'deploy', 'migrate', 'up', 'sync', 'update']);
/** Database clients that run the SQL they read on standard input. */
const SQL_CLIENTS = /^(?:psql|mysql|mariadb|sqlite3|sqlcmd|clickhouse-client|cockroach|usql|pgcli|mycli)$/;

/** A schema tool applying a change with its data-loss guard off, or printing one into a database client. */
function dataLossApply(cmd: SimpleCommand, rc: RuleContext): CommandRuleFinding | undefined {
  const a = cmd.args;
  let opt: Word | undefined;
  for (let i = 0; i < a.length && !opt; i++) {
    const m = DATA_LOSS_OPTION.exec(a[i]!.text);
    if (!m) continue;
    if (HAZARD_OPTION.test(a[i]!.text) && !DELETES_DATA.test(m[1] ?? a[i + 1]?.text ?? '')) continue;
    opt = a[i];
  }
  if (!opt) return undefined;
  const programTokens = tokensOf(cmd.program.replace(/^.*\//, ''));
  const schemaTool = cmd.program.includes('migra') || MIGRATION_TOOLS.has(cmd.program) || programTokens.some((k) => k === 'schema' || k === 'def' || CONTEXT_TOKENS.has(k)) || /def$/.test(cmd.program);
  if (!schemaTool || cmd.args.some((w) => PRINTS.test(w.text))) return undefined;
  const pos = positionals(cmd).slice(0, 3);
  // sqldef's tools (psqldef, mysqldef, sqlite3def) apply unless told --dry-run.
  const applies = /def$/.test(cmd.program) || pos.some((w) => tokensOf(w.text).some((k) => APPLY_TOKENS.has(k)));
  const client = applies ? undefined : rc.line.commands.find((c) => SQL_CLIENTS.test(c.program) && pipeSource(rc.line, c) === cmd);
  if (!applies && !client) return undefined;
  const env = assessTargets(client ?? cmd, rc);
  const f: CommandRuleFinding = {
    severity: env.reach === 'production' ? 'critical' : 'high',
    message: `${opt.text} lets the schema change drop tables or columns that still hold rows${client ? `, and ${client.program} runs it` : ''}: their data is lost${env.reach === 'production' ? ` on ${env.target}` : ''}.`,
    span: spanTo(cmd, opt),
    suggestion: 'Review the generated SQL without the option first and dump the tables it drops.',
  };
  if (env.target) f.target = env.target;
  return f;
}

/** `dbt run|build --full-refresh`, `dataform run --full-refresh`: incremental tables are dropped and rebuilt from their sources. */
function fullRefresh(cmd: SimpleCommand): CommandRuleFinding | undefined {
  const flag = cmd.args.find((w) => w.text === '--full-refresh');
  const sub = positionals(cmd)[0];
  if (!flag || !sub || !/^(?:run|build|seed)$/.test(sub.text)) return undefined;
  return {
    severity: 'medium',
    message: `${cmd.program} ${sub.text} --full-refresh drops and rebuilds the incremental models it selects: history they kept that the sources no longer have is lost.`,
    span: spanTo(cmd, flag),
    suggestion: 'Select only the models you mean (--select) and check the target (--target) first.',
  };
}
