import type { AgentId, HookOutput } from '../core/hooks/types';
import { toolVersion } from './build';
import { type CliIO, UsageError, processIO } from './io';
import type { Subcommand } from './subcommand';

interface Entry {
  summary: string;
  load: () => Promise<Subcommand>;
}

/**
 * The subcommand table, one line per command. Each module exports `run: Subcommand` and owns
 * its arguments, help text and exit codes. Modules are loaded only when their command runs.
 */
const SUBCOMMANDS: Record<string, Entry> = {
  check: { summary: 'judge the blast radius of a command line (exit 0 allow, 2 deny, 3 confirm)', load: async () => (await import('./check.js')).run },
  'check-edit': { summary: 'judge a change to a file, or every change against a git revision (exit 0 ok, 3 confirm)', load: async () => (await import('./checkEdit.js')).run },
  version: { summary: 'print the version', load: async () => async (_args, io) => (io.out(`${toolVersion()}\n`), 0) },
  hook: { summary: "answer an agent's pre-tool-use hook (stdin JSON)", load: async () => (await import('./hook.js')).run },
  init: { summary: 'install the agent hooks (or git hooks) into settings', load: async () => (await import('./init.js')).run },
  verify: { summary: 'check that every risky change on the branch has its sign-off (exit 0 ok, 1 missing)', load: async () => (await import('./verify.js')).run },
  approve: { summary: 'record your approval of risky changes waiting for sign-off', load: async () => (await import('./approve.js')).run },
  sandbox: { summary: 'run an agent or a shell under bubblewrap: the workspace writable, the guard\'s files read-only (Linux)', load: async () => (await import('./sandbox.js')).run },
};

/** `name` is one of the subcommands (the launcher keeps a code cache per subcommand, codeCache.ts). */
export function isSubcommand(name: string): boolean {
  return Object.hasOwn(SUBCOMMANDS, name);
}

function usage(): string {
  const names = Object.keys(SUBCOMMANDS).sort();
  const width = Math.max(8, ...names.map((n) => n.length));
  const lines = [
    'Usage: blast-radius <command> [options]',
    '',
    'Judges the blast radius of shell commands and file edits made by AI agents.',
    '',
    'Commands:',
    ...names.map((n) => `  ${n.padEnd(width)}  ${SUBCOMMANDS[n]?.summary ?? ''}`),
    `  ${'help'.padEnd(width)}  show this help`,
    '',
    'Run `blast-radius <command> --help` for a command\'s options.',
    '',
  ];
  return lines.join('\n');
}

export async function main(argv: string[], io: CliIO = processIO): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    io.out(usage());
    return name === undefined ? 64 : 0;
  }
  if (name === '--version' || name === '-v') {
    io.out(`${toolVersion()}\n`);
    return 0;
  }
  const entry = SUBCOMMANDS[name];
  if (!entry) {
    io.err(`blast-radius: unknown command '${name}'. Run 'blast-radius help' for the list.\n`);
    return 64;
  }
  try {
    const run = await entry.load();
    return await run(rest, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`blast-radius ${name}: ${e.message}\n`);
      return e.code;
    }
    io.err(`blast-radius ${name}: internal error: ${e instanceof Error ? e.message : String(e)}\n`);
    return 70;
  }
}

/** The agent's fail-closed answer to a hook call nothing judged within the budget (the launcher's last resort). */
export async function answerNotJudged(agent: AgentId | 'auto', input: string, budgetMs: number): Promise<HookOutput> {
  const { answerNotJudged: answer } = await import('../core/hooks/answer.js');
  return answer(agent, input, budgetMs);
}
