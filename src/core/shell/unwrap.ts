/**
 * Unwrapping: the command a wrapper runs becomes a command of its own, with the wrapper in its
 * `via` chain. `sudo env X=1 nice -n 5 rm -rf /` yields sudo, env, nice and finally rm.
 *
 * Two kinds of wrappers:
 * - argv wrappers run the rest of their arguments as a command (sudo, env, timeout, xargs,
 *   find -exec, kubectl exec --, docker exec, busybox, npx, …);
 * - code wrappers run a string as shell code (bash -c, eval, ssh host …, watch, a shell fed by a
 *   heredoc or by `echo … |`), or as PowerShell (pwsh -Command, Invoke-Expression); interpreter
 *   one-liners (python -c, node -e, …) are recorded as inline code, and the shell commands they
 *   start (os.system, subprocess, child_process, system, backticks) are parsed as shell code.
 *
 * Every wrapper recursion goes through `onCommand` again, so unwrapping is recursive; the depth
 * is limited by MAX_WRAP_DEPTH (a deeper line is reported as a parse issue: confirm).
 */
import type { CodeLanguage } from '../code/effects';
import { foreignCall, foreignSpec, GENERIC, JXA, MAX_FOREIGN_CODE, readForeign } from '../code/foreign';
import { guessedCode } from '../code/guess';
import { type CodeReading, languageLabel, type ReadOptions } from '../code/read';
import { judgedOnItsOwn, shellEquivalent } from '../code/shell';
import { shellText } from '../code/values';
import { addCommand, type BuildState, type Frame, issue, type MutableCommand, plainWord } from './build';
import { embeddedRun, type RequestSpan } from './embedded';
import { isExecutor, remoteRun } from './executors';
import { interpreterCall, interpreterSpec } from './interpreters';
import type { Assignment, InlineCode, InlineEffect, SimpleCommand, Span, Via, Word } from './model';
import { cmdProgramName, commandName, isOptionWord, systemFolderProgram } from './normalise';
import { joinWords, linearMap, wholeMap, wordOffsets, offsetMap } from './wordmap';
import { own } from '../own';

export const MAX_WRAP_DEPTH = 8;

export interface UnwrapHost {
  readonly state: BuildState;
  /** Parses `code` (shell, PowerShell or cmd.exe) into commands on the state under `frame`. */
  /** `fish`: fish code (its block syntax is rewritten first, see fish.ts), parsed as `sh`. */
  parseCode(code: string, language: 'sh' | 'pwsh' | 'cmd' | 'fish', frame: Frame): void;
}

interface ArgvSpec {
  /** Options that take a separate value. */
  value?: readonly string[];
  /** Positional words to skip before the command (timeout's duration, chroot's root). */
  skip?: number;
  /** Accepts NAME=value words before the command (env, sudo). */
  assignments?: boolean;
  /** Options end at the first word not starting with `-` (default true). */
  kind?: Via['kind'];
  /** Arguments are appended from input (xargs). */
  fromInput?: boolean;
  /** The inner command shares the wrapper's stdin/redirections and pipeline position. */
  inheritIO?: boolean;
  /** Options that mean "do not run a command" (`command -v`). */
  noRun?: readonly string[];
}

const PREFIX: Readonly<Record<string, ArgvSpec>> = {
  sudo: {
    value: ['-u', '--user', '-g', '--group', '-h', '--host', '-p', '--prompt', '-C', '--close-from', '-D', '--chdir', '-r', '--role', '-t', '--type', '-U', '--other-user', '-T', '--command-timeout', '-R', '--chroot'],
    assignments: true,
    inheritIO: true,
    noRun: ['-e', '--edit', '-l', '--list', '-v', '--validate', '-k', '-K', '--reset-timestamp', '--remove-timestamp', '-V', '--version'],
  },
  doas: { value: ['-u', '-C'], inheritIO: true },
  pkexec: { value: ['--user'], inheritIO: true },
  run0: { value: ['--user', '-u', '--group', '-g', '--chdir', '-D', '--setenv', '--property', '--unit', '--slice', '--nice', '--description', '--machine'], inheritIO: true },
  env: { value: ['-u', '--unset', '-C', '--chdir', '-S', '--split-string', '-P', '--default-signal', '--ignore-signal', '--block-signal'], assignments: true, inheritIO: true },
  command: { inheritIO: true, noRun: ['-v', '-V'] },
  builtin: { inheritIO: true },
  exec: { value: ['-a'], inheritIO: true },
  nohup: { inheritIO: true },
  nice: { value: ['-n', '--adjustment'], inheritIO: true },
  time: { value: ['-f', '--format', '-o', '--output'], inheritIO: true },
  timeout: { value: ['-s', '--signal', '-k', '--kill-after'], skip: 1, inheritIO: true },
  stdbuf: { value: ['-i', '-o', '-e', '--input', '--output', '--error'], inheritIO: true },
  ionice: { value: ['-c', '--class', '-n', '--classdata', '-p', '--pid', '-P', '--pgid', '-u', '--uid'], inheritIO: true },
  chrt: { skip: 1, value: ['-T', '-P', '-D'], inheritIO: true },
  taskset: { skip: 1, inheritIO: true },
  setsid: { inheritIO: true },
  unbuffer: { inheritIO: true },
  caffeinate: { value: ['-t', '-w'], inheritIO: true },
  flock: { skip: 1, value: ['-w', '--wait', '--timeout', '-E', '--conflict-exit-code'], inheritIO: true },
  chroot: { skip: 1, value: ['--userspec', '--groups'], inheritIO: true },
  runuser: { value: ['-u', '--user', '-g', '--group', '-G', '--supp-group', '-s', '--shell', '-w', '--whitelist-environment'], inheritIO: true },
  strace: { value: ['-e', '-o', '-p', '-s', '-u', '-E', '-P', '-I', '-b', '-a', '-X'], inheritIO: true },
  ltrace: { value: ['-e', '-o', '-p', '-s', '-u', '-n', '-a'], inheritIO: true },
  'xvfb-run': { value: ['-n', '--server-num', '-s', '--server-args', '-e', '--error-file', '-f', '--auth-file', '-p', '--xauth-protocol', '-w', '--wait'], inheritIO: true },
  npx: { value: ['-p', '--package', '-c', '--call', '-w', '--workspace'], inheritIO: true },
  bunx: { value: ['-p', '--package'], inheritIO: true },
  pnpx: { inheritIO: true },
  uvx: { value: ['--from', '--with', '--python', '-p'], inheritIO: true },
  'aws-vault': { kind: 'prefix', inheritIO: true },
  // runs the command in a transient systemd unit (now, or later with --on-*), outside this shell
  'systemd-run': {
    value: ['-u', '--unit', '-p', '--property', '--description', '--slice', '-M', '--machine', '-H', '--host', '-E', '--setenv', '--uid', '--gid', '--nice', '-D', '--working-directory', '--on-active', '--on-boot', '--on-startup', '--on-unit-active', '--on-unit-inactive', '--on-calendar', '--timer-property', '--path-property', '--socket-property', '--service-type'],
    inheritIO: true,
  },
  dotenv: { value: ['-e', '-c', '-v'], inheritIO: true },
  // namespaces, users, limits and sandboxes a command runs in (util-linux, runit, daemontools, s6, su-exec, gosu, libcgroup, numactl, firejail, proot, schroot, systemd-nspawn, flatpak)
  nsenter: { value: ['-t', '--target', '-G', '--setgid', '-S', '--setuid'], inheritIO: true },
  unshare: { value: ['-S', '--setuid', '-G', '--setgid', '--propagation', '--setgroups', '--monotonic', '--boottime'], inheritIO: true },
  setpriv: { value: ['--groups', '--inh-caps', '--ambient-caps', '--bounding-set', '--rgid', '--egid', '--regid', '--ruid', '--euid', '--reuid', '--securebits', '--pdeathsig', '--selinux-label', '--apparmor-profile'], noRun: ['-d', '--dump', '--list-caps'], inheritIO: true },
  prlimit: { value: ['-o', '--output', '-p', '--pid'], inheritIO: true },
  gosu: { skip: 1, inheritIO: true },
  'su-exec': { skip: 1, inheritIO: true },
  setuidgid: { skip: 1, inheritIO: true },
  's6-setuidgid': { skip: 1, inheritIO: true },
  chpst: { value: ['-u', '-U', '-b', '-e', '-/', '-n', '-l', '-L', '-m', '-d', '-o', '-p', '-f', '-c', '-r', '-t'], inheritIO: true },
  cgexec: { value: ['-g'], inheritIO: true },
  numactl: { value: ['-i', '--interleave', '-p', '--preferred', '-m', '--membind', '-N', '--cpunodebind', '-C', '--physcpubind'], inheritIO: true },
  firejail: { inheritIO: true },
  'flatpak-spawn': { inheritIO: true },
  proot: { value: ['-r', '--rootfs', '-b', '--bind', '-m', '--mount', '-q', '--qemu', '-w', '--pwd', '--cwd', '-k', '--kernel-release', '-i', '--change-id', '-v', '--verbose'], inheritIO: true },
  schroot: { value: ['-c', '--chroot', '-u', '--user', '-d', '--directory', '-n', '--session-name', '-o', '--option'], noRun: ['-l', '--list', '-i', '--info', '--config', '--location', '-e', '--end-session'], inheritIO: true },
  'systemd-nspawn': { value: ['-D', '--directory', '-i', '--image', '-M', '--machine', '-u', '--user', '-E', '--setenv', '--chdir', '-S', '--slice', '-p', '--property', '-n'], noRun: ['-b', '--boot'], inheritIO: true },
  xargs: {
    value: ['-a', '--arg-file', '-d', '--delimiter', '-E', '-I', '-L', '-n', '--max-args', '-P', '--max-procs', '-s', '--max-chars', '--process-slot-var'],
    kind: 'xargs',
    fromInput: true,
  },
};

/** `tool sub …` forms that run the rest as a command: `pnpm exec rm`, `bundle exec rake`. */
const SUB_RUNNERS: Readonly<Record<string, readonly string[]>> = {
  pnpm: ['exec', 'dlx'],
  yarn: ['exec', 'dlx'],
  npm: ['exec'],
  bundle: ['exec'],
  poetry: ['run'],
  uv: ['run'],
  pipenv: ['run'],
  pdm: ['run'],
  hatch: ['run'],
  rye: ['run'],
  'aws-vault': ['exec'],
  doppler: ['run'],
  op: ['run'],
  dotenvx: ['run'],
  direnv: ['exec'],
  mise: ['exec', 'x'],
  asdf: ['exec'],
  nix: ['shell', 'develop'],
};

const SHELLS = new Set(['bash', 'sh', 'zsh', 'dash', 'ksh', 'mksh', 'ash', 'fish', 'yash', 'posh', 'rbash', 'ksh93', 'tcsh', 'csh']);
const PWSH = new Set(['pwsh', 'powershell', 'pwsh-preview']);

