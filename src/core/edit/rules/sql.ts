/**
 * SQL migrations: destructive or locking statements that a change adds to a `.sql` file.
 * Statements are compared between the two sides after tokenising (comments and string literals
 * do not count); only statements that are new or changed are classified. Statements in a down
 * migration (`*.down.sql`, `down.sql`, Flyway `U…__`, after `-- +goose Down` / `-- +migrate Down`
 * / `-- migrate:down`) are reported at low severity: undoing a migration is their purpose.
 */
import type { Edit, EditRule, EditRuleExample, EditRuleFinding } from '../rule';
import {
  classifyStatement,
  createdTablesOf,
  guessDialect,
  splitStatements,
  tokenizeSql,
  type SqlAction,
  type SqlActionKind,
  type SqlStatement,
} from '../../formats/sql';

interface Located {
  action: SqlAction;
  line: number;
  endLine: number;
  down: boolean;
}

const DOWN_FILE = /(^|[._-])down\.sql$|^u\d[\w.]*__.*\.sql$|(^|\/)down\//i;
const DOWN_MARKER = /^[ \t]*--[ \t]*(\+goose[ \t]+down|\+migrate[ \t]+down|migrate:down)\b/im;
const UP_MARKER = /^[ \t]*--[ \t]*(\+goose[ \t]+up|\+migrate[ \t]+up|migrate:up)\b/im;

function statementsOf(edit: Edit, side: 'before' | 'after'): SqlStatement[] {
  return edit.memo(`sql:stmts:${side}`, () => splitStatements(tokenizeSql(edit.text(side))));
}

/** Offsets in `text` that fall in a down section, as [start, end) ranges. */
function downRanges(text: string): [number, number][] {
  const out: [number, number][] = [];
  const re = new RegExp(DOWN_MARKER.source, 'gim');
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const rest = text.slice(m.index + m[0].length);
    const up = UP_MARKER.exec(rest);
    out.push([m.index, up ? m.index + m[0].length + up.index : text.length]);
  }
  return out;
}

/**
 * Prefix counts per line of a side: `changed` counts lines this change adds (after) or removes
 * (before); `points` counts places where the other side lost or gained lines with nothing in
 * their place (so a statement whose WHERE line was deleted still counts as changed).
 */
function changeMarks(edit: Edit, side: 'before' | 'after'): { changed: Int32Array; points: Int32Array } {
  const n = edit.lines(side).length;
  const changed = new Int32Array(n + 2);
  const points = new Int32Array(n + 2);
  for (const l of side === 'after' ? edit.added() : edit.removed()) changed[l.line] = 1;
  for (const h of edit.hunks()) {
    if (side === 'after' && h.added.length === 0 && h.afterStart <= n) points[h.afterStart] = 1;
    if (side === 'before' && h.removed.length === 0 && h.beforeStart <= n) points[h.beforeStart] = 1;
  }
  for (let i = 1; i < n + 2; i++) {
    changed[i]! += changed[i - 1]!;
    points[i]! += points[i - 1]!;
  }
  return { changed, points };
}

/** Every risky action in statements that this change adds or alters (cached per edit). */
export function sqlChanges(edit: Edit): Located[] {
  return edit.memo('sql:changes', () => {
    if (edit.after === null) return [];
    // Only statements that touch a changed line can be new: an after-statement touching an
    // added line is new unless the same statement text touches a removed line (it moved).
    const marks = { before: changeMarks(edit, 'before'), after: changeMarks(edit, 'after') };
    const touches = (side: 'before' | 'after', s: SqlStatement): boolean => {
      const m = marks[side];
      const first = edit.lineAt(side, s.start);
      const last = edit.lineAt(side, s.end);
      // changed lines in [first, last], or a deletion/insertion point in (first, last]
      return m.changed[last]! - m.changed[first - 1]! > 0 || m.points[last]! - m.points[first]! > 0;
    };
    const seen = new Map<string, number>();
    for (const s of statementsOf(edit, 'before')) if (touches('before', s)) seen.set(s.normalized, (seen.get(s.normalized) ?? 0) + 1);
    const fresh: SqlStatement[] = [];
    for (const s of statementsOf(edit, 'after')) {
      if (!touches('after', s)) continue;
      const c = seen.get(s.normalized) ?? 0;
      if (c > 0) seen.set(s.normalized, c - 1);
      else fresh.push(s);
    }
    if (fresh.length === 0) return [];
    const needsDialect = fresh.some((s) => s.tokens[0]?.text === 'CREATE' && s.tokens.slice(1, 4).some((t) => t.text === 'INDEX'));
    const dialect = needsDialect ? guessDialect(`${edit.after}\n${edit.before ?? ''}`, edit.file.path) : 'unknown';
    const downFile = DOWN_FILE.test(edit.file.name) || DOWN_FILE.test(edit.file.path);
    const ranges = downRanges(edit.after);
    const inDown = (offset: number): boolean => downFile || ranges.some(([a, b]) => offset >= a && offset < b);
    // Tables created by this change (in its up direction): dropping or altering them is harmless.
    const created = createdTablesOf(fresh.filter((s) => !inDown(s.start)));
    const out: Located[] = [];
    for (const s of fresh) {
      for (const action of classifyStatement(s, created, dialect)) {
        const down = inDown(action.offset);
        out.push({ action, line: edit.lineAt('after', action.offset), endLine: edit.lineAt('after', s.end), down });
      }
    }
    return out;
  });
}

