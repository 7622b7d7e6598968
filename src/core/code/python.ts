/**
 * Python: the tree-sitter-python tree in the common form, and what Python's standard library
 * (and a few well-known clients) do when called: `os.system`, `subprocess.*`, `shutil.rmtree`,
 * `os.remove`, `pathlib.Path(…).unlink()`, `open(…, 'w')`, `__import__`, `getattr`, `eval`/`exec`.
 */
import type { TNode } from '../shell/tree';
import { argvValue, type Call, type Evaluator, type Profile } from './evaluate';
import type { Expr, Func, Kw, Pattern, Stmt } from './ir';
import { decodeEscapes, fallback, fieldOf, namedChildren, SourceReader, spanOf } from './syntax';
import { concat, dirnameOf, joinPath, str, strOf, unknown, UNKNOWN, type Val } from './values';

// ---------------------------------------------------------------------------------------------
// Tree → common form

const BLOCKS = new Set([
  'module', 'block', 'if_statement', 'elif_clause', 'else_clause', 'while_statement', 'try_statement', 'except_clause',
  'finally_clause', 'class_definition', 'decorated_definition', 'match_statement', 'case_clause', 'with_statement',
  'expression_statement', 'return_statement', 'function_definition', 'for_statement', 'import_statement',
  'import_from_statement', 'future_import_statement', 'global_statement', 'nonlocal_statement', 'delete_statement',
  'raise_statement', 'assert_statement', 'pass_statement', 'print_statement', 'exec_statement',
]);

const NULLS = new Set(['none']);

class PythonReader extends SourceReader {

  stmts(n: TNode): Stmt[] {
    switch (n.type) {
      case 'import_statement': {
        const out: Stmt[] = [];
        for (const c of n.children.filter((x) => x.field === 'name')) {
          if (c.type === 'aliased_import') {
            const path = this.text(fieldOf(c, 'name') ?? c);
            const alias = this.text(fieldOf(c, 'alias') ?? c);
            out.push({ k: 'import', module: path, bind: { name: alias, path }, at: spanOf(n) });
          } else {
            const path = this.text(c);
            const top = path.split('.')[0]!;
            out.push({ k: 'import', module: path, bind: { name: top, path: top }, at: spanOf(n) });
          }
        }
        return out;
      }
      case 'import_from_statement': {
        const mod = fieldOf(n, 'module_name');
        const module = mod ? this.text(mod) : '';
        const names: { name: string; as: string }[] = [];
        let star = false;
        for (const c of n.children) {
          if (c.type === 'wildcard_import') star = true;
          if (c.field !== 'name') continue;
          if (c.type === 'aliased_import') names.push({ name: this.text(fieldOf(c, 'name') ?? c), as: this.text(fieldOf(c, 'alias') ?? c) });
          else names.push({ name: this.text(c), as: this.text(c).split('.').pop()! });
        }
        return [{ k: 'import', module, names, star, at: spanOf(n) }];
      }
      case 'expression_statement':
        return namedChildren(n).flatMap((c) => this.exprStmt(c));
      case 'for_statement': {
        const left = fieldOf(n, 'left');
        const right = fieldOf(n, 'right');
        const body = fieldOf(n, 'body');
        const out: Stmt[] = [{ k: 'for', target: left ? this.pattern(left) : { k: 'none' }, iter: right ? this.expr(right) : { k: 'other', parts: [], at: spanOf(n) }, body: body ? this.stmts(body) : [], at: spanOf(n) }];
        const alt = fieldOf(n, 'alternative');
        if (alt) out.push(...this.stmts(alt));
        return out;
      }
      case 'with_statement': {
        const out: Stmt[] = [];
        for (const clause of n.children.filter((c) => c.type === 'with_clause')) {
          for (const item of clause.children.filter((c) => c.type === 'with_item')) {
            const v = fieldOf(item, 'value') ?? namedChildren(item)[0];
            if (!v) continue;
            if (v.type === 'as_pattern') {
              const [inner, target] = [namedChildren(v)[0], fieldOf(v, 'alias')];
              if (inner) out.push({ k: 'assign', target: target ? this.pattern(namedChildren(target)[0] ?? target) : { k: 'none' }, value: this.expr(inner), at: spanOf(item) });
            } else out.push({ k: 'expr', e: this.expr(v) });
          }
        }
        const body = fieldOf(n, 'body');
        if (body) out.push(...this.stmts(body));
        return out;
      }
      case 'function_definition': {
        const name = fieldOf(n, 'name');
        return [{ k: 'def', name: name ? this.text(name) : '<function>', fn: this.func(fieldOf(n, 'parameters'), fieldOf(n, 'body')), at: spanOf(n) }];
      }
      case 'comment':
        return [];
      default:
        if (BLOCKS.has(n.type) || n.type === 'ERROR') {
          const out: Stmt[] = [];
          for (const c of namedChildren(n)) {
            if (BLOCKS.has(c.type) || c.type === 'ERROR') out.push(...this.stmts(c));
            else if (c.type !== 'identifier' && c.type !== 'dotted_name') out.push({ k: 'expr', e: this.expr(c) });
          }
          return out;
        }
        return [{ k: 'expr', e: this.expr(n) }];
    }
  }

