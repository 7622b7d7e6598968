/**
 * What a command runs from a file, as findings of the command: a script, a Makefile recipe, a
 * package script judged one level deeper (`RuleContext.nested`) comes back as the worst thing it
 * does, named by file and line: "Makefile:12 (target clean) runs `rm -rf ~`: Recursively deletes
 * ~ — your home folder." A file that cannot be read, or text too deep to follow, asks a person.
 */
import * as path from 'node:path';
import { bySeverityDescending, severityRank } from '../severity';
import { pipeInputOf } from '../shell/build';
import type { SimpleCommand, Span, Word } from '../shell/model';
import type { CommandRuleFinding, NestedFinding, NestedVerdict, RuleContext } from './rule';

/** Where judged text came from. */
export interface TextSource {
  /** The file as the person knows it (relative to the working directory when under it). */
  file: string;
  /** The text that was judged. */
  text: string;
  /** The 1-based line of the file where `text` starts. */
  firstLine: number;
  /** What in the file it is: `target clean`, `script "db:reset"`. */
  label?: string;
}

/**
 * Commands whose script, recipe or package script was read and judged (Rule.spokeFor), with the
 * check they were judged in (a parsed script is reused by later checks, in other contexts).
 */
const judgedRuns = new WeakMap<SimpleCommand, RuleContext>();

/** Records that what `cmd` runs was read and judged in this check, whatever was found. */
export function judgedWhatItRuns(cmd: SimpleCommand, rc: RuleContext): void {
  judgedRuns.set(cmd, rc);
}

/** Rule.spokeFor of the rules that read what a command runs. */
export function readWhatItRuns(cmd: SimpleCommand, rc: RuleContext): boolean {
  return judgedRuns.get(cmd) === rc;
}

/** 1-based line of an offset in a text. */
export function lineAt(text: string, offset: number): number {
  let n = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) n++;
  return n;
}

function snippet(src: TextSource, f: NestedFinding): string {
  let s = src.text.slice(f.span[0], f.span[1]);
  const nl = s.indexOf('\n');
  if (nl >= 0) s = `${s.slice(0, nl)} …`;
  s = s.replace(/\s+/g, ' ').trim();
  return s.length > 72 ? `${s.slice(0, 71)}…` : s;
}

/** The file as shown to a person: relative to the working directory when inside it. */
export function shownPath(abs: string, rc: RuleContext): string {
  const cwd = rc.context.cwd;
  if (cwd) {
    const rel = path.relative(cwd, abs);
    if (rel && !rel.startsWith('..') && !path.isAbsolute(rel)) return rel;
  }
  const home = rc.context.home ?? rc.env('HOME');
  if (home && abs.startsWith(home + '/')) return `~${abs.slice(home.length)}`;
  return abs;
}

/**
 * The finding for a command that runs several judged texts (the recipe lines of a target and its
 * prerequisites): the worst finding of all, with how many more there are.
 */
export function fromNestedMany(items: readonly { v: NestedVerdict; src: TextSource }[], span: Span): CommandRuleFinding | undefined {
  let best: { v: NestedVerdict; src: TextSource } | undefined;
  let bestRank = -1;
  let total = 0;
  for (const it of items) {
    if (it.v.notJudged || it.v.denied) return fromNested(it.v, it.src, span);
    const found = it.v.findings.filter((f) => f.severity !== 'none' && f.severity !== 'low');
    total += found.length;
    for (const f of found) {
      const r = severityRank(f.severity) * 2 + (f.atLeast ? 1 : 0);
      if (r > bestRank) {
        bestRank = r;
        best = it;
      }
    }
  }
  if (!best) return undefined;
  const own = best.v.findings.filter((x) => x.severity !== 'none' && x.severity !== 'low').length;
  return fromNested(best.v, best.src, span, total - own);
}

/**
 * The finding for a command whose file-borne text was judged: the worst finding inside, named
 * by file and line, at `span` of the command. Undefined when nothing inside was found.
 */
export function fromNested(v: NestedVerdict, src: TextSource, span: Span, elsewhere = 0): CommandRuleFinding | undefined {
  if (v.notJudged) {
    return { severity: 'medium', message: `${src.file}${src.label ? ` (${src.label})` : ''} was not judged: ${v.notJudged}`, span, atLeast: 'confirm', suggestion: 'Read it before running it.' };
  }
  const found = v.findings.filter((f) => f.severity !== 'none' && f.severity !== 'low').sort(bySeverityDescending);
  const worst = found[0];
  if (!worst && !v.denied) return undefined;
  if (!worst) return { severity: 'high', message: `${src.file}${src.label ? ` (${src.label})` : ''} runs a command the policy denies (${v.denied})`, span, atLeast: 'deny' };
  const where = `${src.file}:${src.firstLine + lineAt(src.text, worst.span[0]) - 1}${src.label ? ` (${src.label})` : ''}`;
  const others = found.length - 1 + elsewhere;
  const more = others > 0 ? ` (and ${others} more finding${others > 1 ? 's' : ''} in what it runs)` : '';
  const f: CommandRuleFinding = {
    severity: worst.severity,
    message: `${where} runs \`${snippet(src, worst)}\`: ${worst.message.replace(/\.$/, '')}${more}`,
    span,
  };
  if (worst.suggestion) f.suggestion = worst.suggestion;
  if (worst.target) f.target = worst.target;
  if (worst.atLeast) f.atLeast = worst.atLeast;
  if (v.denied) f.atLeast = 'deny';
  return f;
}

