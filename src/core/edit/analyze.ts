/**
 * The edit risk engine: `analyzeEdit({path, before, after, context})` → `{severity, findings}`.
 *
 * Steps: decode and screen both sides (binary, size, UTF-8) → recognise the file kind → run the
 * rules registered for that kind over the lazily computed diff → sort and de-duplicate.
 * Never throws: a rule that throws becomes an `edit.rule-error` finding at high severity.
 */
import { nestingDepth } from '../formats/depth';
import { disabledRuleMatcher, mostSevereByKey, runRule } from '../rules/base';
import { highestSeverity } from '../severity';
import { EditImpl } from './edit';
import { detectFile } from './kinds';
import type { EditRule, EditRuleFinding } from './rule';
import { EDIT_RULES } from './rules/index';
import {
  DEFAULT_MAX_BYTES,
  type EditContent,
  type EditFinding,
  type EditInput,
  type EditOptions,
  type EditSkip,
  type EditVerdict,
} from './types';

const decoder = new TextDecoder('utf-8', { fatal: true });

/** A size as people read it: `2 MB`, `1.5 KB`, `900 bytes`. */
export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / (1024 * 1024)).toFixed(1).replace(/\.0$/, '')} MB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1).replace(/\.0$/, '')} KB`;
  return `${n} bytes`;
}

type Decoded = { ok: true; text: string | null } | { ok: false; skip: EditSkip };

/** Screen one side: size, NUL bytes, UTF-8. Strips a leading byte-order mark. */
export function decodeContent(content: EditContent, maxBytes: number, label: string): Decoded {
  if (content === null || content === undefined) return { ok: true, text: null };
  if (typeof content === 'string') {
    // Cheap upper bound first: UTF-8 never uses more than 3 bytes per UTF-16 unit.
    if (content.length * 3 > maxBytes) {
      const bytes = Buffer.byteLength(content, 'utf8');
      if (bytes > maxBytes) {
        return { ok: false, skip: { reason: 'too-large', detail: `${label} is ${formatBytes(bytes)}, over the ${formatBytes(maxBytes)} limit` } };
      }
    }
    if (content.includes('\u0000')) return { ok: false, skip: { reason: 'binary', detail: `${label} contains NUL bytes` } };
    return { ok: true, text: content.charCodeAt(0) === 0xfeff ? content.slice(1) : content };
  }
  if (!(content instanceof Uint8Array)) {
    return { ok: false, skip: { reason: 'binary', detail: `${label} is neither text nor bytes` } };
  }
  if (content.byteLength > maxBytes) {
    return {
      ok: false,
      skip: { reason: 'too-large', detail: `${label} is ${formatBytes(content.byteLength)}, over the ${formatBytes(maxBytes)} limit` },
    };
  }
  if (content.indexOf(0) !== -1) return { ok: false, skip: { reason: 'binary', detail: `${label} contains NUL bytes` } };
  let text: string;
  try {
    text = decoder.decode(content);
  } catch {
    return { ok: false, skip: { reason: 'invalid-utf8', detail: `${label} is not valid UTF-8` } };
  }
  return { ok: true, text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text };
}

function toFinding(rule: EditRule, f: EditRuleFinding, lineCount: { before: number; after: number }): EditFinding | undefined {
  if (typeof f !== 'object' || f === null || typeof f.message !== 'string') return undefined;
  const side = f.side === 'before' ? 'before' : 'after';
  const max = Math.max(1, side === 'before' ? lineCount.before : lineCount.after);
  const line = Math.min(Math.max(1, Math.trunc(Number(f.line) || 1)), max);
  const out: EditFinding = { ruleId: rule.id, severity: f.severity ?? rule.severity, message: f.message, line, side };
  if (f.endLine !== undefined && f.endLine > line) out.endLine = Math.min(Math.trunc(f.endLine), max);
  const suggestion = f.suggestion ?? rule.suggestion;
  if (suggestion !== undefined) out.suggestion = suggestion;
  return out;
}

function compareFindings(a: EditFinding, b: EditFinding): number {
  if (a.side !== b.side) return a.side === 'after' ? -1 : 1;
  if (a.line !== b.line) return a.line - b.line;
  return a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0;
}

/** The engine's own finding for NUL bytes or invalid UTF-8 in a file whose kind is text. */
export const BINARY_IN_TEXT_RULE = 'edit.binary-in-text';
/** The engine's own finding for structured text nested deeper than it reads. */
export const TOO_DEEP_RULE = 'edit.too-deep';
/** How deep JSON, YAML and other structured files are read (real ones nest a few dozen levels). */
export const MAX_EDIT_NESTING = 256;

const lenient = new TextDecoder('utf-8', { fatal: false });

/** True when the path names a kind of file that is text (source, SQL, Terraform, YAML, …). */
function isTextKind(path: string): boolean {
  const info = detectFile(path, null, null);
  return info.language !== 'other' || info.kinds.size > 0;
}

/**
 * A side that failed the screen because of NUL bytes or invalid UTF-8, read as text anyway
 * (NULs and bad sequences become U+FFFD) with a finding that says so: in a file of a text kind
 * such bytes hide content from the tools people read it with, so it is judged, never waved
 * through as "binary".
 */
function readAnyway(content: EditContent, skip: EditSkip, side: 'before' | 'after'): { text: string; finding: EditFinding } {
  const raw = typeof content === 'string' ? content : lenient.decode(content as Uint8Array);
  const text = raw.replaceAll('\u0000', '\ufffd');
  const firstBad = text.indexOf('\ufffd');
  const line = firstBad < 0 ? 1 : text.slice(0, firstBad).split('\n').length;
  const what = skip.reason === 'binary' ? 'NUL bytes' : 'bytes that are not valid UTF-8';
  return {
    text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text,
    finding: {
      ruleId: BINARY_IN_TEXT_RULE,
      severity: 'high',
      message: `binary content in a text file: ${side === 'after' ? 'the new version' : 'the previous version'} contains ${what} (first on line ${line}); editors, diffs and grep may not show what is around them, so review the bytes`,
      line,
      side,
      suggestion: 'Keep text files plain UTF-8 text; put binary data in a file of its own',
    },
  };
}

/** A finding when a structured side nests deeper than the engine reads. */
function tooDeep(text: string | null, side: 'before' | 'after', kinds: ReadonlySet<string>): EditFinding | undefined {
  if (text === null || !['json', 'yaml', 'toml', 'hcl'].some((k) => kinds.has(k))) return undefined;
  const n = nestingDepth(text, MAX_EDIT_NESTING);
  if (n.overAt === undefined) return undefined;
  const line = text.slice(0, n.overAt).split('\n').length;
  return {
    ruleId: TOO_DEEP_RULE,
    severity: 'high',
    message: `this file nests more than ${MAX_EDIT_NESTING} levels deep (from line ${line}), deeper than Blast Radius reads; it was not judged in full, so review it by hand`,
    line,
    side,
  };
}

/** Run a given rule list; `analyzeEdit` uses the registry. Exported for tests. */
export function analyzeEditWith(rules: readonly EditRule[], input: EditInput, options: EditOptions = {}): EditVerdict {
  try {
    const maxBytes = typeof options.maxBytes === 'number' && options.maxBytes > 0 ? options.maxBytes : DEFAULT_MAX_BYTES;
    const path = typeof input.path === 'string' ? input.path : '';
    const own: EditFinding[] = [];
    const screen = (content: EditContent, label: string, side: 'before' | 'after'): Decoded => {
      const d = decodeContent(content, maxBytes, label);
      if (d.ok || d.skip.reason === 'too-large' || content === null || !isTextKind(path)) return d;
      const r = readAnyway(content, d.skip, side);
      own.push(r.finding);
      return { ok: true, text: r.text };
    };
    const before = screen(input.before, 'the previous version', 'before');
    if (!before.ok) return { severity: 'none', findings: [], skipped: before.skip };
    const after = screen(input.after, 'the new version', 'after');
    if (!after.ok) return { severity: 'none', findings: [], skipped: after.skip };
    if (before.text === null && after.text === null) return { severity: 'none', findings: [] };

    const file = detectFile(path, before.text, after.text);
    const edit = new EditImpl(file, before.text, after.text, input.context ?? {}, options.commandJudge);
    if (before.text === after.text && own.length === 0) return { severity: 'none', findings: [] };

    const isDisabled = disabledRuleMatcher(options.disabledRules);
    const counts = { before: edit.lines('before').length, after: edit.lines('after').length };
    const all: EditFinding[] = [...own];
    const deep = tooDeep(after.text, 'after', file.kinds) ?? tooDeep(before.text, 'before', file.kinds);
    if (deep) {
      // the rules parse the structure: a text this deep is held for a person instead
      all.push(deep);
      return { severity: 'high', findings: all.sort(compareFindings) };
    }
    for (const rule of rules) {
      if (isDisabled(rule.id)) continue;
      if (rule.kinds !== '*' && !rule.kinds.some((k) => file.kinds.has(k))) continue;
      const run = runRule(() => rule.check(edit));
      if (!run.ok) {
        all.push({
          ruleId: 'edit.rule-error',
          severity: 'high',
          message: `rule ${rule.id} failed on this change (${run.error}); review it by hand`,
          line: 1,
          side: edit.after === null ? 'before' : 'after',
        });
        continue;
      }
      for (const f of run.findings) {
        const out = toFinding(rule, f, counts);
        if (out) all.push(out);
      }
    }
    // One finding per rule and line (the most severe).
    const findings = mostSevereByKey(all, (f) => `${f.ruleId}\u0000${f.side}\u0000${f.line}`).sort(compareFindings);
    return { severity: highestSeverity(findings), findings };
  } catch (e) {
    return {
      severity: 'high',
      findings: [
        {
          ruleId: 'edit.engine-error',
          severity: 'high',
          message: `the change could not be analysed (${e instanceof Error ? e.message : String(e)}); review it by hand`,
          line: 1,
          side: 'after',
        },
      ],
    };
  }
}

/** Analyse one file change. Never throws. */
export function analyzeEdit(input: EditInput, options: EditOptions = {}): EditVerdict {
  return analyzeEditWith(EDIT_RULES, input, options);
}
