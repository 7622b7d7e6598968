/**
 * The hook's adapter to the command analyzer. Loaded only for shell commands: the tree-sitter
 * runtime and grammars load here, not for file edits or tools we do not judge.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createCommandAnalyzer } from '../command/analyze';
import type { CommandContext, CommandVerdict } from '../command/rule';
import type { ShellKind } from '../shell/model';
import { loadPolicy } from './policy';

/** Analyses one command line under the workspace policy. */
export async function analyzeCommand(line: string, ctx: CommandContext, root: string): Promise<CommandVerdict> {
  const policy = await loadPolicy(root);
  const analyzer = await createCommandAnalyzer({ policy });
  return analyzer.analyze(line, ctx);
}

/**
 * What the hook knows about where the agent's command runs: the agent's environment (the hook
 * inherits it: AWS_PROFILE, KUBECONFIG, TF_WORKSPACE, …), the current kube context and the
 * Terraform workspace. The same sources as `blast-radius check` (src/cli/check.ts baseContext),
 * read here without loading that command's modules.
 */
export function commandContext(cwd: string, workspaceRoot: string, shell: ShellKind | undefined): CommandContext {
  const env = process.env;
  const ctx: CommandContext = { cwd, workspaceRoot, env, home: os.homedir() };
  if (shell) ctx.shell = shell;
  const kube = currentKubeContext(env);
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

function currentKubeContext(env: NodeJS.ProcessEnv): string | undefined {
  const files = env['KUBECONFIG'] ? env['KUBECONFIG'].split(path.delimiter) : [path.join(os.homedir(), '.kube', 'config')];
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
