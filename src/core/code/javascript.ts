/**
 * JavaScript and TypeScript (Node.js, Deno, Bun): the tree-sitter tree in the common form, and what
 * the runtimes' APIs do when called: `child_process.*`, `fs.rm*`/`unlink*`/`writeFile*`, `Deno.*`,
 * `Bun.$`/`Bun.spawn`, and the usual helpers (fs-extra, rimraf, del, execa, zx, shelljs).
 */
import type { TNode } from '../shell/tree';
import { argvValue, type Call, type Evaluator, type Profile } from './evaluate';
import type { Expr, Func, Kw, Pattern, Stmt } from './ir';
import { decodeEscapes, fallback, fieldOf, namedChildren, SourceReader, spanOf } from './syntax';
import { concat, dirnameOf, isTrue, joinPath, str, strOf, unknown, UNKNOWN, type Val } from './values';

// ---------------------------------------------------------------------------------------------
// Tree → common form

const STATEMENTS = new Set([
  'program', 'statement_block', 'expression_statement', 'lexical_declaration', 'variable_declaration', 'import_statement',
  'export_statement', 'if_statement', 'else_clause', 'for_statement', 'for_in_statement', 'while_statement', 'do_statement',
  'try_statement', 'catch_clause', 'finally_clause', 'switch_statement', 'switch_body', 'switch_case', 'switch_default',
  'return_statement', 'throw_statement', 'function_declaration', 'generator_function_declaration', 'class_declaration',
  'class_body', 'method_definition', 'labeled_statement', 'empty_statement', 'debugger_statement', 'break_statement',
  'continue_statement', 'module', 'internal_module', 'ambient_declaration', 'interface_declaration', 'type_alias_declaration',
  'enum_declaration', 'hash_bang_line',
]);

const NULLS = new Set(['null', 'undefined']);

class JsReader extends SourceReader {

