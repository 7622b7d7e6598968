/**
 * Reading interpreter code (src/core/code/): what each language's code runs, deletes, overwrites,
 * and what it does through names only known at run time, as the shell lines the command engine
 * judges (src/core/code/shell.ts). Real grammars (tree-sitter) and the real tokenizers.
 */
import * as assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import type { CodeEffect, CodeLanguage } from '../../../src/core/code/effects';
import { GRAMMARS, loadGrammars } from '../../../src/core/code/grammars';
import { CodeReader, type ReadOptions } from '../../../src/core/code/read';
import { judgedOnItsOwn, shellEquivalent } from '../../../src/core/code/shell';
import { findWasmDir } from '../../../src/core/shell/loader';
import { loadShellLanguages } from '../../../src/core/shell/loader';

let wasmDir = '';

before(async () => {
  wasmDir = findWasmDir();
  await loadShellLanguages(wasmDir);
  await loadGrammars(GRAMMARS, wasmDir);
});

function read(language: CodeLanguage, code: string, options: ReadOptions = {}): CodeEffect[] {
  const r = new CodeReader(wasmDir).read(language, code, options);
  assert.equal(r.unread, undefined, `unread: ${r.unread}`);
  return r.effects;
}

/** The shell lines the code amounts to. */
function shell(language: CodeLanguage, code: string, options?: ReadOptions): string[] {
  return read(language, code, options)
    .map(shellEquivalent)
    .filter((s): s is string => s !== undefined);
}

/** The effects judged on their own (run-time paths, computed calls, client calls), by kind. */
function own(language: CodeLanguage, code: string): string[] {
  return read(language, code)
    .filter(judgedOnItsOwn)
    .map((e) => e.kind);
}

