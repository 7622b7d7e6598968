/**
 * Warming the command engine up, so that no line pays a first-use cost.
 *
 * V8 compiles code on first use: each function of the tree-sitter wasm (lazily, on its first
 * call) and each JavaScript function of the shell model and the rules. The first line of a
 * kind pays for it: 20–60 ms for the first PowerShell line of a process, 5–30 ms for the first
 * SQL, cloud or `bash -c` line, on a busy 2-core machine; the same line costs well under a
 * millisecond afterwards. A process that judges many lines (the editor's terminal guard, the
 * hook judge, `check --stdin --jsonl`) calls `warmUp` once it has answered its first line: it
 * judges a few line shapes and the first examples of every rule (a match in each shell, a
 * near-miss), one line per turn of the event loop, so a real request that arrives meanwhile waits for at most
 * one of them. The verdicts are thrown away; the analyzer is pure, so nothing else happens.
 *
 * The compiled code belongs to the process, so the work is done once per process.
 */
import * as os from 'node:os';
import type { CommandAnalyzer } from './analyze';
import { PACKS } from './packs/index';
import { describedAction, describedOutcome, inPlaceSentence, LazyManual, parseManual, summaryOf, WARM_UP_PAGE } from './generic/manual';
import { CompletionManual, WARM_UP_COMPLETION } from './generic/completions';
import type { CommandContext, CommandRuleExample } from './rule';

/** One line to judge and its shell. */
interface WarmLine {
  line: string;
  shell: NonNullable<CommandContext['shell']>;
}

/**
 * Shapes of lines that reach code the rules' first examples may not: the PowerShell grammar, a
 * PowerShell pipeline, the wrappers whose code is parsed again, a heredoc, a loop.
 */
const SHAPES: readonly WarmLine[] = [
  { line: 'Get-ChildItem -Path . -Filter *.log | Remove-Item -Recurse -Force', shell: 'pwsh' },
  { line: 'pwsh -NoProfile -Command "Remove-Item -Recurse -Force build"', shell: 'bash' },
  { line: "sudo bash -c 'rm -rf build' && find . -name '*.o' -exec rm {} + | xargs echo", shell: 'bash' },
  { line: 'for f in $(ls); do echo "$f" >> out.txt; done; cat <<EOF\nx\nEOF', shell: 'bash' },
  // Each inline-code reader that no rule's first example reaches (Perl's is tokenised by hand).
  { line: `perl -e 'system("rm -rf build"); unlink glob "*.o"'`, shell: 'bash' },
  { line: `ruby -e 'FileUtils.rm_rf("build")' && php -r 'unlink("x.o");'`, shell: 'bash' },
];

/** The line shapes, then for every rule its first match example in each shell and its first near-miss. */
export function warmUpLines(): WarmLine[] {
  const out: WarmLine[] = [...SHAPES];
  const row = (ex: CommandRuleExample): WarmLine => (typeof ex === 'string' ? { line: ex, shell: 'bash' } : { line: ex.cmd, shell: ex.ctx?.shell ?? 'bash' });
  for (const pack of PACKS) {
    for (const rule of pack.rules) {
      const shells = new Set<string>();
      for (const ex of rule.examples?.match ?? []) {
        const r = row(ex);
        if (shells.has(r.shell)) continue;
        shells.add(r.shell);
        out.push(r);
      }
      const near = rule.examples?.nearMiss[0];
      if (near !== undefined) out.push(row(near));
    }
  }
  return out;
}

/** Whether this process has been warmed up, or is being warmed up now. */
let warm = false;
let warming = false;

/**
 * Judges the warm-up lines with `analyzer`, one per turn of the event loop, unless this process
 * is warm already. Stops early when `signal` aborts (the process is closing). Resolves with the
 * number of lines judged.
 */
export async function warmUp(analyzer: CommandAnalyzer, signal?: AbortSignal): Promise<number> {
  if (warm || warming) return 0;
  warming = true;
  try {
    return await judgeAll(analyzer, signal);
  } finally {
    warming = false;
  }
}

async function judgeAll(analyzer: CommandAnalyzer, signal: AbortSignal | undefined): Promise<number> {
  const dir = os.tmpdir();
  const base: CommandContext = { cwd: dir, workspaceRoot: dir, home: os.homedir(), env: {} };
  let n = 0;
  // First a turn that polls for I/O (a timer, not setImmediate, which runs before the poll): input
  // that has already ended (`check --stdin --jsonl` with one line) aborts the warm-up before its
  // first line rather than after it (tens of ms: the first PowerShell parse compiles its lexer).
  await new Promise<void>((resolve) => setTimeout(resolve, 0));
  // The manual page reader (generic/manual.ts) on a small page of every form it reads.
  for (let i = 0; i < 20; i++) describedAction([...parseManual(WARM_UP_PAGE, 'w').values()][0]?.says ?? '');
  // What pages say beyond an entry's first sentence, their NAME lines, where a name is looked
  // for, and fish completions (generic/completions.ts).
  const page = new LazyManual('w(8)', WARM_UP_PAGE, 'w');
  const completion = new CompletionManual("w's fish completion", WARM_UP_COMPLETION, 'w');
  for (let i = 0; i < 20; i++) {
    for (const e of parseManual(WARM_UP_PAGE, 'w').values()) describedOutcome(e);
    summaryOf(WARM_UP_PAGE, 'w');
    page.forget();
    page.entry('-e');
    page.entry('--drop');
    page.rewritesInPlace();
    inPlaceSentence('Modify each input in place.');
    // (A later action of a sentence that does not lead with one, a framing clause, `permanently`.)
    describedAction('Suppress normal output and delete the selected records instead, erasing them');
    describedAction('Instead of keeping them, prune old backups');
    describedAction('Causes the table is permanently removed');
    completion.forget();
    completion.entry('-e', ['x']);
    completion.entry('wipe', []);
  }
  for (const { line, shell } of warmUpLines()) {
    await new Promise<void>((resolve) => setImmediate(resolve));
    if (signal?.aborted) return n;
    analyzer.analyze(line, { ...base, shell });
    n++;
  }
  warm = true;
  return n;
}
