/**
 * The hook's adapter to the edit engine and the policy. Loaded on demand (the hook imports it
 * only for file changes and commands it has to judge), so a tool call we do not judge never pays
 * for the edit rules or the policy schema.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeEdit } from '../edit/analyze';
import type { EditInput } from '../edit/types';
import { DEFAULT_POLICY, decisionForSeverity, type ResolvedPolicy } from '../policy/types';
import { stricterDecision, type Decision } from '../severity';
import type { JudgedFinding } from './decide';

const policies = new Map<string, Promise<ResolvedPolicy>>();

/** The workspace policy file's name (policy/load.ts has the same; kept here so it loads nothing). */
const DEFAULT_POLICY_FILE = '.blast-radius.json';

/**
 * The policy for a workspace: the defaults tightened by its `.blast-radius.json`. A policy file
 * with problems never loosens anything: its valid tightening entries and the defaults apply.
 */
export function loadPolicy(root: string): Promise<ResolvedPolicy> {
  const known = policies.get(root);
  if (known) return known;
  // Most workspaces have no policy file: skip loading the policy schema (zod) altogether then.
  const p = !fs.existsSync(path.join(root, DEFAULT_POLICY_FILE))
    ? Promise.resolve(DEFAULT_POLICY)
    : import('../policy/load.js').then((m) => m.loadWorkspacePolicy(root)).then(
        (r) => r.policy,
        () => DEFAULT_POLICY,
      );
  policies.set(root, p);
  return p;
}

export interface FileJudgement {
  decision: Decision;
  findings: Omit<JudgedFinding, 'path'>[];
  /** Why the file was not judged, when it was not. */
  note?: string;
}

/** Analyses one file change and maps its findings to a decision with the policy. */
export function analyzeFile(input: EditInput, policy: ResolvedPolicy): FileJudgement {
  const v = analyzeEdit(input, { disabledRules: policy.edits.disabledRules, maxBytes: policy.edits.maxFileBytes });
  if (v.skipped) {
    return { decision: 'confirm', findings: [], note: `Blast Radius did not analyse \`${input.path}\`: ${v.skipped.detail}` };
  }
  let decision: Decision = 'allow';
  const findings: Omit<JudgedFinding, 'path'>[] = [];
  for (const f of v.findings) {
    decision = stricterDecision(decision, decisionForSeverity(policy, f.severity));
    const out: Omit<JudgedFinding, 'path'> = { ruleId: f.ruleId, severity: f.severity, message: f.message, line: f.line };
    if (f.suggestion) out.suggestion = f.suggestion;
    findings.push(out);
  }
  return { decision, findings };
}
