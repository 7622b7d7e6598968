/**
 * Ruby: the tree-sitter-ruby tree in the common form, and what Ruby's core and standard library
 * do when called: `system`/`exec`/`spawn`, backticks and `%x{}`, `IO.popen`, `Open3.*`,
 * `FileUtils.rm_rf` and friends, `File.delete`, `File.write`, `Pathname#rmtree`, `send(:name)`.
 */
import type { TNode } from '../shell/tree';
import type { Call, Evaluator, Profile } from './evaluate';
import type { Expr, Func, Kw, Pattern, Stmt } from './ir';
import { decodeEscapes, fallback, fieldOf, namedChildren, SourceReader, spanOf } from './syntax';
import { concat, dirnameOf, joinPath, str, strOf, unknown, UNKNOWN, type Val } from './values';

const STATEMENTS = new Set([
  'program', 'body_statement', 'begin', 'then', 'else', 'elsif', 'if', 'unless', 'while', 'until', 'case', 'when', 'in_clause',
  'if_modifier', 'unless_modifier', 'while_modifier', 'until_modifier', 'rescue_modifier', 'rescue', 'ensure', 'class',
  'module', 'singleton_class', 'parenthesized_statements', 'block_body', 'begin_block', 'end_block', 'return', 'next', 'break',
]);

const NULLS = new Set(['nil']);

class RubyReader extends SourceReader {

  stmts(n: TNode): Stmt[] {
    const at = spanOf(n);
    switch (n.type) {
      case 'assignment': {
        const left = fieldOf(n, 'left');
        const right = fieldOf(n, 'right');
        if (!right) return [];
        return [{ k: 'assign', target: left ? this.pattern(left) : { k: 'none' }, value: this.expr(right), at }];
      }
      case 'operator_assignment': {
        const left = fieldOf(n, 'left');
        const right = fieldOf(n, 'right');
        if (!left || !right) return [];
        return [{ k: 'assign', target: this.pattern(left), value: { k: 'bin', op: '+', l: this.expr(left), r: this.expr(right), at }, at }];
      }
      case 'method':
      case 'singleton_method': {
        const name = fieldOf(n, 'name');
        return [{ k: 'def', name: name ? this.text(name) : '<method>', fn: this.func(fieldOf(n, 'parameters'), n.children.filter((c) => c.field === 'body' || (c.named && !['identifier', 'method_parameters', 'constant', 'self'].includes(c.type)))), at }];
      }
      case 'for': {
        const pattern = fieldOf(n, 'pattern');
        const value = fieldOf(n, 'value');
        const body = fieldOf(n, 'body');
        const iter = value ? (namedChildren(value)[0] ?? value) : undefined;
        return [{ k: 'for', target: pattern ? this.pattern(pattern) : { k: 'none' }, iter: iter ? this.expr(iter) : { k: 'other', parts: [], at }, body: body ? this.stmts(body) : [], at }];
      }
      case 'comment':
        return [];
      default:
        if (STATEMENTS.has(n.type) || n.type === 'ERROR' || n.type === 'do') {
          const out: Stmt[] = [];
          for (const c of namedChildren(n)) {
            if (STATEMENTS.has(c.type) || c.type === 'assignment' || c.type === 'operator_assignment' || c.type === 'method' || c.type === 'singleton_method' || c.type === 'for' || c.type === 'ERROR') out.push(...this.stmts(c));
            else if (c.type !== 'constant' && c.type !== 'scope_resolution' && c.type !== 'superclass') out.push({ k: 'expr', e: this.expr(c) });
          }
          return out;
        }
        return [{ k: 'expr', e: this.expr(n) }];
    }
  }

  protected pattern(n: TNode): Pattern {
    if (n.type === 'identifier' || n.type === 'instance_variable' || n.type === 'global_variable' || n.type === 'constant' || n.type === 'class_variable') return { k: 'name', name: this.text(n) };
    if (n.type === 'left_assignment_list' || n.type === 'destructured_left_assignment') return { k: 'items', items: namedChildren(n).map((c) => this.pattern(c)) };
    return { k: 'none' };
  }

