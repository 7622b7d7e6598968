/**
 * Commands and statements carried inside the arguments of any tool, read generically (no table of
 * tools): many programs run a command line they are given, and many run a SQL statement.
 *
 * A command line runs when
 * - it follows `--` after a subcommand that runs things (`X exec -- CMD…`, `X exec NAME -- CMD…`,
 *   `X run -- CMD…`, `X forall -- CMD…`): the words after `--` are the command;
 * - it is the value of an option whose name says it is a command (`--command`, `--cmd`, `--exec`,
 *   `--execute`, `--run`, `--shell-command`, `--pre-hook`, `--post-hook`, `--deploy-hook`, …; the
 *   short `-c`/`-x`/`-e` only after such a subcommand: `repo forall -c CMD`);
 * - it is a per-file template: Windows `forfiles /c "cmd /c … @path"` runs it for every file it
 *   matches (the placeholders stand for those files).
 *
 * Text that is only carried, never run, stays text: commit, issue and PR messages and titles
 * (`-m`, `--message`, `--title`, `--body`, …), and the arguments of programs that print, search or
 * log text (`echo`, `grep`, `sed`, `logger`, `git`, `gh`, …). A value that reads as SQL is a
 * statement for the tool's database, not a command line (command/packs/embedded.ts judges it).
 */
import type { SimpleCommand, Span, Word } from './model';
import { fanOut } from './executors';
import { isOptionWord } from './normalise';
import { consoleCode, consoleLines, inputHow, inputWord, leadsWithVerb, namedConsole, quotedRequests, requestLine, splitRequests, stdinRequests } from './console';

/** Programs whose arguments are text they print, search, edit, store or send, never run. */
export const CARRIER_PROGRAMS: ReadonlySet<string> = new Set([
  'echo', 'printf', 'print', 'puts', 'grep', 'egrep', 'fgrep', 'zgrep', 'rg', 'ag', 'ack', 'ugrep', 'git-grep', 'sed', 'gsed', 'awk', 'gawk', 'mawk', 'nawk', 'perl',
  'tr', 'cut', 'tee', 'cat', 'less', 'more', 'head', 'tail', 'touch', 'mkdir', 'ls', 'locate', 'jq', 'yq', 'test', '[', 'expr',
  'logger', 'wall', 'write', 'notify-send', 'osascript-notify', 'say', 'espeak', 'cowsay', 'figlet', 'toilet', 'banner', 'terminal-notifier',
  'jira', 'linear', 'mail', 'mailx', 'mutt', 'neomutt', 's-nail', 'sendmail', 'msmtp', 'swaks', 'aerc', 'himalaya',
  'fzf', 'sk', 'peco', 'percol', 'rofi', 'dmenu', 'wofi', 'fuzzel',
  'xclip', 'xsel', 'pbcopy', 'wl-copy', 'clip', 'clip.exe', 'tmux-display', 'zenity', 'kdialog', 'dialog', 'whiptail', 'gum',
  'write-host', 'write-output', 'write-error', 'write-warning', 'write-verbose', 'write-information', 'write-debug', 'out-host', 'out-file', 'select-string', 'set-content', 'add-content', 'findstr', 'find', 'msg',
  'history', 'fc', 'alias', 'export', 'set', 'read', 'help', 'man', 'info', 'tldr', 'apropos', 'whatis', 'which', 'type', 'command', 'hash', 'complete', 'compgen',
]);

/** Options that make a tool execute what it is given (`pt-find --exec "DROP TABLE %D.%N"`). */
const EXECUTE_OPTION = /^--?exec(?:ute)?(?:=|$)/;

/** Options whose value is a message, a title or a note: carried text, never run. */
export const CARRIER_OPTIONS: ReadonlySet<string> = new Set([
  '-m', '--message', '--msg', '--title', '--body', '--description', '--desc', '--comment', '--comments', '--summary', '--note', '--notes', '--subject', '--reason', '--text', '--label', '--labels', '--annotation', '--caption', '--memo', '--changelog', '--release-notes', '--pattern', '--regexp', '--regex', '--grep', '--search', '--filter', '--match', '--log', '--print', '--echo', '--output', '--out', '--file', '--filename', '--name', '--tag',
]);

/** Words in a program's name or subcommand path that only look at SQL or commands: they lint, format, parse or explain them. */
const READS_ONLY = /^(lint|linter|fmt|format|formatter|prettify|pretty|beautify|parse|parser|validate|check|explain|highlight|translate|transpile|render|tokenize|diff|print|show|describe|search|grep|find|log|logs|history|docs?|help|completion|completions|echo|template|snippet|snippets|note|notes|comment|commit|send|post|publish)$/;

