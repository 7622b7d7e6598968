/**
 * `blast-radius check`: judges a command line.
 *
 *   blast-radius check [--json] [--shell bash|zsh|fish|sh|pwsh] [--cwd DIR] [--policy FILE] -- <command line>
 *   blast-radius check --stdin [--json]            the whole of stdin is one command line
 *   blast-radius check --stdin --jsonl             one JSON string per input line → one JSON object per output line
 *
 * The line is measured (src/core/probe: git, files, a saved Terraform plan, kubectl) in its
 * working directory unless --no-probe is given; --jsonl measures only with --probe, so a stream
 * of lines stays fast.
 *
 * Exit codes: 0 allow, 2 deny, 3 confirm; 64 usage error; 65 when a --jsonl input line was not
 * valid (its output line is an error object and the stream goes on); 70 internal error.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { type CommandAnalyzer, createCommandAnalyzer } from '../core/command/analyze';
import { commandContext } from '../core/command/environment';
import type { CommandContext, CommandFinding, CommandVerdict } from '../core/command/rule';
import { warmUp } from '../core/command/warmUp';
import { findWorkspaceRoot, loadPolicyAt } from '../core/policy/load';
import { formatProblem } from '../core/policy/messages';
import type { JudgeOptions, Measured } from '../core/probe/index';
import type { ShellKind } from '../core/shell/model';
import type { Decision } from '../core/severity';
import { forEachArg, parseOrHelp } from './args';
import { type CliIO, UsageError } from './io';
import { jsonLines } from './jsonl';
import type { Subcommand } from './subcommand';

export const HELP = `Usage: blast-radius check [options] -- <command line>
       blast-radius check --stdin [--jsonl] [options]

Judges the blast radius of a shell command line: allow, confirm or deny, with the findings.

Options:
  --json           print {decision, severity, findings:[{ruleId, severity, message, span, suggestion?, measured?}], measured?}
  --shell NAME     the shell the line is for: bash (default), zsh, fish, sh, pwsh
  --cwd DIR        working directory the line runs in (default: the current one)
  --policy FILE    one more policy file, applied on top of the system policy and every
                   .blast-radius.json from the repository down to the folder; it may only tighten
  --stdin          read the command line from standard input
  --jsonl          with --stdin: each input line is a JSON string (or {"command": …, context…});
                   each output line is the verdict as JSON, in order
  --no-probe       judge the text only: do not measure the repository, the files, the saved plan
  --probe          with --jsonl: measure every line too (off by default there, to keep streams fast)
  --probe-cluster  also ask clusters that are not production-marked how many objects a kubectl delete takes
  -h, --help       show this help

Exit codes: 0 allow, 2 deny, 3 confirm, 64 usage error, 65 invalid --jsonl input line.
`;

const SHELLS: readonly ShellKind[] = ['bash', 'zsh', 'fish', 'sh', 'pwsh'];
const EXIT: Readonly<Record<Decision, number>> = { allow: 0, deny: 2, confirm: 3 };

interface Options {
  json: boolean;
  jsonl: boolean;
  stdin: boolean;
  /** Measure the line: default on for one line, off for --jsonl. */
  probe?: boolean;
  probeCluster: boolean;
  shell?: ShellKind;
  cwd?: string;
  policy?: string;
  command?: string;
}

export function parseArgs(args: readonly string[]): Options {
  const o: Options = { json: false, jsonl: false, stdin: false, probeCluster: false };
  const notEndOfOptions = (v: string): boolean => v !== '--';
  forEachArg(
    args,
    'check',
    (a) => {
      if (a.raw === '--') {
        o.command = a.rest().join(' ');
        return;
      }
      switch (a.flag) {
        case '--json':
          o.json = true;
          break;
        case '--jsonl':
          o.jsonl = true;
          break;
        case '--stdin':
          o.stdin = true;
          break;
        case '--probe':
          o.probe = true;
          break;
        case '--no-probe':
          o.probe = false;
          break;
        case '--probe-cluster':
          o.probeCluster = true;
          break;
        case '--shell': {
          const s = a.value();
          if (!(SHELLS as readonly string[]).includes(s)) throw new UsageError(`unknown shell '${s}'; use one of ${SHELLS.join(', ')}.`);
          o.shell = s as ShellKind;
          break;
        }
        case '--cwd':
          o.cwd = a.value();
          break;
        case '--policy':
          o.policy = a.value();
          break;
        default:
          if (a.raw.startsWith('-')) throw new UsageError(`unknown option '${a.raw}'; put the command line after '--' (blast-radius check -- ${a.raw} …) or see 'blast-radius check --help'.`);
          // A command line without `--`: the rest of the arguments.
          o.command = [a.raw, ...a.rest()].join(' ');
      }
    },
    { isValue: notEndOfOptions },
  );
  if (o.jsonl && !o.stdin) throw new UsageError("--jsonl reads from standard input; add --stdin.");
  if (o.stdin && o.command !== undefined) throw new UsageError('give the command line either after -- or on standard input (--stdin), not both.');
  if (!o.stdin && (o.command === undefined || o.command.trim() === '')) throw new UsageError("no command line given; usage: blast-radius check [--json] -- <command line>");
  return o;
}

