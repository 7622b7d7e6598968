/**
 * `blast-radius sandbox` under real bubblewrap: what a command inside can and cannot write, what
 * it can see and reach, and that the guard inside still reaches the editor outside. Run as this
 * user and, when the tests run as root, again as uid 65534 (an unprivileged user namespace).
 *
 * One sandbox per user runs a script of write attempts (each reports its exit status and error);
 * the cases read its report and check the files outside.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { writeDiscovery } from '../../../src/core/guard/discovery';
import { writeServerFile } from '../../../src/core/guard/env';
import { startGuardServer, type GuardServer } from '../../../src/core/guard/server';
import type { CheckRequest, HelloRequest } from '../../../src/core/guard/protocol';
import { repoRoot } from '../helpers/paths';
import { tempDir } from '../helpers/tmp';
import { CLI, NOBODY, giveToNobody, installCopy, sandboxSkip, sandboxed, unprivilegedSkip } from './helpers';

const skip = sandboxSkip();

/** The places one run protects, each with a writer run inside (sh) and the file checked outside. */
interface Attempt {
  what: string;
  /** Shell code run inside; `$W` is the workspace, `$H` the home folder (read-only), `$R` the runtime folder, `$E` the installation. */
  sh: string;
  /** The file (templated like `sh`) that must be unchanged afterwards, or must not exist. */
  file: string;
}

const ATTEMPTS: readonly Attempt[] = [
  { what: 'the workspace policy', sh: 'echo "{}" > "$W/.blast-radius.json"', file: '$W/.blast-radius.json' },
  { what: "Claude Code's workspace settings", sh: 'echo "{}" > "$W/.claude/settings.json"', file: '$W/.claude/settings.json' },
  { what: "a new Claude Code settings file (the folder was missing)", sh: 'echo "{}" > "$W/.claude/settings.local.json"', file: '$W/.claude/settings.local.json' },
  { what: "Cursor's hooks (the folder was missing)", sh: 'mkdir -p "$W/.cursor" && echo "{}" > "$W/.cursor/hooks.json"', file: '$W/.cursor/hooks.json' },
  { what: "Gemini CLI's workspace settings", sh: 'echo "{}" > "$W/.gemini/settings.json"', file: '$W/.gemini/settings.json' },
  { what: "Codex's hooks", sh: 'echo "{}" > "$W/.codex/hooks.json"', file: '$W/.codex/hooks.json' },
  { what: 'the Copilot hooks folder', sh: 'echo "{}" > "$W/.github/hooks/x.json"', file: '$W/.github/hooks/x.json' },
  { what: 'a git hook', sh: 'printf "#!/bin/sh\\nexit 0\\n" > "$W/.git/hooks/pre-commit"', file: '$W/.git/hooks/pre-commit' },
  { what: "git's config (core.hooksPath, fsmonitor)", sh: 'git -C "$W" config core.hooksPath /tmp', file: '$W/.git/config' },
  { what: 'the review records', sh: 'mkdir -p "$W/.blast-radius/reviews/2026-01" && echo "{}" > "$W/.blast-radius/reviews/2026-01/x.json"', file: '$W/.blast-radius/reviews/2026-01/x.json' },
  { what: 'an existing review record', sh: 'rm -f "$W/.blast-radius/reviews/old.json"', file: '$W/.blast-radius/reviews/old.json' },
  { what: '~/.bashrc', sh: 'echo "trap - DEBUG" >> "$H/.bashrc"', file: '$H/.bashrc' },
  { what: '~/.zshrc', sh: 'echo "preexec_functions=()" >> "$H/.zshrc"', file: '$H/.zshrc' },
  { what: "fish's conf.d", sh: 'mkdir -p "$H/.config/fish/conf.d" && echo "bind \\r execute" > "$H/.config/fish/conf.d/x.fish"', file: '$H/.config/fish/conf.d/x.fish' },
  { what: 'the bash guard script', sh: 'echo "return 0" > "$E/media/guard/bash-guard.sh"', file: '$E/media/guard/bash-guard.sh' },
  { what: 'the zsh guard', sh: 'echo "return 0" >> "$E/media/guard/zsh/.zshrc"', file: '$E/media/guard/zsh/.zshrc' },
  { what: 'the CLI itself', sh: 'echo "process.exit(0)" > "$E/dist/cli.js"', file: '$E/dist/cli.js' },
  { what: 'the runtime folder (a forged discovery record)', sh: 'echo "{}" > "$R/blast-radius/000000000000000000000000.json"', file: '$R/blast-radius/000000000000000000000000.json' },
  { what: "the runtime folder (the window's server file)", sh: 'echo "BR1 1 x" > "$R/blast-radius/server-00000000000000000000"', file: '$R/blast-radius/server-00000000000000000000' },
  { what: 'a folder outside the workspace', sh: 'rm -rf "$H/projects/victim"', file: '$H/projects/victim/keep' },
];

