/**
 * Normalisation of command names and subcommands.
 *
 * `programName` turns what was typed into a comparable name (`/usr/bin/rm` → `rm`,
 * `Remove-Item.exe` → `remove-item` in pwsh). `subcommand` finds a tool's subcommand words
 * after its global options (`git -C dir -c x=y push` → `push`, `kubectl --context prod delete`
 * → `delete`, `terraform -chdir=infra destroy` → `destroy`).
 */
import type { ShellKind, SimpleCommand, Word } from './model';
import { own } from '../own';

/** A word that is an option (`-x`, `--x`, `--x=v`): a dash and something after it. */
export function isOptionWord(t: string): boolean {
  return t.length > 1 && t.charCodeAt(0) === 45;
}

/** PowerShell aliases whose meaning matters to rules, resolved to the cmdlet (lowercase). */
const PWSH_ALIASES: Readonly<Record<string, string>> = {
  rm: 'remove-item',
  ri: 'remove-item',
  del: 'remove-item',
  erase: 'remove-item',
  rd: 'remove-item',
  rmdir: 'remove-item',
  mv: 'move-item',
  mi: 'move-item',
  move: 'move-item',
  cp: 'copy-item',
  cpi: 'copy-item',
  copy: 'copy-item',
  sc: 'set-content',
  ac: 'add-content',
  cat: 'get-content',
  gc: 'get-content',
  type: 'get-content',
  ls: 'get-childitem',
  dir: 'get-childitem',
  gci: 'get-childitem',
  iex: 'invoke-expression',
  iwr: 'invoke-webrequest',
  curl: 'invoke-webrequest',
  wget: 'invoke-webrequest',
  irm: 'invoke-restmethod',
  kill: 'stop-process',
  spps: 'stop-process',
  sls: 'select-string',
  echo: 'write-output',
  write: 'write-output',
  ni: 'new-item',
  clc: 'clear-content',
  rni: 'rename-item',
  ren: 'rename-item',
  saps: 'start-process',
  start: 'start-process',
  gp: 'get-itemproperty',
  sp: 'set-itemproperty',
  rp: 'remove-itemproperty',
  rv: 'remove-variable',
  sv: 'set-variable',
  icm: 'invoke-command',
};

/**
 * The program a command's name word runs: its comparable name (`programName`) with the pwsh
 * alias it resolved, or, for a name known only at run time (`$CMD`), the text as written.
 */
export function commandName(name: Word | undefined, shell: ShellKind): { program: string; alias?: string; dynamicName: boolean } {
  if (!name) return { program: '', dynamicName: false };
  if (name.dynamic) return { program: name.text, dynamicName: true };
  const n = programName(name.text, shell);
  // built directly (no spread: this runs for every command and every wrapper)
  return n.alias === undefined ? { program: n.program, dynamicName: false } : { program: n.program, alias: n.alias, dynamicName: false };
}

/**
 * The comparable program name: the last path segment, without a Windows `.exe`/`.cmd`/`.ps1`
 * suffix; lowercase with aliases resolved for pwsh. Returns `{ program, alias }` where `alias`
 * is set when a pwsh alias was resolved.
 */
export function programName(text: string, shell: ShellKind): { program: string; alias?: string } {
  let t = text;
  let slash = t.lastIndexOf('/');
  if (shell === 'pwsh') {
    const bs = t.lastIndexOf('\\');
    if (bs > slash) slash = bs;
  }
  if (slash >= 0 && slash < t.length - 1) t = t.slice(slash + 1);
  if (shell === 'pwsh') {
    t = t.toLowerCase();
    if (t.endsWith('.exe') || t.endsWith('.cmd') || t.endsWith('.bat') || t.endsWith('.ps1')) t = t.slice(0, -4);
    const a = PWSH_ALIASES[t];
    if (a) return { program: a, alias: t };
    return { program: t };
  }
  // Git Bash and WSL reach Windows programs by file name: `GIT.EXE`, `cmd.exe`, `Robocopy.exe`.
  if (/\.exe$/i.test(t)) t = t.slice(0, -4).toLowerCase();
  return { program: t };
}

/**
 * A cmd.exe program name: quotes already removed, the last `\` or `/` segment, lowercase,
 * without `.exe`/`.com`/`.bat`/`.cmd` (`"C:\Program Files\Git\bin\git.exe"` → `git`). cmd.exe's
 * built-ins (`del`, `rd`, `erase`) keep their names: PowerShell's aliases do not apply.
 */
