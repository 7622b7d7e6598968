import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createCommandAnalyzer, type CommandAnalyzer } from '../../../src/core/command/analyze';
import { applyReach, assessTargets, kubeContextOf } from '../../../src/core/command/context';
import { dynamicPack } from '../../../src/core/command/packs/dynamic';
import type { CommandContext, Rule, RulePack } from '../../../src/core/command/rule';
import { parsePolicy } from '../../../src/core/policy/resolve';
import { DEFAULT_POLICY, type ResolvedPolicy } from '../../../src/core/policy/types';
import { analyze, describeVerdict } from './packs/table';

/** A test pack: one rule whose severity depends on the target, one that reads the environment, one that throws. */
const probe: Rule = {
  id: 'probe.delete',
  description: 'test rule: `kubectl delete` is high, adjusted for the target',
  programs: ['kubectl'],
  check(cmd, rc) {
    if (cmd.args[0]?.text !== 'delete') return undefined;
    return applyReach({ severity: 'high', message: 'kubectl deletes something', span: cmd.args[0].span }, assessTargets(cmd, rc));
  },
};
const envProbe: Rule = {
  id: 'probe.env',
  description: 'test rule: reports the value of PROBE_TARGET as the command sees it',
  programs: ['show-env'],
  check(_cmd, rc) {
    return { severity: 'low', message: `PROBE_TARGET is ${rc.env('PROBE_TARGET') ?? 'unset'}` };
  },
};
const thrower: Rule = {
  id: 'probe.throws',
  description: 'test rule that throws',
  programs: ['boom'],
  check() {
    throw new Error('bug in the rule');
  },
};
const probePack: RulePack = { name: 'probe', description: 'test rules', rules: [probe, envProbe, thrower] };
const packs = [probePack, dynamicPack];

async function withPack(policy?: ResolvedPolicy): Promise<CommandAnalyzer> {
  return createCommandAnalyzer(policy ? { packs, policy } : { packs });
}

function policyOf(json: string): ResolvedPolicy {
  const r = parsePolicy(json, 'user');
  assert.deepEqual(r.problems, [], 'the test policy is valid');
  return r.policy;
}

describe('analyzer: verdicts', () => {
  test('an ordinary command is allowed with no findings', async () => {
    const v = await analyze('git status && npm test');
    assert.deepEqual(v, { decision: 'allow', severity: 'none', findings: [] });
  });

  const unjudgeable = ['echo "unterminated', 'if then rm -rf / fi', 'ls &&', 'cat <<EOF\nno end', '$CMD -rf x', 'eval "$X"'];
  for (const line of unjudgeable) {
    test(`cannot be judged → confirm with a reason: ${JSON.stringify(line)}`, async () => {
      const v = await analyze(line);
      assert.equal(v.decision, 'confirm', describeVerdict(v));
      assert.ok(v.reasons && v.reasons.length > 0, 'a reason is given');
      for (const f of v.findings) assert.ok(f.span[0] >= 0 && f.span[1] <= line.length);
    });
  }

  test('a parse error is a parse.* finding pointing at the bad part', async () => {
    const line = 'ls; echo "abc';
    const v = await analyze(line);
    const f = v.findings.find((x) => x.ruleId === 'parse.error');
    assert.ok(f, describeVerdict(v));
    assert.equal(line.slice(f.span[0], f.span[1]), '"abc');
  });

  test('never throws, whatever the input', async () => {
    const a = await withPack();
    for (const line of ['', '   ', '\0', '\n\n', ';;', `echo ${'x'.repeat(100_000)}`, '\u202e rm', '😀'.repeat(500)]) {
      const v = a.analyze(line);
      assert.ok(['allow', 'confirm', 'deny'].includes(v.decision));
    }
  });

  test('a rule that throws becomes a confirmation with the rule named', async () => {
    const v = (await withPack()).analyze('boom now');
    assert.equal(v.decision, 'confirm');
    assert.equal(v.findings[0]?.ruleId, 'probe.throws');
    assert.match(v.findings[0]!.message, /Internal error in rule probe\.throws/);
  });

  test('findings are most severe first, spans in the original line, wrappers named', async () => {
    const line = "FOO=1 sudo bash -c 'kubectl delete x' ; kubectl delete y --context kind-dev";
    const v = (await withPack()).analyze(line);
    assert.deepEqual(v.findings.map((f) => f.severity), ['high', 'low']);
    const [first, second] = v.findings;
    assert.equal(line.slice(first!.span[0], first!.span[1]), 'delete');
    assert.equal(first!.span[0], line.indexOf('delete'));
    assert.equal(first!.via, 'sudo › bash -c');
    assert.equal(second!.via, undefined);
  });
});

