/**
 * Which of V8's compilers builds the machine code of the tree-sitter wasm (the runtime and the
 * shell grammars).
 *
 * V8 compiles wasm functions lazily with its baseline compiler (Liftoff) and recompiles the hot
 * ones with its optimising compiler (TurboFan) on background threads. The grammars' lexers are
 * single functions of 160 KB (bash) and 370 KB (PowerShell) of wasm: TurboFan took about 1 s
 * and 3–11 s of CPU over them on a 2-core machine. Meanwhile the first judgement slowed down
 * under the competition for the cores, and Node.js waited for those compilations before a process
 * could exit: `blast-radius check -- "pwsh -Command …"`, judged in 50 ms, held its process for
 * seconds. The baseline code parses a command line in tens of microseconds, so the grammars are
 * compiled with the baseline compiler only.
 *
 * V8 reads the choice when a module is compiled, so the flag is set for the compilation of our
 * modules and put back afterwards (wasm another extension compiles at that moment would get
 * baseline code too; nothing else changes). That is done where V8 flags may change at run time:
 * Node.js, which turns V8's flag freezing off for `v8.setFlagsFromString` (the CLI, the hook
 * judge, the extension host of VS Code Server, code-server and remote windows). Inside Electron
 * (the desktop editor's extension host) V8's defaults stay.
 */
import * as v8 from 'node:v8';

export type WasmCompiler = 'baseline' | 'optimising';

/** The baseline compiler under Node.js; V8's defaults (both compilers) inside Electron. */
export function defaultWasmCompiler(): WasmCompiler {
  return process.versions['electron'] === undefined ? 'baseline' : 'optimising';
}

const FLAG = '--liftoff-only';

/** The process was started on the baseline compiler (then the flag is never put back). */
function startedOnBaseline(): boolean {
  return process.execArgv.includes(FLAG) || (process.env['NODE_OPTIONS'] ?? '').split(/\s+/).includes(FLAG);
}

/**
 * The baseline compiler for the rest of the process, for a process whose only wasm is ours (the
 * CLI's launcher, src/cli/launch.ts, before it compiles the CLI's bundle and again before it saves
 * the bundle's code cache). V8 records its flags in a code cache and rejects one written under
 * others; and once compileWith puts the flag back, V8 leaves the flags it implied (no tier-up)
 * off, so only setting it again gives the same flags at both moments.
 */
export function baselineForProcess(): void {
  v8.setFlagsFromString(FLAG);
}

/** Compilations running on the baseline compiler now: the flag is put back when the last one ends. */
let compiling = 0;

/** Runs `compile` (which compiles wasm modules) with the given compiler. */
export async function compileWith<T>(compiler: WasmCompiler, compile: () => Promise<T>): Promise<T> {
  if (compiler === 'optimising' || startedOnBaseline()) return compile();
  if (compiling++ === 0) v8.setFlagsFromString(FLAG);
  try {
    return await compile();
  } finally {
    if (--compiling === 0) v8.setFlagsFromString(`--no-${FLAG.slice(2)}`);
  }
}
