/**
 * Inline code of interpreters the engine does not know by name: TypeScript runners (`ts-node -e`,
 * `tsx -e`), REPL front-ends (`ipython -c`), launchers of other languages (`scala-cli -e`,
 * `janet -e`, `hy -c`, `gjs -c`, `wolframscript -code`), database shells that take a script
 * (`arangosh --javascript.execute-string`), and tools with an `eval`/`runner` subcommand.
 *
 * Two things are needed to read such code, and both come from the line itself:
 *
 * - **where the code is**: the value of an option whose name says it is code (`-e`, `-c`, `-x`,
 *   `-p`, `--eval`, `--exec`, `--execute`, `--print`, `-code`, `-batch`, `--x.execute-string`), or
 *   the operand of an `eval`/`runner` subcommand, when the value reads as code: it calls something
 *   (`name(…)`, `(name …)`, `name[…]`), or imports, requires or uses a module;
 * - **what language it is**, from the code: Python's `import x` / `from x import y`, JavaScript's
 *   `require('x')`, `import('x')`, arrow functions, `console.`/`process.`; Ruby's `require "x"` and
 *   `FileUtils.`; Perl's `use X;` and `my $x`; PHP's `<?php` and `$x->`; Lua's `os.execute`,
 *   `io.popen`, `local x =`; R's `<-` and `library(`. Code of a language the engine reads is read
 *   by that reader (./read.ts); other code is read language-independently (./foreign.ts,
 *   `GENERIC`): standard-library deletes and process starts by their names in any language.
 *
 * Search patterns are not code that runs: values with metavariables (`$X`, `$$$`, `:[x]`, `...`)
 * are what code-search tools take, and they are left alone.
 */
import type { SimpleCommand, Word } from '../shell/model';
import { carriesText, looksLikeSql } from '../shell/embedded';
import { inputHow, inputWord, readsRequestsOnStdin } from '../shell/console';
import type { CodeLanguage } from './effects';
import { MAX_FOREIGN_CODE } from './foreign';

export interface GuessedCode {
  /** The word holding the code. */
  word: Word;
  /** The code (the part of the word after `=` for `--eval=CODE`). */
  text: string;
  /** Where the code starts in the word's text. */
  start: number;
  /** How the line hands it over: `-e`, `--eval`, `eval`. */
  how: string;
  /** A language the engine reads, when the code says which; undefined: read language-independently. */
  language?: CodeLanguage;
}

/** Option names (without their dashes) whose value is code to run. */
const CODE_OPTION = /^(?:e|c|x|p|E|print|batch|(?!(?:no|skip|dry|disable|without)-)(?:[a-z]+-)?(?:eval|evaluate|exec|execute|code|expr|expression|batch)(?:[-_](?:string|script|scala|java|kotlin|js|py|python|ruby|lua))?)$/;
/** A dotted long option whose last part says it holds code (`--javascript.execute-string`). */
const DOTTED_CODE_OPTION = /^[a-z][\w-]*\.(?:execute-string|exec-string|eval-string|eval|execute|code)$/i;
/** Subcommands whose operand is code (`crystal eval CODE`, `rails runner CODE`, `drush php:eval CODE`). */
const CODE_SUB = /^(?:eval|e|runner|exec-code|php:eval|ev|evaluate)$/;

