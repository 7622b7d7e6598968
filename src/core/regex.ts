/**
 * Regular expressions that come from people's configuration (a policy's `argsRegex`, its globs,
 * sign-off identity patterns, exclude globs from settings) run in a linear-time engine: re2js,
 * a pure-JS port of RE2. A JavaScript `RegExp` backtracks, so `^(a+)+$` against forty `a`s and a
 * `b` runs for minutes; in RE2 every match takes time linear in the input, whatever the pattern.
 *
 * RE2 has no backreferences (`\1`) and no lookaround (`(?=`, `(?!`, `(?<=`, `(?<!`): such a
 * pattern is refused when it is compiled, with a message that says what and where (the
 * 1-based character of the offending part), never silently run in the backtracking engine.
 * JavaScript spellings RE2 lacks (`\uXXXX`, `(?<name>…)`, `\cX`) are translated first.
 *
 * Never throws.
 */
import { RE2JS } from 're2js';

/** A compiled expression: `test` finds a match anywhere in the text (like `RegExp.test`). */
export interface LinearRegex {
  readonly source: string;
  test(text: string): boolean;
}

export type LinearRegexResult = { ok: true; regex: LinearRegex } | { ok: false; message: string; column?: number };

export interface LinearRegexOptions {
  caseInsensitive?: boolean;
}

/** Why RE2 refuses what JavaScript accepts, for the message. */
function unsupported(source: string): { what: string; at: number } | undefined {
  const checks: [RegExp, string][] = [
    [/\(\?<?[=!]/, 'lookaround (`(?=`, `(?!`, `(?<=`, `(?<!`)'],
    [/\\[1-9]|\\k</, 'a backreference (`\\1`, `\\k<name>`)'],
  ];
  for (const [re, what] of checks) {
    // skip escaped backslashes so `\\1` (a backslash and a 1) is not taken for a backreference
    const m = re.exec(source.replace(/\\\\/g, '__'));
    if (m) return { what, at: m.index };
  }
  return undefined;
}

/**
 * Compiles `source` (JavaScript regular expression syntax) for linear-time matching. The result
 * says why it cannot be when it cannot: "lookaround … is not supported …, at character 4".
 */
export function compileLinear(source: string, options: LinearRegexOptions = {}): LinearRegexResult {
  const bad = unsupported(source);
  if (bad) {
    return {
      ok: false,
      message: `${bad.what} at character ${bad.at + 1} is not supported: policies' expressions run in a linear-time engine (RE2) so that no expression can stall a check; rewrite it without it`,
      column: bad.at + 1,
    };
  }
  try {
    const translated = RE2JS.translateRegExp(source);
    const re = RE2JS.compile(translated, options.caseInsensitive ? RE2JS.CASE_INSENSITIVE : 0);
    return { ok: true, regex: { source, test: (text) => re.test(text) } };
  } catch (e) {
    const detail = e instanceof Error ? e.message.replace(/^error parsing regexp: /, '') : String(e);
    const fragment = /`([^`]*)`/.exec(detail)?.[1];
    const at = fragment ? source.indexOf(fragment) : -1;
    const where = at >= 0 ? ` at character ${at + 1}` : '';
    return { ok: false, message: `${detail}${where}`, ...(at >= 0 ? { column: at + 1 } : {}) };
  }
}

/** Escapes a literal for use inside an expression (the same in RE2 and JavaScript). */
export function escapeRegex(literal: string): string {
  return literal.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}
