/**
 * Probe performance on a repository of 10,000 committed files (built in a temporary folder:
 * 100 folders of 100 files, a few modified and untracked files, 500 files of ignored build
 * output, a stash and an unmerged branch), printed as a table with targets:
 *
 *   local probes, p95 over typical lines     measureLine, local class, after warm-up       ≤ 50 ms
 *   … each line, p50 / p95                   (reported)
 *   git process start, p50                   `git --version` through the same runner       (reported: the floor under every git probe)
 *   CPU per probe, mean                      the bench's own CPU plus its git children's   (reported: what a probe costs
 *                                            (/proc/self/stat), over all timed runs         whatever the load; wall time on a
 *                                                                                           busy machine is mostly waiting)
 *   check --stdin --jsonl stays static       see bench/command.ts (probes run only with --probe)
 *
 * The machine may be shared: the load average is printed, and the ratio of a probe to a bare
 * git start says how much of a probe is process start. Not a timed test: it reports.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createCommandAnalyzer } from '../src/core/command/analyze';
import type { CommandContext } from '../src/core/command/rule';
import { measureLine } from '../src/core/probe/index';
import { runBounded } from '../src/core/run';
import { median, percentile, runMain, table, type Row } from './lib/report';

const FOLDERS = 100;
const PER_FOLDER = 100;
const ROUNDS = 15;
const BUDGET_MS = 50;

const LINES = [
  'git checkout -- src/d5/f5.ts',
  'git checkout -- .',
  'git restore src/d7',
  'git reset --hard',
  'git clean -fd',
  'git stash drop',
  'git branch -D spike',
  'rm -rf src/d9',
  'rm -rf dist',
  'rm notes.md',
  ': > src/d1/f1.ts',
];

/**
 * CPU milliseconds used so far by this process and its finished children (git): user + system
 * of both, from /proc/self/stat (children's in clock ticks, so only sums over many runs mean
 * much). Undefined where there is no /proc.
 */
function cpuMs(): number | undefined {
  let stat: string;
  try {
    stat = fs.readFileSync('/proc/self/stat', 'utf8');
  } catch {
    return undefined;
  }
  // fields after the command name (which may hold spaces) start at field 3; cutime and cstime are 16 and 17
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const tickMs = 1000 / 100; // USER_HZ is 100 on Linux
  const self = process.cpuUsage();
  return (Number(f[13]) + Number(f[14])) * tickMs + (self.user + self.system) / 1000;
}

function git(cwd: string, ...args: string[]): void {
  const r = spawnSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1' } });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
}

/** The 10,000-file repository, in a realistic state (index fresh, a little work in progress). */
function buildRepo(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'br-bench-probes-'));
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'config', 'user.email', 'bench@example.com');
  git(dir, 'config', 'user.name', 'Bench');
  git(dir, 'config', 'commit.gpgsign', 'false');
  const old = new Date(Date.now() - 3600_000);
  for (let d = 0; d < FOLDERS; d++) {
    const folder = path.join(dir, 'src', `d${d}`);
    fs.mkdirSync(folder, { recursive: true });
    for (let f = 0; f < PER_FOLDER; f++) {
      const file = path.join(folder, `f${f}.ts`);
      fs.writeFileSync(file, `export const v${d}_${f} = ${f};\n`.repeat(20));
      fs.utimesSync(file, old, old);
    }
  }
  fs.writeFileSync(path.join(dir, '.gitignore'), 'dist/\n');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'ten thousand files');
  git(dir, 'branch', 'spike');
  git(dir, 'checkout', '-q', 'spike');
  fs.writeFileSync(path.join(dir, 'src', 'spike.ts'), 'export const spike = 1;\n');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'spike');
  git(dir, 'checkout', '-q', 'main');
  fs.appendFileSync(path.join(dir, 'src', 'd3', 'f3.ts'), 'stashed();\n');
  git(dir, 'stash', '-q');
  git(dir, 'status', '--porcelain'); // a fresh index, as a working repository has
  for (const f of ['src/d5/f5.ts', 'src/d7/f1.ts', 'src/d1/f1.ts']) fs.appendFileSync(path.join(dir, f), 'work();\n');
  fs.writeFileSync(path.join(dir, 'notes.md'), 'notes\n');
  fs.writeFileSync(path.join(dir, 'src', 'd9', 'new.ts'), 'new\n');
  fs.mkdirSync(path.join(dir, 'dist'));
  for (let i = 0; i < 500; i++) fs.writeFileSync(path.join(dir, 'dist', `chunk${i}.js`), 'x'.repeat(200));
  return dir;
}

