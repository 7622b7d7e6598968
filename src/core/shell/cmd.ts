/**
 * cmd.exe command lines → our model. There is no cmd.exe grammar among the tree-sitter grammars
 * we ship, and its syntax is small, so this is a careful tokenizer: `^` escapes the next
 * character outside quotes, `"…"` quotes (the quotes are not part of the word), `&`, `&&`, `||`
 * and `|` join commands, `( … )` groups them, `>`/`>>`/`<`/`2>&1` redirect, `%NAME%` and `!NAME!`
 * expand variables, a leading `@` only hides the echo. `if …` and `for … do` run the command
 * that follows them; `call` and `start` run theirs.
 *
 * Program names compare case-insensitively and without their folder or `.exe`/`.com`/`.bat`/
 * `.cmd` (`"C:\Program Files\Git\bin\git.exe"` → `git`); cmd.exe's built-ins keep their own
 * names (`del`, `rd`, `erase` are not PowerShell's aliases here).
 *
 * A cmd.exe line reaches us as the code of `cmd /c …` / `cmd.exe /k …` (see unwrap.ts), from
 * PowerShell, Git Bash or another cmd.exe.
 */
import { addCommand, type BuildState, type Frame, issue, type MutableCommand } from './build';
import type { Expansion, Joiner, Nesting, PipelinePosition, Redirect, StaticInput, Word } from './model';
import { cmdProgramName, systemFolderProgram } from './normalise';

interface Tok {
  kind: 'word' | 'op' | 'redirect';
  /** For op: `&`, `&&`, `||`, `|`, `(`, `)`; for redirect: the operator (`>`, `>>`, `<`, `2>`, `2>&1`). */
  op?: string;
  word?: Word;
  start: number;
  end: number;
}

const BLANK = new Set([' ', '\t', '\r', '\n', '\f', '\v']);