/** The opening of a SQL statement: a statement keyword and the words that must follow it. */
const STATEMENT_START = new RegExp(
  String.raw`^\s*(?:(?:--|#)[^\n]*\n\s*)*(?:` +
    String.raw`(?:DROP|CREATE|ALTER)\s+(?:TEMP(?:ORARY)?\s+|OR\s+REPLACE\s+|UNIQUE\s+|MATERIALIZED\s+|EXTERNAL\s+)?(?:TABLE|DATABASE|SCHEMA|VIEW|INDEX|USER|ROLE|KEYSPACE|COLLECTION|MEASUREMENT|SERIES|SEQUENCE|FUNCTION|PROCEDURE|TRIGGER|TYPE|EXTENSION|BUCKET|STAGE|WAREHOUSE|STREAM|SCOPE|NAMESPACE|CATALOG|RETENTION)\b` +
    String.raw`|DELETE\s+(?:\S+\s+)?FROM\s|TRUNCATE\s+(?!-)\S|UPDATE\s+\S+\s+(?:(?:AS\s+)?\w+\s+)?SET\s|SELECT\s|INSERT\s+(?:INTO|OVERWRITE)\s|MERGE\s+INTO\s|WITH\s+\w+\s+AS\s*\(|REVOKE\s|GRANT\s|BEGIN\s*;|START\s+TRANSACTION|VACUUM\b|PRAGMA\s)`,
  'i',
);
const DESTRUCTIVE_WORD = /\b(?:DROP|TRUNCATE|DELETE|UPDATE|ALTER|REVOKE)\b/i;
/** Words of prose that SQL outside its string literals does not hold: a sentence about a statement, not one. */
const PROSE = /\b(?:the|after|before|when|was|were|fails?|failed|should|this|that|we|please|because|then|later|done|ran|slow|bug|fix|fixed|issue|our|my|your|will|would)\b/i;

/** Text that reads as SQL statements (a statement opens it) and says something destructive outside its string literals. */
export function looksLikeDestructiveSql(text: string): boolean {
  if (text.length < 8 || text.length > 20000 || !DESTRUCTIVE_WORD.test(text) || !STATEMENT_START.test(text)) return false;
  const bare = text.replace(/'(?:[^']|'')*'|"[^"]*"/g, "''");
  return DESTRUCTIVE_WORD.test(bare) && !PROSE.test(bare);
}

/** Text that reads as a SQL statement at all: a statement, not a command line. */
export function looksLikeSql(text: string): boolean {
  return STATEMENT_START.test(text);
}

/** A word naming what a subcommand does when it runs a command given after `--` or in `-c`. */
const RUNS_SUB = /^(exec|execute|run|run-command|exec-env|exec-file|x|ssh|shell|sh|do|forall|foreach|for-each|each|spawn|launch|with|wrap|enter)$/;

/** Toolchains whose `run -- ARGS` passes ARGS to the program they built or the script they run, not a command. */
const PASSES_ARGS: ReadonlySet<string> = new Set([
  'cargo', 'go', 'dotnet', 'deno', 'bun', 'npm', 'yarn', 'pnpm', 'npx', 'flutter', 'dart', 'swift', 'stack', 'cabal', 'gradle', 'gradlew', './gradlew', 'mvn', 'mvnw', './mvnw', 'sbt', 'mill', 'mix', 'lein', 'clj', 'clojure', 'zig', 'nix', 'make', 'gmake', 'just', 'task', 'node', 'python', 'python3', 'ruby', 'php', 'java', 'kotlin', 'scala', 'elixir', 'cmake', 'meson', 'ninja', 'bazel', 'bazelisk', 'buck', 'buck2', 'pants', 'nx', 'turbo', 'lerna', 'rush', 'moon', 'earthly', 'tilt', 'skaffold', 'air', 'wails', 'tauri', 'cordova', 'ionic', 'expo', 'react-native', 'ng', 'vue', 'vite', 'vitest', 'jest', 'mocha', 'pytest', 'tox', 'nox', 'hatch', 'flit', 'cog', 'dagger', 'act', 'wasmtime', 'wasmer', 'valgrind', 'perf', 'strace', 'ltrace', 'gdb', 'lldb', 'rr',
]);

/** Shells another tool starts with their own arguments (`proxychains bash -c …`, `firejail sh -c …`). */
const WRAPPED: ReadonlySet<string> = new Set(['bash', 'sh', 'zsh', 'dash', 'ksh', 'fish']);

