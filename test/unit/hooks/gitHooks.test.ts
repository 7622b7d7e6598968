/**
 * `blast-radius init --git` and the hooks it installs, in a real temporary repository with the
 * real git: a risky migration is refused, an ordinary commit passes, the escape hatch works and
 * is recorded; existing hooks and hook managers are never clobbered.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { makeRepo } from '../helpers/git';
import { repoRoot } from '../helpers/paths';
import { tempDir } from '../helpers/tmp';

const cli = path.join(repoRoot, 'dist', 'cli.js');
let tmp = '';

const gitEnv = {
  ...process.env,
  GIT_AUTHOR_NAME: 'Test',
  GIT_AUTHOR_EMAIL: 'test@example.com',
  GIT_COMMITTER_NAME: 'Test',
  GIT_COMMITTER_EMAIL: 'test@example.com',
  GIT_CONFIG_NOSYSTEM: '1',
  HOME: '',
};

function sh(cwd: string, cmd: string, args: string[], env: Record<string, string | undefined> = {}): { stdout: string; stderr: string; status: number | null } {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', env: { ...gitEnv, ...env } });
  return { stdout: r.stdout, stderr: r.stderr, status: r.status };
}

function repo(name: string): string {
  const r = makeRepo({ dir: path.join(tmp, name), env: gitEnv });
  r.git('config', 'user.email', 'test@example.com');
  r.write('db/migrations/001_create_customers.sql', 'CREATE TABLE customers (id BIGSERIAL PRIMARY KEY);\n');
  r.write('README.md', '# demo\n');
  r.commitAll('initial');
  return r.dir;
}

function init(dir: string, ...args: string[]): { stdout: string; stderr: string; status: number | null } {
  return sh(dir, process.execPath, [cli, 'init', '--git', '--workspace', dir, ...args]);
}

let removeTmp = (): void => undefined;

before(() => {
  assert.ok(fs.existsSync(cli), 'dist/cli.js is missing: run `node esbuild.js` first');
  ({ dir: tmp, remove: removeTmp } = tempDir('br-git-'));
  gitEnv.HOME = tmp;
});

after(() => removeTmp());

test('installs executable pre-commit and pre-push hooks that run the CLI by absolute path; twice changes nothing', () => {
  const dir = repo('install');
  const r = init(dir, '--yes');
  assert.equal(r.status, 0, r.stderr);
  for (const name of ['pre-commit', 'pre-push']) {
    const file = path.join(dir, '.git', 'hooks', name);
    const text = fs.readFileSync(file, 'utf8');
    assert.match(text, /^#!\/bin\/sh\n# blast-radius:git-hook/);
    assert.ok(text.includes(`${process.execPath} ${fs.realpathSync(cli)} hook git ${name}`));
    assert.equal(fs.statSync(file).mode & 0o111, 0o111);
  }
  const again = init(dir, '--yes');
  assert.equal(again.status, 0);
  assert.match(again.stdout, /already installed; nothing to change/);
});

test('a commit adding a schema drop is refused with the escape hatch; an ordinary commit passes', () => {
  const dir = repo('commit');
  assert.equal(init(dir, '--yes').status, 0);
  fs.writeFileSync(path.join(dir, 'README.md'), '# demo\n\nMore words.\n');
  sh(dir, 'git', ['add', 'README.md']);
  const ok = sh(dir, 'git', ['commit', '-q', '-m', 'docs']);
  assert.equal(ok.status, 0, ok.stderr);

  fs.writeFileSync(path.join(dir, 'db', 'migrations', '002_drop_customers.sql'), 'DROP SCHEMA billing CASCADE;\n');
  sh(dir, 'git', ['add', '.']);
  const refused = sh(dir, 'git', ['commit', '-q', '-m', 'cleanup']);
  assert.notEqual(refused.status, 0);
  assert.match(refused.stderr, /blast-radius: this commit was refused: 1 critical change\(s\):/);
  assert.match(refused.stderr, /db\/migrations\/002_drop_customers\.sql:1 {2}critical {2}.*\(rule sql\.drop-schema\)/);
  assert.match(refused.stderr, /BLAST_RADIUS_SKIP=1 git commit/);
  assert.equal(sh(dir, 'git', ['rev-list', '--count', 'HEAD']).stdout.trim(), '2');

  const skipped = sh(dir, 'git', ['commit', '-q', '-m', 'cleanup, reviewed'], { BLAST_RADIUS_SKIP: '1' });
  assert.equal(skipped.status, 0, skipped.stderr);
  assert.match(skipped.stderr, /BLAST_RADIUS_SKIP=1: the pre-commit check was skipped; recorded in \.git\/blast-radius-skips\.log/);
  const log = fs.readFileSync(path.join(dir, '.git', 'blast-radius-skips.log'), 'utf8');
  assert.match(log, /\tpre-commit\ttest@example\.com\t[0-9a-f]{40}\n$/);
});

test('a push of a commit with a critical change is refused', () => {
  const remote = path.join(tmp, 'remote.git');
  assert.equal(sh(tmp, 'git', ['init', '-q', '--bare', remote]).status, 0);
  const dir = repo('push');
  sh(dir, 'git', ['remote', 'add', 'origin', remote]);
  assert.equal(sh(dir, 'git', ['push', '-q', 'origin', 'main']).status, 0);
  assert.equal(init(dir, '--yes').status, 0);
  fs.writeFileSync(path.join(dir, 'db', 'migrations', '002_drop_customers.sql'), 'DROP SCHEMA billing CASCADE;\n');
  sh(dir, 'git', ['add', '.']);
  assert.equal(sh(dir, 'git', ['commit', '-q', '--no-verify', '-m', 'drop']).status, 0);
  const refused = sh(dir, 'git', ['push', '-q', 'origin', 'main']);
  assert.notEqual(refused.status, 0);
  assert.match(refused.stderr, /this push was refused: 1 critical change/);
  const skipped = sh(dir, 'git', ['push', '-q', 'origin', 'main'], { BLAST_RADIUS_SKIP: '1' });
  assert.equal(skipped.status, 0, skipped.stderr);
});

test('an existing hook that is not ours is left alone, with the line to add', () => {
  const dir = repo('existing');
  const mine = '#!/bin/sh\necho mine\n';
  fs.writeFileSync(path.join(dir, '.git', 'hooks', 'pre-commit'), mine, { mode: 0o755 });
  const r = init(dir, '--yes');
  assert.equal(r.status, 1);
  assert.match(r.stdout, /git pre-commit: .* already exists and is not ours, so it is left alone/);
  assert.ok(r.stdout.includes(`hook git pre-commit || exit 1`));
  assert.equal(fs.readFileSync(path.join(dir, '.git', 'hooks', 'pre-commit'), 'utf8'), mine);
  assert.ok(fs.existsSync(path.join(dir, '.git', 'hooks', 'pre-push')), 'the other hook is still installed');
});

test('husky and lefthook get the lines to add, and nothing is written', () => {
  const husky = repo('husky');
  fs.mkdirSync(path.join(husky, '.husky'));
  const h = init(husky, '--yes');
  assert.equal(h.status, 0);
  assert.match(h.stdout, /husky manages this repository's git hooks/);
  assert.match(h.stdout, /\.husky\/pre-push:\n {4}.* hook git pre-push "\$@" \|\| exit 1/);
  assert.ok(!fs.existsSync(path.join(husky, '.git', 'hooks', 'pre-commit')));
  const lefthook = repo('lefthook');
  fs.writeFileSync(path.join(lefthook, 'lefthook.yml'), 'pre-commit:\n  commands: {}\n');
  const l = init(lefthook, '--yes');
  assert.match(l.stdout, /lefthook\.yml:\n {4}pre-commit:\n {6}commands:\n {8}blast-radius:\n {10}run: /);
});

test('--uninstall removes our hooks only', () => {
  const dir = repo('uninstall');
  assert.equal(init(dir, '--yes').status, 0);
  const r = init(dir, '--uninstall', '--yes');
  assert.equal(r.status, 0, r.stderr);
  assert.ok(!fs.existsSync(path.join(dir, '.git', 'hooks', 'pre-commit')));
  assert.ok(!fs.existsSync(path.join(dir, '.git', 'hooks', 'pre-push')));
});
