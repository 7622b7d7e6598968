/**
 * scripts: files a line runs, read from disk when the line is checked and judged as what they
 * run — shell scripts (`bash x.sh`, `sh x`, `source x`, `. x`, `bash < x`, `cat x | sh`),
 * executables by their `#!` line (`./deploy`), interpreter scripts (`python3 x.py`,
 * `node x.js`, `deno run x.ts`, `bun x.ts`, `ruby x.rb`, `perl x.pl`, `php x.php`, `Rscript x.R`,
 * `lua x.lua`, `awk -f x.awk`, `sed -f x.sed`), and shells that run what another command prints.
 *
 * A finding names the file and the line inside it. A file that does not exist does not run (the
 * command fails), unless the line writes it first; a file that cannot be read, or is too large to
 * read, asks a person.
 */
import * as path from 'node:path';
import type { CodeLanguage } from '../../code/effects';
import { interpreterCall, interpreterSpec } from '../../shell/interpreters';
import type { SimpleCommand, Word } from '../../shell/model';
import { classifyPath } from '../context';
import { readScriptFile } from '../files';
import { fromNested, judgedWhatItRuns, positionalEnv, readWhatItRuns, shownPath, unreadable, writerOf } from '../nested';
import { pipeSources } from '../pipeline';
import type { CommandRuleFinding, Rule, RuleContext, RulePack } from '../rule';
import { spanTo } from '../words';

const SHELLS = new Set(['bash', 'sh', 'zsh', 'dash', 'ksh', 'mksh', 'ash', 'yash', 'fish', 'rbash', 'ksh93', 'posh']);
const SHELL_VALUE_OPTIONS = new Set(['-o', '+o', '-O', '+O', '--rcfile', '--init-file']);
/** Folders of installed programs: a command named by a path there is a program, not a script of the workspace. */
const SYSTEM_BIN = /^\/(usr\/(local\/)?)?s?bin\/|^\/opt\/homebrew\/bin\/|^\/nix\/store\/|^\/snap\/bin\//;
/** bun's own commands (`bun install`, `bun test`), which are not scripts or files. */
export const BUN_COMMANDS = new Set(['install', 'i', 'add', 'a', 'remove', 'rm', 'update', 'upgrade', 'test', 'x', 'create', 'init', 'link', 'unlink', 'pm', 'build', 'outdated', 'publish', 'patch', 'patch-commit', 'audit', 'info', 'why', 'repl', 'exec', 'completions', 'discord', 'help', 'upgrade', 'ci']);

/** The interpreter of a `#!` line (`#!/usr/bin/env -S python3 -u` → python3). */
export function shebangProgram(text: string): string | undefined {
  if (!text.startsWith('#!')) return undefined;
  const first = text.slice(2, text.indexOf('\n') < 0 ? text.length : text.indexOf('\n')).trim();
  const words = first.split(/\s+/);
  let prog = words[0] ?? '';
  if (path.basename(prog) === 'env') prog = words.slice(1).find((w) => !w.startsWith('-') && !w.includes('=')) ?? '';
  return path.basename(prog) || undefined;
}

/** What runs a file's text: a shell, an interpreter's language, or nothing we read (a binary). */
export function runnerOfText(text: string, fallbackShell = true): { kind: 'shell' } | { kind: 'code'; language: CodeLanguage; program: string } | { kind: 'binary' } | undefined {
  if (text.startsWith('\x7fELF') || text.includes('\u0000')) return { kind: 'binary' };
  const prog = shebangProgram(text);
  if (prog) {
    if (SHELLS.has(prog)) return { kind: 'shell' };
    const spec = interpreterSpec(prog);
    if (spec) return { kind: 'code', language: spec.language === 'javascript' && /deno|bun/.test(prog) ? 'typescript' : spec.language, program: prog };
    return undefined;
  }
  return fallbackShell ? { kind: 'shell' } : undefined;
}

/** Judges the text of a file `cmd` runs; the finding is placed on `at` (the word naming the file). */
type Runner = { kind: 'shell'; windows?: 'pwsh' | 'cmd' } | { kind: 'code'; language: CodeLanguage; program: string };

/**
 * A batch file's lines as PowerShell lines that hand each to cmd.exe (`cmd /c '…'`), one line per
 * line so findings keep their line numbers; comments and labels become empty lines.
 */
export function batchAsPwsh(text: string): string {
  return text
    .split(/\r?\n/)
    .map((l) => {
      const t = l.trim().replace(/^@/, '');
      if (!t || /^(rem(\s|$)|::|:[A-Za-z_])/i.test(t) || /^echo\s+(off|on)$/i.test(t)) return '';
      return `cmd /c '${t.replace(/'/g, "''")}'`;
    })
    .join('\n');
}

