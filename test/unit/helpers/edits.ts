/**
 * The edit engine as the agent hooks and the editor run it: with the command engine as its judge
 * (src/core/command/editJudge.ts), so files that run commands are judged as those commands.
 */
import { createCommandAnalyzer, type CommandAnalyzer } from '../../../src/core/command/analyze';
import { withCommandJudge } from '../../../src/core/command/editJudge';
import { analyzeEdit } from '../../../src/core/edit/analyze';
import type { EditInput, EditOptions, EditVerdict } from '../../../src/core/edit/types';

const HOME = '/home/dev';
let shared: Promise<CommandAnalyzer> | undefined;

/** A workspace that does not exist on disk, for inputs without one: paths in it are workspace paths, files named there are not found. */
const NO_WORKSPACE = '/home/dev/project';

/** `analyzeEdit` with the real command engine as its judge (a fixed home folder, the input's workspace). */
export async function analyzeEditJudged(input: EditInput, options: EditOptions = {}): Promise<EditVerdict> {
  shared ??= createCommandAnalyzer();
  const analyzer = await shared;
  const ws = input.context?.workspaceRoot ?? NO_WORKSPACE;
  const ctx = { home: HOME, env: { HOME, PATH: '/usr/bin:/bin' }, cwd: ws, workspaceRoot: ws };
  return withCommandJudge(analyzer, ctx, (commandJudge) => analyzeEdit(input, { ...options, commandJudge }));
}
