import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isProtectedBranch } from '../../../../src/core/command/packs/git';
import { findingOf, findingsOf } from './table';

describe('git: global options and targets', () => {
  test('global options before the subcommand are skipped', async () => {
    for (const cmd of ['git -C ../infra push --force', 'git -c core.askPass=true push -f', 'git --git-dir=.git --work-tree=. push --force', 'git --no-pager -C app push -f']) {
      assert.equal((await findingOf('git.push-force', cmd)).severity, 'high', cmd);
    }
  });

  test('a value of a global option is not taken for the subcommand', async () => {
    assert.equal((await findingsOf('git.reset-hard', 'git -C reset status --hard')).length, 0);
  });

  test('force-pushing a protected branch is critical and names it', async () => {
    const f = await findingOf('git.push-force', 'git push -f origin HEAD:production');
    assert.equal(f.severity, 'critical');
    assert.equal(f.target, 'branch production');
  });

  test('--force-with-lease is one level below --force', async () => {
    assert.equal((await findingOf('git.push-force', 'git push --force-with-lease origin topic')).severity, 'medium');
    assert.equal((await findingOf('git.push-force', 'git push --force origin topic')).severity, 'high');
  });

  test('protected branch names', () => {
    for (const b of ['main', 'master', 'release', 'release/2.0', 'release-1.4', 'production', 'refs/heads/main']) assert.ok(isProtectedBranch(b), b);
    for (const b of ['feature/main-menu', 'mainline-fix', 'dev/alice', 'releasenotes', 'develop', 'hotfix/login']) assert.ok(!isProtectedBranch(b), b);
  });

  test('a production host raises a remote reset', async () => {
    assert.equal((await findingOf('git.reset-hard', "ssh prod-app-1 'git reset --hard'")).severity, 'critical');
  });
});
