/**
 * The administrator's policy: the system policy file (protected or not), VS Code managed
 * settings, and how they merge with the user's settings and the workspace (system ≥ managed >
 * user > workspace, tighten-only below a protected system file); and where policy files are
 * found (`policyFilesAt`).
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { checkProtected, loadSystemPolicy, systemPolicyFile } from '../../../src/core/policy/system';
import { policyFilesAt } from '../../../src/core/policy/load';
import { parsePolicyDocument, policyFromSettings, resolvePolicy, type ParsedPolicy } from '../../../src/core/policy/resolve';
import { decisionForSeverity } from '../../../src/core/policy/types';
import { repoRoot } from '../helpers/paths';
import { tempDir } from '../helpers/tmp';

const isRoot = process.getuid?.() === 0;
const cleanup: (() => void)[] = [];
after(() => {
  for (const c of cleanup) c();
});

/** A folder whose every parent is owned by root and writable by root only, when this machine has one. */
function protectedBase(): string | undefined {
  if (!isRoot) return undefined;
  for (const base of [path.join(repoRoot, 'out'), os.homedir()]) {
    try {
      const dir = fs.mkdtempSync(path.join(base, '.br-system-'));
      fs.chmodSync(dir, 0o755);
      cleanup.push(() => fs.rmSync(dir, { recursive: true, force: true }));
      const probe = path.join(dir, 'probe.json');
      fs.writeFileSync(probe, '{}', { mode: 0o644 });
      if (checkProtected(probe).protected) return dir;
    } catch {
      // not here
    }
  }
  return undefined;
}
const base = protectedBase();
const needsRoot = base ? false : 'needs root and a folder owned by root all the way up (run as root)';

function file(dir: string, name: string, text: string, mode = 0o644): string {
  const f = path.join(dir, name);
  fs.writeFileSync(f, text, { mode });
  fs.chmodSync(f, mode);
  return f;
}

describe('checkProtected: owned by root and writable by root only, all the way up', () => {
  test('a file under the world-writable temporary folder is not protected, and the reason names the folder', () => {
    const t = tempDir('br-sys-');
    cleanup.push(t.remove);
    const r = checkProtected(file(t.dir, 'policy.json', '{}'));
    assert.equal(r.protected, false);
    assert.match((r as { why: string }).why, /writable by everyone|not root/);
  });

  test('a relative path is not protected', () => {
    assert.equal(checkProtected('policy.json').protected, false);
  });

  test('a missing file is not protected', () => {
    assert.match((checkProtected('/nonexistent/blast/policy.json') as { why: string }).why, /could not be checked \(ENOENT\)/);
  });

  test('a protected file is; the same file writable by its group, or owned by another user, is not', { skip: needsRoot }, () => {
    const f = file(base!, 'policy.json', '{}');
    assert.deepEqual(checkProtected(f), { protected: true, realPath: f });
    fs.chmodSync(f, 0o664);
    assert.match((checkProtected(f) as { why: string }).why, /writable by its group/);
    fs.chmodSync(f, 0o644);
    fs.chownSync(f, 1000, 1000);
    assert.match((checkProtected(f) as { why: string }).why, /owned by uid 1000, not root/);
  });

  test('a folder on the way that someone else may write makes it unprotected', { skip: needsRoot }, () => {
    const dir = path.join(base!, 'open');
    fs.mkdirSync(dir, { mode: 0o777 });
    fs.chmodSync(dir, 0o777);
    assert.match((checkProtected(file(dir, 'policy.json', '{}')) as { why: string }).why, new RegExp(`the folder ${dir.replace(/[.]/g, '\\.')} is writable by everyone`));
  });

  test('a link is followed and its target held to the same rule', { skip: needsRoot }, () => {
    const t = tempDir('br-sys-link-');
    cleanup.push(t.remove);
    const outside = file(t.dir, 'loose.json', '{}');
    const link = path.join(base!, 'link.json');
    fs.symlinkSync(outside, link);
    assert.equal(checkProtected(link).protected, false);
    const inside = file(base!, 'real.json', '{}');
    const good = path.join(base!, 'good-link.json');
    fs.symlinkSync('real.json', good);
    assert.deepEqual(checkProtected(good), { protected: true, realPath: inside });
  });
});