const SHELL_CASES: [CodeLanguage, string, string[]][] = [
  // Python: imports and aliases
  ['python', "import shutil; shutil.rmtree('/srv/data')", ['rm -rf -- /srv/data']],
  ['python', "from shutil import rmtree as r; r('/opt/app')", ['rm -rf -- /opt/app']],
  ['python', "import shutil as s\ns.rmtree('/x')", ['rm -rf -- /x']],
  ['python', "__import__('os').system('rm -rf ~')", ['rm -rf ~']],
  ['python', "import os; getattr(os, 'remove')('/etc/hosts')", ['rm -f -- /etc/hosts']],
  ['python', "import importlib; importlib.import_module('shutil').rmtree('/y')", ['rm -rf -- /y']],
  ['python', "import subprocess as sp; sp.check_call('dropdb shop', shell=True)", ['dropdb shop']],
  ['python', "import subprocess; subprocess.run(['rm', '-rf', '/srv/www'])", ['rm -rf /srv/www']],
  ['python', "import os; os.execvp('rm', ['rm', '-rf', '/z'])", ['rm -rf /z']],
  ['python', "import os; os.system('rm -rf ' + '/tmp/' + 'x')", ['rm -rf /tmp/x']],
  ['python', "import os; d = '/var/lib'; os.system(f'rm -rf {d}/app')", ['rm -rf /var/lib/app']],
  ['python', "import os; os.system('rm -rf %s' % '/q')", ['rm -rf /q']],
  ['python', "import os; os.system('rm -rf {}'.format('/w'))", ['rm -rf /w']],
  ['python', "import os; os.remove(os.path.expanduser('~/.ssh/id_ed25519'))", ['rm -f -- ~/.ssh/id_ed25519']],
  ['python', "import os; os.remove(os.path.join(os.environ['HOME'], '.bashrc'))", ['rm -f -- "${HOME}"/.bashrc']],
  ['python', "import pathlib; [p.unlink() for p in pathlib.Path('/var/backups').rglob('*.dump')]", ['rm -f -- /var/backups/**/*.dump']],
  ['python', "from pathlib import Path\n(Path.home() / '.aws').unlink()", ['rm -f -- ~/.aws']],
  ['python', "open('/etc/nginx/nginx.conf', 'w').close()", [': > /etc/nginx/nginx.conf']],
  ['python', "with open('notes.txt', 'a') as f: f.write('x')", []],
  ['python', "exec(\"import os; os.system('rm -rf /srv')\")", ['rm -rf /srv']],
  ['python', "import shutil; shutil.move('/etc/hosts', '/tmp/h')", ['mv -- /etc/hosts /tmp/h']],
  ['python', "def clean(p):\n    import shutil\n    shutil.rmtree(p)\nclean('/srv/cache')", ['rm -rf -- /srv/cache']],
  ['python', 'print(1 + 1)', []],
  // JavaScript and TypeScript
  ['javascript', "require('fs').rmSync('/srv/uploads', { recursive: true, force: true })", ['rm -rf -- /srv/uploads']],
  ['javascript', "const f = require('fs'); f['rm' + 'Sync']('/var/lib/app', {recursive: true})", ['rm -rf -- /var/lib/app']],
  ['javascript', "const { exec: run } = require('node:child_process'); run('dropdb shop')", ['dropdb shop']],
  ['javascript', "const { rmSync: x } = require('fs'); x('/a', { recursive: true })", ['rm -rf -- /a']],
  ['javascript', "import { rmSync as r } from 'node:fs'; r('/b', { recursive: true })", ['rm -rf -- /b']],
  ['javascript', "import * as cp from 'child_process'; cp.execSync('rm -rf ~')", ['rm -rf ~']],
  ['javascript', "fs.writeFileSync('/etc/nginx/nginx.conf', '')", [': > /etc/nginx/nginx.conf']],
  ['javascript', "require('fs').unlinkSync('/var/lib/app/app.db')", ['rm -f -- /var/lib/app/app.db']],
  ['javascript', "require('child_process').spawnSync('rm', ['-rf', '/x'])", ['rm -rf /x']],
  ['javascript', "require('child_process').spawn('sh', ['-c', 'rm -rf ~'])", ["sh -c 'rm -rf ~'"]],
  ['javascript', "const fs = require('fs'); const os = require('os'); const path = require('path'); fs.rmSync(path.join(os.homedir(), '.aws'), { recursive: true })", ['rm -rf -- ~/.aws']],
  ['javascript', "eval(\"require('fs').rmSync('/c', {recursive: true})\")", ['rm -rf -- /c']],
  ['javascript', "require('rimraf').sync('/d')", ['rm -rf -- /d']],
  ['javascript', "require('fs').rmSync('dist', { recursive: true })", ['rm -rf -- dist']],
  ['javascript', 'console.log(process.version)', []],
  ['typescript', "await Deno.remove('/srv/data', { recursive: true })", ['rm -rf -- /srv/data']],
  ['typescript', "new Deno.Command('rm', { args: ['-rf', '/opt/app'] }).outputSync()", ['rm -rf /opt/app']],
  ['typescript', 'await Bun.$`rm -rf /var/www`', ['rm -rf /var/www']],
  ['typescript', "import { $ } from 'bun'; await $`dropdb golf`", ['dropdb golf']],
  ['typescript', "const p: string = '/e'; Deno.removeSync(p, { recursive: true })", ['rm -rf -- /e']],
  // Ruby
  ['ruby', 'require "fileutils"; FileUtils.rm_rf("/srv/app")', ['rm -rf -- /srv/app']],
  ['ruby', 'system("rm -rf ~/work")', ['rm -rf ~/work']],
  ['ruby', '`dropdb shop`', ['dropdb shop']],
  ['ruby', '%x{rm -rf /tmp/x}', ['rm -rf /tmp/x']],
  ['ruby', 'system("rm", "-rf", "/y")', ['rm -rf /y']],
  ['ruby', 'FileUtils.send(:rm_rf, "/z")', ['rm -rf -- /z']],
  ['ruby', 'Dir.glob("/var/log/*.gz").each { |f| File.delete(f) }', ['rm -f -- /var/log/*.gz']],
  ['ruby', 'File.write("/etc/hosts", "")', [': > /etc/hosts']],
  ['ruby', 'Pathname.new("/q").rmtree', ['rm -rf -- /q']],
  ['ruby', 'puts RUBY_VERSION', []],
  // PHP
  ['php', 'system("rm -rf /var/www/html");', ['rm -rf /var/www/html']],
  ['php', '$f = "sys" . "tem"; $f("rm -rf /a");', ['rm -rf /a']],
  ['php', 'call_user_func("passthru", "dropdb shop");', ['dropdb shop']],
  ['php', 'array_map("unlink", glob("/var/backups/*.sql"));', ['rm -f -- /var/backups/*.sql']],
  ['php', 'file_put_contents("/etc/nginx/nginx.conf", "");', [': > /etc/nginx/nginx.conf']],
  ['php', 'file_put_contents("log.txt", "x", FILE_APPEND);', []],
  ['php', 'echo `rm -rf /b`;', ['rm -rf /b']],
  ['php', 'echo PHP_VERSION, PHP_EOL;', []],
  // Perl
  ['perl', 'system("rm -rf /opt")', ['rm -rf /opt']],
  ['perl', 'rmtree("/home/dev")', ['rm -rf -- /home/dev']],
  ['perl', 'use File::Path qw(remove_tree); remove_tree("/var/lib/golf");', ['rm -rf -- /var/lib/golf']],
  ['perl', 'unlink glob "/var/backups/*.tar.gz"', ['rm -f -- /var/backups/*.tar.gz']],
  ['perl', 'my $d = "/srv"; system("rm -rf $d/data")', ['rm -rf /srv/data']],
  ['perl', 'my $out = qx{dropdb shop};', ['dropdb shop']],
  ['perl', "open(my $fh, '-|', 'rm', '-rf', '/x') or die;", ['rm -rf /x']],
  ['perl', 'open(FH, ">/etc/passwd");', [': > /etc/passwd']],
  ['perl', 'print "rm -rf /\\n" if /x/;', []],
  ['perl', 'my $re = qr/system\\("x"\\)/; print "ok";', []],
  // Lua
  ['lua', 'os.execute("rm -rf /srv/data")', ['rm -rf /srv/data']],
  ['lua', 'local ex = os.execute\nex("dropdb shop")', ['dropdb shop']],
  ['lua', 'os.remove("/etc/hosts")', ['rm -f -- /etc/hosts']],
  ['lua', 'io.popen("rm -rf " .. "/x"):read("*a")', ['rm -rf /x']],
  ['lua', 'print(_VERSION)', []],
  // awk
  ['awk', 'BEGIN { system("rm -rf /var/lib/app") }', ['rm -rf /var/lib/app']],
  ['awk', 'BEGIN { system(cmd) }', ['rm -rf /opt/app']],
  ['awk', '{ print "rm -rf /srv/backups/" $1 | "sh" }', ['rm -rf /srv/backups/${__input_field_1}']],
  ['awk', '{ print $1 }', []],
  // R
  ['r', 'unlink("/srv/data", recursive = TRUE)', ['rm -rf -- /srv/data']],
  ['r', 'file.remove(list.files("/srv/results", full.names = TRUE))', ['rm -f -- /srv/results/*']],
  ['r', 'system("rm -rf /x")', ['rm -rf /x']],
  ['r', 'p <- "/y"\nunlink(p, recursive = TRUE)', ['rm -rf -- /y']],
  ['r', 'print(sessionInfo())', []],
  // AppleScript
  ['applescript', 'do shell script "rm -rf ~/Documents"', ['rm -rf ~/Documents']],
  ['applescript', 'set p to "/tmp/x"\ndo shell script "rm -rf " & quoted form of p', ['rm -rf /tmp/x']],
  ['applescript', 'display notification "Build finished" with title "CI"', []],
  // sed
  ['sed', 's/x/rm -rf ~/e', ['${__text_before}rm -rf ~${__text_after}']],
  ['sed', 's/.*/dropdb &/e', ['dropdb ${__line}']],
  ['sed', 's/foo/bar/g', []],
];

