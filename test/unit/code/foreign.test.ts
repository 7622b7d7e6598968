/**
 * Code that runs code beyond the languages read in full, through the real analyzer: inline code
 * of languages without a reader (../../../src/core/code/foreign.ts), commands that remote and
 * fan-out executors run on other machines (../../../src/core/shell/executors.ts), scripts run
 * through a substitution of their text, and PowerShell and batch scripts. Lines are written from
 * each tool's documentation (eval flags, shell escapes, standard-library calls, ad hoc commands).
 */
import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { FOREIGN, readForeign } from '../../../src/core/code/foreign';
import { analyze, describeVerdict } from '../command/packs/table';

interface Held {
  line: string;
  rule: string;
  target?: string;
  severity?: 'medium' | 'high' | 'critical';
  /** Text the finding's message or its `via` must hold. */
  says?: RegExp;
  shell?: 'pwsh';
}

async function assertHeld(h: Held): Promise<void> {
  const v = await analyze(h.line, h.shell ? { shell: h.shell } : undefined);
  assert.equal(v.decision, 'confirm', `${JSON.stringify(h.line)} should be held; got ${describeVerdict(v)}`);
  const f = v.findings.find((x) => x.ruleId === h.rule);
  assert.ok(f, `${h.rule} should speak for ${JSON.stringify(h.line)}; got ${describeVerdict(v)}`);
  if (h.target !== undefined) assert.equal(f.target, h.target, describeVerdict(v));
  if (h.severity) assert.equal(f.severity, h.severity, describeVerdict(v));
  if (h.says) assert.match(`${f.message} ${f.via ?? ''}`, h.says);
}

async function assertQuiet(line: string, shell?: 'pwsh'): Promise<void> {
  const v = await analyze(line, shell ? { shell } : undefined);
  assert.equal(v.decision, 'allow', `${JSON.stringify(line)} should pass; got ${describeVerdict(v)}`);
}

