/**
 * Command patterns: matchers over the PARSED command (program, subcommand, arguments), never
 * over the raw line. Compiled once; matching allocates nothing beyond the joined argument string
 * for `argsRegex`.
 *
 * Matching rules (documented in docs/policy.md):
 * - `command` is compared case-insensitively with the normalised program name; `*` is a wildcard.
 * - `subcommand` (one or a list of alternatives) must equal the command's subcommand. When the
 *   caller gives none, the first argument that does not start with `-` is taken.
 * - every entry of `args` must match some argument; `anyArgs`: at least one must match.
 *   An entry matches an argument when it is equal, or matches it as a glob (`*`); a short-flag
 *   entry `-rf` matches when every letter appears among the short-flag clusters (`-fr`, `-r -f`);
 *   `--opt` also matches `--opt=value`; `--opt=value` also matches `--opt value`.
 * - `argsRegex` is tested against the arguments joined by single spaces, in the linear-time
 *   engine (`../regex.ts`). An invalid regex, or one RE2 cannot run (backreferences,
 *   lookaround), makes the pattern inert (it never matches) and is reported as a problem.
 */
import { compileLinear, escapeRegex, type LinearRegex } from '../regex';
import type { CompiledPattern, PatternInput, PolicyProblem, PolicySource } from './types';
import type { CommandPattern, CommandPatternObject } from './schema';

/** Turns `kubectl delete --all` into its object form. Never throws. */
export function expandShorthand(text: string): CommandPatternObject {
  const words = text.trim().split(/\s+/).filter((w) => w.length > 0);
  const command = words[0] ?? '';
  const rest = words.slice(1);
  const out: CommandPatternObject = { command };
  if (rest.length > 0 && !rest[0]!.startsWith('-')) {
    out.subcommand = rest[0]!;
    rest.shift();
  }
  if (rest.length > 0) out.args = rest;
  return out;
}

type WordTest = (word: string) => boolean;

/** A glob over one whole word, in the linear-time engine (a policy's `a*a*a*…` cannot backtrack). */
function globToRegex(glob: string, caseInsensitive: boolean): LinearRegex | undefined {
  const r = compileLinear(`^${glob.split('*').map(escapeRegex).join('[\\s\\S]*')}$`, { caseInsensitive });
  return r.ok ? r.regex : undefined;
}

/** A test for one word: exact, or glob when it contains `*`. */
function wordTest(glob: string, caseInsensitive = false): WordTest {
  if (glob === '*') return () => true;
  if (glob.includes('*')) {
    const re = globToRegex(glob, caseInsensitive);
    return re ? (w) => re.test(w) : () => false;
  }
  if (caseInsensitive) {
    const lower = glob.toLowerCase();
    return (w) => w.length === lower.length && w.toLowerCase() === lower;
  }
  return (w) => w === glob;
}

const SHORT_CLUSTER = /^-[A-Za-z0-9]+$/;

function isShortCluster(a: string): boolean {
  return a.length >= 2 && a.charCodeAt(0) === 45 && a.charCodeAt(1) !== 45 && SHORT_CLUSTER.test(a);
}

/** A test over the whole argument list for one `args` entry. */
type ArgsTest = (args: readonly string[]) => boolean;

function argTest(entry: string): ArgsTest {
  // -rf: every letter among the short-flag clusters (exact match also counts).
  if (!entry.includes('*') && isShortCluster(entry)) {
    const letters = [...new Set(entry.slice(1))];
    return (args) => {
      for (const a of args) if (a === entry) return true;
      for (const l of letters) {
        let found = false;
        for (const a of args) {
          if (isShortCluster(a) && a.includes(l, 1)) {
            found = true;
            break;
          }
        }
        if (!found) return false;
      }
      return true;
    };
  }
  const exact = wordTest(entry);
  if (entry.startsWith('--') && entry.length > 2) {
    const eq = entry.indexOf('=');
    if (eq < 0) {
      // --opt also matches --opt=value
      const prefix = `${entry}=`;
      const star = entry.includes('*');
      return (args) => {
        for (const a of args) {
          if (exact(a)) return true;
          if (!star && a.startsWith(prefix)) return true;
          if (star) {
            const e = a.indexOf('=');
            if (e > 0 && exact(a.slice(0, e))) return true;
          }
        }
        return false;
      };
    }
    // --opt=value also matches `--opt value`
    const name = entry.slice(0, eq);
    const value = wordTest(entry.slice(eq + 1));
    const nameTest = wordTest(name);
    return (args) => {
      for (let i = 0; i < args.length; i++) {
        const a = args[i]!;
        if (exact(a)) return true;
        if (nameTest(a) && i + 1 < args.length && value(args[i + 1]!)) return true;
      }
      return false;
    };
  }
  return (args) => {
    for (const a of args) if (exact(a)) return true;
    return false;
  };
}

