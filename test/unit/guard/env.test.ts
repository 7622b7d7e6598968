import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { applyEnvironment, bashHook, guardEnvironment, type GuardEnvInput } from '../../../src/core/guard/env';
import { tempDir } from '../helpers/tmp';
import { MEDIA, have } from './helpers/pty';

const input = (over: Partial<GuardEnvInput> = {}): GuardEnvInput => ({
  port: 40123,
  token: 'abc123',
  mediaDir: '/ext/media/guard',
  runDir: '/tmp/blast-radius-1000',
  offline: 'refuse-destructive',
  waitSeconds: 315.5,
  processEnv: {},
  platform: 'linux',
  ...over,
});

describe('guard environment', () => {
  test('carries the server, the shell settings and each shell guard', () => {
    const env = applyEnvironment({ PROMPT_COMMAND: 'history -a' }, guardEnvironment(input()));
    assert.equal(env.BLAST_RADIUS_GUARD_PORT, '40123');
    assert.equal(env.BLAST_RADIUS_GUARD_TOKEN, 'abc123');
    assert.equal(env.BLAST_RADIUS_GUARD_TIMEOUT, '316');
    assert.equal(env.BLAST_RADIUS_OFFLINE, 'refuse-destructive');
    assert.equal(env.BLAST_RADIUS_GUARD_RUNDIR, '/tmp/blast-radius-1000');
    assert.equal(env.PROMPT_COMMAND, "builtin source '/ext/media/guard/bash-guard.sh';history -a");
    assert.equal(env.BASH_ENV, '/ext/media/guard/bash-env.sh');
    assert.equal(env.ZDOTDIR, '/ext/media/guard/zsh');
    assert.equal(env.XDG_DATA_DIRS, '/ext/media/guard/xdg:/usr/local/share:/usr/share');
    assert.equal(env.BLAST_RADIUS_PWSH_GUARD, '/ext/media/guard/pwsh-guard.ps1');
  });

  test("remembers the person's own BASH_ENV and ZDOTDIR so the guards chain to them", () => {
    const processEnv = { BASH_ENV: '/home/me/.bash_env', ZDOTDIR: '/home/me/.config/zsh', XDG_DATA_DIRS: '/opt/share' };
    const env = applyEnvironment(processEnv, guardEnvironment(input({ processEnv })));
    assert.equal(env.BLAST_RADIUS_USER_BASH_ENV, '/home/me/.bash_env');
    assert.equal(env.BLAST_RADIUS_USER_ZDOTDIR, '/home/me/.config/zsh');
    assert.equal(env.XDG_DATA_DIRS, '/ext/media/guard/xdg:/opt/share');
  });

  test('does not chain the guard to itself when the editor already runs inside a guarded terminal', () => {
    const processEnv = { BASH_ENV: '/ext/media/guard/bash-env.sh', ZDOTDIR: '/ext/media/guard/zsh' };
    const names = guardEnvironment(input({ processEnv })).map((m) => m.name);
    assert.ok(!names.includes('BLAST_RADIUS_USER_BASH_ENV'));
    assert.ok(!names.includes('BLAST_RADIUS_USER_ZDOTDIR'));
  });

  test('on Windows only the server and the PowerShell guard are set', () => {
    const names = guardEnvironment(input({ platform: 'win32' })).map((m) => m.name);
    assert.ok(names.includes('BLAST_RADIUS_PWSH_GUARD'));
    for (const n of ['PROMPT_COMMAND', 'BASH_ENV', 'ZDOTDIR', 'XDG_DATA_DIRS']) assert.ok(!names.includes(n), n);
  });

  test('the bash hook quotes any path so bash sources the right file', { skip: have('bash') ? false : 'no bash' }, () => {
    const tmp = tempDir("br-it's a dir-");
    try {
      fs.writeFileSync(path.join(tmp.dir, 'bash-guard.sh'), 'echo "sourced $BASH_SOURCE"\n');
      const hook = bashHook(tmp.dir);
      const r = spawnSync('bash', ['--norc', '--noprofile', '-c', hook], { encoding: 'utf8' });
      assert.equal(r.stdout.trim(), `sourced ${path.join(tmp.dir, 'bash-guard.sh')}`);
    } finally {
      tmp.remove();
    }
  });

  test('every file the environment names is shipped', () => {
    const env = applyEnvironment({}, guardEnvironment(input({ mediaDir: MEDIA })));
    for (const p of [env.BASH_ENV!, env.BLAST_RADIUS_PWSH_GUARD!, path.join(env.ZDOTDIR!, '.zshrc'), path.join(MEDIA, 'bash-guard.sh')]) {
      assert.ok(fs.existsSync(p), p);
    }
    const xdg = env.XDG_DATA_DIRS!.split(':')[0]!;
    assert.ok(fs.existsSync(path.join(xdg, 'fish', 'vendor_conf.d', 'blast-radius.fish')));
  });
});
