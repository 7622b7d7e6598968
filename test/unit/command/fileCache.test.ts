/**
 * The texts of files a command runs, kept while the file stays the same (src/core/command/fileCache.ts),
 * and findUp (src/core/command/files.ts).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, describe, test } from 'node:test';
import { readFileText } from '../../../src/core/command/fileCache';
import { findUp } from '../../../src/core/command/files';
import { tempDir } from '../helpers/tmp';

const { dir, remove } = tempDir('blast-radius-filecache-');
after(() => remove());

function textOf(p: string, max = 1 << 20): string | undefined {
  const r = readFileText(p, max);
  return 'text' in r ? r.text : undefined;
}

describe('readFileText', () => {
  test('gives the text again while the file is unchanged, and the new text once it changes (same size)', () => {
    const p = path.join(dir, 'script.sh');
    fs.writeFileSync(p, 'rm -rf build\n');
    assert.equal(textOf(p), 'rm -rf build\n');
    assert.equal(textOf(p), 'rm -rf build\n');
    // Same length, another modification time (set, so the clock's granularity cannot hide the change): read again.
    fs.writeFileSync(p, 'rm -rf /srv/\n');
    const later = new Date(Date.now() + 2000);
    fs.utimesSync(p, later, later);
    assert.equal(textOf(p), 'rm -rf /srv/\n');
  });

  test('a file put in its place (another inode) is read again', () => {
    const p = path.join(dir, 'Makefile');
    fs.writeFileSync(p, 'all:\n\techo ok\n');
    assert.equal(textOf(p), 'all:\n\techo ok\n');
    const next = path.join(dir, 'Makefile.new');
    fs.writeFileSync(next, 'all:\n\trm -rf ~\n');
    fs.renameSync(next, p);
    assert.equal(textOf(p), 'all:\n\trm -rf ~\n');
  });

  test('a kept text is not given to a caller whose limit it exceeds', () => {
    const p = path.join(dir, 'package.json');
    fs.writeFileSync(p, '{"scripts": {"test": "node test.js"}}');
    assert.ok(textOf(p));
    const small = readFileText(p, 8);
    assert.ok('tooLarge' in small, 'over the limit of this call');
  });

  test('a folder is not a file, and a missing file throws what the file system says', () => {
    const r = readFileText(dir, 1024);
    assert.ok('notFile' in r);
    assert.throws(() => readFileText(path.join(dir, 'missing.sh'), 1024), { code: 'ENOENT' });
  });
});

describe('findUp', () => {
  test('finds the nearest file by any of its names, here or above', () => {
    const deep = path.join(dir, 'a', 'b', 'c');
    fs.mkdirSync(deep, { recursive: true });
    fs.writeFileSync(path.join(dir, 'a', 'justfile'), 'x:\n\ttrue\n');
    assert.equal(findUp(deep, ['Justfile', 'justfile'], true), path.join(dir, 'a', 'justfile'));
    assert.equal(findUp(deep, ['Justfile', 'justfile'], false), undefined);
    assert.equal(findUp(deep, ['no-such-name-anywhere.blast'], true), undefined);
  });

  test('a folder with the name is not the file', () => {
    const d = path.join(dir, 'x', 'y');
    fs.mkdirSync(path.join(d, 'Taskfile.yml'), { recursive: true });
    assert.equal(findUp(d, ['Taskfile.yml'], false), undefined);
  });
});
