/**
 * YAML for rules: every document of a side, parsed once per edit with the `yaml` package, as
 * plain data plus a flat list of scalar entries with their key paths and 1-based lines.
 *
 * Helm templates are made parseable first: template actions (`{{ … }}`) are blanked out
 * character for character, so offsets and line numbers stay those of the real file. A line that
 * holds only actions becomes blank; an action in a value becomes a placeholder scalar.
 * Parse errors never throw; a document that cannot be read has `data` undefined and `errors` > 0.
 */
import { isMap, isNode, isPair, isScalar, isSeq, parseAllDocuments } from 'yaml';
import type { Edit } from './rule';
import type { Side } from './types';

export type YamlPath = readonly (string | number)[];

export interface YamlEntry {
  /** Key path from the document root: `['spec', 'template', 'spec', 'containers', 0, 'image']`. */
  path: YamlPath;
  /** The scalar's value as a string (`'true'`, `'0'`, `'*'`); `undefined` for maps and sequences. */
  value: string | undefined;
  /** 1-based line of the key (or of the sequence item). */
  line: number;
  /** 1-based line of the value. */
  valueLine: number;
}

export interface YamlDocument {
  /** 0-based position among the side's documents. */
  index: number;
  /** 1-based first and last line of the document (including its `---`). */
  startLine: number;
  endLine: number;
  /** The document as plain data; undefined when it could not be parsed. */
  data: unknown;
  entries: YamlEntry[];
  errors: number;
}

/** A template placeholder left where a Helm action stood. */
export const TEMPLATE_PLACEHOLDER_CHAR = '_';

/** Blank out Go template actions, keeping every offset. Exported for tests. */
export function maskTemplates(text: string): string {
  if (!text.includes('{{')) return text;
  const out: string[] = [];
  let i = 0;
  const lineHasOnlyActions = (start: number): boolean => {
    const end = text.indexOf('\n', start);
    const line = text.slice(start, end === -1 ? text.length : end);
    return line.replace(/\{\{[\s\S]*?\}\}/g, '').trim() === '';
  };
  let blankLine = lineHasOnlyActions(0);
  while (i < text.length) {
    const c = text[i]!;
    if (c === '\n') {
      out.push(c);
      i++;
      blankLine = lineHasOnlyActions(i);
      continue;
    }
    // `${{ … }}` is a GitHub Actions expression, not a Go template action: keep it as text.
    if (c === '{' && text[i + 1] === '{' && text[i - 1] !== '$') {
      const end = text.indexOf('}}', i + 2);
      const stop = end === -1 ? text.length : end + 2;
      for (let k = i; k < stop; k++) {
        const ch = text[k]!;
        out.push(ch === '\n' ? '\n' : blankLine ? ' ' : TEMPLATE_PLACEHOLDER_CHAR);
      }
      i = stop;
      continue;
    }
    out.push(c);
    i++;
  }
  return out.join('');
}

function scalarString(v: unknown): string | undefined {
  if (v === null) return 'null';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  return undefined;
}

/** Parse every document of `text`. `lineAt` maps an offset to a 1-based line. */
export function parseYamlText(text: string, lineAt: (offset: number) => number): YamlDocument[] {
  const masked = maskTemplates(text);
  let docs;
  try {
    docs = parseAllDocuments(masked, { uniqueKeys: false, prettyErrors: false, strict: false });
  } catch {
    return [];
  }
  const list = Array.isArray(docs) ? docs : [docs];
  const result: YamlDocument[] = [];
  list.forEach((doc, index) => {
    const entries: YamlEntry[] = [];
    const walk = (node: unknown, path: (string | number)[], keyLine: number): void => {
      if (isMap(node)) {
        for (const item of node.items) {
          if (!isPair(item)) continue;
          const k = item.key;
          const keyText = isScalar(k) ? scalarString(k.value) : undefined;
          if (keyText === undefined) continue;
          const kRange = isNode(k) ? k.range : undefined;
          const line = kRange ? lineAt(kRange[0]) : keyLine;
          const v = item.value;
          const vRange = isNode(v) ? v.range : undefined;
          const valueLine = vRange ? lineAt(vRange[0]) : line;
          const p = [...path, keyText];
          entries.push({ path: p, value: isScalar(v) ? scalarString(v.value) : undefined, line, valueLine });
          walk(v, p, line);
        }
      } else if (isSeq(node)) {
        node.items.forEach((item, i) => {
          const r = isNode(item) ? item.range : undefined;
          const line = r ? lineAt(r[0]) : keyLine;
          const p = [...path, i];
          entries.push({ path: p, value: isScalar(item) ? scalarString(item.value) : undefined, line, valueLine: line });
          walk(item, p, line);
        });
      }
    };
    let data: unknown;
    try {
      walk(doc.contents, [], 1);
      data = doc.errors.length === 0 ? doc.toJS({ maxAliasCount: 1000 }) : undefined;
    } catch {
      data = undefined;
    }
    const [start, , end] = doc.range;
    result.push({
      index,
      startLine: lineAt(start),
      endLine: lineAt(Math.max(start, end - 1)),
      data,
      entries,
      errors: doc.errors.length,
    });
  });
  return result;
}

/** The YAML documents of one side of an edit (cached on the edit). */
export function parseYamlDocuments(edit: Edit, side: Side): YamlDocument[] {
  return edit.memo(`yaml:${side}`, () => parseYamlText(edit.text(side), (o) => edit.lineAt(side, o)));
}

/** `a.b[0].c` form of a path, for messages and matching. */
export function pathString(path: YamlPath): string {
  let s = '';
  for (const p of path) s += typeof p === 'number' ? `[${p}]` : s === '' ? p : `.${p}`;
  return s;
}

/** Path with sequence indices replaced by `[]`, for matching regardless of position. */
export function pathPattern(path: YamlPath): string {
  let s = '';
  for (const p of path) s += typeof p === 'number' ? '[]' : s === '' ? p : `.${p}`;
  return s;
}

/** A string-keyed record, or undefined. */
export function asRecord(v: unknown): Record<string, unknown> | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}
