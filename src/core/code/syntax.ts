/**
 * Helpers the grammar-backed readers share to turn a plain syntax tree (../shell/tree.ts) into
 * the common form (./ir.ts): children by field, text of a node, a fallback for node types a
 * reader does not know (its parts are still read), and escape decoding for string literals.
 */
import type { TNode } from '../shell/tree';
import type { CodeSpan, Expr, Pattern, Stmt } from './ir';

export function fieldOf(n: TNode, field: string): TNode | undefined {
  for (const c of n.children) if (c.field === field) return c;
  return undefined;
}

export function fieldsOf(n: TNode, field: string): TNode[] {
  return n.children.filter((c) => c.field === field);
}

export function namedChildren(n: TNode): TNode[] {
  return n.children.filter((c) => c.named && c.type !== 'comment');
}

export function spanOf(n: TNode): CodeSpan {
  return [n.start, n.end];
}

/** A reader of one grammar: statements and expressions from nodes. */
export interface TreeReader {
  src: string;
  stmts(n: TNode): Stmt[];
  expr(n: TNode): Expr;
}

/**
 * What the grammar-backed readers (javascript, php, python, ruby) have in common: the source
 * their nodes point into, literal constants, and an assignment used as an expression.
 */
export abstract class SourceReader implements TreeReader {
  constructor(readonly src: string) {}

  abstract stmts(n: TNode): Stmt[];
  abstract expr(n: TNode): Expr;
  protected abstract pattern(n: TNode): Pattern;

  protected text(n: TNode): string {
    return this.src.slice(n.start, n.end);
  }

  /**
   * A literal number, boolean or null (`nulls`: the grammar's null types — None, nil, null,
   * undefined), or undefined when `n` is none. Digit separators (`1_000`) are dropped.
   */
  protected constant(n: TNode, at: CodeSpan, nulls: ReadonlySet<string>): Expr | undefined {
    switch (n.type) {
      case 'integer':
      case 'float':
      case 'number':
        return { k: 'const', v: Number(this.text(n).replace(/_/g, '')), at };
      case 'true':
        return { k: 'const', v: true, at };
      case 'false':
        return { k: 'const', v: false, at };
      case 'boolean':
        return { k: 'const', v: /^true$/i.test(this.text(n)), at };
      default:
        return nulls.has(n.type) ? { k: 'const', v: null, at } : undefined;
    }
  }

  /** `x = value` inside an expression: the value is read; the binding is kept as a statement. */
  protected assignmentExpr(n: TNode, at: CodeSpan, statementTypes: ReadonlySet<string>): Expr {
    const left = fieldOf(n, 'left');
    const right = fieldOf(n, 'right');
    if (!right) return fallback(this, n, statementTypes);
    return left ? { k: 'other', parts: [], stmts: [{ k: 'assign', target: this.pattern(left), value: this.expr(right), at }], at } : this.expr(right);
  }
}

/** An expression the reader does not model: its named children are read as expressions or statements. */
export function fallback(r: TreeReader, n: TNode, statementTypes: ReadonlySet<string>): Expr {
  const parts: Expr[] = [];
  const stmts: Stmt[] = [];
  for (const c of namedChildren(n)) {
    if (statementTypes.has(c.type)) stmts.push(...r.stmts(c));
    else parts.push(r.expr(c));
  }
  const e: Expr = { k: 'other', parts, at: spanOf(n) };
  if (stmts.length) e.stmts = stmts;
  return e;
}

const SIMPLE: Readonly<Record<string, string>> = { n: '\n', t: '\t', r: '\r', '0': '\0', a: '\x07', b: '\b', f: '\f', v: '\v', e: '\x1b', '\\': '\\', "'": "'", '"': '"', '`': '`', $: '$', '\n': '' };

/** Decodes backslash escapes of C-like languages (`\n`, `\xHH`, `\uHHHH`, `\u{…}`, octal). */
export function decodeEscapes(s: string): string {
  if (!s.includes('\\')) return s;
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    if (ch !== '\\' || i + 1 >= s.length) {
      out += ch;
      continue;
    }
    const n = s[++i]!;
    if (n === 'x' && /^[0-9a-fA-F]{2}/.test(s.slice(i + 1))) {
      out += String.fromCharCode(parseInt(s.slice(i + 1, i + 3), 16));
      i += 2;
    } else if (n === 'u' && s[i + 1] === '{') {
      const end = s.indexOf('}', i);
      const cp = parseInt(s.slice(i + 2, end), 16);
      out += Number.isFinite(cp) && cp <= 0x10ffff ? String.fromCodePoint(cp) : '';
      i = end < 0 ? s.length : end;
    } else if ((n === 'u' && /^[0-9a-fA-F]{4}/.test(s.slice(i + 1))) || (n === 'U' && /^[0-9a-fA-F]{8}/.test(s.slice(i + 1)))) {
      const len = n === 'u' ? 4 : 8;
      const cp = parseInt(s.slice(i + 1, i + 1 + len), 16);
      out += cp <= 0x10ffff ? String.fromCodePoint(cp) : '';
      i += len;
    } else if (/[0-7]/.test(n) && /^[0-7]{1,3}/.test(s.slice(i))) {
      const m = /^[0-7]{1,3}/.exec(s.slice(i))![0];
      out += String.fromCharCode(parseInt(m, 8) & 0xff);
      i += m.length - 1;
    } else {
      out += SIMPLE[n] ?? `\\${n}`;
    }
  }
  return out;
}
