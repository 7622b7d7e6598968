/**
 * The policy for the hook, loaded only when a request needs it.
 * Kept apart from the engines so a command does not load the edit rules, and an edit does not
 * load the shell parser.
 */
import { loadPolicyAt, policyFilesAt } from '../policy/load';
import { fileStamp, systemPolicyStamp } from '../policy/system';
import { DEFAULT_POLICY, type ResolvedPolicy } from '../policy/types';
import type { Location } from './locate';

/** Loaded policies by the files that make them, with the files' stamps when they were read. */
const policies = new Map<string, { stamp: string; policy: Promise<ResolvedPolicy> }>();

/**
 * The policy where a call happens: the system policy, then every policy file that applies at
 * the call's folder in the workspace the agent was opened on (`policyFilesAt`), tighten-only.
 * A policy file with problems never loosens anything: its valid tightening entries and the
 * defaults apply. Reread when a file changes, so a long-running judge (hookJudge.ts) follows
 * edits to them.
 */
export function loadPolicy(where: Pick<Location, 'cwd' | 'opened'>): Promise<ResolvedPolicy> {
  const files = policyFilesAt(where.cwd, where.opened);
  const key = files.join('\0');
  const stamp = `${systemPolicyStamp()}|${files.map(fileStamp).join('|')}`;
  const known = policies.get(key);
  if (known && known.stamp === stamp) return known.policy;
  // Most workspaces have no policy file at all: skip loading the policy schema (zod) then.
  const policy = /^[|]*$/.test(stamp)
    ? Promise.resolve(DEFAULT_POLICY)
    : loadPolicyAt(where.cwd, where.opened !== undefined ? { opened: where.opened } : {}).then(
        (r) => r.policy,
        () => DEFAULT_POLICY,
      );
  policies.set(key, { stamp, policy });
  return policy;
}