function toFinding(l: Located): EditRuleFinding {
  const f: EditRuleFinding = {
    severity: l.down ? 'low' : l.action.severity,
    message: l.down ? `${l.action.message} (in a down migration)` : l.action.message,
    line: l.line,
    side: 'after',
  };
  if (l.endLine > l.line) f.endLine = l.endLine;
  return f;
}

interface SqlRuleSpec {
  kind: SqlActionKind;
  description: string;
  severity: EditRule['severity'];
  suggestion: string;
  match: EditRuleExample[];
  nearMiss: EditRuleExample[];
}

const M = 'db/migrations/20240611_change.sql';

function sqlRule(spec: SqlRuleSpec): EditRule {
  return {
    id: `sql.${spec.kind}`,
    description: spec.description,
    severity: spec.severity,
    suggestion: spec.suggestion,
    kinds: ['sql'],
    examples: { match: spec.match, nearMiss: spec.nearMiss },
    check: (edit) => sqlChanges(edit).filter((l) => l.action.kind === spec.kind).map(toFinding),
  };
}

export const sqlRules: EditRule[] = [
  sqlRule({
    kind: 'drop-database',
    description: 'DROP DATABASE added to SQL',
    severity: 'critical',
    suggestion: 'Take a backup first and drop the database by hand, outside migrations.',
    match: [
      { name: 'drop database', path: 'scripts/reset.sql', before: null, after: 'DROP DATABASE IF EXISTS shop_prod;\n', line: 1, side: 'after', severity: 'critical' },
    ],
    nearMiss: [
      { name: 'in a comment', path: 'scripts/reset.sql', before: null, after: '-- DROP DATABASE shop_prod;\nSELECT 1;\n' },
      { name: 'create database', path: 'scripts/reset.sql', before: null, after: 'CREATE DATABASE shop_dev;\n' },
    ],
  }),
  sqlRule({
    kind: 'drop-schema',
    description: 'DROP SCHEMA added to SQL',
    severity: 'critical',
    suggestion: 'Drop the tables you mean to drop one by one, after a backup; avoid CASCADE.',
    match: [
      { name: 'drop schema cascade', path: M, before: 'SELECT 1;\n', after: 'SELECT 1;\nDROP SCHEMA billing CASCADE;\n', line: 2, side: 'after' },
    ],
    nearMiss: [{ name: 'create schema', path: M, before: null, after: 'CREATE SCHEMA IF NOT EXISTS billing;\n' }],
  }),
  sqlRule({
    kind: 'drop-table',
    description: 'DROP TABLE added to SQL',
    severity: 'high',
    suggestion: 'Rename the table (or stop writing to it) first and drop it in a later migration once nothing reads it; take a backup.',
    match: [
      {
        name: 'drop table in a new migration',
        path: 'db/migrations/0042_remove_orders.sql',
        before: null,
        after: '-- orders are archived elsewhere now\nDROP TABLE orders;\n',
        line: 2,
        side: 'after',
        severity: 'high',
      },
      {
        name: 'drop table across lines',
        path: 'schema/cleanup.sql',
        before: 'SELECT 1;\n',
        after: 'SELECT 1;\nDROP\n  TABLE IF EXISTS\n  public.audit_log;\n',
        line: 2,
        side: 'after',
      },
      {
        name: 'DROP TABLE in a goose up section',
        path: 'migrations/00012_drop_legacy.sql',
        before: null,
        after: '-- +goose Up\nDROP TABLE legacy_users;\n\n-- +goose Down\nCREATE TABLE legacy_users (id int);\n',
        line: 2,
        side: 'after',
        severity: 'high',
      },
    ],
    nearMiss: [
      { name: 'drop in a comment', path: M, before: null, after: '-- DROP TABLE orders;\n/* DROP TABLE customers; */\nSELECT 1;\n' },
      { name: 'drop in a string literal', path: M, before: null, after: "INSERT INTO notes (body) VALUES ('DROP TABLE orders;');\n" },
      { name: 'existing drop unchanged', path: M, before: 'DROP TABLE old_sessions;\n', after: 'DROP TABLE old_sessions;\nCREATE INDEX CONCURRENTLY idx_a ON accounts (email);\n' },
      { name: 'drop temporary table', path: M, before: null, after: 'DROP TEMPORARY TABLE tmp_import;\n' },
      { name: 'the statement after an existing drop deleted', path: M, before: 'DROP TABLE old_sessions;\nSELECT 1;\n', after: 'DROP TABLE old_sessions;\n' },
      { name: 'drop of a table created in the same change', path: M, before: null, after: 'CREATE TABLE scratch (id int);\nDROP TABLE scratch;\n' },
    ],
  }),
  sqlRule({
    kind: 'drop-column',
    description: 'ALTER TABLE … DROP COLUMN added to SQL',
    severity: 'high',
    suggestion: 'Stop reading and writing the column in code first, deploy, then drop it in a later migration after a backup.',
    match: [
      { name: 'drop column', path: M, before: null, after: 'ALTER TABLE customers DROP COLUMN phone;\n', line: 1, side: 'after' },
      { name: 'second action of an ALTER', path: M, before: null, after: 'ALTER TABLE customers\n  ADD COLUMN mobile text,\n  DROP COLUMN phone;\n', line: 3, side: 'after' },
      { name: 'MySQL DROP without COLUMN', path: M, before: null, after: 'ALTER TABLE `customers` DROP `phone`;\n', line: 1, side: 'after' },
    ],
    nearMiss: [
      { name: 'drop default', path: M, before: null, after: 'ALTER TABLE customers ALTER COLUMN phone DROP DEFAULT;\n' },
      { name: 'drop constraint', path: M, before: null, after: 'ALTER TABLE customers DROP CONSTRAINT customers_phone_key;\n' },
      { name: 'add column', path: M, before: null, after: 'ALTER TABLE customers ADD COLUMN phone text;\n' },
    ],
  }),
  sqlRule({
    kind: 'drop-index',
    description: 'DROP INDEX added to SQL',
    severity: 'medium',
    suggestion: 'Check that no query depends on the index; in PostgreSQL use DROP INDEX CONCURRENTLY.',
    match: [
      { name: 'drop index', path: M, before: null, after: 'DROP INDEX idx_orders_customer;\n', line: 1, side: 'after', severity: 'medium' },
      { name: 'MySQL alter drop index', path: M, before: null, after: 'ALTER TABLE orders DROP INDEX idx_customer;\n', line: 1, side: 'after' },
    ],
    nearMiss: [{ name: 'create index', path: M, before: null, after: 'CREATE INDEX CONCURRENTLY idx_orders_customer ON orders (customer_id);\n' }],
  }),
  sqlRule({
    kind: 'truncate',
    description: 'TRUNCATE added to SQL',
    severity: 'high',
    suggestion: 'Delete only the rows you mean to with a WHERE clause, after a backup.',
    match: [
      { name: 'truncate table', path: M, before: null, after: 'TRUNCATE TABLE sessions;\n', line: 1, side: 'after' },
      { name: 'truncate after other statements', path: 'seed/reset.sql', before: 'SELECT 1;\n', after: 'SELECT 1;\ntruncate orders, order_items restart identity;\n', line: 2, side: 'after' },
    ],
    nearMiss: [{ name: 'truncate in a string', path: M, before: null, after: "SELECT 'TRUNCATE sessions' AS hint;\n" }],
  }),
  sqlRule({
    kind: 'delete-without-where',
    description: 'DELETE without a WHERE clause (or with WHERE 1=1)',
    severity: 'high',
    suggestion: 'Add a WHERE clause that selects only the rows to delete, and check the count first with SELECT.',
    match: [
      { name: 'delete all', path: M, before: null, after: 'DELETE FROM sessions;\n', line: 1, side: 'after' },
      { name: 'where 1=1', path: M, before: null, after: 'DELETE FROM sessions WHERE 1 = 1;\n', line: 1, side: 'after' },
      {
        name: 'WHERE line deleted from inside a statement',
        path: M,
        before: 'DELETE FROM sessions\n  WHERE expires_at < now()\n;\n',
        after: 'DELETE FROM sessions\n;\n',
        line: 1,
        side: 'after',
      },
      {
        name: 'WHERE removed from an existing delete',
        path: M,
        before: "DELETE FROM sessions\nWHERE expires_at < now();\n",
        after: 'DELETE FROM sessions;\n',
        line: 1,
        side: 'after',
      },
      { name: 'where only inside a subquery', path: M, before: null, after: 'DELETE FROM orders USING (SELECT id FROM x WHERE y) s;\n', line: 1, side: 'after' },
    ],
    nearMiss: [
      { name: 'delete with where', path: M, before: null, after: "DELETE FROM sessions WHERE expires_at < now() - interval '30 days';\n" },
      { name: 'delete on a table created in the change', path: M, before: null, after: 'CREATE TABLE tmp_ids (id int);\nDELETE FROM tmp_ids;\n' },
      { name: 'where on the next line', path: M, before: null, after: 'DELETE FROM sessions\n  WHERE user_id = 42;\n' },
    ],
  }),
  sqlRule({
    kind: 'update-without-where',
    description: 'UPDATE without a WHERE clause (or with WHERE true)',
    severity: 'high',
    suggestion: 'Add a WHERE clause that selects only the rows to change, and check the count first with SELECT.',
    match: [
      { name: 'update all', path: M, before: null, after: "UPDATE users SET role = 'admin';\n", line: 1, side: 'after' },
      { name: 'with CTE', path: M, before: null, after: "WITH x AS (SELECT id FROM a WHERE b)\nUPDATE users SET active = false;\n", line: 2, side: 'after' },
    ],
    nearMiss: [
      { name: 'update with where', path: M, before: null, after: "UPDATE users SET role = 'admin' WHERE id = 1;\n" },
      { name: 'UPDATE in a trigger body string', path: M, before: null, after: "CREATE FUNCTION f() RETURNS trigger AS $$ BEGIN UPDATE t SET x = 1; RETURN NEW; END $$ LANGUAGE plpgsql;\n" },
      { name: 'ON UPDATE clause', path: M, before: null, after: 'CREATE TABLE t (a int REFERENCES b(id) ON UPDATE CASCADE);\n' },
    ],
  }),
  sqlRule({
    kind: 'alter-column-type',
    description: 'ALTER COLUMN type change (or MySQL MODIFY/CHANGE)',
    severity: 'medium',
    suggestion: 'Add a new column with the new type, backfill it in batches, switch readers, then drop the old column.',
    match: [
      { name: 'postgres type', path: M, before: null, after: 'ALTER TABLE orders ALTER COLUMN total TYPE numeric(12,2);\n', line: 1, side: 'after' },
      { name: 'set data type', path: M, before: null, after: 'ALTER TABLE orders ALTER total SET DATA TYPE bigint;\n', line: 1, side: 'after' },
      { name: 'mysql modify', path: M, before: null, after: 'ALTER TABLE orders MODIFY COLUMN note VARCHAR(50);\n', line: 1, side: 'after' },
    ],
    nearMiss: [
      { name: 'set default', path: M, before: null, after: "ALTER TABLE orders ALTER COLUMN status SET DEFAULT 'new';\n" },
      { name: 'type on a new table', path: M, before: null, after: 'CREATE TABLE t (a int);\nALTER TABLE t ALTER COLUMN a TYPE bigint;\n' },
    ],
  }),
  sqlRule({
    kind: 'not-null-without-default',
    description: 'NOT NULL added to an existing table without a default',
    severity: 'medium',
    suggestion: 'Add the column as nullable (or with a DEFAULT), backfill, then add the NOT NULL constraint.',
    match: [
      { name: 'add not null column', path: M, before: null, after: 'ALTER TABLE customers ADD COLUMN tier text NOT NULL;\n', line: 1, side: 'after' },
      { name: 'set not null', path: M, before: null, after: 'ALTER TABLE customers ALTER COLUMN email SET NOT NULL;\n', line: 1, side: 'after' },
    ],
    nearMiss: [
      { name: 'with default', path: M, before: null, after: "ALTER TABLE customers ADD COLUMN tier text NOT NULL DEFAULT 'free';\n" },
      { name: 'new table', path: M, before: null, after: 'CREATE TABLE plans (id serial PRIMARY KEY, name text NOT NULL);\n' },
      { name: 'nullable column', path: M, before: null, after: 'ALTER TABLE customers ADD COLUMN tier text;\n' },
    ],
  }),
  sqlRule({
    kind: 'rename',
    description: 'Table or column renamed',
    severity: 'medium',
    suggestion: 'Add the new name alongside the old (view, generated column or dual writes), move readers, then remove the old name.',
    match: [
      { name: 'rename column', path: M, before: null, after: 'ALTER TABLE customers RENAME COLUMN phone TO phone_number;\n', line: 1, side: 'after' },
      { name: 'rename table', path: M, before: null, after: 'ALTER TABLE customers RENAME TO clients;\n', line: 1, side: 'after' },
      { name: 'mysql rename table', path: M, before: null, after: 'RENAME TABLE customers TO clients;\n', line: 1, side: 'after' },
    ],
    nearMiss: [
      { name: 'rename constraint', path: M, before: null, after: 'ALTER TABLE customers RENAME CONSTRAINT a TO b;\n' },
      { name: 'rename in comment', path: M, before: null, after: '-- ALTER TABLE customers RENAME TO clients;\nSELECT 1;\n' },
    ],
  }),
  sqlRule({
    kind: 'create-index-blocking',
    description: 'CREATE INDEX without CONCURRENTLY on an existing PostgreSQL table',
    severity: 'medium',
    suggestion: 'Use CREATE INDEX CONCURRENTLY (outside a transaction) so writes continue while the index builds.',
    match: [
      { name: 'plain create index', path: M, before: null, after: 'CREATE INDEX idx_orders_created ON orders (created_at);\n', line: 1, side: 'after', severity: 'medium' },
      { name: 'unique index', path: M, before: null, after: 'CREATE UNIQUE INDEX idx_users_email ON users USING btree (lower(email));\n', line: 1, side: 'after' },
    ],
    nearMiss: [
      { name: 'concurrently', path: M, before: null, after: 'CREATE INDEX CONCURRENTLY idx_orders_created ON orders (created_at);\n' },
      { name: 'index on a table created here', path: M, before: null, after: 'CREATE TABLE events (id bigserial, at timestamptz);\nCREATE INDEX idx_events_at ON events (at);\n' },
      { name: 'MySQL', path: M, before: null, after: 'CREATE INDEX idx_orders_created ON `orders` (created_at);\n' },
    ],
  }),
  sqlRule({
    kind: 'disable-rls',
    description: 'Row-level security disabled, no longer forced, or a policy dropped',
    severity: 'high',
    suggestion: 'Keep row-level security on; change the policy instead of switching it off.',
    match: [
      { name: 'disable rls', path: M, before: null, after: 'ALTER TABLE documents DISABLE ROW LEVEL SECURITY;\n', line: 1, side: 'after', severity: 'high' },
      { name: 'drop policy', path: M, before: null, after: 'DROP POLICY tenant_isolation ON documents;\n', line: 1, side: 'after', severity: 'medium' },
    ],
    nearMiss: [{ name: 'enable rls', path: M, before: null, after: 'ALTER TABLE documents ENABLE ROW LEVEL SECURITY;\n' }],
  }),
  sqlRule({
    kind: 'drop-constraint',
    description: 'Constraint, primary key or foreign key dropped',
    severity: 'medium',
    suggestion: 'Replace the constraint in the same migration, or make sure the application enforces the rule before dropping it.',
    match: [
      { name: 'drop fk', path: M, before: null, after: 'ALTER TABLE orders DROP CONSTRAINT orders_customer_id_fkey;\n', line: 1, side: 'after' },
      { name: 'mysql drop foreign key', path: M, before: null, after: 'ALTER TABLE orders DROP FOREIGN KEY fk_customer;\n', line: 1, side: 'after' },
    ],
    nearMiss: [
      { name: 'add constraint', path: M, before: null, after: 'ALTER TABLE orders ADD CONSTRAINT orders_total_positive CHECK (total >= 0);\n' },
      { name: 'drop on a table created here', path: M, before: null, after: 'CREATE TABLE t (a int CONSTRAINT c CHECK (a > 0));\nALTER TABLE t DROP CONSTRAINT c;\n' },
    ],
  }),
];
