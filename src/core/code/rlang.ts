/**
 * R (Rscript, R -e), read with the configurable tokenizer: `system`, `system2`, `shell`,
 * `unlink(…, recursive = TRUE)`, `file.remove`, `file.rename`, writes over a file
 * (`writeLines`, `cat(file = …)`), and the strings built with `paste`, `paste0`, `file.path`.
 */
import type { Call, Evaluator, Profile } from './evaluate';
import type { CodeSpan, Stmt } from './ir';
import { strTok, tokenizeSimple, TokReader, type SimpleLexer, type Tok, type TokGrammar } from './tokens';
import { concat, isTrue, joinPath, str, strOf, unknown, UNKNOWN, type Val } from './values';

/** Raw strings `r"(…)"`, `R"[…]"`, `r'{…}'`, with dashes. */
function rawString(src: string, i: number): { tok: Tok; end: number } | undefined {
  const m = /^[rR](["'])(-*)([([{])/.exec(src.slice(i));
  if (!m) return undefined;
  const closer = { '(': ')', '[': ']', '{': '}' }[m[3]!]! + m[2]! + m[1]!;
  const e = src.indexOf(closer, i + m[0].length);
  const end = e < 0 ? src.length : e + closer.length;
  const inner: CodeSpan = [i + m[0].length, e < 0 ? src.length : e];
  return { tok: strTok(src, [i, end], inner, false), end };
}

const LEXER: SimpleLexer = {
  lineComments: ['#'],
  quotes: '\'"',
  word: /^(?:[A-Za-z.][\w.]*::?:?)?[A-Za-z.][\w.]*/,
  special: rawString,
  newlines: true,
  ops: /^(<<-|->>|<-|->|%[^%\n]*%|\|>|==|!=|<=|>=|&&|\|\||[-+*/^<>=!&|~?:$@,;(){}[\]])/,
};

const GRAMMAR: TokGrammar = { concat: new Set(), newlineEnds: true };

function rStatement(r: TokReader): Stmt[] | undefined {
  const t = r.peek();
  if (!t) return undefined;
  if (t.t === 'word' && (r.isOp('<-', 1) || r.isOp('=', 1) || r.isOp('<<-', 1))) {
    r.pos += 2;
    const value = r.expr();
    return [{ k: 'assign', target: { k: 'name', name: t.v }, value, at: [t.at[0], value.at[1]] }];
  }
  const start = r.pos;
  const e = r.expr();
  if ((r.isOp('->') || r.isOp('->>')) && r.peek(1)?.t === 'word') {
    const name = (r.peek(1) as { v: string }).v;
    r.pos += 2;
    return [{ k: 'assign', target: { k: 'name', name }, value: e, at: e.at }];
  }
  if (r.pos === start) return undefined;
  return [{ k: 'expr', e }];
}

export function rToIr(src: string): Stmt[] {
  return new TokReader(tokenizeSimple(src, LEXER), GRAMMAR).program(rStatement);
}

function named(c: Call, name: string, i: number): Val | undefined {
  return c.kw.get(name) ?? c.args[i];
}

function callR(q: string, c: Call, ev: Evaluator): Val | undefined {
  const name = q.replace(/^base::|^utils::/, '');
  switch (name) {
    case 'system':
    case 'shell':
      ev.runShell(c, named(c, 'command', 0) ?? named(c, 'cmd', 0));
      return UNKNOWN;
    case 'system2': {
      const args = named(c, 'args', 1);
      ev.runShell(c, concat(named(c, 'command', 0) ?? UNKNOWN, ...(args ? [str(' '), args.t === 'list' ? concat(...args.items.flatMap((a, i) => (i ? [str(' '), a] : [a]))) : args] : [])));
      return UNKNOWN;
    }
    case 'unlink':
      for (const p of listOf(named(c, 'x', 0))) ev.delete(c, p, isTrue(c.kw.get('recursive')));
      return UNKNOWN;
    case 'file.remove':
    case 'fs::file_delete':
      for (const a of c.args) for (const p of listOf(a)) ev.delete(c, p, false);
      return UNKNOWN;
    case 'fs::dir_delete':
      for (const p of listOf(c.args[0])) ev.delete(c, p, true);
      return UNKNOWN;
    case 'file.rename':
      ev.move(c, 'move', c.args[0], c.args[1]);
      return UNKNOWN;
    case 'file.copy':
      if (isTrue(c.kw.get('overwrite'))) ev.move(c, 'copy', c.args[0], c.args[1]);
      return UNKNOWN;
    case 'writeLines':
    case 'write':
    case 'saveRDS':
    case 'write.csv':
    case 'write.table':
    case 'cat': {
      const target = c.kw.get('file') ?? c.kw.get('con') ?? (name === 'writeLines' ? c.args[1] : name === 'write' ? c.args[1] : undefined);
      if (target && !isTrue(c.kw.get('append'))) ev.overwrite(c, target);
      return UNKNOWN;
    }
    case 'file': {
      if (/w/.test(strOf(named(c, 'open', 1)) ?? '')) ev.overwrite(c, named(c, 'description', 0));
      return unknown('a connection');
    }
    case 'list.files':
    case 'dir':
    case 'Sys.glob': {
      const dir = named(c, 'path', 0) ?? str('.');
      return { t: 'list', items: [name === 'Sys.glob' ? withGlob(dir) : withGlob(joinPath(dir, str('*')))] };
    }
    case 'paste0':
      return concat(...c.args);
    case 'paste': {
      const sep = c.kw.get('sep') ?? str(' ');
      return concat(...c.args.flatMap((a, i) => (i ? [sep, a] : [a])));
    }
    case 'file.path':
      return c.args.reduce<Val>((a, b, i) => (i === 0 ? b : joinPath(a, b)), str('.'));
    case 'path.expand':
    case 'normalizePath':
    case 'shQuote':
      return c.args[0] ?? UNKNOWN;
    case 'Sys.getenv': {
      const n = strOf(c.args[0]);
      return n && /^\w+$/.test(n) ? { t: 'part', pieces: [{ env: n }] } : unknown('an environment variable');
    }
    case 'tempdir':
    case 'tempfile':
      return str('/tmp/Rtmp');
    case 'eval':
    case 'parse':
      if (c.kw.get('text')) ev.code(c, c.kw.get('text'));
      return UNKNOWN;
    default:
      return undefined;
  }
}

function listOf(v: Val | undefined): Val[] {
  if (!v) return [];
  return v.t === 'list' ? v.items : [v];
}

function withGlob(v: Val): Val {
  return v.t === 'str' || v.t === 'part' ? { ...v, glob: true } : v;
}

export const R: Profile = {
  global(name) {
    if (name === 'TRUE' || name === 'T') return { t: 'const', v: true };
    if (name === 'FALSE' || name === 'F') return { t: 'const', v: false };
    return undefined;
  },
  module(name) {
    return name;
  },
  call(q, c, ev) {
    if (q === 'c') return { t: 'list', items: c.args };
    return callR(q, c, ev);
  },
  sensitive() {
    return false;
  },
  client() {
    return false;
  },
};