function viaOf(cmd: SimpleCommand, kind: Via['kind'], target?: string): Via {
  const v: Via = { program: cmd.program, kind, span: cmd.span };
  if (target !== undefined) v.target = target;
  return v;
}

const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*=/;

/** Where the wrapped command starts in `args`, and the assignments seen on the way. */
function findInner(args: readonly Word[], spec: ArgvSpec, from = 0): { start: number; assignments: Assignment[] } | undefined {
  const assignments: Assignment[] = [];
  let skip = spec.skip ?? 0;
  let i = from;
  for (; i < args.length; i++) {
    const w = args[i]!;
    const t = w.text;
    if (t === '--' && !w.dynamic) {
      i++;
      break;
    }
    if (isOptionWord(t) && !w.dynamic) {
      if (spec.noRun?.includes(t)) return undefined;
      if (spec.value?.includes(t)) i++;
      continue;
    }
    if (spec.assignments && ASSIGNMENT.test(t)) {
      const eq = t.indexOf('=');
      const value = plainWord(t.slice(eq + 1), w.span, w.dynamic, w.expansions);
      assignments.push({ name: t.slice(0, eq), value, span: w.span });
      continue;
    }
    if (skip > 0) {
      skip--;
      continue;
    }
    break;
  }
  // Assignments after `--` (env -- X=1 cmd) still count.
  while (spec.assignments && i < args.length && ASSIGNMENT.test(args[i]!.text)) {
    const w = args[i]!;
    const eq = w.text.indexOf('=');
    assignments.push({ name: w.text.slice(0, eq), value: plainWord(w.text.slice(eq + 1), w.span, w.dynamic, w.expansions), span: w.span });
    i++;
  }
  return i < args.length ? { start: i, assignments } : undefined;
}

/** Adds the command `argv` (a slice of the wrapper's words) as an unwrapped command. */
function addArgv(host: UnwrapHost, wrapper: MutableCommand, frame: Frame, argv: readonly Word[], via: Via, opts: { assignments?: Assignment[]; fromInput?: boolean; inheritIO?: boolean; remote?: boolean }): void {
  const nameWord = argv[0];
  if (!nameWord) return;
  const b = host.state;
  if (wrapper.via.length + 1 > MAX_WRAP_DEPTH) {
    issue(b, 'depth-limit', `wrappers nested more than ${MAX_WRAP_DEPTH} deep are not unwrapped`, wrapper.span);
    return;
  }
  const known = frame.language === 'cmd' && nameWord.dynamic ? systemFolderProgram(nameWord) : undefined;
  const pn = known !== undefined ? { program: known, dynamicName: false } : frame.language === 'cmd' ? { program: nameWord.dynamic ? nameWord.text : cmdProgramName(nameWord.text), dynamicName: nameWord.dynamic } : commandName(nameWord, frame.language === 'pwsh' ? 'pwsh' : 'bash');
  const cmd: Omit<MutableCommand, 'index'> = {
    program: pn.program,
    name: nameWord,
    dynamicName: pn.dynamicName,
    args: argv.slice(1),
    assignments: [...(opts.inheritIO ? wrapper.assignments : []), ...(opts.assignments ?? [])],
    redirects: opts.inheritIO ? wrapper.redirects : [],
    span: [nameWord.span[0], Math.max(argv[argv.length - 1]!.span[1], nameWord.span[1])],
    via: [...wrapper.via, via],
    nesting: wrapper.nesting,
  };
  if (pn.alias) cmd.alias = pn.alias;
  if (opts.inheritIO) {
    if (wrapper.pipeline) cmd.pipeline = wrapper.pipeline;
    if (wrapper.stdin) cmd.stdin = wrapper.stdin;
    if (wrapper.joinedBy) cmd.joinedBy = wrapper.joinedBy;
  }
  if (opts.fromInput || wrapper.argsFromInput) cmd.argsFromInput = true;
  if (opts.remote || wrapper.remote) cmd.remote = true;
  addCommand(b, cmd, { ...frame, via: cmd.via, remote: !!cmd.remote });
}

/** Parses shell code found in a wrapper's words. */
function addCode(host: UnwrapHost, wrapper: MutableCommand, frame: Frame, code: string, map: Frame['map'], via: Via, language: 'sh' | 'pwsh' | 'cmd' | 'fish', remote = false): void {
  if (frame.depth + 1 > MAX_WRAP_DEPTH || wrapper.via.length + 1 > MAX_WRAP_DEPTH) {
    issue(host.state, 'depth-limit', `code nested more than ${MAX_WRAP_DEPTH} deep is not analysed`, wrapper.span);
    return;
  }
  host.parseCode(code, language, {
    src: code,
    language: language === 'pwsh' ? 'pwsh' : 'sh',
    map,
    via: [...wrapper.via, via],
    nesting: wrapper.nesting,
    depth: frame.depth + 1,
    remote: remote || frame.remote || !!wrapper.remote,
  });
}

function codeFromWord(w: Word): { text: string; map: Frame['map'] } {
  const o = wordOffsets(w);
  return { text: w.text, map: o ? offsetMap(o, w.span) : wholeMap(w.span) };
}

/** Unwraps one command (called for every command as it is built). */
export function unwrap(cmd: MutableCommand, frame: Frame, host: UnwrapHost): void {
  if (cmd.assignments.length) unwrapHookAssignments(cmd, frame, host);
  if (cmd.dynamicName || cmd.program === '') return;
  const p = cmd.program;
  const args = cmd.args;

  if (p === 'invoke-expression') {
    unwrapInvokeExpression(cmd, frame, host);
    return;
  }
  if (p === 'start-process') {
    unwrapStartProcess(cmd, frame, host);
    return;
  }

  if (p === 'busybox' || p === 'toybox') {
    const first = args[0];
    if (first && !isOptionWord(first.text)) addArgv(host, cmd, frame, args, viaOf(cmd, 'busybox'), { inheritIO: true });
    return;
  }

  if (p === 'xargs') {
    unwrapXargs(cmd, frame, host);
    return;
  }
  if (p === 'fd' || p === 'fdfind') {
    unwrapFd(cmd, frame, host);
    return;
  }
  const spec = own(PREFIX, p);
  if (spec) {
    if (p === 'env') {
      const split = args.findIndex((a) => a.text === '-S' || a.text === '--split-string' || a.text.startsWith('--split-string='));
      if (split >= 0) {
        const w = args[split]!.text.startsWith('--split-string=') ? args[split] : args[split + 1];
        if (w) {
          const c = codeFromWord(w);
          addCode(host, cmd, frame, c.text.replace(/^--split-string=/, ''), c.map, viaOf(cmd, 'prefix'), 'sh');
        }
        return;
      }
    }
    if (p === 'aws-vault') return unwrapSubRunner(cmd, frame, host);
    const inner = findInner(args, spec);
    if (!inner) return;
    addArgv(host, cmd, frame, args.slice(inner.start), viaOf(cmd, spec.kind ?? 'prefix'), {
      assignments: inner.assignments,
      fromInput: spec.fromInput,
      inheritIO: spec.inheritIO,
    });
    return;
  }

  if (own(SUB_RUNNERS, p)) {
    unwrapSubRunner(cmd, frame, host);
    return;
  }

  if (SHELLS.has(p)) {
    unwrapShell(cmd, frame, host);
    return;
  }
  if (PWSH.has(p)) {
    unwrapPwshExe(cmd, frame, host);
    return;
  }
  if (p === 'cmd') {
    unwrapCmdExe(cmd, frame, host);
    return;
  }
  if (p === 'eval') {
    if (args.length === 0) return;
    const j = joinWords(args);
    addCode(host, cmd, frame, j.text, j.map, viaOf(cmd, 'eval'), fishCode(host, frame));
    cmd.inline = { language: 'sh', code: j.text, span: spanOfWords(args), dynamic: args.some((a) => a.dynamic) };
    return;
  }
  if (p === 'watch') {
    const inner = findInner(args, { value: ['-n', '--interval', '-d', '-q', '--equexit'] });
    if (!inner) return;
    const words = args.slice(inner.start);
    const exec = args.slice(0, inner.start).some((a) => a.text === '-x' || a.text === '--exec');
    if (exec) addArgv(host, cmd, frame, words, viaOf(cmd, 'watch'), {});
    else {
      const j = joinWords(words);
      addCode(host, cmd, frame, j.text, j.map, viaOf(cmd, 'watch'), 'sh');
    }
    return;
  }
  if (p === 'parallel') {
    unwrapParallel(cmd, frame, host);
    return;
  }
  if (p === 'find') {
    unwrapFind(cmd, frame, host);
    return;
  }
  if (p === 'ssh') {
    unwrapSsh(cmd, frame, host);
    return;
  }
  if (p === 'su' || p === 'script') {
    // `su -c CMD`, `script -qec CMD [file]`: the command runs in a shell (script: in a new pseudo-terminal).
    const i = args.findIndex((a) => a.text === '-c' || a.text === '--command' || (p === 'script' && /^-[a-zA-Z]*c$/.test(a.text)));
    const w = i >= 0 ? args[i + 1] : undefined;
    const eq = args.find((a) => a.text.startsWith('--command='));
    if (w) {
      const c = codeFromWord(w);
      addCode(host, cmd, frame, c.text, c.map, viaOf(cmd, 'prefix'), 'sh');
    } else if (eq) addCode(host, cmd, frame, eq.text.slice(10), wholeMap(eq.span), viaOf(cmd, 'prefix'), 'sh');
    return;
  }
  if (p === 'kubectl' || p === 'oc') {
    unwrapKubectlExec(cmd, frame, host);
    return;
  }
  if (p === 'docker' || p === 'podman' || p === 'nerdctl' || p === 'docker-compose') {
    // other forms that run a command (`podman machine ssh NAME CMD`) are read like any tool's
    if (!unwrapDocker(cmd, frame, host)) unwrapEmbedded(cmd, frame, host);
    return;
  }
  if (frame.language === 'pwsh' && unwrapCommandParameter(cmd, frame, host)) return;
  if (interpreterSpec(p)) unwrapInterpreter(cmd, frame, host);
  else if (foreignSpec(p)) unwrapForeign(cmd, frame, host);
  else if (isExecutor(p)) unwrapRemote(cmd, frame, host);
  else {
    const later = own(LATER, p);
    if (later) later(cmd, frame, host);
    else if (!unwrapEmbedded(cmd, frame, host)) unwrapGuessed(cmd, frame, host);
  }
}

/** PowerShell parameters whose value is a command line another machine, VM or shell runs. */
const COMMAND_PARAMETER = /^-(?:command|commandtext|commandline|scripttext|scriptstring|script)$/i;
/** Parameters that name where such a command runs. */
const WHERE_PARAMETER = /^-(?:computername|vm|vmname|hostname|host|sessionid|session|instanceid|instanceids|target|targets|name)$/i;

