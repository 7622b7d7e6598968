/**
 * justfiles (the `just` command runner): recipes with their parameters, dependencies, attributes
 * and body lines (1-based), variables, aliases and the default recipe. Read by the command engine
 * for `just RECIPE` and by the edit engine for recipes an agent writes. Never throws.
 */

export interface JustRecipe {
  name: string;
  params: { name: string; default?: string; variadic: boolean }[];
  /** Recipes run before (`a: b c`) and after (`a: b && c`) this one, with their arguments as written. */
  before: { name: string; args: string[] }[];
  after: { name: string; args: string[] }[];
  body: { text: string; line: number }[];
  /** The body is one script run by the interpreter of its `#!` line. */
  shebang?: string;
  attributes: string[];
  line: number;
}

export interface Justfile {
  recipes: JustRecipe[];
  vars: Map<string, string>;
  aliases: Map<string, string>;
  /** The recipe `just` runs without arguments: one marked `[default]`, else the first. */
  defaultRecipe?: string;
  /** `set positional-arguments`: body lines see the arguments as $1, $2, … */
  positional: boolean;
}

const HEADER = /^(@)?([A-Za-z_][\w-]*)((?:\s+[+*$]?[A-Za-z_][\w-]*(?:\s*=\s*(?:'[^']*'|"[^"]*"|`[^`]*`|[^\s:]+))?)*)\s*:(?!=)(.*)$/;

/** The value of a just string or expression as far as it is constant (quotes removed). */
function literal(v: string): string {
  const t = v.trim();
  const m = /^'''([\s\S]*)'''$|^"""([\s\S]*)"""$|^'([^']*)'$|^"((?:[^"\\]|\\.)*)"$/.exec(t);
  if (m) return m[1] ?? m[2] ?? m[3] ?? (m[4] ?? '').replace(/\\(.)/g, (_x, c: string) => (c === 'n' ? '\n' : c === 't' ? '\t' : c));
  return t;
}

function depList(s: string): { name: string; args: string[] }[] {
  const out: { name: string; args: string[] }[] = [];
  for (const m of s.matchAll(/\(\s*([A-Za-z_][\w-]*)((?:\s+(?:'[^']*'|"[^"]*"|[^\s)]+))*)\s*\)|([A-Za-z_][\w-]*)/g)) {
    if (m[3]) out.push({ name: m[3], args: [] });
    else if (m[1]) out.push({ name: m[1], args: [...(m[2] ?? '').matchAll(/'[^']*'|"[^"]*"|[^\s]+/g)].map((a) => literal(a[0])) });
  }
  return out;
}

export function parseJustfile(text: string): Justfile {
  const lines = text.split(/\r?\n/);
  const jf: Justfile = { recipes: [], vars: new Map(), aliases: new Map(), positional: false };
  let attrs: string[] = [];
  let current: JustRecipe | undefined;
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!;
    if (current && /^[ \t]+\S/.test(raw)) {
      const body = raw.replace(/^[ \t]+/, '');
      if (current.body.length === 0 && body.startsWith('#!')) current.shebang = body;
      else if (current.shebang || !body.startsWith('#')) {
        let t = body;
        let j = i;
        while (t.endsWith('\\') && j + 1 < lines.length && !current.shebang) t = t.slice(0, -1) + ' ' + lines[++j]!.trim();
        current.body.push({ text: current.shebang ? body : t.replace(/^[@-]+/, ''), line: i + 1 });
        i = j;
      }
      continue;
    }
    if (current && raw.trim() === '') continue;
    current = undefined;
    const line = raw.replace(/\s+#.*$/, '');
    const t = line.trim();
    if (t === '' || t.startsWith('#')) continue;
    if (t.startsWith('[')) {
      attrs.push(...t.replace(/^\[|\]$/g, '').split(',').map((a) => a.trim()));
      continue;
    }
    const alias = /^alias\s+([\w-]+)\s*:=\s*([\w-]+)/.exec(t);
    if (alias) {
      jf.aliases.set(alias[1]!, alias[2]!);
      continue;
    }
    const set = /^set\s+([\w-]+)(?:\s*:=\s*(.*))?$/.exec(t);
    if (set) {
      if (set[1] === 'positional-arguments' && (set[2] === undefined || set[2].trim() === 'true')) jf.positional = true;
      continue;
    }
    const v = /^(?:export\s+)?([A-Za-z_][\w-]*)\s*:=\s*(.*)$/.exec(t);
    if (v) {
      jf.vars.set(v[1]!, literal(v[2]!));
      continue;
    }
    const h = HEADER.exec(t);
    if (h) {
      const params = [...(h[3] ?? '').matchAll(/([+*$]?)([A-Za-z_][\w-]*)(?:\s*=\s*('[^']*'|"[^"]*"|`[^`]*`|[^\s:]+))?/g)].map((m) => {
        const p: { name: string; default?: string; variadic: boolean } = { name: m[2]!, variadic: m[1] === '+' || m[1] === '*' };
        if (m[3] !== undefined) p.default = literal(m[3]);
        return p;
      });
      const deps = h[4] ?? '';
      const amp = deps.indexOf('&&');
      current = {
        name: h[2]!,
        params,
        before: depList(amp >= 0 ? deps.slice(0, amp) : deps),
        after: amp >= 0 ? depList(deps.slice(amp + 2)) : [],
        body: [],
        attributes: attrs,
        line: i + 1,
      };
      jf.recipes.push(current);
      if (attrs.includes('default')) jf.defaultRecipe = h[2]!;
      else jf.defaultRecipe ??= h[2]!;
      attrs = [];
      continue;
    }
    attrs = [];
  }
  return jf;
}

/** Replaces `{{name}}` interpolations with values; an unknown expression becomes an unknown shell value. */
export function interpolateJust(text: string, values: ReadonlyMap<string, string>): string {
  const ESCAPED = '\u{F8FF}'; // `{{{{` is a literal `{{`
  return text.replace(/\{\{\{\{/g, ESCAPED).replace(/\{\{(.*?)\}\}/g, (_m, expr: string) => {
    const e = expr.trim();
    if (values.has(e)) return values.get(e)!;
    const q = /^(?:quote\()?\s*([A-Za-z_][\w-]*)\s*\)?$/.exec(e);
    if (q && values.has(q[1]!)) return values.get(q[1]!)!;
    const env = /^env(?:_var(?:_or_default)?)?\(\s*['"](\w+)['"]/.exec(e);
    if (env) return '${' + env[1] + '}';
    if (/^home_directory\(\)$/.test(e)) return '~';
    if (/^(justfile_directory|invocation_directory)\(\)$/.test(e)) return '.';
    return '${__just_value}';
  }).split(ESCAPED).join('{{');
}