interface World {
  tmp: ReturnType<typeof tempDir>;
  ws: string;
  home: string;
  run: string;
  ext: ReturnType<typeof installCopy>;
  env: Record<string, string>;
  fill(s: string): string;
  /** What each file was before (undefined: it did not exist). */
  before: Map<string, string | undefined>;
}

function makeWorld(nobody: boolean): World {
  const tmp = tempDir('br-sandbox-');
  const ws = path.join(tmp.dir, 'ws');
  const home = path.join(tmp.dir, 'home');
  const run = path.join(tmp.dir, 'run');
  for (const d of [ws, home, path.join(tmp.dir, 'other')]) fs.mkdirSync(d, { recursive: true });
  fs.mkdirSync(run, { mode: 0o700 });
  spawnSync('git', ['init', '-q', ws]);
  const put = (p: string, text: string): void => {
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, text);
  };
  put(path.join(ws, '.blast-radius.json'), '{ "version": 1 }\n');
  put(path.join(ws, '.claude', 'settings.json'), '{ "hooks": {} }\n');
  put(path.join(ws, '.gemini', 'settings.json'), '{ "hooks": {} }\n');
  put(path.join(ws, '.codex', 'hooks.json'), '{ "hooks": {} }\n');
  put(path.join(ws, '.blast-radius', 'reviews', 'old.json'), '{}\n');
  put(path.join(home, '.bashrc'), '# mine\n');
  put(path.join(home, '.zshrc'), '# mine\n');
  put(path.join(home, 'projects', 'victim', 'keep'), 'keep\n');
  const ext = installCopy(ws);
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: home,
    XDG_RUNTIME_DIR: run,
    LANG: 'C.UTF-8',
    BLAST_RADIUS_GUARD_DIR: ext.guard,
  };
  if (nobody) giveToNobody(tmp.dir);
  const fill = (s: string): string => s.replace(/\$W/g, ws).replace(/\$H/g, home).replace(/\$R/g, run).replace(/\$E/g, ext.root);
  const before = new Map<string, string | undefined>();
  for (const a of ATTEMPTS) {
    const f = fill(a.file);
    before.set(f, fs.existsSync(f) ? fs.readFileSync(f, 'utf8') : undefined);
  }
  return { tmp, ws, home, run, ext, env, fill, before };
}

const USERS = [
  { who: 'this user', nobody: false, skip: false as string | false },
  { who: `uid ${NOBODY}`, nobody: true, skip: unprivilegedSkip() },
];