/** A file a command runs that could not be read: a person decides. */
export function unreadable(what: string, why: string, span: Span): CommandRuleFinding {
  return { severity: 'medium', message: `${what} cannot be judged: ${why}`, span, atLeast: 'confirm', suggestion: 'Read it before running it.' };
}

/** Positional parameters a script sees: `1`, `2`, …, `#`, `@`. */
export function positionalEnv(args: readonly Word[]): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = { '#': String(args.length) };
  const texts: string[] = [];
  args.slice(0, 9).forEach((a, i) => {
    if (!a.dynamic) env[String(i + 1)] = a.text;
    texts.push(a.text);
  });
  if (args.every((a) => !a.dynamic)) env['@'] = texts.join(' ');
  return env;
}

/**
 * True when a command before `cmd` in the line writes `file` (`curl -o x.sh … && bash x.sh`,
 * `echo … > x.sh; sh x.sh`, `cp new.sh x.sh && ./x.sh`): what runs is not what is on disk now.
 */
export function writtenEarlier(rc: RuleContext, cmd: SimpleCommand, file: string): boolean {
  return writerOf(rc, cmd, file) !== undefined;
}

/**
 * The last command before `cmd` in the line that writes `file`, with the text it writes when
 * that is known from the line (`echo '…' > x.sh`, `cat <<EOF > x.sh`).
 */
export function writerOf(rc: RuleContext, cmd: SimpleCommand, file: string): { cmd: SimpleCommand; text?: string } | undefined {
  let found: { cmd: SimpleCommand; text?: string } | undefined;
  for (const c of rc.line.commands) {
    if (c.index >= cmd.index) break;
    if (writes(c, cmd, file)) {
      const r = c.redirects.find((x) => x.target && (x.op === '>' || x.op === '>|') && path.basename(x.target.text) === path.basename(file));
      const out = r ? pipeInputOf(c) : undefined;
      found = out && !out.dynamic ? { cmd: c, text: out.text.endsWith('\n') ? out.text : `${out.text}\n` } : { cmd: c };
    }
  }
  return found;
}

const READS_ONLY = new Set(['chmod', 'cat', 'ls', 'test', '[', 'shellcheck', 'head', 'tail', 'less', 'more', 'wc', 'file', 'stat', 'grep', 'diff', 'bat', 'echo']);

function writes(c: SimpleCommand, cmd: SimpleCommand, file: string): boolean {
  const base = path.basename(file);
  const same = (t: string | undefined): boolean => t !== undefined && (t === file || path.basename(t) === base);
  if (c.via.length > cmd.via.length) return false;
  // a wrapper of the command (`poetry run python x.py`) names the file, it does not write it
  if (c.span[0] <= cmd.span[0] && c.span[1] >= cmd.span[1]) return false;
  for (const r of c.redirects) if (r.target && /^(>|>>|>\||&>|&>>)$/.test(r.op) && same(r.target.text)) return true;
  const args = c.args.map((a) => a.text);
  const operands = args.filter((a) => !a.startsWith('-'));
  switch (c.program) {
    case 'tee':
    case 'touch':
      return operands.some(same);
    case 'cp':
    case 'mv':
    case 'install':
    case 'ln':
      return same(operands[operands.length - 1]);
    case 'curl':
    case 'wget': {
      const i = args.findIndex((a) => a === '-o' || a === '--output' || a === '-O' || a === '--output-document');
      if (i >= 0 && same(args[i + 1])) return true;
      return args.some((a) => /^--output(-document)?=/.test(a) && same(a.slice(a.indexOf('=') + 1)));
    }
    case 'sed':
    case 'perl':
      return args.some((a) => /^-[a-zA-Z]*i/.test(a)) && operands.some(same);
    default:
      // a command that only reads or checks the file leaves it as it is; any other command
      // naming it (`git checkout … x.sh`, `patch x.sh`, `python gen.py x.sh`) may change it
      if (READS_ONLY.has(c.program)) return false;
      return args.some((a) => a === file || (a.endsWith('/' + base) && base.length > 2) || a === base);
  }
}
