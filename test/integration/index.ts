/**
 * Integration tests: mocha inside a real VS Code extension host, with the real `vscode` API.
 *
 * How they run
 *   npm run test:integration
 *     builds dist/ and the test bundles (out/integration/, `vscode` and `mocha` external), then
 *     scripts/run-integration.mjs starts VS Code with this extension under development and this
 *     file as the tests entry point. VS Code calls run(); it loads every out/integration/**\/*.test.js.
 *   Host: by default VS Code 1.100.3 from code-server driven by Chromium (offline, cached);
 *   BLAST_RADIUS_TEST_HOST=electron uses desktop VS Code through @vscode/test-electron instead.
 *   BLAST_RADIUS_TEST_GREP=<regex> runs only the tests whose full title matches.
 *
 * Adding tests
 *   Create test/integration/<area>.test.ts. Mocha's TDD interface: `suite('...', () => { test('...', async () => {...}) })`,
 *   `suiteSetup`/`suiteTeardown`/`setup`/`teardown` for hooks, `node:assert/strict` for assertions.
 *   Nothing to register: the build picks up every *.test.ts here and run() loads them all.
 *   Shared helpers go in test/integration/helpers/ (files there are not loaded as tests).
 *   The workspace is a fresh git-initialised copy of test/fixtures/demo-workspace.
 *   Keep these few: they prove the wiring into VS Code; logic belongs in unit tests.
 *   Modal dialogs are refused in this mode, so confirmations go through an injectable prompter.
 *
 * Output: each result is written as a line to the file named by BLAST_RADIUS_TEST_OUTPUT (the
 * runner streams it to the terminal), or to the console when that is not set.
 */
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import type Mocha from 'mocha';
import * as vscode from 'vscode';

/**
 * mocha is loaded from the extension's own node_modules, so the test bundles may be built anywhere
 * (BLAST_RADIUS_OUT=/tmp/...) and still find it.
 */
function loadMocha(): typeof Mocha {
  const root = vscode.extensions.getExtension('blast-radius.blast-radius')?.extensionPath ?? __dirname;
  return createRequire(path.join(root, 'package.json'))('mocha') as typeof Mocha;
}
const MochaRuntime = loadMocha();

const { EVENT_RUN_END, EVENT_SUITE_BEGIN, EVENT_SUITE_END, EVENT_TEST_FAIL, EVENT_TEST_PASS, EVENT_TEST_PENDING } =
  MochaRuntime.Runner.constants;

function makeSink(): (line: string) => void {
  const file = process.env.BLAST_RADIUS_TEST_OUTPUT;
  if (file) return (line) => fs.appendFileSync(file, `${line}\n`);
  return (line) => console.log(line);
}

/** A spec-like reporter that writes plain lines to the sink. */
class LineReporter extends MochaRuntime.reporters.Base {
  constructor(runner: Mocha.Runner, options?: Mocha.MochaOptions) {
    super(runner, options);
    const write = makeSink();
    let depth = 0;
    const failures: Array<{ title: string; err: Error }> = [];
    let passes = 0;
    let pending = 0;
    const started = Date.now();
    const pad = (): string => '  '.repeat(depth);
    runner.on(EVENT_SUITE_BEGIN, (s: Mocha.Suite) => {
      if (s.root) return;
      write(`${pad()}${s.title}`);
      depth++;
    });
    runner.on(EVENT_SUITE_END, (s: Mocha.Suite) => {
      if (!s.root) depth--;
    });
    runner.on(EVENT_TEST_PASS, (t: Mocha.Test) => {
      passes++;
      write(`${pad()}✔ ${t.title} (${t.duration ?? 0}ms)`);
    });
    runner.on(EVENT_TEST_PENDING, (t: Mocha.Test) => {
      pending++;
      write(`${pad()}- ${t.title} (skipped)`);
    });
    runner.on(EVENT_TEST_FAIL, (t: Mocha.Test, err: Error) => {
      failures.push({ title: t.fullTitle(), err });
      write(`${pad()}✘ ${t.title}`);
    });
    runner.once(EVENT_RUN_END, () => {
      const secs = ((Date.now() - started) / 1000).toFixed(1);
      write('');
      write(`${passes} passing, ${failures.length} failing, ${pending} skipped (${secs}s)`);
      failures.forEach((f, i) => {
        write('');
        write(`${i + 1}) ${f.title}`);
        write(String(f.err.stack ?? f.err.message).replace(/^/gm, '   '));
      });
    });
  }
}

function findTests(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.test.js'))
    .map((f) => path.join(dir, f))
    .sort();
}

export async function run(): Promise<void> {
  const mocha = new MochaRuntime({ ui: 'tdd', timeout: 30_000, reporter: LineReporter, color: false });
  const grep = process.env.BLAST_RADIUS_TEST_GREP;
  if (grep) mocha.grep(new RegExp(grep));
  const files = findTests(__dirname);
  if (files.length === 0) throw new Error(`no integration tests found in ${__dirname}`);
  for (const f of files) mocha.addFile(f);
  await mocha.loadFilesAsync();
  const failures = await new Promise<number>((resolve) => mocha.run(resolve));
  if (failures > 0) throw new Error(`${failures} integration test(s) failed`);
}