/** Long option names that say their value is a command line to run. */
const COMMAND_OPTION = /^--(?!(?:no|skip|disable|without|ignore|allow|dry)-)(?:[a-z0-9]+-)*(?:command|cmd|exec|execute|run|shell-command|shell-cmd|cmdline|command-line|hook)$/;
/** Short options that hold a command after a running subcommand (`repo forall -c`, `X exec -x`). */
const SHORT_COMMAND = new Set(['-c', '-x', '-e']);

export interface EmbeddedRun {
  /** The words of a command after `--`. */
  argv?: Word[];
  /**
   * A word (or a part of it after `=`) holding a command line; `start` -1 when the text was made
   * from it (requests read as commands), then `lines` says where each line's request stands.
   */
  code?: { word: Word; text: string; start: number; language: 'sh' | 'cmd'; lines?: RequestSpan[] };
  /** How the line hands it over: `--`, `--exec`, `/c`. */
  how: string;
  /** It runs on another machine or instance (`X ssh HOST CMD`): that host. */
  remote?: string;
  /** It runs inside a container, VM or instance of the developer's (`X exec NAME -- CMD`): its name. */
  container?: string;
  /** It runs once for each of many things (`repo forall`, `forfiles /s`): what the line says they are. */
  reach?: string;
}

/** The positional words before the first `--` (options skipped, with a separate value when not a path-like next word). */
function leadingPositionals(args: readonly Word[]): { words: Word[]; dashes: number; afterOption: Set<Word> } {
  const words: Word[] = [];
  const afterOption = new Set<Word>();
  for (let i = 0; i < args.length; i++) {
    const t = args[i]!.text;
    if (t === '--') return { words, dashes: i, afterOption };
    if (isOptionWord(t)) continue;
    words.push(args[i]!);
    const prev = args[i - 1]?.text;
    if (prev !== undefined && isOptionWord(prev) && !prev.includes('=')) afterOption.add(args[i]!);
  }
  return { words, dashes: -1, afterOption };
}

/** Programs and subcommands that only carry, print, search or check text: their arguments are not run. */
export function carriesText(cmd: SimpleCommand): boolean {
  if (CARRIER_PROGRAMS.has(cmd.program)) return true;
  // a name that says it finds or shows (`pt-find`) still runs what an execute option gives it
  if (cmd.program.split(/[-_.]/).some((t) => READS_ONLY.test(t)) && !cmd.args.some((a) => EXECUTE_OPTION.test(a.text))) return true;
  let n = 0;
  for (const a of cmd.args) {
    if (a.text === '--' || n >= 3) break;
    if (isOptionWord(a.text)) continue;
    if (READS_ONLY.test(a.text)) return true;
    n++;
  }
  return false;
}

/**
 * Whether the command could hand over a command line: input a console may read, `--` before a
 * command, a running subcommand or a shell among the words, or an option that takes a command or
 * requests (every form `embeddedRun` reads starts with one of them). Most commands have none, and
 * are not read further.
 */
function mayCarryRun(cmd: SimpleCommand): boolean {
  // requests on a console's input, and commands after `--` (`nsenter -t 1 -- CMD`, `X run -- CMD`)
  if (cmd.stdin) return true;
  for (const w of cmd.args) {
    const t = w.text;
    if (t === '--') return true;
    if (!isOptionWord(t)) {
      // a quoted request of several words (`dsmadmc "delete filespace X *"`)
      if (RUNS_SUB.test(t) || WRAPPED.has(t) || t.includes(' ')) return true;
      continue;
    }
    const eq = t.indexOf('=');
    const name = eq > 0 ? t.slice(0, eq) : t;
    if (SHORT_COMMAND.has(name) || REQUEST_OPTION.has(name) || COMMAND_OPTION.test(name)) return true;
  }
  return false;
}

