/**
 * Tools started through a package runner (`npx prisma migrate reset`, `pnpm exec cdk destroy`,
 * `bundle exec rake`, `uv run`): a view of the command with the tool as its program, so the
 * tool's rules see it.
 */
import type { SimpleCommand } from '../shell/model';
import { own } from '../own';

const RUNNERS: Readonly<Record<string, readonly string[]>> = {
  npx: ['-p', '--package', '-c', '--call'],
  bunx: ['-p', '--package'],
  pnpx: [],
  'pnpm': ['-C', '--dir', '--filter', '-F'],
  yarn: ['--cwd'],
  bun: ['--cwd', '-c', '--config'],
  uvx: ['--from', '--with', '-p', '--python'],
  pipx: [],
  bundle: [],
  poetry: ['-C', '--directory'],
  uv: ['--directory', '--project', '-p', '--python', '--with'],
};

/**
 * The tool a package runner starts: `npx prisma migrate reset` → a view with program `prisma`;
 * `pnpm exec cdk destroy`, `yarn dlx`, `bundle exec rake`, `poetry run`, `uv run`, `bun x`.
 * Returns undefined when `cmd` is not a runner or names no tool.
 */
export function runnerTool(cmd: SimpleCommand): SimpleCommand | undefined {
  const opts = own(RUNNERS, cmd.program);
  if (!opts) return undefined;
  const a = cmd.args;
  let i = 0;
  while (i < a.length) {
    const t = a[i]!.text;
    if (t === '--') {
      i++;
      break;
    }
    if (t.startsWith('-')) {
      i += opts.includes(t) ? 2 : 1;
      continue;
    }
    break;
  }
  let first = a[i];
  if (!first) return undefined;
  const explicitRun = ['exec', 'dlx', 'run', 'x'];
  if (cmd.program === 'pipx' || cmd.program === 'bundle' || cmd.program === 'poetry' || cmd.program === 'uv') {
    if (!explicitRun.includes(first.text)) return undefined;
    i++;
  } else if (cmd.program === 'pnpm' || cmd.program === 'yarn' || cmd.program === 'bun') {
    if (explicitRun.includes(first.text)) i++;
    else if (cmd.program === 'bun') return undefined;
  }
  while (a[i] && a[i]!.text.startsWith('-') && cmd.program !== 'yarn' && cmd.program !== 'pnpm') i++;
  first = a[i];
  if (!first || first.dynamic) return undefined;
  let name = first.text;
  // npx prisma@5 → prisma; npx @scope/tool → tool
  const at = name.lastIndexOf('@');
  if (at > 0) name = name.slice(0, at);
  const slash = name.lastIndexOf('/');
  if (slash >= 0) name = name.slice(slash + 1);
  if (name === 'aws-cdk') name = 'cdk';
  return { ...cmd, program: name, name: first, args: a.slice(i + 1) };
}

/** The command itself, or the tool it starts through a package runner, when its program is one of `programs`. */
export function asTool(cmd: SimpleCommand, programs: readonly string[]): SimpleCommand | undefined {
  if (programs.includes(cmd.program)) return cmd;
  const t = runnerTool(cmd);
  return t && programs.includes(t.program) ? t : undefined;
}

/** Program names a rule must listen to so it also sees tools started through a package runner. */
export const RUNNER_PROGRAMS: readonly string[] = Object.keys(RUNNERS);
