/**
 * The hook's adapter to the command analyzer. Loaded only for shell commands: the tree-sitter
 * runtime and grammars load here, not for file edits or tools we do not judge.
 */
import { createCommandAnalyzer } from '../command/analyze';
import type { CommandContext, CommandVerdict } from '../command/rule';
import type { Location } from './locate';
import { loadPolicy } from './policy';

/** Analyses one command line under the policy where the call happens. */
export async function analyzeCommand(line: string, ctx: CommandContext, where: Pick<Location, 'cwd' | 'opened'>): Promise<CommandVerdict> {
  const policy = await loadPolicy(where);
  const analyzer = await createCommandAnalyzer({ policy });
  return analyzer.analyze(line, ctx);
}

/**
 * What the hook knows about where the agent's command runs (the hook inherits the agent's
 * environment): the same reading as `blast-radius check` and the terminal guard.
 */
export { commandContext } from '../command/environment';
