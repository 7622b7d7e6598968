/**
 * `blast-radius check-edit`: judges changes to files.
 *
 *   blast-radius check-edit --path P [--before FILE] [--after FILE] [--json]
 *   blast-radius check-edit --stdin --jsonl          one {path, before, after} per line → one verdict per line
 *   blast-radius check-edit --git [REV] [--json | --sarif]   the working tree against REV (default HEAD)
 *
 * Exit codes: 0 nothing needs confirmation; 3 a finding at high or critical, or a file that could
 * not be judged (over the size limit, not UTF-8); 2 is reserved for deny; 64 usage error;
 * 65 a --jsonl input line was not valid (its output line is an error object, the stream goes on).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CommandAnalyzer } from '../core/command/analyze';
import { analyzeEditWithCommands } from '../core/command/editJudge';
import { commandContext } from '../core/command/environment';
import { formatBytes } from '../core/edit/analyze';
import { diffLineArrays, splitLines } from '../core/edit/diff';
import { EDIT_RULES } from '../core/edit/rules/index';
import { DEFAULT_MAX_BYTES, type EditFinding, type EditInput, type EditOptions, type EditSkip, type EditVerdict } from '../core/edit/types';
import { editOptionsFor } from '../core/policy/editOptions';
import { loadPolicyAt } from '../core/policy/load';
import { formatProblem } from '../core/policy/messages';
import { readRegularFile } from '../core/safeRead';
import { byPath, GitError, parseNameStatus, readBlobs, runGit, type ChangeStatus, type ChangedFile } from '../core/git';
import { findWorkspaceRoot } from '../core/policy/load';
import { severityRank, type Severity } from '../core/severity';
import { forEachArg, parseOrHelp } from './args';
import { type CliIO, UsageError } from './io';
import { jsonLines } from './jsonl';
import { sarifLog, sarifUri } from './output';
import type { Subcommand } from './subcommand';

export const HELP = `Usage: blast-radius check-edit --path P [--before FILE] [--after FILE] [--json]
       blast-radius check-edit --stdin --jsonl
       blast-radius check-edit --git [REV] [--json | --sarif]

Finds the destructive or high-blast-radius parts of a change to a file (a dropped table,
a removed prevent_destroy, deleted tests, a widened IAM policy, a committed secret) and
says where they are.

Modes:
  --path P          the file's path (decides what kind of file it is)
    --before FILE   its content before the change (omit for a created file)
    --after FILE    its content after the change (default: the file at P if it exists,
                    otherwise the file counts as deleted)
  --stdin --jsonl   each input line is {"path": …, "before": …, "after": …} with strings or
                    null; each output line is {"severity", "findings": [{ruleId, severity,
                    message, line, side, suggestion?}]} in order; a bad line gets
                    {"error": …} and the stream goes on
  --git [REV]       every file changed in the working tree against REV (default HEAD),
                    including untracked files that are not ignored

Options:
  --json            print JSON instead of text
  --sarif           with --git: print SARIF 2.1.0 (for code-scanning tools)
  --max-bytes N     skip files larger than N bytes (default ${DEFAULT_MAX_BYTES})
  --disable RULE    leave out a rule (pack.rule) or a pack (pack.*); may be repeated
  --cwd DIR         with --git: a folder inside the repository (default: the current one)
  -h, --help        show this help

Lines are 1-based: "after" lines for added or changed text, "before" lines for removed text.
Exit codes: 0 nothing needs confirmation (no findings, or only low/medium); 3 findings at high
or critical, or a file that could not be judged (over the size limit, not valid UTF-8);
2 reserved for deny; 64 usage error; 65 a --jsonl input line was invalid.
`;

const CONFIRM_AT: Severity = 'high';

interface Options {
  path?: string;
  before?: string;
  after?: string;
  json: boolean;
  sarif: boolean;
  stdin: boolean;
  jsonl: boolean;
  git: boolean;
  rev?: string;
  maxBytes?: number;
  disabled: string[];
  cwd?: string;
}

export function parseArgs(args: readonly string[]): Options {
  const o: Options = { json: false, sarif: false, stdin: false, jsonl: false, git: false, disabled: [] };
  forEachArg(args, 'check-edit', (a) => {
    switch (a.flag) {
      case '--path':
        o.path = a.value();
        break;
      case '--before':
        o.before = a.value();
        break;
      case '--after':
        o.after = a.value();
        break;
      case '--json':
        o.json = true;
        break;
      case '--sarif':
        o.sarif = true;
        break;
      case '--stdin':
        o.stdin = true;
        break;
      case '--jsonl':
        o.jsonl = true;
        break;
      case '--git': {
        o.git = true;
        const rev = a.optionalValue();
        if (rev !== undefined) o.rev = rev;
        break;
      }
      case '--max-bytes': {
        const v = a.value();
        const n = Number(v);
        if (!/^\d+$/.test(v) || !Number.isSafeInteger(n) || n < 1) throw new UsageError(`--max-bytes needs a positive whole number of bytes, not '${v}'.`);
        o.maxBytes = n;
        break;
      }
      case '--disable':
        o.disabled.push(a.value());
        break;
      case '--cwd':
        o.cwd = a.value();
        break;
      default:
        throw new UsageError(`unknown argument '${a.raw}'; see 'blast-radius check-edit --help'.`);
    }
  });
  const modes = [o.path !== undefined, o.stdin, o.git].filter(Boolean).length;
  if (modes === 0) throw new UsageError("say what to check: --path P [--before FILE] [--after FILE], --stdin --jsonl, or --git [REV].");
  if (modes > 1) throw new UsageError('use one of --path, --stdin or --git, not several.');
  if (o.jsonl && !o.stdin) throw new UsageError('--jsonl reads from standard input; add --stdin.');
  if (o.stdin && !o.jsonl) throw new UsageError('--stdin needs --jsonl (one JSON object per line).');
  if (o.sarif && !o.git) throw new UsageError('--sarif works with --git; use --json for a single file.');
  if (o.sarif && o.json) throw new UsageError('choose --json or --sarif, not both.');
  if ((o.before !== undefined || o.after !== undefined) && o.path === undefined) throw new UsageError('--before and --after need --path.');
  return o;
}

export const run: Subcommand = async (args, io) => {
  const o = parseOrHelp(() => parseArgs(args), HELP, io);
  if (o === undefined) return 0;
  if (o.disabled.length) {
    // A --disable that names no edit rule disables nothing: say so, with the rule probably meant.
    const { checkRuleRef } = await import('../core/policy/ruleRefs.js');
    for (const id of o.disabled) {
      const r = checkRuleRef(id, 'edits.disabledRules');
      if (r) io.err(`blast-radius check-edit: --disable ${r.message}\n`);
    }
  }
  // The policy where it runs (the system policy and the repository's policy files) sets the rules
  // left out and the size limit; --disable and --max-bytes add to it for this run.
  const { policy, problems } = await loadPolicyAt(path.resolve(o.cwd ?? process.cwd()));
  for (const p of problems) io.err(`blast-radius check-edit: ${formatProblem(p)}\n`);
  const fromPolicy = editOptionsFor(policy);
  const options: EditOptions = { disabledRules: [...fromPolicy.disabledRules, ...o.disabled], maxBytes: o.maxBytes ?? fromPolicy.maxBytes };
  if (o.jsonl) return jsonl(io, options);
  if (o.git) return gitMode(o, io, options);
  return singleFile(o, io, options);
};

// ---------------------------------------------------------------------------------------------
// Shared helpers

/** A side of the change as read from a file: its bytes, its size when over the limit, or why it cannot be read. */
type FileSide = Buffer | { overLimit: number } | { unreadable: string };

