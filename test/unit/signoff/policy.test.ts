/** The sign-off policy: counts per severity, seniors, agents, the stricter of two, lowering. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PolicyDocumentSchema } from '../../../src/core/policy/schema';
import { DEFAULT_SIGNOFF_POLICY, globCovers, isSenior, policyLowering, signoffPolicyFromText, stricterPolicy, type SignoffPolicy } from '../../../src/core/signoff/policy';

function pol(text: string | null): SignoffPolicy {
  const r = signoffPolicyFromText(text);
  assert.deepEqual(r.problems, []);
  return r.policy;
}

test('without a policy file, high and critical need one approval and lower severities none', () => {
  assert.deepEqual(pol(null).required, { critical: 1, high: 1, medium: 0, low: 0 });
  assert.deepEqual(pol('{}'), DEFAULT_SIGNOFF_POLICY);
});

test('approvals per severity come from the policy file', () => {
  assert.deepEqual(pol('{ "approvals": { "critical": 2, "high": 2, "medium": 1 } }').required, { critical: 2, high: 2, medium: 1, low: 0 });
});

test('a severity that the policy holds for confirmation needs one approval by default', () => {
  assert.equal(pol('{ "severity": { "medium": "confirm" } }').required.medium, 1);
});

test('seniors and agents are read from approvals', () => {
  const p = pol('{ "approvals": { "critical": 2, "seniors": ["*@seniors.example.com", "dana@example.com"], "agents": ["svc-*@example.com"] } }');
  assert.deepEqual(p.seniors, [['*@seniors.example.com', 'dana@example.com']]);
  assert.deepEqual(p.agents, ['svc-*@example.com']);
  assert.ok(isSenior(p, 'Carol@seniors.example.com'));
  assert.ok(isSenior(p, 'dana@example.com'));
  assert.ok(!isSenior(p, 'bob@example.com'));
});

test('the schema accepts seniors and agents, and refuses an empty seniors list and spaces', () => {
  assert.ok(PolicyDocumentSchema.safeParse({ approvals: { critical: 2, seniors: ['*@example.com'], agents: [] } }).success);
  assert.ok(!PolicyDocumentSchema.safeParse({ approvals: { seniors: [] } }).success);
  assert.ok(!PolicyDocumentSchema.safeParse({ approvals: { seniors: ['alice @example.com'] } }).success);
});

test('an invalid policy keeps its valid entries and reports the rest', () => {
  const r = signoffPolicyFromText('{ "approvals": { "critical": 9, "high": 2 } }');
  assert.equal(r.policy.required.high, 2);
  assert.equal(r.policy.required.critical, 1);
  assert.equal(r.problems.length, 1);
  assert.match(r.problems[0]!, /approvals\.critical/);
});

test('the stricter of two policies takes the larger counts, both seniors lists and all agents', () => {
  const a = pol('{ "approvals": { "critical": 2, "seniors": ["*@a.example.com"], "agents": ["x@example.com"] } }');
  const b = pol('{ "approvals": { "critical": 1, "high": 3, "seniors": ["carol@a.example.com"], "agents": ["y@example.com"] } }');
  const s = stricterPolicy(a, b);
  assert.equal(s.required.critical, 2);
  assert.equal(s.required.high, 3);
  assert.deepEqual(s.seniors, [['*@a.example.com'], ['carol@a.example.com']]);
  assert.ok(isSenior(s, 'carol@a.example.com'));
  assert.ok(!isSenior(s, 'dave@a.example.com'));
  assert.deepEqual(s.agents, ['x@example.com', 'y@example.com']);
});

const LOWERING: Record<string, { base: string; head: string; expect: RegExp | null }> = {
  'fewer approvals for critical': { base: '{ "approvals": { "critical": 2 } }', head: '{ "approvals": { "critical": 1 } }', expect: /critical lowered from 2 to 1/ },
  'the policy file deleted': { base: '{ "approvals": { "high": 2 } }', head: '', expect: /high lowered from 2 to 1/ },
  'high relaxed to allow': { base: '{}', head: '{ "severity": { "high": "allow" } }', expect: null },
  'seniors removed': { base: '{ "approvals": { "critical": 2, "seniors": ["*@a.example.com"] } }', head: '{ "approvals": { "critical": 2 } }', expect: /seniors removed/ },
  'seniors widened': { base: '{ "approvals": { "seniors": ["*@a.example.com"] } }', head: '{ "approvals": { "seniors": ["*@a.example.com", "*@b.example.com"] } }', expect: /seniors widened by \*@b\.example\.com/ },
  'seniors narrowed': { base: '{ "approvals": { "seniors": ["*@a.example.com"] } }', head: '{ "approvals": { "seniors": ["carol@a.example.com"] } }', expect: null },
  'an agent pattern removed': { base: '{ "approvals": { "agents": ["svc@example.com"] } }', head: '{}', expect: /agents lost svc@example\.com/ },
  'more approvals': { base: '{ "approvals": { "critical": 1 } }', head: '{ "approvals": { "critical": 3 } }', expect: null },
};

for (const [name, c] of Object.entries(LOWERING)) {
  test(`policy lowering: ${name}`, () => {
    const out = policyLowering(signoffPolicyFromText(c.base).policy, signoffPolicyFromText(c.head).policy);
    if (c.expect === null) assert.deepEqual(out, []);
    else assert.ok(out.some((l) => c.expect!.test(l)), out.join('; '));
  });
}

test('a policy file cannot relax a severity to allow (tighten-only), so the count stays', () => {
  const head = signoffPolicyFromText('{ "severity": { "high": "allow" } }');
  assert.equal(head.policy.required.high, 1);
  assert.ok(head.problems.some((p) => /cannot relax high/.test(p)));
});

test('globCovers: an inner pattern is covered only when every address it matches is matched', () => {
  assert.ok(globCovers('*@a.example.com', 'carol@a.example.com'));
  assert.ok(globCovers('*@a.example.com', 'team-*@a.example.com'));
  assert.ok(!globCovers('*@a.example.com', '*@b.example.com'));
  assert.ok(!globCovers('*@a.example.com', '*'));
  assert.ok(!globCovers('carol?@a.example.com', 'carol*@a.example.com'));
});
