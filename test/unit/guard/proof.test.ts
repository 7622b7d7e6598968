/**
 * What the /proc proofs are built from (src/core/guard/proc.ts, proof.ts): the facts read about
 * real processes and sockets of this machine, and the table that tells a coding agent's process
 * from others. The attacks on the proofs are in test/unit/security/.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as net from 'node:net';
import { agentProcess, notAPerson, proveEditor, recordWrittenMs } from '../../../src/core/guard/proof';
import { type ProcInfo, ancestry, listenerOf, procAvailable, readEnviron, readProc } from '../../../src/core/guard/proc';

const linux = procAvailable() ? false : 'needs Linux /proc';

function listen(host: string): Promise<net.Server> {
  const s = net.createServer();
  return new Promise((resolve) => s.listen(0, host, () => resolve(s)));
}

test('proc: a listening socket is found by address and port, and belongs to the process that holds it', { skip: linux }, async () => {
  const s = await listen('127.0.0.1');
  try {
    const port = (s.address() as net.AddressInfo).port;
    assert.equal(listenerOf('127.0.0.1', port, process.pid), 'held');
    assert.equal(listenerOf('127.0.0.1', port, process.ppid), 'other');
    assert.equal(listenerOf('127.0.0.2', port, process.pid), 'none');
    assert.equal(listenerOf('::1', port, process.pid), 'none');
  } finally {
    s.close();
  }
  const v6 = await listen('::1').catch(() => undefined);
  if (v6) {
    try {
      assert.equal(listenerOf('::1', (v6.address() as net.AddressInfo).port, process.pid), 'held');
    } finally {
      v6.close();
    }
  }
});

test('proc: a process started now has a start time of now, its command line and parent; its ancestry leads here', { skip: linux }, async () => {
  const before = Date.now();
  const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 5000)', 'marker-arg'], { stdio: 'ignore', env: { ...process.env, BR_PROOF_TEST: 'yes' } });
  try {
    await new Promise((r) => setTimeout(r, 200));
    const p = readProc(child.pid!);
    assert.ok(p);
    assert.equal(p.ppid, process.pid);
    assert.deepEqual(p.argv.slice(1), ['-e', 'setTimeout(() => {}, 5000)', 'marker-arg']);
    assert.ok(Math.abs(p.startedMs - before) < 1500, `started ${p.startedMs - before} ms from now`);
    assert.equal(readEnviron(child.pid!)?.get('BR_PROOF_TEST'), 'yes');
    assert.deepEqual(ancestry(child.pid!).slice(0, 2).map((x) => x.pid), [child.pid, process.pid]);
    assert.equal(readProc(2 ** 22 + 7), undefined);
  } finally {
    child.kill();
  }
});

const proc = (argv: string[], exe: string): ProcInfo => ({ pid: 100, ppid: 1, session: 100, ttyNr: 0, startedMs: 0, exe, argv });

test('agent processes: by program, by install path, by a marker in the environment they started with', () => {
  const agents: Array<[string, ProcInfo, Map<string, string> | undefined]> = [
    ['claude', proc(['claude'], '/home/u/.local/share/claude/versions/1.0.98'), undefined],
    ['claude/versions', proc(['/home/u/.local/share/claude/versions/1.0.98', '--resume'], '/home/u/.local/share/claude/versions/1.0.98'), undefined],
    ['@anthropic-ai/claude-code', proc(['node', '/usr/lib/node_modules/@anthropic-ai/claude-code/cli.js'], '/usr/bin/node'), undefined],
    ['codex', proc(['codex', 'exec', 'fix it'], '/usr/local/bin/codex'), undefined],
    ['codex (process', proc(['node', '/usr/lib/node_modules/@openai/codex/bin/codex.js'], '/usr/bin/node'), undefined],
    ['gemini', proc(['node', '/usr/local/bin/gemini'], '/usr/bin/node'), undefined],
    ['cursor-agent', proc(['/home/u/.local/bin/cursor-agent'], '/home/u/.local/share/cursor-agent/versions/x/cursor-agent'), undefined],
    ['copilot', proc(['node', '/usr/local/bin/copilot'], '/usr/bin/node'), undefined],
    ['aider', proc(['python3', '/home/u/.local/bin/aider'], '/usr/bin/python3.11'), undefined],
    ['CLAUDECODE', proc(['bash', '-c', 'make'], '/usr/bin/bash'), new Map([['CLAUDECODE', '1']])],
    ['GEMINI_CLI', proc(['sh'], '/usr/bin/dash'), new Map([['GEMINI_CLI', '1']])],
  ];
  for (const [why, p, env] of agents) assert.match(agentProcess(p, env) ?? '', new RegExp(why.replace(/[/.@()]/g, (c) => `\\${c}`)), why);
  const people: Array<[string, ProcInfo, Map<string, string> | undefined]> = [
    ['bash', proc(['-bash'], '/usr/bin/bash'), new Map([['CLAUDECODE', '0']])],
    ['an editor', proc(['/usr/share/code/code', '--type=utility'], '/usr/share/code/code'), undefined],
    ['node running a project script', proc(['node', 'scripts/claude-notes.js'], '/usr/bin/node'), undefined],
    ['a script named like an agent in another folder', proc(['python3', '-m', 'pytest'], '/usr/bin/python3'), undefined],
  ];
  for (const [what, p, env] of people) assert.equal(agentProcess(p, env), undefined, what);
});

test('a record is as old as the earlier of what it says and its file', () => {
  assert.equal(recordWrittenMs('2020-01-01T00:00:00.000Z', '/no/such/file'), Date.parse('2020-01-01T00:00:00.000Z'));
  assert.ok(recordWrittenMs('2999-01-01T00:00:00.000Z', __filename) < Date.now());
  assert.ok(recordWrittenMs('not a date', __filename) < Date.now());
});

test('without /proc nothing is proven', { skip: procAvailable() ? 'this system has /proc' : false }, () => {
  assert.deepEqual(proveEditor({ host: '127.0.0.1', port: 1, pid: process.pid, writtenMs: Date.now() }), { ok: false, reason: 'this system has no /proc, so the process behind it cannot be checked' });
});

test('a person at a terminal: this test process (input not a terminal) is not one', { skip: linux }, () => {
  assert.equal(notAPerson(process.pid, false), 'its input is not a terminal');
});
