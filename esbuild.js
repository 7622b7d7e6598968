// @ts-check
/**
 * One build script for everything that runs:
 *   node esbuild.js               dist/extension.js (vscode external) and dist/cli.js (no vscode external)
 *   node esbuild.js --production  the same, minified, no source maps
 *   node esbuild.js --watch       rebuild on change
 *   node esbuild.js --tests       test and bench bundles into out/ (unit, integration, bench);
 *                                 BLAST_RADIUS_OUT=dir puts them elsewhere
 *
 * The CLI bundle is built WITHOUT `vscode` as an external, so an accidental import of
 * 'vscode' from src/core or src/cli breaks the build.
 */
const esbuild = require('esbuild');
const fs = require('node:fs');
const path = require('node:path');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const tests = process.argv.includes('--tests');

const root = __dirname;

/**
 * The build id: a hash of the sources and the locked dependencies. The hook's launcher only hands
 * calls to a background judge of the same build (src/core/hooks/judge.ts). Watch builds change
 * under a running judge, so they have none ('' turns the judge off).
 */
function buildId() {
  if (watch) return '';
  const hash = require('node:crypto').createHash('sha256');
  const files = [
    ...walk(path.join(root, 'src'), (f) => f.endsWith('.ts')),
    ...walk(path.join(root, 'media'), () => true),
    path.join(root, 'package.json'),
    path.join(root, 'package-lock.json'),
    __filename,
  ].filter((f) => fs.statSync(f).isFile());
  for (const f of files.sort()) hash.update(path.relative(root, f)).update('\0').update(fs.readFileSync(f)).update('\0');
  return hash.digest('hex').slice(0, 16);
}

/** Runtime assets copied next to the bundles: the tree-sitter runtime and the grammars we use. */
const WASM_FILES = [
  'tree-sitter.wasm',
  'tree-sitter-bash.wasm',
  'tree-sitter-powershell.wasm',
  // interpreter code (src/core/code/grammars.ts), each loaded only when its language appears
  'tree-sitter-python.wasm',
  'tree-sitter-javascript.wasm',
  'tree-sitter-typescript.wasm',
  'tree-sitter-ruby.wasm',
  'tree-sitter-php.wasm',
];

function copyAssets(outdir) {
  const wasmSrc = path.join(root, 'node_modules', '@vscode', 'tree-sitter-wasm', 'wasm');
  const wasmDst = path.join(outdir, 'wasm');
  fs.mkdirSync(wasmDst, { recursive: true });
  for (const f of WASM_FILES) {
    fs.copyFileSync(path.join(wasmSrc, f), path.join(wasmDst, f));
  }
}

/** @type {import('esbuild').Plugin} */
const problemMatcher = {
  name: 'problem-matcher',
  setup(build) {
    build.onStart(() => {
      if (watch) process.stdout.write('[watch] build started\n');
    });
    build.onEnd((result) => {
      for (const { text, location } of result.errors) {
        process.stderr.write(`✘ [ERROR] ${text}\n`);
        if (location) process.stderr.write(`    ${location.file}:${location.line}:${location.column}:\n`);
      }
      if (watch) process.stdout.write('[watch] build finished\n');
    });
  },
};

/** @type {import('esbuild').BuildOptions} */
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  minify: production,
  sourcemap: production ? false : 'linked',
  sourcesContent: false,
  logLevel: 'warning',
  plugins: [problemMatcher],
  legalComments: 'none',
  define: {
    BLAST_RADIUS_VERSION: JSON.stringify(require('./package.json').version),
    BLAST_RADIUS_BUILD: JSON.stringify(buildId()),
  },
};

function walk(dir, pred) {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: false })
    .map((f) => path.join(dir, String(f)))
    .filter((f) => pred(f) && !f.includes(`${path.sep}fixtures${path.sep}`));
}

