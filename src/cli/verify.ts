/**
 * `blast-radius verify [--base REV] [--json | --sarif]`: checks that every risky change on the
 * branch (base..HEAD) has the sign-off the policy asks for.
 *
 * Exit codes: 0 every risky change has its approvals; 1 at least one lacks them (missing,
 * stale, or given by someone who does not count); 2 verification could not run (not a git
 * repository, base not found); 64 usage error.
 */
import * as path from 'node:path';
import { EDIT_RULES } from '../core/edit/rules/index';
import type { SignoffReport } from '../core/signoff/repo';
import { STATUS_LABEL, type ApprovalView, type ChangeResult } from '../core/signoff/verify';
import { formatIdentity } from '../core/signoff/identity';
import { POLICY_LOWERED_RULE, SIGNERS_CHANGED_RULE, UNJUDGED_RULE } from '../core/signoff/changes';
import { forEachArg, parseOrHelp } from './args';
import { UsageError } from './io';
import { sarifLog, sarifUri } from './output';
import { collectOrExplain } from './signoff';
import type { Subcommand } from './subcommand';

export const HELP = `Usage: blast-radius verify [--base REV] [--json | --sarif] [--cwd DIR]

Checks the sign-off of a branch: finds the risky changes between the base and HEAD with the
edit engine (a dropped table, a removed prevent_destroy, a widened IAM policy, …), matches each
with the review record in .blast-radius/reviews/ by its content hash, and fails when any lacks
the approvals the policy (approvals in .blast-radius.json) asks for.

Options:
  --base REV   the branch this one was made from (default: the remote's default branch,
               refs/remotes/origin/HEAD, else origin/main, main, origin/master, master);
               changes are taken from the merge-base of REV and HEAD, and the requirements
               from the stricter of the base's and HEAD's policy
  --json       print the result as JSON
  --sarif      print SARIF 2.1.0 (for code-scanning tools)
  --cwd DIR    a folder inside the repository (default: the current one)
  -h, --help   show this help

Only committed content and committed records count. When a change needs two or more
approvals (or signoff.requireSignedRecords is on), a record counts only when the commit that
added it is signed by a key the allowed signers of the base branch give to the approver.
Add approvals with 'blast-radius approve <id>' (ids are in the first column).

Exit codes: 0 every risky change is signed off; 1 some are not; 2 verification could not run
(not a git repository, base not found); 64 usage error.
`;

interface Options {
  base?: string;
  json: boolean;
  sarif: boolean;
  cwd?: string;
}

export function parseArgs(args: readonly string[]): Options {
  const o: Options = { json: false, sarif: false };
  const notAnOption = (v: string): boolean => !v.startsWith('-');
  forEachArg(
    args,
    'verify',
    (a) => {
      switch (a.flag) {
        case '--base':
          o.base = a.value();
          if (o.base.trim() === '') throw new UsageError('--base needs a revision such as origin/main.');
          break;
        case '--json':
          o.json = true;
          break;
        case '--sarif':
          o.sarif = true;
          break;
        case '--cwd':
          o.cwd = a.value();
          break;
        default:
          throw new UsageError(`unknown argument '${a.raw}'; see 'blast-radius verify --help'.`);
      }
    },
    { isValue: notAnOption },
  );
  if (o.json && o.sarif) throw new UsageError('choose --json or --sarif, not both.');
  return o;
}

export const run: Subcommand = async (args, io) => {
  const o = parseOrHelp(() => parseArgs(args), HELP, io);
  if (o === undefined) return 0;
  const report = collectOrExplain(path.resolve(o.cwd ?? process.cwd()), o.base);
  if (o.sarif) io.out(`${JSON.stringify(toSarif(report), null, 2)}\n`);
  else if (o.json) io.out(`${JSON.stringify(toJson(report), null, 2)}\n`);
  else io.out(renderText(report));
  return report.outcome.ok ? 0 : 1;
};

// ---------------------------------------------------------------------------------------------
// Text

function where(c: ChangeResult['change']): string {
  return c.side === 'before' ? `${c.file}:${c.line} (removed)` : `${c.file}:${c.line}`;
}

function approvalLine(a: ApprovalView): string {
  const who = formatIdentity(a.approver);
  const when = a.time.slice(0, 10);
  const proof = a.identity === 'verified' ? `identity verified: ${a.signature ?? 'signed'}` : 'identity unverified';
  return a.counted ? `approved by ${who} on ${when} (${proof})` : `not counted: ${who} (${a.decision}, ${when}): ${a.reason ?? ''}`;
}

