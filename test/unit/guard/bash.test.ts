/**
 * The bash guard in a real interactive bash, driven through a pseudo-terminal, against a real
 * guard server with a small decision function (helpers/guard.ts: lines mentioning `rm f` are
 * refused). One shell serves the whole suite, as a person's terminal would.
 */
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REFUSED_REASON, baseEnv, closedPort, startTestGuard, type TestGuard } from './helpers/guard';
import { serverFilePath, writeServerFile } from '../../../src/core/guard/env';
import { tempDir } from '../helpers/tmp';
import { PtyShell, hasLine, have, vscodeShellScripts } from './helpers/pty';

const skip = have('bash') ? false : 'bash is not installed';

describe('bash guard', { skip }, () => {
  let tmp: ReturnType<typeof tempDir>;
  let guard: TestGuard;
  let sh: PtyShell;
  let work: string;
  let f: string;
  let env: Record<string, string>;

  before(async () => {
    tmp = tempDir('br-bash-');
    work = path.join(tmp.dir, 'work');
    fs.mkdirSync(work);
    fs.mkdirSync(path.join(tmp.dir, 'home'));
    guard = await startTestGuard(path.join(tmp.dir, 'run'));
    env = guard.env({
      ...baseEnv(path.join(tmp.dir, 'home')),
      PS1: 'BRP$((++__t_n))> ',
      HISTCONTROL: 'ignoreboth',
      HISTFILE: path.join(tmp.dir, 'home', '.bash_history'),
    });
    sh = await PtyShell.start('bash', ['--norc', '--noprofile', '-i'], env, work);
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
    assert.equal(guard.hellos[0]!.shell, 'bash');
  });

  test('an allowed line runs, and the editor was asked with the whole line and the cwd', async () => {
    const out = await sh.run('echo one; touch made');
    assert.ok(hasLine(out, 'one'), out);
    assert.ok(fs.existsSync(path.join(work, 'made')));
    assert.equal(lastCheck()?.line, 'echo one; touch made');
    assert.equal(lastCheck()?.cwd, work);
    assert.equal(lastCheck()?.shell, 'bash');
  });

  test('a refused line runs none of its parts', async () => {
    const out = await sh.run('echo a; rm f; echo b');
    assert.ok(fs.existsSync(f), 'f was deleted');
    assert.ok(!hasLine(out, 'a') && !hasLine(out, 'b'), out);
    assert.match(out, new RegExp(`blast-radius: refused: ${REFUSED_REASON}`));
  });

  test('each command line is asked about once', async () => {
    const before = guard.checks.length;
    await sh.run('echo x; echo y | cat; (echo z)');
    assert.equal(guard.checks.length - before, 1);
  });

  test('a subshell part refuses the whole line', async () => {
    const out = await sh.run('(rm f); echo b');
    assert.ok(fs.existsSync(f));
    assert.ok(!hasLine(out, 'b'), out);
  });

  test('a command substitution part refuses the whole line', async () => {
    const out = await sh.run('echo before; echo $(rm f) x');
    assert.ok(fs.existsSync(f));
    assert.ok(!hasLine(out, 'before') && !hasLine(out, 'x'), out);
  });

  test('a function defined and called on the line is refused', async () => {
    const out = await sh.run('g() { echo in-g; rm f; }; g');
    assert.ok(fs.existsSync(f));
    assert.ok(!hasLine(out, 'in-g'), out);
  });

  test('a pipeline with a refused part does not run', async () => {
    const out = await sh.run('echo x | rm f | cat; echo after');
    assert.ok(fs.existsSync(f));
    assert.ok(!hasLine(out, 'after'), out);
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
    assert.match(lastCheck()!.line, /^for i in 1 2; do.*echo L\$i.*rm f.*done$/s);
  });

  test('a heredoc body is part of the checked line', async () => {
    sh.type('cat <<EOF\r');
    sh.type('rm f\r');
    await sh.run('EOF');
    assert.match(lastCheck()!.line, /cat <<EOF\nrm f\nEOF/);
  });

  test('a line starting with a space (HISTCONTROL=ignoreboth) is checked whole and still kept out of history', async () => {
    const out = await sh.run(' echo a; rm f; echo b');
    assert.ok(fs.existsSync(f));
    assert.ok(!hasLine(out, 'a'), out);
    assert.equal(lastCheck()?.line, ' echo a; rm f; echo b');
    const hist = await sh.run('history 5');
    assert.doesNotMatch(hist, / {2}echo a; rm f/);
  });

  test('the exit status and $? are kept for allowed lines', async () => {
    const out = await sh.run('false; echo "st=$?"');
    assert.ok(hasLine(out, 'st=1'), out);
  });

  test('a refused line leaves status 130, as Ctrl-C would', async () => {
    await sh.run('rm f');
    const out = await sh.run('echo "st=$?"');
    assert.ok(hasLine(out, 'st=130'), out);
  });

  test('a held line says so in the terminal, then runs once allowed', async () => {
    const out = await sh.run('echo HOLDME done');
    assert.match(out, /blast-radius: held: held for the test/);
    assert.match(out, /blast-radius: allowed once by the test/);
    assert.ok(hasLine(out, 'HOLDME done'), out);
  });

  test('a line that only defines a function is judged by its body; a refused definition is removed', async () => {
    const before = guard.checks.length;
    const def = await sh.run('h() { rm f; }');
    assert.match(def, /blast-radius: refused: .*\(removed: h\)/);
    assert.equal(guard.checks[before]?.line, 'h() { rm f; }');
    const out = await sh.run('echo still-asking; type h 2>&1');
    assert.ok(hasLine(out, 'still-asking'), 'the next line is asked about as usual');
    assert.match(out, /h: not found/);
    assert.equal(guard.checks.length - before, 2);
    assert.ok(fs.existsSync(f));
  });

  test('an allowed definition stays, and the prompt is not mistaken for part of it', async () => {
    await sh.run('h2() { echo in-h2; }');
    assert.equal(lastCheck()?.line, 'h2() { echo in-h2; }');
    assert.ok(hasLine(await sh.run('h2'), 'in-h2'));
  });

  test('bash -c children are checked through BASH_ENV', async () => {
    const out = await sh.run('x=rm; bash -c "$x f"; echo "st=$?"');
    assert.ok(fs.existsSync(f));
    assert.ok(hasLine(out, 'st=126'), out);
    const child = guard.checks.find((c) => c.flags.child && c.line === 'rm f');
    assert.ok(child, 'the child asked about its -c string');
    assert.equal(child.flags.ppid, Number(await sh.run('echo $$').then((o) => o.trim().split('\n').pop())));
  });

  test('an allowed bash -c child runs', async () => {
    const out = await sh.run('bash -c "echo child-ran"');
    assert.ok(hasLine(out, 'child-ran'), out);
  });

  test('a replaced DEBUG trap is put back at the next prompt', async () => {
    await sh.run("trap 'true' DEBUG");
    const out = await sh.run('echo a; rm f; echo b');
    assert.ok(fs.existsSync(f));
    assert.ok(!hasLine(out, 'a'), out);
  });

  test('source of a startup file that resets PROMPT_COMMAND, PS0 and the DEBUG trap keeps the guard', async () => {
    const rc = path.join(tmp.dir, 'home', 'rc-clobber');
    fs.writeFileSync(rc, "PROMPT_COMMAND='true'\ntrap 'true' DEBUG\nPS0=''\nHISTCONTROL=ignorespace\n");
    await sh.run(`source ${rc}`);
    const out = await sh.run('echo a; rm f; echo b');
    assert.ok(fs.existsSync(f));
    assert.ok(!hasLine(out, 'a'), out);
  });

  test('a nested interactive bash is guarded', async () => {
    await sh.run('bash --norc --noprofile -i');
    const out = await sh.run('echo a; rm f; echo b');
    assert.ok(fs.existsSync(f));
    assert.ok(!hasLine(out, 'a'), out);
    await sh.run('exit');
  });

  test('exec bash keeps the guard', async () => {
    await sh.run('exec bash --norc --noprofile -i');
    const out = await sh.run('echo a; rm f; echo b');
    assert.ok(fs.existsSync(f));
    assert.ok(!hasLine(out, 'a'), out);
    assert.ok(hasLine(await sh.run('echo alive'), 'alive'));
  });

  test("the guard leaks no file descriptors and leaves the shell's stderr alone", { skip: fs.existsSync('/proc/self/fd') ? false : 'needs /proc' }, async () => {
    const fds = () => fs.readdirSync(`/proc/${sh.pid}/fd`).length;
    await sh.run('echo warm');
    const before = fds();
    for (let i = 0; i < 40; i++) await sh.run(i % 2 ? ':' : 'rm f');
    assert.equal(fds(), before);
    assert.match(await sh.run('ls /does-not-exist'), /No such file or directory/);
  });

  test('with history off, each command is checked on its own (partial mode)', async () => {
    await sh.run('set +o history');
    const out = await sh.run('echo first; rm f; echo never');
    assert.ok(fs.existsSync(f));
    assert.ok(hasLine(out, 'first'), 'earlier commands of the line ran');
    assert.ok(!hasLine(out, 'never'), out);
    assert.ok(guard.checks.some((c) => c.flags.partial && c.line === 'rm f'));
    await sh.run('set -o history');
  });
});