async function buildProduct() {
  const dist = path.join(root, 'dist');
  copyAssets(dist);
  const contexts = await Promise.all([
    esbuild.context({
      ...common,
      entryPoints: { extension: 'src/extension/extension.ts' },
      outdir: dist,
      external: ['vscode'],
    }),
    // The `blast-radius` executable: a small CommonJS launcher (src/cli/launch.ts) that hands
    // agent hook calls to the background judge and loads the ESM CLI for everything else.
    esbuild.context({
      ...common,
      entryPoints: { cli: 'src/cli/launch.ts' },
      outdir: dist,
      banner: { js: '#!/usr/bin/env node' },
    }),
    // The CLI is ESM split into chunks (dist/cli.mjs + dist/cli/*.mjs), so a short-lived process
    // (an agent hook runs for every tool call) compiles only the code its command needs.
    // The banner gives the chunks `require` and `__dirname`.
    esbuild.context({
      ...common,
      entryPoints: { cli: 'src/cli/main.ts' },
      outdir: dist,
      format: 'esm',
      splitting: true,
      outExtension: { '.js': '.mjs' },
      chunkNames: 'cli/[name]-[hash]',
      banner: {
        js: "import { createRequire as __brRequire } from 'node:module'; import { fileURLToPath as __brPath } from 'node:url'; import { dirname as __brDir } from 'node:path'; const require = __brRequire(import.meta.url); const __filename = __brPath(import.meta.url); const __dirname = __brDir(__filename);",
      },
      // deliberately no `external: ['vscode']`
    }),
  ]);
  return contexts;
}

async function buildTests() {
  // BLAST_RADIUS_OUT lets several builds of the tests run side by side (default: out/).
  const out = process.env.BLAST_RADIUS_OUT ? path.resolve(process.env.BLAST_RADIUS_OUT) : path.join(root, 'out');
  fs.rmSync(out, { recursive: true, force: true });
  copyAssets(out);
  const unit = walk(path.join(root, 'test', 'unit'), (f) => f.endsWith('.test.ts'));
  const integration = walk(path.join(root, 'test', 'integration'), (f) => f.endsWith('.ts'));
  const bench = walk(path.join(root, 'bench'), (f) => f.endsWith('.ts'));
  const contexts = [];
  const entry = (files, base) =>
    Object.fromEntries(files.map((f) => [path.relative(base, f).replace(/\.ts$/, ''), f]));
  if (unit.length) {
    contexts.push(
      await esbuild.context({
        ...common,
        minify: false,
        entryPoints: entry(unit, path.join(root, 'test', 'unit')),
        outdir: path.join(out, 'unit'),
        // the node test runner and heavy native modules stay outside the bundles
        external: ['node-pty', 'playwright-core', 'ajv', 'ajv-formats'],
      }),
    );
  }
  if (integration.length) {
    contexts.push(
      await esbuild.context({
        ...common,
        minify: false,
        entryPoints: entry(integration, path.join(root, 'test', 'integration')),
        outdir: path.join(out, 'integration'),
        external: ['vscode', 'mocha'],
      }),
    );
  }
  if (bench.length) {
    contexts.push(
      await esbuild.context({
        ...common,
        minify: true,
        sourcemap: false,
        entryPoints: entry(bench, path.join(root, 'bench')),
        outdir: path.join(out, 'bench'),
      }),
    );
  }
  return contexts;
}

/**
 * Chunk names carry a content hash, so old chunks pile up in dist/cli/ over development builds
 * (harmless: nothing imports them). A production build (what is packaged) removes every chunk
 * that its entry does not reach. Not done for development builds, which may run side by side.
 */
function pruneCliChunks() {
  const dir = path.join(root, 'dist', 'cli');
  const keep = new Set();
  const visit = (file) => {
    const text = fs.readFileSync(file, 'utf8');
    for (const m of text.matchAll(/["'](\.{1,2}\/(?:cli\/)?[\w.-]+\.mjs)["']/g)) {
      const target = path.resolve(path.dirname(file), m[1]);
      if (!keep.has(target) && fs.existsSync(target)) {
        keep.add(target);
        visit(target);
      }
    }
  };
  visit(path.join(root, 'dist', 'cli.mjs'));
  for (const f of fs.existsSync(dir) ? fs.readdirSync(dir) : []) {
    const full = path.join(dir, f);
    const base = full.replace(/\.map$/, '');
    if (!keep.has(base)) fs.rmSync(full, { force: true });
  }
}

async function main() {
  const contexts = tests ? await buildTests() : await buildProduct();
  if (watch) {
    await Promise.all(contexts.map((c) => c.watch()));
    return;
  }
  try {
    await Promise.all(contexts.map((c) => c.rebuild()));
  } finally {
    await Promise.all(contexts.map((c) => c.dispose()));
  }
  if (!tests) fs.chmodSync(path.join(root, 'dist', 'cli.js'), 0o755);
  if (!tests && production) pruneCliChunks();
}

main().catch((e) => {
  process.stderr.write(`${e && e.message ? e.message : e}\n`);
  process.exit(1);
});
