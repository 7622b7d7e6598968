/**
 * Loads the CLI's CommonJS bundle (dist/cli.cjs) with V8's code cache, for the launcher.
 *
 * Most of a short-lived CLI process's time went into parsing and compiling the engine's code
 * (the rule packs, the generic layer, the readers, the policy schema) before it judged anything.
 * V8 can save what it compiled (`vm.Script#createCachedData`) and take it back in a later process
 * (`cachedData`), skipping that work. The first process of a build, or of a Node.js version,
 * compiles as usual and saves the cache once its command is done; the next ones read it.
 *
 * - The cache lives next to the bundle, in `cache/` beside it (never packaged: .vscodeignore), so
 *   whoever can change it can change the bundle itself; where that folder cannot be written (an
 *   installation owned by another user, a read-only sandbox) every process compiles as before.
 * - Each command has its own (`kind`): a cache holds the code that its first process ran, and
 *   `check` runs other code than `hook judge`.
 * - Its name holds the bundle's size, inode, and modification and change times in ns (a file
 *   written again has a new change time, which no tool can set back), and Node.js's version and
 *   architecture: a rebuilt bundle, or another Node.js, never meets a cache of a different one.
 *   V8 checks the rest itself (its version, its flags, the source's length) and rejects a cache
 *   that does not match (`cachedDataRejected`): the code is then compiled from its source, and the
 *   cache written again. A cache is only ever a faster way to the same code.
 * - It is read with `readRegularFile` (never a FIFO or a device), written to a temporary file and
 *   renamed into place, so a process never reads half a cache.
 */
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import * as vm from 'node:vm';
import { readRegularFile } from '../core/safeRead';

/** Larger caches are not read (the CLI's is about 1–2 MB). */
const MAX_CACHE_BYTES = 64 << 20;
const CACHE_DIR = 'cache';

/** A loaded bundle: its exports, and how to save its code cache once the process has run it. */
export interface LoadedBundle {
  exports: unknown;
  /** V8 compiled it from a code cache (else from its source). */
  cached: boolean;
  /** Writes the cache when there was none usable; call once the command is done (it then holds the code that ran). */
  saveCache(): void;
}

interface CacheFile {
  dir: string;
  name: string;
  /** How every cache of this bundle starts, and every cache of this very build of it. */
  bundle: string;
  build: string;
}

/** The cache file of `file` as it is now (its stamp), for this Node.js and this kind of process. */
function cacheFileOf(file: string, st: fs.BigIntStats, kind: string): CacheFile {
  const bundle = `${path.basename(file)}.`;
  const build = `${bundle}${st.size}-${st.ino}-${st.mtimeNs}-${st.ctimeNs}.`;
  const name = `${build}${/^[a-z][a-z-]{0,31}$/.test(kind) ? kind : 'other'}.${process.version}-${process.arch}.v8`;
  return { dir: path.join(path.dirname(file), CACHE_DIR), name, bundle, build };
}

/**
 * Loads a CommonJS bundle as `require` would, with V8's code cache when there is a usable one;
 * `kind` names what the process does (a subcommand), each kind with its own cache.
 */
export function loadBundle(file: string, kind: string): LoadedBundle {
  const st = fs.statSync(file, { bigint: true });
  const source = fs.readFileSync(file, 'utf8');
  const cache = cacheFileOf(file, st, kind);
  const cacheFile = path.join(cache.dir, cache.name);
  const read = readRegularFile(cacheFile, { maxBytes: MAX_CACHE_BYTES, followSymlinks: false });
  const cachedData = read.ok ? read.data : undefined;
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, { filename: file, ...(cachedData ? { cachedData } : {}) });
  const mod = { exports: {} as unknown };
  const fn = script.runInThisContext() as (exports: unknown, require: NodeJS.Require, module: { exports: unknown }, filename: string, dirname: string) => void;
  // The arguments Node.js gives a CommonJS module.
  fn.call(mod.exports, mod.exports, createRequire(file), mod, file, path.dirname(file));
  const usable = cachedData !== undefined && script.cachedDataRejected !== true;
  let saved = usable;
  return {
    exports: mod.exports,
    cached: usable,
    saveCache: () => {
      if (saved) return;
      saved = true;
      writeCache(cache, script.createCachedData());
    },
  };
}

function writeCache(cache: CacheFile, data: Buffer): void {
  const tmp = path.join(cache.dir, `.${cache.name}.${process.pid}.tmp`);
  try {
    fs.mkdirSync(cache.dir, { recursive: true });
    fs.writeFileSync(tmp, data, { flag: 'wx', mode: 0o644 });
    fs.renameSync(tmp, path.join(cache.dir, cache.name));
    // The caches of earlier builds of this bundle go; those of this build (other kinds, other Node.js versions) stay.
    for (const f of fs.readdirSync(cache.dir)) {
      if (f.startsWith(cache.bundle) && f.endsWith('.v8') && !f.startsWith(cache.build)) fs.rmSync(path.join(cache.dir, f), { force: true });
    }
  } catch {
    // A folder that cannot be written: no cache; the next process compiles as this one did.
    try {
      fs.rmSync(tmp, { force: true });
    } catch {
      // nothing was written
    }
  }
}
