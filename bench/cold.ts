/**
 * Cold paths: what a fresh process pays before its first verdict, and that no later line pays a
 * first-use cost (a grammar or rule code compiled on first use).
 *
 *   first judgement   fresh process, engine bundled: createCommandAnalyzer() + analyze(line),
 *                     median of RUNS processes per first line (bash, PowerShell, pwsh -Command …)   ≤ 150 ms
 *   later lines       in the same processes, after the idle-time warm-up that long-lived processes
 *                     run (src/core/command/warmUp.ts), every line of the labelled corpus judged
 *                     once; each line's median over the processes, the slowest one reported      ≤ 5 ms
 *   CLI               dist/cli.js `check --no-probe -- LINE`, `check --shell pwsh`, `check --stdin
 *                     --jsonl` (one line; a measured line reported beside them): median wall time of 3 × RUNS starts, over a bare `node -e ''`
 *                     start measured alongside, and as a ratio of it                                ≤ 3 × bare
 *
 * Three kinds of process are measured: as under Node.js (the CLI, the hook judge, a VS Code Server
 * extension host: the grammars on V8's baseline compiler, src/core/shell/wasmCompiler.ts), the
 * same without the warm-up (reported, to show what it saves), and with V8's optimising compiler
 * too, as in the desktop editor's Electron extension host (the process stays alive, as the host
 * does).
 * Medians, because the machine may be shared: one sample preempted by another process says
 * nothing about the code. BLAST_RADIUS_BENCH_RUNS sets the processes per first line (default 5).
 *
 * The same bundle runs its child measurements: `--child node|no-warm-up|optimising INDEX`.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createCommandAnalyzer } from '../src/core/command/analyze';
import type { CommandContext } from '../src/core/command/rule';
import { warmUp } from '../src/core/command/warmUp';
import type { ShellKind } from '../src/core/shell/model';
import { findRoot, median, percentile, runMain, table, type Row } from './lib/report';

const RUNS = Number(process.env['BLAST_RADIUS_BENCH_RUNS'] ?? 5);
const FIRST_MS = 150;
/** A CLI start may take this many times a bare `node -e ''` start (a ratio: the machine may be shared). */
const CLI_RATIO = 3;
const LATER_MS = 5;

interface Line {
  line: string;
  shell: ShellKind;
}

/** The first lines: every kind of line a process may see first. */
const FIRSTS: readonly Line[] = [
  { line: 'ls -la', shell: 'bash' },
  { line: 'git push --force origin main', shell: 'bash' },
  { line: "bash -c 'rm -rf build'", shell: 'bash' },
  { line: 'Remove-Item -Recurse -Force build', shell: 'pwsh' },
  { line: 'pwsh -Command "Remove-Item -Recurse -Force build"', shell: 'bash' },
  { line: 'powershell.exe -NoProfile -Command "Get-ChildItem | Remove-Item"', shell: 'bash' },
];

/**
 * How the child runs: as under Node.js (the CLI, the hook judge, a VS Code Server or code-server
 * extension host: the baseline wasm compiler), the same without the warm-up (to show what it
 * saves), or with V8's optimising wasm compiler too, as the desktop editor's Electron extension
 * host runs it (src/core/shell/wasmCompiler.ts).
 */
type Mode = 'node' | 'no-warm-up' | 'optimising';
const MODES: Readonly<Record<Mode, string>> = { node: 'Node.js', 'no-warm-up': 'Node.js, no warm-up', optimising: 'optimising wasm compiler (Electron)' };

const root = findRoot('package.json', 'test/fixtures/commands/corpus.jsonl');

/** Every line of the labelled corpus with its shell, then the first lines. */
function laterLines(): Line[] {
  const out: Line[] = [];
  const file = path.join(root, 'test', 'fixtures', 'commands', 'corpus.jsonl');
  for (const raw of fs.readFileSync(file, 'utf8').split('\n')) {
    if (!raw.trim()) continue;
    const row = JSON.parse(raw) as { cmd?: unknown; ctx?: { shell?: ShellKind } };
    if (typeof row.cmd === 'string') out.push({ line: row.cmd, shell: row.ctx?.shell ?? 'bash' });
  }
  return [...out, ...FIRSTS];
}

// ---------------------------------------------------------------------------------------------
// Child: one fresh process

