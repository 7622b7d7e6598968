/**
 * Editor approvals written to the sign-off record: which risky changes an editor hunk holds,
 * and the recorder on a real temporary git repository, checked with verify's own core
 * (riskyChangesInFile, collectSignoff): an approval the policy asks for is a record; a revert,
 * or an approval the policy does not ask for, writes nothing.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeEdit } from '../../../src/core/edit/analyze';
import type { Logger } from '../../../src/core/logger';
import { mapFindings } from '../../../src/core/review/hunks';
import { riskyChangesInFile } from '../../../src/core/signoff/changes';
import { parseRecord } from '../../../src/core/signoff/record';
import { collectSignoff } from '../../../src/core/signoff/repo';
import { changesInHunk, repoRelative, SignoffRecorder, spawnGit } from '../../../src/extension/review/signoffRecords';
import { makeRepo, type Repo } from '../helpers/git';
import { tempDir, type TempDir } from '../helpers/tmp';
import { ALICE } from '../signoff/helpers';

const RULE = 'terraform.prevent-destroy-removed';

const resource = (name: string): string => `resource "aws_db_instance" "${name}" {\n  engine = "postgres"\n\n  lifecycle {\n    prevent_destroy = true\n  }\n}\n`;
const HEAD_TF = `${resource('orders')}\n${resource('billing')}`;
const AFTER_TF = HEAD_TF.replace(/^\s*prevent_destroy = true\n/gm, '');
/** The first removal approved earlier: the editor's baseline is no longer HEAD. */
const HALF_TF = HEAD_TF.replace(/^\s*prevent_destroy = true\n/m, '');

const changes = riskyChangesInFile({ path: 'infra/main.tf', before: HEAD_TF, after: AFTER_TF }, () => true);

function editorHunks(baseline: string) {
  return mapFindings(baseline, AFTER_TF, analyzeEdit({ path: 'infra/main.tf', before: baseline, after: AFTER_TF }).findings).hunks;
}

test('each editor hunk holds exactly the risky change verify finds there', () => {
  assert.equal(changes.length, 2);
  assert.notEqual(changes[0]!.hash, changes[1]!.hash, 'identical removals are numbered');
  const hunks = editorHunks(HEAD_TF);
  assert.equal(hunks.length, 2);
  assert.deepEqual(changesInHunk(changes, HEAD_TF, AFTER_TF, hunks[0]), [changes[0]]);
  assert.deepEqual(changesInHunk(changes, HEAD_TF, AFTER_TF, hunks[1]), [changes[1]]);
  assert.deepEqual(changesInHunk(changes, HEAD_TF, AFTER_TF, undefined), changes, 'the whole file: every change');
});

test('with an earlier approval as the baseline, the hunk is found by where it sits', () => {
  const hunks = editorHunks(HALF_TF);
  assert.equal(hunks.length, 1);
  assert.notEqual(hunks[0]!.findings[0]!.line, changes[1]!.line, 'the removed-side line numbers differ from HEAD');
  assert.deepEqual(changesInHunk(changes, HEAD_TF, AFTER_TF, hunks[0]), [changes[1]]);
});

test('a hunk of another rule holds none of the changes', () => {
  const h = editorHunks(HEAD_TF)[0]!;
  assert.deepEqual(changesInHunk(changes, HEAD_TF, AFTER_TF, { ...h, findings: h.findings.map((f) => ({ ...f, ruleId: 'sql.drop-table' })) }), []);
});

test('repoRelative', () => {
  assert.equal(repoRelative(path.join('/r', 'repo'), path.join('/r', 'repo', 'a', 'b.tf')), 'a/b.tf');
  assert.equal(repoRelative(path.join('/r', 'repo'), path.join('/r', 'other', 'b.tf')), undefined);
});

// ---------------------------------------------------------------------------------------------

const repos: Repo[] = [];
const dirs: TempDir[] = [];
after(() => {
  for (const r of repos) r.rm();
  for (const d of dirs) d.remove();
});