/** A command line found in an argument of `cmd`; undefined when its arguments carry none. */
export function embeddedRun(cmd: SimpleCommand, cmdLanguage: boolean, knows: (program: string) => boolean): EmbeddedRun | undefined {
  const p = cmd.program;
  if (!(cmdLanguage && p === 'forfiles') && !mayCarryRun(cmd)) return undefined;
  if (carriesText(cmd)) return undefined;
  if (cmdLanguage && p === 'forfiles') return forfiles(cmd);
  const args = cmd.args;
  const { words: lead, dashes, afterOption } = leadingPositionals(args);
  const path = lead.slice(0, 3);
  // the last running word of the path: `mco shell run 'CMD'` runs CMD, `shell` is the plugin
  let runner = -1;
  path.forEach((w, k) => {
    if (RUNS_SUB.test(w.text)) runner = k;
  });
  if (runner >= 0 && dashes >= 0) {
    const sub = path[runner]!.text;
    // `conda run -n base -- CMD`: a word right after an option is likely its value, not a script to run
    const between = lead.slice(runner + 1).filter((w) => !afterOption.has(w));
    const passes = sub === 'run' && (PASSES_ARGS.has(p) || between.length > 0);
    const argv = args.slice(dashes + 1);
    if (!passes && argv.length > 0 && !isOptionWord(argv[0]!.text) && !(argv.length === 1 && looksLikeSql(argv[0]!.text))) {
      // `X exec NAME -- CMD`, `distrobox enter NAME -- CMD`: CMD runs inside NAME (a container, VM or instance), like `docker exec`.
      if ((sub === 'exec' || sub === 'enter') && between.length === 1) return withTargets({ argv, how: `${sub} --`, container: between[0]!.text }, args);
      return withTargets(withReach({ argv, how: `${sub} --` }, p, path, runner, between), args);
    }
  }
  // `nsenter -t 1 -m -- rm …`, `unshare -r -- rm …`: only options (each perhaps with its value) before `--`, then a command.
  if (dashes >= 0 && runner < 0 && lead.every((w) => afterOption.has(w)) && !PASSES_ARGS.has(p) && !COMMON_COMMANDS.has(p)) {
    const argv = args.slice(dashes + 1);
    if (argv.length >= 2 && (knows(argv[0]!.text) || everyday(argv[0]!.text))) return { argv, how: 'runs' };
  }
  // `pixi run python -c …`, `devbox run rm -rf x`, `X exec NAME rm …`, `dokku run APP rm …`: a command named right after the subcommand (or after the name it runs in).
  if (runner >= 0 && dashes < 0 && /^(?:run|exec)(?:-env|-file)?$/.test(path[runner]!.text) && !PASSES_ARGS.has(p)) {
    const sub = path[runner]!.text;
    // (a quoted command line after a switch is the command, not the switch's value: `mani exec --all 'git reset …'`)
    const after = lead.slice(lead.indexOf(path[runner]!) + 1).filter((w) => !afterOption.has(w) || commandLine(w.text, knows));
    // (up to two names before it: `kubie exec CONTEXT NAMESPACE kubectl …`)
    const start = [after[0], after[1], after[2]].find((w) => w !== undefined && !SUBCOMMAND_WORDS.has(w.text) && (knows(w.text) || everyday(w.text)));
    if (start) return withTargets({ argv: args.slice(args.indexOf(start)), how: sub }, args);
    // `bolt command run 'rm -rf /var/www/*' --targets web`, `kamal app exec 'rm …'`: one operand holding a command line (after the name it runs in).
    const line = after.slice(0, 2).find((w) => commandLine(w.text, knows));
    if (line) {
      const inside = after.indexOf(line) === 1 ? after[0]!.text : undefined;
      return withTargets({ code: { word: line, text: line.text, start: 0, language: 'sh' }, how: sub, ...(inside !== undefined ? { container: inside } : {}) }, args);
    }
  }
  // `git submodule foreach 'CMD'`, `X forall 'CMD'`: one operand holding a command line, run for every item.
  if (runner >= 0 && dashes < 0 && EACH_SUB.test(path[runner]!.text)) {
    const after = lead.slice(lead.indexOf(path[runner]!) + 1);
    const only = after.length === 1 ? after[0]! : undefined;
    if (only && runnable(only.text) && !args.some((w) => SHORT_COMMAND.has(w.text))) return withReach({ code: { word: only, text: only.text, start: 0, language: 'sh' }, how: path[runner]!.text }, p, path, runner, []);
  }
  // `X ssh HOST CMD…` (`tsh ssh root@db1 'cmd'`, `docker-machine ssh m1 cmd`): the command runs on HOST.
  if (runner >= 0 && dashes < 0 && path[runner]!.text === 'ssh') {
    const host = lead.slice(lead.indexOf(path[runner]!) + 1).find((w) => !afterOption.has(w));
    let rest = host ? args.slice(args.indexOf(host) + 1) : [];
    // `cf ssh APP -c 'CMD'`: the command in a command option after the host
    const opt = rest[0] && isOptionWord(rest[0].text) ? rest[0].text : undefined;
    if (opt !== undefined) rest = (SHORT_COMMAND.has(opt) || COMMAND_OPTION.test(opt)) && rest.length === 2 ? rest.slice(1) : [];
    if (host && rest.length > 0 && !/\s/.test(host.text)) return { argv: rest.length === 1 && /\s/.test(rest[0]!.text) ? undefined : rest, code: rest.length === 1 && /\s/.test(rest[0]!.text) ? { word: rest[0]!, text: rest[0]!.text, start: 0, language: 'sh' } : undefined, how: 'ssh', remote: host.text };
  }
  // `adb shell rm -rf /sdcard/x`, `adb -s SERIAL shell 'pm clear app'`, `machinectl shell web /bin/sh -c …`, `limactl shell vm rm …`: the shell of a device, VM or machine runs the command there.
  if (runner >= 0 && dashes < 0 && path[runner]!.text === 'shell') {
    const r = deviceShell(args, lead, lead.indexOf(path[runner]!), afterOption, knows);
    if (r) return withTargets(r, args);
    // `bookkeeper shell deleteledger -ledgerid 7 -force`: a request of the tool's own console, given after `shell`
    const rest = args.slice(args.indexOf(path[runner]!) + 1);
    if (rest.length > 0 && !knows(rest[0]!.text) && leadsWithVerb(rest[0]!.text)) {
      const word: Word = { ...rest[0]!, text: rest.map((w) => w.text).join(' '), span: [rest[0]!.span[0], rest[rest.length - 1]!.span[1]] };
      return { code: { word, text: requestLine(p, rest.map((w) => w.text)), start: -1, language: 'sh' }, how: 'shell' };
    }
  }
  // `proxychains bash -c …`: a program whose first operand is a shell given -c runs it (`sshpass -e ssh host …`: the ssh form above).
  const first = lead[0];
  const at = first ? args.indexOf(first) : -1;
  if (first && first === args.find((w) => !isOptionWord(w.text)) && WRAPPED.has(first.text) && /^-[a-z]*c$/.test(args[at + 1]?.text ?? '') && (dashes < 0 || at < dashes)) {
    return { argv: args.slice(args.indexOf(first)), how: 'runs' };
  }
  for (let i = 0; i < args.length; i++) {
    const w = args[i]!;
    const t = w.text;
    if (t === '--') break;
    if (!isOptionWord(t) || CARRIER_OPTIONS.has(t)) continue;
    const eq = t.indexOf('=');
    const name = eq > 0 ? t.slice(0, eq) : t;
    const command = COMMAND_OPTION.test(name) || (SHORT_COMMAND.has(name) && runner >= 0 && eq < 0 && args.indexOf(path[runner]!) < i);
    // (`-C` is a directory for most tools; a named console's request only: `zabbix-cli -C "remove_host x"`.)
    const request = !command && (REQUEST_OPTION.has(name) || (name === '-C' && namedConsole(p))) && eq < 0 && !cmd.via.some((v) => v.program === p && v.kind === 'prefix');
    if (!command && !request) continue;
    const value = eq > 0 ? { word: w, text: t.slice(eq + 1), start: eq + 1 } : args[i + 1] ? { word: args[i + 1]!, text: args[i + 1]!.text, start: 0 } : undefined;
    if (!value || !runnable(value.text)) continue;
    if (request) {
      // `-q` and `-R` hold the tool's own requests (a query), never a shell line
      const targeted = name === '-q' || name === '-R' || lead.some((x) => x !== value.word && TARGET_OPERAND.test(x.text)) || args.some((x) => CONNECT_OPTION.test(x.text));
      const text = requests(p, value.text, targeted, knows, STRICT_REQUEST_OPTION.has(name));
      if (text !== undefined) return { code: { word: value.word, text, start: -1, language: 'sh' }, how: name };
      continue;
    }
    if (SHORT_COMMAND.has(name) && runner >= 0) return withReach({ code: { ...value, language: 'sh' }, how: name }, p, path, runner, lead.slice(runner + 1).filter((x) => x !== value.word));
    return { code: { ...value, language: 'sh' }, how: name };
  }
  if (dashes >= 0 || COMMON_COMMANDS.has(p)) return undefined;
  // `adrci exec="set home X; purge -age 60"`: requests given as a key=value operand
  for (const w of lead) {
    const m = /^(exec|execute|command|cmd|script|run)=(.*)$/s.exec(w.text);
    if (!m || !/\s/.test(m[2]!)) continue;
    const r = consoleLines(p, m[2]!, { knows, isSql: looksLikeSql });
    if (r !== undefined && r !== 'sql') return { code: { word: w, text: r.code, start: -1, language: 'sh', lines: requestSpans(r.requests, w) }, how: `${m[1]}=` };
  }
  // `echo 'delete volume=Vol-1 yes' | bconsole`, `rman target / <<< 'DELETE NOPROMPT BACKUP'`: requests typed at a console's prompt, from its input (./console.ts).
  const input = cmd.stdin;
  if (input && !input.dynamic) {
    const r = stdinRequests(cmd, knows, looksLikeSql);
    if (r !== undefined && r !== 'sql') {
      const word = inputWord(input);
      return { code: { word, text: r.code, start: -1, language: 'sh', lines: requestSpans(r.requests, word) }, how: inputHow(input.kind) };
    }
  }
  // `dsmadmc -id=admin "delete filespace WEB01 *"`, `ntdsutil snapshot "delete *" quit`: one quoted request on the command line.
  // a quoted operand that starts with an everyday command is that command line (`kitty @ send-text 'rm -rf x'`);
  // to a program named as a console it is the console's own command (`deluge-console "rm --remove_data ID"`)
  const console_ = namedConsole(cmd.program);
  const quoted = quotedRequests(cmd, knows, looksLikeSql, (w) => knows(w) || (!console_ && everyday(w)));
  if (quoted.length > 0) {
    const first = quoted[0]!.word;
    const last = quoted[quoted.length - 1]!.word;
    const word: Word = quoted.length === 1 ? first : { ...first, text: quoted.map((q) => q.word.text).join(' '), span: [first.span[0], last.span[1]] };
    return { code: { word, text: quoted.map((q) => q.code).join('\n'), start: -1, language: 'sh', lines: quoted.flatMap((q) => requestSpans(q.requests, q.word)) }, how: 'quoted request' };
  }
  return undefined;
}