/**
 * A file named on the command line, read only when it is a regular file (a FIFO, a device or a
 * folder is refused without being opened, so it cannot stall the check: the verdict says it
 * cannot be read, and a person must look), and not at all when it is over the size limit (the
 * verdict then says "too large").
 */
function readFileArg(file: string, flag: string, maxBytes: number): FileSide {
  const r = readRegularFile(file, { maxBytes });
  if (r.ok) return r.data;
  if (r.failure === 'too-large') return { overLimit: sizeOf(file) };
  if (r.failure === 'missing') throw new UsageError(`${flag} ${file}: no such file; check the path.`);
  return { unreadable: `${flag} ${file} cannot be read: ${r.reason}` };
}

function sizeOf(file: string): number {
  try {
    return fs.statSync(file).size;
  } catch {
    return Number.NaN;
  }
}

/** The verdict for sides read from files: the engine's, or "too large" without reading them. */
async function analyzeSides(p: string, before: FileSide | null, after: FileSide | null, options: EditOptions, judge: (input: EditInput, options: EditOptions) => Promise<EditVerdict>): Promise<EditVerdict> {
  const limit = options.maxBytes ?? DEFAULT_MAX_BYTES;
  for (const [side, label] of [[before, 'the previous version'], [after, 'the new version']] as const) {
    if (side === null || Buffer.isBuffer(side)) continue;
    if ('unreadable' in side) return { severity: 'none', findings: [], skipped: { reason: 'unreadable', detail: side.unreadable } };
    return { severity: 'none', findings: [], skipped: { reason: 'too-large', detail: `${label} is ${formatBytes(side.overLimit)}, over the ${formatBytes(limit)} limit` } };
  }
  return judge({ path: p, before: before as Buffer | null, after: after as Buffer | null }, options);
}

