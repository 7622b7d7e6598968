/**
 * Where a command runs, as the command rules see it: the environment (AWS_PROFILE, KUBECONFIG,
 * TF_WORKSPACE, …), the current kube context and the Terraform workspace. One reading for
 * `blast-radius check`, the agent hook and the terminal guard; node-only (reads files), small,
 * and free of the analyzer so the hook can load it cheaply.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ShellKind } from '../shell/model';
import type { CommandContext } from './rule';

/** The context of a command line run in `cwd` under `workspaceRoot`, in `env` (default: this process's environment). */
export function commandContext(cwd: string, workspaceRoot: string, shell: ShellKind | undefined, env: Readonly<Record<string, string | undefined>> = process.env): CommandContext {
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

function readTrimmed(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}

/** `current-context:` of the first kubeconfig file that names one. */
function currentKubeContext(env: Readonly<Record<string, string | undefined>>, home: string): string | undefined {
  const files = env['KUBECONFIG'] ? env['KUBECONFIG'].split(path.delimiter) : [path.join(home, '.kube', 'config')];
  for (const f of files) {
    if (!f) continue;
    try {
      const stat = fs.statSync(f);
      if (!stat.isFile() || stat.size > 4 * 1024 * 1024) continue;
      const m = /^current-context:\s*["']?([^"'\s#]+)/m.exec(fs.readFileSync(f, 'utf8'));
      if (m?.[1]) return m[1];
    } catch {
      // not readable: no kube context
    }
  }
  return undefined;
}
