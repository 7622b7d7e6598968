/** The command context of a line (src/core/command/environment.ts): where it runs and its environment. */
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { commandContext } from '../../../src/core/command/environment';

test('the environment is this process’s, read once into a plain object (outside Windows)', { skip: process.platform === 'win32' }, () => {
  const ctx = commandContext('/w', '/w', 'bash');
  assert.notEqual(ctx.env, process.env);
  assert.deepEqual({ ...ctx.env }, { ...process.env });
  assert.equal(ctx.env?.['PATH'], process.env['PATH']);
});

test('an environment given is used as it is', () => {
  const env = { HOME: '/home/dev', AWS_PROFILE: 'prod' };
  const ctx = commandContext('/w', '/w', 'bash', env);
  assert.equal(ctx.env, env);
  assert.equal(ctx.awsProfile, 'prod');
  assert.equal(ctx.home, '/home/dev');
});
