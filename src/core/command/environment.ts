/**
 * Where a command runs, as the command rules see it: the environment (AWS_PROFILE, KUBECONFIG,
 * TF_WORKSPACE, …), the current kube context and the Terraform workspace. One reading for
 * `blast-radius check`, the agent hook and the terminal guard; node-only (reads files), small,
 * and free of the analyzer so the hook can load it cheaply.
 */
import { readRegularText } from '../safeRead';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ShellKind } from '../shell/model';
import type { CommandContext } from './rule';

/**
 * The context of a command line run in `cwd` under `workspaceRoot`, in `env` (default: this
 * process's environment, as it is now).
 */
export function commandContext(cwd: string, workspaceRoot: string, shell: ShellKind | undefined, env: Readonly<Record<string, string | undefined>> = processEnvironment()): CommandContext {
  // The caller's home: what os.homedir() would say in its process (HOME, else USERPROFILE on Windows).
  const home = (process.platform === 'win32' ? env['USERPROFILE'] : env['HOME']) || os.homedir();
  const ctx: CommandContext = { cwd, workspaceRoot, env, home };
  if (shell) ctx.shell = shell;
  const kube = currentKubeContext(env, home);
  if (kube) ctx.kubeContext = kube;
  const aws = env['AWS_PROFILE'] ?? env['AWS_DEFAULT_PROFILE'];
  if (aws) ctx.awsProfile = aws;
  const tf = env['TF_WORKSPACE'] ?? readTrimmed(path.join(cwd, '.terraform', 'environment'));
  if (tf) ctx.terraformWorkspace = tf;
  return ctx;
}

/**
 * This process's environment as a plain object: the rules read it for every command, and each
 * read of `process.env` itself goes through Node.js's native accessor (a script's environment is
 * a copy of it, made for every script a line runs). On Windows it stays `process.env`, whose
 * names are case-insensitive (`Path` is `PATH`).
 */
function processEnvironment(): Readonly<Record<string, string | undefined>> {
  return process.platform === 'win32' ? process.env : { ...process.env };
}

/** The trimmed text of a small regular file (never a FIFO or device in its place: it would stall). */
function readTrimmed(file: string): string | undefined {
  const r = readRegularText(file, { maxBytes: 64 * 1024 });
  return r.ok ? r.text.trim() || undefined : undefined;
}

/** `current-context:` of the first kubeconfig file that names one. */
function currentKubeContext(env: Readonly<Record<string, string | undefined>>, home: string): string | undefined {
  const files = env['KUBECONFIG'] ? env['KUBECONFIG'].split(path.delimiter) : [path.join(home, '.kube', 'config')];
  for (const f of files) {
    if (!f) continue;
    const r = readRegularText(f, { maxBytes: 4 * 1024 * 1024 });
    if (!r.ok) continue; // not a readable regular file: no kube context from it
    const m = /^current-context:\s*["']?([^"'\s#]+)/m.exec(r.text);
    if (m?.[1]) return m[1];
  }
  return undefined;
}
