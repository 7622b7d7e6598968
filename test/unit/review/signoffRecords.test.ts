/**
 * Editor decisions written to the sign-off record: which risky changes an editor hunk holds,
 * and the recorder on a real temporary git repository, checked with verify's own core
 * (riskyChangesInFile, collectSignoff).
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeEdit } from '../../../src/core/edit/analyze';
import type { Logger } from '../../../src/core/logger';
import { mapFindings } from '../../../src/core/review/hunks';
import { riskyChangesInFile } from '../../../src/core/signoff/changes';
import { commandHash } from '../../../src/core/signoff/hash';
import { parseRecord } from '../../../src/core/signoff/record';
import { collectSignoff } from '../../../src/core/signoff/repo';
import { changesInHunk, recordSeverity, repoRelative, SignoffRecorder, spawnGit } from '../../../src/extension/review/signoffRecords';
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

test('repoRelative and recordSeverity', () => {
  assert.equal(repoRelative(path.join('/r', 'repo'), path.join('/r', 'repo', 'a', 'b.tf')), 'a/b.tf');
  assert.equal(repoRelative(path.join('/r', 'repo'), path.join('/r', 'other', 'b.tf')), undefined);
  assert.equal(recordSeverity('none'), 'low');
  assert.equal(recordSeverity('critical'), 'critical');
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

test('a revert is recorded as a revert of that change', async () => {
  const r = makeRepo('br-editor-record-');
  repos.push(r);
  r.as(ALICE);
  r.write('infra/main.tf', HEAD_TF);
  r.commitAll('initial');
  const { rec } = recorder(r);
  rec.recordEdit({ file: path.join(r.dir, 'infra', 'main.tf'), decision: 'revert', current: AFTER_TF, hunk: editorHunks(HEAD_TF)[1], agent: false });
  await rec.flush();
  assert.equal(rec.written.length, 1);
  const p = parseRecord(fs.readFileSync(path.join(r.dir, rec.written[0]!.path), 'utf8'), rec.written[0]!.path);
  assert.ok(p.ok);
  assert.equal(p.record.decision, 'revert');
  assert.equal(p.record.hash, changes[1]!.hash);
  assert.equal(p.record.agentAttributed, false);
});

test('a person\'s decision on a held command: one command record per rule', async () => {
  const r = makeRepo('br-editor-record-');
  repos.push(r);
  r.as(ALICE);
  r.write('README.md', '# x\n');
  r.commitAll('initial');
  const { rec } = recorder(r);
  rec.recordCommand({ cwd: path.join(r.dir), line: '  terraform destroy -auto-approve ', ruleIds: ['terraform.destroy', 'terraform.auto-approve'], severity: 'critical', decision: 'deny', agent: true });
  await rec.flush();
  const got = rec.written.map((w) => {
    const p = parseRecord(fs.readFileSync(path.join(r.dir, w.path), 'utf8'), w.path);
    assert.ok(p.ok, p.ok ? '' : p.message);
    return p.record;
  });
  assert.deepEqual(
    got.map((x) => [x.kind, x.ruleId, x.command, x.hash, x.decision, x.severity, x.agentAttributed]),
    [
      ['command', 'terraform.destroy', 'terraform destroy -auto-approve', commandHash('terraform.destroy', 'terraform destroy -auto-approve'), 'deny', 'critical', true],
      ['command', 'terraform.auto-approve', 'terraform destroy -auto-approve', commandHash('terraform.auto-approve', 'terraform destroy -auto-approve'), 'deny', 'critical', true],
    ],
  );
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
  rec.recordCommand({ cwd: dir, line: 'rm -rf build', ruleIds: ['fs.rm-recursive'], severity: 'high', decision: 'run-once', agent: false });
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