/**
 * A cmdlet that runs a command line it is given as a parameter (`Invoke-SSHCommand -Command "…"`,
 * `Invoke-VMScript -ScriptText "…"`, `Invoke-AzVMRunCommand -ScriptString "…"`) or in a
 * hashtable's `commands` (`Send-SSMCommand -Parameter @{commands="…"}`): that line is read as the
 * shell's (a cmdlet first: as PowerShell), on the machine the cmdlet names. Returns whether one was read.
 */
function unwrapCommandParameter(cmd: MutableCommand, frame: Frame, host: UnwrapHost): boolean {
  const a = cmd.args;
  let where: string | undefined;
  let code: { word: Word; text: string; start: number } | undefined;
  for (let i = 0; i < a.length; i++) {
    const t = a[i]!.text;
    const next = a[i + 1];
    if (!next) continue;
    // (a command line with variables is read too: what they hold is unknown, and judged so)
    if (WHERE_PARAMETER.test(t) && where === undefined && !next.dynamic) where = next.text;
    else if (COMMAND_PARAMETER.test(t) && !code && !next.raw.trimStart().startsWith('{')) code = { word: next, text: next.text, start: 0 };
    else if (/^-parameters?$/i.test(t) && !code) {
      const m = /\bcommands\s*=\s*(?:@\(\s*)?(["'])(.+?)\1/is.exec(next.raw);
      if (m) code = { word: next, text: m[2]!, start: -1 };
    }
  }
  if (!code) return false;
  const via = viaOf(cmd, 'remote', where ?? cmd.name?.text ?? cmd.program);
  // `-Command $cmd`: a command line known only when it runs
  if (code.word.dynamic && /^\$[\w:{}]+$/.test(code.word.raw.trim())) {
    addDynamic(host, cmd, code.word.span, via);
    return true;
  }
  if (!/\s/.test(code.text.trim())) return false;
  const lang = /^\s*[A-Za-z]+-[A-Za-z]+\b/.test(code.text) ? 'pwsh' : 'sh';
  if (code.start < 0) addCode(host, cmd, frame, code.text, wholeMap(code.word.span), via, lang, true);
  else addCode(host, cmd, frame, ...wordPart(code.word, 0, code.text), via, lang, true);
  return true;
}

/** Programs this module unwraps (shells, prefixes, runners, interpreters, executors). */
function runsCommands(p: string): boolean {
  return SHELLS.has(p) || PWSH.has(p) || p === 'cmd' || p === 'eval' || p === 'find' || p === 'xargs' || p === 'ssh' || !!own(PREFIX, p) || !!own(SUB_RUNNERS, p) || !!interpreterSpec(p) || !!foreignSpec(p) || isExecutor(p);
}

/** `X exec -- CMD`, `--command CMD`, `repo forall -c CMD`, `forfiles /c "cmd /c … @path"` (./embedded.ts). */
function unwrapEmbedded(cmd: MutableCommand, frame: Frame, host: UnwrapHost): boolean {
  const r = embeddedRun(cmd, frame.language === 'cmd' || cmd.via.some((v) => v.program === 'cmd'), runsCommands);
  if (!r) return false;
  const via = r.remote !== undefined ? viaOf(cmd, 'remote', r.remote) : r.container !== undefined ? viaOf(cmd, 'container', r.container) : viaOf(cmd, 'prefix', r.how === 'runs' ? undefined : r.how);
  if (r.reach) via.reach = r.reach;
  if (r.argv) {
    addArgv(host, cmd, frame, r.argv, via, { remote: r.remote !== undefined || r.container !== undefined, inheritIO: r.how === 'runs' });
    return true;
  }
  const c = r.code!;
  if (c.start < 0) {
    addCode(host, cmd, frame, c.text, c.lines ? lineMap(c.text, c.lines, c.word.span) : wholeMap(c.word.span), via, c.language);
    return true;
  }
  const remote = r.remote !== undefined;
  addCode(host, cmd, frame, ...wordPart(c.word, c.start, c.text), via, c.language, remote);
  return true;
}

/**
 * Each line of `text` maps to the request it was read from (a console's input): a word of the line
 * to that word in the request when it is found there (keywords may have been rewritten), else to
 * the whole request; text with no request to the whole input.
 */
function lineMap(text: string, lines: readonly RequestSpan[], whole: Span): Frame['map'] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return (s, e) => {
    let k = starts.length - 1;
    while (k > 0 && starts[k]! > s) k--;
    const line = lines[k];
    if (!line) return whole;
    const slice = text.slice(s, e);
    for (const word of [slice, slice.replace(/^'(.*)'$/s, '$1')]) {
      const at = line.text !== undefined && word.length > 0 ? line.text.indexOf(word) : -1;
      if (at >= 0) return [line.span[0] + at, line.span[0] + at + word.length];
    }
    return line.span;
  };
}

/** The text of `word` from `start` (all of it for 0) with its span map. */
function wordPart(word: Word, start: number, text: string): [string, Frame['map']] {
  const code = start === 0 && text === word.text ? codeFromWord(word) : start > 0 && text === word.text.slice(start) ? codeSlice(word, start, text.length) : { text, map: wholeMap(word.span) };
  return [code.text, code.map];
}

/**
 * Code given to an interpreter the engine does not know by name (`ts-node -e`, `ipython -c`,
 * `janet -e`, `wolframscript -code`; ../code/guess.ts): read as the language it is written in
 * when the engine reads that language, else (or when that finds nothing) language-independently.
 * What it finds is named with the language it was read as.
 */
function unwrapGuessed(cmd: MutableCommand, frame: Frame, host: UnwrapHost): void {
  const g = guessedCode(cmd);
  if (!g) return;
  const [text, map] = wordPart(g.word, g.start, g.text);
  const code: CodeText = { text, span: g.word.span, map, dynamic: false };
  const before = host.state.commands.length;
  if (g.language) {
    readInlineCode(cmd, frame, host, g.language, code, {}, `, read as ${languageLabel(g.language)}`);
    if (host.state.commands.length > before || cmd.inline?.effects || cmd.inline?.unread) return;
  }
  cmd.inline = { language: 'other', code: text, span: code.span, dynamic: false };
  // a client call is weighed with the server the command connects to (`--server.endpoint tcp://db-prod:8529`, `root@prod-db`)
  const servers = cmd.args.filter((w) => w !== g.word && /:\/\/|^[\w.%+-]+@[\w.-]+/.test(w.text)).map((w) => w.text.replace(/^[^=]*=(?=\w+:\/\/)/, ''));
  const effects = readForeign(GENERIC, text).effects.map((e) => ({ ...e, call: `${e.call}, read as code of any language`, ...(e.kind === 'client' ? { names: [...e.names, ...servers] } : {}) }));
  placeReading(cmd, frame, host, code, { effects });
}

function spanOfWords(words: readonly Word[]): Span {
  return [words[0]!.span[0], words[words.length - 1]!.span[1]];
}

function unwrapSubRunner(cmd: MutableCommand, frame: Frame, host: UnwrapHost): void {
  const args = cmd.args;
  const subs = own(SUB_RUNNERS, cmd.program) ?? [];
  let i = 0;
  while (i < args.length && isOptionWord(args[i]!.text)) i++;
  const sub = args[i];
  if (!sub || !subs.includes(sub.text)) return;
  i++;
  const assignments: Assignment[] = [];
  if (cmd.program === 'aws-vault') {
    // aws-vault exec PROFILE [--] cmd: the profile becomes AWS_PROFILE for the command.
    while (i < args.length && isOptionWord(args[i]!.text) && args[i]!.text !== '--') i++;
    const profile = args[i];
    if (!profile) return;
    assignments.push({ name: 'AWS_PROFILE', value: profile, span: profile.span });
    i++;
  }
  // `dotenvx run -f .env -- cmd`, `op run --env-file x -- cmd`: when only options and the
  // values right after them come before a `--`, the command is what follows it, whatever options
  // the runner has (`uv run pytest -- -x` has its command before the `--`).
  const dashes = optionsOnlyUntilDashes(args, i);
  const inner = dashes !== undefined ? (dashes < args.length ? { start: dashes, assignments: [] } : undefined) : findInner(args, { value: ['-p', '--package', '-e', '--env-file', '--config', '-c', '--project', '--directory', '--cwd', '--filter', '-F', '--python', '--with', '--from'] }, i);
  if (!inner) return;
  addArgv(host, cmd, frame, args.slice(inner.start), viaOf(cmd, 'prefix'), { assignments: [...assignments, ...inner.assignments], inheritIO: true });
}

/** The index after a `--` that only options (each perhaps with the one word after it) precede from `from`; undefined when none. */
function optionsOnlyUntilDashes(args: readonly Word[], from: number): number | undefined {
  for (let i = from; i < args.length; i++) {
    const w = args[i]!;
    if (w.text === '--' && !w.dynamic) return i + 1;
    if (!isOptionWord(w.text) || w.dynamic) return undefined;
    const next = args[i + 1];
    if (next && next.text !== '--' && !isOptionWord(next.text)) i++;
  }
  return undefined;
}

/** `bash -c '…'`, `sh -lc "…"`, `bash` fed by a heredoc or `echo … |`. */
function unwrapShell(cmd: MutableCommand, frame: Frame, host: UnwrapHost): void {
  const args = cmd.args;
  let hasC = false;
  let operand: Word | undefined;
  let readsStdin = false;
  for (let i = 0; i < args.length; i++) {
    const w = args[i]!;
    const t = w.text;
    if (t === '--' || t === '-') {
      operand = args[i + 1];
      break;
    }
    if ((t.startsWith('-') || t.startsWith('+')) && t.length > 1 && !w.dynamic) {
      if (t === '-o' || t === '+o' || t === '-O' || t === '+O' || t === '--rcfile' || t === '--init-file') {
        i++;
        continue;
      }
      if (t.startsWith('--')) {
        if (t === '--command') hasC = true; // fish
        continue;
      }
      const letters = t.slice(1);
      if (letters.includes('c')) hasC = true;
      if (letters.includes('s')) readsStdin = true;
      continue;
    }
    operand = w;
    break;
  }
  if (hasC) {
    if (!operand) return;
    const c = codeFromWord(operand);
    cmd.inline = { language: 'sh', code: operand.text, span: operand.span, dynamic: operand.dynamic };
    addCode(host, cmd, frame, c.text, c.map, viaOf(cmd, 'shell-c'), 'sh');
    return;
  }
  if ((!operand || readsStdin) && cmd.stdin) {
    const s = cmd.stdin;
    const map = s.kind === 'heredoc' && frame.depth === 0 ? linearMap(s.span[0], s.span) : wholeMap(s.span);
    addCode(host, cmd, frame, s.text, map, viaOf(cmd, 'heredoc'), 'sh');
    return;
  }
  // `… | awk '{ print "rm -rf " $1 }' | sh`: the shell runs what the awk program prints.
  const feeder = (!operand || readsStdin) && cmd.pipeline && cmd.pipeline.index > 0 ? pipeFeeder(host.state, cmd) : undefined;
  if (feeder?.inline?.prints) addCode(host, cmd, frame, feeder.inline.prints.join('\n'), wholeMap(feeder.span), viaOf(cmd, 'heredoc'), 'sh');
}

/** The command of the previous pipeline stage, at the same wrapper depth. */
function pipeFeeder(b: BuildState, cmd: MutableCommand): SimpleCommand | undefined {
  const p = cmd.pipeline!;
  for (let i = b.commands.length - 1; i >= 0; i--) {
    const c = b.commands[i]!;
    if (c.pipeline?.id === p.id && c.pipeline.index === p.index - 1 && c.via.length === cmd.via.length) return c;
  }
  return undefined;
}

/** `pwsh -Command '…'`, `powershell -EncodedCommand …`. */
function unwrapPwshExe(cmd: MutableCommand, frame: Frame, host: UnwrapHost): void {
  const args = cmd.args;
  for (let i = 0; i < args.length; i++) {
    const t = args[i]!.text.toLowerCase();
    if (!t.startsWith('-')) continue;
    const name = t.replace(/^-+/, '');
    const rest = args.slice(i + 1);
    // -c / -Command (unique prefixes from -com); -e / -ec / -EncodedCommand (prefixes from -en).
    const isCommand = name === 'c' || (name.length >= 3 && 'command'.startsWith(name));
    const isEncoded = name === 'e' || name === 'ec' || (name.length >= 2 && 'encodedcommand'.startsWith(name));
    if (isCommand) {
      if (rest.length === 0) return;
      // `-Command -`: the commands are read from standard input.
      if (rest[0]!.text === '-' && !rest[0]!.dynamic) return readsCommandsFromInput(cmd, frame, host, 'pwsh');
      const j = rest.length === 1 ? codeFromWord(rest[0]!) : joinWords(rest);
      cmd.inline = { language: 'pwsh', code: j.text, span: spanOfWords(rest), dynamic: rest.some((a) => a.dynamic) };
      addCode(host, cmd, frame, j.text, j.map, viaOf(cmd, 'shell-c'), 'pwsh');
      return;
    }
    if (isEncoded) {
      const w = rest[0];
      if (!w) return;
      const decoded = decodeUtf16Base64(w.text);
      if (decoded === undefined || w.dynamic) {
        cmd.inline = { language: 'pwsh', code: w.text, span: w.span, dynamic: true };
        return;
      }
      cmd.inline = { language: 'pwsh', code: decoded, span: w.span, dynamic: false };
      addCode(host, cmd, frame, decoded, wholeMap(w.span), viaOf(cmd, 'shell-c'), 'pwsh');
      return;
    }
    if (name === 'file' || name === 'f') return;
  }
  // `… | pwsh -`, `… | powershell -NoProfile`: with no command given, the commands are read from
  // standard input.
  if (args.every((a) => !a.dynamic && a.text.startsWith('-'))) readsCommandsFromInput(cmd, frame, host, 'pwsh');
}

/** A shell given no command reads its commands from its known input (`echo rd /s /q C:\x | cmd`). */
function readsCommandsFromInput(cmd: MutableCommand, frame: Frame, host: UnwrapHost, language: 'pwsh' | 'cmd'): void {
  const s = cmd.stdin;
  if (!s) return;
  const map = s.kind === 'heredoc' && frame.depth === 0 ? linearMap(s.span[0], s.span) : wholeMap(s.span);
  addCode(host, cmd, frame, s.text, map, viaOf(cmd, 'heredoc'), language);
}

/**
 * `cmd /c …`, `cmd.exe /s /k "…"`, Git Bash's `cmd //c …`: the words after `/c` (or `/k`, `/r`) are
 * cmd.exe code. One word is the code itself (its quotes were the host shell's); several are
 * joined with spaces, words holding blanks quoted again as the host shell passes them on.
 */
function unwrapCmdExe(cmd: MutableCommand, frame: Frame, host: UnwrapHost): void {
  const args = cmd.args;
  for (let i = 0; i < args.length; i++) {
    const w = args[i]!;
    const t = w.text.toLowerCase();
    const m = /^\/{1,2}([ckr])(.*)$/s.exec(t);
    if (!m) {
      if (/^\/{1,2}[a-z](:.*)?$/.test(t)) continue; // /d /q /s /a /u /e:on /v:on /f:off /t:0a
      return;
    }
    const glued = w.text.slice(w.text.length - m[2]!.length);
    const rest = args.slice(i + 1);
    const given: Word[] = glued ? [{ ...w, text: glued, raw: glued }, ...rest] : rest;
    // PowerShell fills in its variables before cmd.exe sees the line: in cmd.exe's reading they
    // are values not known here, like cmd's own %VARIABLES%
    const words = frame.language === 'pwsh' ? given.map(pwshValuesForCmd) : given;
    if (words.length === 0) return;
    let code: string;
    let map: Frame['map'];
    if (words.length === 1) {
      const only = words[0]!;
      code = only.text;
      map = only !== given[0] ? wholeMap(only.span) : only.raw === only.text ? linearMap(only.span[0], only.span) : only.raw.length === only.text.length + 2 ? linearMap(only.span[0] + 1, only.span) : wholeMap(only.span);
    } else {
      code = words.map((x) => (x.quoted && /\s/.test(x.text) ? `"${x.text}"` : x.text)).join(' ');
      map = words.every((x, k) => x === given[k]) && words.every((x) => x.raw === x.text) && words.every((x, k) => k === 0 || x.span[0] === words[k - 1]!.span[1] + 1) ? linearMap(words[0]!.span[0], spanOfWords(words)) : wholeMap(spanOfWords(words));
    }
    cmd.inline = { language: 'other', code, span: spanOfWords(words), dynamic: words.some((x) => x.dynamic && !/^%[^%]+%$/.test(x.text)) };
    addCode(host, cmd, frame, code, map, viaOf(cmd, 'shell-c'), 'cmd');
    return;
  }
  // no /c, /k or /r: cmd.exe reads its commands from standard input.
  readsCommandsFromInput(cmd, frame, host, 'cmd');
}

/** A PowerShell word's `$name` / `$env:NAME` / `$(…)` parts written as cmd.exe `%NAME%` values. */
function pwshValuesForCmd(w: Word): Word {
  if (!w.dynamic || w.expansions.length === 0) return w;
  let text = w.text;
  for (const e of w.expansions) {
    if (!e.raw.startsWith('$')) continue; // `@name` splatting: left as written
    const name = (e.name ?? '').replace(/^env:/i, '').replace(/[^A-Za-z0-9_]/g, '_') || 'POWERSHELL_VALUE';
    text = text.split(e.raw).join(`%${name}%`);
  }
  // what is left of PowerShell syntax: `$(…)` subexpressions, `$x`, `${x}` the parser kept whole
  text = text.replace(/\$\([^()]*(?:\([^()]*\)[^()]*)*\)|\$\{[^}]*\}|\$[A-Za-z_][\w:]*/g, (m) => {
    const name = /^\$\{?(?:env:)?([A-Za-z_]\w*)/i.exec(m)?.[1];
    return `%${name ?? 'POWERSHELL_VALUE'}%`;
  });
  return text === w.text ? w : { ...w, text, raw: text };
}

function decodeUtf16Base64(text: string): string | undefined {
  if (!/^[A-Za-z0-9+/=\s]+$/.test(text)) return undefined;
  try {
    const buf = Buffer.from(text, 'base64');
    if (buf.length === 0 || buf.length % 2 !== 0) return undefined;
    return buf.toString('utf16le');
  } catch {
    return undefined;
  }
}

/** `find … -exec cmd {} ;` / `-execdir` / `-ok` / `-okdir`. */
function unwrapFind(cmd: MutableCommand, frame: Frame, host: UnwrapHost): void {
  const args = cmd.args;
  for (let i = 0; i < args.length; i++) {
    const t = args[i]!.text;
    if (t !== '-exec' && t !== '-execdir' && t !== '-ok' && t !== '-okdir') continue;
    let j = i + 1;
    while (j < args.length && args[j]!.text !== ';' && args[j]!.text !== '+') j++;
    const argv = args.slice(i + 1, j);
    if (argv.length) addArgv(host, cmd, frame, argv, viaOf(cmd, 'find-exec'), { fromInput: true });
    i = j;
  }
}

const XARGS_VALUE = ['-a', '--arg-file', '-d', '--delimiter', '-E', '-e', '-I', '-J', '-L', '-n', '--max-args', '--max-lines', '-P', '--max-procs', '-R', '-S', '-s', '--max-chars', '--process-slot-var'];
const MAX_INPUT_RUNS = 8;

/**
 * `xargs [opts] cmd args`: runs `cmd args` with the items of its input appended (or put where
 * `-I REPL` says). Input known from the line (`echo a b | xargs rm -rf`, `printf '%s\n' x | …`)
 * gives the exact commands; unknown input is a `{}` placeholder the rules read as "whatever the
 * input lists"; `find … | xargs cmd` is judged as `find … -exec cmd {} +`.
 */
function unwrapXargs(cmd: MutableCommand, frame: Frame, host: UnwrapHost): void {
  const args = cmd.args;
  let repl: string | undefined;
  // BSD `-J REPL`: the whole list of items goes where REPL stands (once, not per item)
  let all: string | undefined;
  let perRun: number | undefined;
  let delimiter: string | undefined;
  let i = 0;
  for (; i < args.length; i++) {
    const w = args[i]!;
    const t = w.text;
    if (t === '--' && !w.dynamic) {
      i++;
      break;
    }
    if (!isOptionWord(t) || w.dynamic) break;
    if (t === '-0' || t === '--null') delimiter = '\0';
    else if (t === '-I') repl = args[++i]?.text;
    else if (t === '-J') all = args[++i]?.text;
    else if (t.startsWith('-I')) repl = t.slice(2);
    else if (t === '-i' || t === '--replace') repl = '{}';
    else if (t.startsWith('--replace=') || t.startsWith('-i')) repl = t.slice(t.startsWith('-i') ? 2 : 10) || '{}';
    else if (t === '-n' || t === '-L' || t === '--max-args' || t === '--max-lines') perRun = Number(args[++i]?.text) || 1;
    else if (/^-[nL]\d+$/.test(t)) perRun = Number(t.slice(2)) || 1;
    else if (/^--max-(args|lines)=\d+$/.test(t)) perRun = Number(t.slice(t.indexOf('=') + 1)) || 1;
    else if (t === '-d' || t === '--delimiter') delimiter = args[++i]?.text;
    else if (XARGS_VALUE.includes(t)) i++;
  }
  const argv = args.slice(i);
  if (argv.length === 0) return;
  const via = viaOf(cmd, 'xargs');
  const feeder = cmd.pipeline && cmd.pipeline.index > 0 ? pipeFeeder(host.state, cmd) : undefined;
  if (feeder && feeder.program === 'find' && !feeder.dynamicName) {
    // find … | xargs cmd ≡ find … -exec cmd {} +
    const findArgs = feeder.args.filter((w) => !/^-(print0?|ls|fprint0?)$/.test(w.text)).map((w) => w.raw);
    const inner = argv.map((w) => (repl && w.text.includes(repl) ? w.raw.split(repl).join('{}') : w.raw));
    const text = `find ${findArgs.join(' ')} -exec ${inner.join(' ')}${repl ? ' ; ' : ' {} +'}`.replace(/ ; $/, " ';'");
    addCode(host, cmd, frame, text, wholeMap(cmd.span), via, 'sh');
    return;
  }
  const input = cmd.stdin && !cmd.stdin.dynamic ? cmd.stdin.text : undefined;
  const place = (item: Word): Word => ({ ...item, span: cmd.span });
  const at = all !== undefined && repl === undefined ? argv.findIndex((w) => w.text === all) : -1;
  if (at >= 0) {
    const items = input !== undefined ? splitInput(input, delimiter, false).map((x) => place(plainWord(x, cmd.span))) : [inputPlaceholder(cmd, 'xargs')];
    addArgv(host, cmd, frame, [...argv.slice(0, at), ...items, ...argv.slice(at + 1)], via, { fromInput: true });
    return;
  }
  if (input !== undefined) {
    const items = splitInput(input, delimiter, repl !== undefined || perRun !== undefined);
    const runs: string[][] = repl !== undefined ? items.map((x) => [x]) : perRun ? chunks(items, perRun) : [items];
    for (const run of runs.slice(0, MAX_INPUT_RUNS)) {
      const words = repl !== undefined ? argv.map((w) => (w.text.includes(repl) ? { ...w, text: w.text.split(repl).join(run[0] ?? '') } : w)) : [...argv, ...run.map((x) => place(plainWord(x, cmd.span)))];
      addArgv(host, cmd, frame, words, via, { fromInput: true });
    }
    return;
  }
  const words = repl !== undefined ? argv.map((w) => (w.text.includes(repl) ? { ...w, text: w.text.split(repl).join('{}') } : w)) : [...argv, inputPlaceholder(cmd, 'xargs')];
  addArgv(host, cmd, frame, words, via, { fromInput: true });
}

/** `{}`: the items a runner reads from its input, not known from the line. */
function inputPlaceholder(cmd: MutableCommand, runner: string): Word {
  return { text: '{}', raw: '{}', span: cmd.span, dynamic: true, glob: false, tilde: false, quoted: false, expansions: [{ kind: 'variable', name: `input of ${runner}`, raw: '{}' }] };
}

/** The items xargs reads: split at the delimiter, at NULs (-0), or at blanks with simple quoting. */
function splitInput(text: string, delimiter: string | undefined, byLine: boolean): string[] {
  if (delimiter === '\0') return text.split('\0').filter((x) => x !== '');
  if (delimiter !== undefined) return text.split(delimiter.replace(/\\n/, '\n')).filter((x) => x !== '');
  if (byLine) return text.split('\n').map((x) => x.trim()).filter((x) => x !== '');
  const out: string[] = [];
  for (const m of text.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)) out.push(m[1] ?? m[2] ?? m[3]!);
  return out;
}

function chunks<T>(xs: readonly T[], n: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += n) out.push(xs.slice(i, i + n));
  return out;
}

