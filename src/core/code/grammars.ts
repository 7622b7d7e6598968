/**
 * The tree-sitter grammars of interpreter code (Python, JavaScript, TypeScript, Ruby, PHP), from
 * `@vscode/tree-sitter-wasm` like the shell grammars. Each loads on its own and only when code of
 * its language has to be read: a line without such code never pays for one (each costs tens of
 * milliseconds to load; `npm run bench` reports the figures).
 *
 * Loading is asynchronous and reading is not, so a reader asks `readyParser` and, when the grammar
 * is not loaded yet, records it as missing; `loadGrammars` loads what was missing and the caller
 * reads again (the command analyzer's `analyzeAsync` does this).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Language, Parser } from '@vscode/tree-sitter-wasm';
import { initRuntime } from '../shell/loader';
import { compileWith, defaultWasmCompiler } from '../shell/wasmCompiler';

export type Grammar = 'python' | 'javascript' | 'typescript' | 'ruby' | 'php';

export const GRAMMAR_FILES: Readonly<Record<Grammar, string>> = {
  python: 'tree-sitter-python.wasm',
  javascript: 'tree-sitter-javascript.wasm',
  typescript: 'tree-sitter-typescript.wasm',
  ruby: 'tree-sitter-ruby.wasm',
  php: 'tree-sitter-php.wasm',
};

export const GRAMMARS: readonly Grammar[] = Object.keys(GRAMMAR_FILES) as Grammar[];

/** One parser per grammar and wasm folder, shared by every reader of the process (parsing is synchronous). */
const ready = new Map<string, Parser>();
const loading = new Map<string, Promise<void>>();

function key(g: Grammar, wasmDir: string): string {
  return `${wasmDir}\u0000${g}`;
}

/** The parser of a grammar when it is loaded, else undefined. */
export function readyParser(g: Grammar, wasmDir: string): Parser | undefined {
  return ready.get(key(g, wasmDir));
}

/** Loads the grammars (each once per process and folder). Rejects when one cannot be loaded. */
export async function loadGrammars(gs: Iterable<Grammar>, wasmDir: string): Promise<void> {
  const jobs: Promise<void>[] = [];
  for (const g of new Set(gs)) {
    const k = key(g, wasmDir);
    if (ready.has(k)) continue;
    let p = loading.get(k);
    if (!p) {
      // compiled like the shell grammars (../shell/wasmCompiler.ts: the baseline compiler under Node.js)
      p = compileWith(defaultWasmCompiler(), async (): Promise<void> => {
        await initRuntime(wasmDir);
        const bytes = await fs.promises.readFile(path.join(wasmDir, GRAMMAR_FILES[g]));
        const lang = await Language.load(bytes);
        const parser = new Parser();
        parser.setLanguage(lang);
        ready.set(k, parser);
      });
      loading.set(k, p);
      void p.catch(() => loading.delete(k));
    }
    jobs.push(p);
  }
  await Promise.all(jobs);
}
