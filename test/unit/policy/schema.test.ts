import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import type AjvType from 'ajv';
import { parse as parseJsonc } from 'jsonc-parser/lib/esm/main.js';
import { POLICY_SCHEMA_PATH, parsePolicyDocument, renderPolicyJsonSchema } from '../../../src/core/policy';
import { fixturesDir, repoRoot } from '../helpers/paths';

// ajv stays outside the test bundles; load it from the repository wherever the bundle lives.
const Ajv = createRequire(path.join(repoRoot, 'package.json'))('ajv') as typeof AjvType;

test('schemas/blast-radius.schema.json is generated from the zod schema (no drift)', () => {
  const onDisk = fs.readFileSync(path.join(repoRoot, POLICY_SCHEMA_PATH), 'utf8');
  assert.ok(onDisk === renderPolicyJsonSchema(), `${POLICY_SCHEMA_PATH} is out of date with src/core/policy/schema.ts; run \`npm run schema\``);
});

test('the JSON Schema and the zod schema agree on every fixture', () => {
  const schema = JSON.parse(renderPolicyJsonSchema()) as Record<string, unknown>;
  const ajv = new Ajv({ strict: false, allErrors: true });
  const validate = ajv.compile(schema);
  const dir = path.join(fixturesDir, 'policies');
  const files = fs.readdirSync(dir).filter((f) => !f.startsWith('syntax'));
  assert.ok(files.length >= 5);
  for (const file of files) {
    const text = fs.readFileSync(path.join(dir, file), 'utf8');
    const parsed = parsePolicyDocument(text, 'user');
    const value: unknown = parseJsonc(text, [], { allowTrailingComma: true });
    // A bad regex is beyond what a JSON Schema can check; everything else must agree.
    const zodValid = parsed.valid;
    assert.equal(validate(value), zodValid, `${file}: ajv ${JSON.stringify(validate.errors)} vs zod ${JSON.stringify(parsed.problems)}`);
  }
});
