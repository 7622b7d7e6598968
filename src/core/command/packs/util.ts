/**
 * Helpers shared by the rule packs: views of a command after its subcommand, variable
 * expansion of a word as far as the context allows, path targets with their blast radius,
 * pipeline neighbours, workspace file reads, and production checks.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { type Severity, severityRank } from '../../severity';
import type { Expansion, ParsedLine, SimpleCommand, Span, Word } from '../../shell/model';
import { valueOptions } from '../../shell/normalise';
import { classifyPath, isProductionName, type PathAssessment } from '../context';
import type { RuleContext, CommandRuleFinding } from '../rule';

// ---------------------------------------------------------------------------------------------
// Views

/** The same command with other arguments (so the rule.ts helpers can read a subcommand's flags). */
export function withArgs(cmd: SimpleCommand, args: readonly Word[]): SimpleCommand {
  return { ...cmd, args };
}

/**
 * The first `depth` subcommand words after the program's global options, and a view of the
 * command whose arguments are the ones after them. Extra value-taking options can be given.
 */
export function splitSubcommand(
  cmd: SimpleCommand,
  depth = 1,
  extraValueOptions: readonly string[] = [],
): { words: string[]; wordsAt: Word[]; rest: SimpleCommand } {
  const wv = extraValueOptions.length ? [...valueOptions(cmd.program), ...extraValueOptions] : valueOptions(cmd.program);
  const a = cmd.args;
  const words: string[] = [];
  const wordsAt: Word[] = [];
  let i = 0;
  while (words.length < depth && i < a.length) {
    const t = a[i]!.text;
    if (t === '--') {
      i++;
      continue;
    }
    if (t.length > 1 && t.charCodeAt(0) === 45) {
      i += wv.includes(t) ? 2 : 1;
      continue;
    }
    words.push(t);
    wordsAt.push(a[i]!);
    i++;
  }
  return { words, wordsAt, rest: withArgs(cmd, words.length === depth ? a.slice(i) : []) };
}