/** The readable table verify prints. */
export function renderText(r: SignoffReport): string {
  const out: string[] = [];
  const results = r.outcome.results;
  out.push(`Sign-off of HEAD ${r.head.slice(0, 10)} against ${r.base.label} (merge-base ${r.base.commit.slice(0, 10)}): ${r.filesCompared} file${r.filesCompared === 1 ? '' : 's'} changed, ${results.length} risky change${results.length === 1 ? '' : 's'}`);
  out.push(`base: ${r.base.label} at ${r.base.tip.slice(0, 10)}, ${r.base.how}`);
  out.push(`allowed signers: ${r.signers.source}`);
  for (const p of r.baseProblems) out.push(`base problem: ${p}`);
  for (const p of [...r.policyProblems, ...r.signers.problems]) out.push(`warning: ${p}`);
  for (const p of r.recordProblems) out.push(`ignored ${p.path}: ${p.message}`);
  if (results.length > 0) {
    const rows = results.map((x) => [x.change.id, where(x.change), x.change.ruleId, x.change.severity, `${x.have}/${x.required}`, STATUS_LABEL[x.status]]);
    const head = ['ID', 'FILE:LINE', 'RULE', 'SEVERITY', 'APPROVALS', 'STATUS'];
    const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
    const fmt = (cells: string[]): string => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join('  ');
    out.push('', fmt(head));
    results.forEach((x, i) => {
      out.push(fmt(rows[i]!));
      if (x.status === 'ok') return;
      out.push(`    ${x.change.message}`);
      for (const a of x.approvals) out.push(`    ${approvalLine(a)}`);
      for (const a of x.stale) out.push(`    stale: ${formatIdentity(a.approver)} approved an earlier version on ${a.time.slice(0, 10)}`);
      const seniors = x.policy.seniors.length > 0 && x.have >= 1 ? ` (after the first approval: one of ${x.policy.seniors.map((l) => l.join(', ')).join('; and ')})` : '';
      out.push(`    needs ${x.required - x.have} more approval${x.required - x.have === 1 ? '' : 's'}${seniors}`);
    });
  }
  const failing = results.filter((x) => x.status !== 'ok');
  out.push('');
  if (r.uncommitted.length > 0) {
    out.push(`note: ${r.uncommitted.length} record file${r.uncommitted.length === 1 ? ' is' : 's are'} in the working tree but not committed; they count once committed (git add ${'.blast-radius/reviews'} && git commit).`);
  }
  if (r.baseProblems.length > 0) out.push(`FAILED: the base ${r.base.label} (${r.base.tip.slice(0, 10)}) cannot be trusted to show this branch's changes (see "base problem" above).`);
  else if (results.length === 0) out.push('OK: no risky changes need sign-off.');
  else if (failing.length === 0) out.push(results.length === 1 ? 'OK: the risky change has the approvals it needs.' : `OK: all ${results.length} risky changes have the approvals they need.`);
  else {
    out.push(`FAILED: ${failing.length} of ${results.length} risky change${results.length === 1 ? '' : 's'} lack${failing.length === 1 ? 's' : ''} sign-off.`);
    out.push(`Approve with 'blast-radius approve <id>' (or --all-pending), as a person who has not approved them yet, then commit and push the record.`);
  }
  return `${out.join('\n')}\n`;
}

// ---------------------------------------------------------------------------------------------
// JSON

function approvalJson(a: ApprovalView): Record<string, unknown> {
  return {
    recordId: a.recordId,
    path: a.path,
    name: a.approver.name,
    email: a.approver.email,
    decision: a.decision,
    time: a.time,
    counted: a.counted,
    identity: a.identity,
    ...(a.signature !== undefined ? { signature: a.signature } : {}),
    ...(a.key !== undefined ? { key: a.key } : {}),
    ...(a.reason !== undefined ? { reason: a.reason, code: a.code } : {}),
  };
}

/** Which base was used, and how it was chosen (JSON and SARIF). */
function baseJson(r: SignoffReport): Record<string, unknown> {
  return { label: r.base.label, commit: r.base.commit, tip: r.base.tip, ...(r.base.ref !== undefined ? { ref: r.base.ref } : {}), how: r.base.how };
}

function signersJson(r: SignoffReport): Record<string, unknown> {
  return { kind: r.signers.kind, ...(r.signers.path !== undefined ? { path: r.signers.path } : {}), source: r.signers.source, problems: r.signers.problems };
}