const FD_VALUE = new Set(['-t', '--type', '-e', '--extension', '-d', '--max-depth', '--min-depth', '--exact-depth', '-E', '--exclude', '-S', '--size', '--changed-within', '--changed-before', '--change-newer-than', '--change-older-than', '-o', '--owner', '-j', '--threads', '--max-results', '--base-directory', '--path-separator', '-c', '--color', '--ignore-file', '--search-path', '--format', '--batch-size']);

/**
 * `fd [pattern] [path…] -x|-X cmd`: runs `cmd` for what it finds, like
 * `find path… [-name pattern] -exec cmd {} +` (judged as that).
 */
function unwrapFd(cmd: MutableCommand, frame: Frame, host: UnwrapHost): void {
  const args = cmd.args;
  const positional: string[] = [];
  let filtered = false;
  let exec: { words: Word[]; batch: boolean } | undefined;
  for (let i = 0; i < args.length; i++) {
    const t = args[i]!.text;
    if (t === '-x' || t === '--exec' || t === '-X' || t === '--exec-batch') {
      let j = i + 1;
      while (j < args.length && args[j]!.text !== ';') j++;
      exec = { words: args.slice(i + 1, j), batch: t === '-X' || t === '--exec-batch' };
      i = j;
      continue;
    }
    if (t.startsWith('-')) {
      const name = t.includes('=') ? t.slice(0, t.indexOf('=')) : t;
      if (['-e', '--extension', '-S', '--size', '--changed-within', '--changed-before', '--change-newer-than', '--change-older-than', '-o', '--owner'].includes(name)) filtered = true;
      if (FD_VALUE.has(name) && !t.includes('=')) i++;
      if (name === '--search-path') positional.push(args[i]!.text);
      continue;
    }
    positional.push(args[i]!.raw);
  }
  if (!exec || exec.words.length === 0) return;
  const [pattern, ...paths] = positional;
  const trivial = pattern === undefined || pattern === '.' || pattern === "'.'" || pattern === '""' || pattern === "''" || pattern === '^';
  const filter = trivial && !filtered ? '' : ` -name ${trivial ? "'*'" : "'*'"}`;
  const inner = exec.words.map((w) => w.raw);
  if (!inner.some((w) => w.includes('{'))) inner.push('{}');
  const text = `find ${(paths.length ? paths : ['.']).join(' ')}${filter} -exec ${inner.join(' ')} ${exec.batch ? '+' : "';'"}`;
  addCode(host, cmd, frame, text, wholeMap(cmd.span), viaOf(cmd, 'xargs'), 'sh');
}

