/**
 * `blast-radius hook <agent|auto>`: the pre-tool-use hook every supported agent runs before a
 * tool call. Reads the agent's JSON on stdin, judges the command or the file change, and
 * answers in the agent's dialect (docs/hooks.md).
 *
 * It runs for every tool call, so it stays lean: tools we do not judge are answered without
 * loading any engine; the shell parser, the edit rules and the policy loader are loaded only
 * when a request needs them.
 *
 * Decisions: when the editor is running for the workspace (its discovery file names the guard
 * server), a command is forwarded there: the editor judges it as it judges its terminals and
 * asks the person when needed, and the answer goes back to the agent. A file change is judged
 * here; when the policy wants it confirmed, the person is asked in the editor (EDIT). Otherwise
 * the policy decides here: deny what it denies, "ask" for confirm, no objection for the rest.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { answerFromEditor, answerFromPerson, answerFromPolicy, cannotJudge, subjectOf, type Judgement, type JudgedFinding } from '../core/hooks/decide';
import type { EditSummary } from '../core/guard/protocol';
import { formatDecision, formatUnreadable } from '../core/hooks/format';
import { buildAfterContent } from '../core/hooks/afterContent';
import { cellExtension, cellShellCommands, cellText, findCell } from '../core/hooks/notebook';
import { parseHookPayload } from '../core/hooks/parse';
import { AGENTS, HOOK_TIMEOUT_SECONDS, isAgentId, isParseError, type AgentId, type FileChange, type HookAnswer, type HookOutput, type NormalizedRequest } from '../core/hooks/types';
import { highestSeverity, stricterDecision, type Decision } from '../core/severity';
import type { CliIO } from './io';
import type { Subcommand } from './main';

const HELP = `Usage: blast-radius hook <agent>

Reads an agent's pre-tool-use hook input (JSON) on stdin and answers allow / ask / deny in
that agent's own format. Install it with \`blast-radius init\`.

Agents: ${AGENTS.join(', ')}, or auto (detect from the input).

Exit status is 0 with the answer on stdout; 2 (reason on stderr) only when the input could not
be attributed to any agent.

       blast-radius hook git <pre-commit|pre-push>

Run by the git hooks \`blast-radius init --git\` installs: refuses a commit or push with critical
changes. BLAST_RADIUS_SKIP=1 skips the check (printed and recorded).

       blast-radius hook judge [--idle <seconds>] | --stop

The background process that keeps the engines loaded so each hook call answers quickly. The
hook starts it when needed; BLAST_RADIUS_HOOK_JUDGE=off judges every call in its own process.
`;

export const run: Subcommand = async (args, io) => {
  const name = args[0];
  if (name === '--help' || name === '-h') {
    io.out(HELP);
    return 0;
  }
  if (name === 'git') {
    const { runGitHook } = await import('./hookGit.js');
    return runGitHook(args.slice(1), io);
  }
  if (name === 'judge') {
    const { runJudge } = await import('./hookJudge.js');
    return runJudge(args.slice(1), io);
  }
  if (name === undefined || (name !== 'auto' && !isAgentId(name)) || args.length > 1) {
    // A misconfigured hook must not fail open: exit 2 blocks in most agents and says why.
    const got = name === undefined ? 'no agent' : `'${args.join(' ')}'`;
    const out = formatUnreadable(undefined, undefined, `the hook command was given ${got}; expected one of ${AGENTS.join(', ')} or auto`);
    return emit(io, out);
  }
  const input = await io.readStdin();
  const out = await answerHook(name, input);
  return emit(io, out);
};

function emit(io: CliIO, out: HookOutput): number {
  if (out.stdout) io.out(out.stdout);
  if (out.stderr) io.err(out.stderr);
  return out.exitCode;
}

/** Where the hook runs: its working directory and environment (the judge gets them from the caller). */
export interface HookPlace {
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
}

export interface AnswerOptions {
  /** Forward commands to the editor running for the workspace (default true). */
  editor?: boolean;
}

/** Judges one hook input and returns what to print. Never throws. */
export async function answerHook(
  agent: AgentId | 'auto',
  input: string,
  place: HookPlace = { cwd: process.cwd(), env: process.env },
  options: AnswerOptions = {},
): Promise<HookOutput> {
  const req = parseHookPayload(agent, input);
  if (isParseError(req)) return formatUnreadable(req.agent, req.event, req.error);
  if (req.kind === 'other') return formatDecision(req, { decision: 'pass' });
  let answer: HookAnswer;
  try {
    answer = await decide(req, place, options.editor ?? true);
  } catch (e) {
    const detail = `an internal error occurred (${e instanceof Error ? e.message : String(e)})`;
    answer = answerFromPolicy(req, cannotJudge(detail));
  }
  const out = formatDecision(req, answer);
  // A rule id in the workspace policy that names no rule, said where the person sees the hook's messages.
  const { unknownRuleNotes } = await import('../core/hooks/policy.js');
  const notes = await unknownRuleNotes(locate(req, place).root);
  if (notes.length) out.stderr = `${out.stderr}${notes.map((n) => `blast-radius hook: ${n}\n`).join('')}`;
  return out;
}

