/**
 * PHP: the tree-sitter-php tree in the common form, and what PHP's functions do when called:
 * `system`, `exec`, `shell_exec`, `passthru`, `popen`, `proc_open`, backquotes, `unlink`, `rmdir`,
 * `file_put_contents`, `fopen(…, 'w')`, and calls through strings (`$f = 'system'; $f(…)`,
 * `call_user_func`, `array_map('unlink', …)`).
 */
import type { TNode } from '../shell/tree';
import type { Call, Evaluator, Profile } from './evaluate';
import type { Expr, Func, Kw, Pattern, Stmt } from './ir';
import { decodeEscapes, fallback, fieldOf, namedChildren, SourceReader, spanOf } from './syntax';
import { dirnameOf, str, strOf, unknown, UNKNOWN, type Val } from './values';

const STATEMENTS = new Set([
  'program', 'compound_statement', 'expression_statement', 'if_statement', 'else_clause', 'else_if_clause', 'while_statement',
  'do_statement', 'for_statement', 'switch_statement', 'switch_block', 'case_statement', 'default_statement', 'try_statement',
  'catch_clause', 'finally_clause', 'return_statement', 'echo_statement', 'class_declaration', 'declaration_list',
  'method_declaration', 'namespace_definition', 'namespace_use_declaration', 'global_declaration', 'unset_statement',
  'colon_block', 'php_tag', 'text_interpolation', 'text',
]);

const NULLS = new Set(['null']);

class PhpReader extends SourceReader {

  stmts(n: TNode): Stmt[] {
    const at = spanOf(n);
    switch (n.type) {
      case 'function_definition':
      case 'method_declaration': {
        const name = fieldOf(n, 'name');
        return [{ k: 'def', name: name ? this.text(name) : '<function>', fn: this.func(n), at }];
      }
      case 'foreach_statement': {
        const named = namedChildren(n);
        const iter = named[0];
        const body = fieldOf(n, 'body') ?? named[named.length - 1];
        const target = named.find((c, i) => i > 0 && c !== body && (c.type === 'variable_name' || c.type === 'pair'));
        const value = target?.type === 'pair' ? namedChildren(target)[1] : target;
        return [{ k: 'for', target: value ? this.pattern(value) : { k: 'none' }, iter: iter ? this.expr(iter) : { k: 'other', parts: [], at }, body: body ? this.stmts(body) : [], at }];
      }
      case 'expression_statement': {
        const out: Stmt[] = [];
        for (const c of namedChildren(n)) {
          if (c.type === 'assignment_expression') {
            const left = fieldOf(c, 'left');
            const right = fieldOf(c, 'right');
            if (left && right) out.push({ k: 'assign', target: this.pattern(left), value: this.expr(right), at: spanOf(c) });
          } else if (c.type === 'augmented_assignment_expression') {
            const left = fieldOf(c, 'left');
            const right = fieldOf(c, 'right');
            if (left && right) out.push({ k: 'assign', target: this.pattern(left), value: { k: 'bin', op: 'join', l: this.expr(left), r: this.expr(right), at: spanOf(c) }, at: spanOf(c) });
          } else out.push({ k: 'expr', e: this.expr(c) });
        }
        return out;
      }
      case 'comment':
      case 'php_tag':
      case 'text':
        return [];
      default:
        if (STATEMENTS.has(n.type) || n.type === 'ERROR') {
          const out: Stmt[] = [];
          for (const c of namedChildren(n)) {
            if (STATEMENTS.has(c.type) || c.type === 'function_definition' || c.type === 'foreach_statement' || c.type === 'ERROR') out.push(...this.stmts(c));
            else if (c.type !== 'name' && c.type !== 'comment') out.push({ k: 'expr', e: this.expr(c) });
          }
          return out;
        }
        return [{ k: 'expr', e: this.expr(n) }];
    }
  }

