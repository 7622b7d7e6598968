/**
 * Turns zod issues into one-line messages a person can act on, with the JSON path of the value:
 * `severity.high: expected one of allow, confirm, deny, got "yes"`; and renders a policy problem
 * as one line for logs, the Problems panel or stderr.
 */
import type { z } from 'zod';
import type { PolicyProblem } from './types';

const SOURCE_NAMES = {
  default: 'defaults',
  system: 'system policy',
  managed: 'managed settings',
  user: 'user settings',
  workspace: 'workspace settings',
  file: 'policy file',
} as const;

/** What is wrong, at which value: `severity.high: expected …` (just the message for the whole document). */
export function problemDetail(p: Pick<PolicyProblem, 'path' | 'message'>): string {
  return `${p.path ? `${p.path}: ` : ''}${p.message}`;
}

/** One line for logs, the Problems panel or stderr: `policy file:3:5: severity.high: expected …`. */
export function formatProblem(p: PolicyProblem, fileName?: string): string {
  const where = p.source === 'file' && fileName ? fileName : (p.file ?? SOURCE_NAMES[p.source]);
  const pos = p.line !== undefined ? `:${p.line}:${p.column ?? 1}` : '';
  return `${where}${pos}: ${problemDetail(p)}`;
}

type Path = readonly PropertyKey[];

/** `deny[2].argsRegex` from `['deny', 2, 'argsRegex']`. */
export function formatPath(path: Path): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (typeof seg === 'string' && /^[A-Za-z_$][\w$]*$/.test(seg)) out += out ? `.${seg}` : seg;
    else out += `[${JSON.stringify(String(seg))}]`;
  }
  return out;
}

/** The segments of a path written by `formatPath` (`deny[2].argsRegex` → deny, 2, argsRegex); undefined when it is not one. */
export function parsePath(text: string): Array<string | number> | undefined {
  const out: Array<string | number> = [];
  const re = /(?:^|\.)([A-Za-z_$][\w$]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]/y;
  while (re.lastIndex < text.length) {
    const m = re.exec(text);
    if (!m) return undefined;
    out.push(m[1] ?? (m[2] !== undefined ? Number(m[2]) : (JSON.parse(m[3]!) as string)));
  }
  return out;
}

/** The value at a path inside a JSON value, or undefined. */
export function valueAt(root: unknown, path: Path): unknown {
  let v: unknown = root;
  for (const seg of path) {
    if (v === null || typeof v !== 'object' || !Object.hasOwn(v, seg)) return undefined;
    v = (v as Record<PropertyKey, unknown>)[seg];
  }
  return v;
}

/** A short description of a JSON value for "got …". */
export function describeValue(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'string') {
    const s = v.length > 40 ? `${v.slice(0, 37)}…` : v;
    return JSON.stringify(s);
  }
  return String(v);
}

function typeName(expected: string): string {
  switch (expected) {
    case 'int':
      return 'a whole number';
    case 'number':
      return 'a number';
    case 'string':
      return 'a string';
    case 'array':
      return 'a list';
    case 'object':
      return 'an object';
    case 'boolean':
      return 'true or false';
    default:
      return expected;
  }
}

function levenshtein(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j]!;
      prev[j] = Math.min(prev[j]! + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length]!;
}

/** The closest known key, when it is close enough to be a likely typo. */
export function closest(word: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  for (const k of known) {
    const d = levenshtein(word.toLowerCase(), k.toLowerCase());
    if (d < bestD) {
      bestD = d;
      best = k;
    }
  }
  return best !== undefined && bestD <= Math.max(1, Math.floor(best.length / 3)) ? best : undefined;
}

export interface FormattedIssue {
  path: Path;
  message: string;
  /** The problem is the key itself (an unknown key), not its value. */
  key?: boolean;
}

/**
 * One message per problem. `input` is the validated value (for "got …"); `knownKeys` gives the
 * allowed keys of an object at a path (for "did you mean …").
 */
export function formatIssues(
  issues: readonly z.core.$ZodIssue[],
  input: unknown,
  knownKeys: (path: Path) => readonly string[],
  base: Path = [],
): FormattedIssue[] {
  const out: FormattedIssue[] = [];
  for (const issue of issues) {
    const path = [...base, ...issue.path];
    const got = describeValue(valueAt(input, path));
    switch (issue.code) {
      case 'invalid_value': {
        const values = issue.values.map((v) => (typeof v === 'string' ? v : JSON.stringify(v)));
        const want = values.length === 1 ? values[0]! : `one of ${values.join(', ')}`;
        out.push({ path, message: `expected ${want}, got ${got}` });
        break;
      }
      case 'invalid_type':
        out.push({ path, message: `expected ${typeName(issue.expected)}, got ${got}` });
        break;
      case 'unrecognized_keys': {
        const known = knownKeys(path);
        for (const key of issue.keys) {
          const near = closest(key, known);
          const hint = near ? `; did you mean "${near}"?` : known.length ? `; known keys: ${known.join(', ')}` : '';
          out.push({ path: [...path, key], message: `unknown key "${key}"${hint}`, key: true });
        }
        break;
      }
      case 'too_small':
      case 'too_big': {
        const small = issue.code === 'too_small';
        const limit = Number(small ? issue.minimum : issue.maximum);
        let message: string;
        if (issue.origin === 'string') {
          message = small && limit <= 1 ? 'must not be empty' : `must be ${small ? 'at least' : 'at most'} ${limit} characters long`;
        } else if (issue.origin === 'array') {
          message = small ? `must have at least ${limit} ${limit === 1 ? 'entry' : 'entries'}` : `must have at most ${limit} entries`;
        } else {
          message = `must be ${small ? 'at least' : 'at most'} ${limit}, got ${got}`;
        }
        out.push({ path, message });
        break;
      }
      case 'invalid_format':
        out.push({ path, message: `${issue.message}, got ${got}` });
        break;
      case 'invalid_union': {
        // Report the branch that fits the value's kind (a string, or an object), else a summary.
        const value = valueAt(input, path);
        const fits = typeof value === 'string' || (typeof value === 'object' && value !== null);
        const branch = issue.errors.find((errs) => errs.length > 0 && !errs.every((e) => e.code === 'invalid_type' && e.path.length === 0));
        if (fits && branch) {
          out.push(...formatIssues(branch, input, knownKeys, path));
        } else if (path[path.length - 1] === 'subcommand') {
          out.push({ path, message: `expected a word or a list of words, got ${got}` });
        } else {
          out.push({ path, message: `expected a command such as "kubectl delete" or a pattern object with "command", got ${got}` });
        }
        break;
      }
      default:
        out.push({ path, message: issue.message });
    }
  }
  return out;
}
