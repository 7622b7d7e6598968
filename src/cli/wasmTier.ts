/**
 * Which V8 compiler the CLI's processes use for WebAssembly (the tree-sitter runtime and the
 * shell grammars).
 *
 * V8 compiles wasm functions lazily with its baseline compiler (Liftoff) and then recompiles the
 * hot ones with its optimising compiler (TurboFan) on background threads. The grammars' lexers
 * are single functions of 160 KB (bash) and 370 KB (PowerShell) of wasm; TurboFan takes about
 * 1 s and 3–11 s of CPU for them, and Node.js waits for those background compilations before a
 * process exits. So a `check` of one `pwsh -Command …` line, judged in 50 ms, held its process
 * for seconds, and a long-lived process (the hook judge) spent that CPU next to the agent's work.
 * The baseline code parses a command line in tens of microseconds, so the CLI's processes
 * (every command, the hook judge) keep to it.
 *
 * V8 flags are process-wide: this is for processes the CLI owns. The editor's extension host,
 * shared with other extensions, keeps V8's defaults.
 */

/** Keeps this process's WebAssembly on V8's baseline compiler; call before loading the grammars. */
export async function baselineWasmOnly(): Promise<void> {
  (await import('node:v8')).setFlagsFromString('--liftoff-only');
}
