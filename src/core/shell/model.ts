/**
 * The parsed-command model: what the shell parser produces and what rules read.
 *
 * A command line becomes a flat list of simple commands (`ParsedLine.commands`), roughly in the
 * order they run (a command substitution comes before the command that uses its output),
 * including the ones nested in `$(…)`, subshells, functions, and the ones found by unwrapping
 * wrappers (`sudo rm …` yields the `sudo` command and an `rm` command whose `via` names sudo).
 * Rules look at one simple command at a time; the line is there for neighbours (pipes).
 *
 * All spans are UTF-16 offsets `[start, end)` into the ORIGINAL line the caller passed in. Words
 * that came from inside a string (`bash -c '…'`, a heredoc, `eval '…'`) are mapped back into
 * the line where the mapping is exact; otherwise they carry the span of the whole argument.
 *
 * Compatibility: this file is consumed by every rule pack. Change it only additively.
 */
import type { CodeEffect } from '../code/effects';

/** The shells a line can come from. fish and sh lines are parsed with the bash grammar. */
export type ShellKind = 'bash' | 'zsh' | 'fish' | 'sh' | 'pwsh';

/** `[start, end)` in UTF-16 code units of the original line. */
export type Span = readonly [start: number, end: number];

/** One expansion inside a word: `$X`, `${X:-y}`, `$(…)`, `` `…` ``, `$((…))`, `<(…)`. */
export interface Expansion {
  kind: 'variable' | 'command' | 'arithmetic' | 'process';
  /** Variable name for `variable` (`HOME`, `1`, `@`); undefined for the others. */
  name?: string;
  /** Source text of the expansion, e.g. `${DIR:-/tmp}`. */
  raw: string;
  /** True for `${X:-default}` / `${X:=…}` / `${X:?…}` forms (the value is never empty). */
  hasDefault?: boolean;
}

/** A word after quote removal. */
export interface Word {
  /**
   * The word's value with quotes and escapes removed. Expansions stay in their source form
   * (`"$DIR/"*` → `$DIR/*`), so `text` is exact when `dynamic` is false.
   */
  text: string;
  /** The word as written in the source. */
  raw: string;
  span: Span;
  /** The value depends on expansions (`$X`, `$(…)`, backticks, arithmetic). */
  dynamic: boolean;
  /** Contains an unquoted glob character (`*`, `?`, `[…]`) or brace expansion. */
  glob: boolean;
  /** Starts with an unquoted `~` (tilde expansion to a home directory). */
  tilde: boolean;
  /** Any part of it was quoted (`'…'`, `"…"`, `$'…'`, or a backslash escape). */
  quoted: boolean;
  /** The expansions in order; empty when `dynamic` is false. */
  expansions: readonly Expansion[];
}

/** `NAME=value` before a command (or given to `env`), or a standalone assignment. */
export interface Assignment {
  name: string;
  value: Word | undefined;
  span: Span;
}

/** A redirection such as `> file`, `2>&1`, `<<EOF`, `<<< text`. */
export interface Redirect {
  /** The operator: `>`, `>>`, `<`, `>|`, `&>`, `&>>`, `>&`, `<&`, `<>`, `<<`, `<<-`, `<<<`. */
  op: string;
  /** Explicit file descriptor (`2>`), when given. */
  fd?: number;
  /** The file or descriptor (`/dev/sda`, `&1`); undefined for heredocs. */
  target?: Word;
  /** Heredoc (`<<`, `<<-`) or here-string (`<<<`) content. */
  heredoc?: HereDoc;
  span: Span;
}

export interface HereDoc {
  /** The body text (for a here-string: the word's value). */
  body: string;
  /** Span of the body in the line. */
  span: Span;
  /** Contains expansions that the shell performs (unquoted delimiter with `$…`). */
  dynamic: boolean;
  /** The delimiter, e.g. `EOF`; undefined for a here-string. */
  delimiter?: string;
}

/** Text fed to a command's standard input that we can read statically. */
export interface StaticInput {
  kind: 'heredoc' | 'herestring' | 'pipe';
  text: string;
  span: Span;
  dynamic: boolean;
}

/**
 * Code given inline to an interpreter (`python -c`, `node -e`, `perl -e`, `ruby -e`, …), or the
 * script string of `bash -c` / `eval` (`sh`) and `pwsh -Command` (`pwsh`). Shell code is also
 * parsed: its commands follow in `ParsedLine.commands` with a `via` entry.
 */
export interface InlineCode {
  language: 'python' | 'node' | 'typescript' | 'perl' | 'ruby' | 'php' | 'lua' | 'awk' | 'r' | 'applescript' | 'sed' | 'pwsh' | 'sh' | 'other';
  code: string;
  span: Span;
  dynamic: boolean;
  /**
   * Interpreter code only: what reading it found that is judged on its own — deletes of paths
   * known only at run time, calls through names computed at run time, library calls that destroy
   * data elsewhere. The commands it runs, and what it deletes, overwrites, moves or copies at
   * known paths, are commands of the line (`via` kind `interpreter`, see ../code/shell.ts).
   */
  effects?: readonly InlineEffect[];
  /** Interpreter code only: why it was not read, when it was not (its parser is not loaded, it is too long). */
  unread?: string;
  /** Where the code came from when it is not an argument: `stdin` (a heredoc, `echo … | python3`), or a script `file`. */
  from?: 'stdin' | 'file';
  /** awk only: the shell text of what the program prints, for a shell that reads its output (`awk '{print "rm " $1}' | sh`). */
  prints?: readonly string[];
}

