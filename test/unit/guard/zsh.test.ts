/**
 * The zsh guard in a real interactive zsh through a pseudo-terminal. zsh finds the guard the
 * way it does in VS Code: ZDOTDIR points at media/guard/zsh, whose startup files read the
 * person's own (a temporary ZDOTDIR here) and then install the guard.
 */
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REFUSED_REASON, baseEnv, closedPort, startTestGuard, type TestGuard } from './helpers/guard';
import { serverFilePath, writeServerFile } from '../../../src/core/guard/env';
import { tempDir } from '../helpers/tmp';
import { MEDIA, PtyShell, hasLine, have, vscodeShellScripts } from './helpers/pty';
import { writeUserZdotdir } from './helpers/shells';

const skip = have('zsh') ? false : 'zsh is not installed';

describe('zsh guard', { skip }, () => {
  let tmp: ReturnType<typeof tempDir>;
  let guard: TestGuard;
  let sh: PtyShell;
  let work: string;
  let f: string;

  before(async () => {
    tmp = tempDir('br-zsh-');
    work = path.join(tmp.dir, 'work');
    fs.mkdirSync(work);
    const userZ = path.join(tmp.dir, 'userz');
    writeUserZdotdir(userZ);
    guard = await startTestGuard(path.join(tmp.dir, 'run'));
    const env = guard.env({ ...baseEnv(path.join(tmp.dir, 'home')), ZDOTDIR: userZ });
    sh = await PtyShell.start('zsh', ['-i'], env, work);
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

  test("the person's own .zshenv and .zshrc are read, and ZDOTDIR stays ours for nested shells", async () => {
    const out = await sh.run('echo "$USER_ZSHENV_READ $USER_ZSHRC_READ $ZDOTDIR"');
    assert.ok(hasLine(out, `yes yes ${path.join(MEDIA, 'zsh')}`), out);
    assert.equal(guard.hellos[0]?.shell, 'zsh');
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

  test('subshells, command substitutions, pipelines and functions on a refused line do not run', async () => {
    for (const line of ['(rm f); echo b', 'echo $(rm f) b', 'echo x | rm f | cat; echo b', 'g() { rm f }; g; echo b']) {
      const out = await sh.run(line);
      assert.ok(fs.existsSync(f), line);
      assert.ok(!hasLine(out, 'b'), `${line}\n${out}`);
    }
  });

  test('a multi-line command is checked whole once complete', async () => {
    const before = guard.checks.length;
    sh.type('for i in 1 2; do\r');
    sh.type('echo L$i\r');
    sh.type('rm f\r');
    const out = await sh.run('done');
    assert.ok(fs.existsSync(f));
    assert.ok(!hasLine(out, 'L1'), out);
    assert.equal(guard.checks.length - before, 1);
    assert.equal(lastCheck()?.line, 'for i in 1 2; do\necho L$i\nrm f\ndone');
  });

  test('a line starting with a space (histignorespace) is still checked', async () => {
    const out = await sh.run(' echo a; rm f');
    assert.ok(fs.existsSync(f));
    assert.ok(!hasLine(out, 'a'), out);
  });

  test('zsh -c children are checked through our .zshenv', async () => {
    const out = await sh.run('x=rm; zsh -c "$x f"; echo "st=$?"');
    assert.ok(fs.existsSync(f));
    assert.ok(hasLine(out, 'st=126'), out);
    assert.ok(guard.checks.some((c) => c.flags.child && c.line === 'rm f' && c.shell === 'zsh'));
    assert.ok(hasLine(await sh.run('zsh -c "echo child-ran"'), 'child-ran'));
  });

  test('a removed preexec hook is put back at the next prompt', async () => {
    await sh.run('preexec_functions=()');
    const out = await sh.run('echo a; rm f');
    assert.ok(fs.existsSync(f));
    assert.ok(!hasLine(out, 'a'), out);
  });

  test('a nested zsh is guarded, and so is one started with exec', async () => {
    await sh.run('zsh -i');
    let out = await sh.run('echo a; rm f');
    assert.ok(fs.existsSync(f));
    assert.ok(!hasLine(out, 'a'), out);
    await sh.run('exec zsh -i');
    out = await sh.run('echo a; rm f');
    assert.ok(fs.existsSync(f));
    assert.ok(!hasLine(out, 'a'), out);
    await sh.run('exit');
  });
});

describe('zsh guard when the editor is gone', { skip }, () => {
  test('destructive lines are refused, others run', async () => {
    const tmp = tempDir('br-zsh-off-');
    const guard = await startTestGuard(path.join(tmp.dir, 'run'));
    const userZ = path.join(tmp.dir, 'userz');
    writeUserZdotdir(userZ);
    const env = guard.env({ ...baseEnv(tmp.dir), ZDOTDIR: userZ }, { port: await closedPort() });
    const sh = await PtyShell.start('zsh', ['-i'], env, tmp.dir);
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

describe('zsh guard under VS Code shell integration', { skip: skip || (vscodeShellScripts() ? false : 'VS Code test host not installed') }, () => {
  test("VS Code's startup files chain to ours, commands are still reported, and the guard holds", async () => {
    const scripts = vscodeShellScripts()!;
    const tmp = tempDir('br-zsh-vsc-');
    const guard = await startTestGuard(path.join(tmp.dir, 'run'));
    const userZ = path.join(tmp.dir, 'userz');
    writeUserZdotdir(userZ);
    // What VS Code does when it launches zsh with shell integration: its own ZDOTDIR with its
    // scripts, and USER_ZDOTDIR = the ZDOTDIR it found in the environment (ours).
    const vz = path.join(tmp.dir, 'vscode-zsh');
    fs.mkdirSync(vz);
    for (const [from, to] of [['rc', '.zshrc'], ['env', '.zshenv'], ['profile', '.zprofile'], ['login', '.zlogin']] as const) {
      fs.copyFileSync(path.join(scripts, `shellIntegration-${from}.zsh`), path.join(vz, to));
    }
    const guarded = guard.env({ ...baseEnv(tmp.dir), ZDOTDIR: userZ });
    const env = { ...guarded, ZDOTDIR: vz, USER_ZDOTDIR: guarded.ZDOTDIR!, VSCODE_INJECTION: '1' };
    const sh = await PtyShell.start('zsh', ['-i'], env, tmp.dir);
    const f = path.join(tmp.dir, 'f');
    fs.writeFileSync(f, '');
    try {
      const start = sh.mark();
      assert.ok(hasLine(await sh.run('echo "$USER_ZSHRC_READ"'), 'yes'));
      const out = await sh.run('echo a; rm f');
      assert.ok(fs.existsSync(f));
      assert.ok(!hasLine(out, 'a'), out);
      // 633;E carries the command line VS Code reports; it is emitted by VS Code's preexec.
      assert.ok(sh.rawSince(start).includes('\x1b]633;E;echo "$USER_ZSHRC_READ"'));
    } finally {
      sh.kill();
      await guard.close();
      tmp.remove();
    }
  });
});

describe('zsh guard when the editor restarts', { skip }, () => {
  test('a terminal that outlives its guard server reconnects to the new one', async () => {
    const tmp = tempDir('br-zsh-restart-');
    const runDir = path.join(tmp.dir, 'run');
    const first = await startTestGuard(runDir);
    const serverFile = serverFilePath(runDir, '/some/workspace');
    writeServerFile(serverFile, first.server.port, first.server.token);
    const userZ = path.join(tmp.dir, 'userz');
    writeUserZdotdir(userZ);
    const sh = await PtyShell.start('zsh', ['-i'], first.env({ ...baseEnv(tmp.dir), ZDOTDIR: userZ }, { serverFile }), tmp.dir);
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
      assert.equal(second.hellos[0]?.shell, 'zsh');
    } finally {
      sh.kill();
      await second?.close();
      tmp.remove();
    }
  });
});
