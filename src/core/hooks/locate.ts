/**
 * Where a hook call happens: the tool call's working directory and the workspace it belongs to
 * (where the policy file and the editor's discovery file are looked up), and the request's
 * paths as the model reads them in a reason (relative to the workspace).
 */
import * as path from 'node:path';
import { findWorkspaceRoot, isInside } from '../policy/load';
import type { NormalizedRequest } from './types';

/** Where the hook runs: its working directory and environment (the judge gets them from the caller). */
export interface HookPlace {
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
}

export interface Location {
  /** Working directory of the tool call (absolute). */
  cwd: string;
  /** Workspace root: paths are shown relative to it, the editor's discovery file is looked up from it. */
  root: string;
  /**
   * The folder the agent was opened on, when it says so (workspace roots, project folder): its
   * policy applies wherever the call runs, with every policy file between it and `cwd`
   * (`policyFilesAt`). Without it, the outermost repository above `cwd` is the top.
   */
  opened?: string;
}

/** Environment variables in which agents name the folder they were opened on. */
const PROJECT_DIR_VARS = ['CLAUDE_PROJECT_DIR', 'GEMINI_PROJECT_DIR'] as const;

/**
 * The tool call's folder (the request's own, else the agent's project folder, else the hook's)
 * and its workspace: the agent's workspace root that holds the folder (else its first), else
 * its project folder, else the nearest folder with a policy file or a repository. A `git init`
 * below the opened folder does not change which policy applies (see `policyFilesAt`).
 */
export function locate(req: NormalizedRequest, place: HookPlace): Location {
  const named = PROJECT_DIR_VARS.map((v) => place.env[v]).find((v) => v !== undefined && v !== '');
  const project = named !== undefined ? path.resolve(place.cwd, named) : undefined;
  const cwd = path.resolve(place.cwd, req.cwd ?? project ?? place.cwd);
  const roots = (req.workspaceRoots ?? []).map((r) => path.resolve(cwd, r));
  const opened = roots.find((r) => isInside(cwd, r)) ?? roots[0] ?? project;
  const root = opened ?? findWorkspaceRoot(cwd);
  return { cwd, root, ...(opened !== undefined ? { opened } : {}) };
}

/** `file` relative to `root` with forward slashes, or as given when it is outside `root`. */
export function relativeTo(root: string, file: string): string {
  const rel = path.relative(root, file);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel.split(path.sep).join('/') : file;
}

/** The request with its file paths relative to the workspace, for the reason the model reads. */
export function shownPaths(req: NormalizedRequest, where: Location): NormalizedRequest {
  const rel = (p: string): string => relativeTo(where.root, path.resolve(where.cwd, p));
  switch (req.kind) {
    case 'write':
    case 'edit':
    case 'fragment':
    case 'notebook':
      return { ...req, path: rel(req.path) };
    case 'files':
      return { ...req, changes: req.changes.map((c) => ({ ...c, path: rel(c.path) })) };
    default:
      return req;
  }
}
