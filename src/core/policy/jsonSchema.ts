/**
 * The JSON Schema of the policy file, generated from the zod schema (the single source).
 * `npm run schema` writes it to schemas/blast-radius.schema.json; a unit test fails when the
 * file and this output differ.
 */
import { z } from 'zod';
import { PolicyDocumentSchema } from './schema';

/** Repository-relative path of the generated file. */
export const POLICY_SCHEMA_PATH = 'schemas/blast-radius.schema.json';

/** The policy's JSON Schema (draft-07, which VS Code's JSON support reads best). */
export function policyJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(PolicyDocumentSchema, { target: 'draft-7', unrepresentable: 'any' }) as Record<string, unknown>;
  // Tell the editor the file is JSON with comments and trailing commas, as the parser accepts.
  return { ...schema, allowComments: true, allowTrailingCommas: true };
}

/** The exact text of schemas/blast-radius.schema.json. */
export function renderPolicyJsonSchema(): string {
  return `${JSON.stringify(policyJsonSchema(), null, 2)}\n`;
}
