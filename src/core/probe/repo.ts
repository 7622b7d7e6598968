/**
 * A read-only git session in one repository, for the probes. The repository is the agent's to
 * write, so its configuration is not trusted to run programs: every call switches off the
 * fsmonitor hook, every clean/smudge filter and filter process the configuration names, external
 * diff drivers, signature checks and hooks. No optional locks: not even the index is rewritten.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { GitError, runGitAsync } from '../git';

/** The read-only git session in one repository. */
export interface Repo {
  cwd: string;
  root: string;
  gitDir: string;
  /** `refs/heads/main`, or undefined when HEAD is detached. */
  head: string | undefined;
  config: Map<string, string[]>;
  run(args: readonly string[]): Promise<string>;
}

/** The work tree around `dir` and its git folder (`.git`, or where a `.git` file points), found without running git. */
export function findWorkTree(dir: string): { root: string; gitDir: string } | undefined {
  for (let d = path.resolve(dir); ; ) {
    const dotGit = path.join(d, '.git');
    const st = fs.statSync(dotGit, { throwIfNoEntry: false });
    if (st?.isDirectory()) return { root: d, gitDir: dotGit };
    if (st?.isFile()) {
      const m = /^gitdir:\s*(.+?)\s*$/m.exec(fs.readFileSync(dotGit, 'utf8'));
      if (m) return { root: d, gitDir: path.resolve(d, m[1]!) };
    }
    const up = path.dirname(d);
    if (up === d) return undefined;
    d = up;
  }
}

/**
 * Opens the repository around `cwd`; rejects with a GitError outside a work tree, on timeout, or
 * when the configuration cannot be read (without it, the filters to switch off are not known).
 */
export async function openRepo(cwd: string, extra: readonly string[], timeoutMs: number): Promise<Repo> {
  const where = findWorkTree(cwd);
  if (!where) throw new GitError('not inside a Git repository');
  const { root, gitDir } = where;
  const cfg = await runGitAsync(cwd, ['config', '-z', '--list'], { timeoutMs });
  const config = new Map<string, string[]>();
  for (const entry of cfg.toString('utf8').split('\0')) {
    if (!entry) continue;
    const nl = entry.indexOf('\n');
    const key = (nl < 0 ? entry : entry.slice(0, nl)).toLowerCase();
    const value = nl < 0 ? '' : entry.slice(nl + 1);
    config.set(key, [...(config.get(key) ?? []), value]);
  }
  let head: string | undefined;
  try {
    const m = /^ref: (refs\/\S+)/.exec(fs.readFileSync(path.join(gitDir, 'HEAD'), 'utf8'));
    head = m?.[1];
  } catch {
    head = undefined;
  }
  const safe = safeConfig(config);
  return { cwd, root, gitDir, head, config, run: async (args) => (await runGitAsync(cwd, [...safe, ...extra, ...args], { timeoutMs })).toString('utf8') };
}

/** `-c` overrides that keep the repository's configuration from running programs during a probe. */
function safeConfig(config: Map<string, string[]>): string[] {
  const out = ['-c', 'core.fsmonitor=false', '-c', 'core.quotePath=false', '-c', 'core.hooksPath=/dev/null', '-c', 'log.showSignature=false', '-c', 'diff.external='];
  const drivers = new Set<string>();
  for (const key of config.keys()) {
    const m = /^filter\.(.+)\.(clean|smudge|process|required)$/.exec(key);
    if (m) drivers.add(m[1]!);
  }
  for (const d of drivers) out.push('-c', `filter.${d}.clean=`, '-c', `filter.${d}.smudge=`, '-c', `filter.${d}.process=`, '-c', `filter.${d}.required=false`);
  return out;
}
