/**
 * What the sandbox opens for writing and what it keeps read-only inside what it opens: the one
 * list of the places Blast Radius, the agents and the shells read their configuration from.
 *
 * Everything outside the writable places is read-only anyway (the sandbox binds `/` read-only),
 * so a protection only matters inside a writable place: the workspace, an agent's own folders in
 * the home folder, or a folder given with `--allow-write`. A protected place that does not exist
 * cannot be bound over without making it: folders that are all configuration are created empty
 * for the session (and removed when it ends if still empty); the agents' settings files that
 * accept an empty form are created with it; the others are reported (`SandboxLayout.uncovered`).
 *
 * docs/security.md ("A hard boundary") lists the same places for people.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Env } from '../guard/runtimeDir';
import { REVIEWS_DIR } from '../signoff/reviewsDir';

/** Why a place is protected, as the sandbox says it to a person. */
export type ProtectedKind = 'policy' | 'agent hooks' | 'git hooks' | 'startup file' | 'editor settings' | 'review records' | 'Blast Radius';

export interface Protected {
  /** Absolute path. */
  path: string;
  kind: ProtectedKind;
  /**
   * When missing: a folder is made empty, a file with this text; `harmless` when a new one can
   * only tighten (a policy) or is confirmed by its program before it counts; otherwise reported.
   */
  missing?: { dir: true } | { text: string } | 'harmless';
}

/** Folders in the workspace that are all configuration: created when missing, kept read-only. */
const WORKSPACE_CONFIG_DIRS: readonly [string, ProtectedKind][] = [
  ['.claude', 'agent hooks'],
  ['.codex', 'agent hooks'],
  ['.cursor', 'agent hooks'],
  ['.gemini', 'agent hooks'],
  ['.github/hooks', 'agent hooks'],
  [REVIEWS_DIR, 'review records'],
];

/**
 * Files in the workspace kept read-only when they exist. A new one is harmless: a policy or
 * workspace settings can only tighten Blast Radius, VS Code asks before it trusts workspace
 * settings, Claude Code before it starts a project's MCP servers.
 */
const WORKSPACE_FILES: readonly [string, ProtectedKind][] = [
  ['.blast-radius.json', 'policy'],
  ['.vscode/blast-radius.json', 'policy'],
  ['.vscode/settings.json', 'editor settings'],
  ['.mcp.json', 'agent hooks'],
];

/** Startup files and configuration in the home folder that run code in later shells and tools. */
const HOME_FILES: readonly string[] = [
  '.bashrc',
  '.bash_profile',
  '.bash_login',
  '.bash_logout',
  '.profile',
  '.inputrc',
  '.zshenv',
  '.zprofile',
  '.zshrc',
  '.zlogin',
  '.zlogout',
  '.gitconfig',
];
const HOME_DIRS: readonly [string, ProtectedKind][] = [
  ['.config/fish', 'startup file'],
  ['.config/git', 'startup file'],
  ['.config/blast-radius', 'Blast Radius'],
  ['.config/Code/User', 'editor settings'],
  ['.config/Code - Insiders/User', 'editor settings'],
  ['.config/VSCodium/User', 'editor settings'],
  ['.config/code-server', 'editor settings'],
  ['.local/share/code-server', 'editor settings'],
  ['.vscode/extensions', 'editor settings'],
  ['.vscode-server', 'editor settings'],
  ['.copilot/hooks', 'agent hooks'],
];

/** The agents' own settings files that configure their hooks (in the home folder). */
const HOME_AGENT_FILES: readonly { rel: string; empty?: string }[] = [
  // Claude Code and Gemini CLI read `{}` as "no settings"; Codex reads an empty config.toml.
  { rel: '.claude/settings.json', empty: '{}\n' },
  { rel: '.claude/settings.local.json' },
  { rel: '.claude/hooks' },
  { rel: '.gemini/settings.json', empty: '{}\n' },
  { rel: '.codex/config.toml', empty: '' },
  { rel: '.codex/hooks.json' },
  { rel: '.cursor/hooks.json' },
  { rel: '.cursor/mcp.json' },
  { rel: '.cursor/extensions' },
];

/** Folders in the home folder the sandbox hides (an agent inside cannot sign as you or log in as you). */
export const HIDDEN_HOME_DIRS: readonly string[] = ['.ssh', '.gnupg'];

/**
 * Agents the sandbox knows: the places of their own they write, relative to the home folder
 * (folders are created when missing; a file is opened only when it exists).
 */
export const AGENT_FOLDERS = {
  claude: ['.claude/', '.claude.json', '.local/state/claude/'],
  codex: ['.codex/'],
  gemini: ['.gemini/'],
  cursor: ['.cursor/'],
  copilot: ['.copilot/'],
} as const satisfies Record<string, readonly string[]>;

export type SandboxAgent = keyof typeof AGENT_FOLDERS;

