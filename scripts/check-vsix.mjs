// Packages the extension (`npm run package`) and checks the .vsix holds exactly what the
// extension needs at run time: the manifest, README, CHANGELOG, LICENSE, the two bundles, the
// tree-sitter wasm files, media/ and schemas/, plus the two files vsce itself adds. Anything else
// (sources, source maps, node_modules, tests) fails the check, and so does a file the packaged
// manifest names (main, bin, walkthrough pages) that is not in it. Prints the file count and size.
//
//   node scripts/check-vsix.mjs             package, then check
//   node scripts/check-vsix.mjs --no-build  check the .vsix already in dist-vsix/
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
export const vsixPath = path.join(repoRoot, 'dist-vsix', `${pkg.name}-${pkg.version}.vsix`);

/** Paths inside the .vsix that must be there (vsce lower-cases readme/changelog and names the licence LICENSE.txt). */
const REQUIRED = [
  '[Content_Types].xml',
  'extension.vsixmanifest',
  'extension/package.json',
  'extension/readme.md',
  'extension/changelog.md',
  'extension/LICENSE.txt',
  'extension/dist/extension.js',
  'extension/dist/cli.js',
  'extension/dist/cli.cjs',
  'extension/dist/wasm/tree-sitter.wasm',
];

/** Everything allowed; a path must match one of these. */
const ALLOWED = [
  ...REQUIRED.map((p) => new RegExp(`^${p.replace(/[.[\]]/g, '\\$&')}$`)),
  /^extension\/dist\/wasm\/[^/]+\.wasm$/,
  /^extension\/media\/.+$/,
  /^extension\/schemas\/.+$/,
];

/** Never allowed, even under an allowed folder. */
// Dotfiles are forbidden except the zsh startup files the zsh guard is made of.
const FORBIDDEN = [/\.map$/, /\.tsx?$/, /(^|\/)node_modules\//, /(^|\/)test\//, /(^|\/)\.(?!z(?:shrc|shenv|profile|login)$)[^/]+$/];

/** Names and uncompressed sizes of the entries of a zip file, from its central directory. */
export function zipEntries(file) {
  const buf = fs.readFileSync(file);
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error(`${file} is not a zip file`);
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const entries = [];
  for (let n = 0; n < count; n++) {
    if (buf.readUInt32LE(p) !== 0x02014b50) throw new Error(`${file}: bad central directory entry ${n}`);
    const method = buf.readUInt16LE(p + 10);
    const compSize = buf.readUInt32LE(p + 20);
    const size = buf.readUInt32LE(p + 24);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const localOffset = buf.readUInt32LE(p + 42);
    const name = buf.toString('utf8', p + 46, p + 46 + nameLen);
    entries.push({ name, size, compSize, method, localOffset });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return { entries, buf };
}

/** The bytes of one entry (stored or deflated); sizes come from the central directory. */
function readEntry(buf, entry) {
  const p = entry.localOffset;
  const start = p + 30 + buf.readUInt16LE(p + 26) + buf.readUInt16LE(p + 28);
  const data = buf.subarray(start, start + entry.compSize);
  return entry.method === 0 ? data : zlib.inflateRawSync(data);
}

export function checkVsix(file) {
  const { entries, buf } = zipEntries(file);
  const names = entries.map((e) => e.name).filter((n) => !n.endsWith('/'));
  const problems = [];
  for (const n of names) {
    if (FORBIDDEN.some((r) => r.test(n)) || !ALLOWED.some((r) => r.test(n))) problems.push(`not allowed: ${n}`);
  }
  for (const r of REQUIRED) if (!names.includes(r)) problems.push(`missing: ${r}`);
  // the packaged manifest must point at files that are in the package
  const manifestEntry = entries.find((e) => e.name === 'extension/package.json');
  if (manifestEntry) {
    const m = JSON.parse(readEntry(buf, manifestEntry).toString('utf8'));
    const media = (m.contributes?.walkthroughs ?? []).flatMap((w) => w.steps.flatMap((st) => Object.values(st.media ?? {}).filter((v) => typeof v === 'string')));
    const targets = [m.main, ...Object.values(m.bin ?? {}), ...media].filter(Boolean);
    for (const t of targets) {
      const inZip = `extension/${path.posix.normalize(t)}`;
      if (!names.includes(inZip)) problems.push(`package.json points at ${t}, which is not packaged`);
    }
  }
  return { names, problems, size: fs.statSync(file).size };
}

function main() {
  if (!process.argv.includes('--no-build')) {
    fs.rmSync(vsixPath, { force: true });
    const r = spawnSync('npm', ['run', '--silent', 'package'], { cwd: repoRoot, encoding: 'utf8' });
    if (r.status !== 0) {
      process.stderr.write(`${r.stdout}${r.stderr}\n✘ npm run package failed (exit ${r.status})\n`);
      process.exit(1);
    }
  }
  if (!fs.existsSync(vsixPath)) {
    process.stderr.write(`✘ ${path.relative(repoRoot, vsixPath)} not found; run \`npm run package\` first.\n`);
    process.exit(1);
  }
  const { names, problems, size } = checkVsix(vsixPath);
  for (const n of names.sort()) process.stdout.write(`  ${n}\n`);
  const kb = (size / 1024).toFixed(1);
  if (problems.length) {
    process.stderr.write(`✘ ${path.relative(repoRoot, vsixPath)}: ${problems.length} problem(s); fix .vscodeignore or the build:\n`);
    for (const p of problems) process.stderr.write(`  ${p}\n`);
    process.exit(1);
  }
  process.stdout.write(`✔ ${path.relative(repoRoot, vsixPath)}: ${names.length} files, ${kb} KB, only run-time files\n`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