describe('bash guard when the editor does not answer', { skip }, () => {
  let tmp: ReturnType<typeof tempDir>;
  let guard: TestGuard;
  const shells: PtyShell[] = [];

  before(async () => {
    tmp = tempDir('br-bash-off-');
    fs.mkdirSync(path.join(tmp.dir, 'home'));
    guard = await startTestGuard(path.join(tmp.dir, 'run'));
  });
  after(async () => {
    for (const s of shells) s.kill();
    await guard?.close();
    tmp?.remove();
  });

  const start = async (opts: Parameters<TestGuard['env']>[1]): Promise<PtyShell> => {
    const env = guard.env({ ...baseEnv(path.join(tmp.dir, 'home')), PS1: 'BRP$((++__t_n))> ' }, opts);
    const s = await PtyShell.start('bash', ['--norc', '--noprofile', '-i'], env, tmp.dir);
    shells.push(s);
    return s;
  };

  test('a line nobody answers is refused after the shell timeout', async () => {
    const sh = await start({ waitSeconds: 1 });
    const f = path.join(tmp.dir, 'f1');
    fs.writeFileSync(f, '');
    const out = await sh.run(`echo HANGME; rm -f ${f}`, 20_000);
    assert.ok(fs.existsSync(f));
    assert.match(out, /refused: no answer from the editor within 1 s/);
    assert.ok(!hasLine(out, 'HANGME'), out);
  });

  test('with the server gone, destructive lines are refused and others run (refuse-destructive)', async () => {
    const sh = await start({ port: await closedPort(), offline: 'refuse-destructive' });
    assert.match(sh.output, /guard not connected — destructive commands are refused/);
    const dir = path.join(tmp.dir, 'd1');
    fs.mkdirSync(dir);
    const out = await sh.run(`rm -rf ${dir}`);
    assert.ok(fs.existsSync(dir));
    assert.match(out, /refused: looks destructive \(rm -r \/ rm -f\) and the guard is not connected/);
    assert.ok(hasLine(await sh.run('echo ordinary'), 'ordinary'));
  });

  test('with the server gone and offline behaviour "allow", destructive lines run with a warning', async () => {
    const sh = await start({ port: await closedPort(), offline: 'allow' });
    assert.match(sh.output, /guard not connected — commands run unchecked/);
    const dir = path.join(tmp.dir, 'd2');
    fs.mkdirSync(dir);
    const out = await sh.run(`rm -rf ${dir}`);
    assert.ok(!fs.existsSync(dir));
    assert.match(out, /not checked: looks destructive/);
  });
});