/** Values of options given anywhere before `--`, in every form (`--x v`, `--x=v`, `-xv` for short names). */
export function optionValues(cmd: SimpleCommand, ...names: string[]): Word[] {
  const out: Word[] = [];
  const a = cmd.args;
  for (let i = 0; i < a.length; i++) {
    const w = a[i]!;
    const t = w.text;
    if (t === '--') break;
    for (const n of names) {
      if (t === n && a[i + 1]) out.push(a[i + 1]!);
      else if (t.startsWith(n + '=')) out.push({ ...w, text: t.slice(n.length + 1) });
      else if (n.length === 2 && !n.startsWith('--') && t.startsWith(n) && t.length > 2 && !t.startsWith('--')) out.push({ ...w, text: t.slice(2) });
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Spans

/** From the command's name (or the first word given) to the end of `last`. */
export function spanTo(cmd: SimpleCommand, last: { span: Span }, first?: { span: Span }): Span {
  const start = first?.span[0] ?? cmd.name?.span[0] ?? last.span[0];
  return start <= last.span[0] ? [start, last.span[1]] : last.span;
}

/** The span of a command's name through its last argument (no redirections). */
export function commandWordsSpan(cmd: SimpleCommand): Span {
  const last = cmd.args[cmd.args.length - 1];
  const start = cmd.name?.span[0] ?? cmd.span[0];
  if (!last) return cmd.name?.span ?? cmd.span;
  return start <= last.span[0] ? [start, last.span[1]] : cmd.span;
}

// ---------------------------------------------------------------------------------------------
// Severity

export function atLeast(a: Severity, b: Severity): boolean {
  return severityRank(a) >= severityRank(b);
}

/** A production-looking name; camelCase parts count as words (`ShopProdStack`). */
export function isProd(name: string | undefined, rc: RuleContext): boolean {
  if (!name) return false;
  return isProductionName(name.replace(/([a-z0-9])([A-Z])/g, '$1-$2'), rc.productionMarkers);
}

/**
 * A finding for a command that runs elsewhere (`ssh prod-web-1 '…'`, `kubectl exec` in a
 * production pod): a production-looking host raises it to critical.
 */
export function remoteReach(cmd: SimpleCommand, rc: RuleContext, f: CommandRuleFinding): CommandRuleFinding {
  if (f.severity === 'none' || f.severity === 'low') return f;
  for (const v of cmd.via) {
    if ((v.kind === 'remote' || v.kind === 'container') && v.target && isProd(v.target, rc)) {
      return { ...f, severity: 'critical', target: `${v.kind === 'remote' ? 'host' : 'container'} ${v.target}` };
    }
  }
  return f;
}

/** Runs on another machine or in a container: local paths and the workspace mean nothing there. */
export function runsElsewhere(cmd: SimpleCommand): boolean {
  return cmd.remote === true || cmd.via.some((v) => v.kind === 'remote' || v.kind === 'container');
}

// ---------------------------------------------------------------------------------------------
// Words and paths

export interface ExpandedWord {
  /** The text with every expansion we could resolve substituted. */
  text: string;
  /** Expansions we could not resolve (unset variables, command substitutions). */
  unresolved: Expansion[];
  /** An unresolved expansion at the very start of the word, followed by `/`: empty → absolute path. */
  leadingEmpty?: { expansion: Expansion; rest: string };
}

function varValue(name: string, rc: RuleContext): string | undefined {
  const v = rc.env(name);
  if (v !== undefined) return v;
  if (name === 'HOME') return rc.context.home;
  if (name === 'PWD') return rc.context.cwd;
  return undefined;
}

/** Substitutes variables whose values the context knows (the command's assignments, the line, the environment). */
export function expandWord(w: Word, rc: RuleContext): ExpandedWord {
  if (!w.dynamic || w.expansions.length === 0) return { text: w.text, unresolved: [] };
  let text = '';
  let pos = 0;
  const src = w.text;
  const unresolved: Expansion[] = [];
  let leading: Expansion | undefined;
  let leadingEnd = -1;
  for (const e of w.expansions) {
    const at = src.indexOf(e.raw, pos);
    if (at < 0) {
      unresolved.push(e);
      continue;
    }
    text += src.slice(pos, at);
    let value: string | undefined;
    if (e.kind === 'variable' && e.name && !e.hasDefault) value = varValue(e.name, rc);
    if (value !== undefined && value.includes('mktemp')) value = '/tmp/tmp.XXXXXXXX';
    if (value !== undefined && !value.includes('$') && !value.includes('`')) {
      text += value;
    } else {
      unresolved.push(e);
      if (at === 0 && !e.hasDefault) {
        leading = e;
        leadingEnd = e.raw.length;
      }
      text += e.raw;
    }
    pos = at + e.raw.length;
  }
  text += src.slice(pos);
  const out: ExpandedWord = { text, unresolved };
  if (leading && src.charCodeAt(leadingEnd) === 47 /* / */) out.leadingEmpty = { expansion: leading, rest: src.slice(leadingEnd) };
  return out;
}

/** The name to show for an expansion: `$DIR`, `$(pwd)`. */
export function expansionLabel(e: Expansion): string {
  return e.kind === 'variable' && e.name ? `$${e.name}` : e.raw;
}

export interface PathTarget extends PathAssessment {
  word: Word;
  /** The path as we understood it (variables substituted). */
  display: string;
  /** Unresolved expansions make the target unknown. */
  unresolved?: Expansion[];
  /** When an unresolved leading variable is empty, the path becomes this (e.g. `/`). */
  ifEmpty?: { expansion: Expansion; path: string; assessment: PathAssessment };
}

const REMOTE_RC_CONTEXT = {};

/** A RuleContext that knows nothing about the machine (for commands run over ssh or in containers). */
export function remoteContext(rc: RuleContext): RuleContext {
  return { line: rc.line, context: REMOTE_RC_CONTEXT, env: () => undefined, productionMarkers: rc.productionMarkers };
}

/** Classifies a path argument after expanding what can be expanded. */
export function pathTarget(w: Word, rc: RuleContext): PathTarget {
  if (!w.dynamic) {
    return { ...classifyPath(w.text, rc, false), word: w, display: w.text };
  }
  const ex = expandWord(w, rc);
  if (ex.unresolved.length === 0) return { ...classifyPath(ex.text, rc, false), word: w, display: ex.text };
  // `$HOME` the context cannot resolve: classifyPath knows `$HOME` and `~` by themselves.
  if (ex.unresolved.every((e) => e.name === 'HOME')) return { ...classifyPath(ex.text, rc, true), word: w, display: ex.text };
  const out: PathTarget = { cls: 'unknown', word: w, display: ex.text, unresolved: ex.unresolved };
  if (ex.leadingEmpty) {
    const rest = ex.leadingEmpty.rest;
    const restStatic = rest.replace(/\$\{?[A-Za-z_][A-Za-z0-9_]*\}?.*$/, '') || '/';
    out.ifEmpty = { expansion: ex.leadingEmpty.expansion, path: restStatic, assessment: classifyPath(restStatic, rc, false) };
  }
  return out;
}

/** Number of segments in an absolute path (`/` → 0, `/etc` → 1, `/var/lib` → 2). */
export function pathDepth(p: string | undefined): number {
  if (!p) return 0;
  return p.split(/[\\/]/).filter((s) => s !== '' && !/^[A-Za-z]:$/.test(s)).length;
}

/** Home folders whose loss is irreplaceable (keys, credentials). */
export const SECRET_HOME_DIRS: ReadonlySet<string> = new Set(['.ssh', '.gnupg', '.aws', '.azure', '.gcloud', '.password-store']);

/** The first segment of a path under the home folder (`~/.ssh/id_rsa` → `.ssh`). */
export function homeSegment(resolved: string | undefined, rc: RuleContext): string | undefined {
  const home = (rc.context.home ?? rc.env('HOME'))?.replace(/\/$/, '');
  if (!resolved || !home || !resolved.startsWith(home + '/')) return undefined;
  return resolved.slice(home.length + 1).split('/')[0];
}

/** A cache folder (`~/.cache/…`, `~/Library/Caches/…`, `~/.npm/_cacache`): cheap to lose. */
export function isCachePath(resolved: string | undefined): boolean {
  if (!resolved) return false;
  return /\/(\.cache|Caches?|CachedData|GPUCache|Code Cache|_cacache|\.npm|\.yarn\/cache|\.pnpm-store|\.gradle\/caches|\.m2\/repository|\.cargo\/registry|go\/pkg\/mod)(\/|$)/.test(resolved);
}

/** A block device or partition (`/dev/sda`, `/dev/nvme0n1p1`, `/dev/disk2`, `/dev/mapper/x`). */
export function isBlockDevice(p: string): boolean {
  return /^\/dev\/(sd[a-z]+\d*|hd[a-z]+\d*|vd[a-z]+\d*|xvd[a-z]+\d*|nvme\d+n\d+(p\d+)?|mmcblk\d+(p\d+)?|disk\d+(s\d+)?|rdisk\d+(s\d+)?|md\d+|dm-\d+|mapper\/.+|loop\d+|sr\d+|(disk\/by-[a-z]+\/.+))$/.test(p);
}

// ---------------------------------------------------------------------------------------------
// Pipelines

/** The commands in the same pipeline as `cmd` (at the same wrapper depth or their unwrapped children), in order. */
export function pipelineMembers(line: ParsedLine, cmd: SimpleCommand): SimpleCommand[] {
  const p = cmd.pipeline;
  if (!p) return [cmd];
  return line.commands.filter((c) => c.pipeline?.id === p.id);
}

/** Commands after `cmd` in its pipeline (including anything unwrapped from them, like `sudo bash`). */
export function downstream(line: ParsedLine, cmd: SimpleCommand): SimpleCommand[] {
  const p = cmd.pipeline;
  if (!p) return [];
  const out: SimpleCommand[] = [];
  for (const c of line.commands) {
    if (c.pipeline?.id === p.id && c.pipeline.index > p.index) out.push(c);
    else if (c.via.length > 0 && !c.pipeline) {
      // An unwrapped command (sudo bash) inherits its wrapper's place.
      const w = wrapperOf(line, c);
      if (w?.pipeline?.id === p.id && w.pipeline.index > p.index) out.push(c);
    }
  }
  return out;
}

/** Commands before `cmd` in its pipeline, nearest first (looking through wrappers like `sudo`). */
export function upstream(line: ParsedLine, cmd: SimpleCommand): SimpleCommand[] {
  const self = cmd.pipeline ? cmd : wrapperOf(line, cmd);
  const p = self?.pipeline;
  if (!p || p.index === 0) return [];
  const out: SimpleCommand[] = [];
  for (const c of line.commands) if (c.pipeline?.id === p.id && c.pipeline.index < p.index && c.via.length <= self!.via.length) out.push(c);
  return out.sort((a, b) => b.pipeline!.index - a.pipeline!.index);
}

/** The command that wrapped this one (its innermost `via`), when it is in the line. */
export function wrapperOf(line: ParsedLine, cmd: SimpleCommand): SimpleCommand | undefined {
  const v = cmd.via[cmd.via.length - 1];
  if (!v) return undefined;
  for (const c of line.commands) if (c !== cmd && c.span[0] === v.span[0] && c.span[1] === v.span[1] && c.via.length === cmd.via.length - 1) return c;
  for (const c of line.commands) if (c !== cmd && c.span[0] === v.span[0] && c.program === v.program) return c;
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Files

const MAX_READ = 1 << 20;

/** Reads a text file named on the command line, relative to the working directory. */
export function readCommandFile(rc: RuleContext, file: string): { text: string; path: string } | { error: string; path: string } {
  let p = file;
  const home = rc.context.home ?? rc.env('HOME');
  if ((p === '~' || p.startsWith('~/')) && home) p = home + p.slice(1);
  if (!path.isAbsolute(p)) {
    const cwd = rc.context.cwd ?? rc.context.workspaceRoot;
    if (!cwd) return { error: 'the working directory is not known', path: file };
    p = path.resolve(cwd, p);
  }
  try {
    const st = fs.statSync(p);
    if (!st.isFile()) return { error: 'it is not a regular file', path: p };
    if (st.size > MAX_READ) {
      const fd = fs.openSync(p, 'r');
      try {
        const buf = Buffer.alloc(MAX_READ);
        const n = fs.readSync(fd, buf, 0, MAX_READ, 0);
        return { text: buf.subarray(0, n).toString('utf8'), path: p };
      } finally {
        fs.closeSync(fd);
      }
    }
    return { text: fs.readFileSync(p, 'utf8'), path: p };
  } catch (e) {
    const code = (e as { code?: string }).code;
    return { error: code === 'ENOENT' ? 'it does not exist here' : code === 'EACCES' ? 'it cannot be read' : 'it could not be read', path: p };
  }
}

/** True when a file exists (relative paths against the working directory); undefined when we cannot tell. */
export function fileExists(rc: RuleContext, file: string): boolean | undefined {
  let p = file;
  if (!path.isAbsolute(p)) {
    const cwd = rc.context.cwd ?? rc.context.workspaceRoot;
    if (!cwd) return undefined;
    p = path.resolve(cwd, p);
  }
  try {
    return fs.existsSync(p);
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------
// Tools started through a package runner

const RUNNERS: Readonly<Record<string, readonly string[]>> = {
  npx: ['-p', '--package', '-c', '--call'],
  bunx: ['-p', '--package'],
  pnpx: [],
  'pnpm': ['-C', '--dir', '--filter', '-F'],
  yarn: ['--cwd'],
  bun: ['--cwd', '-c', '--config'],
  uvx: ['--from', '--with', '-p', '--python'],
  pipx: [],
  bundle: [],
  poetry: ['-C', '--directory'],
  uv: ['--directory', '--project', '-p', '--python', '--with'],
};

/**
 * The tool a package runner starts: `npx prisma migrate reset` → a view with program `prisma`;
 * `pnpm exec cdk destroy`, `yarn dlx`, `bundle exec rake`, `poetry run`, `uv run`, `bun x`.
 * Returns undefined when `cmd` is not a runner or names no tool.
 */
export function runnerTool(cmd: SimpleCommand): SimpleCommand | undefined {
  const opts = RUNNERS[cmd.program];
  if (!opts) return undefined;
  const a = cmd.args;
  let i = 0;
  while (i < a.length) {
    const t = a[i]!.text;
    if (t === '--') {
      i++;
      break;
    }
    if (t.startsWith('-')) {
      i += opts.includes(t) ? 2 : 1;
      continue;
    }
    break;
  }
  let first = a[i];
  if (!first) return undefined;
  const explicitRun = ['exec', 'dlx', 'run', 'x'];
  if (cmd.program === 'pipx' || cmd.program === 'bundle' || cmd.program === 'poetry' || cmd.program === 'uv') {
    if (!explicitRun.includes(first.text)) return undefined;
    i++;
  } else if (cmd.program === 'pnpm' || cmd.program === 'yarn' || cmd.program === 'bun') {
    if (explicitRun.includes(first.text)) i++;
    else if (cmd.program === 'bun') return undefined;
  }
  while (a[i] && a[i]!.text.startsWith('-') && cmd.program !== 'yarn' && cmd.program !== 'pnpm') i++;
  first = a[i];
  if (!first || first.dynamic) return undefined;
  let name = first.text;
  // npx prisma@5 → prisma; npx @scope/tool → tool
  const at = name.lastIndexOf('@');
  if (at > 0) name = name.slice(0, at);
  const slash = name.lastIndexOf('/');
  if (slash >= 0) name = name.slice(slash + 1);
  if (name === 'aws-cdk') name = 'cdk';
  return { ...cmd, program: name, name: first, args: a.slice(i + 1) };
}

/** The command itself, or the tool it starts through a package runner, when its program is one of `programs`. */
export function asTool(cmd: SimpleCommand, programs: readonly string[]): SimpleCommand | undefined {
  if (programs.includes(cmd.program)) return cmd;
  const t = runnerTool(cmd);
  return t && programs.includes(t.program) ? t : undefined;
}

/** Program names a rule must listen to so it also sees tools started through a package runner. */
export const RUNNER_PROGRAMS: readonly string[] = Object.keys(RUNNERS);
