/**
 * A small SQL reader: tokenises (dropping comments and string literals), splits statements at
 * top-level semicolons and classifies the destructive actions in each statement.
 * Dialect-tolerant (PostgreSQL, MySQL/MariaDB, SQLite, SQL Server); never throws.
 */
import type { Severity } from '../severity';

export interface SqlToken {
  /** `word` (upper-cased), `ident` (quoted identifier, as written inside the quotes), `num`, `str`, `punct`. */
  type: 'word' | 'ident' | 'num' | 'str' | 'punct';
  text: string;
  /** UTF-16 offset in the source. */
  offset: number;
  /** Parenthesis depth relative to the statement start. */
  depth: number;
}

export interface SqlStatement {
  tokens: SqlToken[];
  /** Offsets of the first token and of the last one (the terminating `;` when there is one). */
  start: number;
  end: number;
  /** Tokens joined with single spaces (words upper-case); string literals as `'…'` with their content. */
  readonly normalized: string;
}

const enum C {
  TAB = 9,
  LF = 10,
  FF = 12,
  CR = 13,
  SPACE = 32,
  BANG = 33,
  DQUOTE = 34,
  HASH = 35,
  DOLLAR = 36,
  SQUOTE = 39,
  LPAREN = 40,
  RPAREN = 41,
  STAR = 42,
  DOT = 46,
  SLASH = 47,
  D0 = 48,
  D9 = 57,
  GT = 62,
  A = 65,
  E = 69,
  Z = 90,
  LBRACKET = 91,
  BACKSLASH = 92,
  RBRACKET = 93,
  UNDERSCORE = 95,
  BACKTICK = 96,
  a = 97,
  e = 101,
  z = 122,
  MINUS = 45,
}

function isWordStart(c: number): boolean {
  return (c >= C.A && c <= C.Z) || (c >= C.a && c <= C.z) || c === C.UNDERSCORE || c >= 0x80;
}

function isWordPart(c: number): boolean {
  return isWordStart(c) || (c >= C.D0 && c <= C.D9) || c === C.DOLLAR;
}