interface ChildResult {
  first: number;
  warmUp: number;
  later: number[];
}

async function child(mode: Mode, index: number): Promise<void> {
  // The extension host is a server: its event loop never runs dry. A short-lived script's does,
  // and Node.js then waits for V8's background compilations, which is not what the host sees.
  const alive = mode === 'optimising' ? setInterval(() => undefined, 60_000) : undefined;
  const later = laterLines();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'blast-radius-bench-cold-'));
  const base: CommandContext = { cwd: dir, workspaceRoot: dir, home: os.homedir(), env: { HOME: os.homedir(), PATH: '/usr/bin:/bin' } };
  const first = FIRSTS[index]!;
  const t0 = performance.now();
  const analyzer = await createCommandAnalyzer(mode === 'optimising' ? { wasmCompiler: 'optimising' } : {});
  analyzer.analyze(first.line, { ...base, shell: first.shell });
  const t1 = performance.now();
  // What a process that judges many lines does once it has answered the first (src/core/command/warmUp.ts).
  if (mode !== 'no-warm-up') await warmUp(analyzer);
  const result: ChildResult = { first: t1 - t0, warmUp: performance.now() - t1, later: [] };
  for (const l of later) {
    const t = performance.now();
    analyzer.analyze(l.line, { ...base, shell: l.shell });
    result.later.push(performance.now() - t);
  }
  fs.rmSync(dir, { recursive: true, force: true });
  fs.writeSync(1, `${JSON.stringify(result)}\n`);
  if (alive) {
    // V8's optimising compiler may still be busy with the grammars; Node.js would wait for it.
    process.kill(process.pid, 'SIGKILL');
  }
}

// ---------------------------------------------------------------------------------------------
// Parent

function runChild(mode: Mode, index: number): ChildResult {
  const r = spawnSync(process.execPath, [__filename, '--child', mode, String(index)], { encoding: 'utf8', maxBuffer: 16 << 20 });
  const out = r.stdout.trim();
  if (!out) throw new Error(`cold child (${mode}, ${FIRSTS[index]!.line}) failed: ${r.stderr}`);
  return JSON.parse(out) as ChildResult;
}

function ms(x: number): string {
  return `${x.toFixed(1)} ms`;
}

function measureEngine(mode: Mode): Row[] {
  const later = laterLines();
  const firsts: number[][] = FIRSTS.map(() => []);
  const warmUps: number[] = [];
  // A bare start next to each child: the first judgements as a ratio of it (the machine may be shared).
  const bare: number[] = [];
  const perLine: number[][] = later.map(() => []);
  const all: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    for (let i = 0; i < FIRSTS.length; i++) {
      bare.push(wall(['-e', '']));
      const r = runChild(mode, i);
      firsts[i]!.push(r.first);
      warmUps.push(r.warmUp);
      r.later.forEach((t, j) => {
        perLine[j]!.push(t);
        all.push(t);
      });
    }
  }
  // Without the warm-up there is no target: the rows say what the warm-up is for.
  const targeted = mode !== 'no-warm-up';
  const b = median(bare);
  const rows: Row[] = !targeted ? [] : FIRSTS.map((f, i) => {
    const m = median(firsts[i]!);
    const label = f.line.length > 44 ? `${f.line.slice(0, 43)}…` : f.line;
    return { what: `${MODES[mode]}: first judgement, ${f.shell}: ${label}`, value: `${ms(m)} (×${(m / b).toFixed(2)} bare start)`, target: `≤ ${FIRST_MS} ms`, pass: m <= FIRST_MS };
  });
  if (targeted) rows.unshift({ what: `${MODES[mode]}: node -e '' start next to these processes (median of ${bare.length})`, value: ms(b), target: '(reported)', pass: true });
  if (targeted) rows.push({ what: `${MODES[mode]}: warm-up after the first line (idle time, one line per turn)`, value: ms(median(warmUps)), target: '(reported)', pass: true });
  const medians = perLine.map((xs) => median(xs));
  let worst = 0;
  medians.forEach((m, j) => {
    if (m > medians[worst]!) worst = j;
  });
  const w = later[worst]!;
  rows.push({
    what: `${MODES[mode]}: slowest later line (median of ${RUNS * FIRSTS.length}), ${w.shell}: ${w.line.length > 40 ? `${w.line.slice(0, 39)}…` : w.line}`,
    value: ms(medians[worst]!),
    target: targeted ? `≤ ${LATER_MS} ms` : '(reported)',
    pass: !targeted || medians[worst]! <= LATER_MS,
  });
  if (!targeted) rows.push({ what: `${MODES[mode]}: later lines slower than ${LATER_MS} ms (median)`, value: `${medians.filter((m) => m > LATER_MS).length} of ${later.length}`, target: '(reported)', pass: true });
  rows.push({ what: `${MODES[mode]}: later lines p99 / max (${later.length} lines × ${RUNS * FIRSTS.length} processes)`, value: `${ms(percentile(all, 0.99))} / ${ms(Math.max(...all))}`, target: '(reported)', pass: true });
  return rows;
}

