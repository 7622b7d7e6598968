/**
 * Makefiles (GNU make, POSIX make): rules with their targets, prerequisites and recipe lines
 * (with 1-based line numbers), variables, the default goal and included files. Both engines read
 * it: the command engine for `make T` (what the recipes of T and its prerequisites run), the edit
 * engine for recipes an agent writes. Plain text in, structure out, never a throw.
 *
 * Conditionals (`ifeq`/`ifdef`/…) are not evaluated: the rules and variables of every branch
 * count, so nothing a branch could run is missed.
 */

export interface RecipeLine {
  /** The command as make hands it to the shell (continuation lines joined, `@`/`-`/`+` removed). */
  text: string;
  /** 1-based line of its first physical line. */
  line: number;
}

export interface MakeRule {
  targets: string[];
  prereqs: string[];
  recipe: RecipeLine[];
  line: number;
}

export interface Makefile {
  rules: MakeRule[];
  /** Variables in order of definition (later wins; `+=` appends; `?=` sets when unset). */
  vars: Map<string, string>;
  /** `.DEFAULT_GOAL`, else the first target that is not special or a pattern. */
  defaultGoal?: string;
  /** Files named by `include`, `-include` and `sinclude`, as written. */
  includes: string[];
}

const ASSIGN = /^(?:(?:export|override|private)\s+)*([A-Za-z_.][\w.-]*)\s*(:::=|::=|:=|\?=|\+=|!=|=)\s*(.*)$/s;
const DIRECTIVE = /^\s*(ifeq|ifneq|ifdef|ifndef|else|endif|export|unexport|vpath|override|undefine|\$\(error|\$\(warning|\$\(info)\b/;

export function parseMakefile(text: string): Makefile {
  const lines = text.split(/\r?\n/);
  const mk: Makefile = { rules: [], vars: new Map(), includes: [] };
  let recipePrefix = '\t';
  let current: MakeRule | undefined;
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!;
    const lineNo = i + 1;
    // A recipe line: starts with the recipe prefix and belongs to the rule above.
    if (current && raw.startsWith(recipePrefix)) {
      let cmd = raw.slice(recipePrefix.length);
      while (cmd.endsWith('\\') && i + 1 < lines.length) {
        i++;
        const next = lines[i]!;
        cmd += '\n' + (next.startsWith(recipePrefix) ? next.slice(recipePrefix.length) : next);
      }
      const stripped = cmd.replace(/^[\s@+-]+/, '');
      if (stripped.trim() !== '' && !stripped.trimStart().startsWith('#')) current.recipe.push({ text: stripped, line: lineNo });
      continue;
    }
    // Logical line: join continuations, drop comments.
    let logical = raw;
    while (logical.endsWith('\\') && i + 1 < lines.length) {
      i++;
      logical = logical.slice(0, -1) + ' ' + lines[i]!.trim();
    }
    const hash = findComment(logical);
    if (hash >= 0) logical = logical.slice(0, hash);
    if (logical.trim() === '') continue;
    if (/^define\s/.test(logical.trim())) {
      const m = /^define\s+([\w.-]+)/.exec(logical.trim());
      let body = '';
      while (i + 1 < lines.length && !/^\s*endef\b/.test(lines[i + 1]!)) body += (body ? '\n' : '') + lines[++i]!;
      i++;
      if (m) mk.vars.set(m[1]!, body);
      current = undefined;
      continue;
    }
    const inc = /^\s*(-?include|sinclude)\s+(.+)$/.exec(logical);
    if (inc) {
      mk.includes.push(...inc[2]!.trim().split(/\s+/));
      current = undefined;
      continue;
    }
    if (DIRECTIVE.test(logical) && !ASSIGN.test(logical.trim().replace(/^(export|override)\s+/, ''))) {
      continue;
    }
    const colon = ruleColon(logical);
    const assign = ASSIGN.exec(logical.trim());
    if (assign && (colon < 0 || logical.indexOf(assign[2]!) <= colon)) {
      const [, name, op, value] = assign;
      const v = value!.trim();
      if (op === '+=') mk.vars.set(name!, mk.vars.has(name!) ? `${mk.vars.get(name!)} ${v}` : v);
      else if (op === '?=') {
        if (!mk.vars.has(name!)) mk.vars.set(name!, v);
      } else if (op === '!=') mk.vars.set(name!, `$(shell ${v})`);
      else mk.vars.set(name!, v);
      if (name === '.RECIPEPREFIX' && v) recipePrefix = v[0]!;
      if (name === '.DEFAULT_GOAL') mk.defaultGoal = v;
      current = undefined;
      continue;
    }
    if (colon >= 0) {
      const targets = logical.slice(0, colon).trim().split(/\s+/).filter(Boolean);
      let rest = logical.slice(colon + 1);
      if (rest.startsWith(':')) rest = rest.slice(1);
      // target-specific variable (`t: X = 1`): not a rule of its own
      if (ASSIGN.test(rest.trim()) && !rest.includes(';')) {
        current = undefined;
        continue;
      }
      const semi = rest.indexOf(';');
      const prereqPart = semi >= 0 ? rest.slice(0, semi) : rest;
      const prereqs = prereqPart.replace(/\|/g, ' ').trim().split(/\s+/).filter(Boolean);
      const rule: MakeRule = { targets, prereqs, recipe: [], line: lineNo };
      if (semi >= 0 && rest.slice(semi + 1).trim()) rule.recipe.push({ text: rest.slice(semi + 1).trim().replace(/^[@+-]+/, ''), line: lineNo });
      mk.rules.push(rule);
      current = rule;
      if (!mk.defaultGoal) {
        const first = targets.find((t) => !t.startsWith('.') && !t.includes('%') && !t.includes('$'));
        if (first) mk.defaultGoal = first;
      }
      continue;
    }
    current = undefined;
  }
  return mk;
}

/** Index of a `#` that starts a comment (not escaped, not inside `$(…)`), or -1. */
function findComment(s: string): number {
  let depth = 0;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    if (ch === '\\') {
      i++;
      continue;
    }
    if (ch === '$' && (s[i + 1] === '(' || s[i + 1] === '{')) {
      depth++;
      i++;
      continue;
    }
    if ((ch === ')' || ch === '}') && depth > 0) depth--;
    if (ch === '#' && depth === 0) return i;
  }
  return -1;
}

/** The `:` that separates targets from prerequisites (not `:=`, not inside `$(…)`, not a drive letter), or -1. */
function ruleColon(s: string): number {
  let depth = 0;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    if (ch === '$' && (s[i + 1] === '(' || s[i + 1] === '{')) {
      depth++;
      i++;
      continue;
    }
    if ((ch === ')' || ch === '}') && depth > 0) depth--;
    if (depth > 0) continue;
    if (ch === '=' ) return -1;
    if (ch === ':' && s[i + 1] !== '=' && !(s[i + 1] === ':' && s[i + 2] === '=')) return i;
  }
  return -1;
}