/** The JSON shape of a verification (stable: tools read it). */
export function toJson(r: SignoffReport): Record<string, unknown> {
  return {
    ok: r.outcome.ok,
    root: r.root,
    base: baseJson(r),
    baseProblems: r.baseProblems,
    signers: signersJson(r),
    head: r.head,
    filesCompared: r.filesCompared,
    policy: {
      required: r.policy.required,
      seniors: r.policy.seniors,
      agents: r.policy.agents,
      requireSignedRecords: r.policy.requireSignedRecords,
      ...(r.policy.allowedSignersFile !== undefined ? { allowedSignersFile: r.policy.allowedSignersFile } : {}),
    },
    policyLowered: r.lowering,
    changes: r.outcome.results.map((x) => ({
      id: x.change.id,
      hash: x.change.hash,
      file: x.change.file,
      line: x.change.line,
      side: x.change.side,
      ruleId: x.change.ruleId,
      severity: x.change.severity,
      message: x.change.message,
      agentAttributed: x.change.agentAttributed ?? false,
      required: x.required,
      have: x.have,
      status: x.status,
      approvals: x.approvals.map(approvalJson),
      stale: x.stale.map(approvalJson),
    })),
    recordProblems: r.recordProblems,
    policyProblems: r.policyProblems,
    uncommittedRecords: r.uncommitted,
  };
}

// ---------------------------------------------------------------------------------------------
// SARIF 2.1.0

const OWN_RULES: Readonly<Record<string, string>> = {
  [POLICY_LOWERED_RULE]: 'The policy asks for fewer or wider sign-offs than the base branch policy',
  [SIGNERS_CHANGED_RULE]: 'The branch changes who vouches for signed approvals (the allowed signers file)',
  [UNJUDGED_RULE]: 'A changed file could not be judged (too large or not UTF-8); review it by hand',
  'edit.rule-error': 'A rule failed on this change; review it by hand',
  'edit.engine-error': 'The change could not be analysed; review it by hand',
};

export function toSarif(r: SignoffReport): unknown {
  const ids = [...new Set(r.outcome.results.map((x) => x.change.ruleId))].sort();
  const rules = ids.map((id) => {
    const known = EDIT_RULES.find((x) => x.id === id);
    return {
      id,
      shortDescription: { text: known?.description ?? OWN_RULES[id] ?? id },
      ...(known?.suggestion ? { help: { text: known.suggestion } } : {}),
      properties: { tags: ['blast-radius', 'sign-off'] },
    };
  });
  const index = new Map(ids.map((id, i) => [id, i]));
  const results = r.outcome.results.map((x) => {
    const c = x.change;
    const ok = x.status === 'ok';
    const who = x.approvals.filter((a) => a.counted).map((a) => a.approver.email);
    const text = ok
      ? `Signed off (${x.have}/${x.required}${who.length > 0 ? `: ${who.join(', ')}` : ''}): ${c.message}`
      : `${STATUS_LABEL[x.status]} (${x.have}/${x.required} approvals): ${c.message}${c.side === 'before' ? ` (removed; line ${c.line} at the base)` : ''}. Approve with: blast-radius approve ${c.id}`;
    const physicalLocation: Record<string, unknown> = { artifactLocation: { uri: sarifUri(c.file) } };
    if (c.side === 'after') physicalLocation.region = { startLine: c.line };
    return {
      ruleId: c.ruleId,
      ruleIndex: index.get(c.ruleId),
      kind: ok ? 'pass' : 'fail',
      level: ok ? 'none' : 'error',
      message: { text },
      locations: [{ physicalLocation }],
      partialFingerprints: { 'blastRadiusHunk/v1': c.hash },
      properties: { id: c.id, severity: c.severity, status: x.status, have: x.have, required: x.required },
    };
  });
  const notifications = [
    ...r.baseProblems.map((p) => ({ level: 'error', message: { text: `base problem: ${p}` } })),
    ...r.recordProblems.map((p) => ({ level: 'warning', message: { text: `ignored ${p.path}: ${p.message}` } })),
    ...[...r.policyProblems, ...r.signers.problems].map((p) => ({ level: 'warning', message: { text: p } })),
  ];
  const log = sarifLog(rules, results, notifications) as { runs: Record<string, unknown>[] };
  for (const run of log.runs) run.properties = { base: baseJson(r), baseProblems: r.baseProblems, signers: signersJson(r), head: r.head, ok: r.outcome.ok };
  return log;
}
