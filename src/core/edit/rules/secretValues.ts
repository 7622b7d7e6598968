/**
 * Secret values for the secrets pack: a safe preview of a value for messages, how random a string
 * is (entropy, character classes), placeholder values that are clearly not secrets, and the
 * middle-dot convention of the example tables. Nothing here throws on user input.
 */

/**
 * A preview of a secret value that is safe to print in a finding: a short prefix and the length,
 * never the value (`ghp_… (40 chars)`). Not core/redact.ts, which masks secrets inside whole
 * command lines before they are logged.
 */
export function secretPreview(value: string): string {
  const v = value.trim();
  if (v.length <= 8) return `*** (${v.length} chars)`;
  const keep = v.length >= 20 ? 4 : 2;
  return `${v.slice(0, keep)}… (${v.length} chars)`;
}

/** Shannon entropy in bits per character. */
export function entropy(s: string): number {
  if (s.length === 0) return 0;
  const counts = new Map<string, number>();
  for (const ch of s) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let h = 0;
  for (const c of counts.values()) {
    const p = c / s.length;
    h -= p * Math.log2(p);
  }
  return h;
}

/** How many of lowercase, uppercase, digits and symbols a string uses. */
export function charClasses(s: string): number {
  let n = 0;
  if (/[a-z]/.test(s)) n++;
  if (/[A-Z]/.test(s)) n++;
  if (/[0-9]/.test(s)) n++;
  if (/[^A-Za-z0-9]/.test(s)) n++;
  return n;
}

const PLACEHOLDER_WORDS =
  /^(?:x+|\*+|\.+|-+|_+|#+|0+|changeme|change[-_ ]?me|change[-_]?this|replace[-_]?me|placeholder|redacted|hidden|secret|password|passwd|pass|token|apikey|api[-_]?key|key|value|none|null|nil|undefined|empty|todo|tbd|fixme|dummy|fake|test|testing|sample|example|default|foo|bar|baz|foobar|admin|root|user|username|guest|dev|development|local|localhost|postgres|mysql|redis|mongo|pg|app|demo|qwerty|letmein|abc123|123456|1234|12345678)$/i;

/**
 * True when a value is clearly not a real secret: empty, a placeholder word, a template or
 * variable reference (`${X}`, `$X`, `%(x)s`, `{{ x }}`, `<your-key>`), or a run of one repeated character.
 */
export function isPlaceholder(value: string): boolean {
  const v = value.trim().replace(/^["'`]|["'`]$/g, '');
  if (v.length === 0) return true;
  if (PLACEHOLDER_WORDS.test(v)) return true;
  if (/^(.)\1+$/.test(v)) return true;
  if (/\$\{[^}]*\}|\$\(|^\$[{(A-Za-z_]|%\([^)]*\)s|\{\{.*\}\}|^<[^>]*>$|^\[[^\]]*\]$|^%[A-Z_]+%$|^#\{/.test(v)) return true;
  if (/x{4,}|\*{3,}|your[-_ ]|_here\b|<[a-z][^>]*>|example|placeholder|changeme|change[-_]me|dummy|redacted|not[-_ ]?(?:a[-_ ]?)?real|sample|fake|insert[-_ ]|^test[-_]/i.test(v)) {
    return true;
  }
  if (/^(process\.env|os\.environ|os\.getenv|env\(|ENV\[|System\.getenv|Environment\.GetEnvironmentVariable|getenv\()/.test(v)) return true;
  return false;
}

/**
 * Example secrets in rule tables are written with a middle dot (·) breaking the pattern, so the
 * shipped bundle contains nothing a secret scanner (or a person) would take for a real credential;
 * the dot is removed when the table is read.
 */
export function defang(text: string): string {
  return text.replace(/\u00b7/g, '');
}
