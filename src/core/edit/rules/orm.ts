/**
 * ORM migrations and schemas: Rails, Django, Alembic, TypeORM, Knex, Sequelize migrations and
 * Prisma schemas.
 *
 * Migrations: schema calls are read from the code (comments and strings masked, calls taken to
 * their closing parenthesis) on both sides; only calls that are new or changed count. Calls in a
 * down/downgrade method are reported at low severity (undoing is their purpose). Raw SQL passed
 * to `execute`/`RunSQL`/`query`/`raw` is read with the SQL classifier.
 * Prisma: models and fields are compared between the two sides by table and column name
 * (`@@map`/`@map` respected), so a removed model or field is reported where it was.
 */
import type { Severity } from '../../severity';
import { downRegions, familyOf, maskCode, matchBracket, type CodeFamily } from '../code';
import type { Edit, EditRule, EditRuleFinding } from '../rule';
import { classifyStatement, guessDialect, splitStatements, tokenizeSql } from '../../formats/sql';

type OrmKind = 'drop-table' | 'drop-column' | 'change-type' | 'rename' | 'raw-sql' | 'alter-column' | 'alter-field';

interface CallPattern {
  re: RegExp;
  kind: OrmKind;
}

const RAILS: CallPattern[] = [
  { re: /\bdrop_table\b/g, kind: 'drop-table' },
  { re: /\b(remove_columns?|remove_reference|remove_belongs_to|remove_timestamps)\b/g, kind: 'drop-column' },
  { re: /\bt\.(remove|remove_references|remove_belongs_to|remove_timestamps)\b/g, kind: 'drop-column' },
  { re: /\bchange_column\b(?!_default|_null|_comment)/g, kind: 'change-type' },
  { re: /\b(rename_column|rename_table|t\.rename)\b/g, kind: 'rename' },
  { re: /(?<![.\w])execute\b/g, kind: 'raw-sql' },
];
const DJANGO: CallPattern[] = [
  { re: /\bmigrations\.DeleteModel\b/g, kind: 'drop-table' },
  { re: /\bmigrations\.RemoveField\b/g, kind: 'drop-column' },
  { re: /\bmigrations\.AlterField\b/g, kind: 'alter-field' },
  { re: /\bmigrations\.Rename(Field|Model)\b/g, kind: 'rename' },
  { re: /\bmigrations\.RunSQL\b/g, kind: 'raw-sql' },
];
const ALEMBIC: CallPattern[] = [
  { re: /\b(op|batch_op)\.drop_table\b/g, kind: 'drop-table' },
  { re: /\b(op|batch_op)\.drop_column\b/g, kind: 'drop-column' },
  { re: /\b(op|batch_op)\.alter_column\b/g, kind: 'alter-column' },
  { re: /\b(op|batch_op)\.rename_table\b/g, kind: 'rename' },
  { re: /\b(op|batch_op)\.execute\b/g, kind: 'raw-sql' },
];
const JS: CallPattern[] = [
  { re: /\.(dropTable|dropTableIfExists)\b/g, kind: 'drop-table' },
  { re: /\.(dropColumn|dropColumns|removeColumn|dropForeign|dropTimestamps)\b/g, kind: 'drop-column' },
  { re: /\.(changeColumn|changeColumns)\b/g, kind: 'change-type' },
  { re: /\.alter(?=\s*\(\s*\))/g, kind: 'change-type' },
  { re: /\.(renameColumn|renameTable)\b/g, kind: 'rename' },
  { re: /\.(query|raw)\b/g, kind: 'raw-sql' },
];

interface OrmCall {
  kind: OrmKind;
  callee: string;
  start: number;
  end: number;
  /** Call text without comments, whitespace collapsed. */
  text: string;
  down: boolean;
}

interface SideCalls {
  calls: OrmCall[];
  family: CodeFamily;
  strings: [number, number][];
  noComments: string;
}

function patternsFor(edit: Edit): CallPattern[] {
  const k = edit.file.kinds;
  if (k.has('rails-migration')) return RAILS;
  if (k.has('django-migration')) return DJANGO;
  if (k.has('alembic-migration')) return ALEMBIC;
  if (k.has('js-migration')) return JS;
  return [];
}