async function decide(req: NormalizedRequest, place: HookPlace, useEditor: boolean): Promise<HookAnswer> {
  const where = locate(req, place);
  if (req.kind === 'command' && useEditor) {
    // With the editor running, it decides (and asks the person) exactly as for its terminals.
    const { findEditor, checkWithEditor } = await import('../core/hooks/editorLink.js');
    const server = findEditor(where.cwd, place.env) ?? findEditor(where.root, place.env);
    if (server) {
      const check = { agent: req.agent, command: req.command, cwd: where.cwd, shell: req.shell ?? 'bash' } as const;
      const answer = await checkWithEditor(server, check, EDITOR_TIMEOUT_MS);
      if (answer) return answerFromEditor(req, answer);
    }
  }
  const judged = await judge(req, where, place.env);
  const shown = shownPaths(req, where);
  if (useEditor && judged.decision === 'confirm' && req.kind !== 'command' && req.kind !== 'unreadable') {
    // A file change the policy wants confirmed: the person answers in the editor when it runs.
    const { findEditor, reviewWithEditor } = await import('../core/hooks/editorLink.js');
    const server = findEditor(where.cwd, place.env) ?? findEditor(where.root, place.env);
    if (server) {
      const answer = await reviewWithEditor(server, { agent: req.agent, cwd: where.cwd, summary: editSummary(shown, judged) }, EDITOR_TIMEOUT_MS);
      if (answer?.asked) return answerFromPerson(shown, answer.verdict === 'allow', answer.verdict === 'deny' ? answer.reason : undefined);
    }
  }
  return answerFromPolicy(shown, judged);
}

/** What the editor shows a person about a file change: the files and the findings. */
function editSummary(req: NormalizedRequest, j: Judgement): EditSummary {
  const paths = req.kind === 'files' ? req.changes.map((c) => c.path) : 'path' in req ? [req.path] : [];
  const summary: EditSummary = {
    subject: subjectOf(req),
    severity: j.severity,
    paths,
    findings: j.findings.map((f) => ({
      ruleId: f.ruleId,
      severity: f.severity,
      message: f.message,
      ...(f.suggestion ? { suggestion: f.suggestion } : {}),
      ...(f.path ? { path: f.path } : {}),
      ...(f.line !== undefined ? { line: f.line } : {}),
    })),
  };
  if (j.notes?.length) summary.notes = j.notes;
  return summary;
}

/** The request with its file paths relative to the workspace, for the reason the model reads. */
function shownPaths(req: NormalizedRequest, where: Location): NormalizedRequest {
  const rel = (p: string): string => relativeTo(where.root, path.resolve(where.cwd, p));
  switch (req.kind) {
    case 'write':
    case 'edit':
    case 'fragment':
    case 'notebook':
      return { ...req, path: rel(req.path) };
    case 'files':
      return { ...req, changes: req.changes.map((c) => ({ ...c, path: rel(c.path) })) };
    default:
      return req;
  }
}

/** How long to wait for the person in the editor: a little less than the agent waits for the hook. */
const EDITOR_TIMEOUT_MS = (HOOK_TIMEOUT_SECONDS - 10) * 1000;

interface Location {
  /** Working directory of the tool call (absolute). */
  cwd: string;
  /** Workspace root: where the policy file and the editor's discovery file are looked up. */
  root: string;
}

function locate(req: NormalizedRequest, place: HookPlace): Location {
  const project = place.env['CLAUDE_PROJECT_DIR'] || undefined;
  const cwd = path.resolve(place.cwd, req.cwd ?? project ?? place.cwd);
  const root = req.workspaceRoots?.[0] ?? project ?? findRoot(cwd);
  return { cwd, root: path.resolve(cwd, root) };
}

/** The nearest folder at or above `dir` with a policy file or a repository; else `dir`. */
function findRoot(dir: string): string {
  let d = dir;
  for (;;) {
    if (fs.existsSync(path.join(d, '.blast-radius.json')) || fs.existsSync(path.join(d, '.git'))) return d;
    const up = path.dirname(d);
    if (up === d) return dir;
    d = up;
  }
}

// ---------------------------------------------------------------------------------------------
// Judging, with the engines loaded on demand.

