/**
 * Code that runs code, judged through the real analyzer on whole lines: interpreter one-liners
 * with flags before the code, heredocs and code fed on stdin, imports and aliases, the strings
 * code hands to a shell, truncating writes; the files a line runs (named by file and line, or
 * held when they cannot be read); and composition (xargs, parallel, find, subshells, loops,
 * functions). The fixture workspace's `runs/` folder holds the scripts and task files.
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { MAX_SCRIPT_BYTES } from '../../../src/core/command/files';
import { analyze, describeVerdict } from '../command/packs/table';
import { withTempDir } from '../helpers/tmp';

/** A line that must be held: its decision, the rule that speaks, and the target it names. */
interface Held {
  line: string;
  rule: string;
  /** The finding's target, e.g. `path /srv/data`. */
  target?: string;
  /** Text the finding's message must hold (file and line for scripts). */
  message?: RegExp;
  severity?: 'high' | 'critical';
}

async function assertHeld(h: Held): Promise<void> {
  const v = await analyze(h.line);
  assert.equal(v.decision, 'confirm', `${JSON.stringify(h.line)} should be held; got ${describeVerdict(v)}`);
  const f = v.findings.find((x) => x.ruleId === h.rule);
  assert.ok(f, `${h.rule} should speak for ${JSON.stringify(h.line)}; got ${describeVerdict(v)}`);
  if (h.target !== undefined) assert.equal(f.target, h.target, describeVerdict(v));
  if (h.message) assert.match(f.message, h.message);
  if (h.severity) assert.equal(f.severity, h.severity, describeVerdict(v));
}

async function assertAllowed(line: string): Promise<void> {
  const v = await analyze(line);
  assert.equal(v.decision, 'allow', `${JSON.stringify(line)} should pass; got ${describeVerdict(v)}`);
}

function title(line: string): string {
  return JSON.stringify(line).slice(1, -1).slice(0, 90);
}

const ONE_LINERS: Held[] = [
  { line: `python3 -W ignore -c "import shutil; shutil.rmtree('/srv/data')"`, rule: 'fs.rm-recursive', target: 'path /srv/data' },
  { line: `python3 -B -u -c "import os; os.system('rm -rf ~')"`, rule: 'fs.rm-recursive', target: 'path /home/dev', severity: 'critical' },
  { line: `python3 -Wignore -I -c "import os; os.system('rm -rf ~')"`, rule: 'fs.rm-recursive', target: 'path /home/dev' },
  { line: `node --no-warnings -e "require('fs').rmSync('/srv/data', {recursive: true})"`, rule: 'fs.rm-recursive', target: 'path /srv/data' },
  { line: `node --eval="require('child_process').execSync('rm -rf ~')"`, rule: 'fs.rm-recursive', target: 'path /home/dev' },
  { line: `perl -we 'system("rm -rf /srv/data")'`, rule: 'fs.rm-recursive', target: 'path /srv/data' },
  { line: `perl -lne 'unlink "/etc/passwd"' /dev/null`, rule: 'fs.rm-sensitive', target: 'path /etc/passwd' },
  { line: `perl -0777 -MFile::Path=remove_tree -e 'remove_tree("/srv/data")'`, rule: 'fs.rm-recursive', target: 'path /srv/data' },
  { line: `ruby -w -e 'require "fileutils"; FileUtils.rm_rf("/srv/data")'`, rule: 'fs.rm-recursive', target: 'path /srv/data' },
  { line: `ruby -rfileutils -e 'FileUtils.rm_rf("/srv/data")'`, rule: 'fs.rm-recursive', target: 'path /srv/data' },
  { line: `php -d display_errors=1 -r 'system("rm -rf /var/www");'`, rule: 'fs.rm-recursive', target: 'path /var/www' },
  { line: `lua -W -e 'os.execute("rm -rf /srv/data")'`, rule: 'fs.rm-recursive', target: 'path /srv/data' },
  { line: `deno eval "await Deno.remove('/srv/data', { recursive: true })"`, rule: 'fs.rm-recursive', target: 'path /srv/data' },
  { line: 'bun -e "await Bun.$`rm -rf /srv/data`"', rule: 'fs.rm-recursive', target: 'path /srv/data' },
  { line: `Rscript --vanilla -e 'unlink("/srv/data", recursive = TRUE)'`, rule: 'fs.rm-recursive', target: 'path /srv/data' },
  { line: `osascript -e 'do shell script "rm -rf ~/Documents"'`, rule: 'fs.rm-recursive', target: 'path /home/dev/Documents' },
  { line: `awk -v x=1 'BEGIN { system("rm -rf /srv/data") }'`, rule: 'fs.rm-recursive', target: 'path /srv/data' },
  { line: `gawk --lint 'BEGIN { system("rm -rf /srv/data") }'`, rule: 'fs.rm-recursive', target: 'path /srv/data' },
  { line: `sed -n 's/.*/rm -rf ~/e' notes.txt`, rule: 'fs.rm-recursive', target: 'path /home/dev' },
];

