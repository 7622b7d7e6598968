/**
 * What a tool's fish completions say its options and subcommands do.
 *
 * Many tools have no manual page installed but ship, or are given by fish itself, a completion
 * file whose `complete` lines describe each option and subcommand in a few words:
 * `complete -c zfs -n '__fish_zfs_needs_command' -a destroy -d 'Destroy a dataset'`,
 * `complete -c unrar -n __fish_use_subcommand -a e -d "Extract files to current directory"`.
 * They are read like a manual's entries (./manual.ts): the description of a word the command
 * uses is read for its leading verb. Only the static `complete` lines are read; nothing is run,
 * and a description given by a function (`-a '(__fish_list …)'`) is not read.
 *
 * A description tied to a subcommand (`-n '__fish_seen_subcommand_from destroy'`) speaks only
 * when the command uses that subcommand; one tied to none speaks for the whole tool.
 *
 * Where: fish's own completion path — `~/.config/fish/completions`, `/etc/fish/completions`,
 * `vendor_completions.d` under `~/.local/share/fish` and under each of `XDG_DATA_DIRS`
 * (`/usr/local/share:/usr/share` when unset), then fish's own `completions` folders. The first
 * file found is read, as fish does.
 *
 * Safety: like a manual, a completion only ever adds a finding, so an agent that writes one can
 * at most make the check stricter. Only regular files are opened, without blocking, at most 512 KB.
 */
import * as path from 'node:path';
import { readRegularFile } from '../../safeRead';
import { Lru } from '../fileCache';
import type { RuleContext } from '../rule';
import type { Manual, ManualEntry } from './manual';

const MAX_BYTES = 512 << 10;
/** fish's own completions, where its packages put them (Debian, Homebrew, MacPorts, a source build). */
const FISH_OWN = ['/usr/share/fish/completions', '/usr/local/share/fish/completions', '/opt/homebrew/share/fish/completions', '/opt/local/share/fish/completions'];

/** The folders fish looks in for `PROGRAM.fish`, in its order. */
export function completionRoots(rc: RuleContext): readonly string[] {
  const home = rc.context.home ?? rc.env('HOME');
  const config = rc.env('XDG_CONFIG_HOME');
  const data = rc.env('XDG_DATA_HOME');
  const dirs = rc.env('XDG_DATA_DIRS');
  // (Asked for every command no pack judges: the same few environments, made once each.)
  const key = `${home ?? ''}\0${config ?? ''}\0${data ?? ''}\0${dirs ?? ''}`;
  const made = rootsMade.get(key);
  if (made) return made;
  const abs = (p: string | undefined): p is string => p !== undefined && path.isAbsolute(p);
  const roots: string[] = [];
  if (abs(config)) roots.push(path.join(config, 'fish', 'completions'));
  else if (abs(home)) roots.push(path.join(home, '.config', 'fish', 'completions'));
  roots.push('/etc/fish/completions');
  if (abs(data)) roots.push(path.join(data, 'fish', 'vendor_completions.d'));
  else if (abs(home)) roots.push(path.join(home, '.local', 'share', 'fish', 'vendor_completions.d'));
  for (const d of dirs ? dirs.split(':') : ['/usr/local/share', '/usr/share']) if (abs(d)) roots.push(path.join(d, 'fish', 'vendor_completions.d'));
  roots.push(...FISH_OWN);
  const out = [...new Set(roots)];
  rootsMade.set(key, out);
  return out;
}
const rootsMade = new Lru<string, readonly string[]>(16);

/**
 * The words of one fish command line: quotes removed (`'…'` with `\'` and `\\`, `"…"` with `\"`,
 * `\\`, `\$`), backslash escapes outside quotes, a `#` at a word's start ends the line. Undefined
 * for what this reader does not follow (an unterminated quote).
 */