for (const u of USERS) {
  describe(`blast-radius sandbox, run by ${u.who}`, { skip: skip || u.skip }, () => {
    let w: World;
    const report = new Map<string, string>();
    before(async () => {
      w = makeWorld(u.nobody);
      // one sandbox runs every attempt and reports `<n> <status> <error>` for each
      const script = ATTEMPTS.map((a, i) => `( ${a.sh} ) 2>/tmp/e; echo "${i} $? $(head -c 200 /tmp/e | tr '\\n' ' ')"`).join('\n');
      const r = await sandboxed({ cli: w.ext.cli, command: ['/bin/sh', '-c', script], cwd: w.ws, env: { ...w.env, W: w.ws, H: w.home, R: w.run, E: w.ext.root }, nobody: u.nobody });
      assert.equal(r.code, 0, `the sandbox ran: ${r.err}`);
      for (const line of r.out.split('\n')) {
        const m = /^(\d+) (.*)$/.exec(line);
        if (m) report.set(ATTEMPTS[Number(m[1])]!.what, m[2]!);
      }
    });
    after(() => w?.tmp.remove());

    for (const a of ATTEMPTS) {
      test(`inside, writing ${a.what} fails and it is unchanged`, () => {
        const said = report.get(a.what);
        assert.ok(said !== undefined, 'the attempt ran');
        assert.match(said, /^[1-9]\d* .*(Read-only file system|Permission denied|Device or resource busy|could not lock|EROFS|EACCES|EBUSY)/, `the write did not fail as it should: ${said}`);
        const f = w.fill(a.file);
        assert.equal(fs.existsSync(f) ? fs.readFileSync(f, 'utf8') : undefined, w.before.get(f), `${f} changed`);
      });
    }

    test('inside, the workspace is writable (new files, edits, deletes, git commits)', async () => {
      const r = await sandboxed({
        cli: w.ext.cli,
        command: ['/bin/sh', '-c', 'echo made > made.txt && mkdir -p src && echo code > src/a.ts && rm made.txt && git add src && git -c user.name=A -c user.email=a@example.com commit -qm one && echo done'],
        cwd: w.ws,
        env: w.env,
        nobody: u.nobody,
      });
      assert.equal(r.code, 0, r.err);
      assert.match(r.out, /done/);
      assert.equal(fs.readFileSync(path.join(w.ws, 'src', 'a.ts'), 'utf8'), 'code\n');
      assert.ok(!fs.existsSync(path.join(w.ws, 'made.txt')));
          assert.equal(spawnSync('git', ['-c', 'safe.directory=*', '-C', w.ws, 'log', '--format=%s', '-1'], { encoding: 'utf8' }).stdout.trim(), 'one');
    });

    test('the folders made to cover missing configuration are gone afterwards, the existing ones kept', () => {
      assert.ok(!fs.existsSync(path.join(w.ws, '.cursor')), '.cursor was made for the session and removed');
      assert.ok(!fs.existsSync(path.join(w.ws, '.github')), '.github was made for the session and removed');
      assert.ok(fs.existsSync(path.join(w.ws, '.claude', 'settings.json')));
    });

    test('the exit status is the command\'s', async () => {
      const r = await sandboxed({ cli: w.ext.cli, command: ['/bin/sh', '-c', 'exit 7'], cwd: w.ws, env: w.env, nobody: u.nobody });
      assert.equal(r.code, 7, r.err);
    });

    test("inside, only the sandbox's own processes are visible, and no capability is left", async () => {
      const r = await sandboxed({
        cli: w.ext.cli,
        command: ['/bin/sh', '-c', `ls /proc | grep -c '^[0-9]'; kill -0 ${process.pid} 2>&1 || echo cannot-signal; grep CapEff /proc/self/status`],
        cwd: w.ws,
        env: w.env,
        nobody: u.nobody,
      });
      assert.equal(r.code, 0, r.err);
      const [count] = r.out.split('\n');
      assert.ok(Number(count) < 10, `processes seen inside: ${count}`);
      assert.match(r.out, /cannot-signal/);
      assert.match(r.out, /CapEff:\s+0+\n/);
    });

    test("inside, /tmp and /run are the sandbox's own: the host's files and sockets there are not", async () => {
      const r = await sandboxed({ cli: w.ext.cli, command: ['/bin/sh', '-c', `ls "${w.tmp.dir}/other" 2>&1; ls /run; touch /tmp/scratch && echo tmp-writable`], cwd: w.ws, env: w.env, nobody: u.nobody });
      assert.equal(r.code, 0, r.err);
      assert.match(r.out, /No such file or directory/, 'the test folder in the host /tmp is not there (only the places bound into it)');
      assert.doesNotMatch(r.out, /docker\.sock|dbus|user\n/);
      assert.match(r.out, /tmp-writable/);
    });

    test('inside, a new user namespace cannot make a protected file writable again', async () => {
      const r = await sandboxed({
        cli: w.ext.cli,
        command: ['/bin/sh', '-c', `unshare -Urm sh -c 'mount -o remount,rw,bind "$0" 2>/dev/null; umount "$0" 2>/dev/null; echo x > "$0"' "${w.ws}/.blast-radius.json"; cat "${w.ws}/.blast-radius.json"`],
        cwd: w.ws,
        env: w.env,
        nobody: u.nobody,
      });
      assert.match(r.out, /"version": 1/);
      assert.equal(fs.readFileSync(path.join(w.ws, '.blast-radius.json'), 'utf8'), '{ "version": 1 }\n');
    });
  });
}

