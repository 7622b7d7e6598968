/**
 * `blast-radius hook <agent|auto>`: the pre-tool-use hook every supported agent runs before a
 * tool call. Reads the agent's JSON on stdin and prints the answer in the agent's dialect
 * (docs/hooks.md); the judging is core/hooks/answer.ts. `hook git` and `hook judge` are
 * hookGit.ts and hookJudge.ts.
 */
import { answerHook } from '../core/hooks/answer';
import { formatUnreadable } from '../core/hooks/format';
import { AGENTS, isAgentId, type HookOutput } from '../core/hooks/types';
import type { CliIO } from './io';
import type { Subcommand } from './subcommand';

const HELP = `Usage: blast-radius hook <agent>

Reads an agent's pre-tool-use hook input (JSON) on stdin and answers allow / ask / deny in
that agent's own format. Install it with \`blast-radius init\`.

Agents: ${AGENTS.join(', ')}, or auto (detect from the input).

Exit status is 0 with the answer on stdout; 2 (reason on stderr) only when the input could not
be attributed to any agent.

       blast-radius hook git <pre-commit|pre-push>

Run by the git hooks \`blast-radius init --git\` installs: refuses a commit or push with critical
changes. BLAST_RADIUS_SKIP=1 skips the check (printed and recorded).

       blast-radius hook judge [--idle <seconds>] | --stop

The background process that keeps the engines loaded so each hook call answers quickly. The
hook starts it when needed; BLAST_RADIUS_HOOK_JUDGE=off judges every call in its own process.
`;

export const run: Subcommand = async (args, io) => {
  const name = args[0];
  if (name === '--help' || name === '-h') {
    io.out(HELP);
    return 0;
  }
  if (name === 'git') {
    const { runGitHook } = await import('./hookGit.js');
    return runGitHook(args.slice(1), io);
  }
  if (name === 'judge') {
    const { runJudge } = await import('./hookJudge.js');
    return runJudge(args.slice(1), io);
  }
  if (name === undefined || (name !== 'auto' && !isAgentId(name)) || args.length > 1) {
    // A misconfigured hook must not fail open: exit 2 blocks in most agents and says why.
    const got = name === undefined ? 'no agent' : `'${args.join(' ')}'`;
    const out = formatUnreadable(undefined, undefined, `the hook command was given ${got}; expected one of ${AGENTS.join(', ')} or auto`);
    return emit(io, out);
  }
  const input = await io.readStdin();
  const out = await answerHook(name, input);
  return emit(io, out);
};

function emit(io: CliIO, out: HookOutput): number {
  if (out.stdout) io.out(out.stdout);
  if (out.stderr) io.err(out.stderr);
  return out.exitCode;
}