/**
 * `parallel [opts] cmd ::: a b ::: c d`: runs `cmd` once per combination of the argument lists,
 * each value put where a replacement string (`{}`, `{1}`, `{.}`, `{/}`, `{//}`, `{/.}`, or the
 * `-I` string) stands, else appended. Lists written on the line (`:::`) or piped in from static
 * text give the exact commands (the first few); lists read from files (`::::`, `-a`) or unknown
 * input leave `{}` for the rules to read as "whatever the input lists". A single quoted command
 * string is shell code.
 */
function unwrapParallel(cmd: MutableCommand, frame: Frame, host: UnwrapHost): void {
  const args = cmd.args;
  const end = args.findIndex((a) => a.text === ':::' || a.text === '::::' || a.text === ':::+' || a.text === '::::+');
  const words = end >= 0 ? args.slice(0, end) : args;
  const inner = findInner(words, { value: ['-j', '--jobs', '-S', '--sshlogin', '--joblog', '-a', '--arg-file', '--colsep', '-d', '--delimiter', '-I', '--results', '--tmpdir', '--timeout', '--halt', '-N', '-n', '-L', '--workdir', '--env', '--delay', '--retries', '--memfree', '--load'] });
  if (!inner) return;
  const opts = words.slice(0, inner.start);
  const iAt = opts.findIndex((w) => w.text === '-I');
  const repl = iAt >= 0 ? opts[iAt + 1]?.text : undefined;
  const argv = words.slice(inner.start);
  const via = viaOf(cmd, 'xargs');
  const lists = parallelLists(cmd, end >= 0 ? args.slice(end) : [], opts);
  const code = argv.length === 1 && /\s/.test(argv[0]!.text);
  const runs = lists ? product(lists).slice(0, MAX_INPUT_RUNS) : [[inputPlaceholder(cmd, 'parallel')]];
  for (const run of runs) {
    const put = (text: string, quote: boolean): { text: string; hit: boolean } => {
      let hit = false;
      const value = (i: number): string => {
        const w = run[i];
        return w ? (quote ? w.raw : w.text) : '';
      };
      const out = text.replace(/\{(\d+)?(\.|\/\/|\/\.|\/)?\}/g, (m: string, n: string | undefined, mod: string | undefined) => {
        if (repl !== undefined && m !== repl) return m;
        hit = true;
        let v = value(n ? Number(n) - 1 : 0);
        if (mod === '.' || mod === '/.') v = v.replace(/\.[^./]*$/, '');
        if (mod === '/' || mod === '/.') v = v.slice(v.lastIndexOf('/') + 1);
        if (mod === '//') v = v.includes('/') ? v.slice(0, v.lastIndexOf('/')) : '.';
        return v;
      });
      if (repl !== undefined && !/^\{.*\}$/.test(repl) && text.includes(repl)) return { text: text.split(repl).join(value(0)), hit: true };
      return { text: out, hit };
    };
    if (code) {
      const c = codeFromWord(argv[0]!);
      const r = put(c.text, true);
      const text = r.hit ? r.text : `${r.text} ${run.map((w) => w.raw).join(' ')}`;
      addCode(host, cmd, frame, text, r.hit || text !== c.text ? wholeMap(argv[0]!.span) : c.map, via, 'sh');
      continue;
    }
    let hit = false;
    const placed = argv.map((w) => {
      const r = put(w.text, false);
      hit ||= r.hit;
      return r.hit ? { ...w, text: r.text, dynamic: w.dynamic || run.some((x) => x.dynamic) } : w;
    });
    addArgv(host, cmd, frame, hit ? placed : [...placed, ...run.map((w) => ({ ...w, span: cmd.span }))], via, { fromInput: true });
  }
}

/** The argument lists of a parallel command, when all of them are known from the line. */
function parallelLists(cmd: MutableCommand, tail: readonly Word[], opts: readonly Word[]): Word[][] | undefined {
  if (opts.some((w) => w.text === '-a' || w.text === '--arg-file' || w.text.startsWith('--arg-file='))) return undefined;
  const lists: Word[][] = [];
  for (const w of tail) {
    if (w.text === ':::' || w.text === ':::+') lists.push([]);
    else if (w.text === '::::' || w.text === '::::+') return undefined;
    else if (lists.length) lists[lists.length - 1]!.push(w);
  }
  if (lists.length === 0) {
    if (!cmd.stdin || cmd.stdin.dynamic) return undefined;
    lists.push(splitInput(cmd.stdin.text, undefined, true).map((x) => plainWord(x, cmd.span)));
  }
  return lists.every((l) => l.length > 0) ? lists : undefined;
}

/** Every combination of one item from each list, in order. */
function product<T>(lists: readonly (readonly T[])[]): T[][] {
  let out: T[][] = [[]];
  for (const l of lists) {
    const next: T[][] = [];
    for (const prefix of out) for (const x of l) if (next.length < MAX_INPUT_RUNS) next.push([...prefix, x]);
    out = next;
  }
  return out;
}

const SSH_VALUE = ['-b', '-c', '-D', '-E', '-e', '-F', '-I', '-i', '-J', '-L', '-l', '-m', '-O', '-o', '-p', '-Q', '-R', '-S', '-W', '-w', '-B', '-P'];

