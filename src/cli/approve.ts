/**
 * `blast-radius approve <id>… | --all-pending [--as-check] [--commit] [--base REV]`: records the
 * current git identity's approval of risky changes that are waiting for sign-off (ids as
 * `blast-radius verify` shows them).
 *
 * Exit codes: 0 every asked-for change got (or, with --as-check, would get) an approval that
 * counts; 1 some could not (already approved by you, not eligible, unknown id, started by an
 * agent); 2 the repository could not be read; 64 usage error.
 *
 * An agent must not approve its own change, however it starts this command (a link or copy of
 * the CLI, `node …/cli.js`, npx, a script, with a variable removed). Two layers: the command
 * engine flags every spelling it can read (guard.self-approve), and this command refuses to
 * write a record when an agent's marker is in its environment, when a coding agent is among its
 * ancestors (their programs, or their markers in the environment each ancestor was started
 * with), or when it is not run at a terminal (its input is not one, or it has no controlling
 * terminal). docs/signoff.md says what this does not catch.
 */
import * as path from 'node:path';
import { notAPerson } from '../core/guard/proof';
import { agentEnvironmentMarker } from '../core/signoff/identity';
import { recordApprovals } from '../core/signoff/recordApprovals';
import { forEachArg, parseOrHelp } from './args';
import { type CliIO, UsageError } from './io';
import { toolVersion } from './build';
import { gitOrExplain } from './output';
import type { Subcommand } from './subcommand';

export const HELP = `Usage: blast-radius approve <id>... [options]
       blast-radius approve --all-pending [options]

Records your approval (your git user.name and user.email) of risky changes on this branch
that are waiting for sign-off, as one file per approval in .blast-radius/reviews/. The ids
are the ones 'blast-radius verify' prints. An approval is bound to the change's content: if
the change is edited later, it needs approving again.

Refused when you already approved the change, when the change needs no more approvals, when
the policy's approvals.seniors list does not include you for a second sign-off, when your
identity is an agent's, or when this command was started by an AI agent or not at a terminal.

Options:
  --all-pending  every change that is short of approvals
  --as-check     only check: say whether your approval would count, write nothing
  --commit       commit the new record files (and only them) after writing them
  --base REV     the branch this one was made from (as for verify)
  --note TEXT    a short note stored with each approval
  --cwd DIR      a folder inside the repository (default: the current one)
  -h, --help     show this help

Without --commit the record files are staged (git add); commit and push them so that
'blast-radius verify' in CI sees them. A change that needs two or more approvals (or a policy
with signoff.requireSignedRecords) counts only approvals committed with your signing key:
--commit then signs the commit (git commit -S); see docs/signoff.md to set up a key.

Exit codes: 0 all approvals recorded (or would count); 1 some were refused; 2 the repository
could not be read; 64 usage error.
`;

interface Options {
  ids: string[];
  allPending: boolean;
  asCheck: boolean;
  commit: boolean;
  base?: string;
  note?: string;
  cwd?: string;
}

export function parseArgs(args: readonly string[]): Options {
  const o: Options = { ids: [], allPending: false, asCheck: false, commit: false };
  forEachArg(args, 'approve', (a) => {
    switch (a.flag) {
      case '--all-pending':
        o.allPending = true;
        break;
      case '--as-check':
        o.asCheck = true;
        break;
      case '--commit':
        o.commit = true;
        break;
      case '--base':
        o.base = a.value();
        break;
      case '--note':
        o.note = a.value();
        break;
      case '--cwd':
        o.cwd = a.value();
        break;
      default:
        if (a.raw.startsWith('-')) throw new UsageError(`unknown argument '${a.raw}'; see 'blast-radius approve --help'.`);
        o.ids.push(a.raw);
    }
  });
  if (o.ids.length === 0 && !o.allPending) throw new UsageError("say what to approve: one or more ids from 'blast-radius verify', or --all-pending.");
  if (o.asCheck && o.commit) throw new UsageError('--as-check writes nothing, so there is nothing to --commit.');
  if (o.note !== undefined && o.note.length > 2000) throw new UsageError('--note is limited to 2000 characters.');
  return o;
}

export const run: Subcommand = async (args, io) => {
  const o = parseOrHelp(() => parseArgs(args), HELP, io);
  if (o === undefined) return 0;
  return approve(o, io, process.env);
};

async function approve(o: Options, io: CliIO, env: Readonly<Record<string, string | undefined>>): Promise<number> {
  const marker = agentEnvironmentMarker(env);
  if (marker !== undefined) {
    io.err(`blast-radius approve: refused: this command was started by an AI agent (${marker} is set); a person must approve from their own terminal or the editor.\n`);
    return 1;
  }
  // --as-check writes nothing: an agent may learn whether an approval would count.
  const why = o.asCheck ? undefined : notAPerson(process.pid, process.stdin.isTTY === true);
  if (why) {
    io.err(`blast-radius approve: refused: ${why}; a person must run it in their own terminal (or approve in the editor). Nothing was written.\n`);
    return 1;
  }
  return gitOrExplain(() =>
    recordApprovals({ cwd: path.resolve(o.cwd ?? process.cwd()), ids: o.ids, allPending: o.allPending, asCheck: o.asCheck, commit: o.commit, toolVersion: toolVersion(), ...(o.base !== undefined ? { base: o.base } : {}), ...(o.note !== undefined ? { note: o.note } : {}) }, io),
  );
}
