/**
 * YAML for rules: every document of a text, parsed with the `yaml` package (`parseYamlText`) as
 * plain data plus a flat list of scalar entries with their key paths and 1-based lines, or read
 * with a fast line reader (`scanYamlText`) that gives the entries only. The edit engine caches
 * both per side of an edit (edit/documents.ts).
 *
 * Helm templates are made parseable first: template actions (`{{ … }}`) are blanked out
 * character for character, so offsets and line numbers stay those of the real file. A line that
 * holds only actions becomes blank; an action in a value becomes a placeholder scalar.
 * Parse errors never throw; a document that cannot be read has `data` undefined and `errors` > 0.
 */
import { isMap, isNode, isPair, isScalar, isSeq, parseAllDocuments } from 'yaml';

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

// ---------------------------------------------------------------------------------------------
// Fast line reader

/**
 * A fast, indentation-based reader for the block YAML that manifests and templates are written
 * in: documents, block mappings and sequences (compact `- ` items included), one-line flow
 * collections, quoted scalars, tags (`!Ref x` reads as `x`), anchors; block scalars are skipped.
 * Gives the same entries as the full parser for such files, about twenty times faster, so
 * rules can afford it on 10,000-line files. `data` is not built (undefined); `errors` is 0.
 */
export function scanYamlText(text: string): YamlDocument[] {
  const masked = maskTemplates(text);
  const lines = masked.split('\n');
  const docs: YamlDocument[] = [];
  let entries: YamlEntry[] = [];
  let docStart = 1;
  let sawContent = false;
  type Frame = { indent: number; key: string | number; item: boolean };
  let stack: Frame[] = [];
  let counters = new Map<string, number>();
  let blockIndent = -1;
  let lastLine = 0;

  const close = (endLine: number): void => {
    if (sawContent || entries.length > 0) {
      docs.push({ index: docs.length, startLine: docStart, endLine: Math.max(docStart, endLine), data: undefined, entries, errors: 0 });
    }
    entries = [];
    stack = [];
    counters = new Map();
    sawContent = false;
  };
  const pathOf = (): (string | number)[] => {
    const out: (string | number)[] = new Array<string | number>(stack.length);
    for (let i = 0; i < stack.length; i++) out[i] = stack[i]!.key;
    return out;
  };
  const nextIndex = (parent: (string | number)[]): number => {
    const k = parent.join('\u0000');
    const i = counters.get(k) ?? 0;
    counters.set(k, i + 1);
    return i;
  };

  for (let n = 1; n <= lines.length; n++) {
    let raw = lines[n - 1]!;
    if (raw.endsWith('\r')) raw = raw.slice(0, -1);
    const trimmed = raw.trim();
    if (blockIndent >= 0) {
      if (trimmed === '' || indentOf(raw) > blockIndent) continue;
      blockIndent = -1;
    }
    if (/^(---|\.\.\.)(\s|$)/.test(raw)) {
      close(n - 1);
      docStart = n;
      continue;
    }
    if (trimmed === '' || trimmed.startsWith('#') || raw.startsWith('%')) continue;
    sawContent = true;
    lastLine = n;
    let col = indentOf(raw);
    let rest = raw.slice(col);

    // sequence items: "- " (possibly several on one line)
    let isItem = false;
    while (rest === '-' || rest.startsWith('- ')) {
      while (stack.length > 0) {
        const top = stack[stack.length - 1]!;
        if (top.indent > col || (top.indent === col && (top.item || isItem))) stack.pop();
        else break;
      }
      const parent = pathOf();
      const idx = nextIndex(parent);
      stack.push({ indent: col, key: idx, item: true });
      isItem = true;
      const after = rest.slice(1);
      const pad = after.length - after.trimStart().length;
      col += 1 + pad;
      rest = after.trimStart();
      if (rest === '') {
        entries.push({ path: [...parent, idx], value: undefined, line: n, valueLine: n });
        break;
      }
      const kv = splitKey(rest);
      if (!kv) {
        const v = scalarOf(rest);
        if (v.block) blockIndent = col - 1;
        entries.push({ path: [...parent, idx], value: v.value, line: n, valueLine: n });
        flowItems(rest, [...parent, idx], n, entries);
        rest = '';
        break;
      }
      entries.push({ path: [...parent, idx], value: undefined, line: n, valueLine: n });
    }
    if (rest === '') continue;

    const kv = splitKey(rest);
    if (!kv) continue; // continuation of a multi-line scalar
    if (!isItem) {
      while (stack.length > 0 && stack[stack.length - 1]!.indent >= col) stack.pop();
    }
    const path = [...pathOf(), kv.key];
    const v = scalarOf(kv.value);
    entries.push({ path, value: v.value, line: n, valueLine: n });
    if (v.block) blockIndent = col;
    else if (kv.value === '' || v.value === undefined) {
      flowItems(kv.value, path, n, entries);
      stack.push({ indent: col, key: kv.key, item: false });
    }
  }
  close(Math.max(lastLine, lines.length - (text.endsWith('\n') ? 1 : 0)));
  return docs;
}