/** Where a request stands in the line, and its text there (undefined when only the whole input is known). */
export interface RequestSpan {
  span: Span;
  text?: string;
}

/**
 * Where each request stands in the line: found in the word's source text when that text is what
 * its span covers — as it is (a heredoc, a plain or simply quoted word) or with its newlines and
 * tabs written as escapes (`printf 'a\\nb'`) — else the whole word.
 */
function requestSpans(requests: readonly string[], word: Word): RequestSpan[] {
  const [a, b] = word.span;
  const escaped = word.raw.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\t/g, '\\t');
  const source = [word.raw, escaped].find((t) => b - a === t.length || b - a === t.length + 2);
  const shift = source === undefined ? 0 : b - a === source.length ? 0 : 1;
  let from = 0;
  return requests.map((r) => {
    const i = source === undefined ? -1 : source.indexOf(r, from);
    if (i < 0) return { span: word.span };
    from = i + r.length;
    return { span: [a + shift + i, a + shift + i + r.length], text: r };
  });
}

/** A command the line runs: an everyday command, one the engine unwraps, or a program named by its absolute path (`/bin/sh`). */
function runsHere(w: Word | undefined, knows: (program: string) => boolean): boolean {
  return !!w && (knows(w.text) || everyday(w.text) || /^\/(?:[\w.-]+\/)+[\w.-]+$/.test(w.text));
}