async function main(): Promise<number> {
  const dir = buildRepo();
  try {
    const analyzer = await createCommandAnalyzer();
    const ctx: CommandContext = { shell: 'bash', cwd: dir, workspaceRoot: dir, home: os.homedir(), env: { HOME: os.homedir(), PATH: process.env.PATH ?? '/usr/bin:/bin' } };
    const parsed = LINES.map((l) => analyzer.parse(l));
    // Warm up: the first parse compiles the grammars' code, git's caches fill.
    for (const p of parsed) await measureLine(p, ctx, { classes: ['local'] });
    const all: number[] = [];
    const per = new Map<string, number[]>();
    let failed = '';
    const cpu0 = cpuMs();
    for (let r = 0; r < ROUNDS; r++) {
      for (let i = 0; i < LINES.length; i++) {
        const t0 = performance.now();
        const m = await measureLine(parsed[i]!, ctx, { classes: ['local'] });
        const ms = performance.now() - t0;
        if (m?.probes.some((p) => p.status !== 'measured')) failed ||= `${LINES[i]}: ${m.probes[0]!.sentence}`;
        all.push(ms);
        per.set(LINES[i]!, [...(per.get(LINES[i]!) ?? []), ms]);
      }
    }
    const cpu1 = cpuMs();
    const starts: number[] = [];
    for (let i = 0; i < 30; i++) {
      const t0 = performance.now();
      await runBounded('git', ['--version'], { cwd: dir });
      starts.push(performance.now() - t0);
    }
    const p95 = percentile(all, 0.95);
    const start = median(starts);
    const rows: Row[] = [
      { what: `local probes on ${(FOLDERS * PER_FOLDER).toLocaleString('en')} files, p95 (${all.length} runs of ${LINES.length} lines)`, value: `${p95.toFixed(1)} ms`, target: `≤ ${BUDGET_MS} ms`, pass: p95 <= BUDGET_MS },
      { what: 'local probes, p50', value: `${median(all).toFixed(1)} ms`, target: '(reported)', pass: true },
      { what: 'git process start, p50 (the floor under each git call)', value: `${start.toFixed(1)} ms`, target: '(reported)', pass: true },
      { what: 'probe p50 / git start p50', value: `${(median(all) / start).toFixed(1)}×`, target: '(reported)', pass: true },
      {
        what: 'CPU per probe, mean (this process + its git children)',
        value: cpu0 !== undefined && cpu1 !== undefined ? `${((cpu1 - cpu0) / all.length).toFixed(1)} ms` : 'n/a (no /proc)',
        target: '(reported)',
        pass: true,
      },
      { what: 'every probe measured (none failed or timed out)', value: failed ? 'no' : 'yes', target: 'yes', pass: !failed },
    ];
    for (const [line, xs] of per) rows.push({ what: `  ${line}`, value: `${median(xs).toFixed(1)} / ${percentile(xs, 0.95).toFixed(1)} ms`, target: 'p50 / p95', pass: true });
    process.stdout.write(`Probes (${os.cpus().length} CPUs, node ${process.version}, git ${spawnSync('git', ['--version'], { encoding: 'utf8' }).stdout.trim().replace('git version ', '')}, load average ${os.loadavg()[0]!.toFixed(1)} at the end)\n`);
    process.stdout.write(`${table(rows)}\n`);
    if (failed) process.stdout.write(`  not measured: ${failed}\n`);
    return rows.every((r) => r.pass) ? 0 : 1;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

runMain(main, 'bench/probes');