/** Tokenise SQL. Comments vanish; string literal contents are kept only in `str` tokens. */
export function tokenizeSql(src: string, base = 0): SqlToken[] {
  const out: SqlToken[] = [];
  const n = src.length;
  let i = 0;
  let depth = 0;
  while (i < n) {
    const c = src.charCodeAt(i);
    if (c === C.SPACE || c === C.TAB || c === C.LF || c === C.CR || c === C.FF) {
      i++;
      continue;
    }
    const d = i + 1 < n ? src.charCodeAt(i + 1) : 0;
    // -- line comment; MySQL also '#', but '#' is an operator in Postgres, so only at line start
    if ((c === C.MINUS && d === C.MINUS) || (c === C.HASH && (i === 0 || src.charCodeAt(i - 1) === C.LF) && d !== C.GT)) {
      const e = src.indexOf('\n', i);
      i = e === -1 ? n : e + 1;
      continue;
    }
    // /* block comment */ (nested, as in PostgreSQL)
    if (c === C.SLASH && d === C.STAR) {
      let level = 1;
      i += 2;
      while (i < n && level > 0) {
        const x = src.charCodeAt(i);
        const y = i + 1 < n ? src.charCodeAt(i + 1) : 0;
        if (x === C.SLASH && y === C.STAR) {
          level++;
          i += 2;
        } else if (x === C.STAR && y === C.SLASH) {
          level--;
          i += 2;
        } else i++;
      }
      continue;
    }
    // 'string' with '' escapes; E'…' allows backslash escapes
    if (c === C.SQUOTE || ((c === C.E || c === C.e) && d === C.SQUOTE)) {
      const start = i;
      const backslash = c !== C.SQUOTE;
      i += c === C.SQUOTE ? 1 : 2;
      let segStart = i;
      let value = '';
      while (i < n) {
        const x = src.charCodeAt(i);
        if (backslash && x === C.BACKSLASH) {
          value += src.slice(segStart, i) + src.charAt(i + 1);
          i += 2;
          segStart = i;
          continue;
        }
        if (x === C.SQUOTE) {
          if (i + 1 < n && src.charCodeAt(i + 1) === C.SQUOTE) {
            value += src.slice(segStart, i + 1);
            i += 2;
            segStart = i;
            continue;
          }
          break;
        }
        i++;
      }
      value += src.slice(segStart, Math.min(i, n));
      if (i < n) i++; // closing quote
      out.push({ type: 'str', text: value, offset: start + base, depth });
      continue;
    }
    // $tag$ … $tag$ dollar quoting
    if (c === C.DOLLAR) {
      let k = i + 1;
      while (k < n && k - i < 64 && isWordPart(src.charCodeAt(k)) && src.charCodeAt(k) !== C.DOLLAR) k++;
      if (k < n && src.charCodeAt(k) === C.DOLLAR && (k === i + 1 || isWordStart(src.charCodeAt(i + 1)))) {
        const tag = src.slice(i, k + 1);
        const e = src.indexOf(tag, k + 1);
        out.push({ type: 'str', text: src.slice(k + 1, e === -1 ? n : e), offset: i + base, depth });
        i = e === -1 ? n : e + tag.length;
        continue;
      }
    }
    // "quoted", `quoted`, [quoted] identifiers
    if (c === C.DQUOTE || c === C.BACKTICK || (c === C.LBRACKET && isWordStart(d))) {
      const close = c === C.LBRACKET ? C.RBRACKET : c;
      const start = i;
      i++;
      let segStart = i;
      let value = '';
      while (i < n) {
        const x = src.charCodeAt(i);
        if (x === close) {
          if (close !== C.RBRACKET && i + 1 < n && src.charCodeAt(i + 1) === close) {
            value += src.slice(segStart, i + 1);
            i += 2;
            segStart = i;
            continue;
          }
          break;
        }
        i++;
      }
      value += src.slice(segStart, Math.min(i, n));
      if (i < n) i++;
      out.push({ type: 'ident', text: value, offset: start + base, depth });
      continue;
    }
    if (isWordStart(c)) {
      const start = i;
      let lower = c >= C.a && c <= C.z;
      i++;
      while (i < n) {
        const x = src.charCodeAt(i);
        if (!isWordPart(x)) break;
        if (x >= C.a && x <= C.z) lower = true;
        else if (x >= 0x80) lower = true;
        i++;
      }
      const w = src.slice(start, i);
      out.push({ type: 'word', text: lower ? w.toUpperCase() : w, offset: start + base, depth });
      continue;
    }
    if (c >= C.D0 && c <= C.D9) {
      const start = i;
      i++;
      while (i < n) {
        const x = src.charCodeAt(i);
        if ((x >= C.D0 && x <= C.D9) || x === C.DOT || x === C.E || x === C.e) i++;
        else break;
      }
      out.push({ type: 'num', text: src.slice(start, i), offset: start + base, depth });
      continue;
    }
    if (c === C.LPAREN) {
      out.push({ type: 'punct', text: '(', offset: i + base, depth });
      depth++;
      i++;
      continue;
    }
    if (c === C.RPAREN) {
      depth = Math.max(0, depth - 1);
      out.push({ type: 'punct', text: ')', offset: i + base, depth });
      i++;
      continue;
    }
    out.push({ type: 'punct', text: src.charAt(i), offset: i + base, depth });
    i++;
  }
  return out;
}

class Statement implements SqlStatement {
  private text: string | undefined;
  constructor(
    readonly tokens: SqlToken[],
    readonly start: number,
    readonly end: number,
  ) {}
  /** Built on first use: most statements of a large file are never compared. */
  get normalized(): string {
    if (this.text === undefined) {
      let s = '';
      for (const t of this.tokens) {
        const x = t.type === 'str' ? `'${t.text}'` : t.type === 'ident' ? `"${t.text}"` : t.text;
        s = s === '' ? x : `${s} ${x}`;
      }
      this.text = s;
    }
    return this.text;
  }
}

/** Split tokens into statements at top-level `;` (and `GO` batch separators). */
export function splitStatements(tokens: readonly SqlToken[]): SqlStatement[] {
  const out: SqlStatement[] = [];
  let cur: SqlToken[] = [];
  let baseDepth = 0;
  const flush = (terminator?: SqlToken): void => {
    if (cur.length === 0) return;
    const first = cur[0]!;
    const last = terminator ?? cur[cur.length - 1]!;
    const tokens = baseDepth === 0 ? cur : cur.map((t) => ({ ...t, depth: t.depth - baseDepth }));
    out.push(new Statement(tokens, first.offset, last.offset));
    cur = [];
  };
  for (const t of tokens) {
    if (t.type === 'punct' && t.text === ';') {
      flush(t);
      continue;
    }
    if (t.type === 'word' && t.text === 'GO' && cur.length > 0 && cur[cur.length - 1]!.type !== 'word') {
      flush();
      continue;
    }
    if (cur.length === 0) baseDepth = t.depth;
    cur.push(t);
  }
  flush();
  return out;
}

