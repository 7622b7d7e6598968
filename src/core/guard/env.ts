/**
 * The environment changes that put the shell guards into every integrated terminal.
 * Editor-free: the extension applies these to its EnvironmentVariableCollection; tests and the
 * bench apply them to a plain environment.
 *
 * - bash: PROMPT_COMMAND gets `builtin source '<media>/bash-guard.sh';` in front (bash runs it
 *   before each prompt), BASH_ENV points at bash-env.sh (non-interactive `bash -c` children).
 * - zsh: ZDOTDIR points at <media>/zsh, whose startup files read the person's own ones
 *   (from BLAST_RADIUS_USER_ZDOTDIR, else HOME) and then install the guard.
 * - fish: <media>/xdg goes in front of XDG_DATA_DIRS; fish reads fish/vendor_conf.d there.
 * - PowerShell: BLAST_RADIUS_PWSH_GUARD names the script a profile line dot-sources.
 */
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { serverFileText, windowServerFileName, writePrivateFile } from './runtimeDir';
import { GUARD_ENV } from './server';

export type OfflineBehavior = 'allow' | 'refuse-destructive';
export const OFFLINE_BEHAVIORS: readonly OfflineBehavior[] = ['refuse-destructive', 'allow'];

export interface EnvMutation {
  name: string;
  op: 'replace' | 'prepend' | 'append';
  value: string;
}

export interface GuardEnvInput {
  port: number;
  token: string;
  /** Absolute path of the shipped media/guard folder. */
  mediaDir: string;
  /** A private (0700) folder the shells may write small temporary files in. */
  runDir: string;
  offline: OfflineBehavior;
  /** How long a shell waits for an answer, in seconds (longer than the confirmation timeout). */
  waitSeconds: number;
  /**
   * Where this window's current server is written (see `serverFilePath`): a shell that finds
   * its port dead (the editor's extension host restarted) reads it and reconnects.
   */
  serverFile?: string;
  /** The editor's own environment, to find what the guard must chain to. */
  processEnv: Readonly<Record<string, string | undefined>>;
  platform: NodeJS.Platform;
}

export const SHELL_ENV = {
  dir: 'BLAST_RADIUS_GUARD_DIR',
  runDir: 'BLAST_RADIUS_GUARD_RUNDIR',
  timeout: 'BLAST_RADIUS_GUARD_TIMEOUT',
  offline: 'BLAST_RADIUS_OFFLINE',
  userBashEnv: 'BLAST_RADIUS_USER_BASH_ENV',
  userZdotdir: 'BLAST_RADIUS_USER_ZDOTDIR',
  pwshGuard: 'BLAST_RADIUS_PWSH_GUARD',
  serverFile: 'BLAST_RADIUS_GUARD_SERVER_FILE',
} as const;

/** `builtin source '<path>';` with the path quoted for bash. */
export function bashHook(mediaDir: string): string {
  const file = path.join(mediaDir, 'bash-guard.sh');
  return `builtin source '${file.replace(/'/g, `'\\''`)}';`;
}

/** Default XDG_DATA_DIRS when it is unset (XDG Base Directory specification). */
const XDG_DATA_DEFAULT = '/usr/local/share:/usr/share';

export function guardEnvironment(input: GuardEnvInput): EnvMutation[] {
  const m: EnvMutation[] = [];
  const set = (name: string, value: string): void => void m.push({ name, op: 'replace', value });
  set(GUARD_ENV.port, String(input.port));
  set(GUARD_ENV.token, input.token);
  set(SHELL_ENV.timeout, String(Math.max(1, Math.ceil(input.waitSeconds))));
  set(SHELL_ENV.offline, input.offline);
  set(SHELL_ENV.dir, input.mediaDir);
  set(SHELL_ENV.pwshGuard, path.join(input.mediaDir, 'pwsh-guard.ps1'));
  if (input.serverFile) set(SHELL_ENV.serverFile, input.serverFile);
  if (input.platform === 'win32') return m; // bash/zsh/fish guards are for Unix-like systems
  set(SHELL_ENV.runDir, input.runDir);
  const env = input.processEnv;

  m.push({ name: 'PROMPT_COMMAND', op: 'prepend', value: bashHook(input.mediaDir) });

  const bashEnv = path.join(input.mediaDir, 'bash-env.sh');
  set('BASH_ENV', bashEnv);
  const userBashEnv = env.BASH_ENV;
  if (userBashEnv && userBashEnv !== bashEnv) set(SHELL_ENV.userBashEnv, userBashEnv);

  const zdotdir = path.join(input.mediaDir, 'zsh');
  set('ZDOTDIR', zdotdir);
  const userZdotdir = env.ZDOTDIR;
  if (userZdotdir && userZdotdir !== zdotdir) set(SHELL_ENV.userZdotdir, userZdotdir);

  const xdg = path.join(input.mediaDir, 'xdg');
  const dataDirs = env.XDG_DATA_DIRS;
  if (dataDirs) m.push({ name: 'XDG_DATA_DIRS', op: 'prepend', value: `${xdg}:` });
  else set('XDG_DATA_DIRS', `${xdg}:${XDG_DATA_DEFAULT}`);
  return m;
}

/** Applies mutations to a plain environment (tests, bench, the CLI). */
export function applyEnvironment(
  base: Readonly<Record<string, string | undefined>>,
  mutations: readonly EnvMutation[],
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(base)) if (v !== undefined) out[k] = v;
  for (const mu of mutations) {
    const cur = out[mu.name] ?? '';
    out[mu.name] = mu.op === 'replace' ? mu.value : mu.op === 'prepend' ? mu.value + cur : cur + mu.value;
  }
  return out;
}

/**
 * The server file of one editor window, in the private run folder (runtimeDir.ts names it),
 * named by a hash of the window's workspace (its .code-workspace file or first folder), so a
 * reloaded window writes the same file again.
 */
export function serverFilePath(runDir: string, workspaceIdentity: string): string {
  return path.join(runDir, windowServerFileName(crypto.createHash('sha256').update(workspaceIdentity).digest('hex')));
}

/** Writes `BR1 <port> <token>` (mode 0600, atomically). */
export function writeServerFile(file: string, port: number, token: string): void {
  writePrivateFile(file, serverFileText(port, token));
}

/** Removes the server file if it still names this server (another window may have taken it over). */
export function removeServerFile(file: string, port: number, token: string): void {
  try {
    if (fs.readFileSync(file, 'utf8').trim() === serverFileText(port, token).trim()) fs.rmSync(file, { force: true });
  } catch {
    // already gone
  }
}