/** `ssh [opts] host cmd …`: the words after the host are joined and run by the remote shell. */
function unwrapSsh(cmd: MutableCommand, frame: Frame, host: UnwrapHost): void {
  const args = cmd.args;
  let i = 0;
  for (; i < args.length; i++) {
    const t = args[i]!.text;
    if (t === '--') {
      i++;
      break;
    }
    if (isOptionWord(t)) {
      if (SSH_VALUE.includes(t)) i++;
      continue;
    }
    break;
  }
  const target = args[i];
  const rest = args.slice(i + 1);
  if (!target || rest.length === 0) return;
  const j = rest.length === 1 ? codeFromWord(rest[0]!) : joinWords(rest);
  addCode(host, cmd, frame, j.text, j.map, viaOf(cmd, 'remote', target.text), 'sh', true);
}

/** `ansible all -m shell -a CMD`, `pdsh -w web[01-10] CMD`, `vagrant ssh -c CMD`, … (./executors.ts). */
function unwrapRemote(cmd: MutableCommand, frame: Frame, host: UnwrapHost): void {
  const r = remoteRun(cmd);
  if (!r) {
    // other forms that run a command (`aws ecs execute-command --command CMD`) are read like any tool's
    unwrapEmbedded(cmd, frame, host);
    return;
  }
  const via: Via = viaOf(cmd, r.container ? 'container' : 'remote', r.target);
  if (r.reach) via.reach = r.reach;
  if (r.text !== undefined) {
    addCode(host, cmd, frame, r.text, wholeMap(spanOfWords(r.words)), via, r.language ?? 'sh', true);
    return;
  }
  const j = r.words.length === 1 ? codeFromWord(r.words[0]!) : joinWords(r.words);
  addCode(host, cmd, frame, j.text, j.map, via, r.language ?? 'sh', true);
}

const KUBECTL_EXEC_VALUE = ['-c', '--container', '-f', '--filename', '--pod-running-timeout', '-n', '--namespace', '--context', '--cluster', '--user', '--kubeconfig', '-s', '--server', '--token', '--as', '-l', '--selector'];

/** `kubectl exec [opts] pod -- cmd …` (also the old form without `--`). */
function unwrapKubectlExec(cmd: MutableCommand, frame: Frame, host: UnwrapHost): void {
  const args = cmd.args;
  let i = 0;
  const positional: number[] = [];
  let dashdash = -1;
  for (; i < args.length; i++) {
    const t = args[i]!.text;
    if (t === '--') {
      dashdash = i;
      break;
    }
    if (isOptionWord(t)) {
      if (KUBECTL_EXEC_VALUE.includes(t)) i++;
      continue;
    }
    positional.push(i);
  }
  const sub = positional[0] !== undefined ? args[positional[0]]!.text : undefined;
  if (sub !== 'exec' && sub !== 'rsh') return;
  const pod = positional[1] !== undefined ? args[positional[1]]!.text : undefined;
  let argv: readonly Word[];
  if (dashdash >= 0) argv = args.slice(dashdash + 1);
  else if (positional[2] !== undefined) argv = args.slice(positional[2]);
  else return;
  addArgv(host, cmd, frame, argv, viaOf(cmd, 'container', pod), { remote: true });
}

const DOCKER_VALUE = [
  '-e', '--env', '--env-file', '-u', '--user', '-w', '--workdir', '--detach-keys', '-v', '--volume', '-p', '--publish', '--name',
  '--entrypoint', '--network', '--net', '-l', '--label', '--mount', '--platform', '--add-host', '--cpus', '-m', '--memory',
  '--restart', '--hostname', '-h', '--device', '--cap-add', '--cap-drop', '--security-opt', '--tmpfs', '--ulimit',
  '--log-driver', '--log-opt', '--pull', '--gpus', '--shm-size', '--ipc', '--pid', '--runtime', '--stop-signal',
  '--stop-timeout', '--health-cmd', '--label-file', '--link', '--dns', '--expose', '--group-add', '--cidfile',
  '--volumes-from', '--userns', '--uts', '--cgroupns', '--isolation', '--ip', '--ip6', '--mac-address', '--memory-swap',
  '--cpu-shares', '-c', '--cpuset-cpus', '--index', '--context', '-H', '--host', '--config', '-f', '--file',
  '-p', '--project-name', '--project-directory', '--profile', '--log-level', '--attach', '-a',
];

/** `docker exec c cmd`, `docker run [opts] image cmd`, `docker compose exec|run svc cmd`; false when the command is none of those. */
function unwrapDocker(cmd: MutableCommand, frame: Frame, host: UnwrapHost): boolean {
  const args = cmd.args;
  const positions: number[] = [];
  for (let i = 0; i < args.length && positions.length < 4; i++) {
    const t = args[i]!.text;
    if (isOptionWord(t)) {
      if (DOCKER_VALUE.includes(t)) i++;
      continue;
    }
    positions.push(i);
    const words = positions.map((k) => args[k]!.text);
    const verb = cmd.program === 'docker-compose' ? words[0] : words[0] === 'compose' || words[0] === 'container' ? words[1] : words[0];
    const verbAt = cmd.program === 'docker-compose' ? 1 : words[0] === 'compose' || words[0] === 'container' ? 2 : 1;
    if (verb !== undefined && verb !== 'exec' && verb !== 'run') return false;
    if (positions.length === verbAt + 1) {
      // positions[verbAt] is the container / image / service; the command follows.
      const target = args[i]!;
      let start = i + 1;
      if (args[start]?.text === '--') start++;
      const argv = args.slice(start);
      if (argv.length) addArgv(host, cmd, frame, argv, viaOf(cmd, 'container', target.text), { remote: true });
      return true;
    }
  }
  return positions.length > 0;
}

/**
 * Interpreter code in the line: `python -c CODE`, `node -e CODE`, `perl -we CODE`, `ruby -e`,
 * `php -r`, `lua -e`, `Rscript -e`, `osascript -e`, `deno eval`, `bun -e`, an awk or sed program,
 * or a program on standard input (`python3 - <<EOF`, `echo … | node`). The code is read (see
 * ../code/read.ts); the commands it runs and what it deletes or overwrites at known paths become
 * commands of the line (../code/shell.ts), the rest is kept on `inline.effects` for the rules.
 */
function unwrapInterpreter(cmd: MutableCommand, frame: Frame, host: UnwrapHost): void {
  const call = interpreterCall(cmd);
  if (!call || call.other) return;
  const language: CodeLanguage = call.javascript ? 'javascript' : call.spec.language;
  let code: CodeText;
  if (call.code.length > 0) {
    const span: Span = [call.code[0]!.span[0], call.code[call.code.length - 1]!.span[1]];
    code = {
      text: call.code.map((c) => c.text).join('\n'),
      span,
      map: call.code.length === 1 ? codeFromWord(call.code[0]!).map : wholeMap(span),
      dynamic: call.code.some((c) => c.dynamic),
    };
  } else if (call.stdin && cmd.stdin && language !== 'sed' && language !== 'awk') {
    const s = cmd.stdin;
    code = { text: s.text, span: s.span, map: s.kind === 'heredoc' && frame.depth === 0 ? linearMap(s.span[0], s.span) : wholeMap(s.span), dynamic: s.dynamic, from: 'stdin' };
  } else return;
  if (language === 'sed' && call.sandbox) return;
  const fileInput = call.rest.some((w) => !/^\w+=/.test(w.text));
  const input = language === 'sed' && !fileInput && cmd.stdin && !cmd.stdin.dynamic ? cmd.stdin.text : undefined;
  // the program's own arguments, where the line gives them literally (`node -e '…process.argv[1]…' PATH`)
  const argv = call.code.length > 0 ? call.rest.map((w) => (w.dynamic ? undefined : w.text)) : undefined;
  readInlineCode(cmd, frame, host, language, code, { vars: call.vars, input, extended: call.extended, ...(argv ? { argv } : {}) });
  // JavaScript for Automation: its shell calls (`app.doShellScript`, `$.system`) are its own
  if (call.javascript && cmd.program === 'osascript' && !wholeVariable(code)) {
    const jxa = readForeign(JXA, code.text);
    if (jxa.effects.length) placeReading(cmd, frame, host, code, { effects: jxa.effects, unread: cmd.inline?.unread });
  }
}

/** Code an interpreter runs, and where it sits in the line. */
export interface CodeText {
  text: string;
  span: Span;
  /** Offsets in `text` → spans in the line. */
  map: Frame['map'];
  dynamic: boolean;
  /** Where the code came from when it is not an argument of the command. */
  from?: 'stdin' | 'file';
}

/**
 * Reads `code` as what `cmd` runs: sets `cmd.inline`, adds the shell commands it amounts to as
 * commands of the line (via `interpreter`), and keeps the effects without a shell form.
 */
export function readInlineCode(cmd: MutableCommand, frame: Frame, host: UnwrapHost, language: CodeLanguage, code: CodeText, options: ReadOptions, readAs = ''): void {
  const inline: InlineCode = { language: inlineLanguage(cmd, language), code: code.text, span: code.span, dynamic: code.dynamic };
  if (code.from) inline.from = code.from;
  cmd.inline = inline;
  const reader = host.state.code;
  if (!reader || wholeVariable(code)) return;
  const reading = reader.read(language, code.text, options);
  placeReading(cmd, frame, host, code, readAs ? { ...reading, effects: reading.effects.map((e) => ({ ...e, call: `${e.call}${readAs}` })) } : reading);
}

/** Code that is one variable or substitution (`"$CODE"`): the dynamic rules speak for it. */
function wholeVariable(code: CodeText): boolean {
  return code.dynamic && /^\s*\$(\{[^}]*\}|\w+|\([\s\S]*\))\s*$/.test(code.text);
}

/**
 * Places what reading code found: the shell commands it amounts to become commands of the line
 * (via `interpreter`), the effects without a shell form stay on `cmd.inline.effects`.
 */
function placeReading(cmd: MutableCommand, frame: Frame, host: UnwrapHost, code: CodeText, reading: Pick<CodeReading, 'effects' | 'unread'> & { prints?: CodeReading['prints'] }): void {
  const inline = cmd.inline!;
  const map = code.map;
  if (reading.unread) inline.unread = reading.unread;
  const own: InlineEffect[] = [];
  for (const e of reading.effects) {
    const at = map(e.at[0], e.at[1]);
    if (judgedOnItsOwn(e)) {
      own.push({ effect: e, span: at });
      continue;
    }
    const text = shellEquivalent(e);
    const via = viaOf(cmd, 'interpreter', e.call);
    if (e.kind === 'run' && text === undefined) {
      // In a script file a command built at run time is ordinary tooling; in a one-liner it hides the command.
      if (code.from === 'file') own.push({ effect: { kind: 'dynamic', call: e.call, at: e.at, why: `runs a command built when it runs (${e.call})` }, span: at });
      else addDynamic(host, cmd, at, via);
      continue;
    }
    if (text === undefined) continue;
    const exact = e.kind === 'run' ? e.exact : undefined;
    const m: Frame['map'] = exact ? (a, b) => map(exact[0] + a, exact[0] + b) : wholeMap(at);
    addCode(host, cmd, frame, text, m, via, 'sh');
  }
  if (own.length) inline.effects = own;
  const prints = (reading.prints ?? []).map((v) => shellText(v)).filter((t) => t.trim() !== '');
  if (prints.length) inline.prints = prints;
}