const FOREIGN_HELD: Held[] = [
  { line: `julia -e 'rm("/srv/data"; recursive=true)'`, rule: 'fs.rm-recursive', target: 'path /srv/data', says: /julia code \(Julia's rm\(…; recursive=true\)\)/ },
  { line: 'julia -e \'run(`rm -rf /srv/data`)\'', rule: 'fs.rm-recursive', target: 'path /srv/data' },
  { line: `julia -e 'rm(ARGS[1]; recursive=true)' /srv`, rule: 'interpreter.dynamic-target', severity: 'high' },
  { line: `elixir -e 'File.rm_rf!("/srv/data")'`, rule: 'fs.rm-recursive', target: 'path /srv/data', says: /File\.rm_rf/ },
  { line: `elixir -e 'System.cmd("rm", ["-rf", "/srv/data"])'`, rule: 'fs.rm-recursive', target: 'path /srv/data' },
  { line: `iex -e 'System.shell("dropdb shop")'`, rule: 'db.drop-database' },
  { line: `erl -noshell -eval 'os:cmd("rm -rf /srv/data"), halt().'`, rule: 'fs.rm-recursive', target: 'path /srv/data' },
  { line: `erl -noshell -eval 'file:del_dir_r("/srv/data"), halt().'`, rule: 'fs.rm-recursive', target: 'path /srv/data' },
  { line: `clojure -M -e '(clojure.java.shell/sh "rm" "-rf" "/srv/data")'`, rule: 'fs.rm-recursive', target: 'path /srv/data' },
  { line: `bb -e '(babashka.fs/delete-tree "/srv/data")'`, rule: 'fs.rm-recursive', target: 'path /srv/data' },
  { line: `racket -e '(delete-directory/files "/srv/data")'`, rule: 'fs.rm-recursive', target: 'path /srv/data' },
  { line: `guile -c '(system "rm -rf /srv/data")'`, rule: 'fs.rm-recursive', target: 'path /srv/data' },
  { line: `emacs --batch --eval '(delete-directory "/srv/data" t)'`, rule: 'fs.rm-recursive', target: 'path /srv/data' },
  { line: `emacs --batch --eval '(call-process "rm" nil nil nil "-rf" "/srv/data")'`, rule: 'fs.rm-recursive', target: 'path /srv/data' },
  { line: `emacs --batch --eval '(shell-command "git push --force origin main")'`, rule: 'git.push-force' },
  { line: `tclsh <<< 'file delete -force /srv/data'`, rule: 'fs.rm-recursive', target: 'path /srv/data' },
  { line: `tclsh <<< 'exec rm -rf /srv/data'`, rule: 'fs.rm-recursive', target: 'path /srv/data' },
  { line: `groovy -e '"rm -rf /srv/data".execute()'`, rule: 'fs.rm-recursive', target: 'path /srv/data' },
  { line: `kotlinc -e 'java.io.File("/srv/data").deleteRecursively()'`, rule: 'fs.rm-recursive', target: 'path /srv/data' },
  { line: `scala -e 'import sys.process._; "rm -rf /srv/data".!'`, rule: 'fs.rm-recursive', target: 'path /srv/data' },
  { line: `ghc -e 'System.Directory.removeDirectoryRecursive "/srv/data"'`, rule: 'fs.rm-recursive', target: 'path /srv/data' },
  { line: `raku -e 'shell "rm -rf /srv/data"'`, rule: 'fs.rm-recursive', target: 'path /srv/data' },
  { line: `octave --eval 'rmdir("/srv/data", "s")'`, rule: 'fs.rm-recursive', target: 'path /srv/data' },
  { line: `crystal eval 'FileUtils.rm_rf("/srv/data")'`, rule: 'fs.rm-recursive', target: 'path /srv/data' },
  // shell escapes of editors and debuggers
  { line: `vim -es -c '!rm -rf /srv/data' -c q`, rule: 'fs.rm-recursive', target: 'path /srv/data', says: /Vim's :!/ },
  { line: `vim -c 'r !rm -rf /srv/data' -c wq notes.txt`, rule: 'fs.rm-recursive', target: 'path /srv/data' },
  { line: `vim -es <<< '!rm -rf /srv/data'`, rule: 'fs.rm-recursive', target: 'path /srv/data' },
  { line: `nvim --headless -c 'call delete("/srv/data", "rf")' -c q`, rule: 'fs.rm-recursive', target: 'path /srv/data' },
  { line: `ed -s notes.txt <<< '!rm -rf /srv/data'`, rule: 'fs.rm-recursive', target: 'path /srv/data' },
  { line: `gdb -batch -ex 'shell rm -rf /srv/data'`, rule: 'fs.rm-recursive', target: 'path /srv/data', says: /gdb's shell/ },
  { line: `lldb --batch -o 'platform shell rm -rf /srv/data'`, rule: 'fs.rm-recursive', target: 'path /srv/data' },
  { line: `nu -c 'rm -rf /srv/data'`, rule: 'fs.rm-recursive', target: 'path /srv/data' },
  // JavaScript for Automation: read as JavaScript, and its own shell calls here
  { line: `osascript -l JavaScript -e 'ObjC.import("stdlib"); $.system("rm -rf /srv/data")'`, rule: 'fs.rm-recursive', target: 'path /srv/data' },
  { line: `osascript -l JavaScript -e 'const app = Application.currentApplication(); app.includeStandardAdditions = true; app.doShellScript("rm -rf /srv/data")'`, rule: 'fs.rm-recursive', target: 'path /srv/data' },
  // a string that reads as a command line, whatever function it goes to
  { line: `julia -e 'helper("rm -rf /srv/data")'`, rule: 'fs.rm-recursive', target: 'path /srv/data' },
  // a call named like a delete that the table does not know: not read, a person decides
  { line: `julia -e 'Base.Filesystem.remove_tree(p)'`, rule: 'interpreter.unread', severity: 'medium', says: /remove_tree/ },
];

const FOREIGN_QUIET = [
  `julia -e 'using Pkg; Pkg.instantiate()'`,
  `julia --project=. -e 'using Pkg; Pkg.test()'`,
  `elixir -e 'IO.puts 1'`,
  `mix run -e 'MyApp.Release.migrate()'`,
  `erl -noshell -eval 'io:format("~p~n", [erlang:system_info(otp_release)]), halt().'`,
  `clojure -M -e '(println "hello")'`,
  `emacs --batch -l init.el -f batch-byte-compile`,
  `emacs --batch --eval '(delete-trailing-whitespace)' file.el`,
  `vim -c 'set ff=unix' -c wq file.txt`,
  `vim +PlugInstall +qall`,
  `vim -es -c '%s/foo/bar/g' -c wq file.txt`,
  `gdb -batch -ex run -ex bt ./a.out`,
  `lldb --batch -o run -o bt ./a.out`,
  `tclsh <<< 'puts [info patchlevel]'`,
  `nu -c 'ls | where size > 1mb'`,
  `groovy -e 'println "hello"'`,
  `octave --eval 'disp(pi)'`,
  `osascript -l JavaScript -e 'Application("Finder").name()'`,
];

const REMOTE_HELD: Held[] = [
  { line: `ansible all -m shell -a 'rm -rf /srv/data'`, rule: 'fs.rm-recursive', severity: 'critical', says: /on every host \(`all`\) at once/ },
  { line: `ansible webservers -a 'rm -rf /srv/data'`, rule: 'fs.rm-recursive', severity: 'critical', says: /host group `webservers`/ },
  { line: `ansible web1.example.com -m shell -a 'rm -rf /srv/data'`, rule: 'fs.rm-recursive', severity: 'high' },
  { line: `ansible all -m file -a 'path=/srv/data state=absent'`, rule: 'fs.rm-recursive', severity: 'critical' },
  { line: `salt '*' cmd.run 'rm -rf /srv/data'`, rule: 'fs.rm-recursive', severity: 'critical' },
  { line: `ansible-runner run /srv/runner -m shell -a 'rm -rf /var/lib/mysql' --hosts dbservers`, rule: 'fs.rm-recursive', says: /dbservers/ },
  { line: `pssh -h hosts.txt -i 'rm -rf /srv/data'`, rule: 'fs.rm-recursive', severity: 'critical', says: /every host listed in hosts\.txt/ },
  { line: `pdsh -w 'web[01-10]' 'rm -rf /srv/data'`, rule: 'fs.rm-recursive', severity: 'critical', says: /host range/ },
  { line: `clush -a 'rm -rf /srv/data'`, rule: 'fs.rm-recursive', severity: 'critical' },
  { line: `knife ssh 'role:web' 'rm -rf /srv/data'`, rule: 'fs.rm-recursive', severity: 'critical' },
  { line: `vagrant ssh -c 'sudo rm -rf /srv/data'`, rule: 'fs.rm-recursive', severity: 'high' },
  { line: `gcloud compute ssh web-1 --command 'rm -rf /srv/data'`, rule: 'fs.rm-recursive', severity: 'high' },
  { line: `aws ssm send-command --document-name AWS-RunShellScript --targets Key=tag:Role,Values=web --parameters 'commands=["rm -rf /srv/data"]'`, rule: 'fs.rm-recursive', severity: 'critical' },
  { line: `az vm run-command invoke -g rg -n vm1 --command-id RunShellScript --scripts 'rm -rf /srv/data'`, rule: 'fs.rm-recursive', severity: 'high' },
  { line: `multipass exec dev -- rm -rf /srv/data`, rule: 'fs.rm-recursive', severity: 'high' },
];

const REMOTE_QUIET = [
  `ansible all -m ping`,
  `ansible-runner run /srv/runner -m shell -a 'uptime' --hosts dbservers`,
  `ansible-runner run /srv/runner -p site.yml`,
  `ansible all -a 'uptime'`,
  `ansible all -m shell -a 'rm -rf /srv/data' --check`,
  `salt '*' test.ping`,
  `salt '*' cmd.run 'uptime'`,
  `pdsh -w 'web[01-10]' uptime`,
  `vagrant ssh -c 'ls /vagrant'`,
  `vagrant ssh`,
  `multipass exec dev -- ls`,
];

describe('foreign inline code', () => {
  for (const h of FOREIGN_HELD) test(`held: ${h.line.slice(0, 90)}`, () => assertHeld(h));
  for (const line of FOREIGN_QUIET) test(`quiet: ${line.slice(0, 90)}`, () => assertQuiet(line));

  test('a debugger escape is placed on the command it runs', () => {
    const r = readForeign(FOREIGN.gdb!, 'info registers\nshell rm -rf /srv/data');
    assert.equal(r.effects.length, 1);
    const e = r.effects[0]!;
    assert.equal(e.kind, 'run');
    if (e.kind === 'run') {
      assert.equal(e.command, 'rm -rf /srv/data');
      assert.deepEqual(e.exact, [21, 37]);
    }
  });

  test('a recursive delete is recursive only when the call says so', () => {
    const plain = readForeign(FOREIGN.julia!, 'rm("/tmp/x.txt")').effects[0];
    const tree = readForeign(FOREIGN.julia!, 'rm("/tmp/x"; force=true, recursive=true)').effects[0];
    assert.ok(plain?.kind === 'delete' && !plain.recursive);
    assert.ok(tree?.kind === 'delete' && tree.recursive);
  });

  test('code too long to read is not read, and a person decides', async () => {
    const v = await analyze(`julia -e '${'x = 1; '.repeat(5_000)}'`);
    assert.equal(v.decision, 'confirm', describeVerdict(v));
    assert.ok(v.findings.some((f) => f.ruleId === 'interpreter.unread'), describeVerdict(v));
  });
});

/**
 * Interpreters under versioned names (Debian's `php8.2`, `tclsh8.7`, `guile3.0`, `pike8.0`), SQL
 * that code hands to a database client (DB-API, PDO, DBI, node clients, Spark), and languages
 * without a reader whose standard libraries delete or run (Prolog, Forth, Factor, Raku, Pike,
 * Rhino, kscript, Nim), from each language's documentation.
 */
const MORE_HELD: Held[] = [
  { line: `php8.2 -r 'unlink("/srv/app/state.db");'`, rule: 'fs.rm-sensitive', target: 'path /srv/app/state.db' },
  { line: `tclsh8.7 <<< 'file delete -force /srv/data'`, rule: 'fs.rm-recursive', target: 'path /srv/data' },
  { line: `guile3.0 -c '(system "rm -rf /srv/data")'`, rule: 'fs.rm-recursive', target: 'path /srv/data' },
  { line: `ruby3.3 -e 'FileUtils.rm_rf("/srv/data")'`, rule: 'fs.rm-recursive', target: 'path /srv/data' },
  { line: `pike8.0 -e 'Stdio.recursive_rm("/srv/data");'`, rule: 'fs.rm-recursive', target: 'path /srv/data' },
  // SQL in code, judged by the SQL reader; a production host in the connection makes it critical
  { line: `python3 -c "import sqlite3; sqlite3.connect('/srv/app.db').executescript('DROP TABLE users;')"`, rule: 'embedded.sql', severity: 'high', says: /drops the table users/ },
  { line: `node -e "require('mysql2').createConnection({host:'db.internal'}).query('TRUNCATE TABLE sessions')"`, rule: 'embedded.sql', severity: 'high' },
  { line: `ruby -e 'require "pg"; PG.connect(host: "db-prod.example.com").exec("DROP SCHEMA app CASCADE")'`, rule: 'embedded.sql', severity: 'critical' },
  { line: `perl -MDBI -e 'DBI->connect("dbi:Pg:dbname=app;host=db-prod.internal")->do("DROP TABLE audit")'`, rule: 'embedded.sql', severity: 'critical' },
  { line: `spark-shell <<'EOF'\nspark.sql("TRUNCATE TABLE staging.events")\nEOF`, rule: 'embedded.sql', severity: 'high' },
  { line: `python3 -c "import psycopg2; sql = 'DROP TABLE orders'; c = psycopg2.connect('dbname=app'); c.cursor().execute(sql)"`, rule: 'embedded.sql', severity: 'high', says: /drops the table orders/ },
  { line: `php -r '$q = "TRUNCATE TABLE sessions"; $pdo = new PDO("mysql:host=db;dbname=app"); $pdo->exec($q);'`, rule: 'embedded.sql', severity: 'high' },
  // languages without a reader
  { line: `swipl -g "shell('rm -rf /srv/data')" -t halt`, rule: 'fs.rm-recursive', target: 'path /srv/data' },
  { line: `gprolog --query-goal "delete_file('/srv/app/state.db')"`, rule: 'fs.rm-sensitive', target: 'path /srv/app/state.db' },
  { line: `gforth -e 's" rm -rf /srv/data" system bye'`, rule: 'fs.rm-recursive', target: 'path /srv/data' },
  { line: `factor -e='"/srv/data" delete-tree'`, rule: 'fs.rm-recursive', target: 'path /srv/data' },
  { line: `rakudo -e '"/srv/data/old.log".IO.unlink'`, rule: 'fs.rm-sensitive', target: 'path /srv/data/old.log' },
  { line: `pike -e 'Process.system("rm -rf /srv/data");'`, rule: 'fs.rm-recursive', target: 'path /srv/data' },
  { line: `kscript 'java.io.File("/srv/data").deleteRecursively()'`, rule: 'fs.rm-recursive', target: 'path /srv/data' },
  { line: `bb '(babashka.fs/delete-tree "/srv/data")'`, rule: 'fs.rm-recursive', target: 'path /srv/data' },
  { line: `rdmd --eval='import std.file; rmdirRecurse("/srv/data");'`, rule: 'fs.rm-recursive', target: 'path /srv/data' },
  { line: `rhino -e 'new java.io.File("/srv/data/x.db")["delete"]()'`, rule: 'fs.rm-sensitive', target: 'path /srv/data/x.db' },
  { line: `nim --eval:'import os; removeFile("/srv/app/state.db")'`, rule: 'fs.rm-sensitive', target: 'path /srv/app/state.db' },
];

const MORE_QUIET = [
  `php-fpm8.3 -t`,
  `python3-config --cflags`,
  `php8.3 --version`,
  `tclsh8.6 build.tcl`,
  `python3.11 -m pip install requests`,
  `python3 -c "import sqlite3; c=sqlite3.connect(':memory:'); print(c.execute('SELECT 1').fetchall())"`,
  `python3 -c "print('DROP TABLE orders')"`,
  `python3 -c "sql = 'DROP TABLE orders'; print(sql)"`,
  `python3 -c "import psycopg2; sql = 'SELECT 1'; c = psycopg2.connect('dbname=app'); c.cursor().execute(sql)"`,
  `php -r 'echo "DROP TABLE orders\\n";'`,
  `php8.3 -r '$pdo = new PDO("sqlite::memory:"); $pdo->exec("CREATE TABLE t (id INT)");'`,
  `pyspark --master yarn <<'EOF'\nspark.sql("SELECT count(*) FROM events").show()\nEOF`,
  `spark-shell --master 'local[*]' -i job.scala`,
  `swipl -g "consult('kb.pl'), run_tests" -t halt`,
  `gforth -e '." hello" cr bye'`,
  `gforth -e 's" /tmp/scratch.txt" delete-file throw bye'`,
  `rakudo -e 'say "/srv/uploads".IO.dir.elems'`,
  `pike -e 'write("hello\\n");'`,
  `kscript hello.kts`,
  `bb tasks`,
  `rdmd --eval='import std.stdio; writeln("hi");'`,
  `bb script.clj`,
  `bb '(println "hi")'`,
  `kscript 'println("hi")'`,
  `rhino -e 'print(new java.io.File("/opt/x").exists())'`,
  `nim --eval:'echo 1+1'`,
  `nim c --define:release main.nim`,
];

describe('versioned interpreters, SQL in code, more languages', () => {
  for (const h of MORE_HELD) test(`held: ${h.line.slice(0, 90)}`, () => assertHeld(h));
  for (const line of MORE_QUIET) test(`quiet: ${line.slice(0, 90)}`, () => assertQuiet(line));

  test('a Raku chain that lists a folder deletes every file it holds', () => {
    const e = readForeign(FOREIGN.rakudo!, '"/srv/uploads".IO.dir».unlink').effects[0];
    assert.ok(e?.kind === 'delete' && e.path.t === 'str' && e.path.s === '/srv/uploads/*' && e.path.glob === true, JSON.stringify(e));
  });
});

describe('remote and fan-out executors', () => {
  for (const h of REMOTE_HELD) test(`held: ${h.line.slice(0, 90)}`, () => assertHeld(h));
  for (const line of REMOTE_QUIET) test(`quiet: ${line.slice(0, 90)}`, () => assertQuiet(line));
});

describe('scripts a line runs through a substitution, and Windows scripts', () => {
  const held: Held[] = [
    { line: 'bash -c "$(cat runs/teardown.sh)"', rule: 'scripts.substituted', says: /runs\/teardown\.sh:\d+ runs/ },
    { line: 'eval "$(< runs/teardown.sh)"', rule: 'scripts.substituted' },
    { line: 'source <(cat runs/teardown.sh)', rule: 'scripts.substituted' },
    { line: 'pwsh -File runs/reset.ps1', rule: 'scripts.windows-script', says: /runs\/reset\.ps1:1 runs `Remove-Item/ },
    { line: '.\\runs\\reset.ps1', rule: 'scripts.windows-script', shell: 'pwsh' },
    { line: 'cmd /c runs\\wipe.bat', rule: 'scripts.windows-script', shell: 'pwsh', says: /runs\/wipe\.bat:2 runs `rd \/s \/q/ },
    { line: 'cmd /c call runs\\wipe.cmd', rule: 'scripts.windows-script', shell: 'pwsh' },
  ];
  for (const h of held) test(`held: ${h.line}`, () => assertHeld(h));
  for (const line of ['bash -c "$(cat runs/lint.sh)"', 'source <(cat runs/lint.sh)', 'pwsh -File runs/build.ps1']) test(`quiet: ${line}`, () => assertQuiet(line));
  test('quiet: cmd /c runs\\test.bat', () => assertQuiet('cmd /c runs\\test.bat', 'pwsh'));
  test('a substituted file that is not there is still dynamic', async () => {
    const v = await analyze('bash -c "$(cat runs/missing.sh)"');
    assert.equal(v.decision, 'confirm', describeVerdict(v));
    assert.ok(v.findings.some((f) => f.ruleId === 'dynamic.eval'), describeVerdict(v));
  });
});
