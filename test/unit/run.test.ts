/**
 * runBounded with real programs (sh): a program killed for its time limit or an abort is done
 * when it exits, even when a process it started keeps the output pipes open — as a wrapper
 * script around kubectl or terraform that does not `exec` would.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, test } from 'node:test';
import { runBounded } from '../../src/core/run';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'br-run-'));
const pids: number[] = [];

after(() => {
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  fs.rmSync(dir, { recursive: true, force: true });
});

/** sh that starts `sleep 120` holding its stdout and stderr, writes that pid to a file and waits. */
function wrapper(name: string): { args: string[]; pidFile: string } {
  const pidFile = path.join(dir, `${name}.pid`);
  return { args: ['-c', `echo started; sleep 120 & echo $! > '${pidFile}'; wait`], pidFile };
}

function remember(pidFile: string): void {
  if (fs.existsSync(pidFile)) pids.push(Number(fs.readFileSync(pidFile, 'utf8').trim()));
}

describe('runBounded', () => {
  test('a program that finishes: its output and exit code', async () => {
    const r = await runBounded('sh', ['-c', 'echo out; echo err >&2; exit 3'], { cwd: dir, timeoutMs: 30_000 });
    assert.deepEqual([r.code, r.stdout.toString(), r.stderr.toString(), r.timedOut], [3, 'out\n', 'err\n', false]);
  });

  test('killed for its time limit: it is done when it exits, not when the sleep it started lets go of the pipes', async () => {
    const w = wrapper('timeout');
    const t0 = Date.now();
    const r = await runBounded('sh', w.args, { cwd: dir, timeoutMs: 500 });
    remember(w.pidFile);
    assert.equal(r.timedOut, true);
    assert.equal(r.code, null);
    assert.ok(Date.now() - t0 < 60_000, `answered after ${Date.now() - t0} ms; the sleep holding the output lasts 120 s`);
  });

  test('aborted: done when it exits, with the same child holding the pipes', async () => {
    const w = wrapper('abort');
    const stop = new AbortController();
    setTimeout(() => stop.abort(), 300);
    const t0 = Date.now();
    const r = await runBounded('sh', w.args, { cwd: dir, signal: stop.signal });
    remember(w.pidFile);
    assert.equal(r.aborted, true);
    assert.ok(Date.now() - t0 < 60_000, `answered after ${Date.now() - t0} ms`);
  });
});