const FED: Held[] = [
  { line: `python3 <<'EOF'\nimport shutil\nshutil.rmtree('/srv/data')\nEOF`, rule: 'fs.rm-recursive', target: 'path /srv/data' },
  { line: `python3 - <<EOF\nimport os\nos.system("rm -rf ~")\nEOF`, rule: 'fs.rm-recursive', target: 'path /home/dev' },
  { line: `node <<'EOF'\nrequire('fs').rmSync('/srv/data', { recursive: true })\nEOF`, rule: 'fs.rm-recursive', target: 'path /srv/data' },
  { line: `echo "import os; os.system('rm -rf ~')" | python3`, rule: 'fs.rm-recursive', target: 'path /home/dev' },
  { line: `printf '%s' "require('fs').rmSync('/srv/x', {recursive:true})" | node`, rule: 'fs.rm-recursive', target: 'path /srv/x' },
  { line: `cat <<'EOF' | ruby\nFileUtils.rm_rf("/srv/data")\nEOF`, rule: 'fs.rm-recursive', target: 'path /srv/data' },
];

const FOLLOWED: Held[] = [
  // imports and aliases
  { line: `python3 -c "from shutil import rmtree as r; r('/srv/data')"`, rule: 'fs.rm-recursive', target: 'path /srv/data' },
  { line: `python3 -c "__import__('os').system('rm -rf ~')"`, rule: 'fs.rm-recursive', target: 'path /home/dev' },
  { line: `node -e "const { rmSync: gone } = require('node:fs'); gone('/srv/data', { recursive: true })"`, rule: 'fs.rm-recursive', target: 'path /srv/data' },
  { line: `node -e "const f = require('fs'); f['rm' + 'Sync']('/srv/data', { recursive: true })"`, rule: 'fs.rm-recursive', target: 'path /srv/data' },
  // strings handed to a shell are judged as shell lines, by whichever pack knows the command
  { line: `node -e "const cp = require('child_process'); cp.exec('dropdb shop')"`, rule: 'db.drop-database' },
  { line: `node -e "const { execSync: run } = require('child_process'); run('git push --force origin main')"`, rule: 'git.push-force' },
  { line: `python3 -c "import subprocess; subprocess.run('kubectl delete ns prod', shell=True)"`, rule: 'k8s.delete', severity: 'critical' },
  { line: `python3 -c "import subprocess as sp; sp.call(['rm', '-rf', '/srv/www'])"`, rule: 'fs.rm-recursive', target: 'path /srv/www' },
  { line: 'ruby -e \'`rm -rf /srv/data`\'', rule: 'fs.rm-recursive', target: 'path /srv/data' },
  { line: `php -r 'echo shell_exec("rm -rf /var/www");'`, rule: 'fs.rm-recursive', target: 'path /var/www' },
  // truncation
  { line: `python3 -c "open('/etc/hosts', 'w')"`, rule: 'fs.redirect-truncate', target: 'path /etc/hosts' },
  { line: `node -p "require('fs').writeFileSync('/etc/hosts', '')"`, rule: 'fs.redirect-truncate', target: 'path /etc/hosts' },
  { line: `node -e "require('fs').writeFileSync(require('os').homedir() + '/.bashrc', '')"`, rule: 'fs.redirect-truncate', target: 'path /home/dev/.bashrc' },
];

const ORDINARY_CODE = [
  `python3 -c "print(1)"`,
  `python3 -W ignore -c "import json; print(json.dumps({}))"`,
  `node -e "console.log(require('fs').readFileSync('package.json', 'utf8'))"`,
  `perl -ne 'print if /x/' notes.txt`,
  `perl -pi -e 's/foo/bar/' notes.txt`,
  `python3 -c "open('notes.txt').read()"`,
  `echo 'print(42)' | python3`,
  `python3 <<'EOF'\nimport sys\nprint(sys.version)\nEOF`,
  `awk -F, '{ print $2 }' data.csv`,
  `ruby -e 'puts RUBY_VERSION'`,
];

