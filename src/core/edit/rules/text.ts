/**
 * Text helpers for edit rules: edit distance, whole-line comments, name parts and blank lines.
 * Nothing here throws on user input.
 */

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
