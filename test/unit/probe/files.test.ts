/**
 * The filesystem probe: counts split by what Git knows, the bounded walk, links not followed,
 * globs expanded as bash would, find expressions, rsync --delete, and the commands it leaves alone.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { readFind } from '../../../src/core/probe/find';
import { measureLine, type Probe, type ProbeOptions } from '../../../src/core/probe/index';
import { analyzer, sandbox, type Sandbox } from './sandbox';

async function probeOf(s: Sandbox, line: string, opts: ProbeOptions = {}): Promise<Probe> {
  const a = await analyzer();
  const m = await measureLine(a.parse(line), s.ctx(), { gitTimeoutMs: 30_000, walkMs: 10_000, ...opts });
  assert.ok(m, `no probe for ${line}`);
  return m.probes[0]!;
}

function many(s: Sandbox, dir: string, n: number): void {
  fs.mkdirSync(path.join(s.dir, dir), { recursive: true });
  for (let i = 0; i < n; i++) fs.writeFileSync(path.join(s.dir, dir, `f${i}.txt`), 'x'.repeat(10));
}

describe('files probe: counts', () => {
  test('each class is counted: tracked, modified, untracked, ignored build output, other ignored files', async () => {
    const s = sandbox();
    s.commit({ 'app/a.ts': 'a\n', 'app/b.ts': 'b\n', 'app/.gitignore': 'cache/\n*.local\n' }, 'init');
    fs.appendFileSync(path.join(s.dir, 'app/a.ts'), 'changed\n');
    s.write('app/new.ts', 'new\n');
    s.write('app/cache/x.bin', '0123456789');
    s.write('app/settings.local', 'k=v\n');
    const p = await probeOf(s, 'rm -rf app');
    const f = p.files!;
    assert.deepEqual(
      { files: f.files, tracked: f.tracked, modified: f.modified, untracked: f.untracked, ignored: f.ignored, build: f.build, outside: f.outside },
      { files: 6, tracked: 2, modified: 1, untracked: 1, ignored: 2, build: 1, outside: 0 },
    );
    assert.equal(f.bytes, 10 + 2 + 15 + 4 + 10 + 4);
    assert.deepEqual(f.examples, ['app/new.ts', 'app/a.ts', 'app/settings.local']);
    assert.equal(p.loss, 'work');
  });

  test('the walk stops at its bound and says "at least"; such a count never relaxes', async () => {
    const s = sandbox();
    s.commit({ 'keep.txt': 'k\n', '.gitignore': 'out/\n' }, 'init');
    many(s, 'out', 300);
    const p = await probeOf(s, 'rm -rf out', { maxFiles: 100 });
    assert.equal(p.atLeast, true);
    assert.equal(p.settled, false);
    assert.match(p.sentence, /^Deletes at least 100 files/);
  });

  test('a symbolic link is removed, not followed', async () => {
    const s = sandbox();
    s.commit({ 'keep.txt': 'k\n' }, 'init');
    const elsewhere = s.outside();
    for (let i = 0; i < 20; i++) fs.writeFileSync(path.join(elsewhere, `d${i}`), 'data');
    fs.symlinkSync(elsewhere, path.join(s.dir, 'data'));
    const p = await probeOf(s, 'rm -rf data');
    assert.equal(p.files?.files, 1);
    assert.equal(p.files?.symlinks, 1);
  });

  test('globs expand as bash would: the last segment, no dot files unless asked', async () => {
    const s = sandbox();
    s.commit({ 'keep.txt': 'k\n' }, 'init');
    s.write('dist/a.js', 'a');
    s.write('dist/b.js', 'b');
    s.write('dist/.hidden', 'h');
    assert.equal((await probeOf(s, 'rm -rf dist/*')).files?.files, 2);
    assert.equal((await probeOf(s, 'rm -rf dist/.*')).files?.files, 1);
    assert.equal((await probeOf(s, 'rm -f dist/*.css')).files?.missing.length, 1);
  });

  test('outside any repository files are counted but not judged', async () => {
    const s = sandbox();
    const d = s.outside();
    fs.writeFileSync(path.join(d, 'a'), 'aaaa');
    const p = await probeOf(s, `rm -rf ${d}`);
    assert.equal(p.files?.outside, 1);
    assert.equal(p.loss, 'unknown');
    assert.equal(p.sentence, 'Deletes 1 file (4 bytes) outside any Git repository');
  });
});

describe('files probe: commands', () => {
  test('find: -name, -type and -maxdepth are read; other tests make it an upper bound', async () => {
    const s = sandbox();
    s.commit({ 'a.log': 'a', 'sub/b.log': 'b', 'sub/deep/c.log': 'c', 'sub/x.txt': 'x' }, 'init');
    assert.equal((await probeOf(s, "find . -name '*.log' -delete")).files?.files, 3);
    assert.equal((await probeOf(s, "find . -maxdepth 2 -type f -name '*.log' -delete")).files?.files, 2);
    const approx = await probeOf(s, "find . -name '*.log' -newer x -delete");
    assert.equal(approx.settled, false);
    assert.match(approx.sentence, /^Deletes up to 3 files/);
  });

  test('find expressions: what is read, what is refused', () => {
    assert.equal(readFind(['.', '-name', 'x', '-exec', 'rm', '{}', ';']), undefined);
    assert.equal(readFind(['.', '-delete', '-exec', 'echo', '{}', ';']), undefined);
    const f = readFind(['src', '(', '-name', '*.orig', '-o', '-name', '*.rej', ')', '-delete'])!;
    assert.deepEqual(f.starts, ['src']);
    const e = (name: string) => ({ abs: `/w/src/${name}`, shown: `src/${name}`, name, depth: 1, type: 'file' as const });
    assert.equal(f.match(e('a.orig')), true);
    assert.equal(f.match(e('a.rej')), true);
    assert.equal(f.match(e('a.ts')), false);
    assert.equal(readFind(['.', '-delete', '-name', 'x'])!.approximate, true);
    assert.equal(readFind(['.', '!', '-name', '*.keep', '-delete'])!.match(e('b.keep')), false);
  });

  test('rsync --delete counts what the destination has and the source lacks; filters make it "up to"', async () => {
    const s = sandbox();
    s.commit({ 'site/index.html': 'i', 'site/app.js': 'a' }, 'init');
    s.write('www/index.html', 'old');
    s.write('www/stale.html', 'stale');
    s.write('www/uploads/photo.jpg', 'jpg');
    const p = await probeOf(s, 'rsync -av --delete site/ www/');
    assert.equal(p.files?.files, 2);
    assert.equal(p.files?.untracked, 2);
    const f = await probeOf(s, "rsync -av --delete --exclude 'uploads/' site/ www/");
    assert.match(f.sentence, /^Deletes up to 2 files/);
    assert.equal(f.settled, false);
    const a = await analyzer();
    for (const line of ['rsync -av --delete -n site/ www/', 'rsync -av site/ www/', 'rsync -av --delete site/ host:/srv/www/']) {
      const m = await measureLine(a.parse(line), s.ctx());
      assert.ok(m === undefined || m.probes[0]!.status === 'not-measured', line);
    }
  });

  test('mv counts only what it overwrites; -n, -b and a new name are not probed', async () => {
    const s = sandbox();
    s.commit({ 'conf/app.conf': 'old\n' }, 'init');
    s.write('app.conf', 'new\n');
    s.write('conf/extra.conf', 'x\n');
    assert.equal((await probeOf(s, 'mv app.conf conf/')).files?.tracked, 1);
    assert.equal((await probeOf(s, 'mv -t conf app.conf')).files?.files, 1);
    const a = await analyzer();
    for (const line of ['mv -n app.conf conf/', 'mv -b app.conf conf/app.conf', 'mv app.conf renamed.conf']) assert.equal(await measureLine(a.parse(line), s.ctx()), undefined, line);
  });

  test('truncations: only writers of nothing empty a file; content writers are edits', async () => {
    const s = sandbox();
    s.commit({ 'notes.md': 'n\n' }, 'init');
    const a = await analyzer();
    for (const line of [': > notes.md', '> notes.md', 'true > notes.md', 'cat /dev/null > notes.md', 'truncate -s 0 notes.md', 'truncate --size=0 notes.md']) {
      const m = await measureLine(a.parse(line), s.ctx());
      assert.equal(m?.probes[0]?.files?.files, 1, line);
    }
    for (const line of ['echo hello > notes.md', 'cat > notes.md <<EOF\nhi\nEOF', 'truncate -s 10M notes.md', 'echo x >> notes.md', 'ls 2> /dev/null']) {
      assert.equal(await measureLine(a.parse(line), s.ctx()), undefined, line);
    }
  });
});
