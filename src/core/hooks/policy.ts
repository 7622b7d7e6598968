/**
 * The workspace policy for the hook, loaded only when a request needs it.
 * Kept apart from the engines so a command does not load the edit rules, and an edit does not
 * load the shell parser.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_POLICY_FILE, loadWorkspacePolicy } from '../policy/load';
import { formatProblem } from '../policy/messages';
import type { ResolvedResult } from '../policy/resolve';
import { DEFAULT_POLICY, type ResolvedPolicy } from '../policy/types';

/** Loaded policies by workspace root, with the policy file's stamp when they were read. */
const policies = new Map<string, { stamp: string; result: Promise<ResolvedResult> }>();

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
  return loadResult(root).then((r) => r.policy);
}

function loadResult(root: string): Promise<ResolvedResult> {
  const stamp = stampOf(path.join(root, DEFAULT_POLICY_FILE));
  const known = policies.get(root);
  if (known && known.stamp === stamp) return known.result;
  const defaults: ResolvedResult = { policy: DEFAULT_POLICY, problems: [] };
  // Most workspaces have no policy file: skip loading the policy schema (zod) altogether then.
  const result =
    stamp === ''
      ? Promise.resolve(defaults)
      : loadWorkspacePolicy(root).catch(() => defaults);
  policies.set(root, { stamp, result });
  return result;
}

/**
 * Rule ids in the workspace's policy file that name no rule, one line each with the id probably
 * meant (for the hook's stderr); none when this process has not loaded that policy.
 */
export async function unknownRuleNotes(root: string): Promise<string[]> {
  const known = policies.get(root);
  if (!known) return [];
  const { problems } = await known.result;
  return problems.filter((p) => p.ruleRef).map((p) => formatProblem(p, DEFAULT_POLICY_FILE));
}