/** One word holding a command line that starts with a command the engine knows (`'rm -rf /srv/x'`, `'sudo systemctl stop db'`). */
function commandLine(text: string, knows: (program: string) => boolean): boolean {
  const first = /^\s*(?:sudo\s+)?([\w./~+-]+)/.exec(text)?.[1];
  return /\s/.test(text.trim()) && runnable(text) && first !== undefined && (knows(first) || everyday(first));
}

/**
 * `X [opts] shell [NAME] CMD…`: the words after `shell` are the command, or the name of the
 * machine it runs on and then the command (`limactl shell vm CMD`). A device shell (`adb shell`)
 * names its device with an option before `shell` (`-s SERIAL`), if at all.
 */
function deviceShell(args: readonly Word[], lead: readonly Word[], at: number, afterOption: ReadonlySet<Word>, knows: (program: string) => boolean): EmbeddedRun | undefined {
  const rest = args.slice(args.indexOf(lead[at]!) + 1);
  const first = rest[0];
  if (!first || isOptionWord(first.text)) return undefined;
  const device = lead.slice(0, at).find((w) => afterOption.has(w))?.text ?? 'shell';
  const code = (w: Word): EmbeddedRun['code'] => ({ word: w, text: w.text, start: 0, language: 'sh' });
  if (rest.length === 1) return commandLine(first.text, knows) ? { code: code(first), how: 'shell', remote: device } : undefined;
  if (runsHere(first, knows)) return { argv: rest, how: 'shell', remote: device };
  const second = rest[1]!;
  if (rest.length === 2 && commandLine(second.text, knows)) return { code: code(second), how: 'shell', remote: first.text };
  return runsHere(second, knows) ? { argv: rest.slice(1), how: 'shell', remote: first.text } : undefined;
}

/** Options that name the machines a command runs on (`--targets web`, `--hosts a,b`, `--nodes 'db*'`, `--all`). */
const TARGET_OPTION = /^--(?:targets?|hosts?|nodes?|servers?|machines?|instances?|devices?|limit|groups?|query)$/;