  protected pattern(n: TNode): Pattern {
    if (n.type === 'variable_name') return { k: 'name', name: this.text(n) };
    if (n.type === 'list_literal' || n.type === 'array_creation_expression') return { k: 'items', items: namedChildren(n).map((c) => this.pattern(namedChildren(c)[0] ?? c)) };
    return { k: 'none' };
  }

  private func(n: TNode): Func {
    const params: Pattern[] = [];
    const ps = fieldOf(n, 'parameters');
    for (const p of ps ? namedChildren(ps) : []) {
      const v = fieldOf(p, 'name') ?? namedChildren(p).find((c) => c.type === 'variable_name');
      params.push(v ? { k: 'name', name: this.text(v) } : { k: 'none' });
    }
    const body = fieldOf(n, 'body');
    if (!body) return { params, body: [] };
    return { params, body: body.type === 'compound_statement' ? this.stmts(body) : [{ k: 'expr', e: this.expr(body) }] };
  }

  private args(n: TNode | undefined): { args: Expr[]; kw: Kw[] } {
    const args: Expr[] = [];
    const kw: Kw[] = [];
    for (const a of n ? namedChildren(n) : []) {
      const inner = a.type === 'argument' ? namedChildren(a) : [a];
      const nameNode = a.type === 'argument' ? fieldOf(a, 'name') : undefined;
      const value = inner.filter((x) => x !== nameNode)[0];
      if (!value) continue;
      if (nameNode) kw.push({ name: this.text(nameNode), value: this.expr(value) });
      else args.push(this.expr(value));
    }
    return { args, kw };
  }

  expr(n: TNode): Expr {
    const at = spanOf(n);
    switch (n.type) {
      case 'string':
      case 'encapsed_string':
      case 'heredoc':
      case 'nowdoc':
        return this.string(n);
      case 'shell_command_expression':
        return { k: 'shell', cmd: this.string(n), at, how: 'backquotes' };
      case 'integer':
      case 'float':
      case 'boolean':
      case 'null':
        return this.constant(n, at, NULLS)!;
      case 'variable_name':
        return { k: 'id', name: this.text(n), at };
      case 'name':
      case 'qualified_name':
        return { k: 'id', name: this.text(n).replace(/^\\/, ''), at };
      case 'function_call_expression': {
        const fn = fieldOf(n, 'function');
        if (!fn) return fallback(this, n, STATEMENTS);
        const { args, kw } = this.args(fieldOf(n, 'arguments'));
        return { k: 'call', fn: this.expr(fn), args, kw, at };
      }
      case 'member_call_expression':
      case 'nullsafe_member_call_expression':
      case 'scoped_call_expression': {
        const obj = fieldOf(n, 'object') ?? fieldOf(n, 'scope');
        const name = fieldOf(n, 'name');
        if (!obj || !name) return fallback(this, n, STATEMENTS);
        const { args, kw } = this.args(fieldOf(n, 'arguments'));
        return { k: 'call', fn: { k: 'attr', obj: this.expr(obj), name: this.text(name), at }, args, kw, at };
      }
      case 'object_creation_expression': {
        const cls = namedChildren(n).find((c) => c.type === 'name' || c.type === 'qualified_name');
        const { args, kw } = this.args(n.children.find((c) => c.type === 'arguments'));
        return cls ? { k: 'call', fn: { k: 'id', name: this.text(cls), at: spanOf(cls) }, args, kw, at } : fallback(this, n, STATEMENTS);
      }
      case 'subscript_expression': {
        const [obj, key] = namedChildren(n);
        if (!obj || !key) return fallback(this, n, STATEMENTS);
        return { k: 'index', obj: this.expr(obj), key: this.expr(key), at };
      }
      case 'binary_expression': {
        const l = fieldOf(n, 'left');
        const r = fieldOf(n, 'right');
        const op = fieldOf(n, 'operator');
        if (l && r && op && this.text(op) === '.') return { k: 'bin', op: 'join', l: this.expr(l), r: this.expr(r), at };
        return fallback(this, n, STATEMENTS);
      }
      case 'parenthesized_expression': {
        const inner = namedChildren(n)[0];
        return inner ? this.expr(inner) : { k: 'other', parts: [], at };
      }
      case 'array_creation_expression': {
        const items: Expr[] = [];
        const entries: { key: string | undefined; value: Expr }[] = [];
        let keyed = false;
        for (const el of namedChildren(n)) {
          const parts = namedChildren(el);
          if (parts.length === 2) {
            keyed = true;
            const k = this.expr(parts[0]!);
            entries.push({ key: k.k === 'str' ? k.v : undefined, value: this.expr(parts[1]!) });
          } else if (parts[0]) items.push(this.expr(parts[0]));
        }
        return keyed ? { k: 'dict', entries, at } : { k: 'list', items, at };
      }
      case 'anonymous_function':
      case 'anonymous_function_creation_expression':
      case 'arrow_function':
        return { k: 'func', fn: this.func(n), at };
      case 'assignment_expression':
        return this.assignmentExpr(n, at, STATEMENTS);
      default:
        return fallback(this, n, STATEMENTS);
    }
  }

