/**
 * Finding and reading policies when no editor resolves them (the CLI, agent hooks, the hook
 * judge): the system policy (`system.ts`), then every `.blast-radius.json` that applies where a
 * command runs, all of them workspace-supplied and tighten-only.
 *
 * Which files apply at a folder: those of the workspace the agent was opened on (its project
 * folder, the editor's folder) and of every folder between it and the working folder; without
 * such a folder, those of the OUTERMOST repository or policy folder above the working folder and
 * every folder down to it. A `git init` (or an empty `.blast-radius.json`) in a subfolder therefore
 * adds a layer that can only tighten; it never hides the policy above it.
 *
 * The parser and the schema (zod) are loaded only when a file exists, so a short-lived process
 * (an agent hook) in a workspace without a policy file never pays for them.
 */
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import type { ParsedPolicy, ResolvedResult } from './resolve';
import { loadPolicyFile, parsePolicyFileText, withoutBom } from './file';
import { DEFAULT_POLICY, type PolicyProblem } from './types';

export { MAX_POLICY_FILE_BYTES, loadPolicyFile, parsePolicyFileText } from './file';

/** The policy file name looked for in a workspace folder. */
export const DEFAULT_POLICY_FILE = '.blast-radius.json';

function marks(dir: string, fileName: string): boolean {
  return existsSync(path.join(dir, fileName)) || existsSync(path.join(dir, '.git'));
}

/**
 * `dir` and every folder above it up to the root, nearest first. No depth limit: a limit would
 * let a working folder deep enough below the workspace escape its policy.
 */
function upwards(dir: string): string[] {
  const out: string[] = [];
  let d = path.resolve(dir);
  for (;;) {
    out.push(d);
    const up = path.dirname(d);
    if (up === d) return out;
    d = up;
  }
}

/** True when `dir` is `top` or inside it. */
export function isInside(dir: string, top: string): boolean {
  const rel = path.relative(path.resolve(top), path.resolve(dir));
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/**
 * The workspace a folder belongs to when no editor says so, for what the command engine calls
 * "inside the workspace" and for finding the editor: the nearest folder at or above `dir` with a
 * policy file or a repository (`.git`); else `dir` itself. (The nearest is the stricter choice
 * there: paths above it count as outside. Policies are found with `policyFilesAt`, which never
 * stops at the nearest.)
 */
export function findWorkspaceRoot(dir: string): string {
  return upwards(dir).find((d) => marks(d, DEFAULT_POLICY_FILE)) ?? dir;
}

/** The outermost folder at or above `dir` with a policy file or a repository; else `dir`. */
export function findOutermostRoot(dir: string, fileName: string = DEFAULT_POLICY_FILE): string {
  let found: string | undefined;
  for (const d of upwards(dir)) if (marks(d, fileName)) found = d;
  return found ?? path.resolve(dir);
}

/**
 * The problems of a policy file's text that its JSON schema cannot show, each at its position:
 * rule ids that name no rule, and entries a workspace file may not use (it may only tighten).
 * Syntax and schema errors are left out: the editor reports those from the contributed schema.
 * For the editor's Problems panel. Never throws.
 */
export async function policyFileProblems(text: string): Promise<PolicyProblem[]> {
  const parsed = await parsePolicyFileText(text);
  const { locateProblems, mergePolicies } = await import('./resolve.js');
  const refused = mergePolicies(DEFAULT_POLICY, parsed, 'file').problems.slice(parsed.problems.length);
  return locateProblems([...parsed.problems.filter((p) => p.ruleRef), ...refused], withoutBom(text));
}

/**
 * The policy files that apply at `dir`, outermost first (existing or not; a missing one is an
 * empty layer): the opened workspace's (`opened`, when given) and every folder's from the top
 * down to `dir`, where the top is `opened` when `dir` is inside it, else the outermost repository
 * or policy folder above `dir`. An empty `fileName` reads no file.
 */
export function policyFilesAt(dir: string, opened?: string, fileName: string = DEFAULT_POLICY_FILE): string[] {
  if (fileName.trim() === '') return [];
  const here = path.resolve(dir);
  const inOpened = opened !== undefined && isInside(here, opened);
  const top = inOpened ? path.resolve(opened) : findOutermostRoot(here, fileName);
  const chain = upwards(here);
  const cut = chain.indexOf(top);
  const folders = (cut >= 0 ? chain.slice(0, cut + 1) : [here]).reverse();
  if (opened !== undefined && !inOpened) folders.unshift(path.resolve(opened));
  return [...new Set(folders.map((f) => path.resolve(f, fileName)))];
}

/**
 * The policy for a workspace when no settings are at hand: the defaults tightened by the
 * workspace's policy file. An empty `fileName` reads no file. Never throws.
 */
export async function loadWorkspacePolicy(root: string, fileName: string = DEFAULT_POLICY_FILE): Promise<ResolvedResult> {
  if (fileName.trim() === '') return { policy: DEFAULT_POLICY, problems: [] };
  return resolveFiles([path.resolve(root, fileName)], []);
}

export interface PolicyAtOptions {
  /** The folder the editor or agent was opened on, when known. */
  opened?: string;
  /** The policy file name (default `.blast-radius.json`; empty reads none). */
  fileName?: string;
  /** Extra policy files (the CLI's `--policy`), tighten-only, applied last. */
  extra?: readonly string[];
  /** The system layers (default: read with `loadSystemPolicy`). */
  system?: readonly ParsedPolicy[];
}

/**
 * The policy in force at `dir` when no editor resolves it (the CLI, agent hooks, the hook
 * judge): the system policy, then every policy file that applies at `dir` (`policyFilesAt`),
 * then `extra`; everything but a protected system policy tighten-only. Never throws.
 */
export async function loadPolicyAt(dir: string, options: PolicyAtOptions = {}): Promise<ResolvedResult> {
  const files = [...policyFilesAt(dir, options.opened, options.fileName), ...(options.extra ?? []).map((f) => path.resolve(f))];
  const system = options.system ?? (await (await import('./system.js')).loadSystemPolicy());
  return resolveFiles(files, system);
}

async function resolveFiles(files: readonly string[], system: readonly ParsedPolicy[]): Promise<ResolvedResult> {
  const layers = [...system];
  for (const f of files) {
    const parsed = await loadPolicyFile(f);
    // most folders have no policy file: skip the schema (zod) and the merge altogether then
    if (parsed.valid && Object.keys(parsed.document).length === 0 && parsed.problems.length === 0) continue;
    layers.push(parsed);
  }
  if (layers.length === 0) return { policy: DEFAULT_POLICY, problems: [] };
  const { resolvePolicy } = await import('./resolve.js');
  return resolvePolicy(layers);
}