/** A command run on every machine an option selects runs there at once (`bolt command run CMD --targets web`). */
function withTargets(r: EmbeddedRun, args: readonly Word[]): EmbeddedRun {
  if (r.reach) return r;
  for (let i = 0; i < args.length; i++) {
    const t = args[i]!.text;
    if (t === '--') break;
    if (t === '--all' || t === '--all-targets' || t === '--all-hosts') return { ...r, reach: `every target (${t})` };
    const eq = t.indexOf('=');
    const name = eq > 0 ? t.slice(0, eq) : t;
    if (!TARGET_OPTION.test(name)) continue;
    const value = eq > 0 ? t.slice(eq + 1) : args[i + 1]?.text;
    const reach = value === undefined ? undefined : name === '--query' ? `every machine the query \`${value}\` selects` : fanOut(value, /s$|group|limit/.test(name));
    if (reach) return { ...r, reach };
  }
  return r;
}

/** Subcommands that run the command once for every item they iterate over. */
const EACH_SUB = /^(forall|foreach|for-each|each)$/;

/** `repo forall -c CMD` with no projects named runs CMD in every project. */
function withReach(r: EmbeddedRun, program: string, path: readonly Word[], runner: number, named: readonly Word[]): EmbeddedRun {
  const sub = path.slice(0, runner + 1).map((w) => ` ${w.text}`).join('');
  if (!EACH_SUB.test(path[runner]!.text) || named.length > 0) return r;
  return { ...r, reach: `every item \`${program}${sub}\` goes through` };
}

/** A command line, not a flag, a file, a setting, a number or a statement in another language. */
function runnable(text: string): boolean {
  const s = text.trim();
  return /\s/.test(s) && /^[\w./~!-]/.test(s) && !s.startsWith('-') && !/^[\w.-]+=/.test(s) && !looksLikeSql(s) && !startsLikeCode(s);
}

