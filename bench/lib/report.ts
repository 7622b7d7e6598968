/**
 * What the benchmarks share: finding the repository, percentiles of timings, the result table,
 * and running an async main with its exit code.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** One line of a benchmark's table. */
export interface Row {
  what: string;
  value: string;
  target: string;
  pass: boolean;
}

/** The nearest folder at or above the built benchmark that holds every one of `marks`; else the current folder. */
export function findRoot(...marks: string[]): string {
  let dir = __dirname;
  for (;;) {
    if (marks.every((m) => fs.existsSync(path.join(dir, m)))) return dir;
    const up = path.dirname(dir);
    if (up === dir) return process.cwd();
    dir = up;
  }
}

/** The value at fraction `q` (0..1) of already sorted numbers. */
export function quantile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))]!;
}

function ascending(xs: readonly number[]): number[] {
  return [...xs].sort((a, b) => a - b);
}

/** The median of unsorted numbers. */
export function median(xs: readonly number[]): number {
  return quantile(ascending(xs), 0.5);
}

/** The value at fraction `q` of unsorted numbers; 0 when there are none. */
export function percentile(xs: readonly number[], q: number): number {
  return xs.length === 0 ? 0 : quantile(ascending(xs), q);
}

/** The rows as an indented table, values right-aligned (no header, no final newline). */
export function table(rows: readonly Row[]): string {
  const w1 = Math.max(...rows.map((r) => r.what.length));
  const w2 = Math.max(...rows.map((r) => r.value.length));
  const w3 = Math.max(...rows.map((r) => r.target.length));
  return rows.map((r) => `  ${r.what.padEnd(w1)}  ${r.value.padStart(w2)}  ${r.target.padEnd(w3)}  ${r.pass ? 'PASS' : 'FAIL'}`).join('\n');
}

/** The rows under a `benchmark result target status` header, one line each (ends with a newline). */
export function headedTable(rows: readonly Row[]): string {
  const w = Math.max(...rows.map((x) => x.what.length));
  const v = Math.max(...rows.map((x) => x.value.length));
  const t = Math.max(...rows.map((x) => x.target.length));
  const lines = [`${'benchmark'.padEnd(w)}  ${'result'.padEnd(v)}  ${'target'.padEnd(t)}  status`];
  for (const x of rows) lines.push(`${x.what.padEnd(w)}  ${x.value.padEnd(v)}  ${x.target.padEnd(t)}  ${x.pass ? 'PASS' : 'FAIL'}`);
  return `${lines.join('\n')}\n`;
}

/** Runs `main` and sets the exit code from it; a failure prints one line (after `prefix: ` when given) and exits 1. */
export function runMain(main: () => Promise<number>, prefix?: string): void {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`${prefix !== undefined ? `${prefix}: ` : ''}${e instanceof Error ? e.message : String(e)}\n`);
      process.exitCode = 1;
    },
  );
}
