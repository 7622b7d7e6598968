/** Real git repositories for tests: built with the real git, without the caller's git config. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { tempDir } from './tmp';

export interface GitIdentity {
  name: string;
  email: string;
}

/** An environment for git and the CLI without the caller's git config or agent markers. */
export function cleanEnv(home: string): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = { ...process.env, GIT_CONFIG_NOSYSTEM: '1', HOME: home, XDG_CONFIG_HOME: path.join(home, '.config') };
  for (const k of Object.keys(env)) {
    if (/^GIT_(AUTHOR|COMMITTER)_/.test(k) || k === 'GIT_DIR' || k === 'GIT_WORK_TREE' || k === 'GIT_INDEX_FILE') delete env[k];
    if (k === 'CLAUDECODE' || k === 'GEMINI_CLI' || k.startsWith('CODEX_SANDBOX')) delete env[k];
  }
  return env;
}

export interface Repo {
  dir: string;
  env: Record<string, string | undefined>;
  /** Runs git in the repository; fails the test when git fails. Returns its output. */
  git(...args: string[]): string;
  /** Sets user.name/user.email in the repository (the identity of the next step). */
  as(who: GitIdentity): void;
  /** Writes a file (a `/`-separated path inside the repository), creating its folders. */
  write(rel: string, content: string | Uint8Array): void;
  /** Stages everything and commits it; returns the new commit's id. */
  commitAll(message: string): string;
  /** Removes the repository's folder (a repository made in a folder of the caller's included). */
  rm(): void;
}

export interface RepoOptions {
  /** Make the repository in this folder (created if missing) instead of a fresh temporary one. */
  dir?: string;
  /** Prefix of the fresh temporary folder. */
  prefix?: string;
  /** The environment git runs with (default: `cleanEnv` with the repository as home). */
  env?: Record<string, string | undefined>;
  /** Make the repository a clone of this one instead of an empty one. */
  cloneOf?: string;
}

/** An empty repository on branch `main` (or a clone of `cloneOf`) with commit signing off. */
export function makeRepo(options: RepoOptions | string = {}): Repo {
  const o = typeof options === 'string' ? { prefix: options } : options;
  let dir: string;
  if (o.dir !== undefined) {
    dir = o.dir;
    fs.mkdirSync(dir, { recursive: true });
  } else {
    dir = tempDir(o.prefix ?? 'br-repo-').dir;
  }
  const env = o.env ?? cleanEnv(dir);
  const git = (...args: string[]): string => {
    const r = spawnSync('git', args, { cwd: dir, encoding: 'utf8', env });
    assert.equal(r.status, 0, `git ${args.join(' ')}: ${r.stderr}`);
    return r.stdout;
  };
  if (o.cloneOf !== undefined) git('clone', '-q', o.cloneOf, '.');
  else git('init', '-q', '-b', 'main');
  git('config', 'commit.gpgsign', 'false');
  return {
    dir,
    env,
    git,
    as(who) {
      git('config', 'user.name', who.name);
      git('config', 'user.email', who.email);
    },
    write(rel, content) {
      const abs = path.join(dir, ...rel.split('/'));
      fs.mkdirSync(path.dirname(abs), { recursive: true });
      fs.writeFileSync(abs, content);
    },
    commitAll(message) {
      git('add', '-A');
      git('commit', '-q', '-m', message);
      return git('rev-parse', 'HEAD').trim();
    },
    rm() {
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