describe('bash guard under VS Code shell integration', { skip: skip || (vscodeShellScripts() ? false : 'VS Code test host not installed') }, () => {
  test("VS Code's command detection keeps working, and the guard holds", async () => {
    const script = path.join(vscodeShellScripts()!, 'shellIntegration-bash.sh');
    const tmp = tempDir('br-bash-vsc-');
    const home = path.join(tmp.dir, 'home');
    fs.mkdirSync(home);
    fs.writeFileSync(path.join(home, '.bashrc'), "PS1='BRP$((++__t_n))> '\n");
    const guard = await startTestGuard(path.join(tmp.dir, 'run'));
    // How VS Code starts bash with shell integration: --init-file its script, which reads ~/.bashrc.
    const env = { ...guard.env(baseEnv(home)), VSCODE_INJECTION: '1' };
    const sh = await PtyShell.start('bash', ['--init-file', script, '-i'], env, tmp.dir);
    const f = path.join(tmp.dir, 'f');
    fs.writeFileSync(f, '');
    try {
      const start = sh.mark();
      assert.ok(hasLine(await sh.run('echo reported'), 'reported'));
      const out = await sh.run('echo a; rm f; echo b');
      assert.ok(fs.existsSync(f));
      assert.ok(!hasLine(out, 'a'), out);
      const raw = sh.rawSince(start).replace(/\x1b\]633;([^\x07]*)\x07/g, '<633;$1>'); // eslint-disable-line no-control-regex
      // VS Code's preexec reports the command line (E) and its start (C); precmd its exit code (D).
      assert.match(raw, /<633;E;echo reported;[^>]*><633;C>/);
      assert.match(raw, /<633;D;0>/);
      assert.match(raw, /<633;D;130>/, 'the refused line is reported as interrupted');
      // our hook runs before VS Code's wrapper, at top level, so nested shells inherit it
      const pc = await sh.run('echo "$PROMPT_COMMAND"');
      assert.match(pc, /^builtin source '.*bash-guard\.sh'; __vsc_prompt_cmd_original$/m);
    } finally {
      sh.kill();
      await guard.close();
      tmp.remove();
    }
  });
});

