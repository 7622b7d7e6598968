/**
 * The policy for the hook, loaded only when a request needs it.
 * Kept apart from the engines so a command does not load the edit rules, and an edit does not
 * load the shell parser.
 */
import { DEFAULT_POLICY_FILE, loadPolicyAt, policyFilesAt } from '../policy/load';
import { formatProblem } from '../policy/messages';
import type { ResolvedResult } from '../policy/resolve';
import { fileStamp, systemPolicyStamp } from '../policy/system';
import { DEFAULT_POLICY, type ResolvedPolicy } from '../policy/types';
import { relativeTo, type Location } from './locate';

/** Loaded policies by the files that make them, with the files' stamps when they were read. */
const policies = new Map<string, { stamp: string; result: Promise<ResolvedResult> }>();

function keyOf(where: Pick<Location, 'cwd' | 'opened'>): { files: string[]; key: string } {
  const files = policyFilesAt(where.cwd, where.opened);
  return { files, key: files.join('\0') };
}

/**
 * The policy where a call happens: the system policy, then every policy file that applies at
 * the call's folder in the workspace the agent was opened on (`policyFilesAt`), tighten-only.
 * A policy file with problems never loosens anything: its valid tightening entries and the
 * defaults apply. Reread when a file changes, so a long-running judge (hookJudge.ts) follows
 * edits to them.
 */
export function loadPolicy(where: Pick<Location, 'cwd' | 'opened'>): Promise<ResolvedPolicy> {
  return loadResult(where).then((r) => r.policy);
}

function loadResult(where: Pick<Location, 'cwd' | 'opened'>): Promise<ResolvedResult> {
  const { files, key } = keyOf(where);
  const stamp = `${systemPolicyStamp()}|${files.map(fileStamp).join('|')}`;
  const known = policies.get(key);
  if (known && known.stamp === stamp) return known.result;
  const defaults: ResolvedResult = { policy: DEFAULT_POLICY, problems: [] };
  // Most workspaces have no policy file at all: skip loading the policy schema (zod) then.
  const result = /^[|]*$/.test(stamp)
    ? Promise.resolve(defaults)
    : loadPolicyAt(where.cwd, where.opened !== undefined ? { opened: where.opened } : {}).catch(() => defaults);
  policies.set(key, { stamp, result });
  return result;
}

/**
 * Rule ids in the policies where a call happens that name no rule, one line each with the id
 * probably meant and the file it is in (relative to the workspace), for the hook's stderr; none
 * when this process has not loaded those policies.
 */
export async function unknownRuleNotes(where: Location): Promise<string[]> {
  const known = policies.get(keyOf(where).key);
  if (!known) return [];
  const { problems } = await known.result;
  return problems.filter((p) => p.ruleRef).map((p) => formatProblem(p, p.file !== undefined ? relativeTo(where.root, p.file) : DEFAULT_POLICY_FILE));
}
