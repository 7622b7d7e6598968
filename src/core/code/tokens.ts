/**
 * A careful tokenizer and a small expression reader for the languages read without a grammar
 * (Perl, Lua, awk, R, AppleScript). They only need to find calls of a few functions, the strings
 * given to them and how those strings are built, and simple assignments; the tokenizer's job is
 * to never mistake the inside of a string, a comment or a regular expression for code.
 *
 * Each language gives its string and comment rules and its small grammar hooks; the reader turns
 * tokens into the common form (./ir.ts).
 */
import type { CodeSpan, Expr, Kw, Stmt } from './ir';
import { decodeEscapes } from './syntax';

export type Tok =
  /** A string literal; `parts` when it interpolates variables (`"rm -rf $dir"`). */
  | { t: 'str'; v: string; at: CodeSpan; inner: CodeSpan; exact: boolean; parts?: (string | Tok)[] }
  /** Text the language runs through a shell (Perl backticks, `qx{}`). */
  | { t: 'shell'; body: Tok; at: CodeSpan }
  /** A list of words (`qw(a b)`). */
  | { t: 'words'; items: Tok[]; at: CodeSpan }
  /** A name: identifier, keyword, qualified name (`File::Path::rmtree`, `file.remove`). */
  | { t: 'word'; v: string; at: CodeSpan }
  /** A variable with a sigil: `$x`, `@x`, `%x` (Perl), `$1` (awk field). */
  | { t: 'var'; v: string; at: CodeSpan }
  | { t: 'num'; v: string; at: CodeSpan }
  | { t: 'op'; v: string; at: CodeSpan }
  /** A regular expression or another literal that holds no code (skipped). */
  | { t: 'skip'; at: CodeSpan };

export interface Scanner {
  src: string;
  i: number;
  toks: Tok[];
}

/** Reads a delimited literal starting at `i` (the opening delimiter): returns the end (after the closer) and the content span. */
export function delimited(src: string, i: number, open: string, backslash = true): { end: number; inner: CodeSpan } | undefined {
  const pairs: Record<string, string> = { '(': ')', '[': ']', '{': '}', '<': '>' };
  const close = pairs[open] ?? open;
  let depth = 1;
  let j = i + 1;
  while (j < src.length) {
    const ch = src[j]!;
    if (ch === '\\' && backslash) {
      j += 2;
      continue;
    }
    if (ch === close && open !== close) {
      depth--;
      if (depth === 0) return { end: j + 1, inner: [i + 1, j] };
    } else if (ch === close) return { end: j + 1, inner: [i + 1, j] };
    else if (ch === open && open !== close) depth++;
    j++;
  }
  return undefined;
}

/** A plain string token for `src[inner]`, decoding backslash escapes when `escapes`. */
export function strTok(src: string, at: CodeSpan, inner: CodeSpan, escapes: boolean, only?: RegExp): Tok {
  const content = src.slice(inner[0], inner[1]);
  const v = escapes ? decodeEscapes(content) : only ? content.replace(only, '$1') : content;
  return { t: 'str', v, at, inner, exact: v === content };
}

/**
 * Splits interpolated text (`"rm -rf $dir/x"`, `"${HOME}/x"`) into literal text and variable
 * tokens. `sigils` are the characters that start a variable.
 */
