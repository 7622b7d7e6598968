/**
 * Real temporary repositories for the probe tests: a git repository (reusing the sign-off
 * helpers), a local bare remote, a folder of fake tools placed first on the command's PATH
 * (`terraform`, `tofu`, `kubectl` that print recorded output and log how they were called), and
 * the command context a guard would pass.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createCommandAnalyzer, type CommandAnalyzer } from '../../../src/core/command/analyze';
import type { CommandContext } from '../../../src/core/command/rule';
import type { ResolvedPolicy } from '../../../src/core/policy/types';
import { makeRepo, type Repo } from '../signoff/helpers';

export const HOME = '/home/dev';

export interface Sandbox extends Repo {
  /** Folder first on the command's PATH. */
  bin: string;
  /** The context of a line typed in the repository (or in `sub`). */
  ctx(extra?: Partial<CommandContext>, sub?: string): CommandContext;
  /** A fake tool in `bin` that logs its arguments to `calls(name)` and runs `body` (sh). */
  fake(name: string, body: string): void;
  /** The argument lines the fake `name` was called with. */
  calls(name: string): string[];
  /** A bare repository next to this one, added as `origin`, with `main` pushed and fetched. */
  addRemote(): string;
  /** Writes files and commits them. */
  commit(files: Record<string, string>, message?: string): string;
  /** A folder outside any repository next to the repository (`<repo>-outside`, removed with it). */
  outside(): string;
}

const made: string[] = [];
process.on('exit', () => {
  for (const d of made) fs.rmSync(d, { recursive: true, force: true });
});

export function sandbox(): Sandbox {
  const repo = makeRepo('br-probe-');
  repo.as({ name: 'Dev', email: 'dev@example.com' });
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'br-probe-aux-'));
  made.push(repo.dir, root);
  const bin = path.join(root, 'bin');
  fs.mkdirSync(bin);
  const logDir = path.join(root, 'calls');
  fs.mkdirSync(logDir);
  const s: Sandbox = {
    ...repo,
    bin,
    ctx(extra = {}, sub) {
      const cwd = sub ? path.join(repo.dir, sub) : repo.dir;
      return { shell: 'bash', cwd, workspaceRoot: repo.dir, home: HOME, env: { HOME, USER: 'dev', PATH: `${bin}:/usr/bin:/bin` }, ...extra };
    },
    fake(name, body) {
      const file = path.join(bin, name);
      fs.writeFileSync(file, `#!/bin/sh\necho "$*" >> '${path.join(logDir, name)}'\n${body}\n`);
      fs.chmodSync(file, 0o755);
    },
    calls(name) {
      try {
        return fs.readFileSync(path.join(logDir, name), 'utf8').split('\n').filter(Boolean);
      } catch {
        return [];
      }
    },
    addRemote() {
      const bare = path.join(root, 'origin.git');
      repo.git('init', '-q', '--bare', '--initial-branch=main', bare);
      repo.git('remote', 'add', 'origin', bare);
      repo.git('push', '-q', 'origin', 'main');
      repo.git('fetch', '-q', 'origin');
      repo.git('branch', '-q', '--set-upstream-to=origin/main', 'main');
      return bare;
    },
    commit(files, message = 'change') {
      for (const [p, c] of Object.entries(files)) repo.write(p, c);
      return repo.commitAll(message);
    },
    outside() {
      const d = `${repo.dir}-outside`;
      if (!made.includes(d)) made.push(d);
      fs.mkdirSync(d, { recursive: true });
      return d;
    },
  };
  return s;
}

let shared: Promise<CommandAnalyzer> | undefined;

/** The analyzer with the default policy (once per process), or a fresh one for `policy`. */
export function analyzer(policy?: ResolvedPolicy): Promise<CommandAnalyzer> {
  if (policy) return createCommandAnalyzer({ policy });
  shared ??= createCommandAnalyzer();
  return shared;
}
