import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { looksLikeDestructiveSql, looksLikeSql } from '../../../src/core/shell/embedded';
import type { ParsedLine } from '../../../src/core/shell/model';
import { argTexts, commandNamed, parse, textOf } from './helpers';

/** Programs of the commands that came out of a wrapper (those with a via chain). */
function inner(p: ParsedLine): string[] {
  return p.commands.filter((c) => c.via.length > 0).map((c) => c.program);
}

describe('command lines inside the arguments of any tool', () => {
  const runs: [string, string, string[], string, string?][] = [
    // line, inner program, its args, via program, via target
    ['pyinfra inventory.py exec -- rm -rf /srv/app', 'rm', ['-rf', '/srv/app'], 'pyinfra', 'exec --'],
    ['devbox run -- rm -rf build', 'rm', ['-rf', 'build'], 'devbox', 'run --'],
    ['conda run -n base -- rm -rf /opt/x', 'rm', ['-rf', '/opt/x'], 'conda', 'run --'],
    ["certbot renew --post-hook 'rm -rf /etc/letsencrypt/live'", 'rm', ['-rf', '/etc/letsencrypt/live'], 'certbot', '--post-hook'],
    ['mytool deploy --command="rm -rf ~/work"', 'rm', ['-rf', '~/work'], 'mytool', '--command'],
    ["git rebase -i --exec 'git clean -fdx' HEAD~3", 'git', ['clean', '-fdx'], 'git', '--exec'],
    ["repo forall -c 'git clean -fdx'", 'git', ['clean', '-fdx'], 'repo', '-c'],
    ["git submodule foreach 'git reset --hard'", 'git', ['reset', '--hard'], 'git', 'foreach'],
    ["xterm -e 'rm -rf ~/Documents'", 'rm', ['-rf', '~/Documents'], 'xterm', '-e'],
    ["smbclient //nas/share -c 'deltree Archive'", 'smbclient', ['deltree', 'Archive'], 'smbclient', '-c'],
    ["debugfs -w -R 'rm /etc/fstab' /dev/sdb1", 'debugfs', ['rm', '/etc/fstab'], 'debugfs', '-R'],
    ['micromamba run -n base rm -rf /opt/x', 'rm', ['-rf', '/opt/x'], 'micromamba', 'run'],
    ['pyinfra @local exec rm -rf /srv/x', 'rm', ['-rf', '/srv/x'], 'pyinfra', 'exec'],
    ["foo -c 'rm -rf $HOME/x'", 'rm', ['-rf', '$HOME/x'], 'foo', '-c'],
    // device and machine shells: the command, or the machine and then the command
    ['adb shell rm -rf /sdcard/DCIM', 'rm', ['-rf', '/sdcard/DCIM'], 'adb', 'shell'],
    ["adb -s emulator-5554 shell 'rm -rf /sdcard/Download'", 'rm', ['-rf', '/sdcard/Download'], 'adb', 'emulator-5554'],
    ['limactl shell default rm -rf /srv/x', 'rm', ['-rf', '/srv/x'], 'limactl', 'default'],
    // a command after the run/exec subcommand, in one quoted word, or after the name it runs in
    ["bolt command run 'rm -rf /srv/www' --targets web", 'rm', ['-rf', '/srv/www'], 'bolt', 'run'],
    ["mco shell run 'rm -rf /srv/cache'", 'rm', ['-rf', '/srv/cache'], 'mco', 'run'],
    ['dokku run shop-api rm -rf /app/storage', 'rm', ['-rf', '/app/storage'], 'dokku', 'run'],
    ["cf ssh billing-api -c 'rm -rf /home/vcap/app'", 'rm', ['-rf', '/home/vcap/app'], 'cf', 'billing-api'],
    // only options before `--`, then a command
    ['nsenter -t 1 -m -u -- rm -rf /var/lib/etcd', 'rm', ['-rf', '/var/lib/etcd'], 'nsenter', undefined],
    // console requests: the tool's own subcommands
    ["kadmin -q 'delprinc -force bob'", 'kadmin', ['delprinc', '-force', 'bob'], 'kadmin', '-q'],
    ["echo 'delete volume=Vol-7 yes' | bconsole", 'bconsole', ['delete', 'volume=Vol-7', '--yes'], 'bconsole', 'stdin'],
  ];
  for (const [line, program, args, via, target] of runs) {
    test(`${line} runs ${program}`, async () => {
      const p = await parse(line);
      const c = p.commands.find((x) => x.program === program && x.via.length > 0);
      assert.ok(c, `no inner ${program} in ${p.commands.map((x) => `${x.program}(${x.via.length})`).join(', ')}`);
      assert.deepEqual(argTexts(c), args);
      assert.equal(c.via[c.via.length - 1]!.program, via);
      assert.equal(c.via[c.via.length - 1]!.target, target);
    });
  }

  test('a command after -- keeps its place in the line', async () => {
    const p = await parse('pixi exec -- rm -rf /srv/data');
    const rm = commandNamed(p, 'rm');
    assert.equal(textOf(p, rm.span), 'rm -rf /srv/data');
  });

  test('an ssh subcommand runs its command on the host named after it', async () => {
    const p = await parse("docker-machine ssh dev 'sudo rm -rf /var/lib/docker'");
    const rm = commandNamed(p, 'rm');
    assert.equal(rm.remote, true);
    assert.deepEqual(rm.via.map((v) => [v.kind, v.target]), [['remote', 'dev'], ['prefix', undefined]]);
  });

  test('exec NAME -- CMD runs CMD inside NAME', async () => {
    const rm = commandNamed(await parse('orb exec ubuntu -- rm -rf /var/lib/data'), 'rm');
    assert.equal(rm.remote, true);
    assert.deepEqual(rm.via.map((v) => [v.kind, v.target]), [['container', 'ubuntu']]);
  });

  test('a tool whose first operand is a shell given -c starts it', async () => {
    const rm = commandNamed(await parse("proxychains bash -c 'rm -rf /srv'"), 'rm');
    assert.deepEqual(argTexts(rm), ['-rf', '/srv']);
  });

  test('a tool whose first operand is ssh starts it', async () => {
    const rm = commandNamed(await parse("sshpass -e ssh deploy@web01 'rm -rf /srv'"), 'rm');
    assert.equal(rm.remote, true);
  });

  test('running for every item raises the reach', async () => {
    const all = commandNamed(await parse("repo forall -c 'git clean -fdx'"), 'git');
    assert.match(all.via[0]!.reach ?? '', /every item `repo forall`/);
    const named = commandNamed(await parse("repo forall app lib -c 'git clean -fdx'"), 'git');
    assert.equal(named.via[0]!.reach, undefined);
  });

  test('forfiles: @path stands for every matched file, /s for every subfolder', async () => {
    const p = await parse('cmd /c forfiles /p D:\\backups /s /m *.bak /c "cmd /c del @path"', 'pwsh');
    const del = commandNamed(p, 'del');
    assert.deepEqual(argTexts(del), ['D:\\backups\\*.bak']);
    const f = del.via.find((v) => v.program === 'forfiles');
    assert.match(f?.reach ?? '', /every file matching \*\.bak in D:\\backups and all its subfolders/);
  });

  const quiet: string[] = [
    'git commit -m "rm -rf /"',
    'gh pr create --title "exec -- rm -rf cleanup" --body "rm -rf x"',
    'cargo run -- rm -rf /',
    'nix run nixpkgs#hello -- rm -rf /',
    'vitest --run src/delete.test.ts',
    'echo --command "rm -rf /"',
    'go test -run TestDelete ./...',
    "git -c 'user.name=Foo Bar' commit -m x",
    'todo -c "delete old files"',
    'ping -c 3 example.com',
    'zip -e "my archive.zip" a.txt',
    'update-alternatives --set python /usr/bin/python3',
    "mytool --exec 'DROP TABLE users'",
    "sqlfluff lint --command 'rm -rf /'",
    'conda env remove -n old',
    'devbox run test',
    'gh run view 123',
    'flask run --port 5000',
    'mytool sh build',
    // a subcommand that is not a command, code that is not a command line, data on standard input
    'git checkout -- src/rm.ts',
    'npm test -- --watch=false',
    'poetry shell',
    "echo 'delete me' | base64",
    "echo 'DROP TABLE users' | mytool",
    "echo 'purge the cache' | md5sum",
    "printf 'delete x\\n' | mytool import data.csv",
  ];
  for (const line of quiet) {
    test(`${line} runs nothing of its arguments`, async () => {
      assert.deepEqual(inner(await parse(line)), []);
    });
  }
});

describe('SQL text in an argument', () => {
  test('statements', () => {
    for (const t of ['DROP TABLE users', 'drop database shop', 'TRUNCATE TABLE events', 'DELETE FROM orders', 'UPDATE accounts SET balance = 0', "-- purge\nDELETE FROM t", 'DROP SCHEMA raw CASCADE']) assert.ok(looksLikeDestructiveSql(t), t);
  });
  test('not statements, or nothing destructive outside string literals', () => {
    for (const t of ['drop table after the migration', 'DELETE FROM the cache when done', 'truncate -s 0 app.log', "SELECT 'DROP TABLE x'", 'rm -rf /', 'update-db --force', 'DROP']) assert.ok(!looksLikeDestructiveSql(t), t);
  });
  test('SQL is not read as a command line', () => {
    assert.ok(looksLikeSql('SELECT count(*) FROM users'));
    assert.ok(!looksLikeSql('set -e; rm -rf x'));
    assert.ok(!looksLikeSql('update-db --force'));
  });
});