/** An effect of interpreter code, with the span in the line of the call that has it. */
export interface InlineEffect {
  effect: CodeEffect;
  span: Span;
}

/** One step of the chain that led to an unwrapped command, outermost first. */
export interface Via {
  /** The wrapper's normalised program name: `sudo`, `bash`, `xargs`, `find`, `ssh`, `kubectl`, `python`, … */
  program: string;
  kind:
    | 'prefix' // sudo, doas, env, command, builtin, exec, nice, nohup, time, timeout, stdbuf, ionice, chrt, …
    | 'shell-c' // bash -c '…', sh -c, zsh -c, …
    | 'eval' // eval '…'
    | 'heredoc' // bash <<EOF … EOF, `… | bash`
    | 'xargs' // xargs cmd, parallel cmd
    | 'find-exec' // find … -exec cmd {} ;
    | 'watch' // watch cmd
    | 'remote' // ssh host cmd
    | 'container' // kubectl exec … -- cmd, docker exec/run … cmd
    | 'interpreter' // os.system("…") in python -c, etc.
    | 'busybox'; // busybox rm
  /** Span of the wrapper command in the line. */
  span: Span;
  /** For `remote`/`container`: the host, pod or container; for `interpreter`: the call (`shutil.rmtree`). */
  target?: string;
  /** For `remote`: the command runs on many machines at once, as the line says so (`every host (\`all\`)`). */
  reach?: string;
}

/** The structures a simple command sits inside, innermost last. */
export type Nesting =
  | 'subshell' // ( … )
  | 'group' // { …; }
  | 'command-substitution' // $( … ) or backticks
  | 'process-substitution' // <( … ) >( … )
  | 'function' // the body of a function definition
  | 'condition' // if/while/until condition
  | 'loop' // for/while/until body
  | 'branch' // if/case branch
  | 'background' // cmd &
  | 'negated'; // ! cmd

/** The operator joining a command to what came before it in its list. */
export type Joiner = ';' | '&&' | '||' | '&' | '\n';

export interface PipelinePosition {
  /** Identifies the pipeline within the line (shared by its members). */
  id: number;
  /** 0-based position in the pipeline. */
  index: number;
  length: number;
  /** `|&` (stderr piped too) into the next command. */
  stderr?: boolean;
}

/** One simple command: a program with its arguments. */
export interface SimpleCommand {
  /**
   * Normalised program name: `/bin/rm`, `\rm`, `r''m` → `rm`; `busybox rm` → `rm`;
   * for pwsh lowercase with aliases resolved (`ri`, `del` → `remove-item`).
   * Empty for a bare assignment (`X=1`). When the name is dynamic, the raw text (`$CMD`).
   */
  program: string;
  /** The command-name word as written (undefined for bare assignments). */
  name: Word | undefined;
  /** The name was dynamic (`$CMD`, `$(echo rm)`, `"${X}"`). */
  dynamicName: boolean;
  /** The arguments after the name (after `busybox`'s applet for busybox). */
  args: readonly Word[];
  /**
   * `NAME=value` prefixes, plus assignments given through `env` when unwrapped. For
   * `export`/`declare`/`local`/`readonly`/`typeset` the declared variables (value undefined
   * when none is given); a bare `X=1` statement is a command with program `''`.
   */
  assignments: readonly Assignment[];
  redirects: readonly Redirect[];
  /** Span of the whole command including its redirections. */
  span: Span;
  /** Wrapper chain, outermost first; empty for a command written directly. */
  via: readonly Via[];
  /** Enclosing structures, outermost first. */
  nesting: readonly Nesting[];
  /** Operator before this command in its list (undefined for the first). */
  joinedBy?: Joiner;
  /** Position in a pipeline of two or more commands. */
  pipeline?: PipelinePosition;
  /** Readable stdin (heredoc, here-string, or `echo '…' |` / `printf '…' |`). */
  stdin?: StaticInput;
  /** Inline interpreter code, when this is `python -c`, `node -e`, … */
  inline?: InlineCode;
  /** Runs on another machine or inside a container (`ssh`, `kubectl exec`, `docker exec`). */
  remote?: boolean;
  /** Extra arguments come from input (`xargs`, `find -exec … {}`, `parallel`). */
  argsFromInput?: boolean;
  /** For pwsh: the alias as typed when `program` was resolved from one (`rm`, `del`). */
  alias?: string;
  /** Name of the function defined in this line that this command calls (its body's findings apply here). */
  callsFunction?: string;
  /** 0-based index in `ParsedLine.commands`. */
  index: number;
}

/** A part of the line the parser could not understand. */
export interface ParseIssue {
  kind: 'error' | 'missing' | 'depth-limit' | 'unsupported';
  message: string;
  span: Span;
}

/** A function defined in the line (`f() { …; }`, `function f { …; }`). */
export interface FunctionDef {
  name: string;
  span: Span;
  /** Indexes into `ParsedLine.commands` of the commands in its body. */
  body: readonly number[];
  /** fish: what makes the shell run it by itself (`--on-event fish_prompt`, `--on-variable PWD`, …). */
  runsOn?: string;
}

/** The whole line, parsed. */
export interface ParsedLine {
  source: string;
  shell: ShellKind;
  commands: readonly SimpleCommand[];
  issues: readonly ParseIssue[];
  functions: ReadonlyMap<string, FunctionDef>;
}