/** Code: a call (`f(…)`, `(f …)`, `F[…]`), a method chain ending a statement, or a module import. */
const CALLS = /[A-Za-z_$][\w$]*[([]|\(\s*[A-Za-z_][\w./:-]*[\s)]|^\s*(?:require|use|import|from|load)\s|`/;
/** Patterns of code-search tools: metavariables and ellipses stand for code, they do not run. */
const PATTERN = /\$[A-Z_][A-Z0-9_]*\b|\$\$\$|:\[\w*\]|\(\s*\.\.\.\s*\)|,\s*\.\.\.\s*[,)]/;

/** Text a tool would run as code rather than as a command line, a file or a setting. */
export function readsAsCode(text: string): boolean {
  const t = text.trim();
  if (t.length < 4 || t.length > MAX_FOREIGN_CODE || !CALLS.test(t) || looksLikeSql(t) || /^[\w.-]+=/.test(t) || t.startsWith('-')) return false;
  // metavariables outside string literals (inside one, `$HOME` is the string's)
  return !PATTERN.test(t.replace(/"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'/g, '""'));
}

/** Where an option's attached value starts: after `=` (`--eval=CODE`), or after `:` in the Nim and MSBuild way (`--eval:CODE`); -1 without one. */
function valueSep(t: string): number {
  const m = /^--?[A-Za-z][\w.-]*[=:]/.exec(t);
  return m ? m[0].length - 1 : t.indexOf('=');
}

function optionName(t: string): string | undefined {
  if (t.length < 2 || t.charCodeAt(0) !== 45) return undefined;
  const eq = valueSep(t);
  const name = (eq > 0 ? t.slice(0, eq) : t).replace(/^--?/, '');
  return CODE_OPTION.test(name) || DOTTED_CODE_OPTION.test(name) ? name : undefined;
}

/** A call that runs a shell command line given as a string literal (`system("…")`, `popen('…')`, `shell_exec("…")`). */
const SHELL_CALL = /\b(?:system|popen|shell_exec|exec|execute|spawn|syscmd|esyscmd)\s*\(\s*["'`]/;

/** Programs that read code without running it: type checkers, formatters, linters and code-search tools (`mypy -c`, `black -c`, `semgrep -e`). */
const READS_CODE: ReadonlySet<string> = new Set([
  'mypy', 'pyright', 'black', 'ruff', 'isort', 'pylint', 'flake8', 'pyflakes', 'bandit', 'prettier', 'eslint', 'tsc', 'biome', 'dprint', 'rubocop', 'standardrb', 'php-cs-fixer', 'phpstan', 'psalm',
  'perltidy', 'perlcritic', 'luacheck', 'stylua', 'shellcheck', 'shfmt', 'clang-format', 'gofmt', 'rustfmt', 'ktlint', 'scalafmt', 'semgrep', 'opengrep', 'sg', 'comby', 'codeql', 'weggli', 'grit', 'gritql', 'srgn',
]);

/** The inline code of `cmd` when it is an interpreter the engine does not know by name; undefined otherwise. */
export function guessedCode(cmd: SimpleCommand): GuessedCode | undefined {
  if (cmd.program === '' || READS_CODE.has(cmd.program) || carriesText(cmd)) return undefined;
  const a = cmd.args;
  let positional = 0;
  for (let i = 0; i < a.length; i++) {
    const w = a[i]!;
    const t = w.text;
    if (t === '--') break;
    if (t.length > 1 && t.charCodeAt(0) === 45) {
      const name = optionName(t);
      if (name === undefined) continue;
      const eq = valueSep(t);
      const value: { word: Word; text: string; start: number } | undefined = eq > 0 ? { word: w, text: t.slice(eq + 1), start: eq + 1 } : a[i + 1] ? { word: a[i + 1]!, text: a[i + 1]!.text, start: 0 } : undefined;
      if (value && !value.word.dynamic && readsAsCode(value.text)) return { ...value, how: t.slice(0, eq > 0 ? eq : t.length), language: languageOf(value.text, cmd.program) };
      continue;
    }
    // `X eval CODE`, `X runner CODE`: the first or second word of the subcommand path
    if (positional < 2 && CODE_SUB.test(t)) {
      const next = a[i + 1];
      if (next && !next.dynamic && readsAsCode(next.text)) return { word: next, text: next.text, start: 0, how: t, language: languageOf(next.text, cmd.program) };
    }
    positional++;
  }
  // `mlr -n put 'end { system("rm -rf x") }'`: an operand that is code calling a shell with a command line
  for (const w of a) {
    if (w.text === '--') break;
    if (!w.dynamic && w.text.charCodeAt(0) !== 45 && SHELL_CALL.test(w.text) && readsAsCode(w.text)) return { word: w, text: w.text, start: 0, how: 'operand', language: languageOf(w.text, cmd.program) };
  }
  // `echo "db.orders.drop()" | mongo-legacy-shell`: code a console reads on its input (shell/console.ts);
  // any program's input that is code calling a shell with a command line
  const input = cmd.stdin;
  if (input && !input.dynamic && readsAsCode(input.text) && (readsRequestsOnStdin(cmd) || SHELL_CALL.test(input.text))) return { word: inputWord(input), text: input.text, start: -1, how: inputHow(input.kind), language: languageOf(input.text, cmd.program) };
  return undefined;
}

const PHP = /^\s*<\?php\b|\$\w+\s*->\s*\w|\b(?:shell_exec|file_put_contents|passthru|proc_open|array_map)\s*\(/;
const PERL = /(?:^|[;{]\s*)use\s+[A-Z][\w:]*(?:\s+qw|\s*;)|\bmy\s+[$@%]\w|\bqw\s*[(/{]|=~\s*[sm]?\//;
const PYTHON = /(?:^|[;\n])\s*(?:import\s+[A-Za-z_][\w.]*(?:\s+as\s+\w+)?(?:\s*,\s*[A-Za-z_][\w.]*(?:\s+as\s+\w+)?)*\s*(?:;|$|\n)|from\s+[\w.]+\s+import\s)|\b__import__\s*\(|\bshutil\.\w|\bsubprocess\.\w|\bpathlib\.|\bos\.(?:system|popen|unlink|rmdir|removedirs)\s*\(/;
const RUBY = /(?:^|[;\n])\s*require\s+['"]|\bFileUtils\.|\bDir\.(?:glob|children|entries|home|rmdir)\b|\bFile\.(?:delete|unlink|write)\b|\bputs\s|\bdo\s*\|\w|\.each\s*\{\s*\|/;
const JAVASCRIPT = /\brequire\s*\(\s*['"`]|\bimport\s*\(\s*['"`]|\bimport\s+[\w{}\s,*]+\s+from\s+['"]|=>|\b(?:console|process|Deno|Bun)\.\w|\$`|\b(?:const|let|var)\s+[\w{[]|\bawait\s/;
const LUA = /\bos\.execute\s*\(|\bio\.(?:popen|open)\s*\(|\blocal\s+\w+\s*=|\brequire\s*['"]/;
const R = /<-|\blibrary\s*\(|\bfile\.remove\s*\(|\bunlink\s*\([^)]*recursive\s*=\s*TRUE/;

/** The language the code is written in, when its own syntax says so among the languages the engine reads. */
export function languageOf(code: string, program: string): CodeLanguage | undefined {
  const t = code.trimStart();
  // Lisp-family code (`(import shutil) (shutil.rmtree …)`, `(os/execute […])`) is read language-independently
  if (t.startsWith('(')) return undefined;
  if (PHP.test(code)) return 'php';
  if (PERL.test(code)) return 'perl';
  if (PYTHON.test(code)) return 'python';
  if (RUBY.test(code)) return 'ruby';
  if (JAVASCRIPT.test(code)) return /(?:^|[-_])ts|tsx|deno|bun/.test(program) ? 'typescript' : 'javascript';
  if (LUA.test(code)) return 'lua';
  if (R.test(code)) return 'r';
  return undefined;
}
