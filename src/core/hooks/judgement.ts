/**
 * Judging one hook request under the workspace policy, with the engines loaded on demand: the
 * command analyzer for commands (and the shell commands a notebook cell adds), the edit engine
 * for file changes, judged on the content they would produce.
 */
import * as path from 'node:path';
import type { CommandContext } from '../command/rule';
import { readRegularFile } from '../safeRead';
import { highestSeverity, stricterDecision, type Decision } from '../severity';
import { buildAfterContent } from './afterContent';
import { cannotJudge, type JudgedFinding, type Judgement } from './decide';
import { relativeTo, type HookPlace, type Location } from './locate';
import { cellExtension, cellShellCommands, cellText, findCell } from './notebook';
import type { FileChange, NormalizedRequest } from './types';

/** The judgement of one request: decision, severity, findings and notes. Throws only on an internal error. */
export async function judgeHookRequest(req: NormalizedRequest, where: Location, env: HookPlace['env']): Promise<Judgement> {
  switch (req.kind) {
    case 'command':
      return judgeCommand(req.command, req.shell, where, env);
    case 'unreadable':
      return cannotJudge(req.detail);
    case 'write':
      return judgeFiles([{ op: 'write', path: req.path, content: req.content }], where, env);
    case 'edit':
      return judgeFiles([{ op: 'edit', path: req.path, edits: req.edits }], where, env);
    case 'files':
      return judgeFiles(req.changes, where, env);
    case 'fragment':
      return judgeFragment(req.path, req.code, where, env);
    case 'notebook':
      return judgeNotebook(req, where, env);
    case 'other':
      return { decision: 'allow', severity: 'none', findings: [] };
  }
}

async function judgeCommand(command: string, shell: 'bash' | 'pwsh' | undefined, where: Location, env: HookPlace['env']): Promise<Judgement> {
  const engines = await import('./commandEngine.js');
  const verdict = await engines.analyzeCommand(command, engines.commandContext(where.cwd, where.root, shell, env), where);
  const j: Judgement = {
    decision: verdict.decision,
    severity: verdict.severity,
    findings: verdict.findings.map((f) => {
      const out: JudgedFinding = { ruleId: f.ruleId, severity: f.severity, message: f.message };
      if (f.suggestion) out.suggestion = f.suggestion;
      if (f.target) out.target = f.target;
      if (f.measured) out.measured = f.measured;
      return out;
    }),
  };
  // what was measured that no finding carries (nothing to discard, a probe that could not run)
  const carried = new Set(verdict.findings.map((f) => f.measured));
  const unsaid = (verdict.measured?.probes ?? []).filter((p) => !carried.has(p.sentence)).map((p) => `Measured: ${p.sentence}`);
  if (verdict.reasons?.length && !verdict.findings.length) j.notes = [...verdict.reasons];
  else if (unsaid.length) j.notes = unsaid;
  return j;
}

const lossless = new TextDecoder('utf-8', { fatal: true });

/** True when the bytes are plain UTF-8 text (no NUL bytes, no invalid sequences). */
function isPlainText(data: Buffer): boolean {
  if (data.includes(0)) return false;
  try {
    lossless.decode(data);
    return true;
  } catch {
    return false;
  }
}

/** Where commands of a written file would run: the agent's folder and environment. */
async function commandContextFor(where: Location, env: HookPlace['env']): Promise<CommandContext> {
  const engines = await import('./commandEngine.js');
  return engines.commandContext(where.cwd, where.root, 'bash', env);
}

/**
 * A current file as the engines need it: its text (a lossy reading when its bytes are not plain
 * UTF-8), and then also its bytes, so the edit engine judges the real previous version and says
 * it holds binary content rather than judging a cleaned-up text.
 */
interface Current {
  text: string;
  bytes?: Buffer;
}

/** Files larger than this are not read to judge a change to them (the edit engine's own limit is lower). */
const MAX_CURRENT_BYTES = 64 * 1024 * 1024;

/**
 * The current content of a file the agent changes: null when there is none. Never opened unless
 * it is a regular file: an Edit of a FIFO, a socket or a device cannot stall the hook or the
 * judge, and is answered "cannot read — confirm".
 */
function readCurrent(file: string): Current | null | { error: string } {
  const r = readRegularFile(file, { maxBytes: MAX_CURRENT_BYTES });
  if (r.ok) return isPlainText(r.data) ? { text: r.data.toString('utf8') } : { text: r.data.toString('utf8'), bytes: r.data };
  if (r.failure === 'missing') return null;
  return { error: `the current \`${file}\` cannot be read (${r.reason}); a person must look at this change` };
}

