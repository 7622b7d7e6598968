/**
 * The evaluator: walks the common form of some code (./ir.ts) in order, keeping what each name is
 * bound to (imports, aliases, strings, paths), and records the effects that matter to a guard —
 * shell commands the code starts, paths it deletes or overwrites, calls it makes through names
 * only known at run time, library calls that destroy data elsewhere.
 *
 * Each language supplies a `Profile`: its globals, how it names modules, and what its calls do.
 * Nothing here throws on user input; whatever cannot be followed is an unknown value.
 */
import type { CodeEffect } from './effects';
import type { CodeSpan, Expr, Func, Pattern, Stmt } from './ir';
import { concat, elementOf, eachOf, joinPath, shellText, shellWord, str, strOf, unknown, UNKNOWN, type Val } from './values';

/** One call as a profile sees it. */
export interface Call {
  /** The qualified name (`os.system`) or, for a method, the method name. */
  name: string;
  args: Val[];
  kw: ReadonlyMap<string, Val>;
  argExprs: readonly Expr[];
  at: CodeSpan;
  block?: Func;
  tagged?: boolean;
}

export interface Profile {
  /** The value of a name nothing in the code assigned (builtins, globals). */
  global(name: string, ev: Evaluator): Val | undefined;
  /** The module an import names, as sinks know it (`node:fs` → `fs`). */
  module(name: string): string;
  /** `q.name` for a member of a module or object (may normalise: `fs.promises.rm` → `fs.rm`). */
  member?(q: string, name: string): string;
  /** The value of a member when it is data, not a function (`os.environ['HOME']` → the variable HOME). */
  memberValue?(q: string, name: string, ev: Evaluator): Val | undefined;
  /** A call of a module member or a global (`q` qualified). Returns the call's value, or undefined for the default. */
  call(q: string, c: Call, ev: Evaluator): Val | undefined;
  /** A method call on a value that is not a module (`Path(x).unlink()`, `s.format(…)`, `x.each { … }`). */
  method?(recv: Val, name: string, c: Call, ev: Evaluator): Val | undefined;
  /** Modules whose members can delete or run commands: a member picked at run time is flagged. */
  sensitive(q: string): boolean;
  /** True when objects reached from this module are clients of something else (a database, a cloud): destructive method names on them are reported. Default: any module. */
  client?(root: string): boolean;
}

export interface EvalOptions {
  /** The script's path, for `__file__`, `__dirname`, `__DIR__`. */
  file?: string;
  /** Variables set from outside (awk -v). */
  vars?: Readonly<Record<string, string>>;
  /** The words after the code on the command line (the program's own arguments); undefined where one is not known. */
  argv?: ReadonlyArray<string | undefined>;
}

/**
 * The program's argument `index` as the code sees it (`process.argv[1]`, `sys.argv[1]`), where
 * `first` is the index of the first word after the code: that word when the line gives it
 * literally; undefined (a value only known at run time) otherwise.
 */
export function argvValue(ev: Evaluator, index: string, first: number): Val | undefined {
  if (!/^\d+$/.test(index)) return undefined;
  const w = ev.options.argv?.[Number(index) - first];
  return w === undefined ? undefined : str(w);
}

const MAX_EFFECTS = 64;
const MAX_DEPTH = 120;
const MAX_STEPS = 50_000;

type Env = Map<string, Val>;

/** Destructive method names of data-store and cloud clients, when called on a library object. */
const CLIENT_ALL = /^(flush_?all|flush_?db|flushAll|flushDb|flushdb|flushall|drop_?database|dropDatabase|drop_all|dropAll|delete_bucket|deleteBucket|delete_all|deleteAll|destroy_all|destroyAll|truncate_all|purge_queue|purgeQueue|empty_bucket|drop_keyspace|wipe_all|remove_all)$/;
const CLIENT_SOME = /^(delete|drop|destroy|purge|truncate|wipe|erase|remove|delete_many|deleteMany|delete_objects|deleteObjects|delete_object|deleteObject|drop_collection|dropCollection|drop_table|drop_index|terminate|terminate_instances|delete_table|deleteTable|remove_all)$/;

/**
 * A method named for destroying what its name goes on to say, as cloud and service SDKs name
 * their calls (`delete_db_snapshot`, `terminateInstances`, `batch_delete!`, `DeleteSecret`):
 * group 1 is the object.
 */