interface JsonFinding {
  ruleId: string;
  severity: Severity;
  message: string;
  line: number;
  side: 'after' | 'before';
  endLine?: number;
  suggestion?: string;
}

function jsonFinding(f: EditFinding): JsonFinding {
  const j: JsonFinding = { ruleId: f.ruleId, severity: f.severity, message: f.message, line: f.line, side: f.side };
  if (f.endLine !== undefined) j.endLine = f.endLine;
  if (f.suggestion !== undefined) j.suggestion = f.suggestion;
  return j;
}

/** The JSON shape of a verdict (stable: tools read it). */
export function jsonVerdict(v: EditVerdict): { decision: 'allow' | 'confirm'; severity: Severity; findings: JsonFinding[]; skipped?: { reason: string; detail: string } } {
  const out: { decision: 'allow' | 'confirm'; severity: Severity; findings: JsonFinding[]; skipped?: { reason: string; detail: string } } = {
    decision: needsConfirmation(v) ? 'confirm' : 'allow',
    severity: v.severity,
    findings: v.findings.map(jsonFinding),
  };
  if (v.skipped) out.skipped = { reason: v.skipped.reason, detail: v.skipped.reason === 'binary' ? v.skipped.detail : `not judged (${SKIP_WORDS[v.skipped.reason]}): ${v.skipped.detail}` };
  return out;
}

const SKIP_WORDS: Readonly<Record<EditSkip['reason'], string>> = { binary: 'binary', 'too-large': 'too large', 'invalid-utf8': 'not UTF-8', unreadable: 'cannot read' };

/** True when the verdict needs a person: a finding at high or above, or content that could not be judged. */
function needsConfirmation(v: EditVerdict): boolean {
  if (v.skipped) return v.skipped.reason !== 'binary';
  return severityRank(v.severity) >= severityRank(CONFIRM_AT);
}

function sideLabel(f: EditFinding, beforeName: string): string {
  const range = f.endLine !== undefined ? `${f.line}-${f.endLine}` : `${f.line}`;
  return f.side === 'after' ? range : `${range} (removed; in ${beforeName})`;
}

function renderFindings(file: string, v: EditVerdict, beforeName: string): string[] {
  const out: string[] = [];
  if (v.skipped) {
    out.push(`${file}: skipped (${v.skipped.reason}: ${v.skipped.detail})`);
    return out;
  }
  for (const f of v.findings) {
    out.push(`${file}:${sideLabel(f, beforeName)}  ${f.severity.padEnd(8)}  ${f.ruleId}  ${f.message}`);
    if (f.suggestion) out.push(`    safer: ${f.suggestion}`);
  }
  return out;
}

