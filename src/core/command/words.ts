/**
 * The words of a command as rules read them: a view of the command after its subcommand words,
 * the values of options in every form, and the span from the command's name to a word.
 * The single-option helpers (`hasFlag`, `flagValue`, `positionals`) are in ./rule.ts.
 */
import type { SimpleCommand, Span, Word } from '../shell/model';
import { valueOptions } from '../shell/normalise';
import { perCommand } from './memo';

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
): { words: readonly string[]; wordsAt: readonly Word[]; rest: SimpleCommand } {
  if (extraValueOptions.length > 0) return split(cmd, depth, extraValueOptions);
  // The plain splits are asked by many rules of the command's program: made once for the command at hand.
  const byDepth = plainSplits(cmd);
  let s = byDepth.get(depth);
  if (!s) {
    const made = split(cmd, depth, extraValueOptions);
    s = Object.freeze({ words: Object.freeze(made.words), wordsAt: Object.freeze(made.wordsAt), rest: Object.freeze(made.rest) });
    byDepth.set(depth, s);
  }
  return s;
}

type Split = { readonly words: readonly string[]; readonly wordsAt: readonly Word[]; readonly rest: SimpleCommand };

const plainSplits = perCommand((_cmd: SimpleCommand) => new Map<number, Split>());

function split(cmd: SimpleCommand, depth: number, extraValueOptions: readonly string[]): { words: string[]; wordsAt: Word[]; rest: SimpleCommand } {
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

/** From the command's name (or the first word given) to the end of `last`. */
export function spanTo(cmd: SimpleCommand, last: { span: Span }, first?: { span: Span }): Span {
  const start = first?.span[0] ?? cmd.name?.span[0] ?? last.span[0];
  return start <= last.span[0] ? [start, last.span[1]] : last.span;
}
