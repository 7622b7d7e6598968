/**
 * Code in languages the engine has no reader for, given on the command line: Julia, Elixir,
 * Erlang, Clojure and babashka, Scheme, Racket, Common Lisp, Emacs Lisp, Tcl, Groovy, Scala,
 * Kotlin, Haskell, Raku, Octave and MATLAB, editors in batch mode (vim, Emacs, ed), debuggers in
 * batch mode (gdb, lldb), and shells of other families (Nushell, Elvish, xonsh, Oils).
 *
 * One reader serves them all, from three things each language's documentation says:
 *
 * - the **shell escapes** a tool has (vim's `:!cmd` and `:r !cmd`, gdb's `shell cmd` and `!cmd`,
 *   lldb's `platform shell cmd`, ed's `!cmd`, Octave's `!cmd`): the rest of the command is a
 *   shell line;
 * - a **cross-language table** of standard-library calls that delete files or folder trees or
 *   start processes (`rm(p; recursive=true)`, `File.rm_rf!`, `os:cmd`, `(delete-directory d t)`,
 *   `file delete -force`, `System.cmd`, `(sh "rm" …)`, `exec rm …`), read from their string
 *   arguments: a command becomes the shell line it runs, a delete the `rm` it amounts to;
 * - **string literals that are shell command lines** (`"rm -rf /srv/data"` handed to a helper):
 *   judged as the shell line they read as.
 *
 * Code that calls something named like a delete or a process start that the table does not know
 * is reported as not read, so a person decides (never a silent allow).
 */
import type { SimpleCommand, Word } from '../shell/model';
import type { CodeEffect } from './effects';
import type { CodeSpan } from './ir';
import { shellWord, str, unknown, type Val } from './values';
import { own } from '../own';
import { looksLikeDestructiveSql } from '../shell/embedded';
import { unversioned } from '../shell/interpreters';

/** How a family writes calls and strings, and what its escapes are. */
type Family = 'jxa' | 'julia' | 'elixir' | 'erlang' | 'lisp' | 'elisp' | 'tcl' | 'jvm' | 'haskell' | 'raku' | 'octave' | 'forth' | 'vim' | 'gdb' | 'lldb' | 'ed' | 'shell' | 'generic';

export interface ForeignSpec {
  /** The language, as a person names it: `Julia`, `Emacs Lisp`. */
  label: string;
  family: Family;
  /** Words whose next word (or `=value`) is code: `-e`, `--eval`, `-ex`. */
  code: readonly string[];
  /** Short letters whose code may be attached (`-e'…'`). */
  attached?: string;
  /** vim: `+cmd` words are commands. */
  plus?: boolean;
  /** Options that take a separate value (skipped). */
  value?: readonly string[];
  /** Reads its program from standard input (a heredoc, a here-string, a pipe) when given none. */
  stdin?: boolean;
  /** Only in this subcommand (`mix run -e`, `crystal eval`). */
  sub?: string;
  /** The subcommand's operand is the code (`crystal eval CODE`, `bb CODE`). */
  subCode?: boolean;
  /** The first operand is the code when it is not a file name or a URL (`kscript 'println(1)'`, `kscript x.kts`). */
  operandCode?: boolean;
}

const JULIA: ForeignSpec = { label: 'Julia', family: 'julia', code: ['-e', '--eval', '-E', '--print'], value: ['-p', '--procs', '-t', '--threads', '--project', '-J', '--sysimage', '-L', '--load', '-C', '--cpu-target', '-O', '--optimize', '--depwarn', '--color', '--history-file', '--startup-file', '--compile'], stdin: true };
const ELIXIR: ForeignSpec = { label: 'Elixir', family: 'elixir', code: ['-e', '--eval'], value: ['-r', '-pr', '-pa', '-pz', '--app', '--cookie', '--name', '--sname', '--erl', '--logger-otp-reports', '--logger-sasl-reports', '--rpc-eval'] };
const ERLANG: ForeignSpec = { label: 'Erlang', family: 'erlang', code: ['-eval'], value: ['-sname', '-name', '-setcookie', '-pa', '-pz', '-config', '-boot', '-s', '-run', '-mode', '-args_file'] };
const CLOJURE: ForeignSpec = { label: 'Clojure', family: 'lisp', code: ['-e', '--eval'], value: ['-Sdeps', '-A', '-X', '-T', '-i', '--init', '-m', '--main'] };
const RACKET: ForeignSpec = { label: 'Racket', family: 'lisp', code: ['-e', '--eval'], value: ['-l', '--lib', '-t', '--require', '-f', '--load', '-S', '--search'] };
const GUILE: ForeignSpec = { label: 'Guile', family: 'lisp', code: ['-c'], value: ['-L', '-l', '-e', '-x', '-C'] };
const SCHEME: ForeignSpec = { label: 'Scheme', family: 'lisp', code: ['-e', '--eval', '-p'], value: ['-I', '-s', '--script'] };
const COMMON_LISP: ForeignSpec = { label: 'Common Lisp', family: 'lisp', code: ['--eval', '-eval', '-e', '-x'], value: ['--load', '-load', '--core', '--dynamic-space-size', '-l', '-i', '-M', '--script'] };
const ELISP: ForeignSpec = { label: 'Emacs Lisp', family: 'elisp', code: ['--eval', '-eval'], value: ['-l', '--load', '-f', '--funcall', '-L', '--directory', '--chdir', '--file', '--find-file', '--visit', '--insert', '-t', '--terminal', '-d', '--display', '--init-directory', '--script', '-x', '--user', '-u'] };
const TCL: ForeignSpec = { label: 'Tcl', family: 'tcl', code: ['-c'], value: ['-f', '-encoding'], stdin: true };
const GROOVY: ForeignSpec = { label: 'Groovy', family: 'jvm', code: ['-e'], value: ['-cp', '-classpath', '--classpath', '-D', '-c', '--encoding', '-l', '-pa'] };
const SCALA: ForeignSpec = { label: 'Scala', family: 'jvm', code: ['-e', '--execute'], value: ['-cp', '-classpath', '--classpath', '-D', '--dep', '--scala-version', '-S'] };
const KOTLIN: ForeignSpec = { label: 'Kotlin', family: 'jvm', code: ['-e', '-expression'], value: ['-cp', '-classpath', '-d', '-jvm-target', '-language-version', '-api-version', '-kotlin-home', '-script-templates'] };
const JRUNSCRIPT: ForeignSpec = { label: 'JavaScript (jrunscript)', family: 'jvm', code: ['-e'], value: ['-cp', '-classpath', '-l', '-f', '-D'] };
const JSHELL: ForeignSpec = { label: 'Java (jshell)', family: 'jvm', code: [], value: ['--class-path', '--module-path', '--add-modules', '--startup', '--feedback', '-R', '-J', '-C'], stdin: true };
const HASKELL: ForeignSpec = { label: 'Haskell', family: 'haskell', code: ['-e'], value: ['-package', '-i', '-o', '-outputdir', '-X'] };
const RAKU: ForeignSpec = { label: 'Raku', family: 'raku', code: ['-e'], attached: 'e', value: ['-I', '-M', '--target', '--encoding'] };
const OCTAVE: ForeignSpec = { label: 'Octave', family: 'octave', code: ['--eval'], value: ['--path', '-p', '--exec-path', '--image-path', '--info-file', '--doc-cache-file'] };
const MATLAB: ForeignSpec = { label: 'MATLAB', family: 'octave', code: ['-batch', '-r'], value: ['-sd', '-logfile', '-c', '-useStartupFolderPref'] };
const CRYSTAL: ForeignSpec = { label: 'Crystal', family: 'julia', code: [], sub: 'eval', subCode: true };
const MIX: ForeignSpec = { label: 'Elixir', family: 'elixir', code: ['-e', '--eval'], sub: 'run', value: ['-r', '--require', '-p', '--parallel-require'] };
const BB: ForeignSpec = { label: 'Clojure (babashka)', family: 'lisp', code: ['-e', '--eval'], operandCode: true, value: ['--classpath', '-cp', '--config', '--deps-root', '-m', '--main', '-x', '--init', '-f', '--file'] };
const VIM: ForeignSpec = { label: 'Vim', family: 'vim', code: ['-c', '--cmd'], plus: true, value: ['-S', '-u', '-U', '-i', '-T', '-w', '-W', '-s', '-t', '-q', '-r', '--listen', '--servername', '--startuptime'], stdin: true };
const ED: ForeignSpec = { label: 'ed', family: 'ed', code: [], value: ['-p', '--prompt'], stdin: true };
const EX: ForeignSpec = { ...VIM, label: 'ex' };
const GDB: ForeignSpec = { label: 'gdb', family: 'gdb', code: ['-ex', '--ex', '-eval-command', '--eval-command', '-iex', '--iex', '-init-eval-command', '--init-eval-command'], value: ['-x', '--command', '-ix', '--init-command', '-p', '--pid', '-c', '--core', '-d', '--directory', '-cd', '--cd', '-s', '--symbols', '-e', '--exec', '-se', '--args', '-tty', '--tty', '-data-directory', '--data-directory', '-b', '-l', '-i', '--interpreter'], stdin: true };
const LLDB: ForeignSpec = { label: 'lldb', family: 'lldb', code: ['-o', '--one-line', '-O', '--one-line-before-file', '-k', '--one-line-on-crash'], value: ['-s', '--source', '-S', '--source-before-file', '-K', '--source-on-crash', '-p', '--attach-pid', '-n', '--attach-name', '-c', '--core', '-a', '--arch', '-f', '--file', '-l', '--script-language'] };
const KSCRIPT: ForeignSpec = { label: 'Kotlin (kscript)', family: 'jvm', code: [], operandCode: true, value: ['--report', '-d', '--dependency'] };
/** Spark's shells read their program on standard input: Scala (`spark-shell`), Python (`pyspark`), both read for what they delete, run and the SQL they send. */
const SPARK_VALUES = ['--master', '--deploy-mode', '--class', '--name', '--jars', '--packages', '--exclude-packages', '--repositories', '--py-files', '--files', '--archives', '--conf', '-c', '--properties-file', '--driver-memory', '--driver-java-options', '--driver-library-path', '--driver-class-path', '--driver-cores', '--executor-memory', '--executor-cores', '--num-executors', '--total-executor-cores', '--queue', '--principal', '--keytab', '--proxy-user', '-i', '-I'];
const SPARK_SHELL: ForeignSpec = { label: 'Scala (spark-shell)', family: 'jvm', code: [], value: SPARK_VALUES, stdin: true };
const PYSPARK: ForeignSpec = { label: 'Python (pyspark)', family: 'generic', code: [], value: SPARK_VALUES, stdin: true };
/** Prolog (SWI-Prolog `-g`/`-t` goals, GNU Prolog `--query-goal`/`--entry-goal`, Scryer `-g`): read language-independently (`delete_directory_and_contents/1`, `delete_file/1`, `shell/1`). */
const SWIPL: ForeignSpec = { label: 'Prolog', family: 'generic', code: ['-g', '-t'], value: ['-f', '-F', '-s', '-l', '-x', '-o', '-p', '--home', '--stack-limit', '--table-space', '--shared-table-space'], stdin: true };
const GPROLOG: ForeignSpec = { label: 'Prolog', family: 'generic', code: ['--query-goal', '--entry-goal'], value: ['--consult-file', '--init-goal'], stdin: true };
const SCRYER: ForeignSpec = { label: 'Prolog', family: 'generic', code: ['-g', '--goal'], stdin: true };
/** Forth (gforth `-e`/`--evaluate`) and Factor (`-e=`): words take their arguments from the stack (`s" /x" delete-file`). */
const GFORTH: ForeignSpec = { label: 'Forth', family: 'forth', code: ['-e', '--evaluate'], value: ['-i', '--image-file', '-p', '--path', '-m', '--dictionary-size', '-d', '--data-stack-size', '-r', '--return-stack-size', '-f', '--fp-stack-size', '-l', '--locals-stack-size'], stdin: true };
const FACTOR: ForeignSpec = { label: 'Factor', family: 'forth', code: ['-e'], value: ['-i', '-run'] };
/** Pike (`-e`) and Rhino, Mozilla's JavaScript on the JVM (`-e`): read language-independently (`Stdio.recursive_rm`, `new java.io.File(p)["delete"]()`). */
const PIKE: ForeignSpec = { label: 'Pike', family: 'generic', code: ['-e'], value: ['-M', '-I', '-P', '-m'] };
const RHINO: ForeignSpec = { label: 'JavaScript (Rhino)', family: 'generic', code: ['-e'], value: ['-f', '-opt', '-O', '-version', '-encoding', '-require', '-modules', '-sealedlib'] };
const SHELLISH = (label: string): ForeignSpec => ({ label, family: 'shell', code: ['-c', '--commands', '--command'], value: ['--config', '--env-config', '--rc', '--log-level', '-I', '--include-path'] });