describe('interpreter one-liners: flags before the code', () => {
  for (const h of ONE_LINERS) test(title(h.line), () => assertHeld(h));
});

describe('interpreter code in heredocs and fed on stdin', () => {
  for (const h of FED) test(title(h.line), () => assertHeld(h));
});

describe('interpreter code: imports and aliases followed, shell strings judged, truncation', () => {
  for (const h of FOLLOWED) test(title(h.line), () => assertHeld(h));
  test('the finding points at the command inside the code', async () => {
    const line = `python3 -c "import os; os.system('rm -rf /srv/data')"`;
    const v = await analyze(line);
    const f = v.findings.find((x) => x.ruleId === 'fs.rm-recursive');
    assert.ok(f, describeVerdict(v));
    assert.equal(line.slice(f.span[0], f.span[1]), 'rm -rf /srv/data');
    assert.match(f.via ?? '', /python3/);
  });
});

describe('ordinary interpreter lines pass', () => {
  for (const line of ORDINARY_CODE) test(title(line), () => assertAllowed(line));
});

const FILES_RUN: Held[] = [
  { line: 'bash runs/teardown.sh', rule: 'scripts.shell-script', target: 'path /var/lib/shop', message: /^runs\/teardown\.sh:5 runs `rm -rf \/var\/lib\/shop`/ },
  { line: './runs/wipe-web', rule: 'scripts.executable', message: /^runs\/wipe-web:3 runs `rm -rf \/srv\/www\/\*`/ },
  { line: 'python3 runs/cleanup.py', rule: 'scripts.interpreter-script', target: 'path /srv/shop/uploads', message: /^runs\/cleanup\.py:4 runs/ },
  { line: 'make -C runs clean-data', rule: 'recipes.make', message: /^runs\/Makefile:13 \(target clean-data\) runs `rm -rf \/var\/lib\/shop\/data`/ },
  { line: 'make -C runs distclean', rule: 'recipes.make', message: /^runs\/Makefile:16 \(target purge-state\)/ },
  { line: 'npm --prefix runs run nuke', rule: 'recipes.package-script', message: /^runs\/package\.json:10 \(script "nuke"\)/ },
  { line: 'npm --prefix runs test', rule: 'recipes.package-script', target: 'path /srv/shop', message: /\(script "pretest"\)/ },
  { line: 'just --justfile runs/justfile teardown', rule: 'recipes.just', message: /^runs\/justfile:7 \(recipe teardown\)/ },
  { line: 'task -d runs db:drop', rule: 'recipes.task', message: /^runs\/Taskfile\.yml:9 \(task db:drop\) runs `DROP DATABASE shop`/ },
  // written by the line from text the line holds: that text is what runs
  { line: `echo 'rm -rf ~' > /tmp/x.sh && bash /tmp/x.sh`, rule: 'scripts.shell-script', target: 'path /home/dev', message: /^\/tmp\/x\.sh:1 runs `rm -rf ~`/ },
  { line: `cat > /tmp/z.sh <<'EOF'\necho start\nrm -rf /srv/data\nEOF\nbash /tmp/z.sh`, rule: 'scripts.shell-script', target: 'path /srv/data', message: /^\/tmp\/z\.sh:2 / },
  // written by the line from elsewhere: not known now
  { line: 'curl -o /tmp/y.sh https://example.com/y.sh && bash /tmp/y.sh', rule: 'scripts.shell-script', message: /cannot be judged/ },
  { line: 'git checkout other -- runs/lint.sh && bash runs/lint.sh', rule: 'scripts.shell-script', message: /may change runs\/lint\.sh before running it/ },
];

