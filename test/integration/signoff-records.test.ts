import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { riskyChangesInFile } from '../../src/core/signoff/changes';
import { DEFAULT_SIGNOFF_POLICY } from '../../src/core/signoff/policy';
import { parseRecord, type ReviewRecord } from '../../src/core/signoff/record';
import type { BlastRadiusApi } from '../../src/extension/extension';
import { COMMANDS } from '../../src/extension/ids';
import { activateExtension, restoreWorkspace, sleep, waitFor as waitUntil } from './helpers/extension';

/**
 * Editor decisions in the repository's sign-off record, in a real VS Code: approving the removal
 * of prevent_destroy writes `.blast-radius/reviews/<yyyy-mm>/<id>.json` with the hash verify's
 * core computes for that change and the workspace's git identity, the tracker does not review
 * that file, and `blast-radius verify` counts the approval once it is committed. A revert and a
 * decision on a held command go to the audit log only: the repository is left as it was.
 */

const RULE = 'terraform.prevent-destroy-removed';
const PERSON = { name: 'Rita Reviewer', email: 'rita@example.com' };

suite('sign-off records from the editor', function () {
  this.timeout(120_000);
  let api: BlastRadiusApi;
  let cli = '';
  let tf = '';
  let original = '';

  const root = (): string => {
    const f = vscode.workspace.workspaceFolders?.[0];
    if (!f) throw new Error('the integration tests need the demo workspace open');
    return f.uri.fsPath;
  };
  const env = (): NodeJS.ProcessEnv => {
    const e: NodeJS.ProcessEnv = { ...process.env, GIT_CONFIG_NOSYSTEM: '1' };
    for (const k of Object.keys(e)) if (/^GIT_(AUTHOR|COMMITTER)_/.test(k)) delete e[k];
    return e;
  };
  const git = (...args: string[]): string => {
    const r = spawnSync('git', ['-c', 'commit.gpgsign=false', ...args], { cwd: root(), encoding: 'utf8', env: env() });
    if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
    return r.stdout;
  };
  const waitFor = <T>(what: string, probe: () => T | undefined | false, ms = 10_000): Promise<T> => waitUntil(what, probe, ms, () => api.review.recent());
  /** The records written by this test's decisions (newest last). */
  async function newRecords(since: number): Promise<Array<{ path: string; record: ReviewRecord }>> {
    const written = (await api.review.signoffRecords()).slice(since);
    return written.map((w) => {
      assert.equal(fs.realpathSync(w.root), fs.realpathSync(root()));
      const p = parseRecord(fs.readFileSync(path.join(w.root, w.path), 'utf8'), w.path);
      assert.ok(p.ok, p.ok ? '' : `${w.path}: ${p.message}`);
      return { path: w.path, record: p.record };
    });
  }
  /** The hash `blast-radius verify` computes for the prevent_destroy removal (HEAD → disk). */
  function verifyHash(): string {
    const before = git('show', 'HEAD:terraform/main.tf');
    const after = fs.readFileSync(tf, 'utf8');
    const needs = (s: keyof typeof DEFAULT_SIGNOFF_POLICY.required): boolean => DEFAULT_SIGNOFF_POLICY.required[s] > 0;
    const c = riskyChangesInFile({ path: 'terraform/main.tf', before, after, context: { workspaceRoot: root(), tracked: true } }, needs).filter((x) => x.ruleId === RULE);
    assert.equal(c.length, 1, JSON.stringify(c));
    return c[0]!.hash;
  }
  async function agentRemovesPreventDestroy(): Promise<string> {
    fs.writeFileSync(tf, original.replace(/^\s*prevent_destroy = true\n/m, ''));
    const item = await waitFor('the pending item', () => api.review.pendingItems().find((i) => i.file === tf && i.ruleIds.includes(RULE)));
    assert.ok(item.hunk, 'a hunk to decide on');
    return item.hunk.id;
  }

  suiteSetup(async () => {
    const a = await activateExtension();
    api = a.api;
    cli = path.join(a.extension.extensionPath, 'dist', 'cli.js');
    tf = path.join(root(), 'terraform', 'main.tf');
    original = fs.readFileSync(tf, 'utf8');
    git('config', 'user.name', PERSON.name);
    git('config', 'user.email', PERSON.email);
    git('checkout', '-q', '-b', 'signoff-records');
    // a write right after a checkout counts as the checkout's: let it pass
    await sleep(1500);
    await api.review.whenIdle();
  });

  teardown(async () => {
    api.review.setPrompter(undefined);
    await restoreWorkspace(git, api);
  });

  suiteTeardown(async () => {
    git('checkout', '-q', '-f', 'main');
    git('branch', '-q', '-D', 'signoff-records');
    git('config', '--unset', 'user.name');
    git('config', '--unset', 'user.email');
    await sleep(800);
    await api.review.whenIdle();
  });

  test('approving the prevent_destroy removal writes a record verify counts, signed with the git identity', async () => {
    const since = (await api.review.signoffRecords()).length;
    const hunkId = await agentRemovesPreventDestroy();
    api.review.setPrompter({ confirm: async () => true });
    await vscode.commands.executeCommand(COMMANDS.approveChange, vscode.Uri.file(tf).toString(), hunkId, 'codelens');
    await waitFor('the pending item to go', () => !api.review.pendingItems().some((i) => i.file === tf));

    const recs = await newRecords(since);
    assert.equal(recs.length, 1, JSON.stringify(recs));
    const { path: rel, record } = recs[0]!;
    assert.match(rel, /^\.blast-radius\/reviews\/\d{4}-\d{2}\/[0-9a-f]{12}-[0-9a-f]+\.json$/);
    assert.equal(record.kind, 'edit');
    assert.equal(record.file, 'terraform/main.tf');
    assert.equal(record.ruleId, RULE);
    assert.equal(record.hash, verifyHash());
    assert.equal(record.decision, 'approve');
    assert.equal(record.decidedBy, 'person');
    assert.deepEqual(record.approver, PERSON);
    assert.equal(record.agentAttributed, true);
    assert.equal(record.severity, 'high');

    // the record itself is not a risky agent edit
    await sleep(800);
    await api.review.whenIdle();
    assert.deepEqual(
      api.review.pendingItems().filter((i) => i.file?.includes(`${path.sep}.blast-radius${path.sep}`)),
      [],
    );

    // committed by its approver, verify counts it
    git('add', '-A');
    git('commit', '-q', '-m', 'drop prevent_destroy, approved in the editor');
    const r = spawnSync(process.execPath, [cli, 'verify', '--base', 'main', '--json'], { cwd: root(), encoding: 'utf8', env: { ...env(), ELECTRON_RUN_AS_NODE: '1' } });
    const out = JSON.parse(r.stdout) as { ok: boolean; changes: Array<{ ruleId: string; hash: string; status: string; have: number }> };
    const change = out.changes.find((c) => c.ruleId === RULE);
    assert.deepEqual(change && { hash: change.hash, status: change.status, have: change.have }, { hash: record.hash, status: 'ok', have: 1 }, r.stdout + r.stderr);
    git('reset', '-q', '--hard', 'main');
    await sleep(1500);
  });

  test('reverting the removal writes no record: a revert leaves nothing on the branch to sign off', async () => {
    const since = (await api.review.signoffRecords()).length;
    const hunkId = await agentRemovesPreventDestroy();
    await vscode.commands.executeCommand(COMMANDS.revertChange, vscode.Uri.file(tf).toString(), hunkId, 'codelens');
    await waitFor('the pending item to go', () => !api.review.pendingItems().some((i) => i.file === tf));
    assert.deepEqual(await newRecords(since), []);
    assert.equal(fs.readFileSync(tf, 'utf8'), original);
    assert.equal(git('status', '--porcelain').trim(), '', 'the repository is as it was');
    // the audit log has it
    const last = api.review.auditRecords().at(-1);
    assert.equal(last?.decision, 'revert');
  });

});