/**
 * Windows system folders every machine sets the same way (`%windir%`, `%SystemRoot%`,
 * `%ProgramFiles%`): a command name that starts with one names its program by the literal rest
 * (`%windir%\system32\inetsrv\appcmd.exe` runs appcmd).
 */
const SYSTEM_FOLDERS: Readonly<Record<string, string>> = {
  windir: 'C:\\Windows', systemroot: 'C:\\Windows', systemdrive: 'C:', programfiles: 'C:\\Program Files', 'programfiles(x86)': 'C:\\Program Files (x86)',
  programw6432: 'C:\\Program Files', programdata: 'C:\\ProgramData', commonprogramfiles: 'C:\\Program Files\\Common Files',
  'commonprogramfiles(x86)': 'C:\\Program Files (x86)\\Common Files',
};

/** The folder a Windows system variable names (`windir` → `C:\\Windows`), compared case-insensitively. */
export function systemFolder(variable: string): string | undefined {
  const k = variable.toLowerCase();
  return Object.prototype.hasOwnProperty.call(SYSTEM_FOLDERS, k) ? SYSTEM_FOLDERS[k] : undefined;
}

/**
 * The program a cmd.exe command name runs when its only variable is a Windows system folder at
 * its start, before a path separator, and the program's own name is literal; undefined otherwise
 * (the name stays unknown until it runs).
 */
export function systemFolderProgram(name: Word): string | undefined {
  if (!name.dynamic || name.expansions.length !== 1 || name.glob) return undefined;
  const e = name.expansions[0]!;
  if (e.kind !== 'variable' || !e.name || !name.text.startsWith(e.raw)) return undefined;
  const folder = systemFolder(e.name);
  const rest = name.text.slice(e.raw.length);
  if (folder === undefined || !/^[\\/][^%!$`]*[^\\/%!$`]$/.test(rest)) return undefined;
  return cmdProgramName(folder + rest);
}

export function cmdProgramName(text: string): string {
  let t = text;
  const cut = Math.max(t.lastIndexOf('\\'), t.lastIndexOf('/'));
  if (cut >= 0 && cut < t.length - 1) t = t.slice(cut + 1);
  t = t.toLowerCase();
  if (/\.(exe|com|bat|cmd)$/.test(t)) t = t.slice(0, -4);
  return t;
}

/**
 * Global options that take a separate value, per program, so subcommand detection skips the
 * value (`kubectl -n prod delete` → `delete`, not `prod`). Options written `--x=value` need no
 * entry. Sources: each tool's CLI reference for its global flags.
 */
const VALUE_OPTIONS: Readonly<Record<string, readonly string[]>> = {
  git: ['-C', '-c', '--git-dir', '--work-tree', '--namespace', '--super-prefix', '--config-env', '--exec-path'],
  kubectl: [
    '--context', '--cluster', '--user', '-n', '--namespace', '--kubeconfig', '-s', '--server', '--token', '--as',
    '--as-group', '--as-uid', '--request-timeout', '--certificate-authority', '--client-certificate', '--client-key',
    '--tls-server-name', '--cache-dir', '-v', '--v', '--log-dir', '--log-file', '--password', '--username', '--profile',
    '--profile-output',
  ],
  oc: ['--context', '--cluster', '--user', '-n', '--namespace', '--kubeconfig', '-s', '--server', '--token', '--as'],
  helm: [
    '--kube-context', '-n', '--namespace', '--kubeconfig', '--registry-config', '--repository-cache',
    '--repository-config', '--burst-limit', '--kube-apiserver', '--kube-as-user', '--kube-as-group', '--kube-ca-file',
    '--kube-token', '--kube-tls-server-name', '--qps',
  ],
  docker: [
    '--context', '-c', '-H', '--host', '--config', '-l', '--log-level', '--tlscacert', '--tlscert', '--tlskey',
    // docker compose global options (docker compose -f x -p y down)
    '-f', '--file', '-p', '--project-name', '--env-file', '--profile', '--project-directory', '--ansi', '--parallel',
  ],
  'docker-compose': ['-f', '--file', '-p', '--project-name', '--env-file', '--profile', '--project-directory', '--ansi', '-H', '--host', '--context', '-c'],
  podman: ['--connection', '-c', '--url', '--identity', '--root', '--runroot', '--storage-driver', '--log-level', '--remote'],
  aws: [
    '--profile', '--region', '--output', '--endpoint-url', '--query', '--ca-bundle', '--cli-read-timeout',
    '--cli-connect-timeout', '--color', '--cli-binary-format',
  ],
  gcloud: ['--project', '--account', '--configuration', '--format', '--verbosity', '--impersonate-service-account', '--billing-project', '--flags-file'],
  az: ['--subscription', '--output', '-o', '--query'],
  terraform: [],
  tofu: [],
  terragrunt: ['--terragrunt-working-dir', '--working-dir', '--terragrunt-config', '--config'],
  pulumi: ['--cwd', '-C', '-s', '--stack', '--color', '--tracing', '-v', '--verbose'],
  cdk: ['--profile', '--app', '-a', '-c', '--context', '--region', '--role-arn', '-r', '--output', '-o'],
  npm: ['--prefix', '-w', '--workspace', '--registry', '--userconfig', '--otp', '--tag', '--access'],
  pnpm: ['-C', '--dir', '--filter', '-F', '-w', '--workspace'],
  yarn: ['--cwd'],
  systemctl: ['-H', '--host', '-M', '--machine', '-t', '--type', '-s', '--signal', '--state', '-p', '--property'],
  // journalctl(1): the unit, identifier, priority, boot, time and output options take a value.
  journalctl: ['-u', '--unit', '--user-unit', '-t', '--identifier', '-p', '--priority', '-b', '--boot', '-S', '--since', '-U', '--until', '-o', '--output', '-n', '--lines', '-D', '--directory', '-M', '--machine', '-g', '--grep'],
  gh: ['-R', '--repo', '--hostname'],
  heroku: ['-a', '--app', '-r', '--remote'],
  flyctl: ['-a', '--app', '-c', '--config'],
  fly: ['-a', '--app', '-c', '--config'],
  vercel: ['--scope', '--token', '-t', '--cwd', '--local-config', '-A'],
  firebase: ['--project', '-P', '--token'],
};