describe('analyzer: policy', () => {
  test('default mapping: high → confirm, medium and low → allow (findings kept)', async () => {
    const a = await withPack();
    assert.equal(a.analyze('kubectl delete x').decision, 'confirm');
    const low = a.analyze('kubectl delete x --context kind-dev');
    assert.equal(low.decision, 'allow');
    assert.equal(low.severity, 'low');
    assert.equal(low.findings.length, 1);
  });

  test('a stricter severity mapping applies', async () => {
    const a = await withPack(policyOf('{"severity": {"high": "deny", "low": "confirm"}}'));
    assert.equal(a.analyze('kubectl delete x').decision, 'deny');
    assert.equal(a.analyze('kubectl delete x --context kind-dev').decision, 'confirm');
  });

  test('deny entries deny, and win over allow entries', async () => {
    const a = await withPack(policyOf('{"deny": ["git push --force"], "allow": ["git push"]}'));
    const v = a.analyze('ls && git push --force origin x');
    assert.equal(v.decision, 'deny');
    assert.ok(v.reasons?.some((r) => r.includes('git push --force')), JSON.stringify(v.reasons));
  });

  test('an allow entry lets a finding through but never dynamic input', async () => {
    const a = await withPack(policyOf('{"allow": ["kubectl delete"]}'));
    assert.equal(a.analyze('kubectl delete x').decision, 'allow');
    assert.equal(a.analyze('kubectl delete x; $CMD').decision, 'confirm');
  });

  test('dynamic input is confirmed even when the policy allows its severity', async () => {
    const a = await withPack(policyOf('{"severity": {"medium": "allow", "high": "allow", "critical": "allow"}}'));
    assert.equal(a.analyze('kubectl delete x').decision, 'allow');
    assert.equal(a.analyze('"$TOOL" delete').decision, 'confirm');
    assert.equal(a.analyze('echo "oops').decision, 'confirm');
  });

  test('disabled rules are skipped; the engine\'s own are not', async () => {
    // The policy parser refuses to disable the engine's own rules; the analyzer holds the line too.
    const a = await withPack({ ...DEFAULT_POLICY, disabledRules: ['probe.*', 'dynamic.*'] });
    assert.equal(a.analyze('kubectl delete x').findings.length, 0);
    assert.equal(a.analyze('$CMD x').decision, 'confirm');
  });

  test('custom rules add findings from patterns over the parsed command', async () => {
    const a = await createCommandAnalyzer({
      policy: policyOf('{"customRules": [{"id": "custom.no-deploy", "severity": "high", "message": "deploys need a ticket", "match": "make deploy"}]}'),
    });
    const v = a.analyze('sudo make deploy');
    assert.equal(v.decision, 'confirm');
    assert.equal(v.findings[0]?.ruleId, 'custom.no-deploy');
    assert.equal(v.findings[0]?.via, 'sudo');
  });
});

