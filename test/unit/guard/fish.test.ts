/**
 * The fish guard in a real interactive fish through a pseudo-terminal. fish finds the guard the
 * way it does in VS Code: media/guard/xdg is in front of XDG_DATA_DIRS, and fish reads
 * fish/vendor_conf.d there.
 */
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REFUSED_REASON, baseEnv, closedPort, startTestGuard, type TestGuard } from './helpers/guard';
import { serverFilePath, writeServerFile } from '../../../src/core/guard/env';
import { tempDir } from '../helpers/tmp';
import { PtyShell, hasLine, have } from './helpers/pty';
import { fishConfig } from './helpers/shells';

const skip = have('fish') && have('bash') ? false : 'fish (and bash) are needed';

/** A fish guarded by `guard`, with the person's config under `dir`. */
function fishEnv(guard: TestGuard, dir: string, opts?: Parameters<TestGuard['env']>[1]): Record<string, string> {
  return guard.env({ ...baseEnv(dir), ...fishConfig(dir) }, opts);
}

describe('fish guard', { skip }, () => {
  let tmp: ReturnType<typeof tempDir>;
  let guard: TestGuard;
  let sh: PtyShell;
  let work: string;
  let f: string;

  before(async () => {
    tmp = tempDir('br-fish-');
    work = path.join(tmp.dir, 'work');
    fs.mkdirSync(work);
    guard = await startTestGuard(path.join(tmp.dir, 'run'));
    sh = await PtyShell.start('fish', ['-i'], fishEnv(guard, tmp.dir), work);
  });

  after(async () => {
    sh?.kill();
    await guard?.close();
    tmp?.remove();
  });

  beforeEach(() => {
    f = path.join(work, 'f');
    fs.writeFileSync(f, 'keep me\n');
  });

  const lastCheck = () => guard.checks[guard.checks.length - 1];

  test('says hello once when it installs', () => {
    assert.equal(guard.hellos.length, 1);
    assert.equal(guard.hellos[0]!.shell, 'fish');
  });

  test('an allowed line runs, and the editor was asked with the whole line', async () => {
    const out = await sh.run('echo one; touch made');
    assert.ok(hasLine(out, 'one'), out);
    assert.ok(fs.existsSync(path.join(work, 'made')));
    assert.equal(lastCheck()?.line, 'echo one; touch made');
    assert.equal(lastCheck()?.cwd, work);
  });

  test('a refused line runs none of its parts', async () => {
    const out = await sh.run('echo a; rm f; echo b');
    assert.ok(fs.existsSync(f));
    assert.ok(!hasLine(out, 'a') && !hasLine(out, 'b'), out);
    assert.match(out, new RegExp(`blast-radius: refused: ${REFUSED_REASON}`));
  });

  test('command substitutions, pipelines and functions on a refused line do not run', async () => {
    for (const line of ['echo (rm f) b', 'echo x | rm f | cat; echo b', 'function g; rm f; end; g; echo b']) {
      const out = await sh.run(line);
      assert.ok(fs.existsSync(f), line);
      assert.ok(!hasLine(out, 'b'), `${line}\n${out}`);
    }
  });

  test('a multi-line block is checked whole once complete', async () => {
    const before = guard.checks.length;
    sh.type('begin; echo x\r');
    sh.type('rm f\r');
    const out = await sh.run('end');
    assert.ok(fs.existsSync(f));
    assert.ok(!hasLine(out, 'x'), out);
    assert.equal(guard.checks.length - before, 1);
    assert.equal(lastCheck()?.line, 'begin; echo x\nrm f\nend');
  });

  test('a replaced Enter binding is put back at the next prompt', async () => {
    await sh.run('bind \\r execute');
    const out = await sh.run('echo a; rm f');
    assert.ok(fs.existsSync(f));
    assert.ok(!hasLine(out, 'a'), out);
  });

  test('a nested fish is guarded', async () => {
    await sh.run('fish -i');
    const out = await sh.run('echo a; rm f');
    assert.ok(fs.existsSync(f));
    assert.ok(!hasLine(out, 'a'), out);
    await sh.run('exit');
  });
});

describe('fish guard when the editor is gone', { skip }, () => {
  test('destructive lines are refused, others run', async () => {
    const tmp = tempDir('br-fish-off-');
    const guard = await startTestGuard(path.join(tmp.dir, 'run'));
    const sh = await PtyShell.start('fish', ['-i'], fishEnv(guard, tmp.dir, { port: await closedPort() }), tmp.dir);
    try {
      assert.match(sh.output, /guard not connected — destructive commands are refused/);
      const dir = path.join(tmp.dir, 'd');
      fs.mkdirSync(dir);
      const out = await sh.run(`rm -rf ${dir}`);
      assert.ok(fs.existsSync(dir));
      assert.match(out, /refused: looks destructive/);
      assert.ok(hasLine(await sh.run('echo ordinary'), 'ordinary'));
    } finally {
      sh.kill();
      await guard.close();
      tmp.remove();
    }
  });
});

describe('fish guard when the editor restarts', { skip }, () => {
  test('a terminal that outlives its guard server moves to the new one', async () => {
    const tmp = tempDir('br-fish-restart-');
    const runDir = path.join(tmp.dir, 'run');
    const first = await startTestGuard(runDir);
    const serverFile = serverFilePath(runDir, '/some/workspace');
    writeServerFile(serverFile, first.server.port, first.server.token);
    const sh = await PtyShell.start('fish', ['-i'], fishEnv(first, tmp.dir, { serverFile }), tmp.dir);
    let second: TestGuard | undefined;
    try {
      await first.close();
      second = await startTestGuard(runDir);
      writeServerFile(serverFile, second.server.port, second.server.token);
      const f = path.join(tmp.dir, 'f');
      fs.writeFileSync(f, '');
      const out = await sh.run('echo a; rm f');
      assert.ok(fs.existsSync(f));
      assert.ok(!hasLine(out, 'a'), out);
      assert.equal(second.checks[0]?.line, 'echo a; rm f');
      const port = await sh.run('echo $BLAST_RADIUS_GUARD_PORT');
      assert.ok(hasLine(port, String(second.server.port)), 'fish adopted the new server');
      assert.equal(second.hellos.length, 1, 'said hello once, not on every line');
    } finally {
      sh.kill();
      await second?.close();
      tmp.remove();
    }
  });
});
