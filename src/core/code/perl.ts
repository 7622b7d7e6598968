/**
 * Perl, read with a careful tokenizer (strings in all their quote-like forms, heredocs, regular
 * expressions, POD, comments), and what its built-ins and File::Path do: `system`, `exec`,
 * backticks and `qx{}`, `open` of a pipe or for writing, `unlink`, `rmdir`, `rmtree`,
 * `remove_tree`, `rename`, `eval STRING`.
 */
import type { Call, Evaluator, Profile } from './evaluate';
import type { CodeSpan, Stmt } from './ir';
import { delimited, interpolate, strTok, type Tok, TokReader, type TokGrammar } from './tokens';
import { str, strOf, unknown, UNKNOWN, type Val } from './values';

const QUOTE_OPS = new Set(['q', 'qq', 'qw', 'qx', 'm', 'qr', 's', 'tr', 'y']);
const REGEX_BEFORE_WORDS = new Set(['split', 'grep', 'map', 'and', 'or', 'not', 'if', 'unless', 'while', 'until', 'return', 'x', 'lt', 'gt', 'le', 'ge', 'eq', 'ne', 'cmp']);

/** Tokens of Perl code. */
export function tokenizePerl(src: string): Tok[] {
  const toks: Tok[] = [];
  let i = 0;
  const heredocs: { term: string; interp: boolean; indent: boolean; tokIndex: number; at: CodeSpan }[] = [];
  const regexAllowed = (): boolean => {
    const p = toks[toks.length - 1];
    if (!p) return true;
    if (p.t === 'op') return !/^[)\]}]$/.test(p.v);
    if (p.t === 'word') return REGEX_BEFORE_WORDS.has(p.v);
    return false;
  };
  const lineStart = (k: number): boolean => k === 0 || src[k - 1] === '\n';
  while (i < src.length) {
    const ch = src[i]!;
    if (ch === '\n') {
      i++;
      // Heredoc bodies start on the next line.
      while (heredocs.length) {
        const h = heredocs.shift()!;
        let j = i;
        let bodyEnd = src.length;
        let next = src.length;
        while (j < src.length) {
          const e = src.indexOf('\n', j);
          const line = src.slice(j, e < 0 ? src.length : e);
          if ((h.indent ? line.trim() : line) === h.term) {
            bodyEnd = j;
            next = e < 0 ? src.length : e + 1;
            break;
          }
          if (e < 0) {
            j = src.length;
            break;
          }
          j = e + 1;
        }
        const inner: CodeSpan = [i, bodyEnd];
        const t = h.interp ? { ...strTok(src, h.at, inner, true), parts: interpolate(src, inner, '$@') } : strTok(src, h.at, inner, false);
        if (t.t === 'str' && !t.parts) delete t.parts;
        toks[h.tokIndex] = t;
        i = next;
      }
      continue;
    }
    if (ch === ' ' || ch === '\t' || ch === '\r') {
      i++;
      continue;
    }
    if (ch === '#') {
      const e = src.indexOf('\n', i);
      i = e < 0 ? src.length : e;
      continue;
    }
    if (ch === '=' && lineStart(i) && /^=[a-zA-Z]/.test(src.slice(i, i + 2))) {
      const cut = src.indexOf('\n=cut', i);
      i = cut < 0 ? src.length : src.indexOf('\n', cut + 1) < 0 ? src.length : src.indexOf('\n', cut + 1);
      continue;
    }
    if (/^__(END|DATA)__\b/.test(src.slice(i, i + 8))) break;
    // heredoc
    const hd = /^<<(~?)(?:"(\w+)"|'(\w+)'|([A-Za-z_]\w*))/.exec(src.slice(i));
    if (hd && regexAllowed()) {
      heredocs.push({ term: hd[2] ?? hd[3] ?? hd[4]!, interp: hd[3] === undefined, indent: hd[1] === '~', tokIndex: toks.length, at: [i, i + hd[0].length] });
      toks.push({ t: 'skip', at: [i, i + hd[0].length] });
      i += hd[0].length;
      continue;
    }
    if (ch === "'") {
      const d = delimited(src, i, "'");
      if (!d) break;
      toks.push(strTok(src, [i, d.end], d.inner, false, /\\(['\\])/g));
      i = d.end;
      continue;
    }
    if (ch === '"' || ch === '`') {
      const d = delimited(src, i, ch);
      if (!d) break;
      const s = strTok(src, [i, d.end], d.inner, true) as Tok & { t: 'str' };
      const parts = interpolate(src, d.inner, '$@');
      if (parts) s.parts = parts;
      toks.push(ch === '`' ? { t: 'shell', body: s, at: [i, d.end] } : s);
      i = d.end;
      continue;
    }
    if (ch === '$' || ch === '@' || ch === '%') {
      const m = /^[$@%](\{\s*\w+\s*\}|#?[A-Za-z_]\w*(?:::\w+)*|::\w+|\d+|[_!@$0&.,;/\\])/.exec(src.slice(i));
      if (m && !(ch === '%' && toks.length && toks[toks.length - 1]!.t !== 'op')) {
        const name = m[1]!.replace(/^\{\s*|\s*\}$/g, '');
        toks.push({ t: 'var', v: `${ch}${name}`, at: [i, i + m[0].length] });
        i += m[0].length;
        // $h{bareword}: the key is a string
        const key = /^\{\s*(\w+)\s*\}/.exec(src.slice(i));
        if (key) {
          toks.push({ t: 'op', v: '{', at: [i, i + 1] });
          const ks = i + key[0].indexOf(key[1]!);
          toks.push({ t: 'str', v: key[1]!, at: [ks, ks + key[1]!.length], inner: [ks, ks + key[1]!.length], exact: true });
          toks.push({ t: 'op', v: '}', at: [i + key[0].length - 1, i + key[0].length] });
          i += key[0].length;
        }
        continue;
      }
    }
    if (/[A-Za-z_]/.test(ch)) {
      const m = /^[A-Za-z_]\w*(?:::\w+)*/.exec(src.slice(i))!;
      const w = m[0];
      const after = src.slice(i + w.length);
      const q = /^\s*([^\w\s=,;)])/.exec(after);
      if (QUOTE_OPS.has(w) && q && q[1] !== '>' && q[1] !== '}' && !/^\s*=>/.test(after) && !(q[0].length > 1 && q[1] === '#')) {
        const open = q[1]!;
        const start = i + w.length + q[0].length - 1;
        const d = delimited(src, start, open);
        if (!d) break;
        let end = d.end;
        if (w === 's' || w === 'tr' || w === 'y') {
          // second part: s{a}{b} or s/a/b/
          if (open === '{' || open === '(' || open === '[' || open === '<') {
            const m2 = /^\s*([^\w\s])/.exec(src.slice(end));
            if (m2) {
              const d2 = delimited(src, end + m2[0].length - 1, m2[1]!);
              end = d2 ? d2.end : end;
            }
          } else {
            const d2 = delimited(src, end - 1, open);
            end = d2 ? d2.end : end;
          }
        }
        while (end < src.length && /[a-z]/.test(src[end]!)) end++;
        const at: CodeSpan = [i, end];
        if (w === 'q') toks.push(strTok(src, at, d.inner, false, /\\(\\|[^\w\s])/g));
        else if (w === 'qq' || w === 'qx') {
          const s = strTok(src, at, d.inner, true) as Tok & { t: 'str' };
          const parts = interpolate(src, d.inner, '$@');
          if (parts) s.parts = parts;
          toks.push(w === 'qx' && open !== "'" ? { t: 'shell', body: s, at } : w === 'qx' ? { t: 'shell', body: strTok(src, at, d.inner, false), at } : s);
        } else if (w === 'qw') {
          const items: Tok[] = [];
          for (const m3 of src.slice(d.inner[0], d.inner[1]).matchAll(/\S+/g)) {
            const s0 = d.inner[0] + m3.index;
            items.push({ t: 'str', v: m3[0], at: [s0, s0 + m3[0].length], inner: [s0, s0 + m3[0].length], exact: true });
          }
          toks.push({ t: 'words', items, at });
        } else toks.push({ t: 'skip', at });
        i = end;
        continue;
      }
      toks.push({ t: 'word', v: w, at: [i, i + w.length] });
      i += w.length;
      continue;
    }
    if (/[0-9]/.test(ch)) {
      const m = /^(0x[0-9a-fA-F_]+|\d[\d_]*(\.\d+)?([eE][-+]?\d+)?)/.exec(src.slice(i))!;
      toks.push({ t: 'num', v: m[0].replace(/_/g, ''), at: [i, i + m[0].length] });
      i += m[0].length;
      continue;
    }
    if (ch === '/' && regexAllowed()) {
      const d = delimited(src, i, '/');
      if (d) {
        let end = d.end;
        while (end < src.length && /[a-z]/.test(src[end]!)) end++;
        toks.push({ t: 'skip', at: [i, end] });
        i = end;
        continue;
      }
    }
    if (ch === '<' && regexAllowed()) {
      const m = /^<([^\s<>]*)>/.exec(src.slice(i));
      if (m) {
        const content = m[1]!;
        const at: CodeSpan = [i, i + m[0].length];
        if (/[*?[]/.test(content) || content.includes('/')) toks.push({ t: 'word', v: 'glob', at }, { t: 'op', v: '(', at }, { t: 'str', v: content, at, inner: [i + 1, i + 1 + content.length], exact: true }, { t: 'op', v: ')', at });
        else toks.push({ t: 'skip', at });
        i += m[0].length;
        continue;
      }
    }
    const op = /^(=>|->|::|\.\.\.|\.\.|\.=|=~|!~|==|!=|<=|>=|&&|\|\||\/\/|\*\*|\+\+|--|\+=|-=|<=>|[-+*/.=<>!&|^~?:,;(){}[\]\\])/.exec(src.slice(i));
    const v = op ? op[0] : ch;
    toks.push({ t: 'op', v, at: [i, i + v.length] });
    i += v.length;
  }
  return toks;
}

const GRAMMAR: TokGrammar = {
  concat: new Set(['.']),
  listOps: new Set(['system', 'exec', 'unlink', 'rmdir', 'rmtree', 'remove_tree', 'open', 'print', 'printf', 'die', 'warn', 'rename', 'glob', 'readpipe', 'eval', 'chdir', 'mkdir', 'require', 'chmod', 'chown', 'utime', 'kill', 'move', 'copy', 'push', 'return']),
  methodOp: '->',
  varName(v) {
    if (v === '$ENV' || v === '%ENV') return 'ENV';
    if (v.startsWith('$ENV{')) return v;
    return v.replace(/^[@%]/, '$');
  },
};

/** Perl statements: `my $x = …`, `$x .= …`, `foreach my $f (…) { … }`; the rest are expressions. */
function perlStatement(r: TokReader): Stmt[] | undefined {
  const t = r.peek();
  if (!t) return undefined;
  if (t.t === 'word' && (t.v === 'use' || t.v === 'no' || t.v === 'package' || t.v === 'require' || t.v === 'BEGIN' || t.v === 'END' || t.v === 'return')) {
    if (t.v === 'require' || t.v === 'return') {
      r.pos++;
      return undefined;
    }
    r.skipStatement();
    return [];
  }
  if (t.t === 'word' && t.v === 'sub') {
    r.pos += r.peek(1)?.t === 'word' ? 2 : 1;
    return [];
  }
  if (t.t === 'word' && (t.v === 'foreach' || t.v === 'for')) {
    let k = 1;
    if (r.isWord('my', k) || r.isWord('our', k)) k++;
    const v = r.peek(k);
    if (v?.t === 'var' && r.isOp('(', k + 1)) {
      r.pos += k + 2;
      const { args } = r.args(')');
      const iter = args.length === 1 ? args[0]! : { k: 'list' as const, items: args, at: v.at };
      const body = blockBody(r);
      return [{ k: 'for', target: { k: 'name', name: GRAMMAR.varName!(v.v) }, iter, body, at: [t.at[0], r.prevEnd()] }];
    }
    return undefined;
  }
  let k = 0;
  if (t.t === 'word' && (t.v === 'my' || t.v === 'our' || t.v === 'local' || t.v === 'state')) k = 1;
  const target = r.peek(k);
  if (target?.t === 'var' && (r.isOp('=', k + 1) || r.isOp('.=', k + 1))) {
    const concat = r.isOp('.=', k + 1);
    r.pos += k + 2;
    const value = r.expr();
    const name = GRAMMAR.varName!(target.v);
    return [{ k: 'assign', target: { k: 'name', name }, value: concat ? { k: 'bin', op: 'join', l: { k: 'id', name, at: target.at }, r: value, at: value.at } : value, at: [target.at[0], value.at[1]] }];
  }
  if (k === 1 && r.isOp('(', 1)) {
    // my ($a, $b) = …;
    r.skipStatement();
    return [];
  }
  if (k === 1) {
    r.pos++;
    return [];
  }
  return undefined;
}

/** The statements of a `{ … }` block at the reader's position (the reader moves past it). */
function blockBody(r: TokReader): Stmt[] {
  if (!r.isOp('{')) return [];
  const start = r.pos + 1;
  let depth = 0;
  let end = start;
  for (let j = r.pos; j < r.toks.length; j++) {
    const x = r.toks[j]!;
    if (x.t !== 'op') continue;
    if (x.v === '{') depth++;
    else if (x.v === '}') {
      depth--;
      if (depth === 0) {
        end = j;
        break;
      }
    }
    end = j + 1;
  }
  const inner = new TokReader(r.toks.slice(start, end), r.g);
  r.pos = end + 1;
  return inner.program(perlStatement);
}

export function perlToIr(src: string): Stmt[] {
  return new TokReader(tokenizePerl(src), GRAMMAR).program(perlStatement);
}

// ---------------------------------------------------------------------------------------------
// What the calls do

function runLike(c: Call, ev: Evaluator): void {
  if (c.args.length > 1) ev.runArgv(c, c.args);
  else if (c.args[0]?.t === 'list') ev.runArgv(c, c.args[0].items);
  else ev.runShell(c, c.args[0]);
}

function flat(vs: readonly Val[]): Val[] {
  return vs.flatMap((v) => (v.t === 'list' ? v.items : [v]));
}

function perlOpen(c: Call, ev: Evaluator): void {
  const [, mode, ...rest] = c.args;
  if (rest.length > 0) {
    const m = strOf(mode)?.trim() ?? '';
    if (m.startsWith('-|') || m.startsWith('|-')) {
      if (rest.length > 1) ev.runArgv(c, rest);
      else ev.runShell(c, rest[0]);
    } else if (/^\+?>(?!>)/.test(m)) ev.overwrite(c, rest[0]);
    return;
  }
  const spec = strOf(mode);
  if (spec === undefined) {
    if (mode && (mode.t === 'part' || mode.t === 'unknown')) {
      const pieces = mode.t === 'part' ? mode.pieces : [];
      const first = typeof pieces[0] === 'string' ? pieces[0].trim() : '';
      if (first.startsWith('|')) ev.runShell(c, { t: 'part', pieces: [first.slice(1), ...pieces.slice(1)] });
    }
    return;
  }
  const s = spec.trim();
  if (s.endsWith('|')) ev.runShell(c, str(s.slice(0, -1).trim()));
  else if (s.startsWith('|')) ev.runShell(c, str(s.slice(1).trim()));
  else if (/^\+?>(?!>)/.test(s)) ev.overwrite(c, str(s.replace(/^\+?>\s*/, '')));
}

function callPerl(q: string, c: Call, ev: Evaluator): Val | undefined {
  const name = q.replace(/^CORE::(GLOBAL::)?/, '');
  switch (name) {
    case 'system':
    case 'exec':
      runLike(c, ev);
      return UNKNOWN;
    case 'readpipe':
      ev.runShell(c, c.args[0]);
      return UNKNOWN;
    case 'open':
      perlOpen(c, ev);
      return UNKNOWN;
    case 'unlink':
    case 'rmdir':
      for (const a of flat(c.args.length ? c.args : [unknown('$_')])) ev.delete(c, a, false);
      return UNKNOWN;
    case 'rmtree':
    case 'remove_tree':
    case 'File::Path::rmtree':
    case 'File::Path::remove_tree':
    case 'File::Path.rmtree':
    case 'File::Path.remove_tree':
    case 'File::Remove::remove':
      for (const a of flat(c.args).filter((v) => v.t !== 'dict')) ev.delete(c, a, true);
      return UNKNOWN;
    case 'rename':
    case 'move':
    case 'File::Copy::move':
      ev.move(c, 'move', c.args[0], c.args[1]);
      return UNKNOWN;
    case 'copy':
    case 'File::Copy::copy':
      ev.move(c, 'copy', c.args[0], c.args[1]);
      return UNKNOWN;
    case 'glob': {
      const p = c.args[0];
      return { t: 'list', items: [p?.t === 'str' ? { ...p, glob: true } : p?.t === 'part' ? { ...p, glob: true } : UNKNOWN] };
    }
    case 'eval':
      if (c.args[0] && (c.args[0].t === 'str' || c.args[0].t === 'part')) ev.code(c, c.args[0]);
      return UNKNOWN;
    case 'tempdir':
    case 'File::Temp::tempdir':
      return str('/tmp/perl-temp');
    default:
      return undefined;
  }
}

export const PERL: Profile = {
  global(name, ev) {
    if (name === 'ENV') return { t: 'ref', q: 'ENV', names: [] };
    if (name === '__FILE__') return ev.options.file ? str(ev.options.file) : unknown('__FILE__');
    const m = /^\$ENV\{(\w+)\}$/.exec(name);
    if (m) return { t: 'part', pieces: [{ env: m[1]! }] };
    if (/^\$\d+$/.test(name) || name === '$_') return unknown(name);
    return undefined;
  },
  module(name) {
    return name;
  },
  memberValue(q, name) {
    return q === 'ENV' && /^\w+$/.test(name) ? { t: 'part', pieces: [{ env: name }] } : undefined;
  },
  call: callPerl,
  sensitive(q) {
    return /^(File::Path|File::Remove|CORE)/.test(q);
  },
  client() {
    return false;
  },
};