describe('blast-radius sandbox: the network and the editor', { skip }, () => {
  let tmp: ReturnType<typeof tempDir>;
  let ws: string;
  let home: string;
  let run: string;
  let server: GuardServer;
  const checks: CheckRequest[] = [];
  const hellos: HelloRequest[] = [];
  let other: net.Server;
  let otherPort: number;
  let env: Record<string, string>;

  before(async () => {
    tmp = tempDir('br-sandbox-net-');
    ws = path.join(tmp.dir, 'ws');
    home = path.join(tmp.dir, 'home');
    run = path.join(tmp.dir, 'run');
    fs.mkdirSync(ws);
    fs.mkdirSync(home);
    fs.mkdirSync(run, { mode: 0o700 });
    server = await startGuardServer({
      decide: async (req) => {
        checks.push(req);
        return /victim/.test(req.line) ? { verdict: 'deny', reason: 'the test protects its victim' } : { verdict: 'allow', reason: '' };
      },
      onHello: (h) => hellos.push(h),
    });
    other = net.createServer((s) => s.end('not the editor\n'));
    otherPort = await new Promise((resolve) => other.listen(0, '127.0.0.1', () => resolve((other.address() as net.AddressInfo).port)));
    env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, XDG_RUNTIME_DIR: run, LANG: 'C.UTF-8' };
  });
  after(async () => {
    await server?.close();
    other?.close();
    tmp?.remove();
  });

  /** Node code run inside: sends one request to the port the environment names, prints the answer. */
  const ask = (line: string, token = 'process.env.BLAST_RADIUS_GUARD_TOKEN'): string =>
    `const s=require('net').connect(+process.env.BLAST_RADIUS_GUARD_PORT,'127.0.0.1');let o='';s.on('data',d=>o+=d);s.on('close',()=>console.log('ANSWER '+JSON.stringify(o)));s.on('error',e=>console.log('ERROR '+e.code));` +
    `s.write('BR1 CHECK '+${token}+' bash '+process.pid+' 1 -\\n'+process.cwd()+'\\0'+${JSON.stringify(line)}+'\\0');`;

  test('without --share-net, a guard inside reaches the editor, which sees the process as it is outside', async () => {
    const before = checks.length;
    const r = await sandboxed({
      command: [process.execPath, '-e', ask('echo safe')],
      cwd: ws,
      env: { ...env, BLAST_RADIUS_GUARD_PORT: String(server.port), BLAST_RADIUS_GUARD_TOKEN: server.token },
    });
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /ANSWER "BR1 ALLOW/);
    const req = checks[before];
    assert.ok(req, 'the editor was asked');
    assert.equal(req.line, 'echo safe');
    assert.equal(req.cwd, ws);
    assert.ok(req.pid > 100 && req.pid !== process.pid, `the process id the editor sees is the one outside (${req.pid})`);
  });

  test('a refused line is refused inside as outside', async () => {
    const r = await sandboxed({
      command: [process.execPath, '-e', ask('rm -rf victim')],
      cwd: ws,
      env: { ...env, BLAST_RADIUS_GUARD_PORT: String(server.port), BLAST_RADIUS_GUARD_TOKEN: server.token },
    });
    assert.match(r.out, /ANSWER "BR1 DENY the test protects its victim/);
  });

  test('without --share-net, nothing else on this machine is reachable; with it, it is', async () => {
    const probe = `const s=require('net').connect(${otherPort},'127.0.0.1');s.on('data',d=>console.log('REACHED '+d));s.on('error',e=>console.log('ERROR '+e.code));`;
    const closed = await sandboxed({ command: [process.execPath, '-e', probe], cwd: ws, env });
    assert.match(closed.out, /ERROR ECONNREFUSED/);
    const open = await sandboxed({ options: ['--share-net'], command: [process.execPath, '-e', probe], cwd: ws, env });
    assert.match(open.out, /REACHED not the editor/);
  });

  test('the relay sends a request only to an editor the sandbox knows, by the token it carries', async () => {
    const r = await sandboxed({
      command: [process.execPath, '-e', ask('echo x', `'${'f'.repeat(48)}'`)],
      cwd: ws,
      env: { ...env, BLAST_RADIUS_GUARD_PORT: String(server.port), BLAST_RADIUS_GUARD_TOKEN: server.token },
    });
    assert.match(r.out, /ANSWER ""/, 'the connection was closed without an answer');
  });

  test("the runtime folder inside holds only copies of the workspace's editor records, naming the relay", async () => {
    const serverFile = path.join(run, 'blast-radius', 'server-0123456789abcdef0123');
    fs.mkdirSync(path.dirname(serverFile), { recursive: true, mode: 0o700 });
    writeServerFile(serverFile, server.port, server.token);
    writeDiscovery({ workspace: ws, host: '127.0.0.1', port: server.port, token: server.token, pid: process.pid }, env);
    const elsewhere = path.join(tmp.dir, 'elsewhere');
    fs.mkdirSync(elsewhere);
    writeDiscovery({ workspace: elsewhere, host: '127.0.0.1', port: server.port, token: server.token, pid: process.pid }, env);
    fs.writeFileSync(path.join(run, 'blast-radius', 'hook-judge-abc.json'), '{}', { mode: 0o600 });
    const r = await sandboxed({
      command: ['/bin/sh', '-c', 'cd "$XDG_RUNTIME_DIR/blast-radius" && for f in *; do echo "FILE $f $(cat "$f")"; done; echo "PORT $BLAST_RADIUS_GUARD_PORT"'],
      cwd: ws,
      env: { ...env, BLAST_RADIUS_GUARD_PORT: String(server.port), BLAST_RADIUS_GUARD_TOKEN: server.token, BLAST_RADIUS_GUARD_SERVER_FILE: serverFile },
    });
    assert.equal(r.code, 0, r.err);
    const files = r.out.split('\n').filter((l) => l.startsWith('FILE '));
    assert.equal(files.length, 2, `only the server file and this workspace's record: ${files.join(' | ')}`);
    const port = /PORT (\d+)/.exec(r.out)?.[1];
    assert.ok(files.some((f) => f.includes(`BR1 ${port} ${server.token}`)), 'the server file names the relay');
    const rec = files.find((f) => f.includes('"workspace"'));
    assert.ok(rec?.includes(`"port":${port}`) && rec.includes(`"workspace":"${ws}"`), rec);
    assert.ok(!files.some((f) => f.includes('hook-judge')), "the hook judge's record stays outside");
  });

  test("an agent's hook inside reaches the editor through the workspace's discovery record", async () => {
    writeDiscovery({ workspace: ws, host: '127.0.0.1', port: server.port, token: server.token, pid: process.pid }, env);
    const before = checks.length;
    const payload = JSON.stringify({ session_id: 's', cwd: ws, hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: { command: 'rm -rf victim' } });
    const r = await sandboxed({ command: [process.execPath, CLI, 'hook', 'claude-code'], cwd: ws, env: { ...env, BLAST_RADIUS_HOOK_JUDGE: 'off' }, input: payload });
    assert.equal(r.code, 0, r.err);
    const asked = checks.slice(before).find((c) => c.flags.agent !== undefined);
    assert.ok(asked, `the editor was asked by the hook; answer: ${r.out}`);
    assert.equal(asked.line, 'rm -rf victim');
    assert.match(r.out, /"permissionDecision":"deny"/);
  });

  test("inside, a record in a folder the agent can write is not believed, even one naming the sandbox's relay", async () => {
    writeDiscovery({ workspace: ws, host: '127.0.0.1', port: server.port, token: server.token, pid: process.pid }, env);
    const before = checks.length;
    const payload = JSON.stringify({ session_id: 's', cwd: ws, hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: { command: 'rm -rf victim' } });
    const fake = path.join(ws, '.fake-run');
    // the sandbox's own copy of the record (naming the relay), copied where the agent can write
    const script = `mkdir -p '${fake}/blast-radius' && chmod 700 '${fake}' '${fake}/blast-radius' && cp "$XDG_RUNTIME_DIR"/blast-radius/*.json '${fake}/blast-radius/' && XDG_RUNTIME_DIR='${fake}' exec '${process.execPath}' '${CLI}' hook claude-code`;
    try {
      const r = await sandboxed({ command: ['/bin/sh', '-c', script], cwd: ws, env: { ...env, BLAST_RADIUS_HOOK_JUDGE: 'off' }, input: payload });
      assert.equal(r.code, 0, r.err);
      assert.match(r.err, /was ignored: its folder .* can be written, so it is not the sandbox's copy/);
      assert.equal(checks.slice(before).find((c) => c.flags.agent !== undefined), undefined, 'the editor was not asked');
      assert.doesNotMatch(r.out, /"permissionDecision":"deny"/, "the editor's answer (this test's editor denies the line) did not come back: the hook judged by itself");
    } finally {
      fs.rmSync(fake, { recursive: true, force: true });
    }
  });
});

describe('blast-radius sandbox: where it cannot run, it says so and runs nothing', { skip }, () => {
  let tmp: ReturnType<typeof tempDir>;
  before(() => {
    tmp = tempDir('br-sandbox-none-');
    fs.mkdirSync(path.join(tmp.dir, 'bin'));
    fs.symlinkSync(process.execPath, path.join(tmp.dir, 'bin', 'node'));
  });
  after(() => tmp?.remove());

  /**
   * Runs the CLI's sandbox inside a bubblewrap sandbox made to lack something. The repository is
   * bound in again after the fresh /tmp, so the CLI is there when the clone is under /tmp.
   */
  const within = (bwrapArgs: string[], env: Record<string, string>) =>
    spawnSync('/usr/bin/bwrap', [...bwrapArgs, '--ro-bind', repoRoot, repoRoot, '--bind', tmp.dir, tmp.dir, '--', process.execPath, CLI, 'sandbox', '--', '/bin/sh', '-c', `touch ${tmp.dir}/ran`], {
      env,
      encoding: 'utf8',
      timeout: 60_000,
    });

  test('no bubblewrap: exit 69, how to install it, nothing run', () => {
    const r = within(
      ['--unshare-all', '--ro-bind', '/', '/', '--dev', '/dev', '--proc', '/proc', '--tmpfs', '/tmp', '--bind', tmp.dir, tmp.dir, '--ro-bind', '/dev/null', '/usr/bin/bwrap'],
      { PATH: path.join(tmp.dir, 'bin'), HOME: tmp.dir },
    );
    assert.equal(r.status, 69, r.stderr);
    assert.match(r.stderr, /bubblewrap \(bwrap\) is not installed; install the bubblewrap package/);
    assert.ok(!fs.existsSync(path.join(tmp.dir, 'ran')));
  });

  test('no user namespaces: exit 69, what to check, nothing run', () => {
    const r = within(['--unshare-all', '--unshare-user', '--disable-userns', '--ro-bind', '/', '/', '--dev', '/dev', '--proc', '/proc', '--tmpfs', '/tmp', '--bind', tmp.dir, tmp.dir], {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: tmp.dir,
    });
    assert.equal(r.status, 69, r.stderr);
    assert.match(r.stderr, /cannot create the sandbox's namespaces .*user namespaces are off/);
    assert.ok(!fs.existsSync(path.join(tmp.dir, 'ran')));
  });

  test('the home folder cannot be the workspace', () => {
    const r = spawnSync(process.execPath, [CLI, 'sandbox', '--workspace', tmp.dir, '--', '/bin/true'], { env: { PATH: process.env.PATH ?? '', HOME: tmp.dir }, encoding: 'utf8' });
    assert.equal(r.status, 64);
    assert.match(r.stderr, /holds your home folder/);
  });
});
