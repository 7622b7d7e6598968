/**
 * The two-person rule end to end, through the built CLI (dist/cli.js, from `node esbuild.js`)
 * in a real temporary git repository: a risky migration on a branch, a policy asking for two
 * approvals, one approval (verify fails), a second by another person (verify passes), a later
 * edit of the approved hunk (verify fails again: stale). Also the JSON and SARIF outputs.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { repoRoot } from '../helpers/paths';
import { runAtTerminal } from '../helpers/terminal';
import { withTempDir } from '../helpers/tmp';
import { ALICE, BOB, makeRepo, type Repo } from './helpers';

const cli = path.join(repoRoot, 'dist', 'cli.js');
let repo: Repo;

interface Run {
  code: number | null;
  out: string;
  err: string;
}

function br(args: string[], env: Record<string, string | undefined> = {}, cwd = repo.dir): Run {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8', env: { ...repo.env, ...env } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** As a person runs it: at a terminal (approve writes records only there). Both streams are in `out` and `err`. */
function brAtTerminal(args: string[]): Run {
  const r = runAtTerminal([process.execPath, cli, ...args], { cwd: repo.dir, env: repo.env });
  return { code: r.code, out: r.out, err: r.out };
}

interface JsonChange {
  id: string;
  hash: string;
  file: string;
  line: number;
  ruleId: string;
  severity: string;
  required: number;
  have: number;
  status: string;
  approvals: { email: string; counted: boolean; reason?: string }[];
  stale: { email: string }[];
}

function verifyJson(): { ok: boolean; code: number | null; changes: JsonChange[] } {
  const r = br(['verify', '--json']);
  const j = JSON.parse(r.out) as { ok: boolean; changes: JsonChange[] };
  return { ok: j.ok, code: r.code, changes: j.changes };
}

before(() => {
  assert.ok(fs.existsSync(cli), 'dist/cli.js is missing: run `node esbuild.js` first');
  repo = makeRepo('br-signoff-e2e-');
  repo.as(ALICE);
  repo.write('.blast-radius.json', '{\n  "approvals": { "high": 2, "critical": 2 }\n}\n');
  repo.write('db/migrations/001_create_users.sql', 'CREATE TABLE users (id BIGSERIAL PRIMARY KEY, email TEXT);\n');
  repo.write('README.md', '# shop\n');
  repo.commitAll('initial');
  repo.git('checkout', '-q', '-b', 'drop-users');
  repo.write('db/migrations/002_drop_users.sql', '-- accounts replaced users in 001\nDROP TABLE users;\n');
  repo.commitAll('drop the users table');
});

after(() => repo.rm());

let changeId = '';

test('1. with no approvals, verify fails with a table naming the change, its rule and 0/2', () => {
  const r = br(['verify']);
  assert.equal(r.code, 1, r.err);
  assert.match(r.out, /ID\s+FILE:LINE\s+RULE\s+SEVERITY\s+APPROVALS\s+STATUS/);
  const row = r.out.split('\n').find((l) => l.includes('db/migrations/002_drop_users.sql:2'));
  assert.ok(row, r.out);
  assert.match(row, /^([0-9a-f]{12})\s+db\/migrations\/002_drop_users\.sql:2\s+sql\.drop-table\s+high\s+0\/2\s+missing approvals$/);
  changeId = /^([0-9a-f]{12})/.exec(row)![1]!;
  assert.match(r.out, /FAILED: 1 of 1 risky change lacks sign-off/);
});

test('2. an agent cannot approve: a shell started by an agent is refused, nothing is written', () => {
  const r = br(['approve', changeId], { CLAUDECODE: '1' });
  assert.equal(r.code, 1);
  assert.match(r.err, /started by an AI agent \(CLAUDECODE is set\)/);
  assert.equal(fs.existsSync(path.join(repo.dir, '.blast-radius', 'reviews')), false);
});

test('3. the first approval (Alice, committed with --commit) is recorded; verify still fails at 1/2', () => {
  repo.as(ALICE);
  const r = brAtTerminal(['approve', changeId, '--commit']);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /Approved as Alice Author <alice@example\.com>/);
  assert.match(r.out, /Committed 1 record file/);
  assert.equal(repo.git('log', '-1', '--format=%ae').trim(), 'alice@example.com');
  assert.equal(repo.git('status', '--porcelain').trim(), '');
  const v = verifyJson();
  assert.equal(v.code, 1);
  assert.equal(v.changes[0]!.have, 1);
  assert.equal(v.changes[0]!.status, 'missing-approvals');
  assert.deepEqual(v.changes[0]!.approvals.map((a) => [a.email, a.counted]), [['alice@example.com', true]]);
});

test('4. the same person cannot approve twice', () => {
  const r = brAtTerminal(['approve', changeId]);
  assert.equal(r.code, 1);
  assert.match(r.err, /Alice Author <alice@example\.com> already approved this change/);
  assert.equal(repo.git('status', '--porcelain').trim(), '');
});

test('5. --as-check tells Bob his approval would count, and writes nothing', () => {
  repo.as(BOB);
  const r = br(['approve', '--all-pending', '--as-check']);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /Your approval \(Bob Reviewer <bob@example\.com>\) would count for:/);
  assert.match(r.out, new RegExp(`${changeId}\\s+db/migrations/002_drop_users\\.sql:2\\s+high\\s+sql\\.drop-table\\s+2/2`));
  assert.equal(repo.git('status', '--porcelain').trim(), '');
});

