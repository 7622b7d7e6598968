/**
 * Shared state for building a `ParsedLine` from one or more syntax trees (the line itself and
 * the strings found inside it: `bash -c '…'`, heredocs, `eval`, interpreter shell-outs).
 */
import type { CodeReader } from '../code/read';
import type { Expansion, FunctionDef, Nesting, ParseIssue, ShellKind, SimpleCommand, Span, StaticInput, Via, Word } from './model';

export type MutableCommand = { -readonly [K in keyof SimpleCommand]: SimpleCommand[K] };

/** Maps `[start, end)` in the text being parsed to a span in the original line. */
export type SpanMap = (start: number, end: number) => Span;

export const identityMap: SpanMap = (s, e) => [s, e];

/** Where a piece of text being parsed sits: its text, how to map spans, what wraps it. */
export interface Frame {
  /** The text the current tree was parsed from. */
  src: string;
  /** The language of `src` (`cmd`: cmd.exe code from `cmd /c …`). */
  language: 'sh' | 'pwsh' | 'cmd';
  map: SpanMap;
  via: readonly Via[];
  nesting: readonly Nesting[];
  /** Nesting depth of strings parsed inside the line (0 for the line). */
  depth: number;
  remote: boolean;
}

export interface BuildState {
  readonly line: string;
  /** Reads interpreter code found in the line (`python -c`, `node -e`, …); without one, such code is kept unread. */
  readonly code?: CodeReader;
  readonly shell: ShellKind;
  readonly commands: MutableCommand[];
  readonly issues: ParseIssue[];
  readonly functions: Map<string, FunctionDef>;
  nextPipelineId: number;
  /** Called for every simple command once built (unwrapping happens here). */
  onCommand(cmd: MutableCommand, frame: Frame): void;
}

/** Adds a command to the line and lets the state unwrap it. Returns it. */
export function addCommand(b: BuildState, cmd: Omit<MutableCommand, 'index'>, frame: Frame): MutableCommand {
  const c = cmd as MutableCommand;
  c.index = b.commands.length;
  b.commands.push(c);
  b.onCommand(c, frame);
  return c;
}

export function issue(b: BuildState, kind: ParseIssue['kind'], message: string, span: Span): void {
  // One issue per span is enough.
  for (const i of b.issues) if (i.span[0] === span[0] && i.span[1] === span[1] && i.kind === kind) return;
  b.issues.push({ kind, message, span });
}

/** A synthetic word (from a split string), with its span. */
export function plainWord(text: string, span: Span, dynamic = false, expansions: readonly Expansion[] = []): Word {
  return { text, raw: text, span, dynamic, glob: false, tilde: false, quoted: false, expansions };
}

/**
 * Readable stdin text from `echo …` / `printf …` on the left of a pipe, also when it passes
 * through `cat` (reading only its input) or `tee` on the way (`printf 'DROP …' | cat | psql`).
 */
export function pipeInputOf(cmd: SimpleCommand | undefined): StaticInput | undefined {
  if (!cmd) return undefined;
  if (cmd.stdin && (cmd.program === 'tee' || (cmd.program === 'cat' && cmd.args.every((a) => a.text === '-' || a.text === '-u')))) return { ...cmd.stdin };
  if (cmd.program !== 'echo' && cmd.program !== 'printf') return undefined;
  let args = cmd.args;
  while (args.length > 0 && cmd.program === 'echo' && /^-[neE]+$/.test(args[0]!.text)) args = args.slice(1);
  if (cmd.program === 'printf' && args.length > 1) {
    // printf FORMAT ARGS: the format is reused until the arguments run out (%s, %d, %b, %%).
    const formatted = printfText(args[0]!.text, args.slice(1).map((a) => a.text));
    if (formatted === undefined) return undefined;
    return { kind: 'pipe', text: formatted, span: [args[0]!.span[0], args[args.length - 1]!.span[1]], dynamic: args.some((a) => a.dynamic) };
  }
  if (args.length === 0) return undefined;
  let text = args.map((a) => a.text).join(' ');
  if (cmd.program === 'printf' || args !== cmd.args) text = text.replace(/\\n/g, '\n').replace(/\\t/g, '\t');
  return {
    kind: 'pipe',
    text,
    span: [args[0]!.span[0], args[args.length - 1]!.span[1]],
    dynamic: args.some((a) => a.dynamic),
  };
}

/** What `printf FORMAT ARGS…` prints, for formats of `%s`, `%d`, `%b` and `%%`; undefined for others. */
export function printfText(format: string, args: readonly string[]): string | undefined {
  const specs = format.match(/%[-+ #0]*\d*(?:\.\d+)?[a-zA-Z%]/g) ?? [];
  if (specs.some((x) => !/[sdbi%]$/.test(x))) return undefined;
  const per = specs.filter((x) => x !== '%%').length;
  const escapes = (t: string): string => t.replace(/\\n/g, '\n').replace(/\\t/g, '\t').replace(/\\\\/g, '\\');
  let out = '';
  let k = 0;
  for (let round = 0; round < 64; round++) {
    out += escapes(format).replace(/%[-+ #0]*\d*(?:\.\d+)?[a-zA-Z%]/g, (m) => (m === '%%' ? '%' : (args[k++] ?? '')));
    if (per === 0 || k >= args.length) break;
  }
  return out;
}
