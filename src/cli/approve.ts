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
import { planApprovals } from '../core/signoff/approve';
import { authorIdentity, commitPaths, dirtyPaths, stagePaths } from '../core/signoff/git';
import { notAPerson } from '../core/guard/proof';
import { agentEnvironmentMarker, formatIdentity, type Identity } from '../core/signoff/identity';
import { recordPath, writeRecord } from '../core/signoff/record';
import { needsSignedRecords } from '../core/signoff/verify';
import { forEachArg, parseOrHelp } from './args';
import { type CliIO, UsageError } from './io';
import { toolVersion } from './build';
import { gitOrExplain } from './output';
import { collectOrExplain } from './signoff';
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
  const report = collectOrExplain(path.resolve(o.cwd ?? process.cwd()), o.base, true);
  const who: Identity = gitOrExplain(() => authorIdentity(report.root));
  const plan = planApprovals(report.outcome.results, report.records, {
    ids: o.ids,
    allPending: o.allPending,
    who,
    tool: { name: 'blast-radius', version: toolVersion() },
    commit: report.head,
  });
  if (o.note !== undefined) for (const a of plan.approve) a.record.note = o.note;

  for (const u of plan.unknown) io.err(`blast-radius approve: ${u.reason}\n`);
  for (const r of plan.refused) io.err(`blast-radius approve: ${r.result.change.id} ${r.result.change.file}:${r.result.change.line} not approved: ${r.reason}\n`);
  if (o.allPending && o.ids.length === 0 && plan.approve.length === 0 && plan.refused.length === 0) {
    io.out('Nothing is waiting for sign-off on this branch.\n');
    return 0;
  }

  const lines: string[] = [];
  for (const a of plan.approve) {
    const c = a.result.change;
    lines.push(`  ${c.id}  ${c.file}:${c.line}${c.side === 'before' ? ' (removed)' : ''}  ${c.severity}  ${c.ruleId}  ${a.result.have + 1}/${a.result.required}`);
    lines.push(`      ${c.message}`);
  }
  if (o.asCheck) {
    if (plan.approve.length > 0) io.out(`Your approval (${formatIdentity(who)}) would count for:\n${lines.join('\n')}\n`);
    return plan.refused.length + plan.unknown.length > 0 ? 1 : 0;
  }
  if (plan.approve.length === 0) return 1;

  const dirty = gitOrExplain(() => dirtyPaths(report.root, [...new Set(plan.approve.map((a) => a.result.change.file))]));
  if (dirty.length > 0) {
    io.err(`blast-radius approve: note: ${dirty.join(', ')} ${dirty.length === 1 ? 'has' : 'have'} uncommitted changes; you are approving the committed content (HEAD ${report.head.slice(0, 10)}).\n`);
  }
  const written: string[] = [];
  for (const a of plan.approve) {
    try {
      written.push(writeRecord(report.root, a.record));
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      io.err(`blast-radius approve: could not write ${recordPath(a.record)} (${code ?? 'error'}); check that the folder is writable.\n`);
    }
  }
  if (written.length === 0) return 1;
  io.out(`Approved as ${formatIdentity(who)}:\n${lines.join('\n')}\n`);
  const sign = plan.approve.some((a) => needsSignedRecords(a.result.policy, a.result.required));
  if (o.commit) {
    const ids = plan.approve.map((a) => a.result.change.id);
    const commit = gitOrExplain(() => commitPaths(report.root, written, `Sign off ${ids.length === 1 ? ids[0] : `${ids.length} risky changes`} (blast-radius approve)\n\n${ids.map((id) => `Approved: ${id}`).join('\n')}\n`, undefined, sign));
    io.out(`Committed ${written.length} record file${written.length === 1 ? '' : 's'} in ${commit.slice(0, 10)}; push to share them.\n`);
  } else {
    gitOrExplain(() => stagePaths(report.root, written));
    io.out(`Staged ${written.length} record file${written.length === 1 ? '' : 's'} in ${path.posix.dirname(written[0]!)}; commit${sign ? ' (signed: these approvals count only from a commit signed with your key)' : ''} and push them:\n  git commit${sign ? ' -S' : ''} -m "Sign off risky changes" -- ${written.join(' ')}\n`);
  }
  return plan.refused.length + plan.unknown.length + (plan.approve.length - written.length) > 0 ? 1 : 0;
}
