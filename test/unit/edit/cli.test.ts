/**
 * `blast-radius check-edit` through the built CLI (dist/cli.js; `node esbuild.js` builds it):
 * --path, --stdin --jsonl, and --git on a real temporary repository, with SARIF validated
 * against the SARIF 2.1.0 JSON schema shipped by @microsoft/jest-sarif.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { makeRepo } from '../helpers/git';
import { repoRoot } from '../helpers/paths';
import { tempDir, withTempDir } from '../helpers/tmp';

const cli = path.join(repoRoot, 'dist', 'cli.js');

function run(args: string[], opts: { input?: string; cwd?: string } = {}): { code: number; out: string; err: string } {
  const r = spawnSync(process.execPath, [cli, 'check-edit', ...args], {
    input: opts.input ?? '',
    cwd: opts.cwd ?? repoRoot,
    encoding: 'utf8',
    env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1' },
  });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}

let tmp = '';
let removeTmp = (): void => undefined;
before(() => {
  assert.ok(fs.existsSync(cli), 'dist/cli.js is missing: run `node esbuild.js` first');
  ({ dir: tmp, remove: removeTmp } = tempDir('br-check-edit-'));
});
after(() => removeTmp());

function write(rel: string, content: string | Buffer): string {
  const p = path.join(tmp, rel);
  fs.mkdirSync(path.dirname(p), { recursive: true });
  fs.writeFileSync(p, content);
  return p;
}

describe('check-edit --path', () => {
  it('prints the finding with file, line, severity, rule and suggestion, and exits 3', () => {
    const b = write('p1/before.sql', 'CREATE TABLE a (id int);\n');
    const a = write('p1/after.sql', 'CREATE TABLE a (id int);\nDROP TABLE orders;\n');
    const r = run(['--path', 'db/migrations/0002.sql', '--before', b, '--after', a]);
    assert.equal(r.code, 3, r.err);
    assert.match(r.out, /^db\/migrations\/0002\.sql:2 {2}high {6}sql\.drop-table {2}drops the table orders/m);
    assert.match(r.out, /safer: /);
    assert.match(r.out, /needs confirmation/);
  });

  it('prints JSON and exits 0 for an ordinary change', () => {
    const b = write('p2/before.tf', 'resource "aws_s3_bucket" "a" {\n  bucket = "a"\n}\n');
    const a = write('p2/after.tf', 'resource "aws_s3_bucket" "a" {\n  bucket = "a"\n  tags   = { team = "web" }\n}\n');
    const r = run(['--path', 'infra/main.tf', '--before', b, '--after', a, '--json']);
    assert.equal(r.code, 0, r.err);
    assert.deepEqual(JSON.parse(r.out), { path: 'infra/main.tf', decision: 'allow', severity: 'none', findings: [] });
  });

  it('reports removed lines on the before side for a deleted file', () => {
    const b = write('p3/ns.yaml', 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: payments\n');
    const r = run(['--path', 'k8s/does-not-exist/ns.yaml', '--before', b, '--json']);
    assert.equal(r.code, 3);
    const v = JSON.parse(r.out) as { findings: { ruleId: string; line: number; side: string }[] };
    assert.ok(v.findings.some((f) => f.ruleId === 'k8s.namespace-removed' && f.line === 2 && f.side === 'before'));
  });

  it('says when a --disable names no edit rule, with the one probably meant, and still disables the real ones', () => {
    const b = write('p6/before.sql', 'CREATE TABLE a (id int);\n');
    const a = write('p6/after.sql', 'CREATE TABLE a (id int);\nDROP TABLE orders;\n');
    const r = run(['--path', 'db/0003.sql', '--before', b, '--after', a, '--disable', 'sql.drop-tabel', '--disable', 'git.*', '--json']);
    assert.equal(r.err, [
      'blast-radius check-edit: --disable "sql.drop-tabel" is not a rule, so it disables nothing; did you mean "sql.drop-table"?',
      'blast-radius check-edit: --disable "git.*" disables nothing here: it is a pack of command rules; list it under disabledRules (setting blastRadius.policy.disabledRules)',
      '',
    ].join('\n'));
    assert.ok((JSON.parse(r.out) as { findings: { ruleId: string }[] }).findings.some((f) => f.ruleId === 'sql.drop-table'));
    const off = run(['--path', 'db/0003.sql', '--before', b, '--after', a, '--disable', 'sql.drop-table', '--json']);
    assert.equal(off.err, '');
    assert.ok(!(JSON.parse(off.out) as { findings: { ruleId: string }[] }).findings.some((f) => f.ruleId === 'sql.drop-table'));
  });

  it('reports a file over --max-bytes as skipped and holds it (exit 3)', () => {
    const a = write('p4/big.sql', 'SELECT 1;\n'.repeat(200));
    const r = run(['--path', 'big.sql', '--after', a, '--max-bytes', '100', '--json']);
    assert.equal(r.code, 3);
    assert.equal((JSON.parse(r.out) as { skipped: { reason: string } }).skipped.reason, 'too-large');
  });

  it('reports a binary file as skipped without holding it', () => {
    const a = write('p5/logo.png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x00]));
    const r = run(['--path', 'logo.png', '--after', a]);
    assert.equal(r.code, 0);
    assert.match(r.out, /logo\.png: skipped \(binary: /);
  });

  it('answers usage errors with one line and exit 64', () => {
    for (const args of [[], ['--sarif', '--path', 'a'], ['--path', 'a.sql', '--before', path.join(tmp, 'missing.sql')], ['--stdin'], ['--bogus']]) {
      const r = run(args);
      assert.equal(r.code, 64, `${args.join(' ')}: ${r.err}`);
      assert.equal(r.err.trim().split('\n').length, 1, r.err);
      assert.match(r.err, /^blast-radius check-edit: /);
    }
  });

  it('documents modes and exit codes in --help', () => {
    const r = run(['--help']);
    assert.equal(r.code, 0);
    for (const s of ['--stdin --jsonl', '--git [REV]', '--sarif', '--max-bytes', 'Exit codes: 0', '3 findings at high']) assert.ok(r.out.includes(s), s);
  });
});

describe('check-edit --stdin --jsonl', () => {
  it('answers one JSON object per line, in order, and keeps going after a bad line', () => {
    const lines = [
      JSON.stringify({ path: 'db/migrations/1.sql', before: null, after: 'TRUNCATE sessions;\n' }),
      'this is not json',
      JSON.stringify({ path: 'README.md', before: '# a\n', after: '# b\n' }),
      JSON.stringify({ path: 42, before: null, after: 'x' }),
      JSON.stringify({ path: 'infra/main.tf', before: 'resource "aws_s3_bucket" "b" {\n  bucket = "x"\n}\n', after: null }),
    ];
    const r = run(['--stdin', '--jsonl'], { input: `${lines.join('\n')}\n` });
    assert.equal(r.code, 65);
    const out = r.out.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.equal(out.length, 5);
    assert.deepEqual(out[0], {
      decision: 'confirm',
      severity: 'high',
      findings: [
        {
          ruleId: 'sql.truncate',
          severity: 'high',
          message: 'empties the table sessions: every row is deleted',
          line: 1,
          side: 'after',
          suggestion: 'Delete only the rows you mean to with a WHERE clause, after a backup.',
        },
      ],
    });
    assert.match(String(out[1]!.error), /^line 2: not valid JSON/);
    assert.deepEqual(out[2], { decision: 'allow', severity: 'none', findings: [] });
    assert.match(String(out[3]!.error), /^line 4: expected/);
    const last = out[4] as { findings: { ruleId: string; side: string; line: number }[] };
    assert.ok(last.findings.some((f) => f.ruleId === 'terraform.resource-removed' && f.side === 'before' && f.line === 1));
  });

  it('exits 0 when every line is valid', () => {
    const r = run(['--stdin', '--jsonl'], { input: `${JSON.stringify({ path: 'a.txt', before: 'a', after: 'b' })}\n` });
    assert.equal(r.code, 0);
  });
});

describe('check-edit --git', () => {
  let repo = '';

  before(() => {
    const r = makeRepo({ dir: path.join(tmp, 'repo') });
    repo = r.dir;
    r.as({ name: 'Dev', email: 'dev@example.com' });
    const put = (rel: string, content: string | Buffer): void => r.write(rel, content);
    put('db/migrations/0001_init.sql', 'CREATE TABLE orders (id bigserial PRIMARY KEY, total int NOT NULL);\n');
    put(
      'infra/main.tf',
      'resource "aws_db_instance" "main" {\n  engine = "postgres"\n\n  lifecycle {\n    prevent_destroy = true\n  }\n}\n\nresource "aws_s3_bucket" "assets" {\n  bucket = "acme-assets"\n}\n',
    );
    put('k8s/namespace.yaml', 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n');
    put('docs/old-name.md', '# Notes\n\nSome notes.\n');
    put('.gitignore', 'build/\n');
    r.commitAll('init');
    // The change under review.
    put('db/migrations/0002_drop.sql', '-- orders moved out\nDROP TABLE orders;\n');
    put('infra/main.tf', 'resource "aws_s3_bucket" "assets" {\n  bucket = "acme-assets"\n}\n');
    fs.rmSync(path.join(repo, 'k8s/namespace.yaml'));
    r.git('mv', 'docs/old-name.md', 'docs/new-name.md');
    put('assets/logo.png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01, 0x02]));
    put('build/out.sql', 'DROP DATABASE ignored;\n');
  });

  it('prints findings for every changed and untracked file, skips ignored ones, exits 3', () => {
    const r = run(['--git'], { cwd: repo });
    assert.equal(r.code, 3, r.err);
    assert.match(r.out, /^db\/migrations\/0002_drop\.sql:2 {2}high {6}sql\.drop-table /m);
    assert.match(r.out, /^infra\/main\.tf:1-7 \(removed; in HEAD\) {2}critical {2}terraform\.resource-removed /m);
    assert.match(r.out, /^k8s\/namespace\.yaml:2-4 \(removed; in HEAD\) {2}critical {2}k8s\.namespace-removed /m);
    assert.match(r.out, /^assets\/logo\.png: skipped \(binary: /m);
    assert.doesNotMatch(r.out, /build\/out\.sql/);
    assert.match(r.out, /files changed against HEAD, \d+ with findings, 1 skipped; highest severity critical: needs confirmation/);
  });

  it('prints JSON with each file, its change and its findings', () => {
    const r = run(['--git', 'HEAD', '--json'], { cwd: repo });
    assert.equal(r.code, 3);
    const j = JSON.parse(r.out) as { rev: string; severity: string; files: { path: string; change: string; oldPath?: string; findings: { ruleId: string }[]; skipped?: unknown }[] };
    assert.equal(j.rev, 'HEAD');
    assert.equal(j.severity, 'critical');
    const byPath = new Map(j.files.map((f) => [f.path, f]));
    assert.equal(byPath.get('db/migrations/0002_drop.sql')?.change, 'created');
    assert.equal(byPath.get('infra/main.tf')?.change, 'modified');
    assert.equal(byPath.get('k8s/namespace.yaml')?.change, 'deleted');
    assert.equal(byPath.get('docs/new-name.md')?.change, 'renamed');
    assert.equal(byPath.get('docs/new-name.md')?.oldPath, 'docs/old-name.md');
    assert.deepEqual(byPath.get('docs/new-name.md')?.findings, []);
    assert.ok(byPath.get('assets/logo.png')?.skipped);
  });

  it('writes SARIF 2.1.0 that validates against the official schema', () => {
    const r = run(['--git', '--sarif'], { cwd: path.join(repo, 'db') });
    assert.equal(r.code, 3, r.err);
    const sarif = JSON.parse(r.out) as {
      version: string;
      runs: { tool: { driver: { rules: { id: string }[] } }; results: { ruleId: string; ruleIndex: number; level: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[] }[] }[];
    };
    const schemaFile = path.join(repoRoot, 'node_modules', '@microsoft', 'jest-sarif', 'lib', 'schemas', 'sarif-2.1.0-rtm.5.json');
    const schema = JSON.parse(fs.readFileSync(schemaFile, 'utf8')) as Record<string, unknown>;
    // The file is a draft-04 schema; its only draft-04-specific keyword is the top-level `id`.
    schema.$id = schema.id;
    delete schema.id;
    schema.$schema = 'http://json-schema.org/draft-07/schema#';
    // unicodeRegExp off: one pattern in the schema (language tags) is not valid with the u flag.
    const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
    addFormats(ajv);
    const validate = ajv.compile(schema);
    assert.ok(validate(sarif), JSON.stringify(validate.errors?.slice(0, 5), null, 2));
    // The validator does reject what the schema forbids.
    const broken = JSON.parse(r.out) as { runs: { results: { level: string }[] }[] };
    broken.runs[0]!.results[0]!.level = 'fatal';
    assert.equal(validate(broken), false);

    const results = sarif.runs[0]!.results;
    const rules = sarif.runs[0]!.tool.driver.rules;
    const drop = results.find((x) => x.ruleId === 'sql.drop-table')!;
    assert.equal(drop.level, 'error');
    assert.equal(drop.locations[0]!.physicalLocation.artifactLocation.uri, 'db/migrations/0002_drop.sql');
    assert.equal(drop.locations[0]!.physicalLocation.region.startLine, 2);
    for (const x of results) assert.equal(rules[x.ruleIndex]!.id, x.ruleId);
    const removed = results.find((x) => x.ruleId === 'terraform.resource-removed')!;
    assert.equal(removed.locations[0]!.physicalLocation.region.startLine, 1, 'a removed block points at where it was in the new file');
  });

  it('compares against an older revision', () => {
    fs.writeFileSync(path.join(repo, 'extra.txt'), 'x\n');
    const r = run(['--git', 'HEAD', '--json', '--disable', 'k8s.*', '--disable', 'terraform', '--disable', 'sql.drop-table', '--disable', 'code.*'], { cwd: repo });
    assert.equal(r.code, 0, r.out);
    const j = JSON.parse(r.out) as { files: { findings: unknown[] }[] };
    assert.ok(j.files.every((f) => f.findings.length === 0));
  });

  it('says what to do outside a repository or with an unknown revision', async () => {
    await withTempDir('br-no-git-', (outside) => {
      const r = run(['--git'], { cwd: outside });
      assert.equal(r.code, 64);
      assert.match(r.err, /not inside a git repository/);
    });
    const bad = run(['--git', 'no-such-rev'], { cwd: repo });
    assert.equal(bad.code, 64);
    assert.match(bad.err, /'no-such-rev' is not a commit/);
  });
});