async function judgeFiles(changes: readonly FileChange[], where: Location, env: HookPlace['env']): Promise<Judgement> {
  const engines = await import('./editEngine.js');
  const policy = await engines.loadPolicy(where);
  let decision: Decision = 'allow';
  const findings: JudgedFinding[] = [];
  const notes: string[] = [];
  for (const change of changes) {
    const abs = path.resolve(where.cwd, change.path);
    const rel = relativeTo(where.root, abs);
    const current = readCurrent(abs);
    if (current !== null && 'error' in current) {
      decision = stricterDecision(decision, 'confirm');
      notes.push(`Blast Radius could not judge it: ${current.error}`);
      continue;
    }
    let after: string | null;
    if (change.op === 'write') after = change.content;
    else if (change.op === 'delete') after = null;
    else {
      const built = buildAfterContent(current?.text ?? null, change.edits);
      if ('error' in built) {
        decision = stricterDecision(decision, 'confirm');
        notes.push(`Blast Radius could not judge the edit to \`${rel}\`: ${built.error}`);
        continue;
      }
      after = built.content;
    }
    const v = await engines.analyzeFile({ path: rel, before: current === null ? null : (current.bytes ?? current.text), after, context: { workspaceRoot: where.root, author: 'agent' } }, policy, await commandContextFor(where, env));
    decision = stricterDecision(decision, v.decision);
    if (v.note) notes.push(v.note);
    for (const f of v.findings) findings.push({ ...f, path: rel });
  }
  const j: Judgement = { decision, severity: highestSeverity(findings), findings };
  if (notes.length) j.notes = notes;
  return j;
}

/** A fragment placed by the agent itself: we can judge what it adds, not what it replaces. */
async function judgeFragment(file: string, code: string, where: Location, env: HookPlace['env']): Promise<Judgement> {
  const abs = path.resolve(where.cwd, file);
  const current = readCurrent(abs);
  if (current !== null && 'error' in current) return cannotJudge(current.error);
  const before = current?.text ?? '';
  const sep = before === '' || before.endsWith('\n') ? '' : '\n';
  return judgeFiles([{ op: 'write', path: file, content: `${before}${sep}${code}` }], where, env);
}

async function judgeNotebook(req: NormalizedRequest & { kind: 'notebook' }, where: Location, env: HookPlace['env']): Promise<Judgement> {
  const abs = path.resolve(where.cwd, req.path);
  const read = readCurrent(abs);
  if (read !== null && 'error' in read) return cannotJudge(read.error);
  const current = read?.text ?? null;
  let beforeSource = '';
  if (current !== null && req.editMode !== 'insert') {
    const cell = findCell(current, req.cellId);
    if (cell === undefined) return cannotJudge(`the cell to edit was not found in \`${req.path}\``);
    beforeSource = cell;
  }
  const afterSource = req.editMode === 'delete' ? '' : req.newSource;
  // The cell's text is judged as a file of its language (code, SQL and secret rules), reported
  // against the notebook.
  const engines = await import('./editEngine.js');
  const policy = await engines.loadPolicy(where);
  const rel = relativeTo(where.root, abs);
  const asFile = `${rel}.cell${cellExtension(current, req.cellType, afterSource || beforeSource)}`;
  const v = await engines.analyzeFile({ path: asFile, before: cellText(beforeSource), after: cellText(afterSource), context: { workspaceRoot: where.root, author: 'agent' } }, policy);
  let decision = v.decision;
  const findings: JudgedFinding[] = v.findings.map((f) => ({ ...f, path: rel }));
  const notes = v.note ? [v.note] : [];
  // Shell commands the cell adds (`!cmd`, `%%bash` bodies) are judged as commands.
  const had = new Set(cellShellCommands(beforeSource).map((c) => c.command));
  for (const c of cellShellCommands(afterSource)) {
    if (had.has(c.command)) continue;
    const j = await judgeCommand(c.command, 'bash', where, env);
    decision = stricterDecision(decision, j.decision);
    const runs = `cell line ${c.line} runs \`${c.command.length > 80 ? `${c.command.slice(0, 79)}…` : c.command}\`: `;
    for (const f of j.findings) findings.push({ ...f, message: `${runs}${f.message}`, path: rel, line: c.line });
    for (const n of j.notes ?? []) notes.push(`${runs}${n}`);
  }
  const out: Judgement = { decision, severity: highestSeverity(findings), findings };
  if (notes.length) out.notes = notes;
  return out;
}