/**
 * Expands make references in `text`: variables of the makefile (recursively, bounded), automatic
 * variables of the rule (`$@`, `$<`, `$^`), `$$` as `$`; `$(shell cmd)` becomes the shell's
 * `$(cmd)`; a variable the makefile does not define comes from the environment, so it becomes the
 * shell's `${NAME}`; other functions become an unknown value.
 */
export function expandMake(text: string, vars: ReadonlyMap<string, string>, auto: { target?: string; prereqs?: readonly string[] } = {}, depth = 0): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch !== '$' || i + 1 >= text.length) {
      out += ch;
      continue;
    }
    const n = text[i + 1]!;
    if (n === '$') {
      out += '$';
      i++;
      continue;
    }
    if (n === '@') {
      out += auto.target ?? '';
      i++;
      continue;
    }
    if (n === '<') {
      out += auto.prereqs?.[0] ?? '';
      i++;
      continue;
    }
    if (n === '^' || n === '+') {
      out += (auto.prereqs ?? []).join(' ');
      i++;
      continue;
    }
    if (n === '(' || n === '{') {
      const close = n === '(' ? ')' : '}';
      let d = 1;
      let j = i + 2;
      for (; j < text.length && d > 0; j++) {
        if (text[j] === n) d++;
        else if (text[j] === close) d--;
      }
      const inner = text.slice(i + 2, j - 1);
      i = j - 1;
      out += expandRef(inner, vars, auto, depth);
      continue;
    }
    if (/[A-Za-z_]/.test(n)) {
      out += expandRef(n, vars, auto, depth);
      i++;
      continue;
    }
    out += ch;
  }
  return out;
}

function expandRef(inner: string, vars: ReadonlyMap<string, string>, auto: { target?: string; prereqs?: readonly string[] }, depth: number): string {
  const fn = /^([a-z-]+)\s+(.*)$/s.exec(inner);
  if (fn) {
    const [, name, args] = fn;
    if (name === 'shell') return `$(${expandMake(args!, vars, auto, depth + 1)})`;
    if (name === 'abspath' || name === 'realpath' || name === 'strip') return expandMake(args!, vars, auto, depth + 1);
    if (name === 'addprefix' || name === 'addsuffix') {
      const [a, b] = splitArgs(args!);
      const words = expandMake(b ?? '', vars, auto, depth + 1).trim().split(/\s+/).filter(Boolean);
      const x = expandMake(a ?? '', vars, auto, depth + 1);
      return words.map((w) => (name === 'addprefix' ? x + w : w + x)).join(' ');
    }
    return '${__make_' + name!.replace(/-/g, '_') + '}';
  }
  const name = inner.trim();
  if (depth < 10 && vars.has(name)) return expandMake(vars.get(name)!, vars, auto, depth + 1);
  if (name === 'MAKE') return 'make';
  if (name === 'CURDIR') return '.';
  if (name === 'RM') return 'rm -f';
  if (/^[A-Za-z_]\w*$/.test(name)) return '${' + name + '}';
  return '${__make_value}';
}

function splitArgs(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of s) {
    if (ch === '(' || ch === '{') depth++;
    if (ch === ')' || ch === '}') depth--;
    if (ch === ',' && depth === 0) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out;
}

/** The rules that build `target` (explicit rules only; pattern rules do not count). */
export function rulesFor(mk: Makefile, target: string): MakeRule[] {
  return mk.rules.filter((r) => r.targets.includes(target));
}