function summary(severity: Severity, needs: boolean): string {
  if (severity === 'none' && !needs) return 'no risk found';
  return `highest severity ${severity}: ${needs ? 'needs confirmation' : 'no confirmation needed'}`;
}

// ---------------------------------------------------------------------------------------------
// --path

/**
 * The edit engine with the command engine as its judge for files that run commands (scripts,
 * Makefiles, package.json, CI); the command engine loads on the first such file.
 */
function commandsJudged(cwd: string): (input: EditInput, options: EditOptions) => Promise<EditVerdict> {
  let analyzer: Promise<CommandAnalyzer> | undefined;
  const ctx = commandContext(cwd, findWorkspaceRoot(cwd), 'bash');
  return (input, options) => analyzeEditWithCommands(input, options, ctx, () => (analyzer ??= import('../core/command/analyze.js').then((m) => m.createCommandAnalyzer())));
}

async function singleFile(o: Options, io: CliIO, options: EditOptions): Promise<number> {
  const p = o.path!;
  if (p.trim() === '') throw new UsageError('--path needs a file path.');
  const limit = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const before = o.before !== undefined ? readFileArg(o.before, '--before', limit) : null;
  let after: FileSide | null = null;
  if (o.after !== undefined) after = readFileArg(o.after, '--after', limit);
  else if (fs.existsSync(p)) after = readFileArg(p, '--path', limit);
  if (before === null && after === null) throw new UsageError(`nothing to compare: give --before and/or --after (or a --path that exists).`);
  const verdict = await analyzeSides(p, before, after, options, commandsJudged(process.cwd()));
  const needs = needsConfirmation(verdict);
  if (o.json) io.out(`${JSON.stringify({ path: p, ...jsonVerdict(verdict) })}\n`);
  else {
    const lines = renderFindings(p, verdict, 'before');
    if (lines.length > 0) io.out(`${lines.join('\n')}\n\n`);
    io.out(`${p}: ${summary(verdict.severity, needs)}\n`);
  }
  return needs ? 3 : 0;
}

// ---------------------------------------------------------------------------------------------
// --stdin --jsonl

function isContent(v: unknown): v is string | null {
  return v === null || typeof v === 'string';
}

async function jsonl(io: CliIO, options: EditOptions): Promise<number> {
  const judged = commandsJudged(process.cwd());
  const bad = await jsonLines(io, 'not valid JSON; expected {"path": …, "before": …, "after": …}', (value) => {
    const obj = value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
    if (!obj || typeof obj.path !== 'string' || !isContent(obj.before ?? null) || !isContent(obj.after ?? null)) {
      return { bad: 'expected {"path": string, "before": string|null, "after": string|null}' };
    }
    return judged({ path: obj.path, before: (obj.before ?? null) as string | null, after: (obj.after ?? null) as string | null }, options).then((v) => ({ out: jsonVerdict(v) }));
  });
  if (bad > 0) io.err(`blast-radius check-edit: ${bad} input line${bad === 1 ? '' : 's'} could not be read (see the error objects).\n`);
  return bad > 0 ? 65 : 0;
}

// ---------------------------------------------------------------------------------------------
// --git

interface GitFile {
  path: string;
  oldPath?: string;
  change: ChangeStatus;
  verdict: EditVerdict;
  /** Lines of each side, kept only when a before-side finding needs mapping for SARIF. */
  before: Buffer | null;
  after: Buffer | null;
}

function git(cwd: string, args: readonly string[], input?: string): Buffer {
  try {
    return runGit(cwd, args, input);
  } catch (e) {
    if (e instanceof GitError) throw new UsageError(e.notInstalled ? 'git is not installed or not on PATH; install git to use --git.' : e.message);
    throw e;
  }
}