/** The subcommand the caller gave, or the first argument that is not an option. */
export function subcommandOf(cmd: PatternInput): string | undefined {
  if (cmd.subcommand !== undefined) return cmd.subcommand === '' ? undefined : cmd.subcommand;
  for (const a of cmd.args) if (!a.startsWith('-')) return a;
  return undefined;
}

/** A human-readable form of a pattern, for reasons and logs. */
export function patternLabel(p: CommandPattern): string {
  if (typeof p === 'string') return p.trim().split(/\s+/).join(' ');
  const parts = [p.command];
  if (p.subcommand !== undefined) parts.push(Array.isArray(p.subcommand) ? p.subcommand.join('|') : p.subcommand);
  if (p.args) parts.push(...p.args);
  if (p.anyArgs) parts.push(`(${p.anyArgs.join('|')})`);
  if (p.argsRegex !== undefined) parts.push(`/${p.argsRegex}/`);
  return parts.join(' ');
}

export interface CompileResult {
  pattern: CompiledPattern;
  problems: PolicyProblem[];
}

const NEVER = (): boolean => false;

/**
 * Compiles a validated pattern. `path` is where it was written (`deny[2]`), used in problems.
 * Never throws: a bad regex yields an inert pattern and a problem at `<path>.argsRegex`.
 */
export function compilePattern(p: CommandPattern, path: string, source: PolicySource): CompileResult {
  const obj = typeof p === 'string' ? expandShorthand(p) : p;
  const label = patternLabel(p);
  const problems: PolicyProblem[] = [];
  let regex: LinearRegex | undefined;
  if (obj.argsRegex !== undefined) {
    const r = compileLinear(obj.argsRegex);
    if (!r.ok) {
      problems.push({
        source,
        path: `${path}.argsRegex`,
        message: `invalid regular expression (${r.message}); this entry never matches until it is fixed`,
        // the character in the expression (resolve.ts turns it into a position in the file)
        ...(r.column !== undefined ? { column: r.column } : {}),
      });
      return { pattern: { label, path, source, valid: false, matches: NEVER }, problems };
    }
    regex = r.regex;
  }
  if (!obj.command) {
    problems.push({ source, path, message: 'empty pattern; this entry never matches' });
    return { pattern: { label, path, source, valid: false, matches: NEVER }, problems };
  }
  const command = wordTest(obj.command, true);
  const subs = obj.subcommand === undefined ? undefined : (Array.isArray(obj.subcommand) ? obj.subcommand : [obj.subcommand]).map((s) => wordTest(s));
  const all = (obj.args ?? []).map(argTest);
  const any = obj.anyArgs?.map(argTest);
  const re = regex;
  const matches = (cmd: PatternInput): boolean => {
    if (!command(cmd.program)) return false;
    if (subs) {
      const sub = subcommandOf(cmd);
      if (sub === undefined) return false;
      let ok = false;
      for (const s of subs) {
        if (s(sub)) {
          ok = true;
          break;
        }
      }
      if (!ok) return false;
    }
    for (const t of all) if (!t(cmd.args)) return false;
    if (any) {
      let ok = false;
      for (const t of any) {
        if (t(cmd.args)) {
          ok = true;
          break;
        }
      }
      if (!ok) return false;
    }
    if (re && !re.test(cmd.args.join(' '))) return false;
    return true;
  };
  return { pattern: { label, path, source, valid: true, matches }, problems };
}

/** Convenience for one-off checks (tests, the CLI): compiles and matches. Invalid patterns never match. */
export function matchesPattern(p: CommandPattern, cmd: PatternInput): boolean {
  return compilePattern(p, '', 'user').pattern.matches(cmd);
}
