/**
 * The CLI's code cache (src/cli/codeCache.ts): a bundle loads the same with a cache, without one,
 * where none can be written, and (the built CLI, in fresh processes) with one V8 rejects; a cache is per build of the bundle and per
 * kind of process; it is never read through a FIFO. And the built CLI (dist/cli.js, `node
 * esbuild.js`) gives the same first judgement with and without its cache.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadBundle } from '../../src/cli/codeCache';
import { repoRoot } from './helpers/paths';
import { withTempDir } from './helpers/tmp';

interface Sample {
  add(a: number, b: number): number;
  dir: string;
  joined: string;
  version: number;
}

/** A CommonJS bundle with functions, `__dirname` and `require`, as esbuild writes one. */
function writeBundle(dir: string, version = 1): string {
  const file = path.join(dir, 'b.cjs');
  fs.writeFileSync(
    file,
    `"use strict";\nconst path = require("node:path");\nfunction add(a, b) { return a + b; }\nmodule.exports = { add, dir: __dirname, joined: path.join("a", "b"), version: ${version} };\n`,
  );
  return file;
}

function caches(dir: string): string[] {
  const c = path.join(dir, 'cache');
  return fs.existsSync(c) ? fs.readdirSync(c).sort() : [];
}

function check(exports: unknown, dir: string, version = 1): void {
  const s = exports as Sample;
  assert.equal(s.add(2, 3), 5);
  assert.equal(s.dir, dir);
  assert.equal(s.joined, path.join('a', 'b'));
  assert.equal(s.version, version);
}

test('code cache: the first load compiles and saves; the next one loads from the cache, with the same exports', () =>
  withTempDir('br-code-cache-', (dir) => {
    const file = writeBundle(dir);
    const first = loadBundle(file, 'check');
    assert.equal(first.cached, false);
    check(first.exports, dir);
    first.saveCache();
    const files = caches(dir);
    assert.equal(files.length, 1);
    assert.match(files[0]!, new RegExp(`^b\\.cjs\\.\\d+-\\d+-\\d+-\\d+\\.check\\.${process.version.replace(/\./g, '\\.')}-${process.arch}\\.v8$`));
    const second = loadBundle(file, 'check');
    assert.equal(second.cached, true);
    check(second.exports, dir);
    second.saveCache(); // nothing to save: it had a usable cache
    assert.deepEqual(caches(dir), files);
  }));

test('code cache: each kind of process has its own; a name that is not a plain word is "other"', () =>
  withTempDir('br-code-cache-', (dir) => {
    const file = writeBundle(dir);
    loadBundle(file, 'check').saveCache();
    assert.equal(loadBundle(file, 'hook').cached, false);
    loadBundle(file, 'hook').saveCache();
    loadBundle(file, '../../etc/x').saveCache();
    assert.deepEqual(caches(dir).map((f) => f.split('.')[3]), ['check', 'hook', 'other']);
    assert.equal(loadBundle(file, 'check').cached, true);
    assert.equal(loadBundle(file, 'hook').cached, true);
  }));

test('code cache: a rebuilt bundle never meets the old cache, and saving its own removes the old ones', () =>
  withTempDir('br-code-cache-', (dir) => {
    const file = writeBundle(dir, 1);
    loadBundle(file, 'check').saveCache();
    loadBundle(file, 'hook').saveCache();
    const old = caches(dir);
    writeBundle(dir, 22); // another build: another size and modification time
    const rebuilt = loadBundle(file, 'check');
    assert.equal(rebuilt.cached, false);
    check(rebuilt.exports, dir, 22);
    rebuilt.saveCache();
    const now = caches(dir);
    assert.equal(now.length, 1);
    assert.ok(!old.includes(now[0]!));
    assert.equal(loadBundle(file, 'check').cached, true);
  }));

test('code cache: a FIFO in place of the cache is not opened (no hang); saving puts a cache in its place', () =>
  withTempDir('br-code-cache-', (dir) => {
    const file = writeBundle(dir);
    loadBundle(file, 'check').saveCache();
    const cacheFile = path.join(dir, 'cache', caches(dir)[0]!);
    fs.rmSync(cacheFile);
    execFileSync('mkfifo', [cacheFile]);
    const loaded = loadBundle(file, 'check');
    assert.equal(loaded.cached, false);
    check(loaded.exports, dir);
    loaded.saveCache();
    assert.ok(fs.statSync(cacheFile).isFile());
    assert.equal(loadBundle(file, 'check').cached, true);
  }));

test('code cache: where the cache folder cannot be made, the bundle loads and saving is a quiet no-op', () =>
  withTempDir('br-code-cache-', (dir) => {
    const file = writeBundle(dir);
    fs.writeFileSync(path.join(dir, 'cache'), 'not a folder');
    const loaded = loadBundle(file, 'check');
    check(loaded.exports, dir);
    assert.doesNotThrow(() => loaded.saveCache());
    assert.equal(loadBundle(file, 'check').cached, false);
    assert.deepEqual(fs.readdirSync(dir).sort(), ['b.cjs', 'cache']);
  }));

test('the built CLI judges the same first line alike without its code cache, writing it, and from it', () =>
  withTempDir('br-code-cache-cli-', (dir) => {
    const dist = path.join(repoRoot, 'dist');
    assert.ok(fs.existsSync(path.join(dist, 'cli.cjs')), 'dist/cli.cjs is missing: run `node esbuild.js` first');
    for (const f of ['cli.js', 'cli.cjs']) fs.copyFileSync(path.join(dist, f), path.join(dir, f));
    fs.symlinkSync(path.join(dist, 'wasm'), path.join(dir, 'wasm'));
    const run = (line: string): { status: number | null; stdout: string } => {
      const r = spawnSync(process.execPath, [path.join(dir, 'cli.js'), 'check', '--json', '--no-probe', '--', line], { cwd: dir, encoding: 'utf8' });
      assert.equal(r.stderr, '');
      return { status: r.status, stdout: r.stdout };
    };
    for (const line of ['git push --force origin main', 'rm -rf ~/project', 'ls -la']) {
      fs.rmSync(path.join(dir, 'cache'), { recursive: true, force: true });
      const cold = run(line);
      assert.equal(caches(dir).filter((f) => f.includes('.check.')).length, 1, 'the first check saved its cache');
      const cached = run(line);
      assert.deepEqual(cached, cold, line);
    }
    // A cache V8 rejects (here garbage of the right size; in a fresh process, so V8 reads it) is
    // compiled around, and written again.
    const cacheFile = path.join(dir, 'cache', caches(dir).find((f) => f.includes('.check.'))!);
    const garbage = Buffer.alloc(fs.statSync(cacheFile).size, 0x5a);
    fs.writeFileSync(cacheFile, garbage);
    assert.deepEqual(run('ls -la'), { status: 0, stdout: `${JSON.stringify({ decision: 'allow', severity: 'none', findings: [] })}\n` });
    assert.notDeepEqual(fs.readFileSync(cacheFile), garbage);
    assert.equal(run('git push --force origin main').status, 3);
  }));
