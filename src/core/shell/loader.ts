/**
 * Loads the tree-sitter runtime and the bash and PowerShell grammars from
 * `@vscode/tree-sitter-wasm`, once per process and wasm folder.
 *
 * The loaded languages are immutable resources; the memo below holds the promise of loading
 * them so that every analyzer in the process shares one copy. Parsers are cheap and owned by
 * whoever asks for them (`createParsers`).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Language, Parser } from '@vscode/tree-sitter-wasm';
import { compileWith, defaultWasmCompiler, type WasmCompiler } from './wasmCompiler';

export const WASM_FILES = {
  runtime: 'tree-sitter.wasm',
  bash: 'tree-sitter-bash.wasm',
  pwsh: 'tree-sitter-powershell.wasm',
} as const;

export interface ShellLanguages {
  bash: Language;
  pwsh: Language;
  /** The folder the wasm files came from. */
  wasmDir: string;
}

/** An error loading the grammars; its message says what to do next. */
export class ParserLoadError extends Error {}

/**
 * The folder holding the wasm files: the given one, else `wasm/` next to this bundle or a few
 * levels up (dist/wasm, out/wasm), else node_modules/@vscode/tree-sitter-wasm/wasm from the
 * working directory.
 */
export function findWasmDir(explicit?: string): string {
  const ok = (d: string): boolean => fs.existsSync(path.join(d, WASM_FILES.runtime)) && fs.existsSync(path.join(d, WASM_FILES.bash));
  if (explicit) {
    if (ok(explicit)) return explicit;
    throw new ParserLoadError(`The shell grammars are missing from ${explicit}; reinstall Blast Radius or pass the folder holding ${WASM_FILES.bash}.`);
  }
  const candidates: string[] = [];
  let dir = __dirname;
  for (let i = 0; i < 6; i++) {
    candidates.push(path.join(dir, 'wasm'));
    const up = path.dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  candidates.push(path.join(process.cwd(), 'node_modules', '@vscode', 'tree-sitter-wasm', 'wasm'));
  for (const c of candidates) if (ok(c)) return c;
  throw new ParserLoadError(`The shell grammars (${WASM_FILES.bash}) were not found next to ${__dirname}; reinstall Blast Radius or rebuild it with \`node esbuild.js\`.`);
}

let runtimeInit: Promise<void> | undefined;
const languages = new Map<string, Promise<ShellLanguages>>();

/**
 * Sets up the one tree-sitter wasm runtime of this process (later calls reuse it). Every grammar
 * loads into it: the shell grammars here, the grammars of interpreter code in ../code/grammars.ts.
 */
export async function initRuntime(wasmDir: string): Promise<void> {
  runtimeInit ??= Parser.init({ locateFile: (file: string) => path.join(wasmDir, file) });
  try {
    await runtimeInit;
  } catch (e) {
    runtimeInit = undefined;
    throw e;
  }
}

function load(wasmDir: string, compiler: WasmCompiler): Promise<ShellLanguages> {
  return compileWith(compiler, () => compileLanguages(wasmDir));
}

async function compileLanguages(wasmDir: string): Promise<ShellLanguages> {
  await initRuntime(wasmDir);
  const [bashBytes, pwshBytes] = await Promise.all([
    fs.promises.readFile(path.join(wasmDir, WASM_FILES.bash)),
    fs.promises.readFile(path.join(wasmDir, WASM_FILES.pwsh)),
  ]);
  const [bash, pwsh] = await Promise.all([Language.load(bashBytes), Language.load(pwshBytes)]);
  return { bash, pwsh, wasmDir };
}

/**
 * The bash and PowerShell languages, loaded on first use and shared afterwards. `compiler` says
 * which of V8's compilers builds them (see wasmCompiler.ts); the first load of a folder decides.
 */
export function loadShellLanguages(wasmDir?: string, compiler: WasmCompiler = defaultWasmCompiler()): Promise<ShellLanguages> {
  let dir: string;
  try {
    dir = findWasmDir(wasmDir);
  } catch (e) {
    return Promise.reject(e instanceof Error ? e : new ParserLoadError(String(e)));
  }
  let p = languages.get(dir);
  if (!p) {
    p = load(dir, compiler);
    languages.set(dir, p);
    void p.catch(() => languages.delete(dir));
  }
  return p;
}

/** The parsers for a pair of languages. */
export interface ShellParsers {
  bash: Parser;
  pwsh: Parser;
}

const parsersByLanguages = new WeakMap<ShellLanguages, ShellParsers>();

/**
 * One pair of parsers per loaded language pair, shared by every analyzer of the process.
 * Parsing is synchronous and converts the tree before returning, so sharing is safe and keeps
 * analyzers cheap to create (no wasm memory per analyzer).
 */
export function sharedParsers(langs: ShellLanguages): ShellParsers {
  let p = parsersByLanguages.get(langs);
  if (!p) {
    const bash = new Parser();
    bash.setLanguage(langs.bash);
    const pwsh = new Parser();
    pwsh.setLanguage(langs.pwsh);
    p = { bash, pwsh };
    parsersByLanguages.set(langs, p);
  }
  return p;
}