/**
 * Code of a language without a reader of its own (`julia -e`, `elixir -e`, `vim -c '!…'`,
 * `gdb -ex 'shell …'`, `tclsh <<<'…'`), read by ../code/foreign.ts for its shell escapes, the
 * calls that delete or start processes, and strings that are shell lines.
 */
function unwrapForeign(cmd: MutableCommand, frame: Frame, host: UnwrapHost): void {
  const call = foreignCall(cmd);
  if (!call) return;
  let code: CodeText;
  if (call.code.length > 0) {
    const span: Span = [call.code[0]!.span[0], call.code[call.code.length - 1]!.span[1]];
    const one = call.code.length === 1 ? codeFromWord(call.code[0]!) : undefined;
    code = { text: call.code.map((c) => c.text).join('\n'), span, map: one ? one.map : wholeMap(span), dynamic: call.code.some((c) => c.dynamic) };
  } else if (call.stdin && cmd.stdin) {
    const s = cmd.stdin;
    code = { text: s.text, span: s.span, map: s.kind === 'heredoc' && frame.depth === 0 ? linearMap(s.span[0], s.span) : wholeMap(s.span), dynamic: s.dynamic, from: 'stdin' };
  } else return;
  cmd.inline = { language: 'other', code: code.text, span: code.span, dynamic: code.dynamic, ...(code.from ? { from: code.from } : {}) };
  if (wholeVariable(code)) return;
  if (code.text.length > MAX_FOREIGN_CODE) {
    cmd.inline.unread = `the ${call.spec.label} code is ${code.text.length} characters long, more than the ${MAX_FOREIGN_CODE} read`;
    return;
  }
  placeReading(cmd, frame, host, code, readForeign(call.spec, code.text));
}

function inlineLanguage(cmd: SimpleCommand, language: CodeLanguage): InlineCode['language'] {
  if (language === 'javascript') return 'node';
  if (language === 'typescript') return cmd.program === 'deno' || cmd.program === 'bun' ? 'typescript' : 'node';
  return language;
}

/** A command whose name is not known statically (an interpreter's `os.system(cmd)`). */
function addDynamic(host: UnwrapHost, wrapper: MutableCommand, span: Span, via: Via): void {
  const name: Word = { text: '<expression>', raw: '<expression>', span, dynamic: true, glob: false, tilde: false, quoted: false, expansions: [{ kind: 'command', raw: '<expression>' }] };
  const c: MutableCommand = {
    program: '<expression>',
    name,
    dynamicName: true,
    args: [],
    assignments: [],
    redirects: [],
    span,
    via: [...wrapper.via, via],
    nesting: wrapper.nesting,
    index: host.state.commands.length,
  };
  if (wrapper.remote) c.remote = true;
  host.state.commands.push(c);
}

// ---------------------------------------------------------------------------------------------
// PowerShell

/** `Invoke-Expression 'code'` (alias `iex`). */
function unwrapInvokeExpression(cmd: MutableCommand, frame: Frame, host: UnwrapHost): void {
  const w = cmd.args.find((a) => !a.text.startsWith('-'));
  if (!w) return;
  cmd.inline = { language: 'pwsh', code: w.text, span: w.span, dynamic: w.dynamic };
  addCode(host, cmd, frame, w.text, codeFromWordPwsh(w), viaOf(cmd, 'eval'), 'pwsh');
}

/** Start-Process's parameters (and their aliases) that take a value; the rest are switches. */
const START_PROCESS_VALUED = ['filepath', 'argumentlist', 'credential', 'workingdirectory', 'redirectstandarderror', 'redirectstandardinput', 'redirectstandardoutput', 'windowstyle', 'verb', 'environment'];
const START_PROCESS_SWITCHES = ['loaduserprofile', 'nonewwindow', 'passthru', 'wait', 'usenewenvironment', 'whatif', 'confirm'];
const START_PROCESS_ALIASES: Readonly<Record<string, string>> = { pspath: 'filepath', path: 'filepath', args: 'argumentlist', runas: 'credential', lup: 'loaduserprofile', nnw: 'nonewwindow', rse: 'redirectstandarderror', rsi: 'redirectstandardinput', rso: 'redirectstandardoutput' };

/** A Start-Process parameter by its name, alias or unique prefix (`-Arg`, `-FilePath`, `-Args`). */
function startProcessParameter(word: string): string | undefined {
  const name = word.replace(/^-/, '').replace(/:.*$/s, '').toLowerCase();
  if (own(START_PROCESS_ALIASES, name)) return own(START_PROCESS_ALIASES, name);
  const all = [...START_PROCESS_VALUED, ...START_PROCESS_SWITCHES];
  if (all.includes(name)) return name;
  const matches = all.filter((p) => p.startsWith(name));
  return matches.length === 1 ? matches[0] : undefined;
}

/** A PowerShell parameter word (`-Name`, `-Name:value`); a quoted `'-c'` is an argument. */
function isParameter(w: Word): boolean {
  return w.text.startsWith('-') && !w.quoted && w.text.length > 1;
}

/**
 * `Start-Process cmd -ArgumentList '/c …'` (aliases `saps`, `start`): the program (-FilePath, or
 * the first positional word) runs with the argument list (-ArgumentList, or the second positional
 * word) joined with spaces into one command line, as Start-Process passes it. That command line
 * is read like cmd.exe reads one (quotes, no PowerShell syntax), so `cmd /c …` and `pwsh -c …`
 * in it are unwrapped as usual and their inner line judged.
 */
function unwrapStartProcess(cmd: MutableCommand, frame: Frame, host: UnwrapHost): void {
  let file: Word | undefined;
  const argList: Word[] = [];
  const positional: Word[] = [];
  const args = cmd.args;
  for (let i = 0; i < args.length; i++) {
    const w = args[i]!;
    if (isParameter(w)) {
      const param = startProcessParameter(w.text);
      if (param === undefined) return; // not Start-Process as we know it
      if (!START_PROCESS_VALUED.includes(param)) continue;
      const inline = /^-[^:]+:(.+)$/s.exec(w.text);
      const value = inline ? { ...w, text: inline[1]! } : args[++i];
      if (!value) return;
      if (param === 'filepath') file = value;
      else if (param === 'argumentlist') {
        argList.push(value);
        // `-ArgumentList '/c', 'rd …'`: the elements after the first are arguments of their own.
        // (With the program already named, a word after the list can only be one of them.)
        while ((file || positional.length > 0) && args[i + 1] && !isParameter(args[i + 1]!)) argList.push(args[++i]!);
      }
      continue;
    }
    positional.push(w);
  }
  if (!file) file = positional.shift();
  if (argList.length === 0) argList.push(...positional);
  if (!file || file.dynamic) return;
  const quote = (t: string): string => (/\s/.test(t) && !t.startsWith('"') ? `"${t}"` : t);
  const filled = frame.language === 'pwsh' ? argList.map(pwshValuesForCmd) : argList;
  const line = [quote(file.text), ...filled.map((a) => a.text)].join(' ');
  const words = [file, ...argList];
  const program = cmdProgramName(file.text);
  if (PWSH.has(program) || program === 'cmd' || SHELLS.has(program)) cmd.inline = { language: 'other', code: line, span: spanOfWords(words), dynamic: argList.some((a) => a.dynamic) };
  addCode(host, cmd, frame, line, wholeMap(spanOfWords(words)), viaOf(cmd, 'prefix'), 'cmd');
}

function codeFromWordPwsh(w: Word): Frame['map'] {
  // PowerShell literal strings: 'text' or "text" without escapes map linearly.
  if (w.raw.length === w.text.length + 2 && (w.raw.startsWith("'") || w.raw.startsWith('"'))) {
    return (s, e) => [w.span[0] + 1 + s, w.span[0] + 1 + e];
  }
  return wholeMap(w.span);
}

// ---------------------------------------------------------------------------------------------
// Code that runs later, outside the line that sets it up: trap bodies, PROMPT_COMMAND and the
// command substitutions of prompt strings, alias and abbreviation bodies, key bindings that run
// commands, and what schedulers and session starters run (at, batch, crontab, script, tmux,
// screen). It is parsed here so that it is judged by what it will run.

/** Variables whose value is shell code run before every prompt. */
const HOOK_CODE_VARIABLES: ReadonlySet<string> = new Set(['PROMPT_COMMAND']);

/** Prompt strings: their command substitutions run at every prompt (bash promptvars, zsh prompt_subst). */
export const PROMPT_VARIABLES: ReadonlySet<string> = new Set(['PS0', 'PS1', 'PS2', 'PS3', 'PS4', 'PROMPT', 'PROMPT2', 'PROMPT3', 'PROMPT4', 'RPROMPT', 'RPROMPT2', 'RPS1', 'RPS2', 'SPROMPT']);

/** Code a fish line hands to `eval` is fish code; elsewhere shell code. */
function fishCode(host: UnwrapHost, frame: Frame): 'sh' | 'fish' {
  return host.state.shell === 'fish' && frame.depth === 0 && frame.via.length === 0 ? 'fish' : 'sh';
}

/** The characters of `w.text` from `start` (length `length`) as code with its own span map. */
function codeSlice(w: Word, start: number, length: number): { text: string; map: Frame['map'] } {
  const o = wordOffsets(w);
  const text = w.text.slice(start, start + length);
  return { text, map: o ? offsetMap(o.slice(start, start + length), w.span) : wholeMap(w.span) };
}

function laterVia(cmd: MutableCommand, program: string, kind: Via['kind'] = 'eval'): Via {
  return { program, kind, span: cmd.span };
}

/** `$(…)` and `` `…` `` in a prompt string (the code inside, with its offset). */
export function commandSubstitutions(text: string): { code: string; start: number }[] {
  const out: { code: string; start: number }[] = [];
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\\') {
      i++;
      continue;
    }
    if (ch === '`') {
      const end = text.indexOf('`', i + 1);
      if (end < 0) break;
      out.push({ code: text.slice(i + 1, end), start: i + 1 });
      i = end;
      continue;
    }
    if (ch === '$' && text[i + 1] === '(' && text[i + 2] !== '(') {
      let depth = 0;
      let j = i + 1;
      let quote = '';
      for (; j < text.length; j++) {
        const c = text[j];
        if (quote) {
          if (c === quote) quote = '';
          else if (c === '\\' && quote === '"') j++;
          continue;
        }
        if (c === "'" || c === '"') quote = c;
        else if (c === '\\') j++;
        else if (c === '(') depth++;
        else if (c === ')' && --depth === 0) break;
      }
      out.push({ code: text.slice(i + 2, j), start: i + 2 });
      i = j;
    }
  }
  return out;
}

