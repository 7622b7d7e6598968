/**
 * The "Blast Radius: Sandboxed Terminal" profile's process (src/core/sandbox/terminal.ts), run for
 * real: the launch the editor makes, with this Node as the editor's, under real bubblewrap.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { sandboxUnavailableMessage, sandboxedShellLaunch } from '../../../src/core/sandbox/terminal';
import { tempDir } from '../helpers/tmp';
import { CLI, sandboxSkip } from './helpers';

describe('sandboxed terminal: the launch', () => {
  test("the person's shell, inside the sandbox for the folder, the network shared, run as Node", () => {
    const l = sandboxedShellLaunch({ node: '/opt/code/code', cli: '/ext/dist/cli.js', workspace: '/w s', shell: '/usr/bin/zsh' });
    assert.equal(l.shellPath, '/opt/code/code');
    assert.deepEqual(l.shellArgs, ['/ext/dist/cli.js', 'sandbox', '--share-net', '--workspace', '/w s', '--', '/usr/bin/zsh']);
    assert.deepEqual(l.env, { ELECTRON_RUN_AS_NODE: '1' });
  });

  test('no shell, or one not named by an absolute path: bash', () => {
    for (const shell of [undefined, '', 'zsh']) assert.equal(sandboxedShellLaunch({ node: 'n', cli: 'c', workspace: '/w', shell }).shellArgs.at(-1), '/bin/bash');
  });

  test('where the sandbox cannot run, the message carries the reason and says no shell was started', () => {
    const m = sandboxUnavailableMessage('bubblewrap (bwrap) is not installed; install the bubblewrap package (Debian, Ubuntu: sudo apt install bubblewrap); nothing was started');
    assert.match(m, /did not open a shell: bubblewrap \(bwrap\) is not installed.*sudo apt install bubblewrap/);
  });
});

describe('sandboxed terminal: its shell, for real', { skip: sandboxSkip() }, () => {
  let tmp: ReturnType<typeof tempDir>;
  let ws: string;
  before(() => {
    tmp = tempDir('br-sandbox-terminal-');
    ws = path.join(tmp.dir, 'ws');
    fs.mkdirSync(ws);
    fs.writeFileSync(path.join(ws, '.blast-radius.json'), '{ "version": 1 }\n');
    fs.mkdirSync(path.join(tmp.dir, 'home'));
  });
  after(() => tmp?.remove());

  test('writing the policy fails, the workspace is writable, and the launcher variable does not reach the shell', async () => {
    const l = sandboxedShellLaunch({ node: process.execPath, cli: CLI, workspace: ws, shell: '/bin/bash' });
    const script = [
      'echo "{}" > .blast-radius.json; echo "policy-write $?"',
      'echo made > made.txt; echo "workspace-write $?"',
      'echo "launcher ${ELECTRON_RUN_AS_NODE-unset} sandbox ${BLAST_RADIUS_SANDBOX-unset}"',
      '',
    ].join('\n');
    const r = await new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
      const p = spawn(l.shellPath, l.shellArgs, { cwd: ws, env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: path.join(tmp.dir, 'home'), ...l.env }, timeout: 60_000 });
      let out = '';
      let err = '';
      p.stdout.on('data', (d: Buffer) => (out += d.toString('utf8')));
      p.stderr.on('data', (d: Buffer) => (err += d.toString('utf8')));
      p.on('close', (code) => resolve({ code, out, err }));
      p.stdin.end(script);
    });
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /policy-write [1-9]/);
    assert.match(r.out, /workspace-write 0/);
    assert.match(r.out, /launcher unset sandbox 1/);
    assert.equal(fs.readFileSync(path.join(ws, '.blast-radius.json'), 'utf8'), '{ "version": 1 }\n');
    assert.equal(fs.readFileSync(path.join(ws, 'made.txt'), 'utf8'), 'made\n');
  });
});