export const run: Subcommand = async (args, io) => {
  const o = parseOrHelp(() => parseArgs(args), HELP, io);
  if (o === undefined) return 0;
  const cwd = path.resolve(o.cwd ?? process.cwd());
  if (!isDirectory(cwd)) throw new UsageError(`--cwd ${cwd} is not a folder.`);
  const workspaceRoot = findWorkspaceRoot(cwd);
  // The system policy and every policy file from the outermost repository down to --cwd; a
  // --policy file is one more layer on top. All of them but a protected system policy tighten only.
  const policyResult = await loadPolicyAt(cwd, o.policy !== undefined ? { extra: [o.policy] } : {});
  for (const p of policyResult.problems) io.err(`blast-radius check: ${formatProblem(p)}\n`);
  const analyzer = await createCommandAnalyzer({ policy: policyResult.policy });
  const base = commandContext(cwd, workspaceRoot, o.shell);

  const probe: JudgeOptions = { kubernetes: o.probeCluster ? 'always' : 'production' };
  if (o.jsonl) return jsonl(analyzer, base, io, o.probe === true ? probe : undefined);
  const line = o.command ?? stripFinalNewline(await io.readStdin());
  // `--no-probe`: the static verdict (what judgeMeasured gives with `probe: false`), without loading the probes.
  const verdict = o.probe === false ? (await analyzer.analyzeLine(line, base)).verdict : (await (await probes()).judgeMeasured(analyzer, line, base, probe)).verdict;
  if (o.json) io.out(`${JSON.stringify(jsonVerdict(verdict))}\n`);
  else io.out(renderText(line, verdict));
  return EXIT[verdict.decision];
};

/** The probes (core/probe), loaded only when a line is measured. */
function probes(): Promise<typeof import('../core/probe/index')> {
  return import('../core/probe/index.js');
}

function stripFinalNewline(s: string): string {
  return s.endsWith('\r\n') ? s.slice(0, -2) : s.endsWith('\n') ? s.slice(0, -1) : s;
}

