/** Numbers and lists as the probes' sentences write them: `1,284 files`, `2.1 MB`, `a, b and 3 more`. */

/** `1,284` */
export function num(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

/** `1 file`, `3 files`, `at least 50,000 files`. */
export function count(n: number, singular: string, plural = `${singular}s`, atLeast = false): string {
  return `${atLeast ? 'at least ' : ''}${num(n)} ${n === 1 ? singular : plural}`;
}

/** `0 bytes`, `512 bytes`, `4.0 KB`, `12.5 MB`, `1.2 GB` (powers of 1024). */
export function bytes(n: number): string {
  if (n < 1024) return `${num(n)} ${n === 1 ? 'byte' : 'bytes'}`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let v = n / 1024;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${v.toFixed(1)} ${units[u]!}`;
}

/** `a`, `a and b`, `a, b and c`, `a, b, c and 4 more` (at most `shown` names). */
export function list(items: readonly string[], total = items.length, shown = 3): string {
  const head = items.slice(0, Math.min(shown, total));
  const rest = total - head.length;
  if (head.length === 0) return '';
  if (rest > 0) return `${head.join(', ')} and ${num(rest)} more`;
  if (head.length === 1) return head[0]!;
  return `${head.slice(0, -1).join(', ')} and ${head[head.length - 1]!}`;
}

/** `+120 −8` */
export function lineDelta(added: number, removed: number): string {
  return `+${num(added)} \u2212${num(removed)}`;
}

/** `3 hours ago`, `2 days ago`, `just now`. */
export function ago(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return 'just now';
  const steps: [number, string][] = [
    [60, 'minute'],
    [3600, 'hour'],
    [86400, 'day'],
  ];
  let unit = steps[0]!;
  for (const st of steps) if (s >= st[0]) unit = st;
  const v = Math.floor(s / unit[0]);
  return `${v} ${unit[1]}${v === 1 ? '' : 's'} ago`;
}
