/**
 * Reading the workspace's policy file (`.blast-radius.json` by default). The file is always
 * workspace-supplied: it may only tighten the user's policy.
 *
 * The parser and the schema (zod) are loaded only when a file exists, so a short-lived process
 * (an agent hook) in a workspace without a policy file never pays for them.
 */
import { existsSync, promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { ParsedPolicy, ResolvedResult } from './resolve';
import { DEFAULT_POLICY, type PolicyProblem } from './types';

/** The policy file name looked for in a workspace folder. */
export const DEFAULT_POLICY_FILE = '.blast-radius.json';

/** How many folders up `findWorkspaceRoot` looks before it gives up. */
const MAX_ROOT_DEPTH = 64;

/**
 * The workspace a folder belongs to when no editor says so (the CLI, agent hooks): the nearest
 * folder at or above `dir` with a policy file or a repository (`.git`); else `dir` itself.
 */
export function findWorkspaceRoot(dir: string): string {
  let d = dir;
  for (let i = 0; i < MAX_ROOT_DEPTH; i++) {
    if (existsSync(path.join(d, DEFAULT_POLICY_FILE)) || existsSync(path.join(d, '.git'))) return d;
    const up = path.dirname(d);
    if (up === d) break;
    d = up;
  }
  return dir;
}

/** Policy files larger than this are refused (a policy is a few kilobytes). */
export const MAX_POLICY_FILE_BYTES = 1024 * 1024;

/**
 * Reads and validates a policy file. A missing file is an empty, valid policy; a file that
 * cannot be read (a directory, no permission, too large) is a problem. Never throws.
 */
export async function loadPolicyFile(file: string): Promise<ParsedPolicy> {
  const empty = (message?: string): ParsedPolicy => ({
    source: 'file',
    origin: 'document',
    document: {},
    valid: message === undefined,
    problems: message === undefined ? [] : [{ source: 'file', path: '', message }],
  });
  try {
    const stat = await fs.stat(file);
    if (!stat.isFile()) return empty(`${file} is not a regular file; remove it or point blastRadius.policyFile at a file`);
    if (stat.size > MAX_POLICY_FILE_BYTES) return empty(`${file} is larger than ${MAX_POLICY_FILE_BYTES} bytes; a policy file should be a few kilobytes`);
    return await parsePolicyFileText(await fs.readFile(file, 'utf8'));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException | undefined)?.code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return empty();
    const why = code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code ?? (e instanceof Error ? e.message : 'unknown error');
    return empty(`cannot read ${file} (${why}); check its permissions`);
  }
}

/** A policy file's text, parsed and validated, with its rule ids that name no rule among its problems. */
export async function parsePolicyFileText(text: string): Promise<ParsedPolicy> {
  const { parsePolicyDocument } = await import('./resolve.js');
  const parsed = parsePolicyDocument(text, 'file');
  if (parsed.document.disabledRules?.length || parsed.document.edits?.disabledRules?.length) {
    // Each with the id probably meant (this reads the rule registries, so only when there are ids).
    const { ruleRefProblems } = await import('./ruleRefs.js');
    parsed.problems.push(...ruleRefProblems(parsed, withoutBom(text)));
  }
  return parsed;
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

function withoutBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/**
 * The policy for a workspace when no settings are at hand (the CLI, agent hooks): the defaults
 * tightened by the workspace's policy file. An empty `fileName` reads no file. Never throws.
 */
export async function loadWorkspacePolicy(root: string, fileName: string = DEFAULT_POLICY_FILE): Promise<ResolvedResult> {
  if (fileName.trim() === '') return { policy: DEFAULT_POLICY, problems: [] };
  const parsed = await loadPolicyFile(path.resolve(root, fileName));
  if (parsed.valid && Object.keys(parsed.document).length === 0) return { policy: DEFAULT_POLICY, problems: [] };
  const { resolvePolicy } = await import('./resolve.js');
  return resolvePolicy([parsed]);
}
