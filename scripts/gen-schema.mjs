// Regenerates schemas/blast-radius.schema.json from the zod policy schema (the single source).
//   npm run schema            write the file
//   npm run schema -- --check exit 1 when the file is out of date
// The TypeScript module is bundled in memory with esbuild and evaluated; nothing is written
// besides the schema file.
import * as esbuild from 'esbuild';
import { createRequire } from 'node:module';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(root, 'package.json'));

const result = await esbuild.build({
  entryPoints: [path.join(root, 'src/core/policy/jsonSchema.ts')],
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  write: false,
  logLevel: 'error',
});
const mod = { exports: {} };
new Function('module', 'exports', 'require', result.outputFiles[0].text)(mod, mod.exports, require);
const { renderPolicyJsonSchema, POLICY_SCHEMA_PATH } = mod.exports;
const target = path.join(root, POLICY_SCHEMA_PATH);
const text = renderPolicyJsonSchema();

if (process.argv.includes('--check')) {
  const current = fs.existsSync(target) ? fs.readFileSync(target, 'utf8') : '';
  if (current !== text) {
    process.stderr.write(`${POLICY_SCHEMA_PATH} is out of date; run \`npm run schema\`\n`);
    process.exit(1);
  }
  process.stdout.write(`${POLICY_SCHEMA_PATH} is up to date\n`);
} else {
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.writeFileSync(target, text);
  process.stdout.write(`wrote ${POLICY_SCHEMA_PATH}\n`);
}
