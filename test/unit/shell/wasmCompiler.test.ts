/**
 * Which of V8's compilers builds the grammars (src/core/shell/wasmCompiler.ts), observed in a
 * child process with V8's own trace of wasm compilations: with the baseline compiler the grammars
 * are never recompiled by TurboFan however hot they get; with the optimising compiler (the
 * control) they are.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createCommandAnalyzer } from '../../../src/core/command/analyze';
import { compileWith, defaultWasmCompiler, type WasmCompiler } from '../../../src/core/shell/wasmCompiler';

const CHILD = '--wasm-compiler-child';

/** In the child: loads the grammars with `compiler` and judges PowerShell lines until they are hot. */
async function child(compiler: WasmCompiler): Promise<void> {
  const a = await createCommandAnalyzer({ wasmCompiler: compiler });
  for (let i = 0; i < 3000; i++) a.analyze('pwsh -NoProfile -Command "Get-ChildItem -Recurse | Remove-Item -Force"; ls -la | grep foo');
  process.stdout.write('judged\n');
  // An optimising compilation may still run; the parent has what it needs.
  process.kill(process.pid, 'SIGKILL');
}

/** Runs the child; resolves with what V8 traced, as soon as a TurboFan compilation shows (or the child ends). */
function traced(compiler: WasmCompiler): Promise<string> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ['--trace-wasm-compilation-times', __filename, CHILD, compiler], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    p.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (/using TurboFan/.test(out)) p.kill('SIGKILL');
    });
    p.stderr.on('data', (d: Buffer) => (err += d.toString()));
    p.on('error', reject);
    p.on('close', () => (/judged|using TurboFan/.test(out) ? resolve(out) : reject(new Error(`the child judged nothing: ${err}`))));
  });
}

const at = process.argv.indexOf(CHILD);
if (at >= 0) {
  void child(process.argv[at + 1] as WasmCompiler);
} else {
  test('under Node.js the grammars are built by the baseline compiler', () => {
    assert.equal(defaultWasmCompiler(), 'baseline');
  });

  test('on the baseline compiler, hot grammars are never recompiled by TurboFan', async () => {
    const out = await traced('baseline');
    assert.match(out, /judged/);
    assert.match(out, /using Liftoff/, 'the trace shows the compilations');
    assert.doesNotMatch(out, /using TurboFan/);
  });

  test('with the optimising compiler (the control), the same hot grammars are recompiled by TurboFan', async () => {
    assert.match(await traced('optimising'), /using TurboFan/);
  });

  test('compileWith returns what the compilation returns and passes its failure on', async () => {
    assert.equal(await compileWith('baseline', () => Promise.resolve(42)), 42);
    await assert.rejects(compileWith('baseline', () => Promise.reject(new Error('no grammar'))), /no grammar/);
    assert.equal(await compileWith('optimising', () => Promise.resolve('x')), 'x');
  });
}
