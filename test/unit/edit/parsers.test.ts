/** The readers under the rules: SQL tokens and statements, HCL blocks, YAML documents, code masking. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { downRegions, maskCode } from '../../../src/core/edit/code';
import { parseHcl } from '../../../src/core/formats/hcl';
import { classifyStatement, guessDialect, splitStatements, tokenizeSql } from '../../../src/core/formats/sql';
import { maskTemplates, parseYamlText } from '../../../src/core/formats/yaml';

function lineAtFor(text: string): (o: number) => number {
  return (o) => text.slice(0, o).split('\n').length;
}

describe('SQL reader', () => {
  it('drops comments and keeps string contents as str tokens', () => {
    const t = tokenizeSql("-- DROP TABLE a;\n/* outer /* nested */ still */ SELECT 'it''s; DROP' , $body$ DROP TABLE x; $body$;");
    assert.deepEqual(
      t.map((x) => [x.type, x.text]),
      [
        ['word', 'SELECT'],
        ['str', "it's; DROP"],
        ['punct', ','],
        ['str', ' DROP TABLE x; '],
        ['punct', ';'],
      ],
    );
  });

  it('splits statements only at top-level semicolons', () => {
    const s = splitStatements(tokenizeSql("INSERT INTO t VALUES ('a;b');\nDELETE FROM t WHERE x = 1;\n"));
    assert.equal(s.length, 2);
    assert.equal(s[1]!.normalized, 'DELETE FROM T WHERE X = 1'); // words are upper-cased
  });

  it('classifies each action of a multi-action ALTER TABLE', () => {
    const [stmt] = splitStatements(tokenizeSql('ALTER TABLE users DROP COLUMN a, RENAME COLUMN b TO c, ALTER COLUMN d TYPE bigint;'));
    const kinds = classifyStatement(stmt!, new Set(), 'postgres').map((a) => a.kind);
    assert.deepEqual(kinds, ['drop-column', 'rename', 'alter-column-type']);
  });

  it('reads a partition dropped or truncated as rows deleted; one added as nothing', () => {
    const kinds = (sql: string): string[] => classifyStatement(splitStatements(tokenizeSql(sql))[0]!, new Set(), 'mysql').map((a) => `${a.kind}:${a.severity}`);
    assert.deepEqual(kinds("ALTER TABLE events DROP PARTITION (dt='2024-06-01');"), ['truncate:high']);
    assert.deepEqual(kinds('ALTER TABLE logs DROP IF EXISTS PARTITION p2023;'), ['truncate:high']);
    assert.deepEqual(kinds('ALTER TABLE logs TRUNCATE PARTITION ALL;'), ['truncate:high']);
    assert.deepEqual(kinds('ALTER TABLE logs ADD PARTITION (PARTITION p3 VALUES LESS THAN (2025));'), []);
  });

  it('guesses the dialect from the text', () => {
    assert.equal(guessDialect('CREATE TABLE `a` (id int AUTO_INCREMENT) ENGINE=InnoDB;', 'x.sql'), 'mysql');
    assert.equal(guessDialect('CREATE TABLE a (id bigserial, data jsonb);', 'x.sql'), 'postgres');
    assert.equal(guessDialect('SELECT 1;', 'x.sql'), 'unknown');
  });
});

describe('HCL reader', () => {
  const src = [
    '# comment with resource "x" "y" {',
    'resource "aws_s3_bucket" "logs" {',
    '  bucket = "acme-${var.env}-logs" // trailing',
    '  policy = <<EOT',
    '{ "Statement": [ { "Action": "*" } ] }',
    'EOT',
    '',
    '  lifecycle { prevent_destroy = true }',
    '  tags = {',
    '    a = "}"',
    '  }',
    '}',
    '',
    'module "vpc" {',
    '  source = "./vpc"',
    '}',
    'moved {',
    '  from = aws_s3_bucket.old',
    '  to   = aws_s3_bucket.logs',
    '}',
    '',
  ].join('\n');
  const f = parseHcl(src, lineAtFor(src));

  it('reads top-level blocks with addresses and line ranges', () => {
    assert.deepEqual(
      f.blocks.map((b) => [b.type, b.address ?? null, b.line, b.endLine]),
      [
        ['resource', 'aws_s3_bucket.logs', 2, 12],
        ['module', 'module.vpc', 14, 16],
        ['moved', null, 17, 20],
      ],
    );
  });

  it('reads attributes (heredocs and braces in strings do not confuse it) and nested blocks', () => {
    const r = f.blocks[0]!;
    assert.deepEqual(
      r.attrs.map((a) => [a.name, a.line]),
      [
        ['bucket', 3],
        ['policy', 4],
        ['tags', 9],
      ],
    );
    assert.equal(r.attrs[0]!.value, '"acme-${var.env}-logs"');
    const lc = r.blocks.find((b) => b.type === 'lifecycle')!;
    assert.deepEqual(
      lc.attrs.map((a) => [a.name, a.value, a.line]),
      [['prevent_destroy', 'true', 8]],
    );
    assert.equal(f.blocks[2]!.attrs.find((a) => a.name === 'from')!.value, 'aws_s3_bucket.old');
  });
});

