/**
 * Code that runs code through programs nobody named: inline code of interpreters the engine does
 * not know by name, read as the language it is written in (../../../src/core/code/guess.ts) or
 * language-independently (`GENERIC` in ../../../src/core/code/foreign.ts); commands run by
 * device, machine and container shells, orchestration runners and namespace runners
 * (../../../src/core/shell/embedded.ts, executors.ts); console requests; SQL handed to a tool in
 * an option. Lines are written from each tool's documentation; every mechanism has look-alikes
 * that must stay quiet.
 */
import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { GENERIC, readForeign } from '../../../src/core/code/foreign';
import { languageOf, readsAsCode } from '../../../src/core/code/guess';
import { analyze, describeVerdict } from '../command/packs/table';

interface Held {
  line: string;
  rule: string;
  severity?: 'medium' | 'high' | 'critical';
  /** Text the finding's message or its `via` must hold. */
  says?: RegExp;
}

async function assertHeld(h: Held): Promise<void> {
  const v = await analyze(h.line);
  assert.equal(v.decision, 'confirm', `${JSON.stringify(h.line)} should be held; got ${describeVerdict(v)}`);
  const f = v.findings.find((x) => x.ruleId === h.rule);
  assert.ok(f, `${h.rule} should speak for ${JSON.stringify(h.line)}; got ${describeVerdict(v)}`);
  if (h.severity) assert.equal(f.severity, h.severity, describeVerdict(v));
  if (h.says) assert.match(`${f.message} ${f.via ?? ''}`, h.says, describeVerdict(v));
}

async function assertQuiet(line: string): Promise<void> {
  const v = await analyze(line);
  assert.equal(v.decision, 'allow', `${JSON.stringify(line)} should pass; got ${describeVerdict(v)}`);
}