/**
 * JavaScript for Automation (`osascript -l JavaScript`): its code is read as JavaScript, and its
 * own ways to start a shell are read here: `app.doShellScript(cmd)` (Standard Additions) and the
 * Objective-C bridge's `$.system(cmd)`, `$.NSTask.launchedTaskWithLaunchPathArguments(p, [args])`.
 */
export const JXA: ForeignSpec = { label: 'JavaScript for Automation', family: 'jxa', code: [] };

export const FOREIGN: Readonly<Record<string, ForeignSpec>> = {
  julia: JULIA,
  elixir: ELIXIR,
  iex: ELIXIR,
  mix: MIX,
  erl: ERLANG,
  clojure: CLOJURE,
  clj: CLOJURE,
  bb: BB,
  racket: RACKET,
  guile: GUILE,
  csi: SCHEME,
  gosh: SCHEME,
  'mit-scheme': SCHEME,
  sbcl: COMMON_LISP,
  ccl: COMMON_LISP,
  ecl: COMMON_LISP,
  clisp: COMMON_LISP,
  emacs: ELISP,
  tclsh: TCL,
  wish: TCL,
  expect: TCL,
  groovy: GROOVY,
  scala: SCALA,
  kotlinc: KOTLIN,
  kotlin: KOTLIN,
  jrunscript: JRUNSCRIPT,
  jshell: JSHELL,
  ghc: HASKELL,
  ghci: HASKELL,
  raku: RAKU,
  rakudo: RAKU,
  perl6: RAKU,
  kscript: KSCRIPT,
  'spark-shell': SPARK_SHELL,
  pyspark: PYSPARK,
  swipl: SWIPL,
  gprolog: GPROLOG,
  'scryer-prolog': SCRYER,
  gforth: GFORTH,
  factor: FACTOR,
  pike: PIKE,
  rhino: RHINO,
  octave: OCTAVE,
  'octave-cli': OCTAVE,
  matlab: MATLAB,
  crystal: CRYSTAL,
  vim: VIM,
  vi: VIM,
  nvim: VIM,
  gvim: VIM,
  mvim: VIM,
  view: VIM,
  ex: EX,
  ed: ED,
  gdb: GDB,
  lldb: LLDB,
  nu: SHELLISH('Nushell'),
  elvish: SHELLISH('Elvish'),
  xonsh: SHELLISH('xonsh'),
  osh: SHELLISH('Oils (osh)'),
  ysh: SHELLISH('Oils (ysh)'),
  murex: SHELLISH('murex'),
};

/** Families whose programs are installed under versioned names (`tclsh8.6`, `guile3.0`, `sbcl2`); not editors, debuggers or shells. */
const VERSIONED = new Set<Family>(['julia', 'elixir', 'erlang', 'lisp', 'elisp', 'tcl', 'jvm', 'haskell', 'raku', 'octave', 'forth', 'generic']);

/** The spec of a foreign interpreter, editor or debugger by program name (own keys only: not `constructor`), or of a language's interpreter by its versioned name (`tclsh8.6`). */
export function foreignSpec(program: string): ForeignSpec | undefined {
  const spec = own(FOREIGN, program);
  if (spec) return spec;
  const base = unversioned(program);
  const versioned = base ? own(FOREIGN, base) : undefined;
  return versioned && VERSIONED.has(versioned.family) ? versioned : undefined;
}

export interface ForeignCall {
  spec: ForeignSpec;
  /** The words holding code, in order, with the text of an attached or `--x=` value. */
  code: Word[];
  /** Commands are read from standard input. */
  stdin: boolean;
}

function sub(w: Word, text: string, offset: number): Word {
  const exact = w.raw === w.text;
  return { ...w, text, raw: exact ? w.raw.slice(offset) : text, span: exact ? [w.span[0] + offset, w.span[1]] : w.span };
}