const CLIENT_COMPOUND = /^(?:batch_?)?(?:delete|destroy|drop|purge|truncate|terminate|wipe|erase|remove|deprovision|deregister)(?:_([a-z][a-z0-9_]*)|((?:[A-Z][a-z0-9]*)+))!?$|^batch_?(delete|destroy)!?$/;
/** What such a call destroys that is held (`delete_db_snapshot`, `deleteBucket`, `terminateInstances`). */
const CLIENT_PRECIOUS = /snapshot|backup|bucket|database|db|cluster|table|instance|volume|key|secret|user|account|project|repo|stack|namespace|index|vault|objects?|domain|zone|queue|topic|stream/i;

export class Evaluator {
  readonly effects: CodeEffect[] = [];
  /** Text printed to standard output (awk `print`), for a shell that reads it. */
  readonly prints: Val[] = [];
  private steps = 0;
  private depth = 0;
  private calls = 0;
  private funcDepth = 0;
  private readonly stars: string[] = [];
  /** Names of modules the code imported (so a global of the same name is that module). */
  readonly imported = new Set<string>();

  constructor(
    readonly profile: Profile,
    readonly options: EvalOptions = {},
  ) {}

  // -------------------------------------------------------------------------------------------
  // Effects

  emit(e: CodeEffect): void {
    if (this.effects.length < MAX_EFFECTS) this.effects.push(e);
  }

  /** A shell string the code runs. */
  runShell(c: Call, v: Val | undefined): void {
    if (!v || v.t === 'unknown' || v.t === 'ref' || v.t === 'dict' || v.t === 'fn') {
      this.emit({ kind: 'run', call: c.name, at: c.at });
      return;
    }
    if (v.t === 'list') {
      this.runArgv(c, v.items);
      return;
    }
    const e: CodeEffect = { kind: 'run', call: c.name, at: c.at, command: shellText(v) };
    if (v.t === 'str' && v.src?.exact) e.exact = v.src.inner;
    this.emit(e);
  }

  /** A program and its arguments the code runs without a shell. */
  runArgv(c: Call, items: readonly Val[]): void {
    if (items.length === 0) return;
    const first = items[0]!;
    if (first.t !== 'str' && first.t !== 'part') {
      this.emit({ kind: 'run', call: c.name, at: c.at });
      return;
    }
    this.emit({ kind: 'run', call: c.name, at: c.at, command: items.map(shellWord).join(' ') });
  }

  delete(c: Call, path: Val | undefined, recursive: boolean): void {
    if (!path) return;
    for (const p of path.t === 'list' ? path.items.slice(0, 8) : [path]) this.emit({ kind: 'delete', call: c.name, at: c.at, recursive, path: p });
  }

  overwrite(c: Call, path: Val | undefined): void {
    if (path) this.emit({ kind: 'overwrite', call: c.name, at: c.at, path });
  }

  move(c: Call, kind: 'move' | 'copy', from: Val | undefined, to: Val | undefined): void {
    if (from && to) this.emit({ kind, call: c.name, at: c.at, from, to });
  }

  dynamic(c: Call | { name: string; at: CodeSpan }, why: string): void {
    this.emit({ kind: 'dynamic', call: c.name, at: c.at, why });
  }

  /** Code of the same language held in a string (`eval`, `exec`). */
  code(c: Call, v: Val | undefined): void {
    if (v && v.t === 'str') {
      const e: CodeEffect = { kind: 'code', call: c.name, at: c.at, code: v.s };
      if (v.src?.exact) e.exact = v.src.inner;
      this.emit(e);
    } else this.dynamic(c, `${c.name} runs code that is only known when it runs`);
  }

