import { test } from 'node:test';
import assert from 'node:assert/strict';
import { type ConfirmRequest, confirmDetail, confirmTitle } from '../../../src/core/guard/confirm';

const req: ConfirmRequest = {
  line: 'kubectl --context prod-eu delete namespace payments',
  cwd: '/work/shop',
  shell: 'bash',
  source: { kind: 'terminal' },
  severity: 'critical',
  headline: 'Deletes a namespace (k8s.delete-namespace, critical, kube context prod-eu)',
  findings: [
    {
      ruleId: 'k8s.delete-namespace',
      severity: 'critical',
      message: 'Deletes the namespace and everything in it',
      target: 'kube context prod-eu',
      suggestion: 'kubectl delete --dry-run=server first',
    },
  ],
  allowAlways: false,
  typeToConfirm: 'prod-eu',
};

test('the modal names the exact command, rule, severity, target and safer alternative', () => {
  const d = confirmDetail(req);
  assert.equal(d.split('\n')[0], req.line);
  assert.match(d, /Deletes the namespace and everything in it\n {3}Rule: k8s\.delete-namespace \(critical\) · Target: kube context prod-eu\n {3}Safer: kubectl delete --dry-run=server first/);
  assert.match(d, /In \/work\/shop \(bash, terminal\)/);
  assert.match(d, /type "prod-eu"/);
  assert.equal(confirmTitle(req), 'Run this critical-risk command?');
});

test('an agent-sent line says which agent, and a gate reason leads', () => {
  const r: ConfirmRequest = { ...req, source: { kind: 'agent', agent: 'claude-code' }, findings: [], gate: 'main.tf has an unreviewed risky change', typeToConfirm: undefined };
  assert.equal(confirmTitle(r), 'claude-code wants to run this critical-risk command?');
  const d = confirmDetail(r);
  assert.match(d, /Held because: main\.tf has an unreviewed risky change/);
  assert.match(d, /sent by claude-code/);
  assert.doesNotMatch(d, /type "/);
});

test("an agent-sent line names the agent's session, so a person sees which conversation asks", () => {
  const d = confirmDetail({ ...req, source: { kind: 'agent', agent: 'codex', session: '019a4c2e' } });
  assert.match(d, /In \/work\/shop \(bash, sent by codex \(session 019a4c2e\)\)/);
});

test('very long lines and many findings are cut to a readable size', () => {
  const many = Array.from({ length: 9 }, (_, i) => ({ ruleId: `r.${i}`, severity: 'high' as const, message: `finding ${i}` }));
  const d = confirmDetail({ ...req, line: 'x'.repeat(5000), findings: many });
  assert.match(d, /… \(5000 characters\)/);
  assert.match(d, /and 4 more findings/);
  assert.ok(!d.includes('finding 5'));
});

test('an agent\'s file change: its own title, the findings with their file and line, nothing written yet', () => {
  const r: ConfirmRequest = {
    kind: 'edit',
    line: 'writing `db/migrations/004.sql`',
    cwd: '/work/shop',
    shell: 'edit',
    source: { kind: 'agent', agent: 'codex' },
    severity: 'high',
    headline: 'drops the table customers',
    findings: [{ ruleId: 'sql.drop-table', severity: 'high', message: 'drops the table customers', location: 'db/migrations/004.sql:1', suggestion: 'Rename it first' }],
    allowAlways: false,
  };
  assert.equal(confirmTitle(r), 'codex wants to make this high-risk change?');
  const d = confirmDetail(r);
  assert.equal(d.split('\n')[0], 'writing `db/migrations/004.sql`');
  assert.match(d, /db\/migrations\/004\.sql:1: drops the table customers\n {3}Rule: sql\.drop-table \(high\)\n {3}Safer: Rename it first/);
  assert.match(d, /In \/work\/shop, sent by codex\nDeny leaves the files as they are\. Nothing was written yet\.$/);
  assert.doesNotMatch(d, /command/);
});