/** The command substitutions of a prompt string that are text now (quoted) and run at every prompt. */
export function deferredSubstitutions(w: Word): { code: string; start: number }[] {
  const now = new Set(w.expansions.filter((e) => e.kind === 'command').map((e) => e.raw));
  return commandSubstitutions(w.text).filter((s) => !now.has(w.text.slice(s.start - (w.text[s.start - 1] === '`' ? 1 : 2), s.start + s.code.length + 1)));
}

function unwrapHookAssignments(cmd: MutableCommand, frame: Frame, host: UnwrapHost): void {
  for (const a of cmd.assignments) {
    const v = a.value;
    if (!v || v.text === '') continue;
    if (HOOK_CODE_VARIABLES.has(a.name)) {
      // `…; $PROMPT_COMMAND` keeps what was there: only the code added is new (blanked, same length).
      const c = codeFromWord(v);
      const text = c.text.replace(/\$\{?PROMPT_COMMAND(?:\[[@*]\])?\}?/g, (m) => ' '.repeat(m.length));
      addCode(host, cmd, frame, text, c.map, laterVia(cmd, a.name), 'sh');
    } else if (PROMPT_VARIABLES.has(a.name)) {
      // A substitution the shell expands now (`PS1="$(date)"`) runs now and is already parsed; a quoted one runs later.
      for (const s of deferredSubstitutions(v)) {
        const c = codeSlice(v, s.start, s.code.length);
        addCode(host, cmd, frame, c.text, c.map, laterVia(cmd, a.name), 'sh');
      }
    }
  }
}

/** `trap BODY SIGNAL…`: the body runs when the signal (or EXIT, ERR, RETURN, DEBUG) comes. */
function unwrapTrap(cmd: MutableCommand, frame: Frame, host: UnwrapHost): void {
  const args = cmd.args.filter((a) => a.text !== '--');
  if (args.length < 2 || args.some((a) => a.text === '-p' || a.text === '-l')) return;
  const body = args[0]!;
  if (body.text === '-' || body.text === '' || /^\d+$/.test(body.text)) return;
  const c = codeFromWord(body);
  addCode(host, cmd, frame, c.text, c.map, laterVia(cmd, 'trap'), 'sh');
}

/** `alias name='body'` (bash, zsh) and fish's `alias name body`: the body runs when the name is typed. */
function unwrapAlias(cmd: MutableCommand, frame: Frame, host: UnwrapHost): void {
  const ops = cmd.args.filter((a) => !isOptionWord(a.text));
  if (host.state.shell === 'fish' && ops.length >= 2 && !ops[0]!.text.includes('=')) {
    const j = joinWords(ops.slice(1));
    addCode(host, cmd, frame, j.text, j.map, laterVia(cmd, 'alias'), 'fish');
    return;
  }
  for (const w of ops) {
    const eq = w.text.indexOf('=');
    if (eq <= 0 || eq === w.text.length - 1) continue;
    const c = codeSlice(w, eq + 1, w.text.length - eq - 1);
    addCode(host, cmd, frame, c.text, c.map, laterVia(cmd, 'alias'), 'sh');
  }
}

/** fish `abbr -a NAME EXPANSION…`: the expansion replaces NAME on the command line when Enter is pressed. */
function unwrapAbbr(cmd: MutableCommand, frame: Frame, host: UnwrapHost): void {
  const args = cmd.args;
  if (args.some((a) => a.text === '-f' || a.text === '--function' || a.text.startsWith('--function='))) return;
  if (args.some((a) => /^-(e|l|s|q|r)$|^--(erase|list|show|query|rename)$/.test(a.text))) return;
  const ops = operands(cmd.args, ['--position', '-p', '--regex', '--set-cursor', '--function', '-f']);
  if (ops.length < 2) return;
  const j = joinWords(ops.slice(1));
  addCode(host, cmd, frame, j.text, j.map, laterVia(cmd, 'abbr'), 'fish');
}

/** bash `bind -x '"KEY": CODE'`, zsh `bindkey -s KEY TEXT`, fish `bind KEY CODE…`: code run by a key. */
function unwrapBind(cmd: MutableCommand, frame: Frame, host: UnwrapHost): void {
  const args = cmd.args;
  if (cmd.program === 'bindkey') {
    if (!args.some((a) => a.text === '-s')) return;
    const ops = args.filter((a) => !isOptionWord(a.text));
    const text = ops[1];
    if (text) addCode(host, cmd, frame, text.text.replace(/\\n|\^M|\^J|\\r/g, (m) => `;${' '.repeat(m.length - 1)}`), wholeMap(text.span), laterVia(cmd, 'bindkey'), 'sh');
    return;
  }
  if (host.state.shell === 'fish') {
    if (args.some((a) => a.text === '-e' || a.text === '--erase')) return;
    const ops = operands(cmd.args, ['-M', '--mode', '-m', '--sets-mode']);
    if (ops.length < 2) return;
    const j = joinWords(ops.slice(1));
    addCode(host, cmd, frame, j.text, j.map, laterVia(cmd, 'bind'), 'fish');
    return;
  }
  for (let i = 0; i < args.length; i++) {
    if (args[i]!.text !== '-x') continue;
    const spec = args[i + 1];
    if (!spec) return;
    // "KEYSEQ": command — the key sequence may be quoted; the command follows the first colon after it.
    const m = /^\s*(?:"(?:[^"\\]|\\.)*"|[^:\s]+)\s*:\s*/.exec(spec.text);
    if (!m) return;
    let code = spec.text.slice(m[0].length);
    let start = m[0].length;
    if (/^(["']).*\1\s*$/s.test(code)) {
      const end = code.trimEnd().length - 1;
      code = code.slice(1, end);
      start++;
    }
    const c = codeSlice(spec, start, code.length);
    addCode(host, cmd, frame, c.text, c.map, laterVia(cmd, 'bind'), 'sh');
    return;
  }
}

/** `at TIME <<EOF … EOF`, `batch <<< '…'`, `crontab - <<EOF`: commands read from stdin, run later. */
function unwrapScheduler(cmd: MutableCommand, frame: Frame, host: UnwrapHost): void {
  const s = cmd.stdin;
  if (!s) return;
  if (cmd.program === 'crontab') {
    const ops = operands(cmd.args, ['-u']);
    if (ops.length > 0 && ops[0]!.text !== '-') return; // installs a file
    if (cmd.args.some((a) => /^-[lrei]+$/.test(a.text))) return;
  } else if (cmd.args.some((a) => a.text === '-f' || a.text === '-l' || a.text === '-r' || a.text === '-d' || a.text === '-c')) {
    return; // a file, or listing/removing jobs
  }
  // crontab lines: blank the schedule (five fields or @keyword) so the rest reads as commands, same length.
  const text = cmd.program === 'crontab' ? s.text.replace(/^([ \t]*)(@\w+|(?:\S+[ \t]+){4}\S+)(?=[ \t])/gm, (m, lead: string) => lead + ' '.repeat(m.length - lead.length)) : s.text;
  const map = s.kind === 'heredoc' && frame.depth === 0 ? linearMap(s.span[0], s.span) : wholeMap(s.span);
  addCode(host, cmd, frame, text, map, laterVia(cmd, cmd.program, 'heredoc'), 'sh');
}

/** `script -c CODE`: a new terminal running CODE through $SHELL. */
function unwrapScript(cmd: MutableCommand, frame: Frame, host: UnwrapHost): void {
  const args = cmd.args;
  for (let i = 0; i < args.length; i++) {
    const t = args[i]!.text;
    if (t.startsWith('--command=')) {
      const c = codeSlice(args[i]!, 10, t.length - 10);
      addCode(host, cmd, frame, c.text, c.map, laterVia(cmd, 'script', 'shell-c'), 'sh');
      return;
    }
    if (t === '--command' || (/^-[a-zA-Z]+$/.test(t) && t.endsWith('c'))) {
      const w = args[i + 1];
      if (!w) return;
      const c = codeFromWord(w);
      addCode(host, cmd, frame, c.text, c.map, laterVia(cmd, 'script', 'shell-c'), 'sh');
      return;
    }
  }
}

/** tmux subcommands that start a shell command in a new window, pane or server. */
export const TMUX_SPAWNING: ReadonlySet<string> = new Set(['new', 'new-session', 'new-window', 'neww', 'split-window', 'splitw', 'respawn-pane', 'respawnp', 'respawn-window', 'respawnw', 'run-shell', 'run']);
const TMUX_VALUE = ['-c', '-e', '-F', '-f', '-L', '-l', '-n', '-p', '-S', '-s', '-t', '-x', '-y', '-T'];

/** `tmux new -d 'CODE'`, `tmux split-window CODE`, `tmux run-shell CODE`. */
function unwrapTmux(cmd: MutableCommand, frame: Frame, host: UnwrapHost): void {
  const args = cmd.args;
  let i = 0;
  while (i < args.length && isOptionWord(args[i]!.text)) i += ['-f', '-L', '-S', '-T'].includes(args[i]!.text) ? 2 : 1;
  const sub = args[i];
  if (!sub || !TMUX_SPAWNING.has(sub.text)) return;
  const rest = args.slice(i + 1);
  let k = 0;
  while (k < rest.length && isOptionWord(rest[k]!.text)) k += TMUX_VALUE.includes(rest[k]!.text) ? 2 : 1;
  const words = rest.slice(k);
  if (words.length === 0) return;
  const j = words.length === 1 ? codeFromWord(words[0]!) : joinWords(words);
  addCode(host, cmd, frame, j.text, j.map, laterVia(cmd, 'tmux'), 'sh');
}

/** `screen [-dmS name] cmd args…`: the command runs in a new screen window. */
function unwrapScreen(cmd: MutableCommand, frame: Frame, host: UnwrapHost): void {
  const args = cmd.args;
  if (args.some((a) => /^-(r|R|x|D|X|ls|list|wipe|Q)$/.test(a.text))) return; // attaches, or talks to a running session
  const inner = findInner(args, { value: ['-S', '-c', '-e', '-h', '-p', '-s', '-t', '-T', '-L', '-Logfile'] });
  if (!inner) return;
  addArgv(host, cmd, frame, args.slice(inner.start), laterVia(cmd, 'screen', 'prefix'), {});
}

const LATER: Readonly<Record<string, (cmd: MutableCommand, frame: Frame, host: UnwrapHost) => void>> = {
  trap: unwrapTrap,
  alias: unwrapAlias,
  abbr: unwrapAbbr,
  bind: unwrapBind,
  bindkey: unwrapBind,
  at: unwrapScheduler,
  batch: unwrapScheduler,
  crontab: unwrapScheduler,
  script: unwrapScript,
  tmux: unwrapTmux,
  screen: unwrapScreen,
};

/** The words that are not options (`withValue`: options followed by a value); all words after `--`. */
function operands(args: readonly Word[], withValue: readonly string[]): Word[] {
  const out: Word[] = [];
  for (let i = 0; i < args.length; i++) {
    const t = args[i]!.text;
    if (t === '--') return [...out, ...args.slice(i + 1)];
    if (isOptionWord(t)) {
      if (withValue.includes(t)) i++;
      continue;
    }
    out.push(args[i]!);
  }
  return out;
}
