/**
 * JSON (and JSONC) documents for rules: a syntax tree with offsets (jsonc-parser), so findings can
 * point at the line of a key or a value. The edit engine caches the tree per side of an edit
 * (edit/documents.ts). Nothing here throws on user input.
 */
import { type Node as JsonNode, type ParseError, parseTree } from 'jsonc-parser/lib/esm/main.js';

export type { JsonNode };

/** A parsed JSON document; `root` is undefined when the text is empty or unparsable. */
export interface JsonDoc {
  root: JsonNode | undefined;
  /** True when the text had syntax errors (the tree may be partial). */
  broken: boolean;
}

/** The JSON tree of a text (null: no text). JSONC comments and trailing commas are allowed. */
export function parseJsonTree(text: string | null): JsonDoc {
  if (text === null || text.trim() === '') return { root: undefined, broken: false };
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  return { root, broken: errors.length > 0 };
}

/** The child of an object node with this key (the property's value node). */
export function jsonChild(node: JsonNode | undefined, key: string): JsonNode | undefined {
  if (node?.type !== 'object' || !node.children) return undefined;
  for (const prop of node.children) {
    const k = prop.children?.[0];
    if (k?.value === key) return prop.children?.[1];
  }
  return undefined;
}

/** The properties of an object node as `[key, keyNode, valueNode]`, in document order. */
export function jsonProps(node: JsonNode | undefined): [string, JsonNode, JsonNode][] {
  const out: [string, JsonNode, JsonNode][] = [];
  if (node?.type !== 'object' || !node.children) return out;
  for (const prop of node.children) {
    const k = prop.children?.[0];
    const v = prop.children?.[1];
    if (k && v && typeof k.value === 'string') out.push([k.value, k, v]);
  }
  return out;
}

/** The plain value of a node (objects and arrays rebuilt), for comparisons. */
export function jsonValue(node: JsonNode | undefined): unknown {
  if (!node) return undefined;
  switch (node.type) {
    case 'object': {
      const o: Record<string, unknown> = {};
      for (const [k, , v] of jsonProps(node)) o[k] = jsonValue(v);
      return o;
    }
    case 'array':
      return (node.children ?? []).map((c) => jsonValue(c));
    default:
      return node.value as unknown;
  }
}

/** Stable text of a JSON value for equality tests. */
export function jsonKey(v: unknown): string {
  return JSON.stringify(v, (_k, val: unknown) => {
    if (val && typeof val === 'object' && !Array.isArray(val)) {
      const sorted: Record<string, unknown> = {};
      for (const k of Object.keys(val).sort()) sorted[k] = (val as Record<string, unknown>)[k];
      return sorted;
    }
    return val;
  }) ?? 'undefined';
}

/** A value as short JSON text for messages (at most 60 characters; `nothing` for undefined). */
export function jsonPreview(v: unknown): string {
  const s = v === undefined ? 'nothing' : JSON.stringify(v);
  return s.length > 60 ? `${s.slice(0, 57)}…` : s;
}
