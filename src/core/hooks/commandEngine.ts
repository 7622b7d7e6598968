/**
 * The hook's adapter to the command analyzer. Loaded only for shell commands: the tree-sitter
 * runtime and grammars load here, not for file edits or tools we do not judge.
 */
import { createCommandAnalyzer } from '../command/analyze';
import type { CommandContext, CommandVerdict } from '../command/rule';
import { judgeMeasured } from '../probe/index';
import type { Location } from './locate';
import { loadPolicy } from './policy';

/**
 * Judges one command line under the policy where the call happens, measured where it runs
 * (src/core/probe): the local probes (git, files) for the commands they know, and for a line
 * still held the slow ones (a saved Terraform plan; kubectl counts on production-marked
 * contexts). The hook has no modal to show progress in: the agent waits for them, within their
 * timeouts.
 */
export async function analyzeCommand(line: string, ctx: CommandContext, where: Pick<Location, 'cwd' | 'opened'>): Promise<CommandVerdict> {
  const policy = await loadPolicy(where);
  const analyzer = await createCommandAnalyzer({ policy });
  return (await judgeMeasured(analyzer, line, ctx, { kubernetes: 'production' })).verdict;
}

/**
 * What the hook knows about where the agent's command runs (the hook inherits the agent's
 * environment): the same reading as `blast-radius check` and the terminal guard.
 */
export { commandContext } from '../command/environment';