function recorder(r: Repo | undefined, env: NodeJS.ProcessEnv = r?.env ?? process.env) {
  const logged: string[] = [];
  const warned: string[] = [];
  const log: Logger = { trace: () => undefined, debug: () => undefined, info: (m) => logged.push(m), warn: (m) => logged.push(m), error: (m) => logged.push(m) };
  const rec = new SignoffRecorder({ log, warn: (m) => warned.push(m), git: spawnGit(env) });
  return { rec, logged, warned };
}

test('an editor approval is a record verify counts once committed by its approver', async () => {
  const r = makeRepo('br-editor-record-');
  repos.push(r);
  r.as(ALICE);
  r.write('infra/main.tf', HEAD_TF);
  r.commitAll('initial');
  r.git('checkout', '-q', '-b', 'feature');
  r.write('infra/main.tf', AFTER_TF);
  const { rec, warned } = recorder(r);
  const [first, second] = editorHunks(HEAD_TF);
  rec.recordEdit({ file: path.join(r.dir, 'infra', 'main.tf'), decision: 'approve', current: AFTER_TF, hunk: first, agent: true });
  rec.recordEdit({ file: path.join(r.dir, 'infra', 'main.tf'), decision: 'approve', current: AFTER_TF, hunk: second, agent: true });
  await rec.flush();
  assert.deepEqual(warned, []);
  assert.equal(rec.written.length, 2);
  const records = rec.written.map((w) => {
    assert.equal(w.root, fs.realpathSync(r.dir));
    const p = parseRecord(fs.readFileSync(path.join(r.dir, w.path), 'utf8'), w.path);
    assert.ok(p.ok, p.ok ? '' : p.message);
    return p.record;
  });
  // the hashes verify's core computes for the same change
  assert.deepEqual(
    records.map((x) => x.hash),
    changes.map((c) => c.hash),
  );
  for (const x of records) {
    assert.equal(x.kind, 'edit');
    assert.equal(x.file, 'infra/main.tf');
    assert.equal(x.ruleId, RULE);
    assert.equal(x.decision, 'approve');
    assert.equal(x.decidedBy, 'person');
    assert.deepEqual(x.approver, { name: ALICE.name, email: ALICE.email });
    assert.equal(x.agentAttributed, true);
    assert.equal(x.commit, r.git('rev-parse', 'HEAD').trim());
  }
  r.commitAll('drop protection, with sign-off');
  const report = collectSignoff({ cwd: r.dir, base: 'main' });
  assert.deepEqual(
    report.outcome.results.map((x) => [x.change.ruleId, x.status, x.have]),
    [
      [RULE, 'ok', 1],
      [RULE, 'ok', 1],
    ],
  );
  assert.equal(report.outcome.ok, true);
});

test('a revert writes nothing to the repository', async () => {
  const r = makeRepo('br-editor-record-');
  repos.push(r);
  r.as(ALICE);
  r.write('infra/main.tf', HEAD_TF);
  r.commitAll('initial');
  const status = r.git('status', '--porcelain');
  const { rec, warned } = recorder(r);
  rec.recordEdit({ file: path.join(r.dir, 'infra', 'main.tf'), decision: 'revert', current: AFTER_TF, hunk: editorHunks(HEAD_TF)[1], agent: false });
  await rec.flush();
  assert.deepEqual(rec.written, []);
  assert.deepEqual(warned, []);
  assert.equal(r.git('status', '--porcelain'), status);
});

const STORAGE_CLASS = 'apiVersion: storage.k8s.io/v1\nkind: StorageClass\nmetadata:\n  name: fast\nprovisioner: ebs.csi.aws.com\nreclaimPolicy: Delete\n';