export function interpolate(src: string, inner: CodeSpan, sigils: string): (string | Tok)[] | undefined {
  const s = src.slice(inner[0], inner[1]);
  if (![...sigils].some((c) => s.includes(c))) return undefined;
  const parts: (string | Tok)[] = [];
  let lit = '';
  let found = false;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    if (ch === '\\' && i + 1 < s.length) {
      lit += decodeEscapes(s.slice(i, i + 2));
      i++;
      continue;
    }
    if (sigils.includes(ch)) {
      const m = /^(\{\s*(\w+)\s*\}|(\w+(?:::\w+)*)(\{\w+\}|\[\d+\])?)/.exec(s.slice(i + 1));
      if (m) {
        if (lit) parts.push(lit);
        lit = '';
        const name = m[2] ?? m[3]!;
        const sub = m[4];
        const at: CodeSpan = [inner[0] + i, inner[0] + i + 1 + m[0].length];
        // $ENV{HOME} inside a string
        if (name === 'ENV' && sub?.startsWith('{')) parts.push({ t: 'var', v: `ENV{${sub.slice(1, -1)}}`, at });
        else parts.push({ t: 'var', v: `${ch}${name}`, at });
        found = true;
        i += m[0].length;
        continue;
      }
    }
    lit += ch;
  }
  if (lit) parts.push(lit);
  return found ? parts : undefined;
}

// ---------------------------------------------------------------------------------------------
// Expressions over tokens

export interface TokGrammar {
  /** Operators that join strings (`.` Perl, `..` Lua, `&` AppleScript). */
  concat: ReadonlySet<string>;
  /** awk: two terms side by side are joined. */
  juxtapose?: boolean;
  /** Names that take arguments without parentheses up to the end of the statement (Perl list operators). */
  listOps?: ReadonlySet<string>;
  /** Statement separators besides `;` (newline for Lua, R, awk, AppleScript). */
  newlineEnds?: boolean;
  /** Method call operator (`->` Perl, `:` Lua, `$` R is not one). */
  methodOp?: string;
  /** Name of a variable token as the evaluator sees it. */
  varName?(v: string): string;
  /** Lua: `f "text"` and `f {…}` are calls with one argument. */
  stringCall?: boolean;
}

/** Reads tokens into statements with a grammar's hooks; languages extend it for their assignments. */
export class TokReader {
  pos = 0;

  constructor(
    readonly toks: readonly Tok[],
    readonly g: TokGrammar,
  ) {}

  peek(k = 0): Tok | undefined {
    return this.toks[this.pos + k];
  }

  isOp(v: string, k = 0): boolean {
    const t = this.peek(k);
    return t?.t === 'op' && t.v === v;
  }

  isWord(v: string, k = 0): boolean {
    const t = this.peek(k);
    return t?.t === 'word' && t.v === v;
  }

  atEnd(): boolean {
    const t = this.peek();
    return !t || (t.t === 'op' && (t.v === ';' || t.v === '}' || (t.v === '\n' && !!this.g.newlineEnds)));
  }

  /** Skips to after the next statement end. */
  skipStatement(): void {
    let depth = 0;
    while (this.pos < this.toks.length) {
      const t = this.toks[this.pos]!;
      if (t.t === 'op') {
        if (t.v === '(' || t.v === '[' || t.v === '{') depth++;
        else if (t.v === ')' || t.v === ']' || t.v === '}') {
          if (depth === 0) return;
          depth--;
        } else if (depth === 0 && (t.v === ';' || (t.v === '\n' && this.g.newlineEnds))) {
          this.pos++;
          return;
        }
      }
      this.pos++;
    }
  }

  /** `expr (, expr)*` until `)`/`]`/`}`/statement end, with `name = value` keyword arguments. */
  args(close?: string): { args: Expr[]; kw: Kw[] } {
    const args: Expr[] = [];
    const kw: Kw[] = [];
    while (this.pos < this.toks.length) {
      this.skipNewlines(close !== undefined);
      if (close && this.isOp(close)) {
        this.pos++;
        break;
      }
      if (!close && (this.atEnd() || this.isStop())) break;
      const t = this.peek();
      if (t?.t === 'word' && (this.isOp('=', 1) || this.isOp('=>', 1)) && close) {
        this.pos += 2;
        kw.push({ name: t.v, value: this.expr() });
      } else {
        const before = this.pos;
        args.push(this.expr());
        if (this.pos === before) this.pos++;
      }
      this.skipNewlines(close !== undefined);
      if (this.isOp(',') || this.isOp('=>')) this.pos++;
      else if (close && !this.isOp(close)) {
        // not a list we understand: skip to the closer
        this.skipTo(close);
        break;
      } else if (!close) break;
    }
    return { args, kw };
  }