export function fishWords(line: string): string[] | undefined {
  const words: string[] = [];
  let cur = '';
  let inWord = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (c === ' ' || c === '\t') {
      if (inWord) words.push(cur);
      cur = '';
      inWord = false;
      continue;
    }
    if (c === '#' && !inWord) break;
    // `;` ends the command (`complete … ; or true` is rare; what follows is not this command).
    if (c === ';') break;
    inWord = true;
    if (c === '\\') {
      const n = line[i + 1];
      if (n === undefined) break;
      cur += n === 't' ? '\t' : n === 'n' ? '\n' : n;
      i++;
    } else if (c === "'") {
      const end = indexOfUnescaped(line, "'", i + 1, /['\\]/);
      if (end < 0) return undefined;
      cur += line.slice(i + 1, end).replace(/\\(['\\])/g, '$1');
      i = end;
    } else if (c === '"') {
      const end = indexOfUnescaped(line, '"', i + 1, /["\\$\n]/);
      if (end < 0) return undefined;
      cur += line.slice(i + 1, end).replace(/\\(["\\$\n])/g, '$1');
      i = end;
    } else cur += c;
  }
  if (inWord) words.push(cur);
  return words;
}

/** The closing quote from `from` on, skipping a backslash before a character the quote lets it escape. */
function indexOfUnescaped(s: string, quote: string, from: number, escapable: RegExp): number {
  for (let i = from; i < s.length; i++) {
    const c = s[i]!;
    if (c === '\\' && i + 1 < s.length && escapable.test(s[i + 1]!)) i++;
    else if (c === quote) return i;
  }
  return -1;
}

/** One description, and the subcommand words its condition ties it to (empty: the whole tool). */
interface Described extends ManualEntry {
  under: readonly string[];
}

/** `complete` options that take a value, by letter and by long name. */
const VALUE_LETTERS = 'cpsloadnw';
const VALUE_LONG: Readonly<Record<string, string>> = { command: 'c', path: 'p', 'short-option': 's', 'long-option': 'l', 'old-option': 'o', arguments: 'a', description: 'd', condition: 'n', wraps: 'w' };

/** The options of one `complete` line, by letter; `r` when its option takes a value (`-r`, `-x`). */
function completeOptions(words: readonly string[]): Map<string, string[]> | undefined {
  const got = new Map<string, string[]>();
  const add = (k: string, v: string): void => {
    const list = got.get(k);
    if (list) list.push(v);
    else got.set(k, [v]);
  };
  for (let i = 1; i < words.length; i++) {
    const w = words[i]!;
    if (w.startsWith('--')) {
      const eq = w.indexOf('=');
      const name = w.slice(2, eq < 0 ? undefined : eq);
      const letter = VALUE_LONG[name];
      if (letter) {
        const v = eq < 0 ? words[++i] : w.slice(eq + 1);
        if (v === undefined) return undefined;
        add(letter, v);
      } else if (name === 'require-parameter' || name === 'exclusive') add('r', '');
      continue;
    }
    if (w.startsWith('-') && w.length > 1) {
      for (let k = 1; k < w.length; k++) {
        const letter = w[k]!;
        if (VALUE_LETTERS.includes(letter)) {
          const rest = w.slice(k + 1);
          const v = rest !== '' ? rest : words[++i];
          if (v === undefined) return undefined;
          add(letter, v);
          break;
        }
        if (letter === 'r' || letter === 'x') add('r', '');
      }
      continue;
    }
    // A bare word: `complete foo -s x` names the command without -c.
    if (!got.has('c')) add('c', w);
  }
  return got;
}

/** The subcommand words a condition requires (`__fish_seen_subcommand_from destroy`); none for a negated or general one. */
function conditionWords(condition: string | undefined): string[] {
  if (!condition) return [];
  const tokens = condition.split(/[\s;()'"]+/).filter(Boolean);
  if (tokens.includes('not') || tokens.includes('!')) return [];
  return tokens.filter((t) => /^[a-z][\w-]*$/i.test(t) && !t.startsWith('__') && !/^(?:and|or|test|contains|string|commandline|set|count|return|true|false|begin|end|if|else)$/.test(t)).map((t) => t.toLowerCase());
}

/** Every description in a completion file for `program`, by option or subcommand word. */
export function parseCompletions(source: string, program: string): Map<string, Described[]> {
  const entries = new Map<string, Described[]>();
  const put = (name: string, d: Described): void => {
    const list = entries.get(name);
    if (list) list.push(d);
    else entries.set(name, [d]);
  };
  // Join lines continued with a backslash.
  const lines = source.replace(/\\\r?\n/g, ' ').split('\n');
  for (const raw of lines) {
    const line = raw.trimStart();
    if (!line.startsWith('complete ')) continue;
    const words = fishWords(line);
    if (!words) continue;
    const o = completeOptions(words);
    const says = o?.get('d')?.[0]?.trim();
    if (!o || !says) continue;
    // Descriptions for another command written in the same file (`complete -c foo-bar`).
    if (!(o.get('c') ?? []).some((c) => c === program)) continue;
    const under = conditionWords(o.get('n')?.[0]);
    const takesValue = o.has('r') || (o.has('a') && (o.has('s') || o.has('l') || o.has('o')));
    const options = [...(o.get('s') ?? []).map((s) => `-${s}`), ...(o.get('l') ?? []).map((l) => `--${l}`), ...(o.get('o') ?? []).map((l) => `-${l}`)];
    if (options.length > 0) {
      for (const name of options) put(name, { says, takesValue, under });
      continue;
    }
    // Subcommand words: `-a 'destroy'`, `-a "e x"`; not a function's output or a variable.
    for (const a of o.get('a') ?? []) {
      if (/[($]/.test(a)) continue;
      for (const w of a.split(/\s+/)) if (/^[A-Za-z][\w.:-]*$/.test(w)) put(w.toLowerCase(), { says, takesValue: false, under });
    }
  }
  return entries;
}

/** A word as a regular expression source. */
function literal(w: string): string {
  return w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * A tool's completions as a manual: an entry speaks when its subcommand is among the command's
 * words. A completion file can be large (cargo's is 88 KB), and a command asks about one to three
 * words, so only the `complete` lines that name the word asked about are parsed, once each.
 */
export class CompletionManual implements Manual {
  private readonly known = new Map<string, Described[]>();
  private readonly lines: string;

  constructor(
    readonly page: string,
    source: string,
    private readonly program: string,
  ) {
    // Lines continued with a backslash are one line.
    this.lines = source.replace(/\\\r?\n/g, ' ');
  }

  /** The descriptions of `name`, from the lines that spell it where a `complete` line would. */
  described(name: string): Described[] {
    const got = this.known.get(name);
    if (got) return got;
    const found: Described[] = [];
    let source: string;
    if (name.startsWith('--')) source = `(?:-l|--long-option)[\\s=]+['"]?${literal(name.slice(2))}['"]?(?=[\\s;]|$)`;
    else if (name.startsWith('-')) source = `(?:-[sor]*[so]|--short-option|--old-option)[\\s=]*['"]?${literal(name.slice(1))}['"]?(?=[\\s;]|$)`;
    else source = `(?:^|[\\s'"])${literal(name)}(?=[\\s'"]|$)`;
    const text = this.lines;
    // (Options are case-sensitive, `-P` is not `-p`; subcommand words were lowered.)
    const lineRe = new RegExp(source, name.startsWith('-') ? 'gm' : 'gim');
    let last = -1;
    for (let m = lineRe.exec(text); m; m = lineRe.exec(text)) {
      const start = text.lastIndexOf('\n', m.index) + 1;
      if (start === last) continue;
      last = start;
      const end = text.indexOf('\n', m.index);
      const line = text.slice(start, end < 0 ? undefined : end);
      for (const d of parseCompletions(line, this.program).get(name) ?? []) found.push(d);
      if (found.length >= 16) break;
    }
    this.known.set(name, found);
    return found;
  }

  /** Forgets what was read (the warm-up reads the same file again). */
  forget(): void {
    this.known.clear();
  }

  entry(name: string, words: readonly string[] = []): ManualEntry | undefined {
    const list = this.described(name);
    if (list.length === 0) return undefined;
    // Tied to a subcommand the command uses first (the nearest meaning), then the tool's own.
    const tied = list.find((d) => d.under.length > 0 && d.under.some((u) => words.includes(u)));
    const found = tied ?? list.find((d) => d.under.length === 0);
    return found ? { says: found.says, takesValue: found.takesValue, page: this.page } : undefined;
  }
}

/** The completions of `program` in the first root that has them, or undefined. */
export function readCompletions(program: string, roots: readonly string[]): CompletionManual | undefined {
  for (const root of roots) {
    const file = path.join(root, `${program}.fish`);
    const r = readRegularFile(file, { maxBytes: MAX_BYTES });
    if (!r.ok) {
      if (r.failure === 'missing') continue;
      // fish stops at the first file it finds, readable or not; so does this.
      return undefined;
    }
    const source = r.data.toString('utf8');
    return source.includes('complete') ? new CompletionManual(`${program}'s fish completion`, source, program) : undefined;
  }
  return undefined;
}

/** A small completion file in the forms the reader knows, read by the engine's warm-up (../warmUp.ts). */
export const WARM_UP_COMPLETION = [
  "complete -c w -n '__fish_use_subcommand' -a wipe -d 'Wipe the store'",
  "complete -c w -n '__fish_seen_subcommand_from x' -s e -l erase -d \"Erase every \\\"record\\\"\"",
  'complete -xc w -o old -d Old',
].join('\n');