/** Text that starts like code of a programming language, not like a command line (`require('fs')…`, `import os; …`). */
export function startsLikeCode(text: string): boolean {
  return /^\s*(?:[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*\s*\(|import\s+[\w.]+\s*(?:;|,|\bas\b|$)|from\s+[\w.]+\s+import\s|require\s*[('"])/.test(text);
}

/**
 * Short options that hand a tool requests in its own command language, run in order as if typed
 * at its prompt (`smbclient -c 'deltree dir'`, `lftp -e 'mirror -R --delete …'`, `debugfs -R 'rm
 * FILE'`, `kadmin -q 'delprinc x'`). Each request is judged as the tool's own subcommand (`smbclient deltree dir`); one that
 * starts with `!` is a shell escape, and one that starts with a command the engine knows
 * (`xterm -e 'rm -rf …'`) is that command.
 */
const REQUEST_OPTION: ReadonlySet<string> = new Set(['-c', '-e', '-R', '-q', '-s', '-x']);
/** Options that connect a console to a server or an account (`asadm -h aero1 -e 'REQ'`): its requests act there. */
const CONNECT_OPTION = /^(?:-[hHSU]|--(?:host|hostname|server|url|endpoint|cluster|user|username|port|instance|database|db|node|addr|address))(?:=|$)/;
/** Request options tools use for other things as often (`-s` server or silent, `-x` debug): read only a request that leads with a verb. */
const STRICT_REQUEST_OPTION: ReadonlySet<string> = new Set(['-s', '-x']);
/** An operand a tool's requests act on: a URL, a share, a device, a host. */
const TARGET_OPERAND = /^(?:[a-z][\w+.-]*:\/\/|\/\/|\\\\|\/dev\/|[\w.-]+@[\w.-]+)/i;
/** Requests we read: plain words, quotes and simple punctuation (no code of another language). */
const PLAIN_REQUEST = /^[\w\s./\\:@"'=,*+%~#-]*$/;

/**
 * The requests of `text` as shell code, or undefined when they are not plain. A tool that acts on
 * an operand or a server it connects to (a share, a URL, a device, `-h HOST`) or is given several
 * requests reads them as its own commands (`lftp … rm -r /backups` removes on the server, `asadm
 * -h aero1 -e 'manage truncate ns x'`), through ./console.ts; otherwise only a request that starts
 * with an everyday command is read, as that command (`xterm -e 'rm -rf build'`). `strict` options
 * (`-s`, `-x`) hold requests only against a server and when they lead with a verb.
 */
function requests(program: string, text: string, targeted: boolean, knows: (program: string) => boolean, strict = false): string | undefined {
  const parts = splitRequests(text);
  const several = targeted || parts.length > 1;
  // `xonsh -c 'rm -rf $HOME/.config'`, `xterm -e 'sudo rm …'`: a whole command line of the shell's.
  const lead = /^[\w./~+-]+/.exec(text.trim())?.[0] ?? '';
  if (!several && !strict && (knows(lead) || everyday(lead))) return text;
  // the tool's own requests: given against a target, several of them, or one that leads with a
  // verb that destroys, to a program named as a console (`nebula-console -e 'DROP SPACE x'`, `vtysh -c 'delete …'`)
  if (strict ? targeted && leadsWithVerb(parts[0] ?? '') : several || (namedConsole(program) && leadsWithVerb(parts[0] ?? '', 'destroy'))) {
    const code = consoleCode(program, text, { knows, isSql: looksLikeSql });
    return code === 'sql' ? undefined : code;
  }
  if (strict) return undefined;
  const out: string[] = [];
  for (const st of parts) {
    if (st.startsWith('!')) out.push(st.slice(1));
    else if (!PLAIN_REQUEST.test(st)) return undefined;
    else if (everyday(/^[\w./~+-]+/.exec(st)?.[0] ?? '')) out.push(st);
  }
  return out.length ? out.join('\n') : undefined;
}

/** Words that are more often a tool's own subcommand than a program (`gh run view`, `X run list`). */
const SUBCOMMAND_WORDS: ReadonlySet<string> = new Set(['view', 'edit', 'list', 'ls', 'show', 'status', 'info', 'logs', 'get', 'describe', 'test', 'build', 'start', 'stop', 'deploy', 'watch', 'rerun', 'cancel', 'download', 'delete']);

/** Everyday commands a terminal or tool option often runs (`xterm -e 'rm -rf build'`). */
const COMMON_COMMANDS: ReadonlySet<string> = new Set([
  'rm', 'rmdir', 'mv', 'cp', 'dd', 'mkfs', 'shred', 'wipefs', 'chmod', 'chown', 'chgrp', 'kill', 'pkill', 'killall', 'ln', 'truncate', 'tar', 'rsync', 'curl', 'wget',
  'git', 'docker', 'podman', 'kubectl', 'helm', 'make', 'npm', 'yarn', 'pnpm', 'pip', 'apt', 'apt-get', 'yum', 'dnf', 'brew', 'systemctl', 'service', 'reboot', 'shutdown',
  'mount', 'umount', 'psql', 'mysql', 'redis-cli', 'mongosh', 'terraform', 'aws', 'gcloud', 'az', 'scp', 'ls', 'cd', 'mkdir', 'touch', 'cat', 'echo',
  'find', 'sgdisk', 'blkdiscard', 'zfs', 'zpool', 'lvremove', 'vgremove',
]);

/** An everyday command, also by a file-system variant of its name (`mkfs.ext4`, `fsck.xfs` → `mkfs`, `fsck`). */
function everyday(name: string): boolean {
  return COMMON_COMMANDS.has(name) || (name.includes('.') && COMMON_COMMANDS.has(name.slice(0, name.indexOf('.'))));
}

/**
 * `forfiles [/p FOLDER] [/m MASK] [/s] /c "cmd /c … @path"`: the command runs once for every file
 * matched; `@path`, `@file`, `@fname`, `@relpath` stand for those files (here: FOLDER\MASK).
 */
function forfiles(cmd: SimpleCommand): EmbeddedRun | undefined {
  const a = cmd.args;
  let folder = '.';
  let mask = '*';
  let c: Word | undefined;
  for (let i = 0; i < a.length; i++) {
    const t = a[i]!.text.toLowerCase();
    if (t === '/p' && a[i + 1]) folder = a[++i]!.text;
    else if (t === '/m' && a[i + 1]) mask = a[++i]!.text;
    else if (t === '/c' && a[i + 1]) c = a[++i];
    else if (t === '/d' && a[i + 1]) i++;
  }
  if (!c) return undefined;
  const files = `${folder.replace(/[\\/]+$/, '')}\\${mask}`;
  const quoted = /\s/.test(files) ? `"${files}"` : files;
  // 0xHH escapes stand for characters (0x22 a double quote); placeholders stand for every matched file.
  const text = c.text
    .replace(/0x([0-9a-f]{2})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16)))
    .replace(/"?@(?:path|file|relpath)"?/gi, quoted)
    .replace(/"?@fname"?/gi, quoted.replace(/\.[^.\\]*$/, ''));
  const recursive = a.some((w) => w.text.toLowerCase() === '/s');
  const r: EmbeddedRun = { code: { word: c, text, start: 0, language: 'cmd' }, how: '/c' };
  if (recursive) r.reach = `every file matching ${mask} in ${folder} and all its subfolders`;
  return r;
}
