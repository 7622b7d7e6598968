/**
 * The workspace policy for the hook, loaded once per process and only when a request needs it.
 * Kept apart from the engines so a command does not load the edit rules, and an edit does not
 * load the shell parser.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_POLICY, type ResolvedPolicy } from '../policy/types';

const policies = new Map<string, Promise<ResolvedPolicy>>();

/** The workspace policy file's name (policy/load.ts has the same; kept here so it loads nothing). */
const DEFAULT_POLICY_FILE = '.blast-radius.json';

/**
 * The policy for a workspace: the defaults tightened by its `.blast-radius.json`. A policy file
 * with problems never loosens anything: its valid tightening entries and the defaults apply.
 */
export function loadPolicy(root: string): Promise<ResolvedPolicy> {
  const known = policies.get(root);
  if (known) return known;
  // Most workspaces have no policy file: skip loading the policy schema (zod) altogether then.
  const p = !fs.existsSync(path.join(root, DEFAULT_POLICY_FILE))
    ? Promise.resolve(DEFAULT_POLICY)
    : import('../policy/load.js').then((m) => m.loadWorkspacePolicy(root)).then(
        (r) => r.policy,
        () => DEFAULT_POLICY,
      );
  policies.set(root, p);
  return p;
}

