/**
 * The runtime folder names every record once (core/guard/runtimeDir.ts): the files the modules
 * write carry those names, and the rules that keep agents away from them (the edit rule
 * cicd.guard-runtime-changed, the command rule guard.hook-files) recognise every one of them.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { analyzeEdit } from '../../../src/core/edit/analyze';
import { discoveryFile, writeDiscovery } from '../../../src/core/guard/discovery';
import { removeServerFile, serverFilePath, writeServerFile } from '../../../src/core/guard/env';
import { RUNTIME_RECORD_RE, SHELL_LINE_FILE_RE, runtimeDir, serverFileText } from '../../../src/core/guard/runtimeDir';
import { judgeFile, judgeStartingFile, writeJudgeRecord } from '../../../src/core/hooks/judge';
import { repoRoot } from '../helpers/paths';
import { analyze, describeVerdict, findingsOf } from '../command/packs/table';

let tmp = '';
let env: Record<string, string> = {};

before(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'br-runtime-'));
  env = { XDG_RUNTIME_DIR: tmp };
});

after(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** A record's path as the rules see it: forward slashes, the user's runtime folder as it is. */
function slashed(p: string): string {
  return p.split(path.sep).join('/');
}

describe('every record in the runtime folder is recognised by the rules\u2019 pattern', () => {
  test('the names the modules give them, in $XDG_RUNTIME_DIR and in the temporary folder', () => {
    const names = [discoveryFile('/home/dev/project', env), judgeFile('0123abcd', env), judgeStartingFile('0123abcd', env), serverFilePath(runtimeDir(env), '/home/dev/project')].map((f) => path.basename(f));
    for (const dir of [runtimeDir(env), runtimeDir({})]) {
      for (const name of names) {
        const file = path.join(dir, name);
        assert.match(slashed(file), RUNTIME_RECORD_RE, file);
        assert.match(slashed(`${file}.${process.pid}.tmp`), RUNTIME_RECORD_RE, `${file} while it is written`);
      }
    }
  });

  test('the records really written there carry those names', () => {
    const written = [
      writeDiscovery({ workspace: tmp, host: '127.0.0.1', port: 1, token: 'a'.repeat(48), pid: process.pid }, env),
      writeJudgeRecord({ build: 'b1', host: '127.0.0.1', port: 2, token: 'b'.repeat(48), pid: process.pid }, env),
    ];
    const server = serverFilePath(runtimeDir(env), tmp);
    writeServerFile(server, 3, 'c'.repeat(48));
    written.push(server);
    const names = fs.readdirSync(runtimeDir(env)).sort();
    assert.deepEqual(names, written.map((f) => path.basename(f)).sort());
    for (const name of names) assert.match(slashed(path.join(runtimeDir(env), name)), RUNTIME_RECORD_RE, name);
  });

  test('files of the same folder name elsewhere, and other files in the folder, are not records', () => {
    for (const p of ['blast-radius/src/main.ts', 'docs/blast-radius/notes.json', 'blast-radius/server.ts', '/run/user/1000/blast-radius/notes.txt', '/run/user/1000/blast-radius/bash-123.line']) {
      assert.doesNotMatch(p, RUNTIME_RECORD_RE, p);
    }
  });
});

describe("the window server file: the shells' format, written privately", () => {
  test('written 0600 as one BR1 line; removed only while it names this server', () => {
    const file = serverFilePath(runtimeDir(env), '/home/dev/other');
    writeServerFile(file, 40001, 't1');
    assert.equal(fs.readFileSync(file, 'utf8'), 'BR1 40001 t1\n');
    assert.equal(fs.readFileSync(file, 'utf8'), serverFileText(40001, 't1'));
    if (process.platform !== 'win32') assert.equal(fs.statSync(file).mode & 0o777, 0o600);
    assert.deepEqual(fs.readdirSync(path.dirname(file)).filter((n) => n.endsWith('.tmp')), []);
    removeServerFile(file, 40002, 't2'); // another window's server: kept
    assert.ok(fs.existsSync(file));
    removeServerFile(file, 40001, 't1');
    assert.ok(!fs.existsSync(file));
  });

  test("the bash guard's line file is the one the extension prunes", () => {
    const script = fs.readFileSync(path.join(repoRoot, 'media', 'guard', 'bash-guard.sh'), 'utf8');
    const m = /__br_hfile=\$t\/(bash-\$\$\.line)/.exec(script);
    assert.ok(m, 'bash-guard.sh names its line file bash-$$.line');
    const name = m[1]!.replace('$$', '4242');
    assert.equal(SHELL_LINE_FILE_RE.exec(name)?.[1], '4242');
  });
});

describe('a record the rules used to miss is caught now', () => {
  const serverFile = '/run/user/1000/blast-radius/server-0123456789abcdef0123';

  test('edit rule: pointing a window server file elsewhere (cicd.guard-runtime-changed)', () => {
    const v = analyzeEdit({ path: serverFile, before: 'BR1 40001 aaaa\n', after: 'BR1 40999 bbbb\n', context: { author: 'agent' } });
    const f = v.findings.find((x) => x.ruleId === 'cicd.guard-runtime-changed');
    assert.ok(f, JSON.stringify(v.findings));
    assert.equal(f.severity, 'critical');
    assert.equal(f.message, "writes server-0123456789abcdef0123 in Blast Radius's runtime folder, which tells the hooks which server decides");
  });

  test('command rule: a record written from inside the runtime folder (guard.hook-files)', async () => {
    const lines: [string, { cwd?: string } | undefined][] = [
      ["cd /run/user/1000/blast-radius && echo 'BR1 1 x' > server-0123456789abcdef0123", undefined],
      ["printf '{\"port\":1}' > hook-judge-0123abcd.json", { cwd: '/run/user/1000/blast-radius' }],
      ['cd /tmp/blast-radius-1000; rm 0123456789abcdef01234567.json', undefined],
    ];
    for (const [line, ctx] of lines) {
      const found = await findingsOf('guard.hook-files', line, ctx);
      assert.equal(found.length, 1, `${line}: ${describeVerdict(await analyze(line, ctx))}`);
      assert.equal(found[0]!.severity, 'critical');
      assert.match(found[0]!.message, /a Blast Radius file, switches off or loosens the guard/);
    }
  });

  test('command rule: the same names outside a runtime folder are not guard files', async () => {
    for (const line of ["cd /tmp && echo 'BR1 1 x' > server-0123456789abcdef0123", 'echo {} > hook-judge-notes.json']) {
      assert.deepEqual(await findingsOf('guard.hook-files', line), [], line);
    }
  });
});