  /** Words that end a Perl list operator's arguments (`or die`, `and`, `if`, `unless`). */
  isStop(): boolean {
    const t = this.peek();
    return t?.t === 'word' && /^(or|and|if|unless|while|until|foreach|for|xor)$/.test(t.v);
  }

  skipNewlines(inside: boolean): void {
    while (inside && this.isOp('\n')) this.pos++;
  }

  skipTo(close: string): void {
    let depth = 0;
    while (this.pos < this.toks.length) {
      const t = this.toks[this.pos++]!;
      if (t.t !== 'op') continue;
      if (t.v === '(' || t.v === '[' || t.v === '{') depth++;
      else if (t.v === ')' || t.v === ']' || t.v === '}') {
        if (depth === 0 && t.v === close) return;
        depth--;
        if (depth < 0) return;
      }
    }
  }

  expr(): Expr {
    let left = this.term();
    for (;;) {
      const t = this.peek();
      if (t?.t === 'op' && this.g.concat.has(t.v)) {
        this.pos++;
        const right = this.term();
        left = { k: 'bin', op: 'join', l: left, r: right, at: [left.at[0], right.at[1]] };
        continue;
      }
      if (this.g.juxtapose && t && (t.t === 'str' || t.t === 'var' || t.t === 'num' || (t.t === 'word' && !/^(in|getline)$/.test(t.v)) || (t.t === 'op' && t.v === '('))) {
        const right = this.term();
        left = { k: 'bin', op: 'join', l: left, r: right, at: [left.at[0], right.at[1]] };
        continue;
      }
      if (t?.t === 'op' && /^(\+|-|\*|\/|==|!=|<|>|<=|>=|&&|\|\||\?|:|=~|!~|eq|ne|x)$/.test(t.v) && t.v !== this.g.methodOp) {
        this.pos++;
        const right = this.term();
        left = { k: 'other', parts: [left, right], at: [left.at[0], right.at[1]] };
        continue;
      }
      return left;
    }
  }

  term(): Expr {
    const t = this.peek();
    if (!t) return { k: 'other', parts: [], at: [0, 0] };
    this.pos++;
    switch (t.t) {
      case 'str':
        return this.strExpr(t);
      case 'shell':
        return { k: 'shell', cmd: this.strExpr(t.body), at: t.at, how: 'backticks' };
      case 'words':
        return { k: 'list', items: t.items.map((x) => this.strExpr(x)), at: t.at };
      case 'num':
        return { k: 'const', v: Number(t.v), at: t.at };
      case 'var':
        return this.postfix({ k: 'id', name: this.g.varName ? this.g.varName(t.v) : t.v, at: t.at });
      case 'word': {
        // `my $x` / `local $x` inside an expression (`open(my $fh, …)`): the variable
        if (/^(my|our|local|state)$/.test(t.v) && (this.peek()?.t === 'var' || this.isOp('('))) return this.term();
        let e: Expr = { k: 'id', name: t.v, at: t.at };
        if (this.isOp('(')) {
          this.pos++;
          const { args, kw } = this.args(')');
          e = { k: 'call', fn: e, args, kw, at: [t.at[0], this.prevEnd()] };
        } else if (this.g.stringCall && (this.peek()?.t === 'str' || this.isOp('{'))) {
          const arg = this.term();
          e = { k: 'call', fn: e, args: [arg], kw: [], at: [t.at[0], this.prevEnd()] };
        } else if (this.g.listOps?.has(t.v) && !this.atEnd() && !this.isStop() && !this.isOp(',') && !this.isOp(')')) {
          const { args, kw } = this.args();
          e = { k: 'call', fn: e, args, kw, at: [t.at[0], this.prevEnd()] };
        }
        return this.postfix(e);
      }
      case 'op':
        if (t.v === '(') {
          const { args } = this.args(')');
          return args.length === 1 ? args[0]! : { k: 'list', items: args, at: [t.at[0], this.prevEnd()] };
        }
        if (t.v === '[') {
          const { args } = this.args(']');
          return { k: 'list', items: args, at: [t.at[0], this.prevEnd()] };
        }
        if (t.v === '{') {
          const { args, kw } = this.args('}');
          if (kw.length) return { k: 'dict', entries: kw.map((k) => ({ key: k.name, value: k.value })), at: [t.at[0], this.prevEnd()] };
          return { k: 'list', items: args, at: [t.at[0], this.prevEnd()] };
        }
        if (t.v === '-' || t.v === '!' || t.v === '\\') return this.term();
        return { k: 'other', parts: [], at: t.at };
      default:
        return { k: 'other', parts: [], at: t.at };
    }
  }

