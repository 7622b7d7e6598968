import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  DEFAULT_POLICY,
  isRuleDisabled,
  mergePolicies,
  parsePolicy,
  parsePolicyDocument,
  policyFromSettings,
  resolvePolicy,
  type PolicyProblem,
  type ResolvedPolicy,
} from '../../../src/core/policy';
import { fixturesDir } from '../helpers/paths';

/** A user policy that loosens a little, as a person might configure it. */
function userPolicy(): ResolvedPolicy {
  const r = parsePolicy(
    JSON.stringify({
      severity: { medium: 'allow', high: 'confirm' },
      allow: ['kubectl delete pod'],
      disabledRules: ['docker.*'],
      localMarkers: ['sandbox'],
      productionMarkers: ['emea'],
      confirmTimeoutSeconds: 600,
      approvals: { critical: 2 },
    }),
    'user',
  );
  assert.deepEqual(r.problems, []);
  return r.policy;
}

function merged(workspace: object): { policy: ResolvedPolicy; problems: PolicyProblem[] } {
  return mergePolicies(userPolicy(), parsePolicyDocument(JSON.stringify(workspace), 'workspace'));
}

interface RefusedCase {
  workspace: object;
  path: string;
  message: RegExp;
  unchanged: (p: ResolvedPolicy) => void;
}

const REFUSED: Record<string, RefusedCase> = {
  'allow a command': {
    workspace: { allow: ['rm -rf /'] },
    path: 'allow',
    message: /a workspace setting cannot allow commands \(1 entry\); move this to your user settings/,
    unchanged: (p) => assert.deepEqual(p.allow.map((a) => a.label), ['kubectl delete pod']),
  },
  'lower high to allow': {
    workspace: { severity: { high: 'allow' } },
    path: 'severity.high',
    message: /cannot relax high from "confirm" to "allow"/,
    unchanged: (p) => assert.equal(p.severity.high, 'confirm'),
  },
  'lower critical to allow': {
    workspace: { severity: { critical: 'allow' } },
    path: 'severity.critical',
    message: /cannot relax critical from "confirm" to "allow"/,
    unchanged: (p) => assert.equal(p.severity.critical, 'confirm'),
  },
  'disable a rule': {
    workspace: { disabledRules: ['filesystem.*'] },
    path: 'disabledRules',
    message: /cannot disable rules/,
    unchanged: (p) => assert.equal(isRuleDisabled(p, 'filesystem.rm-recursive'), false),
  },
  'disable an edit rule': {
    workspace: { edits: { disabledRules: ['iac.*'] } },
    path: 'edits.disabledRules',
    message: /cannot disable rules/,
    unchanged: (p) => assert.deepEqual(p.edits.disabledRules, []),
  },
  'mark production as local': {
    workspace: { localMarkers: ['prod'] },
    path: 'localMarkers',
    message: /cannot mark targets as local/,
    unchanged: (p) => assert.deepEqual(p.localMarkers, ['sandbox']),
  },
  'lengthen the confirmation timeout': {
    workspace: { confirmTimeoutSeconds: 3600 },
    path: 'confirmTimeoutSeconds',
    message: /cannot lengthen the confirmation timeout beyond 600 seconds/,
    unchanged: (p) => assert.equal(p.confirmTimeoutSeconds, 600),
  },
  'lower approvals': {
    workspace: { approvals: { critical: 1 } },
    path: 'approvals.critical',
    message: /cannot lower the approvals for critical from 2 to 1/,
    unchanged: (p) => assert.equal(p.approvals.critical, 2),
  },
  'raise the size limit for judged edits': {
    workspace: { edits: { maxFileBytes: 50 * 1024 * 1024 } },
    path: 'edits.maxFileBytes',
    message: /cannot raise the size limit/,
    unchanged: (p) => assert.equal(p.edits.maxFileBytes, DEFAULT_POLICY.edits.maxFileBytes),
  },
};

for (const [name, c] of Object.entries(REFUSED)) {
  test(`a workspace cannot ${name}: refused and reported`, () => {
    const { policy, problems } = merged(c.workspace);
    c.unchanged(policy);
    assert.equal(problems.length, 1, JSON.stringify(problems));
    assert.equal(problems[0]!.path, c.path);
    assert.equal(problems[0]!.source, 'workspace');
    assert.match(problems[0]!.message, c.message);
  });
}

test('a workspace can tighten: stricter decisions, deny entries, markers, custom rules, shorter timeout, more approvals', () => {
  const { policy, problems } = merged({
    severity: { medium: 'confirm', high: 'deny', low: 'allow' },
    deny: ['terraform destroy'],
    productionMarkers: ['Blue', 'emea'],
    customRules: [{ id: 'custom.no-make-deploy', severity: 'high', message: 'Deploys go through CI', match: 'make deploy' }],
    confirmTimeoutSeconds: 60,
    approvals: { critical: 3, high: 2 },
    edits: { maxFileBytes: 4096 },
  });
  assert.deepEqual(problems, []);
  assert.deepEqual(policy.severity, { critical: 'confirm', high: 'deny', medium: 'confirm', low: 'allow' });
  assert.deepEqual(policy.deny.map((d) => `${d.source}:${d.path}:${d.label}`), ['workspace:deny[0]:terraform destroy']);
  assert.deepEqual(policy.productionMarkers, ['emea', 'blue']);
  assert.equal(policy.customRules[0]!.pattern.source, 'workspace');
  assert.equal(policy.confirmTimeoutSeconds, 60);
  assert.deepEqual(policy.approvals, { critical: 3, high: 2 });
  assert.equal(policy.edits.maxFileBytes, 4096);
  // The user's loosening stays: it is the user's to make.
  assert.deepEqual(policy.allow.map((a) => a.label), ['kubectl delete pod']);
  assert.equal(isRuleDisabled(policy, 'docker.volume-rm'), true);
});