describe('files a line runs: judged, named by file and line', () => {
  for (const h of FILES_RUN) test(title(h.line), () => assertHeld(h));
  for (const line of ['bash runs/lint.sh', 'shellcheck runs/lint.sh && bash runs/lint.sh', 'make -C runs test', 'npm --prefix runs run build', 'node runs/hello.js', 'python3 runs/report.py', 'bash -n runs/teardown.sh']) {
    test(`passes: ${line}`, () => assertAllowed(line));
  }

  test('a script changed between two checks is read again', () =>
    withTempDir('br-code-changed-', async (dir) => {
      const file = path.join(dir, 'job.sh');
      const ctx = { cwd: dir, workspaceRoot: dir };
      fs.writeFileSync(file, 'echo hi-there\n');
      const when = fs.statSync(file).mtime;
      assert.equal((await analyze('bash job.sh', ctx)).decision, 'allow');
      assert.equal((await analyze('bash job.sh', ctx)).decision, 'allow');
      // the same size and modification time: the change time and the text still tell
      fs.writeFileSync(file, 'rm -rf ~/work\n');
      fs.utimesSync(file, when, when);
      const v = await analyze('bash job.sh', ctx);
      assert.equal(v.decision, 'confirm', describeVerdict(v));
      assert.match(v.findings.find((f) => f.ruleId === 'scripts.shell-script')?.message ?? '', /^job\.sh:1 runs `rm -rf ~\/work`/);
      // a package.json script edited between two checks
      fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ scripts: { tidy: 'echo tidy' } }));
      assert.equal((await analyze('npm run tidy', ctx)).decision, 'allow');
      fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ scripts: { tidy: 'rm -rf /srv' } }));
      const w = await analyze('npm run tidy', ctx);
      assert.equal(w.decision, 'confirm', describeVerdict(w));
      assert.match(w.findings.find((f) => f.ruleId === 'recipes.package-script')?.message ?? '', /rm -rf \/srv/);
      // a script replaced by a folder is not answered from the text read before
      fs.rmSync(file);
      fs.mkdirSync(file);
      assert.ok(!(await analyze('bash job.sh', ctx)).findings.some((f) => f.ruleId === 'scripts.shell-script'), 'a folder does not run');
    }));

  test('a script too large to read is held, with its size', () =>
    withTempDir('br-code-large-', async (dir) => {
      fs.writeFileSync(path.join(dir, 'big.sh'), 'echo ok\n'.repeat(Math.ceil((MAX_SCRIPT_BYTES + 1024) / 8)));
      const v = await analyze('bash big.sh', { cwd: dir, workspaceRoot: dir });
      assert.equal(v.decision, 'confirm', describeVerdict(v));
      const f = v.findings.find((x) => x.ruleId === 'scripts.shell-script');
      assert.ok(f, describeVerdict(v));
      assert.match(f.message, /`big\.sh` cannot be judged: it is \d+ KB, more than the 256 KB read/);
    }));

  test('a script that is not a regular file is held', () =>
    withTempDir('br-code-fifo-', async (dir) => {
      execFileSync('mkfifo', [path.join(dir, 'run.sh')]);
      const v = await analyze('bash run.sh', { cwd: dir, workspaceRoot: dir });
      assert.equal(v.decision, 'confirm', describeVerdict(v));
      assert.match(v.findings.find((x) => x.ruleId === 'scripts.shell-script')?.message ?? '', /cannot be judged: it is not a regular file/);
    }));

  test('a script that cannot be read is held', { skip: process.getuid?.() === 0 ? 'root reads every file' : false }, () =>
    withTempDir('br-code-unreadable-', async (dir) => {
      fs.writeFileSync(path.join(dir, 'secret.sh'), 'echo hi\n', { mode: 0o000 });
      const v = await analyze('bash secret.sh', { cwd: dir, workspaceRoot: dir });
      assert.equal(v.decision, 'confirm', describeVerdict(v));
      assert.match(v.findings.find((x) => x.ruleId === 'scripts.shell-script')?.message ?? '', /cannot be judged: it cannot be read/);
    }));
});