test('an approval of a medium change writes nothing out of the box, and a record once the policy asks for it', async () => {
  const r = makeRepo('br-editor-record-');
  repos.push(r);
  r.as(ALICE);
  r.write('README.md', '# x\n');
  r.commitAll('initial');
  r.write('k8s/storageclass.yaml', STORAGE_CLASS);
  const file = path.join(r.dir, 'k8s', 'storageclass.yaml');
  const { rec } = recorder(r);
  assert.deepEqual(await rec.approvalRecorded(file, 'medium'), {
    write: false,
    why: 'the sign-off policy asks for no approval of medium changes; it is kept in the audit log only',
  });
  rec.recordEdit({ file, decision: 'approve', current: STORAGE_CLASS, agent: true });
  await rec.flush();
  assert.equal(rec.written.length, 0);
  assert.equal(r.git('status', '--porcelain').trim(), '?? k8s/');

  // committed to the repository, the policy asks one approval of medium changes
  r.write('.blast-radius.json', '{ "approvals": { "medium": 1 } }\n');
  r.git('add', '.blast-radius.json');
  r.git('commit', '-q', '-m', 'policy');
  assert.equal((await rec.approvalRecorded(file, 'medium')).write, true);
  rec.recordEdit({ file, decision: 'approve', current: STORAGE_CLASS, agent: true });
  await rec.flush();
  assert.equal(rec.written.length, 1);
  const p = parseRecord(fs.readFileSync(path.join(r.dir, rec.written[0]!.path), 'utf8'), rec.written[0]!.path);
  assert.ok(p.ok, p.ok ? '' : p.message);
  assert.deepEqual([p.record.ruleId, p.record.severity, p.record.decision], ['k8s.reclaim-policy-delete', 'medium', 'approve']);

  // the stricter of the policy on disk and the one at HEAD counts
  r.write('.blast-radius.json', '{ "approvals": { "high": 2 } }\n');
  assert.deepEqual((await rec.policyFor(r.dir)).required, { critical: 1, high: 2, medium: 1, low: 0 });
});

test('without a configured e-mail address nothing is written, and that is logged once', async () => {
  const r = makeRepo('br-editor-record-');
  repos.push(r);
  r.write('infra/main.tf', HEAD_TF);
  r.git('-c', 'user.name=Setup', '-c', 'user.email=setup@example.com', 'add', '-A');
  r.git('-c', 'user.name=Setup', '-c', 'user.email=setup@example.com', 'commit', '-q', '-m', 'initial');
  const { rec, logged, warned } = recorder(r);
  for (let i = 0; i < 2; i++) rec.recordEdit({ file: path.join(r.dir, 'infra', 'main.tf'), decision: 'approve', current: AFTER_TF, agent: true });
  await rec.flush();
  assert.deepEqual(rec.written, []);
  assert.deepEqual(warned, []);
  assert.equal(logged.filter((m) => /no user\.email/.test(m)).length, 1, logged.join('\n'));
  assert.equal(fs.existsSync(path.join(r.dir, '.blast-radius')), false);
});

test('outside a git repository nothing is written, and that is logged once', async () => {
  const t = tempDir('br-editor-norepo-');
  dirs.push(t);
  const dir = t.dir;
  fs.writeFileSync(path.join(dir, 'main.tf'), AFTER_TF);
  const { rec, logged, warned } = recorder(undefined, { ...process.env, GIT_CEILING_DIRECTORIES: path.dirname(dir) });
  rec.recordEdit({ file: path.join(dir, 'main.tf'), decision: 'approve', current: AFTER_TF, agent: true });
  assert.equal((await rec.approvalRecorded(path.join(dir, 'main.tf'), 'critical')).write, false);
  await rec.flush();
  assert.deepEqual(rec.written, []);
  assert.deepEqual(warned, []);
  assert.equal(logged.filter((m) => /not inside a git repository/.test(m)).length, 1, logged.join('\n'));
});

test('a record that cannot be written is a warning that says what to do next', async () => {
  const r = makeRepo('br-editor-record-');
  repos.push(r);
  r.as(ALICE);
  r.write('infra/main.tf', HEAD_TF);
  r.commitAll('initial');
  r.write('.blast-radius/reviews', 'a file where the folder should be\n');
  const { rec, warned } = recorder(r);
  rec.recordEdit({ file: path.join(r.dir, 'infra', 'main.tf'), decision: 'approve', current: AFTER_TF, agent: true });
  await rec.flush();
  assert.deepEqual(rec.written, []);
  assert.equal(warned.length, 1);
  assert.match(warned[0]!, /kept the approval of main\.tf in its audit log but could not write it to \.blast-radius\/reviews\/ .*blast-radius approve/);
});