/** Wall time of one process start, from spawn to exit. */
function wall(args: string[], input = ''): number {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, args, { input, cwd: root, stdio: ['pipe', 'ignore', 'pipe'] });
  const t = performance.now() - t0;
  if (r.status !== null && r.status > 3) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr.toString()}`);
  return t;
}

function measureCli(): Row[] {
  const cli = path.join(root, 'dist', 'cli.js');
  if (!fs.existsSync(cli)) return [{ what: 'CLI', value: 'dist/cli.js missing', target: "run 'node esbuild.js'", pass: false }];
  // The engine's cold path: `--no-probe`, so the bar does not include the git or file-system
  // probe a measured line runs (bench/probes.ts has its own budget); one measured line is reported.
  const cases: Array<{ what: string; args: string[]; input?: string; reported?: boolean }> = [
    { what: 'check -- ls -la', args: [cli, 'check', '--no-probe', '--', 'ls -la'] },
    { what: 'check -- git push --force origin main', args: [cli, 'check', '--no-probe', '--', 'git push --force origin main'] },
    { what: 'check --shell pwsh -- Remove-Item -Recurse …', args: [cli, 'check', '--no-probe', '--shell', 'pwsh', '--', 'Remove-Item -Recurse -Force build'] },
    { what: 'check -- pwsh -Command "Remove-Item …"', args: [cli, 'check', '--no-probe', '--', 'pwsh -Command "Remove-Item -Recurse -Force build"'] },
    { what: 'check --stdin --jsonl, one line', args: [cli, 'check', '--no-probe', '--stdin', '--jsonl'], input: '"git push --force origin main"\n' },
    { what: 'check -- git push --force origin main, measured (git probe)', args: [cli, 'check', '--', 'git push --force origin main'], reported: true },
  ];
  wall(['-e', '']); // file cache
  const bare: number[] = [];
  const times: number[][] = cases.map(() => []);
  // Process starts are cheap and noisier than the engine: three times as many.
  for (let run = 0; run < 3 * RUNS; run++) {
    bare.push(wall(['-e', '']));
    cases.forEach((c, i) => times[i]!.push(wall(c.args, c.input)));
  }
  const b = median(bare);
  const rows: Row[] = [{ what: `CLI: node -e '' (bare start, median of ${3 * RUNS})`, value: ms(b), target: '(floor)', pass: true }];
  cases.forEach((c, i) => {
    const m = median(times[i]!);
    const value = `${ms(m)} (+${ms(m - b)}, ×${(m / b).toFixed(1)})`;
    rows.push(c.reported ? { what: `CLI: ${c.what}`, value, target: '(reported)', pass: true } : { what: `CLI: ${c.what}`, value, target: `≤ ×${CLI_RATIO} bare`, pass: m <= CLI_RATIO * b });
  });
  return rows;
}

async function main(): Promise<number> {
  const at = process.argv.indexOf('--child');
  if (at >= 0) {
    await child(process.argv[at + 1] as Mode, Number(process.argv[at + 2]));
    return 0;
  }
  const load = os.loadavg()[0]!;
  const rows: Row[] = [...measureEngine('node'), ...measureEngine('no-warm-up'), ...measureEngine('optimising'), ...measureCli()];
  process.stdout.write(`Cold paths (${os.cpus().length} CPUs, node ${process.version}, load average ${load.toFixed(1)} at the start, ${os.loadavg()[0]!.toFixed(1)} at the end)\n`);
  process.stdout.write(`${table(rows)}\n`);
  return rows.every((r) => r.pass) ? 0 : 1;
}

runMain(main, 'bench/cold');