  private func(params: TNode | undefined, body: readonly TNode[]): Func {
    const ps: Pattern[] = [];
    for (const p of params ? namedChildren(params) : []) {
      const id = p.type === 'identifier' ? p : (fieldOf(p, 'name') ?? namedChildren(p).find((c) => c.type === 'identifier'));
      ps.push(id ? { k: 'name', name: this.text(id) } : { k: 'none' });
    }
    return { params: ps, body: body.flatMap((b) => (STATEMENTS.has(b.type) ? this.stmts(b) : this.stmts({ ...b, type: b.type }))) };
  }

  private block(n: TNode): Func {
    const params = fieldOf(n, 'parameters');
    const body = fieldOf(n, 'body');
    return this.func(params, body ? [body] : []);
  }

  private args(n: TNode | undefined): { args: Expr[]; kw: Kw[] } {
    const args: Expr[] = [];
    const kw: Kw[] = [];
    for (const a of n ? namedChildren(n) : []) {
      if (a.type === 'pair') {
        const k = fieldOf(a, 'key');
        const v = fieldOf(a, 'value');
        if (k && v) kw.push({ name: this.text(k).replace(/^:|:$/g, ''), value: this.expr(v) });
      } else if (a.type === 'splat_argument' || a.type === 'hash_splat_argument' || a.type === 'block_argument') {
        const inner = namedChildren(a)[0];
        if (inner) args.push(this.expr(inner));
      } else args.push(this.expr(a));
    }
    return { args, kw };
  }