/** End offset of a call whose name ends at `after` (code-only text). */
function callEnd(code: string, after: number, family: CodeFamily): number {
  let k = after;
  while (k < code.length && (code[k] === ' ' || code[k] === '\t')) k++;
  if (code[k] === '(') {
    const e = matchBracket(code, k);
    if (e !== -1) return e;
  }
  if (family === 'ruby' || code[k] !== '(') {
    // Ruby call without parentheses: to the end of the line, continued after a trailing comma.
    let e = code.indexOf('\n', k);
    while (e !== -1 && /,\s*$/.test(code.slice(Math.max(k, e - 200), e))) e = code.indexOf('\n', e + 1);
    return e === -1 ? code.length : e;
  }
  return k;
}

function callsOf(edit: Edit, side: 'before' | 'after'): SideCalls | undefined {
  return edit.memo(`orm:calls:${side}`, () => {
    const family = familyOf(edit.file.language);
    const patterns = patternsFor(edit);
    if (family === undefined || patterns.length === 0) return undefined;
    const text = edit.text(side);
    const masked = maskCode(text, family);
    const downs = downRegions(masked.codeOnly, family);
    const calls: OrmCall[] = [];
    for (const p of patterns) {
      p.re.lastIndex = 0;
      for (let m = p.re.exec(masked.codeOnly); m !== null; m = p.re.exec(masked.codeOnly)) {
        const end = callEnd(masked.codeOnly, m.index + m[0].length, family);
        const start = m[0].startsWith('.') ? m.index + 1 : m.index;
        calls.push({
          kind: p.kind,
          callee: m[0].replace(/^\./, ''),
          start,
          end,
          text: masked.noComments.slice(start, end).replace(/\s+/g, ' ').trim(),
          down: downs.some(([a, b]) => start >= a && start < b),
        });
      }
    }
    calls.sort((a, b) => a.start - b.start);
    return { calls, family, strings: masked.strings, noComments: masked.noComments };
  });
}

/** Calls that this change adds or alters. */
function newCalls(edit: Edit): { calls: OrmCall[]; side: SideCalls } | undefined {
  return edit.memo('orm:new', () => {
    if (edit.after === null) return undefined;
    const after = callsOf(edit, 'after');
    if (!after) return undefined;
    const before = edit.before === null ? undefined : callsOf(edit, 'before');
    const seen = new Map<string, number>();
    for (const c of before?.calls ?? []) seen.set(c.text, (seen.get(c.text) ?? 0) + 1);
    const out: OrmCall[] = [];
    for (const c of after.calls) {
      const n = seen.get(c.text) ?? 0;
      if (n > 0) seen.set(c.text, n - 1);
      else out.push(c);
    }
    return { calls: out, side: after };
  });
}