function readWorkingFile(root: string, rel: string): Buffer | null {
  const abs = path.join(root, rel);
  try {
    const st = fs.lstatSync(abs);
    if (st.isSymbolicLink()) return Buffer.from(fs.readlinkSync(abs), 'utf8');
  } catch {
    return null;
  }
  // a link is judged as git stores it (its target); anything but a regular file is never opened
  const r = readRegularFile(abs, { maxBytes: MAX_WORKING_FILE_BYTES, followSymlinks: false });
  return r.ok ? r.data : null;
}

/** Working files larger than this are not read for --git (the engine's limit is far lower). */
const MAX_WORKING_FILE_BYTES = 512 * 1024 * 1024;

async function collectGitChanges(cwd: string, rev: string, options: EditOptions): Promise<{ root: string; files: GitFile[] }> {
  if (!fs.existsSync(cwd)) throw new UsageError(`--cwd ${cwd} does not exist.`);
  let root: string;
  try {
    root = git(cwd, ['rev-parse', '--show-toplevel']).toString('utf8').trim();
  } catch (e) {
    if (e instanceof UsageError && /git is not installed/.test(e.message)) throw e;
    throw new UsageError(`${cwd} is not inside a git repository; run from one or pass --cwd DIR.`);
  }
  try {
    git(root, ['rev-parse', '--verify', '--quiet', `${rev}^{commit}`]);
  } catch {
    throw new UsageError(`'${rev}' is not a commit in this repository; pass a revision such as HEAD, HEAD~1 or main.`);
  }
  const entries = parseNameStatus(git(root, ['diff', '--name-status', '-z', '--find-renames', '--no-ext-diff', rev, '--']).toString('utf8'));
  const untracked = git(root, ['ls-files', '--others', '--exclude-standard', '-z']).toString('utf8').split('\0').filter((p) => p !== '');
  const known = new Set(entries.map((e) => e.path));
  for (const p of untracked) if (!known.has(p)) entries.push({ change: 'created', path: p });
  byPath(entries);

  const beforeSpec = (e: ChangedFile): string => `${rev}:${e.oldPath ?? e.path}`;
  const blobs = readBlobs(root, entries.filter((e) => e.change !== 'created').map(beforeSpec), git);
  const files: GitFile[] = [];
  const judged = commandsJudged(root);
  for (const e of entries) {
    const before = e.change === 'created' ? null : blobs.get(beforeSpec(e)) ?? null;
    const after = e.change === 'deleted' ? null : readWorkingFile(root, e.path);
    if (before === null && after === null) continue;
    const verdict = await judged({ path: e.path, before, after, context: { workspaceRoot: root, tracked: true } }, options);
    const f: GitFile = { path: e.path, change: e.change, verdict, before, after };
    if (e.oldPath !== undefined) f.oldPath = e.oldPath;
    files.push(f);
  }
  return { root, files };
}

async function gitMode(o: Options, io: CliIO, options: EditOptions): Promise<number> {
  const rev = o.rev ?? 'HEAD';
  const cwd = path.resolve(o.cwd ?? process.cwd());
  const { files } = await collectGitChanges(cwd, rev, options);
  const needs = files.some((f) => needsConfirmation(f.verdict));
  let highest: Severity = 'none';
  for (const f of files) if (severityRank(f.verdict.severity) > severityRank(highest)) highest = f.verdict.severity;

  if (o.sarif) {
    io.out(`${JSON.stringify(toSarif(files, rev), null, 2)}\n`);
  } else if (o.json) {
    io.out(
      `${JSON.stringify({
        rev,
        severity: highest,
        files: files.map((f) => ({ path: f.path, ...(f.oldPath !== undefined ? { oldPath: f.oldPath } : {}), change: f.change, ...jsonVerdict(f.verdict) })),
      })}\n`,
    );
  } else {
    const out: string[] = [];
    for (const f of files) {
      const lines = renderFindings(f.path, f.verdict, rev);
      if (lines.length > 0) out.push(...lines, '');
    }
    const flagged = files.filter((f) => f.verdict.findings.length > 0).length;
    const skipped = files.filter((f) => f.verdict.skipped).length;
    out.push(
      `${files.length} file${files.length === 1 ? '' : 's'} changed against ${rev}, ${flagged} with findings${skipped > 0 ? `, ${skipped} skipped` : ''}; ${summary(highest, needs)}`,
    );
    io.out(`${out.join('\n')}\n`);
  }
  return needs ? 3 : 0;
}