  expr(n: TNode): Expr {
    const at = spanOf(n);
    switch (n.type) {
      case 'string':
      case 'subshell': {
        const e = this.string(n);
        return n.type === 'subshell' ? { k: 'shell', cmd: e, at, how: this.text(n).startsWith('%x') ? '%x{}' : 'backticks' } : e;
      }
      case 'simple_symbol':
        return { k: 'str', v: this.text(n).slice(1), at, inner: [n.start + 1, n.end], exact: true };
      case 'integer':
      case 'float':
      case 'true':
      case 'false':
      case 'nil':
        return this.constant(n, at, NULLS)!;
      case 'identifier':
      case 'constant':
      case 'instance_variable':
      case 'global_variable':
      case 'class_variable':
        return { k: 'id', name: this.text(n), at };
      case 'scope_resolution': {
        const scope = fieldOf(n, 'scope');
        const name = fieldOf(n, 'name');
        if (!name) return fallback(this, n, STATEMENTS);
        return scope ? { k: 'attr', obj: this.expr(scope), name: this.text(name), at } : { k: 'id', name: this.text(name), at };
      }
      case 'call': {
        const recv = fieldOf(n, 'receiver');
        const method = fieldOf(n, 'method');
        const { args, kw } = this.args(fieldOf(n, 'arguments'));
        const blk = fieldOf(n, 'block');
        const name = method ? this.text(method) : 'call';
        const fn: Expr = recv ? { k: 'attr', obj: this.expr(recv), name, at } : { k: 'id', name, at };
        const e: Expr = { k: 'call', fn, args, kw, at };
        if (blk) e.block = this.block(blk);
        return e;
      }
      case 'element_reference': {
        const obj = fieldOf(n, 'object');
        const key = namedChildren(n).filter((c) => c !== obj)[0];
        if (!obj || !key) return fallback(this, n, STATEMENTS);
        return { k: 'index', obj: this.expr(obj), key: this.expr(key), at };
      }
      case 'array':
        return { k: 'list', items: namedChildren(n).map((c) => this.expr(c)), at };
      case 'string_array':
        return { k: 'list', items: namedChildren(n).map((c) => ({ k: 'str', v: this.text(c), at: spanOf(c), inner: spanOf(c), exact: true })), at };
      case 'hash': {
        const entries: { key: string | undefined; value: Expr }[] = [];
        for (const p of namedChildren(n)) {
          if (p.type !== 'pair') continue;
          const k = fieldOf(p, 'key');
          const v = fieldOf(p, 'value');
          if (v) entries.push({ key: k ? this.text(k).replace(/^:|:$/g, '').replace(/^["']|["']$/g, '') : undefined, value: this.expr(v) });
        }
        return { k: 'dict', entries, at };
      }
      case 'binary': {
        const l = fieldOf(n, 'left');
        const r = fieldOf(n, 'right');
        const op = fieldOf(n, 'operator');
        if (l && r && op && this.text(op) === '+') return { k: 'bin', op: '+', l: this.expr(l), r: this.expr(r), at };
        if (l && r && op && this.text(op) === '%') return { k: 'bin', op: '%', l: this.expr(l), r: this.expr(r), at };
        return fallback(this, n, STATEMENTS);
      }
      case 'parenthesized_statements': {
        const inner = namedChildren(n);
        if (inner.length === 1) return this.expr(inner[0]!);
        return { k: 'other', parts: [], stmts: this.stmts(n), at };
      }
      case 'lambda':
      case 'block':
      case 'do_block':
        return { k: 'func', fn: this.block(n), at };
      case 'assignment':
      case 'operator_assignment':
      case 'method':
      case 'if':
      case 'unless':
      case 'while':
      case 'until':
      case 'case':
      case 'begin':
        return { k: 'other', parts: [], stmts: this.stmts(n), at };
      default:
        return fallback(this, n, STATEMENTS);
    }
  }

  private string(n: TNode): Expr {
    const at = spanOf(n);
    const open = n.children[0];
    const close = n.children[n.children.length - 1];
    const cs = open && !open.named ? open.end : n.start;
    const ce = close && !close.named && close !== open ? close.start : n.end;
    const single = this.text(n).startsWith("'") || /^%q/.test(this.text(n));
    const inters = n.children.filter((c) => c.type === 'interpolation');
    if (inters.length === 0) {
      const content = this.src.slice(cs, ce);
      const v = single ? content.replace(/\\(['\\])/g, '$1') : decodeEscapes(content);
      return { k: 'str', v, at, inner: [cs, ce], exact: v === content };
    }
    const parts: (string | Expr)[] = [];
    let pos = cs;
    for (const i of inters) {
      const lit = this.src.slice(pos, i.start);
      if (lit) parts.push(decodeEscapes(lit));
      const inner = namedChildren(i);
      parts.push(inner.length === 1 ? this.expr(inner[0]!) : { k: 'other', parts: inner.map((x) => this.expr(x)), at: spanOf(i) });
      pos = i.end;
    }
    const tail = this.src.slice(pos, ce);
    if (tail) parts.push(decodeEscapes(tail));
    return { k: 'tmpl', parts, at };
  }
}

export function rubyToIr(root: TNode, src: string): Stmt[] {
  return new RubyReader(src).stmts(root);
}

// ---------------------------------------------------------------------------------------------
// What the calls do

const CONSTANTS = new Set(['FileUtils', 'File', 'Dir', 'IO', 'Open3', 'Kernel', 'Process', 'Pathname', 'PTY', 'ENV', 'Tempfile', 'Shellwords', 'Etc']);
const SENSITIVE = /^(FileUtils|File|Dir|IO|Open3|Kernel|Process|Pathname|PTY)(\.|$)/;
const RECURSIVE = new Set(['rm_rf', 'rm_r', 'rmtree', 'remove_dir', 'remove_entry', 'remove_entry_secure', 'remove_tree']);
const ONE = new Set(['rm', 'rm_f', 'remove', 'remove_file', 'safe_unlink', 'rmdir']);

function envVar(name: Val | undefined): Val {
  const n = strOf(name);
  return n && /^\w+$/.test(n) ? { t: 'part', pieces: [{ env: n }] } : unknown('an environment variable');
}

function pathOf(v: Val | undefined): Val {
  if (!v) return UNKNOWN;
  return v.t === 'path' ? v.p : v;
}

/** `system('rm', '-rf', x)` runs argv; `system('rm -rf x')` runs a shell; a leading env hash is skipped. */
function kernelRun(c: Call, ev: Evaluator): void {
  const args = c.args[0]?.t === 'dict' ? c.args.slice(1) : c.args;
  if (args.length > 1) ev.runArgv(c, args);
  else if (args[0]?.t === 'list') ev.runArgv(c, args[0].items);
  else ev.runShell(c, args[0]);
}

function callRuby(q: string, c: Call, ev: Evaluator): Val | undefined {
  const bare = q.replace(/^Kernel\./, '');
  switch (bare) {
    case 'system':
    case 'exec':
    case 'spawn':
    case 'Process.spawn':
    case 'PTY.spawn':
      kernelRun(c, ev);
      return UNKNOWN;
    case '`':
      ev.runShell(c, c.args[0]);
      return UNKNOWN;
    case 'IO.popen':
    case 'Open3.capture2':
    case 'Open3.capture2e':
    case 'Open3.capture3':
    case 'Open3.popen2':
    case 'Open3.popen2e':
    case 'Open3.popen3':
    case 'Open3.pipeline':
      kernelRun(c, ev);
      return unknown('output of a command');
    case 'open': {
      const s = strOf(c.args[0]);
      if (s?.startsWith('|')) ev.runShell(c, str(s.slice(1)));
      else if (/w/.test(strOf(c.args[1]) ?? '')) ev.overwrite(c, c.args[0]);
      return unknown('a file');
    }
    case 'eval':
    case 'instance_eval':
    case 'class_eval':
      ev.code(c, c.args[0]);
      return UNKNOWN;
    case 'require':
    case 'require_relative':
    case 'load': {
      const m = strOf(c.args[0]);
      if (m) ev.imported.add(m);
      return UNKNOWN;
    }
    case 'File.delete':
    case 'File.unlink':
    case 'Dir.delete':
    case 'Dir.rmdir':
    case 'Dir.unlink':
      for (const a of c.args) ev.delete(c, pathOf(a), false);
      return UNKNOWN;
    case 'File.write':
    case 'IO.write':
    case 'File.binwrite':
      if (!/a/.test(strOf(c.kw.get('mode')) ?? '')) ev.overwrite(c, pathOf(c.args[0]));
      return UNKNOWN;
    case 'File.open':
    case 'File.new':
      if (/w/.test(strOf(c.args[1]) ?? '')) ev.overwrite(c, pathOf(c.args[0]));
      return unknown('a file');
    case 'File.truncate':
      ev.overwrite(c, pathOf(c.args[0]));
      return UNKNOWN;
    case 'File.rename':
      ev.move(c, 'move', pathOf(c.args[0]), pathOf(c.args[1]));
      return UNKNOWN;
    case 'File.expand_path':
    case 'File.absolute_path':
    case 'File.realpath':
      return c.args[1] && strOf(c.args[0])?.startsWith('/') !== true ? joinPath(pathOf(c.args[1]), pathOf(c.args[0])) : pathOf(c.args[0]);
    case 'File.join':
      return c.args.reduce<Val>((a, b, i) => (i === 0 ? pathOf(b) : joinPath(a, pathOf(b))), str('.'));
    case 'File.dirname':
      return dirnameOf(pathOf(c.args[0]));
    case 'Dir.home':
      return str('~');
    case 'Dir.pwd':
    case 'Dir.getwd':
      return str('.');
    case 'Dir.tmpdir':
    case 'Dir.mktmpdir':
      return str('/tmp/ruby-temp');
    case 'Dir.glob':
    case 'Dir.[]': {
      const p = pathOf(c.args[0]);
      return { t: 'list', items: [p.t === 'str' ? { ...p, glob: true } : p.t === 'part' ? { ...p, glob: true } : p] };
    }
    case 'Dir.children':
    case 'Dir.entries':
    case 'Dir.each_child':
      return { t: 'list', items: [unknown('a file name')] };
    case 'ENV.fetch':
      return envVar(c.args[0]);
    case 'Pathname.new':
    case 'Pathname':
      return { t: 'path', p: pathOf(c.args[0]) };
    default:
      break;
  }
  // send(:rm_rf, x) / public_send / __send__ on a module: the method named by the symbol.
  const send = /^(.*)\.(send|public_send|__send__)$/.exec(q);
  if (send) {
    const name = strOf(c.args[0]);
    if (name !== undefined) return ev.callRef(`${send[1]}.${name}`, { ...c, args: c.args.slice(1), argExprs: c.argExprs.slice(1) }, []);
    if (SENSITIVE.test(send[1]!)) ev.dynamic(c, `${send[1]} is sent a method name only known when it runs`);
    return UNKNOWN;
  }
  const fu = /^FileUtils\.(\w+)$/.exec(q);
  if (fu) {
    const m = fu[1]!;
    const targets = c.args[0]?.t === 'list' ? c.args[0].items : c.args.slice(0, 1);
    if (RECURSIVE.has(m)) {
      for (const t of targets) ev.delete(c, pathOf(t), true);
      return UNKNOWN;
    }
    if (ONE.has(m)) {
      for (const t of targets) ev.delete(c, pathOf(t), false);
      return UNKNOWN;
    }
    if (m === 'mv' || m === 'move') {
      ev.move(c, 'move', pathOf(c.args[0]), pathOf(c.args[1]));
      return UNKNOWN;
    }
    if (m === 'cp' || m === 'copy' || m === 'install' || m === 'copy_file') {
      ev.move(c, 'copy', pathOf(c.args[0]), pathOf(c.args[1]));
      return UNKNOWN;
    }
    return UNKNOWN;
  }
  return undefined;
}

function methodRuby(recv: Val, name: string, c: Call, ev: Evaluator): Val | undefined {
  if (recv.t === 'path') {
    switch (name) {
      case 'rmtree':
        ev.delete(c, recv.p, true);
        return UNKNOWN;
      case 'delete':
      case 'unlink':
      case 'rmdir':
        ev.delete(c, recv.p, false);
        return UNKNOWN;
      case 'write':
      case 'binwrite':
        ev.overwrite(c, recv.p);
        return UNKNOWN;
      case 'join':
      case '+':
        return { t: 'path', p: c.args.reduce<Val>((a, b) => joinPath(a, pathOf(b)), recv.p) };
      case 'children':
      case 'each_child':
        return { t: 'list', items: [{ t: 'path', p: joinPath(recv.p, str('*')) }] };
      default:
        return undefined;
    }
  }
  if ((name === 'each' || name === 'map' || name === 'each_with_index' || name === 'select') && c.block) {
    ev.each(c.block, recv, c.at);
    return UNKNOWN;
  }
  if (recv.t === 'list' && name === 'join') {
    const sep = c.args[0] ?? str('');
    return concat(...recv.items.flatMap((it, i) => (i === 0 ? [it] : [sep, it])));
  }
  return undefined;
}

export const RUBY: Profile = {
  global(name) {
    if (CONSTANTS.has(name)) return { t: 'ref', q: name, names: [] };
    if (/^[A-Z]/.test(name)) return { t: 'ref', q: name, names: [] };
    if (name === '__dir__') return str('.');
    return undefined;
  },
  module(name) {
    return name;
  },
  memberValue(q, name) {
    if (q === 'ENV') return envVar(str(name));
    // Dir['pattern'] is Dir.glob('pattern')
    if (q === 'Dir' && /[*?[{]/.test(name)) return { t: 'list', items: [str(name, true)] };
    return undefined;
  },
  call: callRuby,
  method: methodRuby,
  sensitive(q) {
    return SENSITIVE.test(q);
  },
  client(root) {
    return !CONSTANTS.has(root) && root !== 'JSON' && root !== 'YAML';
  },
};