/** How a foreign interpreter, editor or debugger takes code in this command; undefined when it is not one. */
export function foreignCall(cmd: SimpleCommand): ForeignCall | undefined {
  const spec = foreignSpec(cmd.program);
  if (!spec) return undefined;
  const out: ForeignCall = { spec, code: [], stdin: false };
  const a = cmd.args;
  let i = 0;
  if (spec.sub) {
    while (i < a.length && a[i]!.text.startsWith('-')) i++;
    if (a[i]?.text !== spec.sub) return undefined;
    i++;
    if (spec.subCode) {
      const w = a[i];
      if (w) out.code.push(w);
      return out;
    }
  }
  let operands = 0;
  for (; i < a.length; i++) {
    const w = a[i]!;
    const t = w.text;
    if (t === '--') break;
    if (spec.code.includes(t)) {
      const v = a[i + 1];
      if (v) out.code.push(v);
      i++;
      continue;
    }
    const eq = t.indexOf('=');
    if (eq > 0 && spec.code.includes(t.slice(0, eq))) {
      out.code.push(sub(w, t.slice(eq + 1), eq + 1));
      continue;
    }
    if (spec.attached && t.length > 2 && t[0] === '-' && t[1] !== '-' && spec.attached.includes(t[1]!)) {
      out.code.push(sub(w, t.slice(2), 2));
      continue;
    }
    if (spec.plus && t.startsWith('+') && t.length > 1) {
      out.code.push(sub(w, t.slice(1), 1));
      continue;
    }
    if (t === '-') {
      out.stdin = true;
      continue;
    }
    if (t.startsWith('-')) {
      if (spec.value?.includes(t)) i++;
      continue;
    }
    if (operands === 0 && spec.operandCode && !/^[\w./~@%+-]*$/.test(t) && !/^[a-z]+:\/\//i.test(t)) {
      out.code.push(w);
      break;
    }
    operands++;
  }
  // vim -es / -Es / ex -s read Ex commands from standard input; ed, tclsh, julia, jshell and gdb read their program there.
  const w = a.map((x) => x.text);
  const silentEx = spec.family === 'vim' && (w.includes('-es') || w.includes('-Es') || ((w.includes('-e') || w.includes('-E') || cmd.program === 'ex') && w.includes('-s')));
  if (out.code.length === 0 && operands === 0 && spec.stdin && spec.family !== 'vim') out.stdin = true;
  if (silentEx || spec.family === 'ed') out.stdin = true;
  return out;
}

// ---------------------------------------------------------------------------------------------
// Tokens

type Tok =
  | { k: 'str'; v: string; at: CodeSpan; inner: CodeSpan; exact: boolean; q: string }
  | { k: 'id'; v: string; at: CodeSpan }
  | { k: 'p'; v: string; at: CodeSpan };

/** Families whose `'…'` is a string (not a quote, an atom or a character). */
const SINGLE_QUOTED_STRINGS = new Set<Family>(['jxa', 'elixir', 'jvm', 'raku', 'octave', 'vim', 'shell']);

