// @ts-check
/**
 * One build script for everything that runs:
 *   node esbuild.js               dist/extension.js (vscode external), the CLI's launcher dist/cli.js and the
 *                                 CLI dist/cli.cjs (no vscode external)
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

/**
 * In the CLI bundle, `import('node:…')` of a built-in module becomes a `require`: a script that
 * V8 compiled from its code cache cannot call back into Node.js's ESM loader, so the bundle must
 * hold no `import()` at all (noDynamicImport checks it).
 * @type {import('esbuild').Plugin}
 */
const builtinsAsRequire = {
  name: 'builtins-as-require',
  setup(build) {
    const { isBuiltin } = require('node:module');
    build.onResolve({ filter: /^[\w:/]+$/ }, (args) => (args.kind === 'dynamic-import' && isBuiltin(args.path) ? { path: args.path, namespace: 'builtin' } : undefined));
    build.onLoad({ filter: /.*/, namespace: 'builtin' }, (args) => ({ contents: `module.exports = require(${JSON.stringify(args.path)});`, loader: 'js' }));
  },
};

/**
 * Fails the build when the CLI bundle still imports anything at run time with `import()`.
 * @type {import('esbuild').Plugin}
 */
const noDynamicImport = {
  name: 'no-dynamic-import',
  setup(build) {
    build.onEnd((result) => {
      for (const [file, out] of Object.entries(result.metafile?.outputs ?? {})) {
        for (const i of out.imports) {
          if (i.kind === 'dynamic-import') result.errors.push({ id: '', pluginName: 'no-dynamic-import', text: `${file} imports ${i.path} with import(); the CLI runs from V8's code cache, where import() cannot load anything (require it instead)`, location: null, notes: [], detail: undefined });
        }
      }
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
    // agent hook calls to the background judge and loads the CLI (dist/cli.cjs) for everything else.
    esbuild.context({
      ...common,
      entryPoints: { cli: 'src/cli/launch.ts' },
      outdir: dist,
      banner: { js: '#!/usr/bin/env node' },
    }),
    // The CLI itself (dist/cli.cjs): one CommonJS bundle, which the launcher compiles with V8's
    // code cache (src/cli/codeCache.ts), so a short-lived process (an agent hook's child, `check`)
    // does not parse and compile the engine's code again at every start.
    esbuild.context({
      ...common,
      entryPoints: { cli: 'src/cli/main.ts' },
      outdir: dist,
      outExtension: { '.js': '.cjs' },
      metafile: true,
      plugins: [problemMatcher, builtinsAsRequire, noDynamicImport],
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
 * Earlier builds split the CLI into ESM chunks (dist/cli.mjs, dist/cli/*.mjs): removed, so that
 * nothing stale is packaged or run.
 */
function removeOldCliChunks() {
  const dir = path.join(root, 'dist', 'cli');
  const old = [path.join(root, 'dist', 'cli.mjs'), path.join(root, 'dist', 'cli.mjs.map')];
  if (fs.existsSync(dir)) old.push(...fs.readdirSync(dir).filter((f) => /\.mjs(\.map)?$/.test(f)).map((f) => path.join(dir, f)));
  for (const f of old) fs.rmSync(f, { force: true });
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
  if (!tests) removeOldCliChunks();
}

main().catch((e) => {
  process.stderr.write(`${e && e.message ? e.message : e}\n`);
  process.exit(1);
});