function judgeFile(cmd: SimpleCommand, rc: RuleContext, file: Word, how: Runner | { kind: 'auto' }, args: readonly Word[]): CommandRuleFinding | undefined {
  if (!rc.nested) return undefined;
  const span: readonly [number, number] = file.span[0] < cmd.span[0] ? [file.span[0], cmd.span[1]] : spanTo(cmd, file);
  if (file.dynamic) return undefined; // dynamic.source and dynamic.command-name speak for these
  // Generated and installed code (dist/, build/, node_modules/) is built from sources the edit
  // review sees; bundles are large and not worth reading line by line.
  if (/(^|\/)node_modules\//.test(file.text) || classifyPath(file.text, rc).cls === 'workspace-build') return undefined;
  const writer = writerOf(rc, cmd, file.text);
  const early = writer !== undefined && writer.text === undefined;
  // written by this line from text the line holds (`echo '…' > x.sh && sh x.sh`): that text runs
  const read: ReturnType<typeof readScriptFile> = writer?.text !== undefined ? { text: writer.text, path: file.text } : readScriptFile(rc, how.kind === 'shell' && how.windows ? file.text.replace(/\\/g, '/') : file.text);
  if ('error' in read) {
    if (read.missing && !early) return undefined;
    return unreadable(`\`${file.text}\``, early ? 'this line writes it before running it, so what it holds then is not known now' : read.error, span);
  }
  const shown = writer?.text !== undefined ? file.text : shownPath(read.path, rc);
  let runner = how.kind === 'auto' ? runnerOfText(read.text) : how;
  if (!runner || runner.kind === 'binary') return undefined;
  if (runner.kind === 'code' && runner.language === 'javascript' && /\.(m|c)?tsx?$/.test(read.path)) runner = { ...runner, language: 'typescript' };
  const env = positionalEnv(args);
  const windows = runner.kind === 'shell' && 'windows' in runner ? runner.windows : undefined;
  const text = windows === 'cmd' ? batchAsPwsh(read.text) : read.text;
  const v = runner.kind === 'shell' ? rc.nested.shell(text, windows ? { file: read.path, shell: 'pwsh' } : { env, file: read.path }) : rc.nested.code(runner.language, text, { program: runner.program, file: read.path, env });
  judgedWhatItRuns(cmd, rc);
  const f = fromNested(v, { file: shown, text, firstLine: 1 }, span);
  if (early) {
    const why = `this line may change ${shown} before running it, so what runs is not what is there now`;
    return { ...(f ?? { severity: 'medium', span }), atLeast: 'confirm', message: f ? `${f.message}; ${why}` : `${shown} cannot be judged: ${why}` };
  }
  return f;
}

/** The script and its arguments of `bash [opts] FILE args`, or the file fed on stdin (`bash < x`, `cat x | bash`). */
function shellScript(cmd: SimpleCommand, rc: RuleContext): { file: Word; args: Word[] } | undefined {
  if (cmd.inline) return undefined; // -c
  const a = cmd.args;
  let readsStdin = false;
  for (let i = 0; i < a.length; i++) {
    const w = a[i]!;
    const t = w.text;
    if (t === '--' || t === '-') {
      if (t === '-') readsStdin = true;
      const file = a[i + 1];
      return file && !readsStdin ? { file, args: a.slice(i + 2) } : stdinScript(cmd, rc);
    }
    if ((t.startsWith('-') || t.startsWith('+')) && t.length > 1 && !w.dynamic) {
      if (SHELL_VALUE_OPTIONS.has(t)) i++;
      else if (!t.startsWith('--')) {
        if (/n/.test(t.slice(1)) && t.startsWith('-')) return undefined; // -n: read, do not run
        if (/s/.test(t.slice(1))) return stdinScript(cmd, rc);
      } else if (t === '--noexec') return undefined;
      continue;
    }
    return { file: w, args: a.slice(i + 1) };
  }
  return stdinScript(cmd, rc);
}

function stdinScript(cmd: SimpleCommand, rc: RuleContext): { file: Word; args: Word[] } | undefined {
  const r = cmd.redirects.find((x) => x.op === '<' && x.target && (x.fd === undefined || x.fd === 0));
  if (r?.target) return { file: r.target, args: [] };
  if (cmd.stdin) return undefined; // a heredoc or echo: parsed as part of the line
  const up = pipeSources(rc.line, cmd);
  const cat = up[0];
  if (cat && cat.program === 'cat' && up.length === 1) {
    const files = cat.args.filter((w) => !w.text.startsWith('-'));
    if (files.length === 1) return { file: files[0]!, args: [] };
  }
  return undefined;
}

const shellScriptRule: Rule = {
  id: 'scripts.shell-script',
  description: 'A shell script the line runs (bash x.sh, sh x, source x, . x, bash < x, cat x | sh), read and judged line by line.',
  severity: 'high',
  programs: [...SHELLS, 'source', '.'],
  check(cmd, rc) {
    if (cmd.program === 'source' || cmd.program === '.') {
      const file = cmd.args[0];
      if (!file) return undefined;
      return judgeFile(cmd, rc, file, { kind: 'shell' }, cmd.args.slice(1));
    }
    const s = shellScript(cmd, rc);
    if (!s) return undefined;
    return judgeFile(cmd, rc, s.file, { kind: 'shell' }, s.args);
  },
  examples: {
    match: [
      { cmd: 'bash runs/teardown.sh', exactly: 'high', span: 'bash runs/teardown.sh' },
      'sh ./runs/teardown.sh',
      'source runs/teardown.sh',
      '. runs/teardown.sh',
      'bash -x runs/teardown.sh',
      'bash < runs/teardown.sh',
      'cat runs/teardown.sh | bash',
      { cmd: 'bash runs/wipe-arg.sh /etc', exactly: 'critical' },
      'echo "rm -rf ~" > /tmp/x.sh && bash /tmp/x.sh',
    ],
    nearMiss: ['bash runs/lint.sh', 'bash -n runs/teardown.sh', 'bash missing-script.sh', "bash -c 'echo hi'", 'source ~/.bashrc', 'bash runs/wipe-arg.sh dist'],
  },
};

const executable: Rule = {
  id: 'scripts.executable',
  description: 'A file of the workspace run by its path (./deploy, scripts/reset), read and judged by its #! line (a shell script, Python, Node.js, …).',
  severity: 'high',
  programs: '*',
  check(cmd, rc) {
    const name = cmd.name;
    if (!name || cmd.dynamicName || !name.text.includes('/') || SYSTEM_BIN.test(name.text) || rc.line.shell === 'pwsh') return undefined;
    if (name.text.endsWith('/') || /\.(exe|dll|so|dylib|jar|ps1|bat|cmd)$/i.test(name.text)) return undefined;
    return judgeFile(cmd, rc, name, { kind: 'auto' }, cmd.args);
  },
  examples: {
    match: ['./runs/wipe-web', 'runs/wipe-web --now', './runs/teardown.sh'],
    nearMiss: ['./runs/lint.sh', '/usr/bin/env ls', './gradlew build', 'node_modules/.bin/tsc -p .'],
  },
};

const PWSH = new Set(['pwsh', 'powershell', 'pwsh-preview']);
const PWSH_VALUE = new Set(['-executionpolicy', '-ep', '-ex', '-configurationname', '-custompipename', '-encodedarguments', '-inputformat', '-if', '-outputformat', '-of', '-settingsfile', '-workingdirectory', '-wd', '-windowstyle', '-w', '-psconsolefile', '-version', '-v']);

/** The Windows script a command runs: `pwsh -File x.ps1`, `./x.ps1`, `& .\x.ps1`, `x.bat`, `call x.cmd`. */
function windowsScript(cmd: SimpleCommand): { file: Word; args: Word[]; shell: 'pwsh' | 'cmd' } | undefined {
  if (PWSH.has(cmd.program)) {
    if (cmd.inline) return undefined;
    const a = cmd.args;
    for (let i = 0; i < a.length; i++) {
      const t = a[i]!.text.toLowerCase();
      if (t === '-file' || t === '-f' || t === '/file') {
        const f = a[i + 1];
        return f && /\.ps1$/i.test(f.text) ? { file: f, args: a.slice(i + 2), shell: 'pwsh' } : undefined;
      }
      if (t.startsWith('-')) {
        if (PWSH_VALUE.has(t)) i++;
        continue;
      }
      // the first operand is the file (`pwsh x.ps1`), unless it is a command
      return /\.ps1$/i.test(a[i]!.text) ? { file: a[i]!, args: a.slice(i + 1), shell: 'pwsh' } : undefined;
    }
    return undefined;
  }
  const name = cmd.name;
  if (!name || cmd.dynamicName) return undefined;
  const m = /\.(ps1|bat|cmd)$/i.exec(name.text);
  if (!m) return undefined;
  return { file: name, args: [...cmd.args], shell: m[1]!.toLowerCase() === 'ps1' ? 'pwsh' : 'cmd' };
}

const windowsScriptRule: Rule = {
  id: 'scripts.windows-script',
  description: 'A PowerShell script or batch file the line runs (pwsh -File x.ps1, ./x.ps1, & .\\x.ps1, x.bat, call x.cmd, cmd /c x.bat), read and judged line by line with the PowerShell and cmd.exe readers.',
  severity: 'high',
  programs: '*',
  check(cmd, rc) {
    const s = windowsScript(cmd);
    if (!s) return undefined;
    return judgeFile(cmd, rc, s.file, { kind: 'shell', windows: s.shell }, s.args);
  },
  examples: {
    match: [
      { cmd: 'pwsh -File runs/reset.ps1', exactly: 'high' },
      { cmd: '& ./runs/reset.ps1', ctx: { shell: 'pwsh' } },
      { cmd: 'powershell -ExecutionPolicy Bypass -File runs\\reset.ps1', ctx: { shell: 'pwsh' } },
      { cmd: 'cmd /c runs\\wipe.bat', ctx: { shell: 'pwsh' } },
      { cmd: 'runs\\wipe.cmd', ctx: { shell: 'pwsh' } },
    ],
    nearMiss: ['pwsh -File runs/build.ps1', { cmd: 'cmd /c runs\\test.bat', ctx: { shell: 'pwsh' } }, { cmd: '& ./missing.ps1', ctx: { shell: 'pwsh' } }, 'pwsh -Command Get-Date'],
  },
};

/** The script file an interpreter command runs, with its arguments. */
function interpreterScript(cmd: SimpleCommand, rc: RuleContext): { file: Word; args: Word[]; language: CodeLanguage } | undefined {
  const call = interpreterCall(cmd);
  if (!call || call.other || call.code.length > 0) return undefined;
  let language = call.spec.language;
  if (call.javascript) language = 'javascript';
  if (call.script) {
    if (cmd.program === 'bun' && (BUN_COMMANDS.has(call.script.text) || !/[./]/.test(call.script.text))) return undefined;
    if (language === 'javascript' && /\.(m|c)?tsx?$/.test(call.script.text)) language = 'typescript';
    return { file: call.script, args: call.rest, language };
  }
  if (!call.stdin) return undefined;
  const s = stdinScript(cmd, rc);
  return s ? { ...s, language } : undefined;
}

const interpreterScriptRule: Rule = {
  id: 'scripts.interpreter-script',
  description: 'A script file an interpreter runs (python3 x.py, node x.js, deno run x.ts, bun x.ts, ruby x.rb, perl x.pl, php x.php, Rscript x.R, lua x.lua, awk -f, sed -f), read and judged.',
  severity: 'high',
  programs: ['python', 'python2', 'python3', 'pypy', 'pypy3', 'node', 'nodejs', 'deno', 'bun', 'ruby', 'perl', 'php', 'lua', 'luajit', 'Rscript', 'R', 'osascript', 'awk', 'gawk', 'mawk', 'sed', 'python3.10', 'python3.11', 'python3.12', 'python3.13'],
  check(cmd, rc) {
    const s = interpreterScript(cmd, rc);
    if (!s) return undefined;
    return judgeFile(cmd, rc, s.file, { kind: 'code', language: s.language, program: cmd.program }, s.args);
  },
  examples: {
    match: [
      { cmd: 'python3 runs/cleanup.py', exactly: 'high' },
      { cmd: 'node runs/wipe.js', exactly: 'critical' },
      'ruby runs/cleanup.rb',
      'python3 < runs/cleanup.py',
      // an interpreter named with its version is judged by its plain name's rules (analyze.ts)
      { cmd: 'python3.9 runs/cleanup.py', exactly: 'high' },
      'ruby3.2 runs/cleanup.rb',
    ],
    nearMiss: ['python3 runs/report.py', 'python3.9 runs/report.py', 'php8.3 -v', 'node runs/hello.js', 'python3 -m venv .venv', 'python3 missing.py', 'bun install', 'bun test'],
  },
};

/**
 * The static file whose text a substitution gives (`$(cat x.sh)`, `$(< x.sh)`, `` `cat x.sh` ``,
 * `<(cat x.sh)`): `bash -c "$(cat x.sh)"`, `eval "$(cat x.sh)"` and `source <(cat x.sh)` run it.
 */
export function substitutedFile(text: string): string | undefined {
  const m = /^\s*(?:\$\(\s*(?:cat\s+(?:--\s+)?|<\s*)(["']?)([^\s$`()'"|;&<>*?]+)\1\s*\)|`\s*cat\s+(["']?)([^\s$`()'"|;&<>*?]+)\3\s*`|<\(\s*cat\s+(?:--\s+)?(["']?)([^\s$`()'"|;&<>*?]+)\5\s*\))\s*$/.exec(text);
  return m ? (m[2] ?? m[4] ?? m[6]) : undefined;
}

/** True when `text` substitutes a static file that exists and can be read here: it is judged as a script (scripts.substituted). */
export function readsSubstitutedFile(rc: RuleContext, text: string): boolean {
  const f = substitutedFile(text);
  return f !== undefined && !/(^|\/)node_modules\//.test(f) && !('error' in readScriptFile(rc, f));
}

const substituted: Rule = {
  id: 'scripts.substituted',
  description: 'A shell, eval or source running the text of a file through a substitution (bash -c "$(cat x.sh)", eval "$(< x.sh)", source <(cat x.sh)), read and judged like the script it is.',
  severity: 'high',
  programs: [...SHELLS, 'eval', 'source', '.'],
  check(cmd, rc) {
    const w = cmd.inline ? undefined : cmd.program === 'source' || cmd.program === '.' ? cmd.args[0] : cmd.args.find((a) => !a.text.startsWith('-'));
    const text = cmd.inline ? cmd.inline.code : w?.text;
    const span = cmd.inline ? cmd.inline.span : w?.span;
    const file = text !== undefined ? substitutedFile(text) : undefined;
    if (!file || !span) return undefined;
    const word: Word = { text: file, raw: file, span, dynamic: false, glob: false, tilde: file.startsWith('~'), quoted: false, expansions: [] };
    return judgeFile(cmd, rc, word, { kind: 'shell' }, []);
  },
  examples: {
    match: [
      { cmd: 'bash -c "$(cat runs/teardown.sh)"', exactly: 'high' },
      'sh -c "$(< runs/teardown.sh)"',
      'eval "$(cat runs/teardown.sh)"',
      'source <(cat runs/teardown.sh)',
      'bash -c "`cat runs/teardown.sh`"',
    ],
    nearMiss: ['bash -c "$(cat runs/lint.sh)"', 'eval "$(cat runs/lint.sh)"', 'source <(cat runs/lint.sh)', 'eval "$(ssh-agent -s)"'],
  },
};

/** The command that prints what a shell reading its input runs, when that is generated (not a file, not static text). */
const generated: Rule = {
  id: 'scripts.generated',
  description: 'A shell that runs what another command prints (… | awk … | sh, git diff | sh): the commands are only known when the line runs.',
  severity: 'medium',
  programs: [...SHELLS],
  check(cmd, rc) {
    if (cmd.inline || cmd.stdin || cmd.redirects.some((r) => r.op === '<')) return undefined;
    const hasScript = cmd.args.some((a) => !a.text.startsWith('-') && !a.text.startsWith('+'));
    if (hasScript && !cmd.args.some((a) => a.text === '-s')) return undefined;
    if (cmd.args.some((a) => /^-\w*n/.test(a.text))) return undefined;
    const up = pipeSources(rc.line, cmd);
    const feeder = up[0];
    if (!feeder) return undefined;
    // downloads and decoded text have their own rules; a file fed by cat is read; awk prints are read
    if (/^(curl|wget|fetch|http|https|xh|aria2c|base64|base32|xxd|uudecode|gunzip|zcat|openssl|rev|tr)$/.test(feeder.program)) return undefined;
    if (feeder.program === 'cat' || feeder.program === 'echo' || feeder.program === 'printf') return undefined;
    if (feeder.inline?.prints) return undefined;
    return {
      severity: 'medium',
      message: `${cmd.program} runs the commands that ${feeder.program} prints, which are only known when the line runs`,
      span: [feeder.span[0], cmd.span[1]],
      suggestion: 'Print the commands first, read them, then run them.',
      atLeast: 'confirm',
    };
  },
  examples: {
    match: ["git diff --name-only | sed 's/^/rm -rf /' | sh", 'ls | xargs -n1 echo rm | bash', 'make -n | sh'],
    nearMiss: ['echo ls | sh', 'cat install.sh | sh', 'ls | sh -n', "ls /srv | awk '{ print \"echo \" $1 }' | sh"],
  },
};

export const scriptsPack: RulePack = {
  name: 'scripts',
  description: 'Files a line runs — shell scripts, executables by their #! line, interpreter scripts — read and judged as what they run; shells that run generated commands.',
  rules: [shellScriptRule, executable, windowsScriptRule, interpreterScriptRule, substituted, generated].map((r) => ({ ...r, spokeFor: readWhatItRuns })),
};