// ---------------------------------------------------------------------------------------------
// SARIF 2.1.0

const LEVEL: Readonly<Record<Severity, 'error' | 'warning' | 'note' | 'none'>> = {
  critical: 'error',
  high: 'error',
  medium: 'warning',
  low: 'note',
  none: 'none',
};

function toText(b: Buffer | null): string {
  return b === null ? '' : b.toString('utf8');
}

/** The after-line where a removed before-line was (the line that now follows the deletion). */
function afterLineForRemoved(f: GitFile, beforeLine: number): number {
  if (f.after === null) return beforeLine;
  const a = splitLines(toText(f.before));
  const b = splitLines(toText(f.after));
  const d = diffLineArrays(a, b);
  for (const h of d.hunks) {
    if (h.removed.some((l) => l.line === beforeLine)) return Math.max(1, Math.min(h.afterStart, Math.max(1, b.length)));
  }
  const mapped = d.afterOf[beforeLine - 1];
  return mapped !== undefined && mapped > 0 ? mapped : 1;
}

export function toSarif(files: readonly GitFile[], rev: string): unknown {
  const ruleIds: string[] = EDIT_RULES.map((r) => r.id);
  const extra = new Set<string>();
  for (const f of files) for (const x of f.verdict.findings) if (!ruleIds.includes(x.ruleId)) extra.add(x.ruleId);
  const rules = [
    ...EDIT_RULES.map((r) => ({
      id: r.id,
      shortDescription: { text: r.description },
      ...(r.suggestion ? { help: { text: r.suggestion } } : {}),
      defaultConfiguration: { level: LEVEL[r.severity] === 'none' ? 'note' : LEVEL[r.severity] },
      properties: { tags: ['blast-radius', r.id.split('.')[0]!] },
    })),
    ...[...extra].map((id) => ({
      id,
      shortDescription: { text: id === 'edit.rule-error' ? 'A rule failed on this change; review it by hand' : 'The change could not be analysed; review it by hand' },
      defaultConfiguration: { level: 'error' },
    })),
  ];
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const results: unknown[] = [];
  const notifications: unknown[] = [];
  for (const f of files) {
    if (f.verdict.skipped) {
      notifications.push({
        level: f.verdict.skipped.reason === 'binary' ? 'note' : 'warning',
        message: { text: `${f.path} skipped (${f.verdict.skipped.reason}): ${f.verdict.skipped.detail}` },
        locations: [{ physicalLocation: { artifactLocation: { uri: sarifUri(f.path) } } }],
      });
      continue;
    }
    for (const x of f.verdict.findings) {
      const removedSide = x.side === 'before';
      const onDeleted = f.after === null;
      const startLine = removedSide && !onDeleted ? afterLineForRemoved(f, x.line) : x.line;
      const region: { startLine: number; endLine?: number } = { startLine };
      if (!removedSide && x.endLine !== undefined && x.endLine > x.line) region.endLine = x.endLine;
      const where = removedSide ? ` (line ${x.line} of ${f.oldPath ?? f.path} in ${rev}${onDeleted ? ', file deleted' : ', removed'})` : '';
      results.push({
        ruleId: x.ruleId,
        ruleIndex: index.get(x.ruleId),
        level: LEVEL[x.severity] === 'none' ? 'note' : LEVEL[x.severity],
        message: { text: `${x.message}${where}${x.suggestion ? ` Safer: ${x.suggestion}` : ''}` },
        locations: [{ physicalLocation: { artifactLocation: { uri: sarifUri(f.path) }, region } }],
        properties: { severity: x.severity, side: x.side, line: x.line },
      });
    }
  }
  return sarifLog(rules, results, notifications);
}
