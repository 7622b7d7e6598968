/**
 * What a person is asked when the guard holds a command line: the exact command, the rule, the
 * severity, the target that drove it and the safer alternative. Editor-free text; the extension
 * shows it in a modal (src/extension/prompter.ts).
 */
import type { Severity } from '../severity';

export interface ConfirmFinding {
  ruleId: string;
  severity: Severity;
  message: string;
  /** For a file change: `path:line` the finding points at. */
  location?: string;
  target?: string;
  suggestion?: string;
}

export interface ConfirmRequest {
  /** A command line (default), or a file change an agent is about to make. */
  kind?: 'command' | 'edit';
  /** The command line, secrets redacted; for a change, what it does (`writing \`db/x.sql\``). */
  line: string;
  cwd: string;
  shell: string;
  /** Who sent it: a terminal, or the agent whose hook forwarded it. */
  source: { kind: 'terminal' } | { kind: 'agent'; agent: string; session?: string };
  severity: Severity;
  /** The reason that drives the decision, one line. */
  headline: string;
  findings: readonly ConfirmFinding[];
  /** Unreviewed changes this command would deploy, when that is why it is held. */
  gate?: string;
  /** Whether "Always Allow" may be offered. */
  allowAlways: boolean;
  /** A name the person must type to confirm (critical finding, production target). */
  typeToConfirm?: string;
}

export type ConfirmAnswer = 'run-once' | 'deny' | 'always-allow';

const MAX_LINE = 1500;
const MAX_FINDINGS = 5;

export function confirmTitle(req: ConfirmRequest): string {
  const risk = req.severity === 'none' ? '' : `${req.severity}-risk `;
  if (req.kind === 'edit') return `${req.source.kind === 'agent' ? req.source.agent : 'An agent'} wants to make this ${risk}change?`;
  const who = req.source.kind === 'agent' ? `${req.source.agent} wants to run` : 'Run';
  return `${who} this ${req.severity === 'none' ? '' : `${req.severity}-risk `}command?`;
}

/** `claude-code (session 8f1c2d3e)`: the agent that asks and, when its hook named it, its session. */
function sender(req: ConfirmRequest): string | undefined {
  if (req.source.kind !== 'agent') return undefined;
  return req.source.session ? `${req.source.agent} (session ${req.source.session})` : req.source.agent;
}

/** The modal's detail text: the command first, then why, rule by rule. */
export function confirmDetail(req: ConfirmRequest): string {
  const out: string[] = [];
  const line = req.line.length > MAX_LINE ? `${req.line.slice(0, MAX_LINE)}… (${req.line.length} characters)` : req.line;
  out.push(line, '');
  if (req.gate) out.push(`Held because: ${req.gate}`);
  for (const f of req.findings.slice(0, MAX_FINDINGS)) {
    out.push(f.location ? `${f.location}: ${f.message}` : f.message);
    out.push(`   Rule: ${f.ruleId} (${f.severity})${f.target ? ` · Target: ${f.target}` : ''}`);
    if (f.suggestion) out.push(`   Safer: ${f.suggestion}`);
  }
  if (req.findings.length > MAX_FINDINGS) out.push(`…and ${req.findings.length - MAX_FINDINGS} more findings`);
  if (req.findings.length === 0 && !req.gate && req.headline) out.push(req.headline);
  if (req.kind === 'edit') {
    out.push('', `In ${req.cwd}${sender(req) ? `, sent by ${sender(req)}` : ''}`);
    out.push('Deny leaves the files as they are. Nothing was written yet.');
    return out.join('\n');
  }
  out.push('', `In ${req.cwd} (${req.shell}${sender(req) ? `, sent by ${sender(req)}` : ', terminal'})`);
  if (req.typeToConfirm) out.push(`Running it asks you to type "${req.typeToConfirm}".`);
  out.push('Deny leaves the command unrun. Nothing was run yet.');
  return out.join('\n');
}