function firstArg(text: string): string {
  const m = /^[\w.]+\s*\(?\s*(?:[a-z_]+\s*[=:]\s*)?[:"'`]?([\w.]+)/.exec(text);
  return m?.[1] ?? '';
}

function callFinding(edit: Edit, c: OrmCall, severity: Severity, message: string): EditRuleFinding {
  const line = edit.lineAt('after', c.start);
  const endLine = edit.lineAt('after', Math.max(c.start, c.end - 1));
  const f: EditRuleFinding = {
    severity: c.down ? 'low' : severity,
    message: c.down ? `${message} (in the down/downgrade method)` : message,
    line,
    side: 'after',
  };
  if (endLine > line) f.endLine = endLine;
  return f;
}

function describeTarget(c: OrmCall, edit?: Edit): string {
  if (c.callee === 'alter' && edit) {
    // Knex: t.string('name', 40).alter() — the column is the first argument of the chained call.
    const lineText = edit.lines('after')[edit.lineAt('after', c.start) - 1] ?? '';
    const col = /\.\w+\(\s*['"`](\w+)['"`]/.exec(lineText)?.[1];
    return col ? `column ${col}` : 'a column';
  }
  const args = c.text.slice(c.callee.length);
  const names = [...args.matchAll(/(?:^|[(,\s])(?::|["'`])([A-Za-z_][\w.]*)/g)].map((m) => m[1]!);
  const model = /model_name\s*=\s*['"](\w+)['"]/.exec(args)?.[1];
  const field = /\b(?:old_)?name\s*=\s*['"](\w+)['"]/.exec(args)?.[1];
  if (model && field) return `${model}.${field}`;
  if (field) return field;
  return names.slice(0, 2).join('.') || firstArg(c.text);
}

// ---------------------------------------------------------------------------------------------
// Prisma

interface PrismaField {
  name: string;
  column: string;
  type: string;
  line: number;
}
interface PrismaModel {
  name: string;
  table: string;
  line: number;
  fields: Map<string, PrismaField>;
}

const PRISMA_SCALARS = new Set(['String', 'Boolean', 'Int', 'BigInt', 'Float', 'Decimal', 'DateTime', 'Json', 'Bytes', 'Unsupported']);

function parsePrisma(lines: readonly string[]): Map<string, PrismaModel> {
  const models = new Map<string, PrismaModel>();
  const enums = new Set<string>();
  for (const l of lines) {
    const m = /^\s*enum\s+(\w+)\s*\{/.exec(l);
    if (m) enums.add(m[1]!);
  }
  let cur: PrismaModel | undefined;
  lines.forEach((raw, i) => {
    const l = raw.replace(/\/\/.*$/, '');
    const open = /^\s*model\s+(\w+)\s*\{/.exec(l);
    if (open) {
      cur = { name: open[1]!, table: open[1]!, line: i + 1, fields: new Map() };
      models.set(cur.name, cur);
      return;
    }
    if (!cur) return;
    if (/^\s*\}/.test(l)) {
      cur = undefined;
      return;
    }
    const map = /^\s*@@map\(\s*(?:name\s*:\s*)?"([^"]+)"/.exec(l);
    if (map) {
      cur.table = map[1]!;
      return;
    }
    const f = /^\s*(\w+)\s+(\w+)(\([^)]*\))?(\[\])?(\?)?/.exec(l);
    if (!f || l.trim().startsWith('@')) return;
    const type = f[2]!;
    // Relation fields (typed by another model) have no column of their own.
    if (!PRISMA_SCALARS.has(type) && !enums.has(type)) return;
    if (f[4] === '[]' && !PRISMA_SCALARS.has(type) && !enums.has(type)) return;
    const col = /@map\(\s*(?:name\s*:\s*)?"([^"]+)"/.exec(l)?.[1] ?? f[1]!;
    cur.fields.set(col, { name: f[1]!, column: col, type: type + (f[4] ?? ''), line: i + 1 });
  });
  const byTable = new Map<string, PrismaModel>();
  for (const m of models.values()) byTable.set(m.table, m);
  return byTable;
}

interface PrismaDiff {
  removedModels: PrismaModel[];
  removedFields: { model: PrismaModel; field: PrismaField }[];
  typeChanges: { model: PrismaModel; before: PrismaField; after: PrismaField }[];
}

function prismaDiff(edit: Edit): PrismaDiff {
  return edit.memo('orm:prisma', () => {
    const out: PrismaDiff = { removedModels: [], removedFields: [], typeChanges: [] };
    if (edit.before === null) return out;
    const b = parsePrisma(edit.lines('before'));
    const a = edit.after === null ? new Map<string, PrismaModel>() : parsePrisma(edit.lines('after'));
    for (const [table, mb] of b) {
      const ma = a.get(table);
      if (!ma) {
        out.removedModels.push(mb);
        continue;
      }
      for (const [col, fb] of mb.fields) {
        const fa = ma.fields.get(col);
        if (!fa) out.removedFields.push({ model: mb, field: fb });
        else if (fa.type !== fb.type) out.typeChanges.push({ model: ma, before: fb, after: fa });
      }
    }
    return out;
  });
}

// ---------------------------------------------------------------------------------------------
// Rules

const MIGRATION_KINDS = ['rails-migration', 'django-migration', 'alembic-migration', 'js-migration'] as const;

function callsOfKind(edit: Edit, kind: OrmKind): OrmCall[] {
  return newCalls(edit)?.calls.filter((c) => c.kind === kind) ?? [];
}

export const ormRules: EditRule[] = [
  {
    id: 'orm.drop-table',
    description: 'ORM migration drops a table, or a Prisma model is removed',
    severity: 'high',
    suggestion: 'Stop using the table in code first, back it up, and drop it in a later migration once nothing reads it.',
    kinds: [...MIGRATION_KINDS, 'prisma-schema'],
    examples: {
      match: [
        {
          name: 'Rails drop_table',
          path: 'db/migrate/20240611120000_drop_invoices.rb',
          before: null,
          after: 'class DropInvoices < ActiveRecord::Migration[7.1]\n  def change\n    drop_table :invoices\n  end\nend\n',
          line: 3,
          side: 'after',
        },
        {
          name: 'Django DeleteModel',
          path: 'billing/migrations/0007_delete_invoice.py',
          before: null,
          after:
            "from django.db import migrations\n\n\nclass Migration(migrations.Migration):\n    dependencies = [('billing', '0006_auto')]\n\n    operations = [\n        migrations.DeleteModel(\n            name='Invoice',\n        ),\n    ]\n",
          line: 8,
          side: 'after',
        },
        {
          name: 'Alembic op.drop_table in upgrade',
          path: 'alembic/versions/3f2a_drop_invoices.py',
          before: null,
          after: 'from alembic import op\n\n\ndef upgrade():\n    op.drop_table("invoices")\n\n\ndef downgrade():\n    pass\n',
          line: 5,
          side: 'after',
        },
        {
          name: 'Knex dropTableIfExists',
          path: 'migrations/20240611_drop_invoices.js',
          before: null,
          after: "exports.up = function (knex) {\n  return knex.schema.dropTableIfExists('invoices');\n};\n\nexports.down = function () {};\n",
          line: 2,
          side: 'after',
        },
        {
          name: 'Prisma model removed',
          path: 'prisma/schema.prisma',
          before: 'model User {\n  id Int @id\n}\n\nmodel Invoice {\n  id    Int @id\n  total Int\n}\n',
          after: 'model User {\n  id Int @id\n}\n',
          line: 5,
          side: 'before',
        },
      ],
      nearMiss: [
        {
          name: 'Alembic drop_table in downgrade',
          path: 'alembic/versions/3f2a_add_invoices.py',
          before: null,
          after:
            'from alembic import op\nimport sqlalchemy as sa\n\n\ndef upgrade():\n    op.create_table("invoices", sa.Column("id", sa.Integer, primary_key=True))\n\n\ndef downgrade():\n    op.drop_table("invoices")\n',
        },
        {
          name: 'Rails drop_table in a comment',
          path: 'db/migrate/20240611120000_add_index.rb',
          before: null,
          after: 'class AddIndex < ActiveRecord::Migration[7.1]\n  def change\n    # drop_table :invoices\n    add_index :orders, :created_at\n  end\nend\n',
        },
        {
          name: 'Prisma model renamed with @@map to the same table',
          path: 'prisma/schema.prisma',
          before: 'model Invoice {\n  id Int @id\n}\n',
          after: 'model Bill {\n  id Int @id\n\n  @@map("Invoice")\n}\n',
        },
        {
          name: 'TypeORM dropTable in down()',
          path: 'src/migrations/1718000000000-AddInvoices.ts',
          before: null,
          after:
            'import { MigrationInterface, QueryRunner, Table } from "typeorm";\n\nexport class AddInvoices1718000000000 implements MigrationInterface {\n  public async up(queryRunner: QueryRunner): Promise<void> {\n    await queryRunner.createTable(new Table({ name: "invoices", columns: [] }));\n  }\n\n  public async down(queryRunner: QueryRunner): Promise<void> {\n    await queryRunner.dropTable("invoices");\n  }\n}\n',
        },
      ],
    },
    check(edit) {
      const out: EditRuleFinding[] = [];
      for (const c of callsOfKind(edit, 'drop-table')) {
        out.push(callFinding(edit, c, 'high', `drops the table ${describeTarget(c)} and all its rows`));
      }
      if (edit.file.kinds.has('prisma-schema')) {
        for (const m of prismaDiff(edit).removedModels) {
          out.push({ message: `removes the Prisma model ${m.name}: the next migration drops the table ${m.table} and its rows`, line: m.line, side: 'before' });
        }
      }
      return out;
    },
  },
  {
    id: 'orm.drop-column',
    description: 'ORM migration drops a column, or a Prisma field is removed',
    severity: 'high',
    suggestion: 'Stop reading and writing the column first (ignored_columns, @ignore), deploy, then drop it in a later migration.',
    kinds: [...MIGRATION_KINDS, 'prisma-schema'],
    examples: {
      match: [
        {
          name: 'Rails remove_column',
          path: 'db/migrate/20240611120500_remove_phone_from_customers.rb',
          before: null,
          after: 'class RemovePhoneFromCustomers < ActiveRecord::Migration[7.1]\n  def change\n    remove_column :customers, :phone, :string\n  end\nend\n',
          line: 3,
          side: 'after',
        },
        {
          name: 'Django RemoveField',
          path: 'shop/migrations/0012_remove_customer_phone.py',
          before: null,
          after:
            "from django.db import migrations\n\n\nclass Migration(migrations.Migration):\n    dependencies = [('shop', '0011_customer_tier')]\n\n    operations = [\n        migrations.RemoveField(model_name='customer', name='phone'),\n    ]\n",
          line: 8,
          side: 'after',
        },
        {
          name: 'Alembic batch drop_column',
          path: 'alembic/versions/a1b2_remove_phone.py',
          before: null,
          after: 'from alembic import op\n\n\ndef upgrade():\n    with op.batch_alter_table("customers") as batch_op:\n        batch_op.drop_column("phone")\n',
          line: 6,
          side: 'after',
        },
        {
          name: 'Sequelize removeColumn',
          path: 'migrations/20240611-remove-phone.js',
          before: null,
          after: "'use strict';\nmodule.exports = {\n  async up(queryInterface) {\n    await queryInterface.removeColumn('Customers', 'phone');\n  },\n  async down(queryInterface, Sequelize) {\n    await queryInterface.addColumn('Customers', 'phone', Sequelize.STRING);\n  },\n};\n",
          line: 4,
          side: 'after',
        },
        {
          name: 'Prisma field removed',
          path: 'prisma/schema.prisma',
          before: 'model Customer {\n  id    Int    @id\n  phone String?\n  email String\n}\n',
          after: 'model Customer {\n  id    Int    @id\n  email String\n}\n',
          line: 3,
          side: 'before',
        },
      ],
      nearMiss: [
        {
          name: 'Sequelize removeColumn in down',
          path: 'migrations/20240611-add-phone.js',
          before: null,
          after: "module.exports = {\n  up: async (queryInterface, Sequelize) => {\n    await queryInterface.addColumn('Customers', 'phone', Sequelize.STRING);\n  },\n  down: async (queryInterface) => {\n    await queryInterface.removeColumn('Customers', 'phone');\n  },\n};\n",
        },
        {
          name: 'Prisma relation field removed (no column)',
          path: 'prisma/schema.prisma',
          before: 'model User {\n  id    Int    @id\n  posts Post[]\n}\n\nmodel Post {\n  id Int @id\n  authorId Int\n}\n',
          after: 'model User {\n  id    Int    @id\n}\n\nmodel Post {\n  id Int @id\n  authorId Int\n}\n',
        },
        {
          name: 'Prisma field reordered',
          path: 'prisma/schema.prisma',
          before: 'model Customer {\n  id    Int    @id\n  phone String?\n  email String\n}\n',
          after: 'model Customer {\n  id    Int    @id\n  email String\n  phone String?\n}\n',
        },
        {
          name: 'Rails remove_column unchanged while another line is added',
          path: 'db/migrate/20240611120500_remove_phone.rb',
          before: 'class RemovePhone < ActiveRecord::Migration[7.1]\n  def change\n    remove_column :customers, :phone, :string\n  end\nend\n',
          after: 'class RemovePhone < ActiveRecord::Migration[7.1]\n  def change\n    remove_column :customers, :phone, :string\n    add_index :customers, :email\n  end\nend\n',
        },
      ],
    },
    check(edit) {
      const out: EditRuleFinding[] = [];
      for (const c of callsOfKind(edit, 'drop-column')) {
        out.push(callFinding(edit, c, 'high', `drops the column ${describeTarget(c)} and its data`));
      }
      if (edit.file.kinds.has('prisma-schema')) {
        for (const { model, field } of prismaDiff(edit).removedFields) {
          out.push({
            message: `removes the Prisma field ${model.name}.${field.name}: the next migration drops the column ${field.column} and its data`,
            line: field.line,
            side: 'before',
            suggestion: 'To rename, keep the column with @map("old_name"); to drop, stop using it first and remove it in a later release.',
          });
        }
      }
      return out;
    },
  },
  {
    id: 'orm.change-column-type',
    description: 'ORM migration changes a column type (change_column, AlterField to another field class, alter_column type_=, changeColumn, .alter()), or a Prisma field type changes',
    severity: 'medium',
    suggestion: 'Add a new column with the new type, backfill it, switch readers, then drop the old column.',
    kinds: [...MIGRATION_KINDS, 'prisma-schema'],
    examples: {
      match: [
        {
          name: 'Rails change_column',
          path: 'db/migrate/20240611121000_change_total.rb',
          before: null,
          after: 'class ChangeTotal < ActiveRecord::Migration[7.1]\n  def up\n    change_column :orders, :total, :integer\n  end\nend\n',
          line: 3,
          side: 'after',
        },
        {
          name: 'Alembic alter_column type_ on a later line',
          path: 'alembic/versions/c3d4_total_type.py',
          before: null,
          after: 'import sqlalchemy as sa\nfrom alembic import op\n\n\ndef upgrade():\n    op.alter_column(\n        "orders",\n        "total",\n        type_=sa.Integer(),\n    )\n',
          line: 6,
          side: 'after',
        },
        {
          name: 'Django AlterField to another field class',
          path: 'shop/migrations/0013_order_total.py',
          before:
            "from django.db import migrations, models\n\n\nclass Migration(migrations.Migration):\n    operations = [\n        migrations.AlterField(\n            model_name='order',\n            name='total',\n            field=models.DecimalField(decimal_places=2, max_digits=10),\n        ),\n    ]\n",
          after:
            "from django.db import migrations, models\n\n\nclass Migration(migrations.Migration):\n    operations = [\n        migrations.AlterField(\n            model_name='order',\n            name='total',\n            field=models.IntegerField(),\n        ),\n    ]\n",
          line: 6,
          side: 'after',
          severity: 'medium',
        },
        {
          name: 'Knex column .alter()',
          path: 'migrations/20240611_shorten_name.ts',
          before: null,
          after: "import type { Knex } from 'knex';\n\nexport async function up(knex: Knex): Promise<void> {\n  await knex.schema.alterTable('users', (t) => {\n    t.string('name', 40).alter();\n  });\n}\n",
          line: 5,
          side: 'after',
        },
        {
          name: 'Prisma field type change',
          path: 'prisma/schema.prisma',
          before: 'model Order {\n  id    Int     @id\n  total Decimal\n}\n',
          after: 'model Order {\n  id    Int @id\n  total Int\n}\n',
          line: 3,
          side: 'after',
        },
      ],
      nearMiss: [
        {
          name: 'Rails change_column_default',
          path: 'db/migrate/20240611121500_default_status.rb',
          before: null,
          after: "class DefaultStatus < ActiveRecord::Migration[7.1]\n  def change\n    change_column_default :orders, :status, from: nil, to: 'new'\n  end\nend\n",
        },
        {
          name: 'Alembic alter_column nullable only',
          path: 'alembic/versions/d5e6_nullable.py',
          before: null,
          after: 'from alembic import op\n\n\ndef upgrade():\n    op.alter_column("orders", "note", nullable=True)\n',
        },
        {
          name: 'Django AlterField with the same field class',
          path: 'shop/migrations/0014_name_length.py',
          before:
            "from django.db import migrations, models\n\n\nclass Migration(migrations.Migration):\n    operations = [\n        migrations.AlterField(model_name='customer', name='name', field=models.CharField(max_length=100)),\n    ]\n",
          after:
            "from django.db import migrations, models\n\n\nclass Migration(migrations.Migration):\n    operations = [\n        migrations.AlterField(model_name='customer', name='name', field=models.CharField(max_length=200)),\n    ]\n",
        },
      ],
    },
    check(edit) {
      const out: EditRuleFinding[] = [];
      const nc = newCalls(edit);
      for (const c of nc?.calls ?? []) {
        if (c.kind === 'change-type') {
          out.push(callFinding(edit, c, 'medium', `changes the type of ${describeTarget(c, edit)}: the table may be rewritten and values truncated or rejected`));
        } else if (c.kind === 'alter-column' && /\btype_\s*=/.test(c.text)) {
          out.push(callFinding(edit, c, 'medium', `changes the type of ${describeTarget(c)} to ${/\btype_\s*=\s*([\w.]+)/.exec(c.text)?.[1] ?? 'another type'}: the table may be rewritten and values truncated or rejected`));
        } else if (c.kind === 'alter-field') {
          const newClass = /\bfield\s*=\s*(?:models\.)?(\w+)/.exec(c.text)?.[1];
          const target = describeTarget(c);
          const model = /model_name\s*=\s*['"](\w+)['"]/.exec(c.text)?.[1];
          const field = /\bname\s*=\s*['"](\w+)['"]/.exec(c.text)?.[1];
          const old = previousDjangoFieldClass(edit, model, field);
          if (newClass && old && old !== newClass) {
            out.push(callFinding(edit, c, 'medium', `changes ${target} from ${old} to ${newClass}: the column type changes and values may be truncated or rejected`));
          } else if (newClass && !old) {
            out.push(callFinding(edit, c, 'low', `alters ${target} (now ${newClass}); if the field class changed, the column type changes`));
          }
        }
      }
      if (edit.file.kinds.has('prisma-schema')) {
        for (const t of prismaDiff(edit).typeChanges) {
          out.push({ message: `changes the type of ${t.model.name}.${t.after.name} from ${t.before.type} to ${t.after.type}: the column is altered and values may be lost`, line: t.after.line, side: 'after' });
        }
      }
      return out;
    },
  },
  {
    id: 'orm.rename',
    description: 'ORM migration renames a table or column (rename_column, RenameField, alter_column new_column_name=, renameColumn)',
    severity: 'medium',
    suggestion: 'Add the new name alongside the old one, move readers and writers, then remove the old name in a later release.',
    kinds: [...MIGRATION_KINDS],
    examples: {
      match: [
        {
          name: 'Rails rename_column',
          path: 'db/migrate/20240611122000_rename_phone.rb',
          before: null,
          after: 'class RenamePhone < ActiveRecord::Migration[7.1]\n  def change\n    rename_column :customers, :phone, :phone_number\n  end\nend\n',
          line: 3,
          side: 'after',
        },
        {
          name: 'Django RenameField',
          path: 'shop/migrations/0015_rename_phone.py',
          before: null,
          after:
            "from django.db import migrations\n\n\nclass Migration(migrations.Migration):\n    operations = [\n        migrations.RenameField(model_name='customer', old_name='phone', new_name='phone_number'),\n    ]\n",
          line: 6,
          side: 'after',
        },
        {
          name: 'TypeORM renameColumn',
          path: 'src/migrations/1718000000001-RenamePhone.ts',
          before: null,
          after:
            'import { MigrationInterface, QueryRunner } from "typeorm";\n\nexport class RenamePhone1718000000001 implements MigrationInterface {\n  async up(queryRunner: QueryRunner): Promise<void> {\n    await queryRunner.renameColumn("customers", "phone", "phone_number");\n  }\n  async down(queryRunner: QueryRunner): Promise<void> {\n    await queryRunner.renameColumn("customers", "phone_number", "phone");\n  }\n}\n',
          line: 5,
          side: 'after',
        },
      ],
      nearMiss: [
        {
          name: 'rename in down only',
          path: 'db/migrate/20240611122500_rename_phone.rb',
          before: null,
          after: 'class RenamePhone < ActiveRecord::Migration[7.1]\n  def up\n    add_column :customers, :mobile, :string\n  end\n\n  def down\n    rename_column :customers, :mobile, :phone\n  end\nend\n',
        },
        {
          name: 'rename_index',
          path: 'db/migrate/20240611123000_rename_index.rb',
          before: null,
          after: 'class RenameIndex < ActiveRecord::Migration[7.1]\n  def change\n    rename_index :customers, "idx_a", "idx_b"\n  end\nend\n',
        },
      ],
    },
    check(edit) {
      const out: EditRuleFinding[] = [];
      for (const c of newCalls(edit)?.calls ?? []) {
        if (c.kind === 'rename' || (c.kind === 'alter-column' && /\bnew_column_name\s*=/.test(c.text))) {
          const to = /new_(?:column_)?name\s*=\s*['"](\w+)/.exec(c.text)?.[1];
          out.push(callFinding(edit, c, 'medium', `renames ${describeTarget(c)}${to ? ` to ${to}` : ''}; running code that uses the old name breaks`));
        }
      }
      return out;
    },
  },
  {
    id: 'orm.raw-sql',
    description: 'Destructive raw SQL in an ORM migration (execute, RunSQL, op.execute, queryRunner.query, knex.raw)',
    severity: 'high',
    suggestion: 'Use the migration DSL for schema changes, and take a backup before destructive SQL.',
    kinds: [...MIGRATION_KINDS],
    examples: {
      match: [
        {
          name: 'TypeORM queryRunner.query DROP TABLE',
          path: 'src/migrations/1718000000002-DropAudit.ts',
          before: null,
          after:
            'import { MigrationInterface, QueryRunner } from "typeorm";\n\nexport class DropAudit1718000000002 implements MigrationInterface {\n  async up(queryRunner: QueryRunner): Promise<void> {\n    await queryRunner.query(`DROP TABLE "audit_log"`);\n  }\n\n  async down(): Promise<void> {}\n}\n',
          line: 5,
          side: 'after',
          severity: 'high',
        },
        {
          name: 'Rails execute heredoc TRUNCATE',
          path: 'db/migrate/20240611124000_reset_sessions.rb',
          before: null,
          after: 'class ResetSessions < ActiveRecord::Migration[7.1]\n  def up\n    execute <<~SQL\n      TRUNCATE sessions;\n    SQL\n  end\nend\n',
          line: 4,
          side: 'after',
        },
        {
          name: 'Django RunSQL delete without where',
          path: 'shop/migrations/0016_purge.py',
          before: null,
          after:
            'from django.db import migrations\n\n\nclass Migration(migrations.Migration):\n    operations = [\n        migrations.RunSQL("DELETE FROM shop_cart"),\n    ]\n',
          line: 6,
          side: 'after',
        },
      ],
      nearMiss: [
        {
          name: 'Django RunSQL with the drop only in reverse_sql',
          path: 'shop/migrations/0017_view.py',
          before: null,
          after:
            'from django.db import migrations\n\n\nclass Migration(migrations.Migration):\n    operations = [\n        migrations.RunSQL(\n            sql="CREATE VIEW v AS SELECT 1",\n            reverse_sql="DROP TABLE v_tmp",\n        ),\n    ]\n',
        },
        {
          name: 'Knex raw select',
          path: 'migrations/20240611_backfill.js',
          before: null,
          after: "exports.up = async (knex) => {\n  await knex.raw(\"UPDATE users SET tier = 'free' WHERE tier IS NULL\");\n};\n",
        },
      ],
    },
    check(edit) {
      const nc = newCalls(edit);
      if (!nc) return [];
      const out: EditRuleFinding[] = [];
      const dialect = guessDialect(edit.text('after'), edit.file.path);
      for (const c of nc.calls) {
        if (c.kind !== 'raw-sql') continue;
        for (const [s, e] of sqlStringsOf(edit, nc.side, c)) {
          const stmts = splitStatements(tokenizeSql(edit.text('after').slice(s, e), s));
          for (const st of stmts) {
            for (const a of classifyStatement(st, new Set(), dialect)) {
              const down = c.down || isReverseSql(nc.side.noComments, c, s);
              out.push({
                severity: down ? 'low' : a.severity,
                message: `raw SQL ${a.message}${down ? ' (in the down/reverse direction)' : ''}`,
                line: edit.lineAt('after', a.offset),
                side: 'after',
              });
            }
          }
        }
      }
      return out;
    },
  },
];

/** String literal ranges inside a call, plus a Ruby heredoc body when the call opens one. */
function sqlStringsOf(edit: Edit, side: SideCalls, c: OrmCall): [number, number][] {
  const out = side.strings.filter(([s]) => s >= c.start && s < c.end);
  if (side.family === 'ruby') {
    const text = edit.text('after');
    const h = /<<([~-]?)(['"]?)([A-Z_][A-Z0-9_]*)\2/.exec(text.slice(c.start, c.end));
    if (h) {
      const bodyStart = text.indexOf('\n', c.start) + 1;
      const endRe = new RegExp(`^[ \\t]*${h[3]}[ \\t]*$`, 'm');
      const rest = text.slice(bodyStart);
      const m = endRe.exec(rest);
      if (bodyStart > 0) out.push([bodyStart, m ? bodyStart + m.index : text.length]);
    }
  }
  return out;
}

/** True when the string at `offset` is the `reverse_sql=` argument of a Django RunSQL. */
function isReverseSql(noComments: string, c: OrmCall, offset: number): boolean {
  const before = noComments.slice(c.start, offset);
  const lastArg = before.lastIndexOf(',') > before.lastIndexOf('(') ? before.slice(before.lastIndexOf(',')) : before;
  return /\breverse_sql\s*=\s*[\w([]*\s*["']*$/.test(lastArg) || /\breverse_sql\s*=\s*\[?\s*["']*$/.test(before.slice(-40));
}

/** The field class a Django migration gave `model.field` before this change (same file). */
function previousDjangoFieldClass(edit: Edit, model: string | undefined, field: string | undefined): string | undefined {
  if (!model || !field || edit.before === null) return undefined;
  const prev = callsOf(edit, 'before');
  for (const c of prev?.calls ?? []) {
    if (c.kind !== 'alter-field') continue;
    const m = /model_name\s*=\s*['"](\w+)['"]/.exec(c.text)?.[1];
    const f = /\bname\s*=\s*['"](\w+)['"]/.exec(c.text)?.[1];
    if (m === model && f === field) return /\bfield\s*=\s*(?:models\.)?(\w+)/.exec(c.text)?.[1];
  }
  const re = new RegExp(`AddField\\(\\s*model_name\\s*=\\s*['"]${model}['"]\\s*,\\s*name\\s*=\\s*['"]${field}['"]\\s*,\\s*field\\s*=\\s*(?:models\\.)?(\\w+)`);
  return re.exec(edit.text('before'))?.[1];
}
