/**
 * Reading one policy file, for the workspace (`load.ts`) and the system (`system.ts`). Never
 * throws; the parser and the schema are loaded only when there is a file to parse.
 */
import { readRegularText } from '../safeRead';
import type { ParsedPolicy } from './resolve';

/** Policy files larger than this are refused (a policy is a few kilobytes). */
export const MAX_POLICY_FILE_BYTES = 1024 * 1024;

/**
 * Reads and validates a policy file. A missing file is an empty, valid policy; a file that
 * cannot be read (a directory, no permission, too large) is a problem. Never throws.
 */
export async function loadPolicyFile(file: string, source: 'file' | 'system' = 'file'): Promise<ParsedPolicy> {
  const empty = (message?: string): ParsedPolicy => ({
    source,
    origin: 'document',
    document: {},
    valid: message === undefined,
    problems: message === undefined ? [] : [{ source, path: '', message, file }],
    file,
  });
  // Never opened unless it is a regular file: a FIFO in its place must not stall the check.
  const r = readRegularText(file, { maxBytes: MAX_POLICY_FILE_BYTES });
  if (!r.ok) {
    switch (r.failure) {
      case 'missing':
        return empty();
      case 'not-a-file':
        return empty(`${file} is not a regular file (${r.reason}); remove it or point blastRadius.policyFile at a file`);
      case 'too-large':
        return empty(`${file} is larger than ${MAX_POLICY_FILE_BYTES} bytes; a policy file should be a few kilobytes`);
      default:
        return empty(`cannot read ${file} (${r.reason}); check its permissions`);
    }
  }
  return parsePolicyFileText(r.text, source, file);
}

/**
 * A policy file's text, parsed and validated, with its rule ids that name no rule among its
 * problems (each with the id probably meant). `file` marks the result and its problems.
 */
export async function parsePolicyFileText(text: string, source: 'file' | 'system' = 'file', file?: string): Promise<ParsedPolicy> {
  const { parsePolicyDocument } = await import('./resolve.js');
  const parsed = parsePolicyDocument(text, source, file);
  if (parsed.document.disabledRules?.length || parsed.document.edits?.disabledRules?.length) {
    // This reads the rule registries, so only when there are ids.
    const { ruleRefProblems } = await import('./ruleRefs.js');
    const refs = ruleRefProblems(parsed, withoutBom(text));
    parsed.problems.push(...(file !== undefined ? refs.map((p) => ({ ...p, file })) : refs));
  }
  return parsed;
}

export function withoutBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