export type SqlActionKind =
  | 'drop-database'
  | 'drop-schema'
  | 'drop-table'
  | 'drop-column'
  | 'drop-index'
  | 'truncate'
  | 'delete-without-where'
  | 'update-without-where'
  | 'alter-column-type'
  | 'not-null-without-default'
  | 'rename'
  | 'create-index-blocking'
  | 'disable-rls'
  | 'drop-constraint'
  | 'drop-user'
  | 'revoke-all';

export interface SqlAction {
  kind: SqlActionKind;
  severity: Severity;
  message: string;
  /** Offset of the token that shows the action (the `DROP`, the `DELETE`, …). */
  offset: number;
  /** The table (or other object) acted on, lower-cased, when known. */
  target?: string;
}

const isWord = (t: SqlToken | undefined, ...words: string[]): boolean =>
  t !== undefined && t.type === 'word' && words.includes(t.text);

/** `the partition p2024`, `the partitions p1, p2`, `every partition` (ALL), `the partition (dt='2024-06-01')`. */
function partitionName(tokens: readonly SqlToken[], i: number): string {
  if (isWord(tokens[i], 'ALL')) return 'every partition';
  if (tokens[i]?.text === '(') return 'the partition it names';
  const names: string[] = [];
  let k = i;
  for (let n = nameAt(tokens, k); n && names.length < 4; n = nameAt(tokens, k)) {
    names.push(n.name);
    if (tokens[n.next]?.text !== ',') break;
    k = n.next + 1;
  }
  return names.length === 0 ? 'a partition' : names.length === 1 ? `the partition ${names[0]}` : `the partitions ${names.join(', ')}`;
}

function nameAt(tokens: readonly SqlToken[], i: number): { name: string; next: number } | undefined {
  // qualified name: a.b.c (words or quoted identifiers)
  let k = i;
  const parts: string[] = [];
  while (k < tokens.length) {
    const t = tokens[k]!;
    if (t.type !== 'word' && t.type !== 'ident') break;
    parts.push(t.type === 'word' ? t.text.toLowerCase() : t.text.toLowerCase());
    k++;
    if (tokens[k]?.type === 'punct' && tokens[k]!.text === '.') k++;
    else break;
  }
  if (parts.length === 0) return undefined;
  return { name: parts.join('.'), next: k };
}

function skipIfExists(tokens: readonly SqlToken[], i: number): number {
  if (isWord(tokens[i], 'IF') && isWord(tokens[i + 1], 'EXISTS')) return i + 2;
  if (isWord(tokens[i], 'IF') && isWord(tokens[i + 1], 'NOT') && isWord(tokens[i + 2], 'EXISTS')) return i + 3;
  return i;
}

function isCreated(created: ReadonlySet<string>, name: string): boolean {
  if (created.has(name)) return true;
  const dot = name.lastIndexOf('.');
  return dot !== -1 && created.has(name.slice(dot + 1));
}

/** Split an ALTER TABLE's action list at top-level commas. */
function splitActions(tokens: readonly SqlToken[], from: number): SqlToken[][] {
  const out: SqlToken[][] = [];
  let cur: SqlToken[] = [];
  for (let i = from; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.depth === 0 && t.type === 'punct' && t.text === ',') {
      out.push(cur);
      cur = [];
    } else cur.push(t);
  }
  out.push(cur);
  return out.filter((a) => a.length > 0);
}

/** A WHERE that filters nothing: `WHERE 1=1`, `WHERE true`, `WHERE 1`. */
function trivialWhere(tokens: readonly SqlToken[], whereIdx: number): boolean {
  const rest = tokens.slice(whereIdx + 1).filter((t) => t.depth === tokens[whereIdx]!.depth);
  const text = rest.map((t) => t.text).join(' ');
  return /^(TRUE|1|1 = 1|'1' = '1'|0 = 0|NOT FALSE)( (RETURNING|ORDER|LIMIT)\b.*)?$/.test(text);
}