/** Splits cmd.exe text into words, operators and redirections, with offsets into `code`. */
function tokenize(code: string, frame: Frame): Tok[] {
  const toks: Tok[] = [];
  let i = 0;
  const n = code.length;
  while (i < n) {
    const ch = code[i]!;
    if (BLANK.has(ch)) {
      i++;
      continue;
    }
    if (ch === '&' || ch === '|') {
      const two = code[i + 1] === ch;
      toks.push({ kind: 'op', op: two ? ch + ch : ch, start: i, end: i + (two ? 2 : 1) });
      i += two ? 2 : 1;
      continue;
    }
    if (ch === '(' || ch === ')') {
      toks.push({ kind: 'op', op: ch, start: i, end: i + 1 });
      i++;
      continue;
    }
    const redir = ch === '<' || ch === '>' || (ch >= '0' && ch <= '9' && code[i + 1] === '>') ? /^(?:[0-9]?>>|[0-9]?>&[0-9]|[0-9]?>|<)/.exec(code.slice(i, i + 4)) : null;
    if (redir) {
      const op = redir[0];
      toks.push({ kind: 'redirect', op, start: i, end: i + op.length });
      i += op.length;
      continue;
    }
    // A word: up to a blank or an operator outside quotes.
    const start = i;
    let text = '';
    let quoted = false;
    let inQuote = false;
    const expansions: Expansion[] = [];
    while (i < n) {
      const c = code[i]!;
      if (inQuote) {
        if (c === '"') {
          inQuote = false;
          i++;
          continue;
        }
      } else {
        if (BLANK.has(c) || c === '&' || c === '|' || c === '<' || c === '>' || (c === ')' && text !== '')) break;
        if (c === '(' && text !== '') break;
        if (c === '^') {
          if (i + 1 < n) text += code[i + 1];
          quoted = true;
          i += 2;
          continue;
        }
        if (c === '"') {
          inQuote = true;
          quoted = true;
          i++;
          continue;
        }
      }
      if (c === '%' || c === '!') {
        const m = c === '%' ? /^%(?:~[a-z]*)?[0-9*]|^%([A-Za-z_][A-Za-z0-9_#$'()*+,\-.?@[\]`{}~]*)(?::[^%]*)?%/.exec(code.slice(i)) : /^!([A-Za-z_][A-Za-z0-9_]*)!/.exec(code.slice(i));
        if (m) {
          const e: Expansion = { kind: 'variable', raw: m[0] };
          if (m[1]) e.name = m[1];
          expansions.push(e);
          text += m[0];
          i += m[0].length;
          continue;
        }
      }
      text += c;
      i++;
    }
    if (i === start) {
      i++;
      continue;
    }
    const raw = code.slice(start, i);
    toks.push({
      kind: 'word',
      start,
      end: i,
      word: { text, raw, span: frame.map(start, i), dynamic: expansions.length > 0, glob: /[*?]/.test(text), tilde: false, quoted, expansions },
    });
  }
  return toks;
}

interface Pending {
  words: Word[];
  redirects: Redirect[];
  start: number;
  end: number;
}

class CmdConverter {
  private toks: Tok[] = [];
  private pos = 0;

  constructor(
    private readonly b: BuildState,
    private readonly f: Frame,
  ) {}

  run(code: string): void {
    this.toks = tokenize(code, this.f);
    this.list(this.f.nesting, false);
    if (this.pos < this.toks.length) {
      const t = this.toks[this.pos]!;
      issue(this.b, 'error', 'part of the line could not be parsed', this.f.map(t.start, t.end));
    }
  }

  /** Commands joined by `&`, `&&`, `||`, `|`, until the end or a closing `)`. */
  private list(nest: readonly Nesting[], inGroup: boolean): void {
    let joiner: Joiner | undefined;
    let pipe: Pending[] = [];
    let pipeJoiner: Joiner | undefined;
    const flush = (): void => {
      if (pipe.length === 0) return;
      const id = pipe.length > 1 ? this.b.nextPipelineId++ : -1;
      pipe.forEach((p, k) => this.emit(p, nest, id >= 0 ? { id, index: k, length: pipe.length } : undefined, k === 0 ? pipeJoiner : undefined, k > 0 ? echoed(pipe[k - 1]!) : undefined));
      pipe = [];
    };
    while (this.pos < this.toks.length) {
      const t = this.toks[this.pos]!;
      if (t.kind === 'op') {
        if (t.op === ')') {
          if (inGroup) break;
          this.pos++;
          continue;
        }
        if (t.op === '(') {
          this.pos++;
          flush();
          this.list([...nest, 'group'], true);
          if (this.toks[this.pos]?.op === ')') this.pos++;
          continue;
        }
        this.pos++;
        if (t.op === '|') continue;
        flush();
        joiner = t.op === '&' ? ';' : (t.op as Joiner);
        continue;
      }
      const cmd = this.simple();
      if (!cmd) continue;
      if (pipe.length === 0) pipeJoiner = joiner;
      pipe.push(cmd);
      joiner = undefined;
      const next = this.toks[this.pos];
      if (!(next?.kind === 'op' && next.op === '|')) flush();
    }
    flush();
  }

  /** One command's words and redirections; `if`/`for` heads are consumed and their command read. */
  private simple(): Pending | undefined {
    const words: Word[] = [];
    const redirects: Redirect[] = [];
    let start = -1;
    let end = -1;
    let forSet = 0;
    while (this.pos < this.toks.length) {
      const t = this.toks[this.pos]!;
      if (t.kind === 'op') {
        const inFor = words[0]?.text.toLowerCase() === 'for' && !words.some((w) => w.text.toLowerCase() === 'do');
        if (inFor && (t.op === '(' || (t.op === ')' && forSet > 0))) {
          // the set of `for %i in (a b) do …`
          forSet += t.op === '(' ? 1 : -1;
          this.pos++;
          continue;
        }
        if (t.op === '(' && words.length > 0 && /^(if|else|do)$/i.test(words[words.length - 1]!.text)) break;
        if (t.op === '(' && words.length > 0 && words[0]!.text.toLowerCase() === 'if') {
          // `if exist x ( … )`: the group is the command that runs.
          break;
        }
        if (t.op === '(' && words.length > 0) {
          this.pos++;
          continue;
        }
        break;
      }
      if (start < 0) start = t.start;
      end = t.end;
      this.pos++;
      if (t.kind === 'redirect') {
        const target = this.toks[this.pos]?.kind === 'word' ? this.toks[this.pos]!.word : undefined;
        if (target && !/&/.test(t.op ?? '')) this.pos++;
        const r: Redirect = { op: (t.op ?? '>').replace(/^[0-9]/, ''), span: this.f.map(t.start, target && !/&/.test(t.op ?? '') ? this.toks[this.pos - 1]!.end : t.end) };
        const fd = /^[0-9]/.exec(t.op ?? '');
        if (fd) r.fd = Number(fd[0]);
        if (target && !/&/.test(t.op ?? '')) r.target = target;
        redirects.push(r);
        continue;
      }
      words.push(t.word!);
    }
    const run = this.heads(words);
    if (run.length === 0) return undefined;
    return { words: run, redirects, start, end };
  }

  /**
   * `if [/i] [not] exist X cmd …`, `for … do cmd …`, `call cmd …`, `start ["t"] [/opts] cmd …`,
   * `@cmd`: the words of the command that runs.
   */
  private heads(words: Word[]): Word[] {
    let w = words;
    for (let guard = 0; guard < 8 && w.length > 0; guard++) {
      const first = w[0]!;
      if (first.text.startsWith('@') && first.text.length > 1 && !first.quoted) {
        w = [{ ...first, text: first.text.slice(1), raw: first.raw.slice(1) }, ...w.slice(1)];
        continue;
      }
      const name = first.text.toLowerCase();
      if (name === 'if') {
        let k = 1;
        if (w[k]?.text.toLowerCase() === '/i') k++;
        if (w[k]?.text.toLowerCase() === 'not') k++;
        const kw = w[k]?.text.toLowerCase();
        if (kw === 'exist' || kw === 'defined' || kw === 'errorlevel' || kw === 'cmdextversion') k += 2;
        else if (w[k]?.text.includes('==')) k += 1;
        else if (/^(equ|neq|lss|leq|gtr|geq)$/i.test(w[k + 1]?.text ?? '')) k += 3;
        else if (w[k + 1]?.text === '==') k += 3;
        else k += 1;
        w = w.slice(k);
        continue;
      }
      if (name === 'else') {
        w = w.slice(1);
        continue;
      }
      if (name === 'for') {
        const d = w.findIndex((x) => x.text.toLowerCase() === 'do');
        w = d >= 0 ? w.slice(d + 1) : [];
        continue;
      }
      if (name === 'call') {
        w = w.slice(1);
        continue;
      }
      if (name === 'start') {
        let k = 1;
        if (w[k]?.quoted) k++; // the window title
        while (w[k] && w[k]!.text.startsWith('/')) k += /^\/d$/i.test(w[k]!.text) ? 2 : 1;
        w = w.slice(k);
        continue;
      }
      break;
    }
    // `rd/s/q x`, `dir/w`: cmd.exe ends a built-in's name at `/`.
    const first = w[0];
    if (first && !first.quoted) {
      const m = /^([A-Za-z]+)(\/.+)$/.exec(first.text);
      if (m && !first.text.includes('\\') && !first.text.includes(':')) {
        const cut = m[1]!.length;
        const head: Word = { ...first, text: m[1]!, raw: m[1]!, span: [first.span[0], first.span[0] + cut] };
        const tail: Word = { ...first, text: m[2]!, raw: m[2]!, span: [first.span[0] + cut, first.span[1]] };
        w = [head, tail, ...w.slice(1)];
      }
    }
    return w;
  }

  private emit(p: Pending, nest: readonly Nesting[], pipeline: PipelinePosition | undefined, joinedBy: Joiner | undefined, stdin?: StaticInput): void {
    const name = p.words[0];
    // `%windir%\system32\…\appcmd.exe`: a system folder before a literal program name.
    const known = name?.dynamic ? systemFolderProgram(name) : undefined;
    const program = name ? (known ?? (name.dynamic ? name.text : cmdProgramName(name.text))) : '';
    const cmd: Omit<MutableCommand, 'index'> = {
      program,
      name,
      dynamicName: !!name?.dynamic && known === undefined,
      args: p.words.slice(1),
      assignments: [],
      redirects: p.redirects,
      span: this.f.map(p.start, p.end),
      via: this.f.via,
      nesting: nest,
    };
    if (pipeline) cmd.pipeline = pipeline;
    if (joinedBy) cmd.joinedBy = joinedBy;
    if (stdin) cmd.stdin = stdin;
    if (this.f.remote) cmd.remote = true;
    addCommand(this.b, cmd, this.f);
  }
}

/** What `echo TEXT` writes into a pipe (`echo delete volume=V yes | bconsole`): its words as written; undefined for `echo on|off` or none. */
function echoed(p: Pending): StaticInput | undefined {
  const [name, ...words] = p.words;
  if (!name || !/^echo\.?$/i.test(name.text) || words.length === 0 || /^(?:on|off)$/i.test(words[0]!.text)) return undefined;
  return { kind: 'pipe', text: words.map((w) => w.text).join(' '), span: [words[0]!.span[0], words[words.length - 1]!.span[1]], dynamic: words.some((w) => w.dynamic) };
}

/** Parses cmd.exe code into commands on the state under `frame`. */
export function convertCmd(code: string, frame: Frame, b: BuildState): void {
  new CmdConverter(b, frame).run(code);
}