  stmts(n: TNode): Stmt[] {
    const at = spanOf(n);
    switch (n.type) {
      case 'lexical_declaration':
      case 'variable_declaration': {
        const out: Stmt[] = [];
        for (const d of n.children.filter((c) => c.type === 'variable_declarator')) {
          const name = fieldOf(d, 'name');
          const value = fieldOf(d, 'value');
          if (name && value) out.push({ k: 'assign', target: this.pattern(name), value: this.expr(value), at: spanOf(d) });
        }
        return out;
      }
      case 'import_statement': {
        const source = fieldOf(n, 'source');
        const module = source ? this.stringValue(source) : '';
        const names: { name: string; as: string }[] = [];
        let bind: { name: string; path: string } | undefined;
        const clause = n.children.find((c) => c.type === 'import_clause');
        for (const c of clause ? namedChildren(clause) : []) {
          if (c.type === 'identifier') names.push({ name: 'default', as: this.text(c) });
          else if (c.type === 'namespace_import') {
            const id = namedChildren(c).find((x) => x.type === 'identifier');
            if (id) bind = { name: this.text(id), path: module };
          } else if (c.type === 'named_imports') {
            for (const s of c.children.filter((x) => x.type === 'import_specifier')) {
              const nm = fieldOf(s, 'name');
              const alias = fieldOf(s, 'alias');
              if (nm) names.push({ name: this.text(nm).replace(/^['"]|['"]$/g, ''), as: this.text(alias ?? nm) });
            }
          }
        }
        const s: Stmt = { k: 'import', module, names, at };
        if (bind) s.bind = bind;
        return [s];
      }
      case 'function_declaration':
      case 'generator_function_declaration': {
        const name = fieldOf(n, 'name');
        return [{ k: 'def', name: name ? this.text(name) : '<function>', fn: this.func(n), at }];
      }
      case 'method_definition':
        return [{ k: 'def', name: '<method>', fn: this.func(n), at }];
      case 'for_in_statement': {
        const left = fieldOf(n, 'left');
        const right = fieldOf(n, 'right');
        const body = fieldOf(n, 'body');
        const op = fieldOf(n, 'operator');
        const of = op ? this.text(op) === 'of' : true;
        return [{ k: 'for', target: left && of ? this.pattern(left) : { k: 'none' }, iter: right ? this.expr(right) : { k: 'other', parts: [], at }, body: body ? this.stmts(body) : [], at }];
      }
      case 'expression_statement': {
        const out: Stmt[] = [];
        for (const c of namedChildren(n)) {
          if (c.type === 'assignment_expression') {
            const left = fieldOf(c, 'left');
            const right = fieldOf(c, 'right');
            if (left && right) out.push({ k: 'assign', target: this.pattern(left), value: this.expr(right), at: spanOf(c) });
          } else out.push({ k: 'expr', e: this.expr(c) });
        }
        return out;
      }
      case 'comment':
      case 'hash_bang_line':
        return [];
      default:
        if (STATEMENTS.has(n.type) || n.type === 'ERROR') {
          const out: Stmt[] = [];
          for (const c of namedChildren(n)) {
            if (STATEMENTS.has(c.type) || c.type === 'ERROR') out.push(...this.stmts(c));
            else if (c.type !== 'identifier' && c.type !== 'statement_identifier' && c.type !== 'property_identifier' && c.type !== 'type_identifier') out.push({ k: 'expr', e: this.expr(c) });
          }
          return out;
        }
        return [{ k: 'expr', e: this.expr(n) }];
    }
  }

  protected pattern(n: TNode): Pattern {
    switch (n.type) {
      case 'identifier':
      case 'shorthand_property_identifier_pattern':
        return { k: 'name', name: this.text(n) };
      case 'object_pattern': {
        const props: { key: string; target: Pattern }[] = [];
        for (const c of namedChildren(n)) {
          if (c.type === 'shorthand_property_identifier_pattern') props.push({ key: this.text(c), target: { k: 'name', name: this.text(c) } });
          else if (c.type === 'pair_pattern') {
            const key = fieldOf(c, 'key');
            const value = fieldOf(c, 'value');
            if (key && value) props.push({ key: this.propName(key), target: this.pattern(value) });
          } else if (c.type === 'object_assignment_pattern') {
            const left = fieldOf(c, 'left');
            if (left) props.push({ key: this.text(left), target: this.pattern(left) });
          }
        }
        return { k: 'props', props };
      }
      case 'array_pattern':
        return { k: 'items', items: namedChildren(n).map((c) => this.pattern(c)) };
      case 'assignment_pattern': {
        const left = fieldOf(n, 'left');
        return left ? this.pattern(left) : { k: 'none' };
      }
      case 'required_parameter':
      case 'optional_parameter': {
        const p = fieldOf(n, 'pattern');
        return p ? this.pattern(p) : { k: 'none' };
      }
      default:
        return { k: 'none' };
    }
  }

  private propName(n: TNode): string {
    if (n.type === 'string') return this.stringValue(n);
    return this.text(n);
  }

  private func(n: TNode): Func {
    const params: Pattern[] = [];
    const single = fieldOf(n, 'parameter');
    if (single) params.push(this.pattern(single));
    const list = fieldOf(n, 'parameters');
    for (const p of list ? namedChildren(list) : []) params.push(this.pattern(p));
    const body = fieldOf(n, 'body');
    if (!body) return { params, body: [] };
    return { params, body: body.type === 'statement_block' ? this.stmts(body) : [{ k: 'expr', e: this.expr(body) }] };
  }

  private stringValue(n: TNode): string {
    const e = this.expr(n);
    return e.k === 'str' ? e.v : this.text(n);
  }

  private args(n: TNode | undefined): { args: Expr[]; kw: Kw[] } {
    if (!n) return { args: [], kw: [] };
    if (n.type === 'template_string') return { args: [this.expr(n)], kw: [] };
    const args: Expr[] = [];
    for (const a of namedChildren(n)) {
      if (a.type === 'spread_element') {
        const inner = namedChildren(a)[0];
        if (inner) args.push(this.expr(inner));
      } else args.push(this.expr(a));
    }
    return { args, kw: [] };
  }

  expr(n: TNode): Expr {
    const at = spanOf(n);
    switch (n.type) {
      case 'string': {
        const open = n.children[0];
        const close = n.children[n.children.length - 1];
        const s = open && open !== close ? open.end : n.start + 1;
        const e = close && open !== close ? close.start : n.end - 1;
        const content = this.src.slice(s, e);
        const v = decodeEscapes(content);
        return { k: 'str', v, at, inner: [s, e], exact: v === content };
      }
      case 'template_string': {
        const parts: (string | Expr)[] = [];
        let pos = n.start + 1;
        for (const c of n.children) {
          if (c.type !== 'template_substitution') continue;
          const lit = this.src.slice(pos, c.start);
          if (lit) parts.push(decodeEscapes(lit));
          const inner = namedChildren(c)[0];
          parts.push(inner ? this.expr(inner) : { k: 'other', parts: [], at: spanOf(c) });
          pos = c.end;
        }
        const tail = this.src.slice(pos, Math.max(pos, n.end - 1));
        if (tail) parts.push(decodeEscapes(tail));
        if (parts.every((p) => typeof p === 'string')) {
          const content = this.src.slice(n.start + 1, n.end - 1);
          const v = parts.join('');
          return { k: 'str', v, at, inner: [n.start + 1, n.end - 1], exact: v === content };
        }
        return { k: 'tmpl', parts, at };
      }
      case 'number':
      case 'true':
      case 'false':
      case 'null':
      case 'undefined':
        return this.constant(n, at, NULLS)!;
      case 'identifier':
      case 'shorthand_property_identifier':
        return { k: 'id', name: this.text(n), at };
      case 'this':
        return { k: 'id', name: 'this', at };
      case 'import':
        return { k: 'id', name: 'import', at };
      case 'member_expression': {
        const obj = fieldOf(n, 'object');
        const prop = fieldOf(n, 'property');
        if (!obj || !prop) return fallback(this, n, STATEMENTS);
        if (obj.type === 'import' || this.text(obj) === 'import.meta') return { k: 'id', name: `import.meta.${this.text(prop)}`, at };
        return { k: 'attr', obj: this.expr(obj), name: this.text(prop).replace(/^#/, ''), at };
      }
      case 'subscript_expression': {
        const obj = fieldOf(n, 'object');
        const index = fieldOf(n, 'index');
        if (!obj || !index) return fallback(this, n, STATEMENTS);
        return { k: 'index', obj: this.expr(obj), key: this.expr(index), at };
      }
      case 'call_expression': {
        const fn = fieldOf(n, 'function');
        const argNode = fieldOf(n, 'arguments');
        if (!fn) return fallback(this, n, STATEMENTS);
        const { args, kw } = this.args(argNode);
        const e: Expr = { k: 'call', fn: this.expr(fn), args, kw, at };
        if (argNode?.type === 'template_string') e.tagged = true;
        return e;
      }
      case 'new_expression': {
        const ctor = fieldOf(n, 'constructor');
        if (!ctor) return fallback(this, n, STATEMENTS);
        const { args, kw } = this.args(fieldOf(n, 'arguments'));
        return { k: 'call', fn: this.expr(ctor), args, kw, at };
      }
      case 'await_expression':
      case 'parenthesized_expression':
      case 'non_null_expression':
      case 'as_expression':
      case 'satisfies_expression':
      case 'type_assertion': {
        const inner = namedChildren(n).find((c) => !/type|predefined/.test(c.type));
        return inner ? this.expr(inner) : { k: 'other', parts: [], at };
      }
      case 'binary_expression': {
        const l = fieldOf(n, 'left');
        const r = fieldOf(n, 'right');
        const op = fieldOf(n, 'operator');
        if (l && r && op && this.text(op) === '+') return { k: 'bin', op: '+', l: this.expr(l), r: this.expr(r), at };
        return fallback(this, n, STATEMENTS);
      }
      case 'array':
        return { k: 'list', items: namedChildren(n).map((c) => this.expr(c.type === 'spread_element' ? (namedChildren(c)[0] ?? c) : c)), at };
      case 'object': {
        const entries: { key: string | undefined; value: Expr }[] = [];
        for (const c of namedChildren(n)) {
          if (c.type === 'pair') {
            const key = fieldOf(c, 'key');
            const value = fieldOf(c, 'value');
            if (value) entries.push({ key: key && key.type !== 'computed_property_name' ? this.propName(key) : undefined, value: this.expr(value) });
          } else if (c.type === 'shorthand_property_identifier') entries.push({ key: this.text(c), value: { k: 'id', name: this.text(c), at: spanOf(c) } });
          else entries.push({ key: undefined, value: this.expr(c) });
        }
        return { k: 'dict', entries, at };
      }
      case 'arrow_function':
      case 'function_expression':
      case 'function':
      case 'generator_function':
        return { k: 'func', fn: this.func(n), at };
      case 'assignment_expression':
        return this.assignmentExpr(n, at, STATEMENTS);
      default:
        return fallback(this, n, STATEMENTS);
    }
  }
}

export function javascriptToIr(root: TNode, src: string): Stmt[] {
  return new JsReader(src).stmts(root);
}

// ---------------------------------------------------------------------------------------------
// What the calls do

const NODE_BUILTINS = new Set(['fs', 'child_process', 'os', 'path', 'vm', 'process', 'util', 'url', 'crypto']);
const SENSITIVE = /^(fs|fs-extra|child_process|Deno|Bun|shelljs|execa|zx|rimraf|del|vm)(\.|$)/;
const CORE = new Set(['fs', 'fs-extra', 'child_process', 'os', 'path', 'process', 'util', 'url', 'crypto', 'Deno', 'Bun', 'console', 'JSON', 'Math', 'Object', 'Array', 'Promise', 'vm', 'shelljs', 'execa', 'zx']);

function modName(name: string): string {
  let m = name.replace(/^node:/, '');
  if (m === 'fs/promises' || m === 'graceful-fs') m = 'fs';
  if (m === 'child_process/promises') m = 'child_process';
  if (m === 'bun') m = 'Bun';
  if (m === 'zx/globals') m = 'zx';
  if (m === 'execa' || m === 'zx' || m === 'shelljs' || m === 'rimraf' || m === 'del') return m;
  return m;
}

function envVar(name: Val | undefined): Val {
  const n = strOf(name);
  return n && /^\w+$/.test(n) ? { t: 'part', pieces: [{ env: n }] } : unknown('an environment variable');
}

function opt(v: Val | undefined, key: string): Val | undefined {
  return v?.t === 'dict' ? v.m.get(key) : undefined;
}

function optTrue(v: Val | undefined, key: string): boolean {
  return isTrue(opt(v, key));
}

function pathOf(v: Val | undefined): Val {
  if (!v) return UNKNOWN;
  return v.t === 'path' ? v.p : v;
}

function writesOver(flags: Val | undefined): boolean {
  const f = strOf(flags);
  return f === undefined || /w/.test(f);
}

/** A spawn-like call: a command and optionally its arguments and options. */
function spawnLike(c: Call, ev: Evaluator, cmd: Val | undefined, args: Val | undefined, options: Val | undefined): void {
  const shell = optTrue(options, 'shell');
  if (args?.t === 'list') {
    if (shell) ev.runShell(c, concat(...[cmd ?? UNKNOWN, ...args.items].flatMap((v, k) => (k === 0 ? [v] : [str(' '), v]))));
    else ev.runArgv(c, [cmd ?? UNKNOWN, ...args.items]);
    return;
  }
  if (cmd?.t === 'list') ev.runArgv(c, cmd.items);
  else if (shell || (cmd && strOf(cmd)?.includes(' '))) ev.runShell(c, cmd);
  else ev.runArgv(c, [cmd ?? UNKNOWN]);
}

function callJs(q: string, c: Call, ev: Evaluator): Val | undefined {
  const a0 = c.args[0];
  const a1 = c.args[1];
  const a2 = c.args[2];
  switch (q) {
    case 'require':
    case 'import': {
      const m = strOf(a0);
      if (m !== undefined) {
        const mod = modName(m);
        ev.imported.add(mod);
        return { t: 'ref', q: mod, names: [] };
      }
      return unknown('a module');
    }
    case 'eval':
    case 'Function':
    case 'vm.runInThisContext':
    case 'vm.runInNewContext':
    case 'vm.runInContext':
    case 'vm.Script':
      ev.code(c, q === 'Function' ? c.args[c.args.length - 1] : a0);
      return UNKNOWN;
    // child_process
    case 'child_process.exec':
    case 'child_process.execSync':
      ev.runShell(c, a0);
      return unknown('output of a command');
    case 'child_process.spawn':
    case 'child_process.spawnSync':
      spawnLike(c, ev, a0, a1?.t === 'list' ? a1 : undefined, a1?.t === 'dict' ? a1 : a2);
      return unknown('a process');
    case 'child_process.execFile':
    case 'child_process.execFileSync':
      ev.runArgv(c, [a0 ?? UNKNOWN, ...(a1?.t === 'list' ? a1.items : [])]);
      return unknown('output of a command');
    case 'child_process.fork':
      return UNKNOWN;
    // execa / zx / shelljs
    case 'execa':
    case 'execa.execa':
    case 'execaSync':
    case 'execa.execaSync':
    case 'execa.execaNode':
      if (c.tagged) ev.runShell(c, a0);
      else spawnLike(c, ev, a0, a1?.t === 'list' ? a1 : undefined, a1?.t === 'dict' ? a1 : a2);
      return UNKNOWN;
    case 'execa.execaCommand':
    case 'execa.execaCommandSync':
    case 'execa.$':
    case 'zx.$':
    case '$':
    case 'shelljs.exec':
      ev.runShell(c, a0);
      return UNKNOWN;
    // Bun and Deno
    case 'Bun.$':
      ev.runShell(c, a0);
      return unknown('output of a command');
    case 'Bun.spawn':
    case 'Bun.spawnSync':
      if (a0?.t === 'list') ev.runArgv(c, a0.items);
      else {
        const cmd = opt(a0, 'cmd');
        if (cmd?.t === 'list') ev.runArgv(c, cmd.items);
        else ev.runShell(c, undefined);
      }
      return UNKNOWN;
    case 'Deno.Command': {
      const args = opt(a1, 'args');
      ev.runArgv(c, [a0 ?? UNKNOWN, ...(args?.t === 'list' ? args.items : [])]);
      return unknown('a process');
    }
    case 'Deno.run': {
      const cmd = opt(a0, 'cmd');
      if (cmd?.t === 'list') ev.runArgv(c, cmd.items);
      else ev.runShell(c, undefined);
      return UNKNOWN;
    }
    case 'Deno.remove':
    case 'Deno.removeSync':
      ev.delete(c, pathOf(a0), optTrue(a1, 'recursive'));
      return UNKNOWN;
    case 'Deno.writeTextFile':
    case 'Deno.writeTextFileSync':
    case 'Deno.writeFile':
    case 'Deno.writeFileSync':
      if (!optTrue(a2, 'append')) ev.overwrite(c, pathOf(a0));
      return UNKNOWN;
    case 'Deno.truncate':
    case 'Deno.truncateSync':
      ev.overwrite(c, pathOf(a0));
      return UNKNOWN;
    case 'Deno.rename':
    case 'Deno.renameSync':
      ev.move(c, 'move', pathOf(a0), pathOf(a1));
      return UNKNOWN;
    case 'Deno.copyFile':
    case 'Deno.copyFileSync':
      ev.move(c, 'copy', pathOf(a0), pathOf(a1));
      return UNKNOWN;
    case 'Deno.env.get':
      return envVar(a0);
    case 'Deno.cwd':
    case 'process.cwd':
      return str('.');
    case 'Deno.makeTempDirSync':
    case 'Deno.makeTempDir':
    case 'os.tmpdir':
      return str('/tmp');
    case 'os.homedir':
      return str('~');
    case 'Bun.write':
      ev.overwrite(c, pathOf(a0));
      return UNKNOWN;
    case 'Bun.file':
      return { t: 'path', p: a0 ?? UNKNOWN };
    // path
    case 'path.join':
    case 'path.resolve':
    case 'path.posix.join':
    case 'path.posix.resolve':
      return c.args.reduce<Val>((acc, b, i) => (i === 0 ? b : joinPath(acc, b)), str('.'));
    case 'path.dirname':
      return dirnameOf(a0 ?? UNKNOWN);
    case 'path.normalize':
      return a0 ?? UNKNOWN;
    // rimraf / del
    case 'rimraf':
    case 'rimraf.sync':
    case 'rimraf.rimraf':
    case 'rimraf.rimrafSync':
    case 'rimraf.native':
    case 'rimraf.nativeSync':
    case 'rimraf.rimraf.sync':
    case 'rimrafSync':
    case 'del':
    case 'del.sync':
    case 'del.deleteAsync':
    case 'del.deleteSync':
    case 'deleteAsync':
    case 'deleteSync':
      ev.delete(c, globs(a0), true);
      return UNKNOWN;
    default:
      break;
  }
  // fs and fs-extra (callback, Sync and promise forms)
  const fsm = /^(fs|fs-extra)\.(\w+)$/.exec(q);
  if (fsm) return callFs(fsm[1]!, fsm[2]!, c, ev);
  const sh = /^shelljs\.(rm|mv|cp)$/.exec(q);
  if (sh) {
    ev.runArgv(c, [str(sh[1]!), ...c.args]);
    return UNKNOWN;
  }
  return undefined;
}

function globs(v: Val | undefined): Val {
  if (!v) return UNKNOWN;
  if (v.t === 'list') return { t: 'list', items: v.items.map((x) => (x.t === 'str' && /[*?[]/.test(x.s) ? { ...x, glob: true } : x)) };
  if (v.t === 'str' && /[*?[]/.test(v.s)) return { ...v, glob: true };
  return v;
}

function callFs(mod: string, fn: string, c: Call, ev: Evaluator): Val | undefined {
  const name = fn.replace(/Sync$/, '');
  const a0 = c.args[0];
  const a1 = c.args[1];
  switch (name) {
    case 'rm':
    case 'rmdir':
      ev.delete(c, pathOf(a0), optTrue(a1, 'recursive'));
      return UNKNOWN;
    case 'unlink':
      ev.delete(c, pathOf(a0), false);
      return UNKNOWN;
    case 'remove':
    case 'emptyDir':
    case 'emptydir':
      if (mod === 'fs-extra') ev.delete(c, pathOf(a0), true);
      return UNKNOWN;
    case 'writeFile':
    case 'outputFile':
    case 'writeJson':
    case 'writeJSON':
    case 'outputJson':
      if (writesOver(opt(c.args[2], 'flag'))) ev.overwrite(c, pathOf(a0));
      return UNKNOWN;
    case 'truncate':
      ev.overwrite(c, pathOf(a0));
      return UNKNOWN;
    case 'open':
      if (strOf(a1) !== undefined && /w/.test(strOf(a1)!)) ev.overwrite(c, pathOf(a0));
      return unknown('a file');
    case 'createWriteStream':
      if (writesOver(opt(a1, 'flags'))) ev.overwrite(c, pathOf(a0));
      return unknown('a stream');
    case 'rename':
    case 'move':
      ev.move(c, 'move', pathOf(a0), pathOf(a1));
      return UNKNOWN;
    case 'copyFile':
    case 'copy':
    case 'cp':
      ev.move(c, 'copy', pathOf(a0), pathOf(a1));
      return UNKNOWN;
    case 'readdir':
      return { t: 'list', items: [unknown('a file name')] };
    default:
      return undefined;
  }
}

/** Methods on values that are not modules: Bun.file(p).delete(), JXA's doShellScript, forEach. */
function methodJs(recv: Val, name: string, c: Call, ev: Evaluator): Val | undefined {
  if (name === 'doShellScript') {
    ev.runShell(c, c.args[0]);
    return UNKNOWN;
  }
  if (recv.t === 'path') {
    if (name === 'delete' || name === 'unlink') ev.delete(c, recv.p, false);
    if (name === 'write') ev.overwrite(c, recv.p);
    return UNKNOWN;
  }
  if ((name === 'forEach' || name === 'map' || name === 'filter' || name === 'flatMap') && c.args[0]) {
    ev.each(c.args[0], recv, c.at);
    return UNKNOWN;
  }
  if (recv.t === 'list' && name === 'join') return concat(...recv.items.flatMap((it, i) => (i === 0 ? [it] : [c.args[0] ?? str(','), it])));
  if ((recv.t === 'str' || recv.t === 'part') && (name === 'trim' || name === 'toString')) return recv;
  return undefined;
}

export const JAVASCRIPT: Profile = {
  global(name, ev) {
    if (NODE_BUILTINS.has(name)) return { t: 'ref', q: name, names: [] };
    if (name === 'require' || name === 'eval' || name === 'Function' || name === 'import') return { t: 'ref', q: name, names: [] };
    if (name === 'Deno' || name === 'Bun') return { t: 'ref', q: name, names: [] };
    if (name === '__dirname' || name === 'import.meta.dirname') return ev.options.file ? dirnameOf(str(ev.options.file)) : str('.');
    if (name === '__filename' || name === 'import.meta.filename') return ev.options.file ? str(ev.options.file) : unknown('__filename');
    return undefined;
  },
  module: modName,
  member(q, name) {
    if (q === 'fs.promises' || q === 'fs-extra.promises') return `fs.${name}`;
    if (q === 'process.env') return `process.env.${name}`;
    if (/^(fs|fs-extra|child_process|path|os|rimraf|del|execa|zx|shelljs|Bun|vm)\.default$/.test(`${q}.${name}`)) return q;
    return `${q}.${name}`;
  },
  memberValue(q, name, ev) {
    if (q === 'process.env' || q === 'Bun.env' || q === 'import.meta.env') return envVar(str(name));
    // node -e CODE a b: process.argv is [node, a, b]
    if (q === 'process.argv') return argvValue(ev, name, 1);
    if (q === 'fs' && name === 'promises') return { t: 'ref', q: 'fs', names: [] };
    return undefined;
  },
  call: callJs,
  method: methodJs,
  sensitive(q) {
    return SENSITIVE.test(q);
  },
  client(root) {
    return !CORE.has(root);
  },
};
