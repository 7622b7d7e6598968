/**
 * The hook's adapter to the edit engine and the policy. Loaded on demand (the hook imports it
 * only for file changes and commands it has to judge), so a tool call we do not judge never pays
 * for the edit rules or the policy schema; the command engine loads only for files that run
 * commands.
 */
import { analyzeEditWithCommands } from '../command/editJudge';
import type { CommandContext } from '../command/rule';
import type { EditInput } from '../edit/types';
import { editOptionsFor } from '../policy/editOptions';
import { decisionForSeverity, type ResolvedPolicy } from '../policy/types';
import { stricterDecision, type Decision } from '../severity';
import type { JudgedFinding } from './decide';
import { loadPolicy } from './policy';

export { loadPolicy };

export interface FileJudgement {
  decision: Decision;
  findings: Omit<JudgedFinding, 'path'>[];
  /** Why the file was not judged, when it was not. */
  note?: string;
}

/**
 * Analyses one file change and maps its findings to a decision with the policy. A file that runs
 * commands (a script, a Makefile, package.json scripts, CI) is judged with the command engine
 * under the same policy, as it would run in `ctx`.
 */
export async function analyzeFile(input: EditInput, policy: ResolvedPolicy, ctx: CommandContext = {}): Promise<FileJudgement> {
  const v = await analyzeEditWithCommands(input, editOptionsFor(policy), ctx, () => import('../command/analyze.js').then((m) => m.createCommandAnalyzer({ policy })));
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
