import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { CommandFinding, CommandVerdict } from '../../../src/core/command/rule';
import { type ConfirmRequest, commandConfirmRequest, confirmDetail, confirmDialog, confirmTitle, detailsDialog, helpRuleOf } from '../../../src/core/guard/confirm';
import { planGuardDecision } from '../../../src/core/guard/decide';
import type { Probe } from '../../../src/core/probe/types';

const NBSP = '\u00a0';

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
  typeToConfirm: 'prod-eu',
};

/** The labels of a dialog's buttons, the primary first, then the cancel button after a `|`. */
function labels(d: ReturnType<typeof confirmDialog>): string[] {
  return [...d.buttons.map((b) => b.label), '|', d.cancel.label];
}

describe('the modal text', () => {
  test('the command comes first, indented like code with no-break spaces the workbench keeps', () => {
    const d = confirmDetail(req);
    assert.equal(d.split('\n')[0], `${NBSP.repeat(4)}$ ${req.line}`);
    assert.equal(confirmTitle(req), 'Run this critical-risk command?');
  });

  test('findings are separated and ordered by severity, most severe first, each with its measurement', () => {
    const r: ConfirmRequest = {
      ...req,
      line: 'git stash clear; git checkout -- .',
      severity: 'high',
      typeToConfirm: undefined,
      findings: [
        { ruleId: 'git.stash-clear', severity: 'medium', message: 'Drops every stash entry' },
        {
          ruleId: 'git.discard-changes',
          severity: 'high',
          message: 'Checks out .: uncommitted changes there are overwritten and cannot be recovered.',
          measured: 'Discards uncommitted changes in 3 files (+12 −4): a.txt, b.txt and c.txt',
          suggestion: 'Stash them first (git stash -u).',
        },
      ],
    };
    const blocks = confirmDetail(r).split('\n\n');
    assert.equal(blocks.length, 4, confirmDetail(r));
    assert.equal(
      blocks[1],
      [
        'High — Discards uncommitted changes in 3 files (+12 −4): a.txt, b.txt and c.txt',
        `${NBSP.repeat(4)}Checks out .: uncommitted changes there are overwritten and cannot be recovered.`,
        `${NBSP.repeat(4)}Safer: Stash them first (git stash -u).`,
      ].join('\n'),
    );
    assert.equal(blocks[2], 'Medium — Drops every stash entry');
    assert.equal(blocks[3], 'In /work/shop · bash terminal. Nothing has run yet.');
  });

  test('rule ids are behind Details…, not in the modal itself', () => {
    const d = confirmDialog(req);
    assert.doesNotMatch(d.detail, /k8s\.delete-namespace/);
    const details = detailsDialog(req);
    assert.match(details.detail, /^k8s\.delete-namespace \(critical\) · kube context prod-eu$/m);
    assert.deepEqual(labels(details), ['Back', 'Rule Help', '|', 'Deny']);
    // Rule Help opens the most severe finding's rule
    assert.equal(helpRuleOf(req), 'k8s.delete-namespace');
    assert.equal(helpRuleOf({ ...req, findings: [{ ruleId: 'git.stash-drop', severity: 'medium', message: 'Drops a stash entry' }, ...req.findings] }), 'k8s.delete-namespace');
    assert.equal(helpRuleOf({ ...req, findings: [] }), undefined);
    assert.deepEqual(labels(detailsDialog({ ...req, findings: [] })), ['Back', '|', 'Deny'], 'no rule, no Rule Help');
  });

  test('a probe that could not measure is said under its finding', () => {
    const r: ConfirmRequest = { ...req, findings: [{ ...req.findings[0]!, measured: 'Not measured: the cluster did not answer within 5 s; the judgement stands as the command reads.' }] };
    assert.match(confirmDetail(r), /^Critical — Deletes the namespace and everything in it\n\u00a0{4}Not measured: the cluster did not answer within 5 s/m);
  });

  test('an agent-sent line says which agent, and a gate reason leads', () => {
    const r: ConfirmRequest = { ...req, source: { kind: 'agent', agent: 'claude-code' }, findings: [], gate: 'main.tf has an unreviewed risky change', typeToConfirm: undefined };
    assert.equal(confirmTitle(r), 'claude-code wants to run this critical-risk command?');
    const d = confirmDetail(r);
    assert.match(d, /\n\nHeld because: main\.tf has an unreviewed risky change\n/);
    assert.match(d, /In \/work\/shop · bash · sent by claude-code\. Nothing has run yet\.$/);
    assert.doesNotMatch(d, /type "/);
  });

  test('very long lines and many findings are cut to a readable size', () => {
    const many = Array.from({ length: 9 }, (_, i) => ({ ruleId: `r.${i}`, severity: 'high' as const, message: `finding ${i}` }));
    const d = confirmDetail({ ...req, line: 'x'.repeat(5000), findings: many });
    assert.match(d, /… \(5000 characters\)/);
    assert.match(d, /…and 4 more \(Details…\)/);
    assert.ok(!d.includes('finding 5'));
    assert.match(detailsDialog({ ...req, findings: many }).detail, /r\.8 \(high\)/, 'the details list them all');
  });

  test("an agent's file change: its own title and wording, the findings with their file and line, nothing written yet", () => {
    const r: ConfirmRequest = {
      kind: 'edit',
      line: 'writing `db/migrations/004.sql`',
      cwd: '/work/shop',
      shell: 'edit',
      source: { kind: 'agent', agent: 'codex' },
      severity: 'high',
      headline: 'drops the table customers',
      findings: [{ ruleId: 'sql.drop-table', severity: 'high', message: 'drops the table customers', location: 'db/migrations/004.sql:1', suggestion: 'Rename it first' }],
    };
    assert.equal(confirmTitle(r), 'codex wants to make this high-risk change?');
    const d = confirmDialog(r);
    assert.equal(d.detail.split('\n')[0], `${NBSP.repeat(4)}writing \`db/migrations/004.sql\``);
    assert.match(d.detail, /High — db\/migrations\/004\.sql:1: drops the table customers\n\u00a0{4}Safer: Rename it first/);
    assert.match(d.detail, /In \/work\/shop · sent by codex\. Nothing was written yet\.$/);
    assert.doesNotMatch(d.detail, /command/);
    assert.deepEqual(labels(d), ['Details…', 'Allow Once', '|', 'Deny']);
  });
});

describe('the modal buttons', () => {
  test('Deny is the one cancel button (Escape); the primary button only looks closer; no Cancel beside Deny', () => {
    const d = confirmDialog({ ...req, severity: 'high', typeToConfirm: undefined });
    assert.deepEqual(labels(d), ['Details…', 'Run Once', '|', 'Deny']);
    assert.equal(d.cancel.answer, 'deny');
    assert.equal(d.buttons[0]!.answer, 'details', 'Enter never runs the line');
    assert.ok(!d.buttons.some((b) => b.label === 'Cancel' || b.answer === 'deny'), 'one Deny');
  });

  test('critical shows the error icon, high the warning icon', () => {
    assert.equal(confirmDialog(req).icon, 'error');
    assert.equal(confirmDialog({ ...req, severity: 'high' }).icon, 'warning');
    assert.equal(detailsDialog(req).icon, 'error');
  });

  test('a production target still asks for the typed name', () => {
    assert.match(confirmDetail(req), /^Run Once asks you to type "prod-eu"\.$/m);
  });

  test('Always Allow, when offered, says exactly what it allows and where it is written', () => {
    const r: ConfirmRequest = { ...req, severity: 'medium', typeToConfirm: undefined, alwaysAllow: { commands: ['npm publish --dry-run'], setting: 'blastRadius.policy.allow' } };
    const d = confirmDialog(r);
    assert.deepEqual(labels(d), ['Details…', 'Always Allow', 'Run Once', '|', 'Deny']);
    assert.match(d.detail, /^Always Allow adds `npm publish --dry-run` to blastRadius\.policy\.allow in your user settings: exactly that command then runs without asking, in every workspace\.$/m);
  });

  test('a plan that was not reviewed: Show Plan is the primary button, and the details say what it runs', () => {
    const r: ConfirmRequest = { ...req, severity: 'high', typeToConfirm: undefined, review: { command: 'terraform plan -input=false -lock=false' } };
    const d = confirmDialog(r);
    assert.deepEqual(labels(d), ['Show Plan', 'Run Once', 'Details…', '|', 'Deny']);
    assert.match(detailsDialog(r).detail, /Show Plan runs `terraform plan -input=false -lock=false` \(read-only\)/);
  });
});

test("an agent-sent line names the agent's session, so a person sees which conversation asks", () => {
  const d = confirmDetail({ ...req, source: { kind: 'agent', agent: 'codex', session: '019a4c2e' } });
  assert.match(d, /In \/work\/shop · bash · sent by codex \(session 019a4c2e\)\. Nothing has run yet\./);
  const edit = confirmDetail({ ...req, kind: 'edit', shell: 'edit', source: { kind: 'agent', agent: 'codex', session: '019a4c2e' } });
  assert.match(edit, /In \/work\/shop · sent by codex \(session 019a4c2e\)\. Nothing was written yet\./);
});

describe('the request for a held line', () => {
  const finding = (over: Partial<CommandFinding>): CommandFinding => ({ ruleId: 'supply.publish', severity: 'medium', message: 'Publishes the package', span: [0, 21], ...over });
  const where = { line: 'npm publish --dry-run', cwd: '/work/shop', shell: 'bash', source: { kind: 'terminal' as const } };
  const offer = { commands: ['npm publish --dry-run'], setting: 'blastRadius.policy.allow' };
  const ask = (v: CommandVerdict): ConfirmRequest => commandConfirmRequest(v, planGuardDecision(v, { paused: false }), where, offer);

  test('a medium finding a policy holds: Always Allow is offered', () => {
    const r = ask({ decision: 'confirm', severity: 'medium', findings: [finding({})] });
    assert.deepEqual(labels(confirmDialog(r)), ['Details…', 'Always Allow', 'Run Once', '|', 'Deny']);
  });

  test('a high finding: no Always Allow, whatever the caller offers', () => {
    const r = ask({ decision: 'confirm', severity: 'high', findings: [finding({ severity: 'high' })] });
    assert.equal(r.alwaysAllow, undefined);
    assert.deepEqual(labels(confirmDialog(r)), ['Details…', 'Run Once', '|', 'Deny']);
  });

  test('a critical finding: no Always Allow, and the error icon', () => {
    const r = ask({ decision: 'confirm', severity: 'critical', findings: [finding({ severity: 'critical' })] });
    assert.equal(r.alwaysAllow, undefined);
    assert.equal(confirmDialog(r).icon, 'error');
  });

  test('a medium finding measured as losing work counts as irreversible: no Always Allow', () => {
    const p: Probe = {
      kind: 'files',
      class: 'local',
      command: 'rm notes.txt',
      span: [0, 12],
      status: 'measured',
      loss: 'work',
      sentence: 'Deletes 1 file; it was never committed and cannot be recovered',
      settled: true,
      rules: ['fs.rm-sensitive'],
      elapsedMs: 4,
    };
    const r = ask({ decision: 'confirm', severity: 'medium', findings: [finding({ measured: p.sentence })], measured: { version: 1, elapsedMs: 4, probes: [p] } });
    assert.equal(r.alwaysAllow, undefined);
    assert.equal(r.findings[0]!.measured, p.sentence);
    assert.deepEqual(r.notes, undefined, 'the sentence is on its finding, not repeated');
    assert.match(detailsDialog(r).detail, /^files: rm notes\.txt · 4 ms$/m);
  });

  test('what no finding carries is a note; an offered review becomes Show Plan', () => {
    const p: Probe = {
      kind: 'terraform',
      class: 'local',
      command: 'terraform apply -auto-approve',
      span: [0, 29],
      status: 'not-measured',
      loss: 'unknown',
      sentence: 'The plan was not reviewed: terraform apply -auto-approve plans and applies in one step',
      settled: false,
      rules: ['iac.terraform-auto-approve'],
      elapsedMs: 0,
      review: { argv: ['terraform', 'plan', '-input=false', '-lock=false'], cwd: '/work/shop' },
    };
    const v: CommandVerdict = { decision: 'confirm', severity: 'high', findings: [finding({ ruleId: 'iac.other', severity: 'high' })], measured: { version: 1, elapsedMs: 0, probes: [p] } };
    const r = commandConfirmRequest(v, planGuardDecision(v, { paused: false }), { ...where, line: p.command });
    assert.deepEqual(r.notes, [p.sentence]);
    assert.deepEqual(r.review, { command: 'terraform plan -input=false -lock=false' });
    assert.equal(confirmDialog(r).buttons[0]!.label, 'Show Plan');
  });
});