  /** `x->method(…)`, `x:method(…)`, `x[i]`, `x{k}`. */
  postfix(e: Expr): Expr {
    for (;;) {
      const m = this.g.methodOp;
      if (m && this.isOp(m) && this.peek(1)?.t === 'word') {
        const name = (this.peek(1) as { v: string }).v;
        this.pos += 2;
        let args: Expr[] = [];
        let kw: Kw[] = [];
        if (this.isOp('(')) {
          this.pos++;
          ({ args, kw } = this.args(')'));
        } else if (this.peek()?.t === 'str') {
          args = [this.term()];
        }
        e = { k: 'call', fn: { k: 'attr', obj: e, name, at: e.at }, args, kw, at: [e.at[0], this.prevEnd()] };
        continue;
      }
      if (this.isOp('[') || (this.isOp('{') && e.k === 'id' && e.name.startsWith('$'))) {
        const close = this.isOp('[') ? ']' : '}';
        this.pos++;
        const { args } = this.args(close);
        e = { k: 'index', obj: e, key: args[0] ?? { k: 'other', parts: [], at: e.at }, at: [e.at[0], this.prevEnd()] };
        continue;
      }
      return e;
    }
  }

  prevEnd(): number {
    return this.toks[this.pos - 1]?.at[1] ?? 0;
  }

  strExpr(t: Tok): Expr {
    if (t.t !== 'str') return { k: 'other', parts: [], at: t.at };
    if (!t.parts) return { k: 'str', v: t.v, at: t.at, inner: t.inner, exact: t.exact };
    return { k: 'tmpl', parts: t.parts.map((p) => (typeof p === 'string' ? p : p.t === 'var' ? { k: 'id' as const, name: this.g.varName ? this.g.varName(p.v) : p.v, at: p.at } : { k: 'other' as const, parts: [], at: p.at })), at: t.at };
  }

  /** Statements until the end of the tokens; `one` reads a language statement or returns undefined to read an expression. */
  program(one: (r: this) => Stmt[] | undefined): Stmt[] {
    const out: Stmt[] = [];
    let guard = 0;
    while (this.pos < this.toks.length && guard++ < 100_000) {
      const t = this.peek()!;
      if (t.t === 'op' && (t.v === ';' || t.v === '\n' || t.v === '{' || t.v === '}' || t.v === ')' || t.v === ',')) {
        this.pos++;
        continue;
      }
      const before = this.pos;
      const s = one(this);
      if (s) out.push(...s);
      else {
        const e = this.expr();
        out.push({ k: 'expr', e });
      }
      if (this.pos === before) this.pos++;
    }
    return out;
  }
}

// ---------------------------------------------------------------------------------------------
// A configurable tokenizer for Lua, awk, R and AppleScript

