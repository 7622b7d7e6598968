/**
 * The hook's adapter to the command analyzer. Loaded only for shell commands: the tree-sitter
 * runtime and grammars load here, not for file edits or tools we do not judge.
 */
import { createCommandAnalyzer } from '../command/analyze';
import type { CommandContext, CommandVerdict } from '../command/rule';
import { judgeMeasured } from '../probe/index';
import { loadPolicy } from './policy';

/**
 * Judges one command line under the workspace policy, measured where it runs (src/core/probe):
 * the local probes (git, files) for the commands they know, and for a line still held the slow
 * ones (a saved Terraform plan; kubectl counts on production-marked contexts). The hook has no
 * modal to show progress in: the agent waits for them, within their timeouts.
 */
export async function analyzeCommand(line: string, ctx: CommandContext, root: string): Promise<CommandVerdict> {
  const policy = await loadPolicy(root);
  const analyzer = await createCommandAnalyzer({ policy });
  return (await judgeMeasured(analyzer, line, ctx, { kubernetes: 'production' })).verdict;
}

/**
 * What the hook knows about where the agent's command runs (the hook inherits the agent's
 * environment): the same reading as `blast-radius check` and the terminal guard.
 */
export { commandContext } from '../command/environment';