async function judge(req: NormalizedRequest, where: Location, env: HookPlace['env']): Promise<Judgement> {
  switch (req.kind) {
    case 'command':
      return judgeCommand(req.command, req.shell, where, env);
    case 'unreadable':
      return cannotJudge(req.detail);
    case 'write':
      return judgeFiles([{ op: 'write', path: req.path, content: req.content }], where);
    case 'edit':
      return judgeFiles([{ op: 'edit', path: req.path, edits: req.edits }], where);
    case 'files':
      return judgeFiles(req.changes, where);
    case 'fragment':
      return judgeFragment(req.path, req.code, where);
    case 'notebook':
      return judgeNotebook(req, where, env);
    case 'other':
      return { decision: 'allow', severity: 'none', findings: [] };
  }
}

async function judgeCommand(command: string, shell: 'bash' | 'pwsh' | undefined, where: Location, env: HookPlace['env']): Promise<Judgement> {
  const engines = await import('../core/hooks/commandEngine.js');
  const verdict = await engines.analyzeCommand(command, engines.commandContext(where.cwd, where.root, shell, env), where.root);
  const j: Judgement = {
    decision: verdict.decision,
    severity: verdict.severity,
    findings: verdict.findings.map((f) => {
      const out: JudgedFinding = { ruleId: f.ruleId, severity: f.severity, message: f.message };
      if (f.suggestion) out.suggestion = f.suggestion;
      if (f.target) out.target = f.target;
      return out;
    }),
  };
  if (verdict.reasons?.length && !verdict.findings.length) j.notes = [...verdict.reasons];
  return j;
}

function readCurrent(file: string): string | null | { error: string } {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return null;
    return { error: `the current \`${file}\` could not be read (${code ?? 'unknown error'})` };
  }
}

function relativeTo(root: string, file: string): string {
  const rel = path.relative(root, file);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel.split(path.sep).join('/') : file;
}

async function judgeFiles(changes: readonly FileChange[], where: Location): Promise<Judgement> {
  const engines = await import('../core/hooks/editEngine.js');
  const policy = await engines.loadPolicy(where.root);
  let decision: Decision = 'allow';
  const findings: JudgedFinding[] = [];
  const notes: string[] = [];
  for (const change of changes) {
    const abs = path.resolve(where.cwd, change.path);
    const rel = relativeTo(where.root, abs);
    const current = readCurrent(abs);
    if (current !== null && typeof current === 'object') {
      decision = stricterDecision(decision, 'confirm');
      notes.push(`Blast Radius could not judge it: ${current.error}`);
      continue;
    }
    let after: string | null;
    if (change.op === 'write') after = change.content;
    else if (change.op === 'delete') after = null;
    else {
      const built = buildAfterContent(current, change.edits);
      if ('error' in built) {
        decision = stricterDecision(decision, 'confirm');
        notes.push(`Blast Radius could not judge the edit to \`${rel}\`: ${built.error}`);
        continue;
      }
      after = built.content;
    }
    const v = engines.analyzeFile({ path: rel, before: current, after, context: { workspaceRoot: where.root, author: 'agent' } }, policy);
    decision = stricterDecision(decision, v.decision);
    if (v.note) notes.push(v.note);
    for (const f of v.findings) findings.push({ ...f, path: rel });
  }
  const j: Judgement = { decision, severity: highestSeverity(findings), findings };
  if (notes.length) j.notes = notes;
  return j;
}

/** A fragment placed by the agent itself: we can judge what it adds, not what it replaces. */
async function judgeFragment(file: string, code: string, where: Location): Promise<Judgement> {
  const abs = path.resolve(where.cwd, file);
  const current = readCurrent(abs);
  if (current !== null && typeof current === 'object') return cannotJudge(current.error);
  const before = current ?? '';
  const sep = before === '' || before.endsWith('\n') ? '' : '\n';
  return judgeFiles([{ op: 'write', path: file, content: `${before}${sep}${code}` }], where);
}

async function judgeNotebook(req: NormalizedRequest & { kind: 'notebook' }, where: Location, env: HookPlace['env']): Promise<Judgement> {
  const abs = path.resolve(where.cwd, req.path);
  const current = readCurrent(abs);
  if (current !== null && typeof current === 'object') return cannotJudge(current.error);
  let beforeSource = '';
  if (current !== null && req.editMode !== 'insert') {
    const cell = findCell(current, req.cellId);
    if (cell === undefined) return cannotJudge(`the cell to edit was not found in \`${req.path}\``);
    beforeSource = cell;
  }
  const afterSource = req.editMode === 'delete' ? '' : req.newSource;
  // The cell's text is judged as a file of its language (code, SQL and secret rules), reported
  // against the notebook.
  const engines = await import('../core/hooks/editEngine.js');
  const policy = await engines.loadPolicy(where.root);
  const rel = relativeTo(where.root, abs);
  const asFile = `${rel}.cell${cellExtension(current, req.cellType, afterSource || beforeSource)}`;
  const v = engines.analyzeFile({ path: asFile, before: cellText(beforeSource), after: cellText(afterSource), context: { workspaceRoot: where.root, author: 'agent' } }, policy);
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