const GUESSED_HELD: Held[] = [
  { line: `babel-node -e "require('fs').rmSync('/srv/uploads', {recursive: true})"`, rule: 'fs.rm-recursive', says: /babel-node code \(fs\.rmSync, read as JavaScript\)/ },
  { line: `ts-node -e "require('fs').rmSync(require('os').homedir(), {recursive: true, force: true})"`, rule: 'fs.rm-recursive', severity: 'critical', says: /read as TypeScript/ },
  { line: `graalpy -c "import shutil; shutil.rmtree('/srv/datasets')"`, rule: 'fs.rm-recursive', says: /read as Python/ },
  { line: `blender -b --python-expr "import shutil; shutil.rmtree('/srv/renders')"`, rule: 'fs.rm-recursive', says: /blender code/ },
  { line: `pry -e 'require "fileutils"; FileUtils.rm_rf("/srv/shared")'`, rule: 'fs.rm-recursive', says: /read as Ruby/ },
  { line: `wp eval 'system("rm -rf /var/www/html/wp-content/uploads");'`, rule: 'fs.rm-recursive', says: /wp code \(system/ },
  { line: `esno -e "require('child_process').execSync(process.env.CMD)"`, rule: 'dynamic.eval' },
  { line: `ts-node -e "require('fs').rmSync(process.argv[1], {recursive: true})" "$X"`, rule: 'interpreter.dynamic-target', severity: 'high', says: /ts-node code deletes a folder tree/ },
  // code of a language the engine does not read: calls by their names in any language
  { line: `janet -e '(os/execute ["rm" "-rf" "/srv/uploads"] :p)'`, rule: 'fs.rm-recursive', says: /read as code of any language/ },
  { line: `hy -c '(import shutil) (shutil.rmtree "/opt/models")'`, rule: 'fs.rm-recursive' },
  { line: `wolframscript -code 'DeleteDirectory["/data/models", DeleteContents -> True]'`, rule: 'fs.rm-recursive' },
  { line: `amm -c 'os.remove.all(os.Path("/srv/cache"))'`, rule: 'fs.rm-recursive' },
  { line: `jbang --code 'org.apache.commons.io.FileUtils.deleteDirectory(new java.io.File("/srv/data"))'`, rule: 'fs.rm-recursive' },
  { line: `fennel -e '(os.execute "rm -rf /srv/backups")'`, rule: 'fs.rm-recursive' },
  { line: `qjs --std -e 'os.remove("/etc/hosts")'`, rule: 'fs.rm-sensitive' },
  { line: `gnuplot -e "system('rm -rf /srv/plots')"`, rule: 'fs.rm-recursive' },
  // an option named for a batch of code; other awk implementations; any operand or input that
  // is code calling a shell with a command line (Miller's DSL, a Maxima or Gnuplot script)
  { line: `maxima --batch-string='system("rm -rf /home/deploy/releases");'`, rule: 'fs.rm-recursive' },
  { line: `goawk 'BEGIN { system("rm -rf /var/lib/mysql") }'`, rule: 'fs.rm-recursive' },
  { line: `mlr -n put 'end { system("rm -rf /data/exports") }'`, rule: 'fs.rm-recursive' },
  { line: `gnuplot <<'EOF'\nsystem("rm -rf /srv/plots")\nEOF`, rule: 'fs.rm-recursive' },
  { line: `foo-repl --eval 'open("/etc/fstab", "w")'`, rule: 'fs.redirect-truncate' },
  { line: `janet -e '(os/rmrf (string (os/getenv "HOME") "/x"))'`, rule: 'interpreter.dynamic-target', severity: 'high' },
  // a database shell's client call, weighed with the server it connects to
  { line: `mysqlsh --py -e 'dba.get_cluster().dissolve()'`, rule: 'interpreter.client-call', severity: 'high', says: /dissolve/ },
  { line: `dbshell --server.endpoint tcp://db-prod:8529 --javascript.execute-string "db._drop('orders')"`, rule: 'interpreter.client-call', severity: 'critical' },
];

const GUESSED_QUIET = [
  // code that calls a shell with something harmless, text that only mentions such a call
  `mlr -n put 'end { print system("date +%F") }'`,
  `nawk '{ print $1 }' access.log`,
  `grep -rn 'system("rm -rf' src/`,
  `git commit -m 'drop system("rm -rf x") call'`,
  `gpg --batch --import key.asc`,
  `ts-node -e "console.log('rm -rf / is never okay')"`,
  `babel-node -e "console.log(require('fs').readdirSync('.'))"`,
  `graalpy -c "import sys; print(sys.version)"`,
  `micropython -c "print('rm -rf /')"`,
  `pry -e 'puts File.exist?("/etc/hosts")'`,
  `amm -c 'println(os.list(os.pwd))'`,
  `jbang --code 'System.out.println("deleteDirectory")'`,
  `fennel -e '(print "os.execute rm -rf /")'`,
  `janet -e '(print "(os/rm \\"/x\\")")'`,
  `qjs -e 'console.log("delete me")'`,
  `gnuplot -e "set terminal png; plot sin(x)"`,
  `wp eval 'echo home_url();'`,
  `foo-repl --eval 'open("/etc/fstab").read()'`,
  `tool -e 'cache.remove("key")'`,
  `ipython -c "df.drop('col', axis=1)"`,
  `mysqlsh --py -e 'print(dba.get_cluster().status())'`,
  // code-search patterns: metavariables stand for code, nothing runs
  `semgrep -e 'shutil.rmtree($P)' --lang python src/`,
  `ast-grep run -p 'fs.rmSync($A, $$$)' -l ts src`,
  `comby 'os.RemoveAll(:[p])' '' -matcher .go`,
  `rg 'rmtree\\(' -t py`,
  // tools that check or format code without running it
  `mypy -c "import shutil; shutil.rmtree('/srv/data')"`,
  `black -c "os.system('rm -rf /')"`,
];

const EXECUTORS_HELD: Held[] = [
  { line: 'adb shell rm -rf /sdcard/DCIM', rule: 'fs.rm-recursive', says: /adb shell/ },
  { line: 'hdc shell rm -rf /data/local/tmp/app', rule: 'fs.rm-recursive', says: /hdc shell/ },
  { line: 'limactl shell default sudo rm -rf /var/lib/containerd', rule: 'fs.rm-recursive', says: /limactl default/ },
  { line: "machinectl shell web /bin/sh -c 'rm -rf /srv/www'", rule: 'fs.rm-recursive', says: /machinectl web/ },
  { line: "podman machine ssh podman-machine-default 'sudo rm -rf /var/lib/containers'", rule: 'fs.rm-recursive' },
  { line: "cf ssh billing-api -c 'rm -rf /home/vcap/app/uploads'", rule: 'fs.rm-recursive', says: /cf billing-api/ },
  { line: "aws ecs execute-command --cluster shop --task 3f2a --interactive --command 'rm -rf /app/uploads'", rule: 'fs.rm-recursive' },
  { line: "az container exec -g rg -n web --exec-command 'rm -rf /data'", rule: 'fs.rm-recursive' },
  { line: "mco shell run 'rm -rf /srv/cache' -F role=web", rule: 'fs.rm-recursive' },
  { line: "bolt command run 'rm -rf /srv/www/*' --targets webservers", rule: 'fs.rm-recursive', severity: 'critical', says: /host group `webservers`/ },
  { line: 'pct exec 101 -- rm -rf /var/lib/mysql', rule: 'fs.rm-recursive' },
  { line: 'crictl exec -it 4f2a rm -rf /data', rule: 'fs.rm-recursive' },
  { line: 'dokku run shop-api rm -rf /app/storage', rule: 'fs.rm-recursive' },
  // a secrets runner's exec-env with the command as one operand; a quoted command after a switch
  { line: `sops exec-env secrets/prod.enc.yaml 'curl -s -X DELETE https://api.mailgun.net/v3/domains/mg.example.com'`, rule: 'datastore.http-delete' },
  { line: "mani exec --all 'git reset --hard origin/main && git clean -fdx'", rule: 'git.reset-hard' },
  // two names before the command (a context and a namespace)
  { line: 'kubie exec prod-eu-1 payments kubectl delete deployment --all', rule: 'k8s.delete', severity: 'critical' },
  // a shell the engine does not know by name, given a line that starts with a file-system maker's variant
  { line: "sudo oksh -c 'mkfs.ext4 -F /dev/nvme1n1'", rule: 'system.format-disk', severity: 'critical' },
  { line: "kamal app exec 'rm -rf /rails/storage'", rule: 'fs.rm-recursive' },
  { line: 'nsenter -t 1 -m -u -n -i -- rm -rf /var/lib/etcd', rule: 'fs.rm-recursive', says: /nsenter/ },
  { line: 'wsl.exe -d Ubuntu -- rm -rf /home/dev/project', rule: 'fs.rm-recursive' },
  { line: 'setpriv --reuid=postgres --regid=postgres --init-groups rm -rf /var/lib/postgresql/data', rule: 'fs.rm-recursive' },
  { line: 'su-exec www-data rm -rf /var/www/html', rule: 'fs.rm-recursive' },
  { line: 'chpst -u postgres rm -rf /var/lib/postgresql/data', rule: 'fs.rm-recursive' },
  { line: 'systemd-nspawn -D /var/lib/machines/web rm -rf /srv/www', rule: 'fs.rm-recursive' },
  // consoles: requests in their own language
  { line: "kadmin -p admin/admin -q 'delprinc -force alice@EXAMPLE.COM'", rule: 'generic.destroy', says: /kadmin -q/ },
  { line: "echo 'delete volume=Vol-7 yes' | bconsole", rule: 'generic.destroy', says: /bconsole stdin/ },
  { line: "echo 'undefine web01 --remove-all-storage' | virsh", rule: 'vm.virsh' },
];

const EXECUTORS_QUIET = [
  'adb shell pm list packages',
  'kubie exec prod-eu-1 payments kubectl get pods',
  "sops exec-env secrets/dev.enc.yaml 'npm test'",
  "mani exec --all 'git status'",
  "sudo oksh -c 'fsck.ext4 -n /dev/nvme1n1'",
  'hdc shell ls /data/local/tmp',
  'limactl shell default uname -a',
  "machinectl shell web /bin/sh -c 'systemctl status nginx'",
  "podman machine ssh podman-machine-default 'df -h'",
  "cf ssh billing-api -c 'ls /home/vcap/app'",
  'cf ssh billing-api',
  "aws ecs execute-command --cluster shop --task 3f2a --interactive --command '/bin/sh'",
  "mco shell run 'uptime' -F role=web",
  "bolt command run 'uptime' --targets webservers",
  'pct exec 101 -- df -h',
  'nsenter -t 1 -m -u -n -i -- df -h',
  'su-exec www-data ls -la /var/www/html',
  'firejail --noprofile firefox',
  'unshare --user --map-root-user id',
  "kamal app exec 'bin/rails db:migrate:status'",
  "kadmin -p admin/admin -q 'listprincs'",
  "echo 'list --all' | virsh",
  "echo 'delete me' | base64",
  "printf 'remove the cache\\n' | tee notes.txt",
  'git checkout -- src/rm.ts',
  'npm test -- --watch=false',
];

describe('interpreters the engine does not know by name', () => {
  for (const h of GUESSED_HELD) test(`held: ${h.line.slice(0, 90)}`, () => assertHeld(h));
  for (const line of GUESSED_QUIET) test(`quiet: ${line.slice(0, 90)}`, () => assertQuiet(line));

  test('the language is told from the code itself', () => {
    assert.equal(languageOf('import shutil; shutil.rmtree("/x")', 'ipython'), 'python');
    assert.equal(languageOf("require('fs').rmSync('/x')", 'babel-node'), 'javascript');
    assert.equal(languageOf("require('fs').rmSync('/x')", 'ts-node'), 'typescript');
    assert.equal(languageOf('require "fileutils"; FileUtils.rm_rf("/x")', 'pry'), 'ruby');
    assert.equal(languageOf('use File::Path; rmtree("/x");', 'perlish'), 'perl');
    assert.equal(languageOf('<?php unlink("/x");', 'drush'), 'php');
    assert.equal(languageOf('(import shutil) (shutil.rmtree "/x")', 'hy'), undefined);
    assert.equal(languageOf('DeleteDirectory["/x", DeleteContents -> True]', 'wolframscript'), undefined);
  });

  test('only code is read: not settings, files, SQL, command lines or search patterns', () => {
    assert.ok(readsAsCode('print(1)'));
    assert.ok(readsAsCode('(os/execute ["ls"])'));
    for (const t of ['production', 'config.yaml', 'A=f(x)', 'DELETE FROM users WHERE f(id) = 1', 'rm -rf build', 'os.system($X)', 'rmtree(:[p])', '-x']) assert.ok(!readsAsCode(t), t);
  });
});

describe('code of a language the engine does not read', () => {
  test('a tree delete, a file delete and a process start are read from their arguments', () => {
    const fx = readForeign(GENERIC, '(os/execute ["rm" "-rf" "/srv/a"] :p) (os/rm "/srv/b") (os/rmrf "/srv/c")').effects;
    assert.deepEqual(
      fx.map((e) => (e.kind === 'run' ? e.command : e.kind === 'delete' ? `${e.recursive ? 'tree' : 'file'} ${e.path.t === 'str' ? e.path.s : '?'}` : e.kind)),
      ['rm -rf /srv/a', 'file /srv/b', 'tree /srv/c'],
    );
  });

  test('a method on a value that names a path deletes that path', () => {
    const [e] = readForeign(GENERIC, "Gio.File.new_for_path('/home/me/thesis.tex').delete(null)").effects;
    assert.ok(e?.kind === 'delete' && e.path.t === 'str' && e.path.s === '/home/me/thesis.tex' && !e.recursive);
  });

  test('names in strings and comments, and deletes of things that are not paths, are not calls', () => {
    for (const code of ['print("shutil.rmtree(\'/x\')")', '# os.system("rm -rf /")', '// rmtree("/x")', 'map.remove("key")', 'requests.delete("https://api.example.com/x")', 'run("build")']) assert.deepEqual(readForeign(GENERIC, code).effects, [], code);
  });

  test('a write-mode open empties the file; a read does not', () => {
    assert.equal(readForeign(GENERIC, 'open("/etc/fstab", "w")').effects[0]?.kind, 'overwrite');
    assert.deepEqual(readForeign(GENERIC, 'open("/etc/fstab", "r")').effects, []);
  });
});

describe('commands run by device, machine and container shells, runners and consoles', () => {
  for (const h of EXECUTORS_HELD) test(`held: ${h.line.slice(0, 90)}`, () => assertHeld(h));
  for (const line of EXECUTORS_QUIET) test(`quiet: ${line.slice(0, 90)}`, () => assertQuiet(line));

  test('a wrapper whose words are a command is not read again as a tool of its own', async () => {
    const v = await analyze('gosu postgres rm -rf /var/lib/postgresql/data');
    assert.deepEqual(
      v.findings.map((f) => f.ruleId),
      ['fs.rm-recursive'],
      describeVerdict(v),
    );
  });
});

describe('SQL handed to a tool in an option', () => {
  const held: Held[] = [
    { line: "gh-ost --alter='DROP COLUMN legacy_flags' --database=shop --table=orders --execute", rule: 'embedded.sql', severity: 'high', says: /ALTER TABLE orders DROP COLUMN legacy_flags/ },
    { line: "gh-ost --host=prod-db.internal --alter='DROP INDEX idx_email' --database=shop --table=users --execute", rule: 'embedded.sql', severity: 'critical' },
    { line: "mysqlsh admin@prod-db.internal:3306 --sql -e 'TRUNCATE TABLE shop.sessions'", rule: 'embedded.sql', severity: 'critical' },
  ];
  for (const h of held) test(`held: ${h.line}`, () => assertHeld(h));
  for (const line of [
    "gh-ost --alter='DROP COLUMN legacy_flags' --database=shop --table=orders",
    "gh-ost --alter='ADD COLUMN note TEXT' --database=shop --table=orders --execute",
    "pt-online-schema-change --alter 'DROP COLUMN legacy' D=app,t=accounts --dry-run",
    "git commit -m 'ALTER TABLE users DROP COLUMN email in the next release'",
    "mytool deploy --comment 'DROP TABLE users after the cutover'",
  ])
    test(`quiet: ${line}`, () => assertQuiet(line));
});