function findTopLevel(tokens: readonly SqlToken[], from: number, word: string): number {
  for (let i = from; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.depth === 0 && t.type === 'word' && t.text === word) return i;
  }
  return -1;
}

/**
 * A DELETE or UPDATE whose table name starts at token `k`: an action when it reaches every row
 * (no WHERE, or one that matches everything; no LIMIT or TOP) of a table the file did not create.
 */
function everyRow(
  tk: readonly SqlToken[],
  k: number,
  limitedByTop: boolean,
  createdTables: ReadonlySet<string>,
  kind: 'delete-without-where' | 'update-without-where',
  verb: string,
  offset: number,
): SqlAction | undefined {
  const n = nameAt(tk, k);
  const where = findTopLevel(tk, k, 'WHERE');
  const limited = findTopLevel(tk, k, 'LIMIT') !== -1 || limitedByTop;
  if ((where !== -1 && !trivialWhere(tk, where)) || limited || (n && isCreated(createdTables, n.name))) return undefined;
  return {
    kind,
    severity: 'high',
    message: `${verb} ${n?.name ?? 'the table'}: ${where === -1 ? 'no WHERE clause' : 'the WHERE clause matches everything'}`,
    offset,
    target: n?.name,
  };
}

/** What a new statement does that is destructive or risky. `createdTables` = tables created in the same file. */
export function classifyStatement(stmt: SqlStatement, createdTables: ReadonlySet<string>, dialect: SqlDialect): SqlAction[] {
  const tk = stmt.tokens;
  const actions: SqlAction[] = [];
  let i = 0;
  // WITH … (CTEs) before DELETE / UPDATE
  if (isWord(tk[0], 'WITH')) {
    i = 1;
    while (i < tk.length && !(tk[i]!.depth === 0 && isWord(tk[i], 'DELETE', 'UPDATE', 'INSERT', 'SELECT', 'MERGE'))) i++;
    if (i >= tk.length) return actions;
  }
  const head = tk[i];
  if (head === undefined || head.type !== 'word') return actions;

  switch (head.text) {
    case 'DROP': {
      let k = i + 1;
      if (isWord(tk[k], 'TEMPORARY', 'TEMP')) return actions;
      const what = tk[k];
      if (isWord(what, 'DATABASE')) {
        const n = nameAt(tk, skipIfExists(tk, k + 1));
        actions.push({ kind: 'drop-database', severity: 'critical', message: `drops the database${n ? ` ${n.name}` : ''} and everything in it`, offset: head.offset, target: n?.name });
      } else if (isWord(what, 'SCHEMA')) {
        const n = nameAt(tk, skipIfExists(tk, k + 1));
        const cascade = tk.some((t) => isWord(t, 'CASCADE'));
        actions.push({
          kind: 'drop-schema',
          severity: 'critical',
          message: `drops the schema${n ? ` ${n.name}` : ''}${cascade ? ' and, with CASCADE, every table in it' : ''}`,
          offset: head.offset,
          target: n?.name,
        });
      } else if (isWord(what, 'TABLE')) {
        k = skipIfExists(tk, k + 1);
        const names: string[] = [];
        while (k < tk.length) {
          const n = nameAt(tk, k);
          if (!n) break;
          names.push(n.name);
          k = n.next;
          if (tk[k]?.text === ',') k++;
          else break;
        }
        const fresh = names.length > 0 && names.every((n) => isCreated(createdTables, n));
        actions.push({
          kind: 'drop-table',
          severity: fresh ? 'low' : 'high',
          message: `drops the table${names.length > 1 ? 's' : ''} ${names.join(', ') || '(unnamed)'} and all ${names.length > 1 ? 'their' : 'its'} rows`,
          offset: head.offset,
          target: names[0],
        });
      } else if (isWord(what, 'INDEX')) {
        k++;
        if (isWord(tk[k], 'CONCURRENTLY')) k++;
        const n = nameAt(tk, skipIfExists(tk, k));
        actions.push({ kind: 'drop-index', severity: 'medium', message: `drops the index ${n?.name ?? ''}; queries that use it slow down until it is rebuilt`.replace('  ', ' '), offset: head.offset, target: n?.name });
      } else if (isWord(what, 'MEASUREMENT', 'SERIES')) {
        // InfluxQL: a measurement (or every series matching a FROM/WHERE) and its points.
        const n = nameAt(tk, k + 1);
        actions.push({ kind: 'drop-table', severity: 'high', message: `drops the ${what!.text === 'SERIES' ? 'series of' : 'measurement'} ${n?.name ?? tk.slice(k + 1).map((t) => t.text.toLowerCase()).join(' ')} and all ${what!.text === 'SERIES' ? 'their' : 'its'} points`, offset: head.offset, target: n?.name });
      } else if (isWord(what, 'USER', 'ROLE', 'LOGIN')) {
        const n = nameAt(tk, skipIfExists(tk, k + 1));
        const who = n?.name ?? tk[skipIfExists(tk, k + 1)]?.text.toLowerCase() ?? '';
        actions.push({ kind: 'drop-user', severity: 'high', message: `drops the ${what!.text.toLowerCase()} ${who}: whatever logs in as it stops working, and what it owned may go with it`.replace('  ', ' '), offset: head.offset, target: who || undefined });
      } else if (isWord(what, 'POLICY')) {
        const n = nameAt(tk, skipIfExists(tk, k + 1));
        actions.push({ kind: 'disable-rls', severity: 'medium', message: `drops the row-level security policy ${n?.name ?? ''}`.trim(), offset: head.offset, target: n?.name });
      }
      break;
    }
    case 'TRUNCATE': {
      let k = i + 1;
      if (isWord(tk[k], 'TABLE')) k++;
      if (isWord(tk[k], 'ONLY')) k++;
      const n = nameAt(tk, k);
      actions.push({ kind: 'truncate', severity: 'high', message: `empties the table ${n?.name ?? ''}: every row is deleted`.replace('  ', ' '), offset: head.offset, target: n?.name });
      break;
    }
    case 'DELETE': {
      let k = i + 1;
      const top = tk[k]?.text === 'TOP' ? 1 : 0;
      k += top;
      if (isWord(tk[k], 'FROM')) k++;
      if (isWord(tk[k], 'ONLY')) k++;
      const a = everyRow(tk, k, top === 1, createdTables, 'delete-without-where', 'deletes every row of', head.offset);
      if (a) actions.push(a);
      break;
    }
    case 'UPDATE': {
      let k = i + 1;
      if (isWord(tk[k], 'ONLY')) k++;
      const a = everyRow(tk, k, false, createdTables, 'update-without-where', 'overwrites every row of', head.offset);
      if (a) actions.push(a);
      break;
    }
    case 'REVOKE': {
      if (isWord(tk[i + 1], 'ALL')) {
        const on = findTopLevel(tk, i + 2, 'ON');
        const target = on === -1 ? undefined : tk.slice(on + 1, findTopLevel(tk, on, 'FROM') === -1 ? undefined : findTopLevel(tk, on, 'FROM')).map((t) => t.text.toLowerCase()).join(' ');
        actions.push({ kind: 'revoke-all', severity: 'medium', message: `revokes every privilege${target ? ` on ${target}` : ''}: whoever relied on them loses access`, offset: head.offset, target });
      }
      break;
    }
    case 'RENAME': {
      if (isWord(tk[i + 1], 'TABLE')) {
        const n = nameAt(tk, i + 2);
        actions.push({ kind: 'rename', severity: 'medium', message: `renames the table ${n?.name ?? ''}; code that still uses the old name breaks`.replace('  ', ' '), offset: head.offset, target: n?.name });
      }
      break;
    }
    case 'EXEC':
    case 'EXECUTE': {
      const n = nameAt(tk, i + 1);
      if (n && /(^|\.)sp_rename$/.test(n.name)) {
        actions.push({ kind: 'rename', severity: 'medium', message: 'renames a table or column (sp_rename); code that still uses the old name breaks', offset: head.offset });
      }
      break;
    }
    case 'CREATE': {
      let k = i + 1;
      if (isWord(tk[k], 'UNIQUE')) k++;
      if (isWord(tk[k], 'CLUSTERED', 'NONCLUSTERED')) k++;
      if (!isWord(tk[k], 'INDEX')) break;
      k++;
      if (dialect !== 'postgres' && dialect !== 'unknown') break;
      if (isWord(tk[k], 'CONCURRENTLY')) break;
      const on = findTopLevel(tk, k, 'ON');
      let target: string | undefined;
      if (on !== -1) {
        let j = on + 1;
        if (isWord(tk[j], 'ONLY')) j++;
        target = nameAt(tk, j)?.name;
      }
      if (target !== undefined && isCreated(createdTables, target)) break;
      actions.push({
        kind: 'create-index-blocking',
        severity: 'medium',
        message: `builds an index on ${target ?? 'a table'} without CONCURRENTLY: writes to the table are blocked until it finishes`,
        offset: head.offset,
        target,
      });
      break;
    }
    case 'ALTER': {
      if (!isWord(tk[i + 1], 'TABLE')) {
        // ALTER SCHEMA/DATABASE … RENAME TO
        if (isWord(tk[i + 1], 'SCHEMA', 'VIEW', 'MATERIALIZED') && findTopLevel(tk, i + 2, 'RENAME') !== -1) {
          actions.push({ kind: 'rename', severity: 'medium', message: 'renames a schema or view; code that still uses the old name breaks', offset: head.offset });
        }
        break;
      }
      let k = skipIfExists(tk, i + 2);
      if (isWord(tk[k], 'ONLY')) k++;
      const n = nameAt(tk, k);
      if (!n) break;
      const table = n.name;
      const fresh = isCreated(createdTables, table);
      for (const act of splitActions(tk, n.next)) {
        classifyAlterAction(act, table, fresh, actions);
      }
      break;
    }
    default:
      break;
  }
  return actions;
}

