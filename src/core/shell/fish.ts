/**
 * fish block syntax for the bash grammar. fish lines are parsed with tree-sitter-bash (model.ts);
 * fish's blocks (`function NAME …; …; end`, `if …; end`, `for x in …; end`, `begin; end`,
 * `switch`/`case`, `and`/`or`/`not`) are not bash, and used to make the whole line a parse issue.
 * This pass rewrites the block keywords, at the start of a statement, into text of the same
 * length that bash reads as plain commands (`:` for block openers and `end`, spaces for `if`,
 * `while`, `and`, `or`, `!` for `not`; a command substitution `(cmd)` becomes `` `cmd` ``), so every
 * command in the blocks is judged where it stands,
 * and returns the functions the line defines (their headers and extents) for `ParsedLine.functions`.
 * Spans stay exact because nothing moves.
 */

export interface FishFunction {
  name: string;
  /** Offset of the name in the line. */
  nameStart: number;
  /** The whole definition, `function` to `end` (or the line's end when it is not closed). */
  start: number;
  end: number;
  /** The option that makes the shell run it by itself (`--on-event fish_prompt`, `-v PWD`, …). */
  runsOn?: string;
}

/** `function` options that make fish run the function by itself: on an event, a variable, a signal, a job or process exit. */
const RUNS_ON = /(?:^|\s)(--on-(?:event|variable|signal|job-exit|process-exit)(?:=|\s+)\S+|-[evsjp]\s+\S+)/;

const OPENERS = new Set(['function', 'begin', 'if', 'while', 'for', 'switch']);

/** The line with fish block keywords neutralised, and the functions it defines. */
export function fishToBash(line: string): { text: string; functions: FishFunction[] } {
  const out = line.split('');
  const functions: FishFunction[] = [];
  const blocks: ({ kind: 'function'; fn: FishFunction } | { kind: 'other' })[] = [];
  const blank = (from: number, to: number, lead = ''): void => {
    for (let k = from; k < to; k++) out[k] = k - from < lead.length ? lead[k - from]! : ' ';
  };
  let i = 0;
  let atStart = true;
  while (i < line.length) {
    const ch = line[i]!;
    if (ch === ' ' || ch === '\t') {
      i++;
      continue;
    }
    if (ch === ';' || ch === '\n' || ch === '&' || ch === '|') {
      atStart = true;
      i++;
      continue;
    }
    if (ch === '#' && atStart) {
      while (i < line.length && line[i] !== '\n') i++;
      continue;
    }
    if (atStart) {
      const word = /^[A-Za-z_]+/.exec(line.slice(i))?.[0] ?? '';
      const after = line[i + word.length];
      const isWord = word !== '' && (after === undefined || /[\s;]/.test(after));
      if (isWord && (OPENERS.has(word) || word === 'end' || word === 'else' || word === 'case' || word === 'and' || word === 'or' || word === 'not')) {
        if (word === 'function') {
          const m = /^function\s+([^\s;]+)/.exec(line.slice(i));
          const fn: FishFunction = { name: m?.[1] ?? '', nameStart: m ? i + m[0].length - m[1]!.length : i, start: i, end: line.length };
          // the header to the end of its statement: `:` and spaces (its options are not commands)
          let e = i;
          while (e < line.length && line[e] !== ';' && line[e] !== '\n') e++;
          const runsOn = RUNS_ON.exec(line.slice(i + (m?.[0].length ?? 0), e))?.[1];
          if (runsOn) fn.runsOn = runsOn.replace(/\s+/, ' ');
          blank(i, e, ':');
          if (fn.name) functions.push(fn);
          blocks.push({ kind: 'function', fn });
          i = e;
          continue;
        }
        if (word === 'end') {
          blank(i, i + 3, ':');
          const b = blocks.pop();
          if (b?.kind === 'function') b.fn.end = i + 3;
          i += 3;
          atStart = false;
          continue;
        }
        if (word === 'begin' || word === 'switch' || word === 'for' || word === 'case') {
          blank(i, i + word.length, ':');
          if (word !== 'case') blocks.push({ kind: 'other' });
          i += word.length;
          atStart = false;
          continue;
        }
        if (word === 'not') {
          blank(i, i + 3, '!');
          i += 3;
          continue; // the command follows
        }
        if (word === 'else') {
          // `else` alone is a no-op statement; `else if COND` keeps COND as a command
          const elif = /^else\s+if(?=[\s;])/.exec(line.slice(i));
          if (elif) {
            blank(i, i + elif[0].length);
            i += elif[0].length;
            continue;
          }
          blank(i, i + 4, ':');
          i += 4;
          atStart = false;
          continue;
        }
        // if, while, and, or: the command that follows stands on its own
        if (word === 'if' || word === 'while') blocks.push({ kind: 'other' });
        blank(i, i + word.length);
        i += word.length;
        continue;
      }
    }
    atStart = false;
    // fish's command substitution `(cmd)`: bash's is `` `cmd` `` (same length); nested ones stay
    if (ch === '(' && line[i - 1] !== '$') {
      const close = matchingParen(line, i);
      if (close > 0 && !line.slice(i + 1, close).includes('(')) {
        out[i] = '`';
        out[close] = '`';
        i = close + 1;
        continue;
      }
    }
    // skip a word, honouring quotes and escapes
    if (ch === "'" || ch === '"') {
      let j = i + 1;
      while (j < line.length && line[j] !== ch) j += line[j] === '\\' ? 2 : 1;
      i = j + 1;
      continue;
    }
    i += ch === '\\' ? 2 : 1;
  }
  return { text: out.join(''), functions };
}

/** The `)` that closes the `(` at `open` (quotes honoured), or -1. */
function matchingParen(line: string, open: number): number {
  let depth = 0;
  for (let j = open; j < line.length; j++) {
    const c = line[j];
    if (c === "'" || c === '"') {
      let k = j + 1;
      while (k < line.length && line[k] !== c) k += line[k] === '\\' ? 2 : 1;
      j = k;
      continue;
    }
    if (c === '\\') {
      j++;
      continue;
    }
    if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return j;
  }
  return -1;
}
