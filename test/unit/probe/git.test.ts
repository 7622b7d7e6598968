/**
 * The git probe on real temporary repositories: what it reports (the `measured` shape), where it
 * runs (-C, cd), that it never lets the repository's configuration run a program, and that it
 * says "not measured" rather than guess.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { unquoteC } from '../../../src/core/probe/git';
import { judgeMeasured, measureLine, type Probe } from '../../../src/core/probe/index';
import { analyzer, sandbox, type Sandbox } from './sandbox';

async function probeOf(s: Sandbox, line: string, sub?: string): Promise<Probe> {
  const a = await analyzer();
  const m = await measureLine(a.parse(line), s.ctx({}, sub), { gitTimeoutMs: 30_000 });
  assert.ok(m, `no probe for ${line}`);
  assert.equal(m.probes.length, 1, JSON.stringify(m.probes));
  return m.probes[0]!;
}

function withWork(): Sandbox {
  const s = sandbox();
  s.commit({ 'src/app.ts': 'a\nb\nc\n', 'src/lib.ts': 'x\n', 'bin/tool.bin': Buffer.from([0, 1, 2, 3]).toString('latin1') }, 'init');
  fs.appendFileSync(path.join(s.dir, 'src/app.ts'), 'd\ne\n');
  fs.writeFileSync(path.join(s.dir, 'src/lib.ts'), 'y\n');
  fs.writeFileSync(path.join(s.dir, 'bin/tool.bin'), Buffer.from([9, 0, 9, 0]));
  return s;
}

describe('git probe: uncommitted work', () => {
  test('checkout -- . reports files, lines added and removed, binary files and the first paths', async () => {
    const p = await probeOf(withWork(), 'git checkout -- .');
    assert.equal(p.kind, 'git');
    assert.equal(p.class, 'local');
    assert.equal(p.status, 'measured');
    assert.equal(p.loss, 'work');
    assert.deepEqual(p.changes, { files: 3, added: 3, removed: 1, binary: 1, paths: ['bin/tool.bin', 'src/app.ts', 'src/lib.ts'] });
    assert.equal(p.sentence, 'Discards uncommitted changes in 3 files (+3 −1, 1 binary file): bin/tool.bin, src/app.ts and src/lib.ts');
    assert.deepEqual(p.rules, ['git.discard-changes']);
    assert.equal(p.settled, false);
  });

  test('the measured object is plain JSON with the command, its span and the folder', async () => {
    const s = withWork();
    const p = await probeOf(s, 'echo x; git checkout -- src');
    assert.deepEqual(JSON.parse(JSON.stringify(p)), p);
    assert.equal(p.command, 'git checkout -- src');
    assert.deepEqual(p.span, [8, 27]);
    assert.equal(fs.realpathSync(p.cwd!), fs.realpathSync(s.dir));
    assert.ok(p.elapsedMs >= 0);
  });

  test('git -C and a cd earlier in the line move the folder the paths are read from', async () => {
    const s = withWork();
    assert.equal((await probeOf(s, 'git -C src checkout -- app.ts')).changes?.paths[0], 'src/app.ts');
    assert.equal((await probeOf(s, 'cd src && git restore lib.ts')).changes?.paths[0], 'src/lib.ts');
    assert.equal((await probeOf(s, 'git checkout -- ../src/app.ts', 'bin')).changes?.files, 1);
  });

  test('a cd the probe cannot follow makes the command not measured', async () => {
    const p = await probeOf(withWork(), 'cd "$WORK" && git checkout -- .');
    assert.equal(p.status, 'not-measured');
    assert.match(p.sentence, /^Not measured: the line changes folder with cd \$WORK, which is not known here/);
  });

  test('outside a repository the probe says so and leaves the judgement', async () => {
    const s = sandbox();
    const dir = s.outside();
    const a = await analyzer();
    const m = await measureLine(a.parse('git reset --hard'), { ...s.ctx(), cwd: dir });
    assert.equal(m?.probes[0]?.status, 'not-measured');
    assert.match(m!.probes[0]!.sentence, /^Not measured: not inside a Git repository; the judgement stands as the command reads\.$/);
  });

  test('git checkout BRANCH is a switch (nothing discarded), git checkout FILE discards', async () => {
    const s = withWork();
    s.git('branch', 'topic');
    assert.equal((await probeOf(s, 'git checkout topic')).loss, 'none');
    assert.equal((await probeOf(s, 'git checkout src/app.ts')).loss, 'work');
  });

  test('restore --staged alone, checkout -b and clean -n are not probed', async () => {
    const s = withWork();
    const a = await analyzer();
    for (const line of ['git restore --staged src/app.ts', 'git checkout -b new', 'git clean -nd', 'git stash list', 'git push origin main']) {
      assert.equal(await measureLine(a.parse(line), s.ctx()), undefined, line);
    }
  });
});

describe('git probe: commits, stashes, pushes', () => {
  test('branch -D lists the commits it would orphan', async () => {
    const s = sandbox();
    s.commit({ 'a.txt': 'a\n' }, 'base');
    s.git('checkout', '-q', '-b', 'spike');
    s.commit({ 'b.txt': 'b\n' }, 'Try the cache');
    s.git('checkout', '-q', 'main');
    const p = await probeOf(s, 'git branch -D spike');
    assert.equal(p.loss, 'work');
    assert.equal(p.commits?.[0]?.ref, 'refs/heads/spike');
    assert.equal(p.commits?.[0]?.count, 1);
    assert.match(p.commits![0]!.examples[0]!, /^[0-9a-f]{7,} Try the cache$/);
  });

  test('a force-push reports the remote commits it overwrites and when the remote was fetched', async () => {
    const s = sandbox();
    s.commit({ 'a.txt': 'a\n' }, 'base');
    s.addRemote();
    s.commit({ 'b.txt': 'b\n' }, 'Pushed');
    s.git('push', '-q', 'origin', 'main');
    s.git('reset', '-q', '--hard', 'HEAD~1');
    const p = await probeOf(s, 'git push --force');
    assert.equal(p.loss, 'work');
    assert.equal(p.commits?.[0]?.ref, 'refs/remotes/origin/main');
    assert.equal(p.commits?.[0]?.count, 1);
    assert.ok(p.commits?.[0]?.fetchedAt && !Number.isNaN(Date.parse(p.commits[0].fetchedAt)));
    assert.match(p.sentence, /^Overwrites 1 commit on origin\/main that is not in what is pushed \(as of the last fetch, just now\): \w+ Pushed$/);
  });

  test('stash drop reports the entry and its size, untracked files included', async () => {
    const s = sandbox();
    s.commit({ 'a.txt': 'a\n' }, 'base');
    fs.appendFileSync(path.join(s.dir, 'a.txt'), 'more\nlines\n');
    s.write('new.txt', 'one\ntwo\nthree\n');
    s.git('stash', '-q', '-u', '-m', 'half done');
    const p = await probeOf(s, 'git stash drop 0');
    assert.deepEqual(p.stash, { entries: 1, files: 2, added: 5, removed: 0, measured: 1, names: ['stash@{0}: On main: half done'] });
    assert.equal(p.sentence, 'Drops stash@{0}: On main: half done: changes to 2 files (+5 −0) that exist nowhere else');
  });
});

describe('git probe: the repository cannot make it run programs', () => {
  test('fsmonitor, clean/smudge filters, filter processes and external diff in the config never run', async () => {
    const s = sandbox();
    s.commit({ 'a.txt': 'a\n', '.gitattributes': '* filter=evil diff=evil\n' }, 'base');
    const marks = path.join(s.bin, 'ran');
    fs.mkdirSync(marks);
    for (const [k, v] of [
      ['core.fsmonitor', `touch ${marks}/fsmonitor; echo`],
      ['filter.evil.clean', `touch ${marks}/clean; cat`],
      ['filter.evil.smudge', `touch ${marks}/smudge; cat`],
      ['filter.evil.process', `touch ${marks}/process`],
      ['filter.evil.required', 'true'],
      ['diff.external', `touch ${marks}/external`],
      ['diff.evil.command', `touch ${marks}/diffcmd`],
      ['diff.evil.textconv', `touch ${marks}/textconv`],
    ]) s.git('config', k!, v!);
    fs.appendFileSync(path.join(s.dir, 'a.txt'), 'b\n');
    fs.utimesSync(path.join(s.dir, 'a.txt'), new Date(2001, 0, 1), new Date(2001, 0, 1)); // stat differs from the index
    s.write('u.txt', 'u\n');
    for (const line of ['git checkout -- a.txt', 'git reset --hard', 'git clean -fd', 'rm -rf .', 'git stash drop']) await probeOf(s, line);
    assert.deepEqual(fs.readdirSync(marks), []);
    assert.equal((await probeOf(s, 'git checkout -- a.txt')).changes?.added, 1);
  });
});

describe('git probe: the whole judgement', () => {
  test('the hook and the guard get the same verdict with the measured sentence on the finding', async () => {
    const s = withWork();
    const j = await judgeMeasured(await analyzer(), 'git checkout -- src/app.ts', s.ctx());
    assert.equal(j.staticVerdict.decision, 'allow');
    assert.equal(j.verdict.decision, 'confirm');
    const f = j.verdict.findings.find((x) => x.ruleId === 'git.discard-changes');
    assert.equal(f?.severity, 'high');
    assert.equal(f?.measured, 'Discards uncommitted changes in 1 file (+2 −0): src/app.ts');
    assert.deepEqual(j.verdict.measured?.probes[0]?.effect, { from: 'medium', to: 'high' });
    assert.ok(j.verdict.reasons?.includes('measured: Discards uncommitted changes in 1 file (+2 −0): src/app.ts (medium → high)'));
  });

  test('probe: false gives the static verdict', async () => {
    const s = withWork();
    const j = await judgeMeasured(await analyzer(), 'git checkout -- src/app.ts', s.ctx(), { probe: false });
    assert.equal(j.verdict, j.staticVerdict);
    assert.equal(j.measured, undefined);
  });
});

test('unquoteC reads git’s quoted names', () => {
  assert.equal(unquoteC('plain.txt'), 'plain.txt');
  assert.equal(unquoteC('"tab\\there"'), 'tab\there');
  assert.equal(unquoteC('"caf\\303\\251.txt"'), 'café.txt');
  assert.equal(unquoteC('"quote\\"d"'), 'quote"d');
});