function classifyAlterAction(a: readonly SqlToken[], table: string, fresh: boolean, actions: SqlAction[]): void {
  const w0 = a[0];
  if (w0 === undefined || w0.type !== 'word') return;
  const at = w0.offset;
  // ClickHouse mutations: ALTER TABLE t DELETE WHERE …, ALTER TABLE t UPDATE … WHERE …
  if ((w0.text === 'DELETE' || w0.text === 'UPDATE') && !fresh) {
    const where = findTopLevel(a, 1, 'WHERE');
    if (where === -1 || trivialWhere(a, where)) {
      const del = w0.text === 'DELETE';
      actions.push({ kind: del ? 'delete-without-where' : 'update-without-where', severity: 'high', message: `${del ? 'deletes every row of' : 'overwrites every row of'} ${table}: ${where === -1 ? 'no WHERE clause' : 'the WHERE clause matches everything'}`, offset: at, target: table });
    }
    return;
  }
  if (w0.text === 'DROP') {
    let k = 1;
    if (isWord(a[k], 'CONSTRAINT')) {
      const n = nameAt(a, skipIfExists(a, k + 1));
      if (!fresh) actions.push({ kind: 'drop-constraint', severity: 'medium', message: `drops the constraint ${n?.name ?? ''} on ${table}; the data it protected is no longer checked`.replace('  ', ' '), offset: at, target: table });
      return;
    }
    if (isWord(a[k], 'PRIMARY') || isWord(a[k], 'FOREIGN')) {
      if (!fresh) actions.push({ kind: 'drop-constraint', severity: 'medium', message: `drops the ${a[k]!.text === 'PRIMARY' ? 'primary key' : 'foreign key'} of ${table}`, offset: at, target: table });
      return;
    }
    if (isWord(a[k], 'INDEX', 'KEY')) {
      const n = nameAt(a, skipIfExists(a, k + 1));
      if (!fresh) actions.push({ kind: 'drop-index', severity: 'medium', message: `drops the index ${n?.name ?? ''} on ${table}`.replace('  ', ' '), offset: at, target: table });
      return;
    }
    // MySQL, Hive, Athena, Oracle: DROP PARTITION p, DROP [IF EXISTS] PARTITION (dt='…'): the rows in it go.
    const part = isWord(a[k], 'PARTITION') ? k : isWord(a[k], 'IF') && isWord(a[k + 1], 'EXISTS') && isWord(a[k + 2], 'PARTITION') ? k + 2 : -1;
    if (part >= 0) {
      if (!fresh) actions.push({ kind: 'truncate', severity: 'high', message: `drops ${partitionName(a, part + 1)} of ${table} and every row in it`, offset: at, target: table });
      return;
    }
    if (isWord(a[k], 'DEFAULT', 'CHECK', 'PERIOD', 'SYSTEM')) return;
    if (isWord(a[k], 'COLUMN')) k++;
    const n = nameAt(a, skipIfExists(a, k));
    if (!n) return;
    actions.push({
      kind: 'drop-column',
      severity: fresh ? 'low' : 'high',
      message: `drops the column ${table}.${n.name} and its data`,
      offset: at,
      target: table,
    });
    return;
  }
  // MySQL: TRUNCATE PARTITION p[, q | ALL]
  if (w0.text === 'TRUNCATE' && isWord(a[1], 'PARTITION')) {
    if (!fresh) actions.push({ kind: 'truncate', severity: 'high', message: `deletes every row in ${partitionName(a, 2)} of ${table}`, offset: at, target: table });
    return;
  }
  if (w0.text === 'RENAME') {
    if (isWord(a[1], 'TO', 'AS')) {
      const n = nameAt(a, 2);
      actions.push({ kind: 'rename', severity: fresh ? 'low' : 'medium', message: `renames the table ${table}${n ? ` to ${n.name}` : ''}; code that still uses the old name breaks`, offset: at, target: table });
      return;
    }
    if (isWord(a[1], 'CONSTRAINT', 'INDEX', 'KEY')) return;
    const k = isWord(a[1], 'COLUMN') ? 2 : 1;
    const n = nameAt(a, k);
    actions.push({ kind: 'rename', severity: fresh ? 'low' : 'medium', message: `renames the column ${table}.${n?.name ?? '?'}; code that still uses the old name breaks`, offset: at, target: table });
    return;
  }
  if (w0.text === 'CHANGE') {
    // MySQL: CHANGE [COLUMN] old new type …
    const k = isWord(a[1], 'COLUMN') ? 2 : 1;
    const oldName = nameAt(a, k);
    const newName = oldName ? nameAt(a, oldName.next) : undefined;
    if (oldName && newName && oldName.name !== newName.name) {
      actions.push({ kind: 'rename', severity: fresh ? 'low' : 'medium', message: `renames the column ${table}.${oldName.name} to ${newName.name}; code that still uses the old name breaks`, offset: at, target: table });
    } else if (!fresh) {
      actions.push({ kind: 'alter-column-type', severity: 'medium', message: `redefines the column ${table}.${oldName?.name ?? '?'}: a type change can rewrite the table and truncate or reject data`, offset: at, target: table });
    }
    return;
  }
  if (w0.text === 'MODIFY') {
    const k = isWord(a[1], 'COLUMN') ? 2 : 1;
    const n = nameAt(a, k);
    if (!fresh) actions.push({ kind: 'alter-column-type', severity: 'medium', message: `redefines the column ${table}.${n?.name ?? '?'}: a type change can rewrite the table and truncate or reject data`, offset: at, target: table });
    return;
  }
  if (w0.text === 'ALTER') {
    const k = isWord(a[1], 'COLUMN') ? 2 : 1;
    const n = nameAt(a, k);
    if (!n) return;
    const rest = a.slice(n.next);
    const r0 = rest[0];
    const isType = isWord(r0, 'TYPE') || (isWord(r0, 'SET') && isWord(rest[1], 'DATA') && isWord(rest[2], 'TYPE'));
    // SQL Server: ALTER COLUMN c <type> [NULL|NOT NULL]
    const tsqlType = r0 !== undefined && r0.type === 'word' && !isWord(r0, 'SET', 'DROP', 'ADD', 'TYPE', 'RESTART');
    if ((isType || tsqlType) && !fresh) {
      actions.push({ kind: 'alter-column-type', severity: 'medium', message: `changes the type of ${table}.${n.name}: the table may be rewritten under a lock and values may be truncated or rejected`, offset: at, target: table });
    }
    if (isWord(r0, 'SET') && isWord(rest[1], 'NOT') && isWord(rest[2], 'NULL') && !fresh) {
      actions.push({ kind: 'not-null-without-default', severity: 'medium', message: `makes ${table}.${n.name} NOT NULL: fails if any row holds NULL, and scans the table under a lock`, offset: at, target: table });
    }
    if (tsqlType && rest.some((t, idx) => isWord(t, 'NOT') && isWord(rest[idx + 1], 'NULL')) && !fresh) {
      actions.push({ kind: 'not-null-without-default', severity: 'medium', message: `makes ${table}.${n.name} NOT NULL: fails if any row holds NULL`, offset: at, target: table });
    }
    return;
  }
  if (w0.text === 'ADD') {
    if (isWord(a[1], 'CONSTRAINT', 'PRIMARY', 'FOREIGN', 'UNIQUE', 'INDEX', 'KEY', 'CHECK')) return;
    const k = isWord(a[1], 'COLUMN') ? 2 : 1;
    const n = nameAt(a, skipIfExists(a, k));
    if (!n || fresh) return;
    const rest = a.slice(n.next);
    const notNull = rest.some((t, idx) => t.depth === 0 && isWord(t, 'NOT') && isWord(rest[idx + 1], 'NULL'));
    const hasDefault = rest.some((t) => t.depth === 0 && isWord(t, 'DEFAULT'));
    const generated = rest.some((t) => t.depth === 0 && isWord(t, 'GENERATED', 'IDENTITY', 'AS', 'SERIAL', 'BIGSERIAL', 'SMALLSERIAL', 'AUTO_INCREMENT'));
    if (notNull && !hasDefault && !generated) {
      actions.push({ kind: 'not-null-without-default', severity: 'medium', message: `adds NOT NULL column ${table}.${n.name} without a default: fails on a table that has rows`, offset: at, target: table });
    }
    return;
  }
  if (w0.text === 'DISABLE' && isWord(a[1], 'ROW') && isWord(a[2], 'LEVEL')) {
    actions.push({ kind: 'disable-rls', severity: 'high', message: `turns off row-level security on ${table}: every row becomes visible to every role with table access`, offset: at, target: table });
    return;
  }
  if (w0.text === 'NO' && isWord(a[1], 'FORCE') && isWord(a[2], 'ROW')) {
    actions.push({ kind: 'disable-rls', severity: 'high', message: `stops forcing row-level security on ${table}: the table owner bypasses the policies`, offset: at, target: table });
  }
}