describe('bash guard when the editor restarts', { skip }, () => {
  test('a terminal that outlives its guard server reconnects to the new one through the server file', async () => {
    const tmp = tempDir('br-bash-restart-');
    const runDir = path.join(tmp.dir, 'run');
    const first = await startTestGuard(runDir);
    const serverFile = serverFilePath(runDir, '/some/workspace');
    writeServerFile(serverFile, first.server.port, first.server.token);
    const env = first.env({ ...baseEnv(tmp.dir), PS1: 'BRP$((++__t_n))> ' }, { serverFile });
    const sh = await PtyShell.start('bash', ['--norc', '--noprofile', '-i'], env, tmp.dir);
    let second: TestGuard | undefined;
    try {
      assert.equal(first.hellos.length, 1);
      await first.close();
      second = await startTestGuard(runDir);
      writeServerFile(serverFile, second.server.port, second.server.token);
      const f = path.join(tmp.dir, 'f');
      fs.writeFileSync(f, '');
      const out = await sh.run('echo a; rm f; echo b');
      assert.ok(fs.existsSync(f));
      assert.ok(!hasLine(out, 'a'), out);
      assert.doesNotMatch(out, /not connected/);
      assert.equal(second.checks[0]?.line, 'echo a; rm f; echo b');
      assert.equal(second.hellos[0]?.shell, 'bash', 'the shell said hello to the new server');
      // children started from now on get the new server too
      const child = await sh.run('bash -c "echo child-ran"');
      assert.ok(hasLine(child, 'child-ran'), child);
      assert.ok(second.checks.some((c) => c.flags.child && c.line === 'echo child-ran'));
    } finally {
      sh.kill();
      await second?.close();
      tmp.remove();
    }
  });
});