test('the stricter decision wins whichever side is stricter', () => {
  const user = parsePolicy('{ "severity": { "critical": "deny", "medium": "allow" } }', 'user').policy;
  const { policy, problems } = mergePolicies(user, { severity: { critical: 'confirm', medium: 'deny' } });
  assert.equal(policy.severity.critical, 'deny');
  assert.equal(policy.severity.medium, 'deny');
  assert.equal(problems.length, 1);
  assert.equal(problems[0]!.path, 'severity.critical');
});

test('a hostile policy file tightens only', () => {
  const text = fs.readFileSync(path.join(fixturesDir, 'policies', 'loosening.json'), 'utf8');
  const { policy, problems } = parsePolicy(text, 'file');
  assert.deepEqual(policy.severity, { critical: 'confirm', high: 'confirm', medium: 'deny', low: 'allow' });
  assert.equal(policy.allow.length, 0);
  assert.deepEqual(policy.disabledRules, []);
  assert.deepEqual(policy.localMarkers, []);
  assert.equal(policy.confirmTimeoutSeconds, DEFAULT_POLICY.confirmTimeoutSeconds);
  assert.deepEqual(policy.deny.map((d) => d.label), ['curl']);
  assert.deepEqual(policy.productionMarkers, ['staging']);
  assert.deepEqual(
    problems.map((p) => p.path).sort(),
    ['allow', 'confirmTimeoutSeconds', 'disabledRules', 'edits.disabledRules', 'edits.maxFileBytes', 'localMarkers', 'severity.critical', 'severity.high'].sort(),
  );
  for (const p of problems) assert.equal(p.source, 'file');
  assert.match(problems.find((p) => p.path === 'allow')!.message, /^a workspace policy file cannot allow commands \(2 entries\); move this to your user settings$/);
});

test('resolvePolicy applies user layers first, whatever order they come in', () => {
  const user = policyFromSettings({ 'policy.severity': { high: 'allow' }, 'policy.allow': ['git push'] }, 'user');
  const file = parsePolicyDocument('{ "severity": { "high": "deny" }, "deny": ["terraform destroy"] }', 'file');
  for (const layers of [[user, file], [file, user]]) {
    const { policy, problems } = resolvePolicy(layers);
    assert.equal(policy.severity.high, 'deny');
    assert.deepEqual(policy.allow.map((a) => a.label), ['git push']);
    assert.deepEqual(policy.deny.map((d) => d.label), ['terraform destroy']);
    assert.deepEqual(problems, []);
  }
});

test('workspace settings tighten only, and problems name the setting', () => {
  const user = policyFromSettings({ 'policy.allow': ['git push'] }, 'user');
  const ws = policyFromSettings(
    { 'policy.allow': ['rm'], 'policy.severity': { critical: 'allow' }, 'policy.deny': ['helm uninstall'], confirmTimeoutSeconds: 30 },
    'workspace',
  );
  const { policy, problems } = resolvePolicy([ws, user]);
  assert.deepEqual(policy.allow.map((a) => a.label), ['git push']);
  assert.equal(policy.severity.critical, 'confirm');
  assert.deepEqual(policy.deny.map((d) => d.path), ['blastRadius.policy.deny[0]']);
  assert.equal(policy.confirmTimeoutSeconds, 30);
  assert.deepEqual(problems.map((p) => p.path).sort(), ['blastRadius.policy.allow', 'blastRadius.policy.severity.critical']);
});

test('a user document with errors is applied tighten-only until fixed', () => {
  const { policy, problems } = parsePolicy('{ "severity": { "critical": "allow", "high": "deny" }, "allow": ["rm"], "oops": 1 }', 'user');
  assert.equal(policy.severity.critical, 'confirm');
  assert.equal(policy.severity.high, 'deny');
  assert.equal(policy.allow.length, 0);
  assert.deepEqual(problems.map((p) => p.path), ['oops', 'severity.critical', 'allow']);
  assert.match(problems[1]!.message, /relax critical from "confirm" to "allow" is ignored until the errors in this policy are fixed/);
});

test('merging never mutates the policies it is given', () => {
  const user = userPolicy();
  const before = JSON.stringify(user);
  mergePolicies(user, { deny: ['x'], severity: { low: 'deny' }, productionMarkers: ['m'] });
  assert.equal(JSON.stringify(user), before);
  assert.equal(DEFAULT_POLICY.deny.length, 0);
  assert.ok(Object.isFrozen(DEFAULT_POLICY.severity));
});