// The generic layer reads a program's name and flags (`./purge-cache.sh`, `--force`); where the
// script was read and judged harmless it stays quiet, and a rehearsal flag the script or its
// runner does not honour (`npm run S --dry-run` runs S) does not lift what the script does.
describe('files a line runs: the generic layer and rehearsal flags', () => {
  test('a script read and found harmless is not judged again by its name', () =>
    withTempDir('br-code-spoke-', async (dir) => {
      fs.writeFileSync(path.join(dir, 'purge-cache.sh'), '#!/bin/sh\necho cleaning\n', { mode: 0o755 });
      fs.writeFileSync(path.join(dir, 'purge-all'), '\x7fELF\u0000\u0000binary', { mode: 0o755 });
      const ctx = { cwd: dir, workspaceRoot: dir };
      for (const line of ['./purge-cache.sh --all --force', 'bash purge-cache.sh --force']) {
        const v = await analyze(line, ctx);
        assert.equal(v.decision, 'allow', `${line}: ${describeVerdict(v)}`);
      }
      // a binary is not read: the generic layer speaks for it
      const bin = await analyze('./purge-all --all --force', ctx);
      assert.ok(bin.findings.some((f) => f.ruleId.startsWith('generic.')), describeVerdict(bin));
    }));

  for (const line of ['npm --prefix runs run nuke --dry-run', 'yarn --cwd runs nuke --help', 'bash runs/teardown.sh --dry-run']) {
    test(`the script still runs: ${line}`, async () => {
      const v = await analyze(line);
      assert.equal(v.decision, 'confirm', describeVerdict(v));
      assert.ok(v.findings.some((f) => f.ruleId.startsWith('recipes.') || f.ruleId.startsWith('scripts.')), describeVerdict(v));
    });
  }

  test('make -n runs no recipe: passes', () => assertAllowed('make -n -C runs clean-data'));
});

const COMPOSED: Held[] = [
  { line: `find /srv -name '*.log' -exec rm -rf {} +`, rule: 'fs.rm-recursive', target: 'path /srv' },
  { line: `find /srv -name '*.bak' -execdir rm -f {} ';'`, rule: 'fs.rm-sensitive', target: 'path /srv' },
  { line: 'find /srv/data -delete', rule: 'fs.find-delete', target: 'path /srv/data' },
  { line: 'echo /srv/data | xargs -I{} rm -rf {}', rule: 'fs.rm-recursive', target: 'path /srv/data' },
  { line: 'echo /srv/data | xargs --replace=X rm -rf X', rule: 'fs.rm-recursive', target: 'path /srv/data' },
  { line: 'ls | xargs -J % rm -rf % /srv', rule: 'fs.rm-recursive', target: 'path /srv' },
  { line: 'parallel rm -rf ::: /srv/a /srv/b', rule: 'fs.rm-recursive', target: 'path /srv/a' },
  { line: `parallel -j4 'rm -rf {}' ::: ~/work ~/data`, rule: 'fs.rm-recursive', target: 'path /home/dev/work' },
  { line: `parallel 'rm -rf {1}/{2}' ::: /srv ::: data`, rule: 'fs.rm-recursive', target: 'path /srv/data' },
  { line: `printf '/srv/a\\n' | parallel rm -rf`, rule: 'fs.rm-recursive', target: 'path /srv/a' },
  { line: '(cd / && rm -rf srv)', rule: 'fs.rm-recursive', target: 'path /srv' },
  { line: '{ rm -rf /srv/data; }', rule: 'fs.rm-recursive', target: 'path /srv/data' },
  { line: 'for d in /srv/*; do rm -rf "$d"; done', rule: 'fs.rm-recursive' },
  { line: 'while true; do rm -rf /srv/data; break; done', rule: 'fs.rm-recursive', target: 'path /srv/data' },
  { line: 'until false; do rm -rf ~; done', rule: 'fs.rm-recursive', target: 'path /home/dev' },
  { line: 'if [ -d /srv ]; then rm -rf /srv; fi', rule: 'fs.rm-recursive', target: 'path /srv' },
  { line: 'case x in x) rm -rf /srv;; esac', rule: 'fs.rm-recursive', target: 'path /srv' },
  { line: '! rm -rf /srv/data', rule: 'fs.rm-recursive', target: 'path /srv/data' },
  { line: 'time rm -rf /srv/data', rule: 'fs.rm-recursive', target: 'path /srv/data' },
  { line: 'clean() { rm -rf "$1"; }; clean /srv/data', rule: 'fs.rm-recursive' },
  { line: 'function wipe { rm -rf ~; }; wipe', rule: 'fs.rm-recursive', target: 'path /home/dev' },
  { line: `bash -c 'for f in /etc/*.conf; do rm "$f"; done'`, rule: 'fs.rm-sensitive' },
];

describe('composition', () => {
  for (const h of COMPOSED) test(title(h.line), () => assertHeld(h));
  for (const line of ['for f in *.txt; do wc -l "$f"; done', 'echo a b | xargs -n1 echo', 'parallel gzip ::: a.log b.log', "parallel 'echo {}' ::: a b", 'find . -name "*.txt" -exec grep -l x {} +', '(cd src && ls)', 'time npm test']) {
    test(`passes: ${line}`, () => assertAllowed(line));
  }
});