  private exprStmt(n: TNode): Stmt[] {
    if (n.type === 'assignment') {
      const left = fieldOf(n, 'left');
      const right = fieldOf(n, 'right');
      if (!right) return [];
      // a = b = value
      if (right.type === 'assignment') {
        const inner = this.exprStmt(right);
        const last = inner[inner.length - 1];
        if (left && last && last.k === 'assign') inner.push({ k: 'assign', target: this.pattern(left), value: last.value, at: spanOf(n) });
        return inner;
      }
      return [{ k: 'assign', target: left ? this.pattern(left) : { k: 'none' }, value: this.expr(right), at: spanOf(n) }];
    }
    if (n.type === 'augmented_assignment') {
      const left = fieldOf(n, 'left');
      const right = fieldOf(n, 'right');
      const op = fieldOf(n, 'operator');
      if (!left || !right) return [];
      const value: Expr = op && this.text(op) === '+=' ? { k: 'bin', op: '+', l: this.expr(left), r: this.expr(right), at: spanOf(n) } : this.expr(right);
      return [{ k: 'assign', target: this.pattern(left), value, at: spanOf(n) }];
    }
    return [{ k: 'expr', e: this.expr(n) }];
  }

  protected pattern(n: TNode): Pattern {
    if (n.type === 'identifier') return { k: 'name', name: this.text(n) };
    if (n.type === 'pattern_list' || n.type === 'tuple_pattern' || n.type === 'list_pattern' || n.type === 'expression_list' || n.type === 'tuple' || n.type === 'list') {
      return { k: 'items', items: namedChildren(n).map((c) => this.pattern(c)) };
    }
    if (n.type === 'attribute') return { k: 'name', name: this.text(n) };
    return { k: 'none' };
  }

  private func(params: TNode | undefined, body: TNode | undefined): Func {
    const ps: Pattern[] = [];
    for (const p of params ? namedChildren(params) : []) {
      const id = p.type === 'identifier' ? p : (fieldOf(p, 'name') ?? namedChildren(p).find((c) => c.type === 'identifier'));
      ps.push(id ? { k: 'name', name: this.text(id) } : { k: 'none' });
    }
    if (!body) return { params: ps, body: [] };
    const stmts = body.type === 'block' ? this.stmts(body) : [{ k: 'expr' as const, e: this.expr(body) }];
    return { params: ps, body: stmts };
  }