test('6. the second approval by another person, committed by him, makes verify pass', () => {
  repo.as(BOB);
  const r = brAtTerminal(['approve', '--all-pending']);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /Staged 1 record file/);
  const staged = repo.git('diff', '--cached', '--name-only').trim();
  assert.match(staged, /^\.blast-radius\/reviews\/\d{4}-\d{2}\/[0-9a-f]{12}-[0-9a-f]{10}\.json$/);
  const before = br(['verify']);
  assert.equal(before.code, 1, 'a staged record does not count until it is committed');
  assert.match(before.out, /1 record file is in the working tree but not committed/);
  repo.git('commit', '-q', '-m', 'sign off the users drop');
  const v = br(['verify']);
  assert.equal(v.code, 0, v.out + v.err);
  assert.match(v.out, new RegExp(`${changeId}\\s+db/migrations/002_drop_users\\.sql:2\\s+sql\\.drop-table\\s+high\\s+2/2\\s+ok`));
  assert.match(v.out, /OK: the risky change has the approvals it needs/);
});

test('7. SARIF 2.1.0 output validates against the schema and passes the signed-off change', () => {
  const r = br(['verify', '--sarif', '--base', 'main']);
  assert.equal(r.code, 0, r.err);
  const sarif = JSON.parse(r.out) as { version: string; runs: { results: { ruleId: string; kind: string; level: string; partialFingerprints: Record<string, string> }[] }[] };
  const schemaFile = path.join(repoRoot, 'node_modules', '@microsoft', 'jest-sarif', 'lib', 'schemas', 'sarif-2.1.0-rtm.5.json');
  const schema = JSON.parse(fs.readFileSync(schemaFile, 'utf8')) as Record<string, unknown>;
  schema.$id = schema.id;
  delete schema.id;
  schema.$schema = 'http://json-schema.org/draft-07/schema#';
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  const validate = ajv.compile(schema);
  assert.ok(validate(sarif), JSON.stringify(validate.errors?.slice(0, 5), null, 2));
  const [res] = sarif.runs[0]!.results;
  assert.equal(res!.ruleId, 'sql.drop-table');
  assert.equal(res!.kind, 'pass');
  assert.match(res!.partialFingerprints['blastRadiusHunk/v1']!, /^[0-9a-f]{64}$/);
});

test('8. an unrelated paragraph added above the approved one keeps the approvals valid', () => {
  repo.as(ALICE);
  repo.write('db/migrations/002_drop_users.sql', '-- reviewed with the data team\n\n-- accounts replaced users in 001\nDROP TABLE users;\n');
  repo.commitAll('explain the drop');
  const v = verifyJson();
  assert.equal(v.code, 0, JSON.stringify(v.changes));
  assert.equal(v.changes[0]!.line, 4);
  assert.equal(v.changes[0]!.id, changeId);
});

test('9. a later edit of the approved hunk voids the approvals: verify fails again, stale', () => {
  repo.as(ALICE);
  repo.write('db/migrations/002_drop_users.sql', '-- reviewed with the data team\n\n-- accounts replaced users in 001\nDROP TABLE users CASCADE;\n');
  repo.commitAll('cascade');
  const r = br(['verify']);
  assert.equal(r.code, 1);
  assert.match(r.out, /db\/migrations\/002_drop_users\.sql:4\s+sql\.drop-table\s+high\s+0\/2\s+stale/);
  assert.match(r.out, /stale: Alice Author <alice@example\.com> approved an earlier version/);
  assert.match(r.out, /stale: Bob Reviewer <bob@example\.com> approved an earlier version/);
  const v = verifyJson();
  assert.notEqual(v.changes[0]!.id, changeId);
  assert.deepEqual(v.changes[0]!.stale.map((s) => s.email).sort(), ['alice@example.com', 'bob@example.com']);
});

test('10. a hand-written record claiming Bob approved the new content, committed by Alice, does not count', () => {
  const v = verifyJson();
  const c = v.changes[0]!;
  const id = `${c.id}-00000000ab`;
  const month = new Date().toISOString().slice(0, 7);
  repo.write(
    `.blast-radius/reviews/${month}/${id}.json`,
    `${JSON.stringify({
      version: 1,
      id,
      kind: 'edit',
      ruleId: c.ruleId,
      file: c.file,
      hash: c.hash,
      severity: c.severity,
      decision: 'approve',
      decidedBy: 'person',
      approver: { name: BOB.name, email: BOB.email },
      time: new Date().toISOString(),
      agentAttributed: false,
      tool: { name: 'blast-radius', version: 'by-hand' },
    })}\n`,
  );
  repo.as(ALICE);
  repo.commitAll('record Bob approving (by hand)');
  assert.equal(brAtTerminal(['approve', c.id, '--commit']).code, 0);
  const after = verifyJson();
  assert.equal(after.code, 1);
  assert.equal(after.changes[0]!.have, 1);
  assert.equal(after.changes[0]!.status, 'ineligible-approver');
  assert.match(after.changes[0]!.approvals.find((a) => a.email === 'bob@example.com')?.reason ?? '', /committed by alice@example\.com/);
});

test('usage: --help exits 0, an unknown flag 64, outside a repository 2 with one line', async () => {
  assert.equal(br(['verify', '--help']).code, 0);
  assert.equal(br(['approve', '--help']).code, 0);
  const bad = br(['verify', '--frobnicate']);
  assert.equal(bad.code, 64);
  assert.equal(bad.err, "blast-radius verify: unknown argument '--frobnicate'; see 'blast-radius verify --help'.\n");
  assert.equal(br(['approve']).code, 64);
  await withTempDir('br-not-a-repo-', (outside) => {
    const r = br(['verify'], {}, outside);
    assert.equal(r.code, 2);
    assert.match(r.err, /^blast-radius verify: .* is not inside a git repository; run this from a clone\.\n$/);
  });
});