function indentOf(s: string): number {
  let i = 0;
  while (i < s.length && s.charCodeAt(i) === 32) i++;
  return i;
}

/** `key: value` (plain or quoted key); undefined when the text is not a mapping entry. */
function splitKey(s: string): { key: string; value: string } | undefined {
  const c = s[0];
  if (c === '"' || c === "'") {
    const end = closingQuote(s, 0);
    if (end === -1) return undefined;
    const m = /^\s*:(\s|$)/.exec(s.slice(end + 1));
    if (!m) return undefined;
    return { key: unquote(s.slice(0, end + 1)), value: stripComment(s.slice(end + 1 + m[0].length)) };
  }
  if (c === '[' || c === '{' || c === '#' || c === '|' || c === '>' || c === '!' || c === '&' || c === '*') return undefined;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if (ch === ':' && (i + 1 === s.length || s[i + 1] === ' ' || s[i + 1] === '\t')) {
      return { key: s.slice(0, i).trimEnd(), value: stripComment(s.slice(i + 1)) };
    }
    if (ch === ' ' && s[i + 1] === '#') return undefined;
  }
  return undefined;
}

function closingQuote(s: string, start: number): number {
  const q = s[start];
  for (let i = start + 1; i < s.length; i++) {
    if (q === '"' && s[i] === '\\') {
      i++;
      continue;
    }
    if (s[i] === q) {
      if (q === "'" && s[i + 1] === "'") {
        i++;
        continue;
      }
      return i;
    }
  }
  return -1;
}

function stripComment(v: string): string {
  let quote = '';
  for (let i = 0; i < v.length; i++) {
    const c = v[i];
    if (quote) {
      if (c === quote) quote = '';
      continue;
    }
    if (c === '"' || c === "'") quote = c;
    else if (c === '#' && (i === 0 || v[i - 1] === ' ' || v[i - 1] === '\t')) return v.slice(0, i).trim();
  }
  return v.trim();
}

function unquote(v: string): string {
  if (v.length >= 2 && v[0] === '"' && v[v.length - 1] === '"') return v.slice(1, -1).replace(/\\(.)/g, '$1');
  if (v.length >= 2 && v[0] === "'" && v[v.length - 1] === "'") return v.slice(1, -1).replace(/''/g, "'");
  return v;
}

/** The scalar value of a value text; undefined for collections, aliases and block scalars. */
function scalarOf(v: string): { value: string | undefined; block: boolean } {
  let s = v.trim();
  // tags and anchors in front of the value
  while (s.startsWith('!') || s.startsWith('&')) {
    const sp = s.indexOf(' ');
    s = sp === -1 ? '' : s.slice(sp + 1).trim();
  }
  if (s === '') return { value: undefined, block: false };
  if (s[0] === '|' || s[0] === '>') return { value: undefined, block: true };
  if (s[0] === '[' || s[0] === '{' || s[0] === '*') return { value: undefined, block: false };
  return { value: unquote(s), block: false };
}

/** Entries for a one-line flow sequence or mapping value. */
function flowItems(v: string, path: (string | number)[], line: number, out: YamlEntry[]): void {
  let s = v.trim();
  while (s.startsWith('!') || s.startsWith('&')) {
    const sp = s.indexOf(' ');
    s = sp === -1 ? '' : s.slice(sp + 1).trim();
  }
  const open = s[0];
  if ((open !== '[' && open !== '{') || s[s.length - 1] !== (open === '[' ? ']' : '}')) return;
  const parts: string[] = [];
  let depth = 0;
  let quote = '';
  let start = 1;
  for (let i = 1; i < s.length - 1; i++) {
    const c = s[i]!;
    if (quote) {
      if (c === quote) quote = '';
      continue;
    }
    if (c === '"' || c === "'") quote = c;
    else if (c === '[' || c === '{') depth++;
    else if (c === ']' || c === '}') depth--;
    else if (c === ',' && depth === 0) {
      parts.push(s.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(s.slice(start, s.length - 1));
  let idx = 0;
  for (const p of parts) {
    const t = p.trim();
    if (t === '') continue;
    if (open === '[') {
      const sv = scalarOf(t);
      out.push({ path: [...path, idx], value: sv.value, line, valueLine: line });
      flowItems(t, [...path, idx], line, out);
      idx++;
    } else {
      const kv = splitKey(t);
      if (!kv) continue;
      const sv = scalarOf(kv.value);
      out.push({ path: [...path, kv.key], value: sv.value, line, valueLine: line });
      flowItems(kv.value, [...path, kv.key], line, out);
    }
  }
}