  expr(n: TNode): Expr {
    const at = spanOf(n);
    switch (n.type) {
      case 'string':
        return this.string(n);
      case 'concatenated_string': {
        const parts = namedChildren(n).map((c) => this.string(c));
        return { k: 'tmpl', parts, at };
      }
      case 'integer':
      case 'float':
      case 'true':
      case 'false':
      case 'none':
        return this.constant(n, at, NULLS)!;
      case 'identifier':
        return { k: 'id', name: this.text(n), at };
      case 'attribute': {
        const obj = fieldOf(n, 'object');
        const attr = fieldOf(n, 'attribute');
        if (!obj || !attr) return fallback(this, n, BLOCKS);
        return { k: 'attr', obj: this.expr(obj), name: this.text(attr), at };
      }
      case 'subscript': {
        const value = fieldOf(n, 'value');
        const key = fieldOf(n, 'subscript');
        if (!value || !key) return fallback(this, n, BLOCKS);
        return { k: 'index', obj: this.expr(value), key: this.expr(key), at };
      }
      case 'call': {
        const fn = fieldOf(n, 'function');
        const argList = fieldOf(n, 'arguments');
        if (!fn) return fallback(this, n, BLOCKS);
        const args: Expr[] = [];
        const kw: Kw[] = [];
        if (argList?.type === 'generator_expression') args.push(this.expr(argList));
        else
          for (const a of argList ? namedChildren(argList) : []) {
            if (a.type === 'keyword_argument') {
              const name = fieldOf(a, 'name');
              const value = fieldOf(a, 'value');
              if (name && value) kw.push({ name: this.text(name), value: this.expr(value) });
            } else if (a.type === 'list_splat' || a.type === 'dictionary_splat') {
              const inner = namedChildren(a)[0];
              args.push(inner ? this.expr(inner) : { k: 'other', parts: [], at: spanOf(a) });
            } else args.push(this.expr(a));
          }
        return { k: 'call', fn: this.expr(fn), args, kw, at };
      }
      case 'list':
      case 'tuple':
      case 'set':
      case 'expression_list':
        return { k: 'list', items: namedChildren(n).map((c) => this.expr(c)), at };
      case 'parenthesized_expression': {
        const inner = namedChildren(n)[0];
        return inner ? this.expr(inner) : { k: 'other', parts: [], at };
      }
      case 'dictionary': {
        const entries: { key: string | undefined; value: Expr }[] = [];
        for (const p of namedChildren(n)) {
          if (p.type !== 'pair') continue;
          const k = fieldOf(p, 'key');
          const v = fieldOf(p, 'value');
          const ke = k ? this.expr(k) : undefined;
          if (v) entries.push({ key: ke && ke.k === 'str' ? ke.v : undefined, value: this.expr(v) });
        }
        return { k: 'dict', entries, at };
      }
      case 'binary_operator': {
        const l = fieldOf(n, 'left');
        const r = fieldOf(n, 'right');
        const op = fieldOf(n, 'operator');
        if (!l || !r) return fallback(this, n, BLOCKS);
        const o = op ? this.text(op) : '';
        if (o === '+' || o === '/' ) return { k: 'bin', op: o === '+' ? '+' : 'join', l: this.expr(l), r: this.expr(r), at };
        if (o === '%') return { k: 'bin', op: '%', l: this.expr(l), r: this.expr(r), at };
        return fallback(this, n, BLOCKS);
      }
      case 'list_comprehension':
      case 'generator_expression':
      case 'set_comprehension':
      case 'dictionary_comprehension': {
        // [body for x in it if …] → for x in it: body
        const body = fieldOf(n, 'body');
        const clauses = n.children.filter((c) => c.type === 'for_in_clause');
        let inner: Stmt[] = body ? [{ k: 'expr', e: this.expr(body) }] : [];
        for (let i = clauses.length - 1; i >= 0; i--) {
          const c = clauses[i]!;
          const left = fieldOf(c, 'left');
          const right = fieldOf(c, 'right');
          inner = [{ k: 'for', target: left ? this.pattern(left) : { k: 'none' }, iter: right ? this.expr(right) : { k: 'other', parts: [], at }, body: inner, at: spanOf(c) }];
        }
        return { k: 'other', parts: [], stmts: inner, at };
      }
      case 'lambda':
        return { k: 'func', fn: this.func(fieldOf(n, 'parameters'), fieldOf(n, 'body')), at };
      case 'await':
      case 'named_expression':
      case 'conditional_expression':
      case 'boolean_operator':
      case 'not_operator': {
        // the value of `await x` is x; the others are read for their parts
        if (n.type === 'await') {
          const inner = namedChildren(n)[0];
          if (inner) return this.expr(inner);
        }
        return fallback(this, n, BLOCKS);
      }
      default:
        return fallback(this, n, BLOCKS);
    }
  }

