/**
 * Helpers shared by the cicd, secrets, code and deps packs: redaction of secret values, string
 * entropy, edit distance, comment detection and placeholder values. Nothing here throws on user input.
 */
// ---------------------------------------------------------------------------------------------
// Secrets

/** A form of a secret safe to print: a short prefix and the length, never the value. */
export function redact(value: string): string {
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

// ---------------------------------------------------------------------------------------------
// Text

/** Damerau–Levenshtein distance (optimal string alignment), stopping early above `max`. */
export function editDistance(a: string, b: string, max = 3): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const n = a.length;
  const m = b.length;
  let prev2 = new Array<number>(m + 1).fill(0);
  let prev = Array.from({ length: m + 1 }, (_, j) => j);
  for (let i = 1; i <= n; i++) {
    const cur = new Array<number>(m + 1).fill(0);
    cur[0] = i;
    let rowMin = cur[0];
    for (let j = 1; j <= m; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2]! + 1);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    prev2 = prev;
    prev = cur;
  }
  return prev[m]!;
}

/** True when a line, trimmed, is a whole-line comment in common languages (not Rust/C# attributes). */
export function isCommentLine(text: string): boolean {
  const t = text.trimStart();
  if (t.startsWith('//') || t.startsWith('/*') || t.startsWith('* ') || t === '*' || t.startsWith('*/')) return true;
  if (t.startsWith('#') && !t.startsWith('#[') && !t.startsWith('#!') && !t.startsWith('#{')) return true;
  if (t.startsWith('--') && !t.startsWith('---')) return true;
  if (t.startsWith('<!--') || t.startsWith(';')) return true;
  return false;
}

/** Lowercase letter/digit runs of a text, trailing digits dropped: `deploy-prod1 EU` → deploy, prod, eu. */
export function nameParts(text: string): string[] {
  const out: string[] = [];
  for (const m of text.toLowerCase().matchAll(/[a-z0-9]+/g)) {
    const part = m[0].replace(/[0-9]+$/, '');
    if (part !== '') out.push(part);
  }
  return out;
}

/** Lines of text that are not blank. */
export function nonBlankCount(lines: readonly string[]): number {
  let n = 0;
  for (const l of lines) if (l.trim() !== '') n++;
  return n;
}

/** Whitespace-normalised form of a line, as the framework's `newlyAdded` uses. */
export function norm(s: string): string {
  return s.trim().replace(/\s+/g, ' ');
}

/** Counts of each whitespace-normalised line, to compare multisets of lines. */
export function lineBag(lines: readonly string[]): Map<string, number> {
  const bag = new Map<string, number>();
  for (const l of lines) {
    const k = norm(l);
    if (k !== '') bag.set(k, (bag.get(k) ?? 0) + 1);
  }
  return bag;
}

/**
 * Example secrets in rule tables are written with a middle dot (·) breaking the pattern, so the
 * shipped bundle contains nothing a secret scanner (or a person) would take for a real credential;
 * the dot is removed when the table is read.
 */
export function defang(text: string): string {
  return text.replace(/\u00b7/g, '');
}