export interface SimpleLexer {
  /** Line comment starters (`--`, `#`). */
  lineComments: readonly string[];
  /** Block comments: `(* … *)`, `--[[ … ]]`. */
  blockComments?: readonly (readonly [string, string])[];
  /** Quote characters of ordinary strings (with backslash escapes). */
  quotes: string;
  /** A name: `[A-Za-z_]\w*` plus what the language allows (dots in R and Lua qualified names). */
  word: RegExp;
  /** Long or raw strings at `i` (`[[…]]`, `r"(…)"`): the token and where it ends. */
  special?(src: string, i: number): { tok: Tok; end: number } | undefined;
  /** Variables with a sigil (`$1`, `$NF` in awk). */
  sigil?: RegExp;
  /** A `/…/` regular expression may start here (awk). */
  regex?: boolean;
  /** Newlines are tokens (statement ends). */
  newlines: boolean;
  /** Multi-character operators, longest first. */
  ops: RegExp;
}

export function tokenizeSimple(src: string, lx: SimpleLexer): Tok[] {
  const toks: Tok[] = [];
  let i = 0;
  const regexAllowed = (): boolean => {
    const p = toks[toks.length - 1];
    if (!p) return true;
    if (p.t === 'op') return !/^[)\]]$/.test(p.v);
    return p.t === 'word' && /^(print|printf|return|in)$/.test(p.v);
  };
  outer: while (i < src.length) {
    const ch = src[i]!;
    if (ch === '\n') {
      const last = toks[toks.length - 1];
      if (lx.newlines && !(last?.t === 'op' && last.v === '\n')) toks.push({ t: 'op', v: '\n', at: [i, i + 1] });
      i++;
      continue;
    }
    if (ch === ' ' || ch === '\t' || ch === '\r' || ch === '¬') {
      if (ch === '¬') {
        const e = src.indexOf('\n', i);
        i = e < 0 ? src.length : e + 1;
        continue;
      }
      i++;
      continue;
    }
    if (ch === '\\' && src[i + 1] === '\n') {
      i += 2;
      continue;
    }
    for (const [open, close] of lx.blockComments ?? []) {
      if (src.startsWith(open, i)) {
        const e = src.indexOf(close, i + open.length);
        i = e < 0 ? src.length : e + close.length;
        continue outer;
      }
    }
    for (const c of lx.lineComments) {
      if (src.startsWith(c, i)) {
        const e = src.indexOf('\n', i);
        i = e < 0 ? src.length : e;
        continue outer;
      }
    }
    const sp = lx.special?.(src, i);
    if (sp) {
      toks.push(sp.tok);
      i = sp.end;
      continue;
    }
    if (lx.quotes.includes(ch)) {
      const d = delimited(src, i, ch);
      if (!d) break;
      toks.push(strTok(src, [i, d.end], d.inner, true));
      i = d.end;
      continue;
    }
    if (lx.sigil) {
      const m = lx.sigil.exec(src.slice(i));
      if (m) {
        toks.push({ t: 'var', v: m[0], at: [i, i + m[0].length] });
        i += m[0].length;
        continue;
      }
    }
    const w = lx.word.exec(src.slice(i));
    if (w && w[0].length > 0) {
      toks.push({ t: 'word', v: w[0], at: [i, i + w[0].length] });
      i += w[0].length;
      continue;
    }
    if (/[0-9]/.test(ch)) {
      const m = /^\d[\d_]*(\.\d+)?([eE][-+]?\d+)?/.exec(src.slice(i))!;
      toks.push({ t: 'num', v: m[0], at: [i, i + m[0].length] });
      i += m[0].length;
      continue;
    }
    if (ch === '/' && lx.regex && regexAllowed()) {
      const d = delimited(src, i, '/');
      if (d) {
        toks.push({ t: 'skip', at: [i, d.end] });
        i = d.end;
        continue;
      }
    }
    const op = lx.ops.exec(src.slice(i));
    const v = op ? op[0] : ch;
    toks.push({ t: 'op', v, at: [i, i + v.length] });
    i += v.length;
  }
  return toks;
}