export const SANDBOX_AGENTS = Object.keys(AGENT_FOLDERS) as SandboxAgent[];

/** The agent a command runs, by its program's name (`claude`, `cursor-agent`, …). */
export function agentOfCommand(program: string): SandboxAgent | undefined {
  const name = path.basename(program);
  if (name === 'cursor-agent') return 'cursor';
  return (SANDBOX_AGENTS as readonly string[]).includes(name) ? (name as SandboxAgent) : undefined;
}

/** The real path of `p`, or `p` resolved when it does not exist. */
export function realOrResolved(p: string): string {
  try {
    return fs.realpathSync(p);
  } catch {
    return path.resolve(p);
  }
}

/** `inner` is `outer` or inside it. */
export function within(inner: string, outer: string): boolean {
  return inner === outer || inner.startsWith(outer.endsWith('/') ? outer : `${outer}/`);
}

export interface PlacesInput {
  workspace: string;
  home: string;
  env: Env;
  /** The Blast Radius installation that runs (holds dist/ and media/). */
  installRoot: string;
  /** The repositories of the workspace: git's common folders, worktree folders and core.hooksPath (from git). */
  git: GitPlaces;
  agent?: SandboxAgent;
}

export interface GitPlaces {
  /** `git rev-parse --show-toplevel`: where the policy and the review records of the repository are. */
  topLevel?: string;
  /** `git rev-parse --git-common-dir`, absolute. */
  commonDir?: string;
  /** `git rev-parse --git-dir`, absolute (a worktree's own folder). */
  gitDir?: string;
  /** `core.hooksPath`, absolute. */
  hooksPath?: string;
}

/** Every protected place, whether or not it is inside a writable place. */
export function protectedPlaces(p: PlacesInput): Protected[] {
  const out: Protected[] = [];
  const add = (abs: string, kind: ProtectedKind, missing?: Protected['missing']): void => {
    out.push(missing ? { path: abs, kind, missing } : { path: abs, kind });
  };
  for (const root of new Set([p.workspace, p.git.topLevel].filter((d): d is string => d !== undefined))) {
    for (const [rel, kind] of WORKSPACE_CONFIG_DIRS) add(path.join(root, rel), kind, { dir: true });
    for (const [rel, kind] of WORKSPACE_FILES) add(path.join(root, rel), kind, 'harmless');
  }
  for (const dir of new Set([p.git.commonDir, p.git.gitDir].filter((d): d is string => d !== undefined))) {
    add(path.join(dir, 'hooks'), 'git hooks', { dir: true });
    add(path.join(dir, 'config'), 'git hooks', 'harmless');
    // (read only when git's config, which is protected, turns extensions.worktreeConfig on)
    add(path.join(dir, 'config.worktree'), 'git hooks', 'harmless');
  }
  if (p.git.hooksPath) add(p.git.hooksPath, 'git hooks', { dir: true });
  for (const rel of HOME_FILES) add(path.join(p.home, rel), 'startup file');
  for (const [rel, kind] of HOME_DIRS) add(path.join(p.home, rel), kind, { dir: true });
  for (const f of HOME_AGENT_FILES) add(path.join(p.home, f.rel), 'agent hooks', f.empty !== undefined ? { text: f.empty } : undefined);
  const config = p.env['XDG_CONFIG_HOME'];
  if (config && path.isAbsolute(config)) {
    add(path.join(config, 'fish'), 'startup file', { dir: true });
    add(path.join(config, 'git'), 'startup file', { dir: true });
  }
  // zsh reads its startup files from ZDOTDIR (the guard keeps the person's in BLAST_RADIUS_USER_ZDOTDIR)
  for (const z of [p.env['BLAST_RADIUS_USER_ZDOTDIR'], p.env['ZDOTDIR']]) {
    if (z && path.isAbsolute(z) && !within(z, p.installRoot)) add(z, 'startup file', { dir: true });
  }
  // the guard scripts and the CLI: this installation, and the one the editor's terminals use
  const roots = new Set([p.installRoot]);
  const guardDir = p.env['BLAST_RADIUS_GUARD_DIR'];
  if (guardDir && path.isAbsolute(guardDir)) roots.add(path.resolve(guardDir, '..', '..'));
  for (const root of roots) {
    add(path.join(root, 'dist'), 'Blast Radius', 'harmless');
    add(path.join(root, 'media'), 'Blast Radius', 'harmless');
    add(path.join(root, 'package.json'), 'Blast Radius', 'harmless');
  }
  return out;
}

/** Why a folder cannot be opened for writing, or undefined when it can. */
export function refusedWritable(dir: string, home: string): string | undefined {
  if (dir === '/') return 'the whole file system cannot be writable';
  if (within(home, dir)) return `${dir} holds your home folder, its startup files and the agents' settings; open a folder inside it instead`;
  return undefined;
}