  private string(n: TNode): Expr {
    const at = spanOf(n);
    const raw = this.text(n);
    const single = raw.startsWith("'") || n.type === 'nowdoc';
    const dynamicParts = namedChildren(n).filter((c) => c.type !== 'string_content' && c.type !== 'escape_sequence' && c.type !== 'string_value' && c.type !== 'heredoc_start' && c.type !== 'heredoc_end' && c.type !== 'nowdoc_body' && c.type !== 'heredoc_body');
    const contentNodes = namedChildren(n).filter((c) => c.type === 'string_content' || c.type === 'escape_sequence' || c.type === 'string_value' || c.type === 'nowdoc_body' || c.type === 'heredoc_body');
    if (dynamicParts.length === 0 || single) {
      const cs = contentNodes[0]?.start ?? (raw.length >= 2 ? n.start + 1 : n.start);
      const ce = contentNodes[contentNodes.length - 1]?.end ?? (raw.length >= 2 ? n.end - 1 : n.end);
      const content = contentNodes.length ? this.src.slice(cs, ce) : '';
      const v = single ? content.replace(/\\(['\\])/g, '$1') : decodeEscapes(content);
      return { k: 'str', v, at, inner: [cs, ce], exact: v === content };
    }
    const parts: (string | Expr)[] = [];
    for (const c of namedChildren(n)) {
      if (c.type === 'string_content' || c.type === 'string_value') parts.push(this.text(c));
      else if (c.type === 'escape_sequence') parts.push(decodeEscapes(this.text(c)));
      else if (c.type === 'heredoc_start' || c.type === 'heredoc_end') continue;
      else parts.push(this.expr(c));
    }
    return { k: 'tmpl', parts, at };
  }
}

export function phpToIr(root: TNode, src: string): Stmt[] {
  return new PhpReader(src).stmts(root);
}

// ---------------------------------------------------------------------------------------------
// What the calls do

const SENSITIVE_FUNCS = new Set(['system', 'exec', 'shell_exec', 'passthru', 'popen', 'proc_open', 'pcntl_exec', 'unlink', 'rmdir', 'file_put_contents', 'eval', 'assert']);

function callPhp(q: string, c: Call, ev: Evaluator): Val | undefined {
  const name = q.toLowerCase();
  switch (name) {
    case 'system':
    case 'exec':
    case 'shell_exec':
    case 'passthru':
    case 'popen':
      ev.runShell(c, c.args[0]);
      return unknown('output of a command');
    case 'proc_open': {
      const cmd = c.args[0];
      if (cmd?.t === 'list') ev.runArgv(c, cmd.items);
      else ev.runShell(c, cmd);
      return unknown('a process');
    }
    case 'pcntl_exec': {
      const args = c.args[1];
      ev.runArgv(c, [c.args[0] ?? UNKNOWN, ...(args?.t === 'list' ? args.items : [])]);
      return UNKNOWN;
    }
    case 'unlink':
    case 'rmdir':
      ev.delete(c, c.args[0], false);
      return UNKNOWN;
    case 'file_put_contents': {
      const flags = c.argExprs[2];
      const append = !!flags && /FILE_APPEND/.test(JSON.stringify(flags));
      if (!append) ev.overwrite(c, c.args[0]);
      return UNKNOWN;
    }
    case 'fopen':
      if (/w/.test(strOf(c.args[1]) ?? '')) ev.overwrite(c, c.args[0]);
      return unknown('a file');
    case 'rename':
      ev.move(c, 'move', c.args[0], c.args[1]);
      return UNKNOWN;
    case 'copy':
      ev.move(c, 'copy', c.args[0], c.args[1]);
      return UNKNOWN;
    case 'eval':
      ev.code(c, c.args[0]);
      return UNKNOWN;
    case 'assert':
    case 'create_function':
      if (c.args[0]?.t === 'str' || c.args[0]?.t === 'part') ev.code(c, c.args[c.args.length - 1]);
      return UNKNOWN;
    case 'call_user_func':
    case 'call_user_func_array': {
      const fn = c.args[0];
      const rest = name === 'call_user_func_array' ? (c.args[1]?.t === 'list' ? c.args[1].items : [UNKNOWN]) : c.args.slice(1);
      if (fn && fn.t !== 'unknown') return ev.callValue(fn, rest, c.at);
      ev.dynamic(c, `${q} calls a function whose name is only known when it runs`);
      return UNKNOWN;
    }
    case 'array_map':
    case 'array_walk':
    case 'array_filter': {
      const [fn, over] = name === 'array_map' ? [c.args[0], c.args[1]] : [c.args[1], c.args[0]];
      if (fn && over) ev.each(fn, over, c.at);
      return UNKNOWN;
    }
    case 'glob': {
      const p = c.args[0];
      return { t: 'list', items: [p?.t === 'str' ? { ...p, glob: true } : p?.t === 'part' ? { ...p, glob: true } : UNKNOWN] };
    }
    case 'getenv': {
      const n = strOf(c.args[0]);
      return n && /^\w+$/.test(n) ? { t: 'part', pieces: [{ env: n }] } : unknown('an environment variable');
    }
    case 'dirname':
      return dirnameOf(c.args[0] ?? UNKNOWN);
    case 'sys_get_temp_dir':
      return str('/tmp');
    case 'getcwd':
      return str('.');
    case 'implode':
    case 'join': {
      const [sep, list] = c.args;
      if (list?.t === 'list') {
        const parts = list.items.map(strOf);
        if (parts.every((p) => p !== undefined) && strOf(sep) !== undefined) return str(parts.join(strOf(sep)));
      }
      return unknown('joined text');
    }
    case 'escapeshellarg':
    case 'escapeshellcmd':
    case 'trim':
      return c.args[0] ?? UNKNOWN;
    default:
      return undefined;
  }
}

export const PHP: Profile = {
  global(name, ev) {
    if (name === '__DIR__') return ev.options.file ? dirnameOf(str(ev.options.file)) : str('.');
    if (name === '__FILE__') return ev.options.file ? str(ev.options.file) : unknown('__FILE__');
    if (name === '$_ENV' || name === '$_SERVER') return { t: 'ref', q: name, names: [] };
    return undefined;
  },
  module(name) {
    return name;
  },
  memberValue(q, name) {
    if (q === '$_ENV' || q === '$_SERVER') return /^\w+$/.test(name) ? { t: 'part', pieces: [{ env: name }] } : UNKNOWN;
    return undefined;
  },
  call(q, c, ev) {
    const out = callPhp(q, c, ev);
    if (out) return out;
    // `$f(…)` where $f holds a name nothing here resolves
    if (q.startsWith('$')) {
      ev.dynamic(c, `calls the function named by ${q}, only known when it runs`);
      return UNKNOWN;
    }
    return undefined;
  },
  sensitive(q) {
    return SENSITIVE_FUNCS.has(q.toLowerCase());
  },
};
