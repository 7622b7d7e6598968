/** analyzeEdit: screening (binary, size, UTF-8), options, robustness, file kinds. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeEdit, analyzeEditWith } from '../../../src/core/edit/analyze';
import { detectFile } from '../../../src/core/edit/kinds';
import type { EditRule, FileKind } from '../../../src/core/edit/rule';

const DROP = { path: 'db/migrations/0001.sql', before: null, after: 'DROP TABLE orders;\n' };

describe('analyzeEdit screening', () => {
  it('skips binary content (NUL bytes) in a file that is not a kind of text', () => {
    const v = analyzeEdit({ path: 'logo.png', before: null, after: Buffer.from([0x89, 0x50, 0x00, 0x01]) });
    assert.equal(v.skipped?.reason, 'binary');
    assert.deepEqual(v.findings, []);
  });

  it('judges a text file with NUL bytes on either side, with a "binary content in a text file" finding', () => {
    const s = analyzeEdit({ path: 'a.sql', before: 'x\u0000y', after: 'DROP TABLE t;' });
    assert.equal(s.skipped, undefined);
    assert.deepEqual(s.findings.map((f) => [f.ruleId, f.side, f.severity]).sort(), [
      ['edit.binary-in-text', 'before', 'high'],
      ['sql.drop-table', 'after', 'high'],
    ]);
    const hidden = analyzeEdit({ path: 'deploy.sh', before: null, after: Buffer.from('echo ok\n\u0000rm -rf /srv/data\n') });
    assert.ok(hidden.findings.some((f) => f.ruleId === 'edit.binary-in-text' && f.line === 2), JSON.stringify(hidden.findings));
  });

  it('skips files over the size limit, default 2 MB, configurable', () => {
    const big = `-- pad\n${'x'.repeat(2 * 1024 * 1024)}\nDROP TABLE t;\n`;
    assert.equal(analyzeEdit({ path: 'a.sql', before: null, after: big }).skipped?.reason, 'too-large');
    const small = analyzeEdit(DROP, { maxBytes: 10 });
    assert.equal(small.skipped?.reason, 'too-large');
    assert.match(small.skipped!.detail, /over the 10 bytes limit/);
    assert.equal(analyzeEdit(DROP, { maxBytes: 1000 }).skipped, undefined);
  });

  it('counts the size in UTF-8 bytes', () => {
    const text = 'é'.repeat(600); // 1200 bytes, 600 UTF-16 units
    assert.equal(analyzeEdit({ path: 'a.txt', before: null, after: text }, { maxBytes: 1000 }).skipped?.reason, 'too-large');
  });

  it('judges invalid UTF-8 in a text file with a finding, skips it elsewhere, reads valid UTF-8 (and drops a BOM)', () => {
    const bad = analyzeEdit({ path: 'a.sql', before: null, after: Buffer.from([0x44, 0xff, 0xfe, 0x41]) });
    assert.equal(bad.skipped, undefined);
    assert.equal(bad.severity, 'high');
    assert.match(bad.findings[0]!.message, /binary content in a text file: the new version contains bytes that are not valid UTF-8/);
    assert.equal(analyzeEdit({ path: 'blob.bin', before: null, after: Buffer.from([0x44, 0xff, 0xfe, 0x41]) }).skipped?.reason, 'invalid-utf8');
    const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('DROP TABLE t;\n')]);
    const ok = analyzeEdit({ path: 'a.sql', before: null, after: bom });
    assert.equal(ok.skipped, undefined);
    assert.deepEqual(ok.findings.map((f) => [f.ruleId, f.line]), [['sql.drop-table', 1]]);
  });
});

describe('analyzeEdit options and results', () => {
  it('reports the highest severity and sorts findings', () => {
    const v = analyzeEdit({ path: 'db/m.sql', before: null, after: 'CREATE INDEX i ON t (a);\nDROP DATABASE shop;\n' });
    assert.equal(v.severity, 'critical');
    assert.deepEqual(v.findings.map((f) => f.line), [1, 2]);
  });

  it('leaves out disabled rules by id, by pack and by pack.*', () => {
    assert.equal(analyzeEdit(DROP, { disabledRules: ['sql.drop-table'] }).findings.length, 0);
    assert.equal(analyzeEdit(DROP, { disabledRules: ['sql'] }).findings.length, 0);
    assert.equal(analyzeEdit(DROP, { disabledRules: ['sql.*'] }).findings.length, 0);
    assert.equal(analyzeEdit(DROP, { disabledRules: ['sql.truncate'] }).findings.length, 1);
  });

  it('finds nothing when both sides are equal or both absent', () => {
    assert.deepEqual(analyzeEdit({ path: 'a.sql', before: 'DROP TABLE t;', after: 'DROP TABLE t;' }), { severity: 'none', findings: [] });
    assert.deepEqual(analyzeEdit({ path: 'a.sql', before: null, after: null }), { severity: 'none', findings: [] });
  });

  it('turns a throwing rule into an edit.rule-error finding at high severity', () => {
    const broken: EditRule = {
      id: 'test.broken',
      description: 'always throws',
      severity: 'low',
      kinds: '*',
      examples: { match: [], nearMiss: [] },
      check: () => {
        throw new Error('boom');
      },
    };
    const v = analyzeEditWith([broken], { path: 'a.txt', before: 'a', after: 'b' });
    assert.equal(v.severity, 'high');
    assert.equal(v.findings[0]?.ruleId, 'edit.rule-error');
    assert.match(v.findings[0]!.message, /test\.broken.*boom/);
  });

  it('clamps out-of-range lines from a rule to the file', () => {
    const sloppy: EditRule = {
      id: 'test.sloppy',
      description: 'bad line numbers',
      severity: 'medium',
      kinds: '*',
      examples: { match: [], nearMiss: [] },
      check: () => [
        { message: 'too far', line: 99, side: 'after' },
        { message: 'too low', line: -3, side: 'before' },
      ],
    };
    const v = analyzeEditWith([sloppy], { path: 'a.txt', before: 'a\nb\n', after: 'a\nb\nc\n' });
    assert.deepEqual(v.findings.map((f) => [f.side, f.line]), [
      ['after', 3],
      ['before', 1],
    ]);
  });

  it('never throws on malformed input', () => {
    const weird = [
      { path: undefined as unknown as string, before: null, after: 'x' },
      { path: 'a.sql', before: 42 as unknown as string, after: 'DROP TABLE t;' },
      { path: 'a.tf', before: '}}}}{{{', after: 'resource "a" {{{{' },
      { path: 'k8s/a.yaml', before: 'kind: [', after: 'apiVersion: v1\nkind: {' },
      { path: 'db/m.sql', before: null, after: "'unterminated $$ /* " },
    ];
    for (const w of weird) assert.doesNotThrow(() => analyzeEdit(w));
  });
});

describe('file kinds', () => {
  const cases: [string, string | null, FileKind[], FileKind[]][] = [
    ['db/migrations/0001_init.sql', null, ['sql', 'migration'], []],
    ['prisma/migrations/20240101_x/migration.sql', null, ['sql', 'migration'], []],
    ['db/migrate/20240101_add_x.rb', 'class AddX < ActiveRecord::Migration[7.1]\nend\n', ['rails-migration', 'migration', 'source'], []],
    ['shop/migrations/0002_x.py', 'from django.db import migrations\n', ['django-migration', 'migration'], ['alembic-migration']],
    ['alembic/versions/abc_x.py', 'from alembic import op\n', ['alembic-migration', 'migration'], ['django-migration']],
    ['src/migrations/1718-X.ts', 'export class X implements MigrationInterface {}\n', ['js-migration'], []],
    ['prisma/schema.prisma', null, ['prisma-schema'], ['sql']],
    ['infra/main.tf', null, ['terraform'], []],
    ['live/prod/terragrunt.hcl', null, ['terraform'], []],
    ['infra/main.tf.json', null, ['terraform-json'], ['terraform']],
    ['cfn/app.yaml', "AWSTemplateFormatVersion: '2010-09-09'\nResources: {}\n", ['cloudformation', 'yaml'], ['kubernetes']],
    ['k8s/dep.yaml', 'apiVersion: apps/v1\nkind: Deployment\n', ['kubernetes', 'yaml'], ['cloudformation']],
    ['charts/api/templates/deployment.yaml', 'kind: Deployment\nmetadata:\n  name: {{ .Release.Name }}\n', ['helm-template', 'kubernetes'], []],
    ['charts/api/values.yaml', 'replicaCount: 1\n', ['helm-values'], ['kubernetes']],
    ['lib/stack.ts', "import * as cdk from 'aws-cdk-lib';\n", ['cdk', 'source'], ['pulumi']],
    ['infra/index.ts', 'import * as aws from "@pulumi/aws";\n', ['pulumi'], ['cdk']],
    ['src/app.ts', 'export const x = 1;\n', ['source'], ['test', 'cdk']],
    ['src/app.test.ts', null, ['test', 'source'], []],
    ['.github/workflows/ci.yml', null, ['github-workflow', 'ci'], []],
    ['.env.production', null, ['dotenv'], ['dotenv-example']],
    ['.env.example', null, ['dotenv-example'], ['dotenv']],
    ['Dockerfile', null, ['dockerfile'], []],
    ['scripts/deploy', '#!/usr/bin/env bash\necho hi\n', ['shell-script', 'source'], []],
  ];
  for (const [p, content, yes, no] of cases) {
    it(`${p} is ${yes.join(', ')}`, () => {
      const f = detectFile(p, null, content);
      for (const k of yes) assert.ok(f.kinds.has(k), `${p} should be ${k}; got ${[...f.kinds].join(', ')}`);
      for (const k of no) assert.ok(!f.kinds.has(k), `${p} should not be ${k}`);
    });
  }

  it('recognises a deleted file from its before side', () => {
    const f = detectFile('k8s/ns.yaml', 'apiVersion: v1\nkind: Namespace\n', null);
    assert.ok(f.kinds.has('kubernetes'));
  });

  it('normalises Windows paths', () => {
    assert.equal(detectFile('.\\db\\migrations\\1.sql', null, '').path, 'db/migrations/1.sql');
  });
});
