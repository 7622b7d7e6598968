/**
 * The workspace policy for the hook, loaded only when a request needs it.
 * Kept apart from the engines so a command does not load the edit rules, and an edit does not
 * load the shell parser.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_POLICY_FILE, loadWorkspacePolicy } from '../policy/load';
import { DEFAULT_POLICY, type ResolvedPolicy } from '../policy/types';

/** Loaded policies by workspace root, with the policy file's stamp when they were read. */
const policies = new Map<string, { stamp: string; policy: Promise<ResolvedPolicy> }>();

/** Size and modification time of the policy file ('' when there is none): a change means reload. */
function stampOf(file: string): string {
  try {
    const st = fs.statSync(file);
    return `${st.size}:${st.mtimeMs}:${st.ino}`;
  } catch {
    return '';
  }
}

/**
 * The policy for a workspace: the defaults tightened by its `.blast-radius.json`. A policy file
 * with problems never loosens anything: its valid tightening entries and the defaults apply.
 * Reread when the file changes, so a long-running judge (hookJudge.ts) follows edits to it.
 */
export function loadPolicy(root: string): Promise<ResolvedPolicy> {
  const stamp = stampOf(path.join(root, DEFAULT_POLICY_FILE));
  const known = policies.get(root);
  if (known && known.stamp === stamp) return known.policy;
  // Most workspaces have no policy file: skip loading the policy schema (zod) altogether then.
  const policy =
    stamp === ''
      ? Promise.resolve(DEFAULT_POLICY)
      : loadWorkspacePolicy(root).then(
          (r) => r.policy,
          () => DEFAULT_POLICY,
        );
  policies.set(root, { stamp, policy });
  return policy;
}
