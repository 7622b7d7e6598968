// Regenerates schemas/blast-radius.schema.json from the zod policy schema (the single source).
//   npm run schema            write the file
//   npm run schema -- --check exit 1 when the file is out of date
// The TypeScript module is bundled in memory with esbuild and evaluated; nothing is written
// besides the schema file.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadTs, root } from './lib/load-ts.mjs';

const { renderPolicyJsonSchema, POLICY_SCHEMA_PATH } = await loadTs('src/core/policy/jsonSchema.ts');
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