describe('loadSystemPolicy', () => {
  test('the system policy file is /etc/blast-radius/policy.json on Linux and macOS, under ProgramData on Windows', () => {
    assert.equal(systemPolicyFile('linux', {}), '/etc/blast-radius/policy.json');
    assert.equal(systemPolicyFile('darwin', {}), '/etc/blast-radius/policy.json');
    assert.equal(systemPolicyFile('win32', { ProgramData: 'D:\\Data' }), 'D:\\Data\\BlastRadius\\policy.json');
  });

  test('no file: no layer', async () => {
    assert.deepEqual(await loadSystemPolicy({ file: '/nonexistent/blast/policy.json', env: {} }), []);
  });

  test('an unprotected system file is a tighten-only layer with a warning that says why', async () => {
    const t = tempDir('br-sys-');
    cleanup.push(t.remove);
    const f = file(t.dir, 'policy.json', JSON.stringify({ allow: ['terraform destroy'], deny: ['ls'] }));
    const [layer] = await loadSystemPolicy({ file: f, env: {} });
    assert.equal(layer?.verified, false);
    assert.match(layer!.problems[0]!.message, /is not protected \(.*\): it is applied tighten-only/);
    const { policy, problems } = resolvePolicy([layer!]);
    assert.equal(policy.allow.length, 0);
    assert.equal(policy.deny.length, 1);
    assert.ok(problems.some((p) => /can only tighten and cannot allow commands/.test(p.message)));
  });

  test('on Windows the file is always tighten-only (its owner cannot be checked)', async () => {
    const t = tempDir('br-sys-');
    cleanup.push(t.remove);
    const f = file(t.dir, 'policy.json', JSON.stringify({ allow: ['ls'] }));
    const [layer] = await loadSystemPolicy({ file: f, platform: 'win32', env: {} });
    assert.equal(layer?.verified, false);
    assert.match(layer!.problems[0]!.message, /on Windows the owner and access list of the file cannot be checked/);
  });

  test('a protected system file is the administrator\'s: verified', { skip: needsRoot }, async () => {
    const f = file(base!, 'admin.json', JSON.stringify({ allow: ['terraform plan'] }));
    const [layer] = await loadSystemPolicy({ file: f, env: {} });
    assert.equal(layer?.verified, true);
    assert.deepEqual(layer!.problems, []);
  });

  test('BLAST_RADIUS_EXTRA_POLICY adds a tighten-only layer after the system file, even when protected', { skip: needsRoot }, async () => {
    const f = file(base!, 'extra.json', JSON.stringify({ allow: ['ls'] }));
    const layers = await loadSystemPolicy({ file: '/nonexistent/blast/policy.json', env: { BLAST_RADIUS_EXTRA_POLICY: f } });
    assert.equal(layers.length, 1);
    assert.equal(layers[0]!.verified, false);
  });

  test('a system file that is a FIFO is never opened', async () => {
    const t = tempDir('br-sys-');
    cleanup.push(t.remove);
    const f = path.join(t.dir, 'policy.json');
    execFileSync('mkfifo', [f]);
    const [layer] = await loadSystemPolicy({ file: f, env: {} });
    assert.ok(layer!.problems.some((p) => /not a regular file \(it is a named pipe \(FIFO\)\)/.test(p.message)));
  });
});

// ---------------------------------------------------------------------------------------------
// Merging

function doc(source: ParsedPolicy['source'], value: unknown, verified = false): ParsedPolicy {
  return { ...parsePolicyDocument(JSON.stringify(value), source), verified };
}
const managed = (values: Record<string, unknown>): ParsedPolicy => ({ ...policyFromSettings(values, 'workspace'), source: 'managed' });
const labels = (l: readonly { label: string }[]): string[] => l.map((p) => p.label);