describe('blast radius from context', () => {
  const cases: [string, CommandContext, string, string?][] = [
    ['kubectl delete x', {}, 'high'],
    ['kubectl delete x', { kubeContext: 'kind-dev' }, 'low', 'kube context kind-dev'],
    ['kubectl delete x', { kubeContext: 'minikube' }, 'low', 'kube context minikube'],
    ['kubectl delete x', { kubeContext: 'prod-eu' }, 'critical', 'kube context prod-eu'],
    ['kubectl delete x --context prod-eu', { kubeContext: 'kind-dev' }, 'critical', 'kube context prod-eu'],
    ['kubectl delete x --context=docker-desktop', {}, 'low', 'kube context docker-desktop'],
    ['kubectl delete x --profile production', {}, 'critical', 'AWS profile production'],
    ['AWS_PROFILE=live kubectl delete x', {}, 'critical', 'AWS profile live'],
    ['kubectl delete x', { env: { AWS_PROFILE: 'prd-admin' } }, 'high'],
    ['RAILS_ENV=production kubectl delete x', {}, 'critical', 'RAILS_ENV=production'],
    ['export NODE_ENV=production; kubectl delete x', {}, 'critical', 'NODE_ENV=production'],
    ['kubectl delete x --env production', {}, 'critical', '--env production'],
    ['kubectl delete postgres://app@db.internal.example:5432/app', {}, 'high', 'database host db.internal.example'],
    ['kubectl delete postgres://app@db.prod.example:5432/app', {}, 'critical', 'database host db.prod.example'],
    ['kubectl delete postgres://app@localhost:5432/app', {}, 'high'],
    ['kubectl delete x --project product-catalog', {}, 'high', '--project product-catalog'],
  ];
  for (const [line, ctx, severity, target] of cases) {
    test(`${line} in ${JSON.stringify(ctx)} → ${severity}`, async () => {
      const v = (await withPack()).analyze(line, ctx);
      const f = v.findings.find((x) => x.ruleId === 'probe.delete');
      assert.ok(f, describeVerdict(v));
      assert.equal(f.severity, severity);
      if (target) assert.equal(f.target, target);
    });
  }

  test('policy production and local markers', async () => {
    const a = await withPack(policyOf('{"productionMarkers": ["blue"], "localMarkers": ["sandbox"]}'));
    assert.equal(a.analyze('kubectl delete x', { kubeContext: 'blue-eu-1' }).findings[0]?.severity, 'critical');
    assert.equal(a.analyze('kubectl delete x', { kubeContext: 'team-sandbox' }).findings[0]?.severity, 'low');
  });

  test('the command sees prefix assignments, earlier exports and unsets, then the context env', async () => {
    const a = await withPack();
    const env = { PROBE_TARGET: 'from-context' };
    const msg = (line: string): string | undefined => a.analyze(line, { env }).findings[0]?.message;
    assert.equal(msg('show-env'), 'PROBE_TARGET is from-context');
    assert.equal(msg('PROBE_TARGET=prefix show-env'), 'PROBE_TARGET is prefix');
    assert.equal(msg('export PROBE_TARGET=exported; show-env'), 'PROBE_TARGET is exported');
    assert.equal(msg('PROBE_TARGET=bare; show-env'), 'PROBE_TARGET is bare');
    assert.equal(msg('unset PROBE_TARGET; show-env'), 'PROBE_TARGET is unset');
    assert.equal(msg('env PROBE_TARGET=via-env show-env'), 'PROBE_TARGET is via-env');
  });

  test('kubeContextOf prefers the flag over the current context', async () => {
    const a = await withPack();
    const p = a.parse('kubectl --context prod delete ns x');
    const rc = { line: p, context: { kubeContext: 'kind-dev' }, env: () => undefined, productionMarkers: [] };
    assert.equal(kubeContextOf(p.commands[0]!, rc), 'prod');
    const q = a.parse('kubectl delete ns x');
    assert.equal(kubeContextOf(q.commands[0]!, { ...rc, line: q }), 'kind-dev');
  });
});

describe('PowerShell aliases of native programs', () => {
  test('rm -rf in pwsh is judged as rm too (PowerShell on Linux runs /bin/rm)', async () => {
    const v = await analyze('rm -rf /', { shell: 'pwsh' });
    assert.equal(v.decision, 'confirm', describeVerdict(v));
  });
});