describe('code reading: the shell lines code amounts to', () => {
  for (const [language, code, want] of SHELL_CASES) {
    test(`${language}: ${code.replace(/\n/g, '⏎').slice(0, 80)}`, () => {
      assert.deepEqual(shell(language, code, language === 'awk' ? { vars: { cmd: 'rm -rf /opt/app' } } : {}), want);
    });
  }

  test('sed applies the substitution to input known from the line', () => {
    assert.deepEqual(shell('sed', 's/x/rm -rf ~/e', { input: 'x\n' }), ['rm -rf ~']);
  });

  test('a literal command keeps its exact place in the code', () => {
    const code = "import os; os.system('rm -rf /x')";
    const e = read('python', code).find((x) => x.kind === 'run');
    assert.ok(e && e.kind === 'run' && e.exact);
    assert.equal(code.slice(e.exact[0], e.exact[1]), 'rm -rf /x');
  });
});

describe('code reading: what is judged on its own', () => {
  test('a delete of a path only known at run time', () => {
    assert.deepEqual(own('python', 'import shutil, sys; shutil.rmtree(sys.argv[1])'), ['delete']);
    assert.deepEqual(own('javascript', "require('fs').rmSync(process.argv[2], { recursive: true })"), ['delete']);
  });

  test('a member of a sensitive module picked at run time', () => {
    assert.deepEqual(own('javascript', "const f = require('fs'); f[process.argv[2]]('/x')"), ['dynamic']);
    assert.deepEqual(own('python', 'import os, sys; getattr(os, sys.argv[1])("/x")'), ['dynamic']);
  });

  test('eval of a string known only at run time', () => {
    assert.deepEqual(own('python', 'import sys; eval(sys.argv[1])'), ['dynamic']);
  });

  test('client libraries that destroy data elsewhere', () => {
    assert.deepEqual(own('python', "import redis; redis.Redis(host='cache.internal').flushall()"), ['client']);
    assert.deepEqual(own('python', "import boto3; boto3.resource('s3').Bucket('b').objects.all().delete()"), ['client']);
    assert.deepEqual(own('python', "import redis; print(redis.Redis().get('k'))"), []);
  });

  test('a shell command built from a run-time value is a run with unknown parts', () => {
    assert.deepEqual(shell('python', 'import os, sys; os.system("rm -rf " + sys.argv[1])'), ['rm -rf ${__sys_argv_1}']);
  });
});

describe('code reading: limits', () => {
  test('code longer than the limit is not read, with a reason', () => {
    const r = new CodeReader(wasmDir).read('python', 'x = 1\n'.repeat(10), { maxLength: 20 });
    assert.match(r.unread ?? '', /more than the 20 read/);
  });

  test('a grammar that is not loaded is reported missing, not guessed', () => {
    const r = new CodeReader(undefined).read('python', 'import os; os.system("rm -rf /")');
    assert.match(r.unread ?? '', /parser is not loaded/);
  });
});
