/**
 * Edit engine speed (issue targets):
 *   - a 2,000-line file with a 200-line change (20 scattered hunks) analysed in < 10 ms p50;
 *   - >= 1,000 typical files per second through the built `dist/cli.js check-edit --stdin --jsonl`
 *     (process start included);
 *   - a 10,000-line file with a whole-file rewrite in < 100 ms p50.
 * Each target is measured for SQL, Terraform, Kubernetes YAML and TypeScript files.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeEdit } from '../src/core/edit/analyze';
import { findRoot, headedTable, median, type Row } from './lib/report';

const RUNS = Number(process.env['BLAST_RADIUS_BENCH_RUNS'] ?? 30);

function rng(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    return s / 0x7fffffff;
  };
}

type Kind = 'sql' | 'terraform' | 'k8s' | 'typescript';
const PATHS: Record<Kind, string> = {
  sql: 'db/migrations/0100_bench.sql',
  terraform: 'infra/bench/main.tf',
  k8s: 'deploy/bench/all.yaml',
  typescript: 'src/bench/service.ts',
};

/** A chunk of realistic text for `kind`, about `lines` lines long, varied by `r`. */
function chunk(kind: Kind, i: number, r: () => number): string[] {
  const n = Math.floor(r() * 1000);
  switch (kind) {
    case 'sql':
      return [
        `-- step ${i}`,
        `CREATE TABLE t_${i}_${n} (`,
        '    id          bigserial PRIMARY KEY,',
        `    ref_${n}    text        NOT NULL,`,
        '    created_at  timestamptz NOT NULL DEFAULT now()',
        ');',
        `CREATE INDEX CONCURRENTLY idx_t_${i}_${n} ON t_${i}_${n} (created_at);`,
        `UPDATE t_${i}_${n} SET ref_${n} = 'x' WHERE id < ${n};`,
        `INSERT INTO audit (msg) VALUES ('step ${i}');`,
        '',
      ];
    case 'terraform':
      return [
        `resource "aws_s3_bucket" "b_${i}_${n}" {`,
        `  bucket = "acme-${i}-${n}"`,
        '  tags = {',
        `    Team = "team-${n % 7}"`,
        '  }',
        '',
        '  lifecycle {',
        '    prevent_destroy = true',
        '  }',
        '}',
        '',
      ];
    case 'k8s':
      return [
        '---',
        'apiVersion: apps/v1',
        'kind: Deployment',
        'metadata:',
        `  name: svc-${i}-${n}`,
        'spec:',
        `  replicas: ${1 + (n % 5)}`,
        '  template:',
        '    spec:',
        '      containers:',
        `        - name: app-${i}`,
        `          image: registry.example/app:${n}`,
      ];
    case 'typescript':
      return [
        `export function handler${i}_${n}(input: Input): Output {`,
        `  const value = compute(input.a, ${n});`,
        '  if (value > LIMIT) {',
        `    log.warn('limit', { value, step: ${i} });`,
        '    return { ok: false };',
        '  }',
        '  return { ok: true, value };',
        '}',
        '',
      ];
  }
}

function file(kind: Kind, lines: number, seed: number): string[] {
  const r = rng(seed);
  const out: string[] = [];
  for (let i = 0; out.length < lines; i++) out.push(...chunk(kind, i, r));
  return out.slice(0, lines);
}

/** Change 200 lines of a 2,000-line file in 20 scattered hunks of 10 lines. */
function scattered(lines: string[], kind: Kind): string[] {
  const after = lines.slice();
  const r = rng(99);
  for (let h = 0; h < 20; h++) {
    const at = h * 100 + 40;
    const repl = file(kind, 10, 1000 + h).map((l) => l.replace(/\d+/g, (d) => String(Number(d) + 7 + Math.floor(r() * 3))));
    after.splice(at, 10, ...repl);
  }
  return after;
}

function timeAnalyze(p: string, before: string, after: string): number {
  const times: number[] = [];
  for (let i = 0; i < RUNS + 3; i++) {
    const t0 = process.hrtime.bigint();
    const v = analyzeEdit({ path: p, before, after });
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    if (v.skipped) throw new Error(`bench input skipped: ${v.skipped.detail}`);
    if (i >= 3) times.push(ms);
  }
  return median(times);
}

function main(): number {
  const rows: Row[] = [];
  const kinds: Kind[] = ['sql', 'terraform', 'k8s', 'typescript'];

  for (const k of kinds) {
    const before = file(k, 2000, 1);
    const after = scattered(before, k);
    const ms = timeAnalyze(PATHS[k], `${before.join('\n')}\n`, `${after.join('\n')}\n`);
    rows.push({ what: `2,000 lines, 200 changed (${k})`, value: `${ms.toFixed(2)} ms p50`, target: '< 10 ms', pass: ms < 10 });
  }
  for (const k of kinds) {
    const before = file(k, 10000, 2);
    const after = file(k, 10000, 3);
    const ms = timeAnalyze(PATHS[k], `${before.join('\n')}\n`, `${after.join('\n')}\n`);
    rows.push({ what: `10,000-line rewrite (${k})`, value: `${ms.toFixed(2)} ms p50`, target: '< 100 ms', pass: ms < 100 });
  }

  // Throughput through the built CLI: typical files (40–400 lines, a few changed lines).
  const root = findRoot('package.json', 'dist/cli.js');
  const cli = path.join(root, 'dist', 'cli.js');
  if (!fs.existsSync(cli)) {
    process.stderr.write(`bench/edit: ${cli} is missing; run 'node esbuild.js' first.\n`);
    return 1;
  }
  const COUNT = 4000;
  const r = rng(5);
  const input: string[] = [];
  for (let i = 0; i < COUNT; i++) {
    const k = kinds[i % kinds.length]!;
    const n = 40 + Math.floor(r() * 360);
    const before = file(k, n, 100 + i);
    const after = before.slice();
    for (let c = 0; c < 3; c++) after[Math.floor(r() * n)] = chunk(k, i + c, r)[1]!;
    input.push(JSON.stringify({ path: PATHS[k].replace('bench', `bench${i}`), before: `${before.join('\n')}\n`, after: `${after.join('\n')}\n` }));
  }
  const payload = `${input.join('\n')}\n`;
  const t0 = process.hrtime.bigint();
  const res = spawnSync(process.execPath, [cli, 'check-edit', '--stdin', '--jsonl'], { input: payload, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const sec = Number(process.hrtime.bigint() - t0) / 1e9;
  const outLines = res.stdout.trim().split('\n').length;
  if (res.status !== 0 || outLines !== COUNT) {
    process.stderr.write(`bench/edit: check-edit --stdin --jsonl exited ${res.status} with ${outLines} lines: ${res.stderr}\n`);
    return 1;
  }
  const rate = COUNT / sec;
  rows.push({
    what: `check-edit --stdin --jsonl, ${COUNT} files (${(payload.length / 1e6).toFixed(1)} MB)`,
    value: `${Math.round(rate)} files/s`,
    target: '>= 1,000 files/s',
    pass: rate >= 1000,
  });

  process.stdout.write(headedTable(rows));
  return rows.every((x) => x.pass) ? 0 : 1;
}

process.exitCode = main();