  private string(n: TNode): Expr {
    const at = spanOf(n);
    if (n.type !== 'string') return this.expr(n);
    const startTok = n.children.find((c) => c.type === 'string_start');
    const endTok = n.children.find((c) => c.type === 'string_end');
    const prefix = startTok ? this.text(startTok).replace(/['"]+$/, '').toLowerCase() : '';
    const raw = prefix.includes('r');
    const contentStart = startTok ? startTok.end : n.start;
    const contentEnd = endTok ? endTok.start : n.end;
    const inters = n.children.filter((c) => c.type === 'interpolation');
    if (inters.length === 0) {
      const content = this.src.slice(contentStart, contentEnd);
      const v = raw ? content : decodeEscapes(content);
      return { k: 'str', v, at, inner: [contentStart, contentEnd], exact: v === content };
    }
    const parts: (string | Expr)[] = [];
    let pos = contentStart;
    for (const i of inters) {
      const lit = this.src.slice(pos, i.start).replace(/\{\{/g, '{').replace(/\}\}/g, '}');
      if (lit) parts.push(raw ? lit : decodeEscapes(lit));
      const e = fieldOf(i, 'expression') ?? namedChildren(i)[0];
      parts.push(e ? this.expr(e) : { k: 'other', parts: [], at: spanOf(i) });
      pos = i.end;
    }
    const tail = this.src.slice(pos, contentEnd).replace(/\{\{/g, '{').replace(/\}\}/g, '}');
    if (tail) parts.push(raw ? tail : decodeEscapes(tail));
    return { k: 'tmpl', parts, at };
  }
}

export function pythonToIr(root: TNode, src: string): Stmt[] {
  return new PythonReader(src).stmts(root);
}

// ---------------------------------------------------------------------------------------------
// What Python calls do

const SENSITIVE = /^(os|shutil|subprocess|pathlib|posix|nt|pty|commands|asyncio|importlib|builtins|sh)(\.|$)/;
const SHELL_CALLS = new Set(['os.system', 'os.popen', 'commands.getoutput', 'commands.getstatusoutput', 'subprocess.getoutput', 'subprocess.getstatusoutput', 'asyncio.create_subprocess_shell', 'os.popen2', 'os.popen3', 'os.popen4']);
const SUBPROCESS = new Set(['subprocess.run', 'subprocess.call', 'subprocess.check_call', 'subprocess.check_output', 'subprocess.Popen']);
const TEMP = '/tmp/python-temp';

function arg(c: Call, i: number, name?: string): Val | undefined {
  return (name ? c.kw.get(name) : undefined) ?? c.args[i];
}

function envVar(name: Val | undefined): Val {
  const n = strOf(name);
  return n && /^\w+$/.test(n) ? { t: 'part', pieces: [{ env: n }] } : unknown('an environment variable');
}

function pathOf(v: Val | undefined): Val {
  if (!v) return str('.');
  return v.t === 'path' ? v.p : v;
}

function isWriteMode(m: Val | undefined): boolean {
  const s = strOf(m);
  return s !== undefined && /w/.test(s);
}

/** Module-level functions and classes of the standard library. */
function callPython(q: string, c: Call, ev: Evaluator): Val | undefined {
  if (SHELL_CALLS.has(q)) {
    ev.runShell(c, c.args[0]);
    return unknown(`output of ${q}`);
  }
  if (SUBPROCESS.has(q)) {
    const a = arg(c, 0, 'args');
    if (a?.t === 'list') ev.runArgv(c, a.items);
    else ev.runShell(c, a);
    return unknown(`result of ${q}`);
  }
  if (/^os\.(exec|spawn)[lv]p?e?$/.test(q) || q === 'os.posix_spawn' || q === 'os.posix_spawnp') {
    // os.execv(path, [argv0, args…]); os.execl(path, argv0, arg…); os.spawnv(mode, path, args)
    const isSpawn = q.startsWith('os.spawn');
    const rest = c.args.slice(isSpawn ? 1 : 0);
    const second = rest[1];
    if (second?.t === 'list') ev.runArgv(c, [rest[0] ?? UNKNOWN, ...second.items.slice(1)]);
    else ev.runArgv(c, [rest[0] ?? UNKNOWN, ...rest.slice(2)]);
    return UNKNOWN;
  }
  if (q === 'pty.spawn' || q === 'asyncio.create_subprocess_exec') {
    const a = c.args[0];
    if (a?.t === 'list') ev.runArgv(c, a.items);
    else ev.runArgv(c, c.args);
    return UNKNOWN;
  }
  if (q.startsWith('sh.') && q.split('.').length === 2 && q !== 'sh.Command') {
    // the sh package: sh.rm('-rf', '/x') runs rm
    ev.runArgv(c, [str(q.slice(3)), ...c.args]);
    return UNKNOWN;
  }
  switch (q) {
    case 'shutil.rmtree':
      ev.delete(c, arg(c, 0, 'path'), true);
      return UNKNOWN;
    case 'os.remove':
    case 'os.unlink':
    case 'os.rmdir':
    case 'os.removedirs':
      ev.delete(c, arg(c, 0, 'path'), false);
      return UNKNOWN;
    case 'os.truncate':
      ev.overwrite(c, c.args[0]);
      return UNKNOWN;
    case 'os.rename':
    case 'os.replace':
    case 'os.renames':
    case 'shutil.move':
      ev.move(c, 'move', c.args[0], c.args[1]);
      return UNKNOWN;
    case 'shutil.copy':
    case 'shutil.copy2':
    case 'shutil.copyfile':
      ev.move(c, 'copy', c.args[0], c.args[1]);
      return UNKNOWN;
    case 'open':
    case 'io.open':
    case 'codecs.open':
    case 'builtins.open':
      if (isWriteMode(arg(c, 1, 'mode'))) ev.overwrite(c, c.args[0]);
      return unknown('a file');
    case 'eval':
    case 'exec':
    case 'builtins.eval':
    case 'builtins.exec':
      ev.code(c, c.args[0]);
      return UNKNOWN;
    case 'compile':
      return UNKNOWN;
    case '__import__':
    case 'importlib.import_module':
    case 'builtins.__import__': {
      const m = strOf(c.args[0]);
      if (m) return { t: 'ref', q: m, names: [] };
      ev.dynamic(c, `${q} imports a module whose name is only known when it runs`);
      return unknown('a module');
    }
    case 'getattr':
    case 'builtins.getattr': {
      const obj = c.args[0];
      const name = strOf(c.args[1]);
      if (obj && name !== undefined) return ev.memberOf(obj, name);
      if (obj?.t === 'ref' && SENSITIVE.test(obj.q)) ev.dynamic(c, `getattr picks a member of ${obj.q} by a name only known when it runs`);
      return unknown('an attribute');
    }
    case 'os.path.join':
    case 'posixpath.join':
      return c.args.reduce<Val>((a, b, i) => (i === 0 ? b : joinPath(a, b)), str('.'));
    case 'os.path.expanduser':
    case 'os.path.abspath':
    case 'os.path.realpath':
    case 'os.path.normpath':
    case 'os.path.expandvars':
    case 'os.fspath':
    case 'str':
      return c.args[0] ? pathOf(c.args[0]) : UNKNOWN;
    case 'os.path.dirname':
      return dirnameOf(pathOf(c.args[0]));
    case 'os.getcwd':
      return str('.');
    case 'os.getenv':
    case 'os.environ.get':
      return envVar(c.args[0]);
    case 'tempfile.mkdtemp':
    case 'tempfile.gettempdir':
    case 'tempfile.mktemp':
      return str(TEMP);
    case 'tempfile.TemporaryDirectory':
    case 'tempfile.NamedTemporaryFile':
      return { t: 'path', p: str(TEMP) };
    case 'glob.glob':
    case 'glob.iglob':
      return { t: 'list', items: [c.args[0] ? withGlob(c.args[0]) : UNKNOWN] };
    case 'os.listdir':
    case 'os.scandir':
      return { t: 'list', items: [withGlob(joinPath(pathOf(c.args[0] ?? str('.')), str('*')))] };
    case 'os.walk': {
      const root = joinPath(pathOf(c.args[0] ?? str('.')), str('**'));
      return { t: 'list', items: [{ t: 'list', items: [withGlob(root), unknown('a folder name'), unknown('a file name')] }] };
    }
    case 'pathlib.Path':
    case 'pathlib.PurePath':
    case 'pathlib.PosixPath':
    case 'pathlib.WindowsPath':
    case 'Path':
      return { t: 'path', p: c.args.length ? c.args.reduce<Val>((a, b, i) => (i === 0 ? pathOf(b) : joinPath(a, pathOf(b))), str('.')) : str('.') };
    case 'pathlib.Path.home':
    case 'Path.home':
      return { t: 'path', p: str('~') };
    case 'pathlib.Path.cwd':
    case 'Path.cwd':
      return { t: 'path', p: str('.') };
    case 'send2trash.send2trash':
      return UNKNOWN;
    default:
      return undefined;
  }
}

function withGlob(v: Val): Val {
  if (v.t === 'str') return { ...v, glob: true };
  if (v.t === 'part') return { ...v, glob: true };
  if (v.t === 'path') return withGlob(v.p);
  return v;
}

/** Methods of paths and strings. */
function methodPython(recv: Val, name: string, c: Call, ev: Evaluator): Val | undefined {
  if (recv.t === 'path') {
    const p = recv.p;
    switch (name) {
      case 'unlink':
      case 'rmdir':
        ev.delete(c, p, false);
        return UNKNOWN;
      case 'write_text':
      case 'write_bytes':
        ev.overwrite(c, p);
        return UNKNOWN;
      case 'open':
        if (isWriteMode(arg(c, 0, 'mode'))) ev.overwrite(c, p);
        return unknown('a file');
      case 'rename':
      case 'replace':
        ev.move(c, 'move', p, pathOf(c.args[0]));
        return { t: 'path', p: pathOf(c.args[0]) };
      case 'glob':
        return { t: 'list', items: [{ t: 'path', p: withGlob(joinPath(p, pathOf(c.args[0] ?? str('*')))) }] };
      case 'rglob':
        return { t: 'list', items: [{ t: 'path', p: withGlob(joinPath(joinPath(p, str('**')), pathOf(c.args[0] ?? str('*')))) }] };
      case 'iterdir':
        return { t: 'list', items: [{ t: 'path', p: withGlob(joinPath(p, str('*'))) }] };
      case 'joinpath':
        return { t: 'path', p: c.args.reduce<Val>((a, b) => joinPath(a, pathOf(b)), p) };
      case 'expanduser':
      case 'resolve':
      case 'absolute':
      case 'with_suffix':
        return recv;
      default:
        return undefined;
    }
  }
  if (recv.t === 'str' || recv.t === 'part') {
    if (name === 'format') {
      const s = strOf(recv);
      if (s === undefined) return unknown('formatted text');
      let i = 0;
      const parts: Val[] = [];
      let last = 0;
      for (const m of s.matchAll(/\{(\w*)\}/g)) {
        parts.push(str(s.slice(last, m.index)));
        const k = m[1] ?? '';
        parts.push(k === '' ? (c.args[i++] ?? UNKNOWN) : /^\d+$/.test(k) ? (c.args[Number(k)] ?? UNKNOWN) : (c.kw.get(k) ?? UNKNOWN));
        last = m.index + m[0].length;
      }
      parts.push(str(s.slice(last)));
      return concat(...parts);
    }
    if (name === 'join' && c.args[0]?.t === 'list') {
      const sep = recv;
      const items = c.args[0].items;
      return concat(...items.flatMap((it, i) => (i === 0 ? [it] : [sep, it])));
    }
    if (name === 'strip' || name === 'lstrip' || name === 'rstrip' || name === 'lower' || name === 'encode' || name === 'decode') return recv;
    return undefined;
  }
  if (recv.t === 'unknown' && (name === 'unlink' || name === 'rmdir') && c.args.length === 0) {
    // x.unlink() on a value the code computed: a path we cannot see
    ev.delete(c, recv, false);
    return UNKNOWN;
  }
  if (recv.t === 'dict' && name === 'get') return recv.m.get(strOf(c.args[0]) ?? '') ?? c.args[1] ?? UNKNOWN;
  return undefined;
}

const BUILTINS = new Set(['open', 'eval', 'exec', 'compile', '__import__', 'getattr', 'str', 'print', 'len', 'map', 'list', 'sorted']);

export const PYTHON: Profile = {
  global(name, ev) {
    if (name === '__file__') return ev.options.file ? str(ev.options.file) : unknown('__file__');
    if (BUILTINS.has(name)) return { t: 'ref', q: name, names: [] };
    return undefined;
  },
  module(name) {
    return name;
  },
  memberValue(q, name, ev) {
    // python -c CODE a b: sys.argv is ['-c', a, b]
    if (q === 'sys.argv') return argvValue(ev, name, 1);
    return q === 'os.environ' ? envVar(str(name)) : undefined;
  },
  call(q, c, ev) {
    if (q === 'map' && c.args[0] && c.args[1]) {
      ev.each(c.args[0], c.args[1], c.at);
      return UNKNOWN;
    }
    return callPython(q, c, ev);
  },
  method: methodPython,
  sensitive(q) {
    return SENSITIVE.test(q);
  },
};