function isDirectory(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

interface JsonFinding {
  ruleId: string;
  severity: CommandFinding['severity'];
  message: string;
  span: [number, number];
  suggestion?: string;
  target?: string;
  via?: string;
  measured?: string;
}

interface JsonVerdict {
  decision: Decision;
  severity: CommandVerdict['severity'];
  findings: JsonFinding[];
  reasons?: string[];
  measured?: Measured;
}

/** The JSON shape of a verdict (stable: tools and evaluations read it). */
export function jsonVerdict(v: CommandVerdict): JsonVerdict {
  const out: JsonVerdict = {
    decision: v.decision,
    severity: v.severity,
    findings: v.findings.map((f) => {
      const j: JsonFinding = { ruleId: f.ruleId, severity: f.severity, message: f.message, span: [f.span[0], f.span[1]] };
      if (f.suggestion) j.suggestion = f.suggestion;
      if (f.target) j.target = f.target;
      if (f.via) j.via = f.via;
      if (f.measured) j.measured = f.measured;
      return j;
    }),
  };
  if (v.reasons?.length) out.reasons = v.reasons;
  if (v.measured) out.measured = v.measured;
  return out;
}

/** Context fields a --jsonl object line may carry besides `command`. */
const CONTEXT_KEYS = ['shell', 'cwd', 'workspaceRoot', 'kubeContext', 'awsProfile', 'terraformWorkspace', 'home'] as const;

async function jsonl(analyzer: CommandAnalyzer, base: CommandContext, io: CliIO, probe: JudgeOptions | undefined): Promise<number> {
  const judgeMeasured = probe ? (await probes()).judgeMeasured : undefined;
  // A stream of lines: once the first is answered, the rest of the engine warms up between them.
  const done = new AbortController();
  let warming: Promise<number> | undefined;
  const answered = (verdict: CommandVerdict): { out: ReturnType<typeof jsonVerdict> } => {
    warming ??= warmUp(analyzer, done.signal);
    return { out: jsonVerdict(verdict) };
  };
  const bad = await jsonLines(
    io,
    'not valid JSON; expected a JSON string with the command line',
    (value) => {
      let line: string | undefined;
      let ctx = base;
      if (typeof value === 'string') line = value;
      else if (value && typeof value === 'object' && typeof (value as { command?: unknown }).command === 'string') {
        const obj = value as Record<string, unknown>;
        line = obj.command as string;
        ctx = { ...base };
        for (const k of CONTEXT_KEYS) {
          const v = obj[k];
          if (typeof v === 'string') (ctx as Record<string, unknown>)[k] = v;
        }
        if (typeof ctx.shell === 'string' && !(SHELLS as readonly string[]).includes(ctx.shell)) line = undefined;
        if (obj.env && typeof obj.env === 'object') ctx.env = { ...base.env, ...(obj.env as Record<string, string>) };
      }
      if (line === undefined) return { bad: 'expected a JSON string (or an object with a "command" string)' };
      if (judgeMeasured && probe) return judgeMeasured(analyzer, line, ctx, probe).then((j) => answered(j.verdict));
      const v = analyzer.analyzeSoon(line, ctx);
      return v instanceof Promise ? v.then(answered) : answered(v);
    },
    (message) => io.err(`blast-radius check: ${message}\n`),
  );
  done.abort();
  await warming;
  return bad > 0 ? 65 : 0;
}

// ---------------------------------------------------------------------------------------------
// Human text

/**
 * The line with each finding's span marked:
 *
 *     sudo rm -rf /
 *          ^^^^^^^^
 *   critical  fs.rm-recursive  Recursively deletes / …  (via sudo; path /)
 *             safer: …
 *   → confirm
 */
export function renderText(line: string, v: CommandVerdict): string {
  const out: string[] = [];
  // Measurements no finding carries (nothing to discard, not measured) are said on their own.
  const loose = (v.measured?.probes ?? []).filter((p) => !v.findings.some((f) => f.measured === p.sentence));
  if (v.findings.length === 0 && v.decision === 'allow') {
    out.push(`allow: no risk found in: ${oneLine(line)}`);
    for (const p of loose) out.push(`  measured: ${p.sentence}`);
    return `${out.join('\n')}\n`;
  }
  for (const f of v.findings) {
    out.push(...markSpan(line, f.span));
    const extra = [f.via ? `via ${f.via}` : '', f.target ?? ''].filter(Boolean).join('; ');
    out.push(`${f.severity.padEnd(8)}  ${f.ruleId}  ${f.message}${extra ? `  (${extra})` : ''}`);
    if (f.measured && f.measured !== f.message.replace(/\.$/, '')) out.push(`${' '.repeat(10)}measured: ${f.measured}`);
    if (f.suggestion) out.push(`${' '.repeat(10)}safer: ${f.suggestion}`);
    out.push('');
  }
  for (const p of loose) out.push(`measured: ${p.sentence}`, '');
  const how = v.decision === 'confirm' ? 'needs confirmation' : v.decision === 'deny' ? 'denied' : 'allowed';
  if (v.findings.length === 0) out.push(`  ${oneLine(line)}`, '');
  out.push(`${v.decision}: ${how} (highest severity ${v.severity})`);
  for (const r of v.reasons ?? []) out.push(`  ${r}`);
  return `${out.join('\n')}\n`;
}

function oneLine(s: string): string {
  return s.replace(/\r?\n/g, '⏎');
}

/** The source line holding the span, with `^` under the span's part on that line. */
function markSpan(line: string, span: readonly [number, number]): string[] {
  const [s, e] = [Math.max(0, Math.min(span[0], line.length)), Math.max(0, Math.min(span[1], line.length))];
  const lineStart = line.lastIndexOf('\n', s - 1) + 1;
  let lineEnd = line.indexOf('\n', s);
  if (lineEnd < 0) lineEnd = line.length;
  const text = line.slice(lineStart, lineEnd).replace(/\t/g, ' ');
  const from = s - lineStart;
  const to = Math.max(from + 1, Math.min(e, lineEnd) - lineStart);
  return [`  ${text}`, `  ${' '.repeat(from)}${'^'.repeat(Math.max(1, to - from))}`];
}