/** Comments in code of an unknown language: `# …`, `// …`, `;; …` (a `#` or `;` glued to code is syntax in some languages). */
const GENERIC_COMMENT = /^(?:#(?:\s|$)|\/\/(?:\s|$)|;;)/;

/** In code of an unknown language `'` opens a string when one closes it on the same line and no word is glued before it (`don't`, Lisp's `'sym`). */
function closesOnItsLine(code: string, i: number): boolean {
  if (i > 0 && /\w/.test(code[i - 1]!)) return false;
  const end = code.indexOf("'", i + 1);
  return end > i && !code.slice(i + 1, end).includes('\n');
}

function tokenize(code: string, family: Family): Tok[] {
  const out: Tok[] = [];
  const n = code.length;
  let i = 0;
  const comment = family === 'lisp' || family === 'elisp' ? ';' : family === 'erlang' || family === 'octave' ? '%' : family === 'haskell' ? '--' : '#';
  while (i < n) {
    const c = code[i]!;
    if (c === ' ' || c === '\t' || c === '\r') {
      i++;
      continue;
    }
    if (family === 'generic' ? GENERIC_COMMENT.test(code.slice(i, i + 3)) : code.startsWith(comment, i) && family !== 'vim' && family !== 'shell' && family !== 'gdb' && family !== 'lldb' && family !== 'ed' && family !== 'tcl' && family !== 'elixir') {
      while (i < n && code[i] !== '\n') i++;
      continue;
    }
    if (c === '"' || c === '`' || (c === "'" && (SINGLE_QUOTED_STRINGS.has(family) || (family === 'generic' && closesOnItsLine(code, i))))) {
      const start = i;
      let v = '';
      let exact = true;
      i++;
      while (i < n && code[i] !== c) {
        if (code[i] === '\\' && i + 1 < n && c !== "'") {
          exact = false;
          const e = code[i + 1]!;
          v += e === 'n' ? '\n' : e === 't' ? '\t' : e === 'r' ? '\r' : e;
          i += 2;
          continue;
        }
        v += code[i];
        i++;
      }
      out.push({ k: 'str', v, at: [start, Math.min(n, i + 1)], inner: [start + 1, i], exact, q: c });
      i++;
      continue;
    }
    const m = /^[A-Za-z_:][\w.:/!?*+<>=-]*/.exec(code.slice(i, i + 200));
    if (m && !(c === ':' && family !== 'elixir' && family !== 'lisp' && family !== 'elisp')) {
      let v = m[0];
      // `name(` and `name=` end the name
      v = v.replace(/[=<>]+.*$/, '');
      if (!v) v = m[0][0]!;
      out.push({ k: 'id', v, at: [i, i + v.length] });
      i += v.length;
      continue;
    }
    const num = /^[-\d./~][\w./~*+-]*/.exec(code.slice(i, i + 200));
    if (num && family === 'tcl') {
      out.push({ k: 'id', v: num[0], at: [i, i + num[0].length] });
      i += num[0].length;
      continue;
    }
    out.push({ k: 'p', v: c, at: [i, i + 1] });
    i++;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// The cross-language table

/**
 * `shell`: the first string is a shell line; `argv`: the strings are a program and its
 * arguments; `delete`: the first string is a path (recursive per `recursive`).
 */
interface CallRow {
  names: readonly string[];
  families: readonly Family[];
  kind: 'shell' | 'argv' | 'delete';
  /** The delete is of a whole tree: always, or when the call's arguments match. */
  recursive?: true | RegExp;
  /** The call as named in a finding: `rm(…; recursive=true)`. */
  call: string;
  /** A method on the value before it (`"cmd".execute()`, `File("p").deleteRecursively()`). */
  postfix?: boolean;
  /** Also as the last part of a dotted name or a member (`app.doShellScript(…)`, `$.system(…)`). */
  member?: boolean;
}

const ROWS: readonly CallRow[] = [
  // JavaScript for Automation (Standard Additions, the Objective-C bridge)
  { names: ['doShellScript', 'system', 'popen'], families: ['jxa'], kind: 'shell', call: 'doShellScript', member: true },
  { names: ['launchedTaskWithLaunchPathArguments'], families: ['jxa'], kind: 'argv', call: 'NSTask', member: true },
  { names: ['removeItemAtPathError'], families: ['jxa'], kind: 'delete', recursive: true, call: 'NSFileManager removeItemAtPath', member: true },
  // Julia (Base.Filesystem, Base.run): rm(path; force, recursive), run(`cmd`)
  { names: ['rm', 'Base.rm', 'Filesystem.rm', 'Base.Filesystem.rm'], families: ['julia'], kind: 'delete', recursive: /recursive\s*=\s*true/, call: "Julia's rm(…; recursive=true)" },
  { names: ['run', 'Base.run', 'read', 'success', 'pipeline', 'open'], families: ['julia'], kind: 'shell', call: "Julia's run(`…`)" },
  // Crystal: system, Process.run, FileUtils.rm_rf, File.delete
  { names: ['system', 'Process.run'], families: ['julia'], kind: 'argv', call: 'system(…)' },
  { names: ['FileUtils.rm_rf', 'FileUtils.rm_r'], families: ['julia'], kind: 'delete', recursive: true, call: 'FileUtils.rm_rf' },
  { names: ['File.delete', 'FileUtils.rm', 'Dir.delete'], families: ['julia'], kind: 'delete', call: 'File.delete' },
  // Elixir (File, System, :os, Port)
  { names: ['File.rm_rf', 'File.rm_rf!'], families: ['elixir'], kind: 'delete', recursive: true, call: "Elixir's File.rm_rf" },
  { names: ['File.rm', 'File.rm!', 'File.rmdir', 'File.rmdir!'], families: ['elixir'], kind: 'delete', call: "Elixir's File.rm" },
  { names: ['System.cmd'], families: ['elixir'], kind: 'argv', call: "Elixir's System.cmd" },
  { names: ['System.shell', ':os.cmd', 'Port.open'], families: ['elixir'], kind: 'shell', call: "Elixir's System.shell" },
  // Erlang (os, file, erlang:open_port)
  { names: ['os:cmd', 'open_port', 'erlang:open_port'], families: ['erlang'], kind: 'shell', call: "Erlang's os:cmd" },
  { names: ['file:del_dir_r'], families: ['erlang'], kind: 'delete', recursive: true, call: "Erlang's file:del_dir_r" },
  { names: ['file:delete', 'file:del_dir'], families: ['erlang'], kind: 'delete', call: "Erlang's file:delete" },
  // Clojure, babashka, Scheme, Racket, Guile, Common Lisp
  { names: ['clojure.java.shell/sh', 'shell/sh', 'sh', 'sb-ext:run-program', 'run-program', 'system*', 'process*', 'babashka.process/process', 'p/process', 'ext:run-program', 'callProcess'], families: ['lisp', 'haskell'], kind: 'argv', call: 'a process call' },
  { names: ['babashka.process/shell', 'p/shell', 'shell', 'system', 'process', 'uiop:run-program', 'asdf:run-shell-command', 'ext:shell', 'ext:run-shell-command', 'callCommand', 'System.Process.callCommand', 'System.Process.system', 'spawnCommand', 'readCreateProcess'], families: ['lisp', 'haskell'], kind: 'shell', call: 'a shell call' },
  { names: ['babashka.fs/delete-tree', 'fs/delete-tree', 'delete-directory/files', 'uiop:delete-directory-tree', 'removeDirectoryRecursive', 'removePathForcibly', 'System.Directory.removeDirectoryRecursive'], families: ['lisp', 'haskell'], kind: 'delete', recursive: true, call: 'a tree delete' },
  { names: ['clojure.java.io/delete-file', 'io/delete-file', 'babashka.fs/delete', 'fs/delete', 'fs/delete-if-exists', 'delete-file', 'uiop:delete-file-if-exists', 'removeFile', 'removeDirectory'], families: ['lisp', 'haskell'], kind: 'delete', call: 'a file delete' },
  { names: ['delete-directory'], families: ['lisp'], kind: 'delete', recursive: /#t\b/, call: 'delete-directory' },
  // Emacs Lisp
  { names: ['shell-command', 'shell-command-to-string', 'async-shell-command', 'start-process-shell-command', 'call-process-shell-command', 'process-file-shell-command'], families: ['elisp'], kind: 'shell', call: "Emacs's shell-command" },
  { names: ['call-process', 'process-lines', 'process-file', 'start-process', 'make-process', 'start-file-process'], families: ['elisp'], kind: 'argv', call: "Emacs's call-process" },
  { names: ['delete-directory'], families: ['elisp'], kind: 'delete', recursive: /"\s+(t|'t|:recursive)\b/, call: "Emacs's (delete-directory … t)" },
  { names: ['delete-file'], families: ['elisp'], kind: 'delete', call: "Emacs's delete-file" },
  // Tcl
  { names: ['exec'], families: ['tcl'], kind: 'argv', call: "Tcl's exec" },
  { names: ['file'], families: ['tcl'], kind: 'delete', recursive: /-force\b/, call: "Tcl's file delete" },
  // JVM: Runtime.exec, ProcessBuilder, java.nio.file.Files, commons-io, Kotlin, Groovy, Scala
  { names: ['Runtime.getRuntime().exec', 'exec', 'Process'], families: ['jvm'], kind: 'shell', call: 'Runtime.exec' },
  { names: ['ProcessBuilder', 'os.proc'], families: ['jvm'], kind: 'argv', call: 'ProcessBuilder' },
  { names: ['execute', '!', '!!', 'lineStream'], families: ['jvm'], kind: 'shell', call: "a string's .execute()", postfix: true },
  { names: ['deleteRecursively', 'deleteDir'], families: ['jvm'], kind: 'delete', recursive: true, call: '.deleteRecursively()', postfix: true },
  { names: ['FileUtils.deleteDirectory', 'FileUtils.forceDelete', 'os.remove.all', 'PathUtils.deleteDirectory'], families: ['jvm'], kind: 'delete', recursive: true, call: 'FileUtils.deleteDirectory' },
  { names: ['Files.delete', 'Files.deleteIfExists', 'os.remove'], families: ['jvm'], kind: 'delete', call: 'Files.delete' },
  // Raku
  { names: ['shell', 'qx', 'qqx'], families: ['raku'], kind: 'shell', call: "Raku's shell" },
  { names: ['run', 'Proc::Async.new'], families: ['raku'], kind: 'argv', call: "Raku's run" },
  { names: ['unlink', 'rmdir'], families: ['raku'], kind: 'delete', call: "Raku's unlink" },
  // Octave, MATLAB
  { names: ['system', 'unix', 'dos', 'shell_cmd'], families: ['octave'], kind: 'shell', call: 'system(…)' },
  { names: ['rmdir'], families: ['octave'], kind: 'delete', recursive: /,\s*['"]s['"]/, call: "rmdir(…, 's')" },
  { names: ['delete', 'unlink'], families: ['octave'], kind: 'delete', call: 'delete(…)' },
  // Vim script
  { names: ['system', 'systemlist', 'jobstart', 'job_start', 'termopen', 'term_start'], families: ['vim'], kind: 'shell', call: "Vim's system()" },
  { names: ['delete'], families: ['vim'], kind: 'delete', recursive: /,\s*['"]rf['"]/, call: "Vim's delete(…, 'rf')" },
];

/**
 * Names of calls that delete or start something, in any language's spelling (`remove_tree`,
 * `deleteRecursively`, `delete-directory`, `run-program`, `System.shell`): a verb alone, or a
 * verb with what it acts on. Code calling one the table does not know is not read.
 */
const DELETE_VERB = /^(rm|rmrf|rmdir|rmtree|delete|remove|unlink|purge|destroy|wipe|erase)$/;
const DELETE_OBJECT = /^(file|files|dir|dirs|directory|directories|tree|path|paths|folder|all|recursive|recursively|r|rf|force)$/;
const RUN_VERB = /^(system|exec|execute|spawn|popen|shell|cmd|sh)$/;
const RUN_OBJECT = /^(command|cmd|process|program|shell|script)$/;

function riskyName(name: string): boolean {
  const last = name.split(/[.:/]/).pop()!.replace(/[!?*]+$/, '');
  const words = last
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .split(/[_-]+/)
    .filter(Boolean);
  const [verb, ...rest] = words;
  if (!verb) return false;
  if (DELETE_VERB.test(verb)) return rest.length === 0 || rest.some((w) => DELETE_OBJECT.test(w));
  if (RUN_VERB.test(verb)) return rest.length === 0 || rest.some((w) => RUN_OBJECT.test(w) || w === 'async');
  if (/^(run|call|start|make|create)$/.test(verb)) return rest.some((w) => RUN_OBJECT.test(w));
  return false;
}

/** A string that reads as a shell command line: a program name, then an option or a path among its words. */
const COMMAND_LINE = /^\s*(sudo\s+)?[a-z][\w.+-]*(\s+[\w./~@%+=:,*${}-]+)*\s*$/;
function looksLikeCommand(s: string): boolean {
  if (!COMMAND_LINE.test(s)) return false;
  const words = s.trim().split(/\s+/);
  return words.length >= 2 && words.slice(1).some((w) => /^-{1,2}[A-Za-z]/.test(w) || /^(\/|~\/|~$)/.test(w));
}

/** Foreign code longer than this is not read (as `MAX_INLINE_CODE` for the languages read in full). */
export const MAX_FOREIGN_CODE = 32 * 1024;

export interface ForeignReading {
  effects: CodeEffect[];
  /** Set when the code calls something that may delete or run, and nothing the table knows explains it. */
  unread?: string;
}

/** Reads code of a foreign language for the commands it runs and what it deletes. */
export function readForeign(spec: ForeignSpec, code: string): ForeignReading {
  if (spec.family === 'generic') return { effects: [...readGeneric(code), ...sqlCalls(code)] };
  if (spec.family === 'forth') return { effects: readStackWords(code) };
  const effects: CodeEffect[] = sqlCalls(code);
  const used = new Set<number>();
  escapes(spec.family, code, effects);
  const toks = tokenize(code, spec.family);
  let risky: string | undefined;
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i]!;
    if (t.k === 'str' && t.q === '`' && (spec.family === 'julia')) {
      used.add(i);
      effects.push({ kind: 'run', call: "Julia's `…` command", at: t.at, command: t.v, ...(t.exact ? { exact: t.inner } : {}) });
      continue;
    }
    if (t.k !== 'id') continue;
    const prev = toks[i - 1];
    const postfix = prev?.k === 'p' && prev.v === '.';
    const last = t.v.slice(t.v.lastIndexOf('.') + 1);
    if (spec.family === 'raku' && postfix && /^(?:unlink|rmdir)$/.test(last)) {
      // `"/srv/x".IO.unlink`, `"/srv/x".IO.dir».unlink` (every file the folder holds)
      const chain = rakuChain(toks, i - 1);
      if (chain) {
        const dir = chain.dir || /(?:^|\.)dir\./.test(t.v);
        effects.push({ kind: 'delete', call: `Raku's .${last}`, at: [chain.str.at[0], t.at[1]], recursive: false, path: dir ? str(`${chain.str.v.replace(/\/+$/, '')}/*`, true) : str(chain.str.v) });
        continue;
      }
    }
    const row = ROWS.find((r) => r.families.includes(spec.family) && (r.postfix ? postfix : true) && (r.names.includes(t.v) || (r.member === true && r.names.includes(last))));
    if (!row) {
      if (!risky && riskyName(t.v) && spec.family !== 'shell' && spec.family !== 'jxa' && !(spec.family === 'tcl' && prev && prev.k === 'id')) risky = t.v;
      continue;
    }
    if (row.postfix) {
      const recv = receiver(toks, i - 1);
      recv.forEach((k) => used.add(k));
      const strs = recv.map((k) => toks[k]!).filter((x): x is Extract<Tok, { k: 'str' }> => x.k === 'str');
      push(effects, row, strs, t.at, code, spec);
      continue;
    }
    if (spec.family === 'tcl' && row.names.includes('file') && toks[i + 1]?.v !== 'delete') continue;
    const args = argsOf(toks, i, spec.family);
    args.forEach((k) => used.add(k));
    // Tcl's words are bare: every word of `exec`; the paths of `file delete` (not its options)
    const bare = (x: Tok): boolean => spec.family === 'tcl' && x.k === 'id' && (row.kind !== 'delete' || (!x.v.startsWith('-') && x.v !== 'delete'));
    let strs = args.map((k) => toks[k]!).filter((x) => x.k === 'str' || bare(x));
    // a delete's path is its first argument (or the string a constructor there wraps); a computed one (`(str (getProperty "user.home") "/x")`) is not known
    if (row.kind === 'delete' && spec.family !== 'tcl') {
      const p = pathArg(toks, args);
      strs = p?.k === 'str' ? [p] : [];
    }
    const raw = args.length ? code.slice(toks[args[0]!]!.at[0], toks[args[args.length - 1]!]!.at[1]) : '';
    const end = args.length ? toks[args[args.length - 1]!]!.at[1] : t.at[1];
    push(effects, row, strs, [t.at[0], end], code, spec, raw);
  }
  // string literals that read as command lines, wherever they are
  toks.forEach((t, i) => {
    if (t.k === 'str' && !used.has(i) && looksLikeCommand(t.v)) effects.push({ kind: 'run', call: `a ${spec.label} string`, at: t.at, command: t.v, ...(t.exact ? { exact: t.inner } : {}) });
  });
  const out: ForeignReading = { effects };
  if (effects.length === 0 && risky) out.unread = `the ${spec.label} code calls \`${risky}\`, which may delete files or run commands, and ${spec.label} code is only read for the calls Blast Radius knows`;
  return out;
}

// ---------------------------------------------------------------------------------------------
// Code of a language the engine does not recognise

/**
 * Code whose language is not known (./guess.ts: an interpreter the engine does not know by name,
 * with code of no language it reads). It is read for what standard libraries of every language
 * name the same way: folder-tree deletes (`rmtree`, `rm_rf`, `remove_dir_all`, `RemoveAll`,
 * `deleteRecursively`, `delete-tree`, `DeleteDirectory[…, DeleteContents -> True]`), file deletes
 * of a path written in the code (`unlink`, `DeleteFile`, `Remove-Item`, `File(…).delete()`),
 * command lines handed to a shell (`system`, `popen`, `shell`, `os/execute`, backticks) or a
 * program with its arguments (`["rm", "-rf", p]`), and files emptied by a write-mode open or a
 * whole-file write. Names only match as calls (`f(…)`, `(f …)`, `f[…]`, `x.f()`), never inside
 * strings or comments, and only what the code says is judged: nothing is reported as unread.
 */
export const GENERIC: ForeignSpec = { label: 'code', family: 'generic', code: [] };

/** Calls (last part of the name, lower case, without `_` and `-`) that delete a whole folder tree (commons-io's and Laravel's `deleteDirectory` too; Pike's `Stdio.recursive_rm`, SWI-Prolog's `delete_directory_and_contents`, V's `os.rmdir_all`, D's `rmdirRecurse`). */
const TREE_DELETE: ReadonlySet<string> = new Set(['rmtree', 'rmrf', 'rmr', 'removedirall', 'removetree', 'deletetree', 'deletedirectorytree', 'deleterecursively', 'deleterecursive', 'removedirectoryrecursive', 'removedirrecursive', 'removerecursive', 'removerecursively', 'removeall', 'deleteall', 'deldirr', 'rimraf', 'forcedelete', 'removepathforcibly', 'deltree', 'rmdirrecursive', 'emptydir', 'cleandirectory', 'deletedirectory', 'recursiverm', 'deletedirectoryandcontents', 'deletedirectorycontents', 'rmdirall', 'rmdirrecurse']);
/** Calls that delete a file or a folder (a whole tree when their arguments say so). */
const DELETE: ReadonlySet<string> = new Set(['rm', 'rmsync', 'rmdir', 'rmdirsync', 'remove', 'removesync', 'delete', 'deletesync', 'deletedir', 'deletefolder', 'removedirectory', 'removedir', 'removefolder', 'removeitem', 'deldir', 'del', 'unlink', 'unlinksync', 'deletefile', 'removefile', 'delfile', 'erase', 'erasefile']);
/** Arguments that make a delete recursive: `recursive: true`, `DeleteContents -> True`, `-Recurse`, MATLAB's `'s'`, .NET's `Delete(p, true)`. */
const RECURSIVE_ARGS = /recursive|DeleteContents\s*->\s*True|-Recurse\b|,\s*['"]s['"]\s*[)\]]|,\s*(?:true|True|TRUE|#t)\s*[)\]]/;
/** Calls that hand a command line to a shell, or start a program with a list of arguments. */
const SHELL_RUN: ReadonlySet<string> = new Set(['system', 'popen', 'shell', 'shellexec', 'shellcommand', 'sh', 'capture2', 'capture2e', 'capture3', 'runshell', 'runshellcommand', 'shellout', 'doshellscript', 'spawnshell', 'execsync', 'spawnsync', 'checkoutput', 'checkcall', 'getoutput', 'getstatusoutput', 'qx']);
/** Calls that start a process and share their name with everyday functions: read only when given a command of two words or more. */
const MAYBE_RUN: ReadonlySet<string> = new Set(['exec', 'execute', 'spawn', 'run', 'call', 'start', 'startprocess', 'createprocess', 'runcommand', 'runprogram', 'command', 'process', 'execfile', 'execvp', 'execv', 'execl', 'execlp']);
/** Opens that empty the file when their mode writes (`open(p, 'w')`, `fopen(p, "w")`, `File.open(p, "w")`). */
const OPEN: ReadonlySet<string> = new Set(['open', 'fopen', 'openfile', 'fileopen', 'iopen']);
const WRITE_MODE = /^(?:w|wb|wt|w\+|wb\+|w\+b|>)$/;
/** Calls that empty or replace a whole file. */
const TRUNCATE: ReadonlySet<string> = new Set(['truncate', 'truncatesync', 'ftruncate', 'writefile', 'writefilesync', 'writetext', 'writealltext', 'writealllines', 'writeallbytes', 'fileputcontents', 'putcontents', 'spit', 'settext', 'writestring']);

/**
 * Methods of database clients and shells that destroy a whole database, collection, keyspace or
 * cluster, whatever the client (`db._drop('orders')`, `db.dropDatabase()`, `dba.getCluster().dissolve()`,
 * `r.flushall()`); `drop()`/`truncate()`/`deleteMany({})` count only on the shell's `db` object.
 */
const CLIENT_DESTROYS = /^_?(?:drop|truncate|dropDatabase|drop_?database|dropCollection|drop_?collection|dropSchema|drop_?schema|dropKeyspace|drop_?keyspace|dropAllTables|drop_?all(?:_tables)?|flush_?all|flush_?db|flushAll|flushDb|dissolve|truncateAll|truncate_?all|removeAll|deleteAll|delete_?all|destroyAll|destroy_?all)$/;
const CLIENT_ON_DB = /^(?:drop|truncate|deleteMany|remove)$/;

/** The name a call is known by in any language: its last part (`os.remove.all` → `removeall`), lower case, without `_`, `-`, `!`. */
function callName(id: string): string {
  const parts = id.split(/[.:/]+/).filter(Boolean);
  let last = parts[parts.length - 1] ?? id;
  if (last.toLowerCase() === 'all' && parts.length > 1) last = `${parts[parts.length - 2]!}all`;
  return last.replace(/[!?*]+$/, '').toLowerCase().replace(/[_-]/g, '');
}

/** A string that names a file or folder: absolute, home-relative, `./x`, a drive or a share, or a relative path with folders. */
function pathLike(s: string): boolean {
  if (s.includes('://') || s.length === 0) return false;
  return /^(?:\/|~|\.\.?[\\/]|[A-Za-z]:[\\/]|\\\\)/.test(s) || /^[\w.@-]+(?:[\\/][\w.@ -]*)+$/.test(s);
}

type StrTok = Extract<Tok, { k: 'str' }>;

/** Reads code of an unknown language (see `GENERIC`). */
function readGeneric(code: string): CodeEffect[] {
  const effects: CodeEffect[] = [];
  const toks = literalMembers(tokenize(code, 'generic'));
  const used = new Set<number>();
  for (let i = 0; i < toks.length && effects.length < 32; i++) {
    const t = toks[i]!;
    if (t.k === 'str' && t.q === '`' && !used.has(i) && toks[i - 1]?.k !== 'id' && looksLikeCommand(t.v)) {
      effects.push({ kind: 'run', call: 'a `…` command', at: t.at, command: t.v, ...(t.exact ? { exact: t.inner } : {}) });
      continue;
    }
    if (t.k !== 'id') continue;
    if (clientCall(toks, i, effects)) continue;
    const name = callName(t.v);
    const tree = TREE_DELETE.has(name);
    const kind = tree || DELETE.has(name) ? 'delete' : SHELL_RUN.has(name) || MAYBE_RUN.has(name) ? 'run' : OPEN.has(name) || TRUNCATE.has(name) ? 'write' : undefined;
    if (!kind) continue;
    const prev = toks[i - 1];
    const next = toks[i + 1];
    const postfix = prev?.k === 'p' && prev.v === '.';
    // a call: `f(…)`, `f[…]`, `(f …)`, `x.f(…)`; Ruby's and Perl's `system "…"` (a string right after the name)
    const lisp = prev?.k === 'p' && prev.v === '(';
    const called = (next?.k === 'p' && (next.v === '(' || next.v === '[')) || lisp || (next?.k === 'str' && (kind === 'run' || kind === 'delete'));
    if (!called) continue;
    const args = genericArgs(toks, i, lisp);
    const raw = args.length ? code.slice(toks[args[0]!]!.at[0], toks[args[args.length - 1]!]!.at[1]) : '';
    const end = args.length ? toks[args[args.length - 1]!]!.at[1] : t.at[1];
    const at: CodeSpan = [postfix ? receiverStart(toks, i - 1) : t.at[0], end];
    const strs = args.map((k) => toks[k]!).filter((x): x is StrTok => x.k === 'str');
    // `File("/x").delete()`, `"cmd".execute()`: the value the method is called on
    const recv = postfix ? receiver(toks, i - 1).map((k) => toks[k]!).filter((x): x is StrTok => x.k === 'str') : [];
    if (kind === 'delete') {
      const first = postfix && strs.length === 0 ? recv[0] : pathArg(toks, args);
      const recursive = tree || RECURSIVE_ARGS.test(raw);
      if (first?.k === 'str' && pathLike(first.v)) effects.push({ kind: 'delete', call: t.v, at, recursive, path: /[#$]\{/.test(first.v) ? { t: 'part', pieces: [first.v.replace(/[#$]\{.*$/, ''), { unknown: 'an interpolated value' }] } : str(first.v) });
      else if (tree && !postfix && args.length > 0 && first?.k !== 'str') effects.push({ kind: 'delete', call: t.v, at, recursive: true, path: unknown(raw.slice(0, 40)) });
      args.forEach((k) => used.add(k));
      continue;
    }
    if (kind === 'write') {
      const path = strs[0];
      const opens = OPEN.has(name);
      if (path && pathLike(path.v) && (!opens || strs.slice(1).some((m) => WRITE_MODE.test(m.v)))) effects.push({ kind: 'overwrite', call: t.v, at, path: str(path.v) });
      continue;
    }
    const source = postfix && strs.length === 0 ? recv : strs;
    const firstArg = args[0] !== undefined ? toks[args[0]]! : undefined;
    const listed = firstArg?.k === 'p' && (firstArg.v === '[' || firstArg.v === '{' || firstArg.v === '#' || (firstArg.v === '(' && lisp) || (firstArg.v === "'" && toks[args[1]!]?.v === '('));
    const argv = listed || (source.length > 1 && !/\s/.test(source[0]!.v.trim()));
    if (source.length === 0) {
      if (SHELL_RUN.has(name) && args.length > 0) effects.push({ kind: 'run', call: t.v, at });
      continue;
    }
    const command = argv ? source.map((x) => shellWord(str(x.v))).join(' ') : source[0]!.v.trim();
    if (MAYBE_RUN.has(name) && !(command.split(/\s+/).length >= 2 && /^[\w./~+-]+(?:\s|$)/.test(command))) continue;
    const e: CodeEffect = { kind: 'run', call: t.v, at, command };
    if (!argv && source[0]!.exact) e.exact = source[0]!.inner;
    effects.push(e);
    args.forEach((k) => used.add(k));
  }
  return effects;
}

/** `x["delete"]()` is `x.delete()`: a member named by a string literal and called. */
function literalMembers(toks: Tok[]): Tok[] {
  const out: Tok[] = [];
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i]!;
    const s = toks[i + 1];
    const prev = out[out.length - 1];
    if (t.k === 'p' && t.v === '[' && s?.k === 'str' && /^[A-Za-z_$][\w$]*$/.test(s.v) && toks[i + 2]?.v === ']' && toks[i + 3]?.v === '(' && prev && (prev.k === 'id' || prev.v === ')' || prev.v === ']')) {
      out.push({ k: 'p', v: '.', at: t.at }, { k: 'id', v: s.v, at: s.inner });
      i += 2;
      continue;
    }
    out.push(t);
  }
  return out;
}

/** A call's first argument, or the string a constructor in that place wraps (`os.Path("/x")`, `new File("/x")`, `(io/file "/x")`). */
function pathArg(toks: readonly Tok[], args: readonly number[]): Tok | undefined {
  let k = 0;
  if (toks[args[k]!]?.v === 'new') k++;
  const first = args[k] !== undefined ? toks[args[k]!] : undefined;
  if (first?.k === 'p' && first.v === '(' && toks[args[k + 1]!]?.k === 'id' && toks[args[k + 2]!]?.k === 'str') return toks[args[k + 2]!];
  if (first?.k !== 'id') return first;
  const open = toks[args[k + 1]!];
  const inner = toks[args[k + 2]!];
  return open?.k === 'p' && open.v === '(' && inner?.k === 'str' ? inner : first;
}

/** `db._drop('orders')`, `db.users.drop()`, `dba.getCluster().dissolve({force: true})`: a client call that destroys what it names. */
function clientCall(toks: readonly Tok[], i: number, effects: CodeEffect[]): boolean {
  const t = toks[i]!;
  const parts = t.v.split('.');
  const method = parts[parts.length - 1]!;
  const postfix = toks[i - 1]?.k === 'p' && toks[i - 1]!.v === '.';
  if ((parts.length < 2 && !postfix) || toks[i + 1]?.v !== '(' || (!CLIENT_DESTROYS.test(method) && !CLIENT_ON_DB.test(method))) return false;
  const root = (postfix ? receiverRoot(toks, i) : parts[0]) ?? '';
  if (root !== 'db' && CLIENT_ON_DB.test(method)) return false;
  const args = genericArgs(toks, i, false);
  const empty = args.length === 2 && toks[args[0]!]!.v === '{' && toks[args[1]!]!.v === '}';
  if ((method === 'deleteMany' || method === 'remove') && !empty) return false;
  const end = args.length ? toks[args[args.length - 1]!]!.at[1] + 1 : toks[i + 2]?.at[1] ?? t.at[1];
  const names = args.map((a) => toks[a]!).filter((x): x is StrTok => x.k === 'str').map((x) => x.v);
  effects.push({ kind: 'client', call: t.v, at: [t.at[0], end], what: `\`${postfix ? `${root}….${method}` : t.v}()\``, severity: 'high', names });
  return true;
}

/** The first name of a method chain that ends at token `i` (`dba` of `dba.getCluster().dissolve`). */
function receiverRoot(toks: readonly Tok[], i: number): string | undefined {
  let depth = 0;
  for (let k = i - 1; k >= 0; k--) {
    const t = toks[k]!;
    if (t.k === 'p' && (t.v === ')' || t.v === ']')) depth++;
    else if (t.k === 'p' && (t.v === '(' || t.v === '[')) {
      if (depth === 0) return undefined;
      depth--;
    } else if (depth === 0 && t.k === 'id' && toks[k - 1]?.v !== '.') return t.v.split('.')[0];
    else if (depth === 0 && t.k !== 'id' && t.v !== '.') return undefined;
  }
  return undefined;
}

/** Token indexes of a call's arguments in code of an unknown language: `f(…)`, `f[…]`, `(f …)`, or the rest of the statement. */
function genericArgs(toks: readonly Tok[], i: number, lisp: boolean): number[] {
  const next = toks[i + 1];
  const bracket = next?.k === 'p' && (next.v === '(' || next.v === '[') && !lisp;
  return argsUntil(toks, bracket ? i + 2 : i + 1, bracket || lisp ? undefined : '\n;|,');
}

/** Token indexes from `from` up to the bracket that closes the call, or (for a statement) up to one of `stops` outside brackets. */
function argsUntil(toks: readonly Tok[], from: number, stops: string | undefined): number[] {
  const out: number[] = [];
  let depth = 0;
  for (let k = from; k < toks.length; k++) {
    const t = toks[k]!;
    if (t.k === 'p' && (t.v === '(' || t.v === '[' || t.v === '{')) depth++;
    if (t.k === 'p' && (t.v === ')' || t.v === ']' || t.v === '}')) {
      if (depth === 0) break;
      depth--;
    }
    if (stops && depth === 0 && t.k === 'p' && stops.includes(t.v)) break;
    out.push(k);
  }
  return out;
}

/** Where the value a method is called on starts (for the span of `File("/x").delete()`). */
function receiverStart(toks: readonly Tok[], dot: number): number {
  const r = receiver(toks, dot);
  let k = r.length ? r[0]! - 1 : dot - 1;
  while (k >= 0 && toks[k]!.k === 'p' && (toks[k]!.v === '(' || toks[k]!.v === '[')) k--;
  const t = toks[k];
  return t && t.k === 'id' ? t.at[0] : toks[Math.max(0, r[0] ?? dot - 1)]!.at[0];
}

function push(effects: CodeEffect[], row: CallRow, strs: readonly Tok[], at: CodeSpan, code: string, spec: ForeignSpec, raw = ''): void {
  const values = strs.map((s) => s.v);
  if (row.kind === 'delete') {
    const first = strs[0];
    const recursive = row.recursive === true || (row.recursive instanceof RegExp && row.recursive.test(raw));
    const path: Val = first ? (/[#$]\{|\$\w/.test(first.v) && spec.family !== 'tcl' ? { t: 'part', pieces: [first.v.replace(/[#$]\{.*$|\$\w.*$/, ''), { unknown: 'an interpolated value' }] } : str(first.v)) : unknown(code.slice(at[0], at[1]).slice(0, 40));
    effects.push({ kind: 'delete', call: row.call, at, recursive, path });
    return;
  }
  if (values.length === 0) {
    effects.push({ kind: 'run', call: row.call, at });
    return;
  }
  const command = row.kind === 'shell' ? values[0]!.trim() : values.map((v) => shellWord(str(v))).join(' ');
  const one = strs[0]!;
  const e: CodeEffect = { kind: 'run', call: row.call, at, command };
  if (row.kind === 'shell' && one.k === 'str' && one.exact) e.exact = one.inner;
  effects.push(e);
}

/** The string a Raku method chain starts from (`"/srv/x".IO.dir».`), and whether it lists the folder (`.dir`). */
function rakuChain(toks: readonly Tok[], dot: number): { str: StrTok; dir: boolean } | undefined {
  let dir = false;
  for (let k = dot - 1; k >= 0 && k > dot - 8; k--) {
    const t = toks[k]!;
    if (t.k === 'str') return { str: t, dir };
    if (t.k === 'id') {
      if (/(?:^|\.)dir$/.test(t.v)) dir = true;
      continue;
    }
    if (t.v !== '.' && t.v !== '»' && t.v !== '>') return undefined;
  }
  return undefined;
}

/** Token indexes of a call's arguments: `name(…)`, `(name …)`, or the rest of the statement. */
function argsOf(toks: readonly Tok[], i: number, family: Family): number[] {
  const lispFamily = family === 'lisp' || family === 'elisp';
  const parens = toks[i + 1]?.v === '(' && !lispFamily;
  // inside `(name …)` the call ends at its closing parenthesis; without parentheses, at the end of the statement
  const statement = !parens && !(toks[i - 1]?.v === '(' && family !== 'tcl' && family !== 'shell');
  return argsUntil(toks, parens ? i + 2 : i + 1, statement ? '\n;|' : undefined);
}

/** Token indexes of the value a method is called on (`"cmd"`, `File("p")`, `["rm", "-rf"]`). */
function receiver(toks: readonly Tok[], dot: number): number[] {
  const out: number[] = [];
  let k = dot - 1;
  const last = toks[k];
  if (!last) return out;
  if (last.k === 'str') return [k];
  if (last.k === 'p' && (last.v === ')' || last.v === ']')) {
    const open = last.v === ')' ? '(' : '[';
    let depth = 0;
    for (; k >= 0; k--) {
      const t = toks[k]!;
      if (t.k === 'p' && t.v === last.v) depth++;
      if (t.k === 'p' && t.v === open) {
        depth--;
        if (depth === 0) break;
      }
      out.unshift(k);
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Shell escapes

/** Ex commands that run the rest of the line in a shell: `!cmd`, `r !cmd`, `w !cmd`, `{range}!filter`. */
const EX_ESCAPE = /^[\s:]*(?:(?:sil(?:ent)?!?|exe(?:cute)?)\s+)?(?:[%.,$\d'<>]*|r(?:ead)?\s*|w(?:rite)?\s*|e(?:dit)?\s*)!(?!=)(.+)$/;
const GDB_ESCAPE = /^\s*(?:shell|!|pipe\s+[^|]*\|)\s*(.+)$/;
const LLDB_ESCAPE = /^\s*(?:platform\s+shell|shell)\s+(?:-[a-z]\s+\S+\s+)*(?:--\s+)?(.+)$/;
const OCTAVE_ESCAPE = /^\s*!(.+)$/;

function escapes(family: Family, code: string, effects: CodeEffect[]): void {
  const re = family === 'vim' || family === 'ed' ? EX_ESCAPE : family === 'gdb' ? GDB_ESCAPE : family === 'lldb' ? LLDB_ESCAPE : family === 'octave' ? OCTAVE_ESCAPE : undefined;
  if (family === 'shell') {
    // Commands of shells of other families: each statement that reads as a command line.
    let at = 0;
    for (const part of code.split(/(\n|;|\|)/)) {
      if (part !== '\n' && part !== ';' && part !== '|' && looksLikeCommand(part.replace(/^\s*\^/, ''))) {
        const lead = part.length - part.replace(/^\s*\^?/, '').length;
        effects.push({ kind: 'run', call: 'a command', at: [at, at + part.length], command: part.slice(lead).trim(), exact: [at + lead, at + lead + part.slice(lead).trimEnd().length] });
      }
      at += part.length;
    }
    return;
  }
  if (!re) return;
  let at = 0;
  for (const line of code.split('\n')) {
    // vim joins Ex commands with `|`, except after a `!` (the rest is the shell's)
    const first = family === 'vim' ? line.split(/\|(?![^!]*$)/)[0]! : line;
    const parts = family === 'vim' && !EX_ESCAPE.test(first) ? line.split('|') : [line];
    let off = at;
    for (const p of parts) {
      const m = re.exec(p);
      if (m?.[1]?.trim()) {
        const cmdText = m[1].trim();
        const start = off + p.indexOf(m[1]) + (m[1].length - m[1].trimStart().length);
        effects.push({ kind: 'run', call: family === 'gdb' ? "gdb's shell" : family === 'lldb' ? "lldb's platform shell" : family === 'octave' ? 'a ! shell escape' : `${family === 'ed' ? "ed's" : "Vim's"} :!`, at: [off, off + p.length], command: cmdText, exact: [start, start + cmdText.length] });
      }
      off += p.length + 1;
    }
    at += line.length + 1;
  }
}

// ---------------------------------------------------------------------------------------------
// Stack languages

/**
 * Forth and Factor words that take what they act on from the stack, so the string before them
 * names it: gforth's `s" path" delete-file` and `s" cmd" system` (and `sh` with the rest of the
 * line), Factor's `"path" delete-file`, `"path" delete-tree`, `"cmd" run-process`.
 */
const STACK_WORDS: Readonly<Record<string, { kind: 'delete' | 'run'; recursive?: boolean }>> = {
  'delete-file': { kind: 'delete' },
  'delete-directory': { kind: 'delete' },
  'delete-tree': { kind: 'delete', recursive: true },
  system: { kind: 'run' },
  'run-process': { kind: 'run' },
  'try-process': { kind: 'run' },
  'run-detached': { kind: 'run' },
};

function readStackWords(code: string): CodeEffect[] {
  const effects: CodeEffect[] = [];
  const re = /(?:(?<![\w-])[sS]\\?"\s([^"\n]*)"|(?<![\w\\-])"([^"\n]*)")\s+([\w-]+)/g;
  for (let m = re.exec(code); m && effects.length < 32; m = re.exec(code)) {
    const word = own(STACK_WORDS, m[3]!.toLowerCase());
    const text = m[1] ?? m[2] ?? '';
    if (!word || !text.trim()) continue;
    const at: CodeSpan = [m.index, m.index + m[0].length];
    if (word.kind === 'delete') effects.push({ kind: 'delete', call: m[3]!, at, recursive: !!word.recursive, path: str(text) });
    else effects.push({ kind: 'run', call: m[3]!, at, command: text.trim() });
  }
  for (const m of code.matchAll(/(?:^|\s)sh\s+([^\n]+)/g)) {
    const start = m.index + m[0].length - m[1]!.length;
    effects.push({ kind: 'run', call: "gforth's sh", at: [start - 3, start + m[1]!.length], command: m[1]!.trim() });
  }
  return effects;
}

// ---------------------------------------------------------------------------------------------
// SQL handed to a database from code

/**
 * Calls that hand a statement to a database, by the name they have in client libraries: Python's
 * DB-API (`cursor.execute`, `executemany`, `executescript`), PDO's and mysqli's `exec`/`query`,
 * Perl DBI's `do`, JDBC's `executeUpdate`/`executeQuery`, Go's `Exec`/`Query`, node clients'
 * `query`/`raw`/`unsafe`, Prisma's `$executeRawUnsafe`, R DBI's `dbExecute`/`dbSendQuery`,
 * Spark's `spark.sql`, pandas' `read_sql`.
 */
const SQL_CALL: ReadonlySet<string> = new Set(['execute', 'executemany', 'executescript', 'exec', 'query', 'sql', 'raw', 'do', 'prepare', 'executeupdate', 'executequery', 'executelargeupdate', 'executesql', 'execsql', 'runsql', 'querysql', 'rawquery', 'unsafe', 'executeraw', 'executerawunsafe', 'queryraw', 'queryrawunsafe', 'dbexecute', 'dbsendquery', 'dbsendstatement', 'dbgetquery', 'multiquery', 'realquery', 'mysqliquery', 'mysqlquery', 'pgquery', 'sqlsrvquery', 'readsql', 'readsqlquery', 'batch', 'executebatch', 'executestatement']);
/** A connection string: a database URL (`postgresql://…@prod-db/…`, `jdbc:mysql://…`) or a DSN with a host (`mysql:host=db-prod;dbname=shop`). */
const DB_HOST = /^(?:[a-z][\w+.-]*:)*\/\/(?:[^@/?#\s]*@)?([\w.-]+)|(?:^|[;:\s])(?:host|server|data source|hostaddr)\s*=\s*([\w.-]+)/i;

/**
 * Statements code hands to a database through a client call (`SQL_CALL`) as a string literal: each
 * becomes a run of that statement, judged by the shared SQL reader like a query tool given it as
 * an argument, with the host of a connection string in the code as its reach.
 */
export function sqlCalls(code: string): CodeEffect[] {
  if (!/\b(?:DROP|TRUNCATE|DELETE|UPDATE|ALTER|REVOKE)\b/i.test(code)) return [];
  const toks = tokenize(code, 'generic');
  let host: string | undefined;
  for (let i = 0; i < toks.length && !host; i++) {
    const t = toks[i]!;
    // `host: "db-prod"`, `host => 'db-prod'`, `server="db-prod"`: a host given by name
    if (t.k === 'id' && /^(?:host|hostname|server):?$/i.test(t.v)) {
      const v = toks.slice(i + 1, i + 4).find((x) => x.k !== 'p' || !/^[:=>]$/.test(x.v));
      if (v?.k === 'str' && /^[\w.-]+$/.test(v.v)) host = v.v;
      continue;
    }
    const m = t.k === 'str' ? DB_HOST.exec(t.v) : null;
    if (m) host = m[1] ?? m[2];
  }
  // statements held in a variable first (`sql = "DROP …"`, `$q = '…'`, `my $sql = "…"`, `const q = `…``)
  const held = new Map<string, StrTok>();
  toks.forEach((t, i) => {
    const v = toks[i + 2];
    if (t.k === 'id' && toks[i + 1]?.v === '=' && v?.k === 'str' && toks[i + 3]?.v !== '+' && looksLikeDestructiveSql(v.v)) held.set(t.v, v);
  });
  const effects: CodeEffect[] = [];
  for (let i = 0; i < toks.length && effects.length < 8; i++) {
    const t = toks[i]!;
    if (t.k !== 'id' || toks[i + 1]?.v !== '(' || !SQL_CALL.has(callName(t.v).replace(/^\$/, ''))) continue;
    const args = argsUntil(toks, i + 2, undefined);
    const sql = args.map((k) => toks[k]!).map((x) => (x.k === 'id' ? held.get(x.v) ?? x : x)).find((x): x is StrTok => x.k === 'str' && looksLikeDestructiveSql(x.v));
    if (!sql) continue;
    const end = toks[args[args.length - 1]!]!.at[1] + 1;
    effects.push({ kind: 'run', call: `${t.v}(…)`, at: [t.at[0], Math.min(code.length, end)], command: `sql ${host ? `--host ${shellWord(str(host))} ` : ''}${shellWord(str(sql.v.trim()))}` });
  }
  return effects;
}