/** Value-taking global options of `program` (empty for unknown programs). */
export function valueOptions(program: string): readonly string[] {
  return own(VALUE_OPTIONS, program) ?? [];
}

/**
 * The index in `cmd.args` of the first positional argument at or after `from`, skipping the
 * program's global options (and their separate values). `cmd.args.length` when none.
 */
function nextPositional(cmd: SimpleCommand, from: number, withValue: readonly string[]): number {
  const a = cmd.args;
  for (let i = from; i < a.length; i++) {
    const t = a[i]!.text;
    if (t === '--') return i + 1 < a.length ? i + 1 : a.length;
    if (t.length > 1 && t.charCodeAt(0) === 45) {
      if (withValue.includes(t)) i++;
      continue;
    }
    return i;
  }
  return a.length;
}

/**
 * The first `depth` subcommand words (lowercase for pwsh), skipping global options:
 * `git -C d push -f` → `['push']`; `aws --profile p s3 rm s3://b --recursive`, depth 2 →
 * `['s3', 'rm']`; `docker compose -f x.yml down -v`, depth 2 → `['compose', 'down']`.
 * Returns fewer words when the command has fewer positionals.
 */
export function subcommand(cmd: SimpleCommand, depth = 1): string[] {
  const out: string[] = [];
  const wv = valueOptions(cmd.program);
  let i = 0;
  while (out.length < depth) {
    i = nextPositional(cmd, i, wv);
    if (i >= cmd.args.length) break;
    out.push(cmd.args[i]!.text);
    i++;
  }
  return out;
}

/** The arguments after the first `depth` subcommand words (options included). */
export function argsAfterSubcommand(cmd: SimpleCommand, depth = 1): readonly Word[] {
  const wv = valueOptions(cmd.program);
  let i = 0;
  for (let d = 0; d < depth; d++) {
    i = nextPositional(cmd, i, wv);
    if (i >= cmd.args.length) return [];
    i++;
  }
  return cmd.args.slice(i);
}

/**
 * A global option's value wherever it appears before `--`: `--context prod`,
 * `--context=prod`, `-n ns`. Same as `flagValue` in rule.ts; here for modules below rules.
 */
export function optionValue(cmd: SimpleCommand, ...names: string[]): string | undefined {
  const a = cmd.args;
  for (let i = 0; i < a.length; i++) {
    const t = a[i]!.text;
    if (t === '--') return undefined;
    for (const n of names) {
      if (t === n) return a[i + 1]?.text;
      if (t.length > n.length && t.startsWith(n) && t.charCodeAt(n.length) === 61) return t.slice(n.length + 1);
    }
  }
  return undefined;
}