describe('YAML documents', () => {
  it('reads every document with key paths and lines', () => {
    const text = 'a: 1\n---\nkind: Role\nrules:\n  - verbs: ["*"]\n    resources:\n      - pods\n';
    const docs = parseYamlText(text, lineAtFor(text));
    assert.equal(docs.length, 2);
    assert.deepEqual(
      docs[1]!.entries.filter((e) => e.value !== undefined).map((e) => [e.path.join('.'), e.value, e.line]),
      [
        ['kind', 'Role', 3],
        ['rules.0.verbs.0', '*', 5],
        ['rules.0.resources.0', 'pods', 7],
      ],
    );
  });

  it('blanks Helm actions without moving offsets', () => {
    const src = 'metadata:\n  name: {{ .Release.Name }}\n{{- if .Values.x }}\nspec: {}\n{{- end }}\n';
    const m = maskTemplates(src);
    assert.equal(m.length, src.length);
    assert.deepEqual(
      m.split('\n').map((l) => l.length),
      src.split('\n').map((l) => l.length),
    );
    assert.equal(m.split('\n')[2]!.trim(), '');
    const docs = parseYamlText(src, lineAtFor(src));
    assert.equal(docs[0]!.errors, 0);
  });

  it('accepts CloudFormation tags', () => {
    const text = "Resources:\n  B:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: !Sub '${AWS::StackName}-b'\n";
    const [d] = parseYamlText(text, lineAtFor(text));
    assert.equal((d!.data as { Resources: { B: { Type: string } } }).Resources.B.Type, 'AWS::S3::Bucket');
  });
});

describe('code masking', () => {
  it('blanks comments and, in the code view, string contents, keeping offsets', () => {
    const src = 'x = "drop_table(a)"  # drop_table(b)\ndrop_table(c)\n';
    const m = maskCode(src, 'python');
    assert.equal(m.codeOnly.length, src.length);
    assert.equal(m.noComments.includes('drop_table(b)'), false);
    assert.equal(m.noComments.includes('"drop_table(a)"'), true);
    assert.equal((m.codeOnly.match(/drop_table/g) ?? []).length, 1);
  });

  it('finds down/downgrade method bodies', () => {
    const py = 'def upgrade():\n    op.x()\n\n\ndef downgrade():\n    op.drop_table("t")\n';
    const [r] = downRegions(maskCode(py, 'python').codeOnly, 'python');
    assert.ok(r && py.indexOf('op.drop_table') >= r[0] && py.indexOf('op.drop_table') < r[1]);
    assert.ok(py.indexOf('op.x') < r[0]);
    const rb = 'class M\n  def up\n    a\n  end\n\n  def down\n    drop_table :t\n  end\nend\n';
    const [q] = downRegions(maskCode(rb, 'ruby').codeOnly, 'ruby');
    assert.ok(q && rb.indexOf('drop_table') > q[0] && rb.indexOf('drop_table') < q[1] && rb.indexOf('  def up') < q[0]);
    const js = 'exports.up = (k) => { k.a(); };\nexports.down = (k) => { k.schema.dropTable("t"); };\n';
    const [j] = downRegions(maskCode(js, 'c-like').codeOnly, 'c-like');
    assert.ok(j && js.indexOf('dropTable') > j[0] && js.indexOf('k.a()') < j[0]);
  });
});