  /**
   * A library call on an object reached from a module (`redis.Redis().flushall()`): flagged when
   * the method's name destroys data. Returns true when it was flagged.
   */
  client(q: string, method: string, c: Call, names: readonly string[]): boolean {
    const root = q.split(/[.(]/)[0] ?? q;
    const all = CLIENT_ALL.test(method) || ((method === 'delete' || method === 'destroy') && /\.all\(\)$|\.objects$|\.filter\(\)$/.test(q)) || (/^(delete_many|deleteMany|remove)$/.test(method) && c.args[0]?.t === 'dict' && c.args[0].m.size === 0);
    const compound = !all && !CLIENT_SOME.test(method) ? CLIENT_COMPOUND.exec(method) : null;
    if (!all && !CLIENT_SOME.test(method) && !compound) return false;
    const what = `${root} ${method}${all ? ' (everything it reaches)' : ''}`;
    const severity = all || (compound && (compound[3] !== undefined || CLIENT_PRECIOUS.test(compound[1] ?? compound[2] ?? ''))) ? 'high' : 'medium';
    this.emit({ kind: 'client', call: `${q}.${method}`, at: c.at, what, severity, names: [...names, ...c.args.map(strOf).filter((s): s is string => !!s)] });
    return true;
  }

  /** Calls a function value (a lambda, a block, a callable reference) with arguments. */
  callValue(fn: Val, args: Val[], at: CodeSpan): Val {
    if (fn.t === 'fn') return this.runFunc(fn.fn, args);
    if (fn.t === 'ref') return this.callRef(fn.q, { name: fn.q, args, kw: new Map(), argExprs: [], at }, fn.names);
    if (fn.t === 'str' && /^[A-Za-z_][\w:]*$/.test(fn.s)) return this.callRef(fn.s, { name: fn.s, args, kw: new Map(), argExprs: [], at }, []);
    return UNKNOWN;
  }

  /** Runs a block/callback once for each element of `over`. */
  each(fn: Val | Func | undefined, over: Val, at: CodeSpan): void {
    if (!fn) return;
    const f: Val = 'params' in fn ? { t: 'fn', fn } : fn;
    for (const el of eachOf(over)) this.callValue(f, [el], at);
  }

  // -------------------------------------------------------------------------------------------
  // Statements

  /** Reads the code; functions it never calls are then read once with unknown arguments. */
  run(stmts: readonly Stmt[]): void {
    this.block(stmts, new Map());
    for (let i = 0; i < this.pending.length && i < 200; i++) {
      const p = this.pending[i]!;
      if (this.called.has(p.fn)) continue;
      this.env = p.env;
      this.runFunc(p.fn, []);
    }
    this.env = new Map();
  }

  /** Functions seen, with the names they could see, to read at the end if nothing called them. */
  private readonly pending: { fn: Func; env: Env }[] = [];
  private readonly called = new Set<Func>();

  private env: Env = new Map();

  private block(stmts: readonly Stmt[], env: Env): void {
    const saved = this.env;
    this.env = env;
    try {
      for (const s of stmts) this.stmt(s);
    } finally {
      this.env = saved;
    }
  }

  private stmt(s: Stmt): void {
    if (++this.steps > MAX_STEPS) return;
    switch (s.k) {
      case 'import': {
        const m = this.profile.module(s.module);
        this.imported.add(m.split('.')[0]!);
        if (s.bind) this.env.set(s.bind.name, { t: 'ref', q: this.profile.module(s.bind.path), names: [] });
        for (const n of s.names ?? []) this.env.set(n.as, { t: 'ref', q: this.member(m, n.name), names: [] });
        if (s.star) this.stars.push(m);
        return;
      }
      case 'assign':
        this.bind(s.target, this.expr(s.value));
        return;
      case 'for': {
        const it = this.expr(s.iter);
        for (const el of eachOf(it)) {
          this.bind(s.target, el);
          for (const b of s.body) this.stmt(b);
        }
        return;
      }
      case 'expr':
        this.expr(s.e);
        return;
      case 'def':
        this.env.set(s.name, { t: 'fn', fn: s.fn });
        this.pending.push({ fn: s.fn, env: this.env });
        return;
    }
  }

  private runFunc(fn: Func, args: Val[]): Val {
    if (this.funcDepth > 8 || this.calls > 400) return UNKNOWN;
    this.called.add(fn);
    this.calls++;
    this.funcDepth++;
    const env: Env = new Map(this.env);
    fn.params.forEach((p, i) => this.bindIn(env, p, args[i] ?? unknown(paramLabel(p))));
    const saved = this.env;
    this.env = env;
    try {
      for (const s of fn.body) this.stmt(s);
    } finally {
      this.env = saved;
      this.funcDepth--;
    }
    return UNKNOWN;
  }

  bind(p: Pattern, v: Val): void {
    this.bindIn(this.env, p, v);
  }

  private bindIn(env: Env, p: Pattern, v: Val): void {
    switch (p.k) {
      case 'name':
        env.set(p.name, v);
        return;
      case 'props':
        for (const { key, target } of p.props) this.bindIn(env, target, this.memberOf(v, key));
        return;
      case 'items':
        p.items.forEach((it, i) => this.bindIn(env, it, v.t === 'list' ? (v.items[i] ?? UNKNOWN) : unknown(`item ${i}`)));
        return;
      case 'none':
        return;
    }
  }

  /** The value of a name (variables first, then the language's globals). */
  lookup(name: string): Val {
    const v = this.env.get(name);
    if (v) return v;
    const g = this.profile.global(name, this);
    if (g) return g;
    for (const m of this.stars) {
      const q = this.member(m, name);
      if (this.profile.sensitive(m)) return { t: 'ref', q, names: [] };
    }
    return unknown(name);
  }

  member(q: string, name: string): string {
    return this.profile.member ? this.profile.member(q, name) : `${q}.${name}`;
  }

  /** `v.key` / `v[key]` for a known key. */
  memberOf(v: Val, key: string): Val {
    if (v.t === 'ref') return this.profile.memberValue?.(v.q, key, this) ?? { t: 'ref', q: this.member(v.q, key), names: v.names };
    if (v.t === 'dict') return v.m.get(key) ?? unknown(key);
    if (v.t === 'list' && /^\d+$/.test(key)) return v.items[Number(key)] ?? UNKNOWN;
    if (v.t === 'unknown') return unknown(v.label ? `${v.label}.${key}` : key);
    return unknown(key);
  }

  // -------------------------------------------------------------------------------------------
  // Expressions

  expr(e: Expr): Val {
    if (++this.steps > MAX_STEPS || this.depth > MAX_DEPTH) return UNKNOWN;
    this.depth++;
    try {
      return this.exprInner(e);
    } finally {
      this.depth--;
    }
  }

  private exprInner(e: Expr): Val {
    switch (e.k) {
      case 'str':
        return { t: 'str', s: e.v, src: { inner: e.inner, exact: e.exact } };
      case 'tmpl':
        return concat(...e.parts.map((p) => (typeof p === 'string' ? { t: 'str' as const, s: p } : this.expr(p))));
      case 'const':
        return typeof e.v === 'number' ? { t: 'str', s: String(e.v) } : { t: 'const', v: e.v };
      case 'id':
        return this.lookup(e.name);
      case 'attr':
        return this.memberOf(this.expr(e.obj), e.name);
      case 'index': {
        const obj = this.expr(e.obj);
        const key = this.expr(e.key);
        const k = strOf(key);
        if (k !== undefined) return this.memberOf(obj, k);
        if (obj.t === 'ref' && this.profile.sensitive(obj.q)) {
          this.dynamic({ name: obj.q, at: e.at }, `picks a member of ${obj.q} by a name only known when it runs`);
          return { t: 'ref', q: `${obj.q}.<dynamic>`, names: obj.names };
        }
        if (obj.t === 'list') return elementOf(obj);
        return unknown(obj.t === 'unknown' && obj.label ? `${obj.label}[…]` : 'an item');
      }
      case 'call':
        return this.call(e);
      case 'list':
        return { t: 'list', items: e.items.map((i) => this.expr(i)) };
      case 'dict': {
        const m = new Map<string, Val>();
        for (const en of e.entries) {
          const v = this.expr(en.value);
          if (en.key !== undefined) m.set(en.key, v);
        }
        return { t: 'dict', m };
      }
      case 'bin': {
        const l = this.expr(e.l);
        const r = this.expr(e.r);
        if (e.op === '%') return formatPercent(l, r);
        if (l.t === 'path') return { t: 'path', p: joinPath(l, r) };
        if (e.op === 'join' || isStringy(l) || isStringy(r)) return concat(l, r);
        return UNKNOWN;
      }
      case 'shell': {
        const v = this.expr(e.cmd);
        this.runShell({ name: e.how, args: [v], kw: new Map(), argExprs: [e.cmd], at: e.at }, v);
        return unknown(`output of ${e.how}`);
      }
      case 'func':
        this.pending.push({ fn: e.fn, env: this.env });
        return { t: 'fn', fn: e.fn };
      case 'other':
        for (const p of e.parts) this.expr(p);
        if (e.stmts) this.block(e.stmts, new Map(this.env));
        return UNKNOWN;
    }
  }

  private call(e: Expr & { k: 'call' }): Val {
    const args = e.args.map((a) => this.expr(a));
    const kw = new Map<string, Val>();
    for (const k of e.kw) kw.set(k.name, this.expr(k.value));
    // A method call: receiver.name(…)
    if (e.fn.k === 'attr') {
      const recv = this.expr(e.fn.obj);
      const c: Call = { name: e.fn.name, args, kw, argExprs: e.args, at: e.at, block: e.block, tagged: e.tagged };
      // `import('fs').then((m) => …)`: the callback gets the module
      if (e.fn.name === 'then' && recv.t === 'ref' && args[0]?.t === 'fn') return this.callValue(args[0], [recv], e.at);
      if (recv.t === 'ref') {
        const q = this.member(recv.q, e.fn.name);
        const out = this.callRef(q, { ...c, name: q }, recv.names);
        if (e.block) this.each(e.block, out, e.at);
        return out;
      }
      const out = this.profile.method?.(recv, e.fn.name, c, this);
      // a block the profile did not take runs over the receiver (`x.each { … }` of an unknown x)
      if (out === undefined && e.block) this.each(e.block, recv, e.at);
      return out ?? UNKNOWN;
    }
    const fn = this.expr(e.fn);
    const name = fn.t === 'ref' ? fn.q : fn.t === 'str' ? fn.s : e.fn.k === 'id' ? e.fn.name : 'a function';
    const c: Call = { name, args, kw, argExprs: e.args, at: e.at, block: e.block, tagged: e.tagged };
    if (fn.t === 'fn') return this.runFunc(fn.fn, args);
    if (fn.t === 'ref') return this.callRef(fn.q, c, fn.names);
    if (fn.t === 'str' && /^[A-Za-z_][\w:]*$/.test(fn.s)) return this.callRef(fn.s, c, []);
    if (fn.t === 'unknown' && e.fn.k === 'id') {
      // A name nobody bound: the profile's global functions (system, unlink, …).
      const out = this.profile.call(e.fn.name, c, this);
      if (out) return out;
      if (e.block) this.each(e.block, UNKNOWN, e.at);
      return unknown(`result of ${e.fn.name}`);
    }
    if (fn.t === 'unknown' && (e.fn.k === 'index' || e.fn.k === 'call')) return unknown('a result');
    return UNKNOWN;
  }

  /** Calls a qualified name: the profile's sinks, else a client method or an object of the chain. */
  callRef(q: string, c: Call, names: readonly string[]): Val {
    const out = this.profile.call(q, { ...c, name: q }, this);
    if (out) return out;
    const dot = q.lastIndexOf('.');
    if (dot > 0) {
      const recvQ = q.slice(0, dot);
      const method = q.slice(dot + 1);
      const root = recvQ.split(/[.(]/)[0]!;
      if ((recvQ.includes('(') || this.imported.has(root)) && (this.profile.client?.(root) ?? true)) this.client(recvQ, method, c, names);
    }
    return { t: 'ref', q: `${q}()`, names: [...names, ...c.args.map(strOf).filter((s): s is string => !!s), ...[...c.kw.values()].map(strOf).filter((s): s is string => !!s)] };
  }
}

function paramLabel(p: Pattern): string {
  return p.k === 'name' ? p.name : 'an argument';
}

function isStringy(v: Val): boolean {
  return v.t === 'str' || v.t === 'part';
}

/** `'rm -rf %s' % x` and `'%s/%s' % (a, b)`. */
function formatPercent(fmt: Val, args: Val): Val {
  const f = strOf(fmt);
  if (f === undefined) return unknown('formatted text');
  const list = args.t === 'list' ? args.items : [args];
  let i = 0;
  const parts: Val[] = [];
  let last = 0;
  for (const m of f.matchAll(/%[-#0 +]*\d*(?:\.\d+)?[sdrfix]|%%/g)) {
    parts.push({ t: 'str', s: f.slice(last, m.index) });
    parts.push(m[0] === '%%' ? { t: 'str', s: '%' } : (list[i++] ?? UNKNOWN));
    last = m.index + m[0].length;
  }
  parts.push({ t: 'str', s: f.slice(last) });
  return concat(...parts);
}