export type SqlDialect = 'postgres' | 'mysql' | 'sqlite' | 'sqlserver' | 'unknown';

/** Guess the dialect from the text (both sides) and the path. */
export function guessDialect(text: string, path: string): SqlDialect {
  const p = path.toLowerCase();
  if (/\b(postgres|pg|psql)\b/.test(p)) return 'postgres';
  if (/\bmysql|mariadb\b/.test(p)) return 'mysql';
  if (/\bsqlite\b/.test(p)) return 'sqlite';
  if (/\bENGINE\s*=|\bAUTO_INCREMENT\b|`\w+`|\bUNSIGNED\b/i.test(text)) return 'mysql';
  if (/\bAUTOINCREMENT\b|\bPRAGMA\b/i.test(text)) return 'sqlite';
  if (/\bNVARCHAR\s*\(\s*MAX|\bIDENTITY\s*\(\s*1\s*,|^\s*GO\s*$|\bdbo\./im.test(text)) return 'sqlserver';
  if (/\b(BIG)?SERIAL\b|\bJSONB\b|\bTIMESTAMPTZ\b|::|\$\$|\bplpgsql\b|\bCONCURRENTLY\b|\bgen_random_uuid\b|\bCREATE EXTENSION\b|ROW LEVEL SECURITY|\bUSING\s+(gin|gist|brin)\b/i.test(text)) {
    return 'postgres';
  }
  return 'unknown';
}

/** Tables created in these statements (lower-cased, as written, with schema when given). */
export function createdTablesOf(stmts: readonly SqlStatement[]): Set<string> {
  const out = new Set<string>();
  for (const s of stmts) {
    const tk = s.tokens;
    if (!isWord(tk[0], 'CREATE')) continue;
    let k = 1;
    while (isWord(tk[k], 'OR', 'REPLACE', 'TEMPORARY', 'TEMP', 'UNLOGGED', 'GLOBAL', 'LOCAL')) k++;
    if (!isWord(tk[k], 'TABLE')) continue;
    const n = nameAt(tk, skipIfExists(tk, k + 1));
    if (n) {
      out.add(n.name);
      const dot = n.name.lastIndexOf('.');
      if (dot !== -1) out.add(n.name.slice(dot + 1));
    }
  }
  return out;
}