describe('merge order: system ≥ managed > user > workspace', () => {
  test('without an administrator\'s policy the user may loosen (control)', () => {
    const { policy } = resolvePolicy([policyFromSettings({ 'policy.allow': ['kubectl delete pod'], 'policy.severity': { high: 'allow' } }, 'user')]);
    assert.deepEqual(labels(policy.allow), ['kubectl delete pod']);
    assert.equal(decisionForSeverity(policy, 'high'), 'allow');
  });

  test('a protected system policy may loosen the defaults; the user then only tightens', () => {
    const sys = doc('system', { allow: ['terraform plan'], severity: { medium: 'confirm' }, disabledRules: ['git.force-push'] }, true);
    const user = policyFromSettings({ 'policy.allow': ['kubectl delete pod'], 'policy.severity': { medium: 'allow', low: 'deny' }, 'policy.disabledRules': ['fs.*'], 'policy.deny': ['ls'] }, 'user');
    const { policy, problems } = resolvePolicy([user, sys]);
    assert.deepEqual(labels(policy.allow), ['terraform plan']);
    assert.deepEqual(policy.disabledRules, ['git.force-push']);
    assert.equal(decisionForSeverity(policy, 'medium'), 'confirm');
    assert.equal(decisionForSeverity(policy, 'low'), 'deny', 'the user may still tighten');
    assert.deepEqual(labels(policy.deny), ['ls']);
    for (const what of ['allow commands', 'relax medium', 'disable rules']) {
      assert.ok(problems.some((p) => p.source === 'user' && p.message.includes(`cannot ${what}`) && /administrator's policy/.test(p.message)), what);
    }
  });

  test('an unprotected system policy only tightens and leaves the user free to loosen', () => {
    const sys = doc('system', { allow: ['terraform plan'], deny: ['rm'] }, false);
    const user = policyFromSettings({ 'policy.allow': ['kubectl delete pod'] }, 'user');
    const { policy } = resolvePolicy([sys, user]);
    assert.deepEqual(labels(policy.allow), ['kubectl delete pod']);
    assert.deepEqual(labels(policy.deny), ['rm']);
  });

  test('managed settings tighten, cannot loosen, and make the user tighten-only', () => {
    const m = managed({ 'policy.severity': { high: 'deny' }, 'policy.allow': ['ls'], 'policy.deny': ['terraform destroy'] });
    const user = policyFromSettings({ 'policy.severity': { high: 'allow' }, 'policy.allow': ['kubectl delete pod'] }, 'user');
    const { policy, problems } = resolvePolicy([user, m]);
    assert.equal(decisionForSeverity(policy, 'high'), 'deny');
    assert.deepEqual(labels(policy.allow), []);
    assert.deepEqual(labels(policy.deny), ['terraform destroy']);
    assert.ok(problems.some((p) => p.source === 'managed' && /managed settings can only tighten/.test(p.message)));
    assert.ok(problems.some((p) => p.source === 'user' && /cannot relax high/.test(p.message)));
  });

  test('empty managed settings are no administrator\'s policy', () => {
    const user = policyFromSettings({ 'policy.allow': ['ls'] }, 'user');
    assert.deepEqual(labels(resolvePolicy([managed({}), user]).policy.allow), ['ls']);
  });

  test('the workspace cannot loosen the system policy either', () => {
    const sys = doc('system', { severity: { high: 'deny' } }, true);
    const ws = doc('file', { severity: { high: 'confirm' }, allow: ['ls'] });
    const { policy } = resolvePolicy([ws, sys]);
    assert.equal(decisionForSeverity(policy, 'high'), 'deny');
    assert.deepEqual(labels(policy.allow), []);
  });

  test('an invalid protected system policy still locks the user\'s loosening and applies its valid tightening', () => {
    const sys = { ...parsePolicyDocument('{"deny": ["ls"], "severity": {"high": "nope"}}', 'system'), verified: true };
    const user = policyFromSettings({ 'policy.allow': ['kubectl delete pod'] }, 'user');
    const { policy } = resolvePolicy([sys, user]);
    assert.deepEqual(labels(policy.deny), ['ls']);
    assert.deepEqual(labels(policy.allow), []);
  });
});

describe('policyFilesAt: which policy files apply where', () => {
  const t = tempDir('br-files-');
  cleanup.push(t.remove);
  const repo = path.join(t.dir, 'repo');
  fs.mkdirSync(path.join(repo, '.git'), { recursive: true });
  fs.mkdirSync(path.join(repo, 'sub', '.git'), { recursive: true });
  fs.mkdirSync(path.join(repo, 'sub', 'deep', 'er'), { recursive: true });
  const f = (...p: string[]): string => path.join(repo, ...p, '.blast-radius.json');

  test('from the outermost repository down to the folder, outermost first', () => {
    assert.deepEqual(policyFilesAt(path.join(repo, 'sub', 'deep')), [f(), f('sub'), f('sub', 'deep')]);
  });

  test('from the folder the agent was opened on when the folder is inside it', () => {
    assert.deepEqual(policyFilesAt(path.join(repo, 'sub', 'deep'), path.join(repo, 'sub')), [f('sub'), f('sub', 'deep')]);
  });

  test('the opened folder\'s file first when the folder is outside it', () => {
    const elsewhere = path.join(t.dir, 'elsewhere');
    fs.mkdirSync(elsewhere, { recursive: true });
    assert.deepEqual(policyFilesAt(elsewhere, repo), [f(), path.join(elsewhere, '.blast-radius.json')]);
  });

  test('an empty file name reads no file', () => {
    assert.deepEqual(policyFilesAt(repo, undefined, ''), []);
  });
});
