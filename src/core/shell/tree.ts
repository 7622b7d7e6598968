/**
 * A plain copy of a tree-sitter syntax tree. Reading node properties through the wasm boundary
 * is slow, so the tree is copied once with a cursor (a handful of calls per node) and the
 * converters then walk ordinary objects. The tree-sitter tree is deleted right after.
 *
 * Each node costs four reads (type id, start, end, field) besides the moves: whether a type is
 * named is the language's, asked once per type and kept; only a node without width can be one
 * the parser inserted (missing), so only such a node is asked.
 */
import type { Language, Parser, TreeCursor } from '@vscode/tree-sitter-wasm';

export interface TNode {
  type: string;
  /** UTF-16 offsets into the parsed text. */
  start: number;
  end: number;
  /** Field name in the parent (`name`, `argument`, `redirect`, …), or null. */
  field: string | null;
  named: boolean;
  missing: boolean;
  children: TNode[];
  /** On the root only: nodes the parser inserted because they were missing (`a &&`, `a |`). */
  missingNodes?: TNode[];
}

/** Parses `text` and returns the plain tree (never throws; an empty program on failure). */
export function parseToPlainTree(parser: Parser, text: string): TNode {
  const empty: TNode = { type: 'program', start: 0, end: text.length, field: null, named: true, missing: false, children: [] };
  let tree;
  try {
    tree = parser.parse(text);
  } catch {
    return { ...empty, children: [{ ...empty, type: 'ERROR' }] };
  }
  if (!tree) return { ...empty, children: [{ ...empty, type: 'ERROR' }] };
  const c = tree.walk();
  const types = tree.language.types;
  const named = namedTypesOf(tree.language);
  try {
    const root = node(c, null, types, named);
    const stack: TNode[] = [root];
    if (!c.gotoFirstChild()) return root;
    for (;;) {
      const n = node(c, c.currentFieldName, types, named);
      if (n.missing) (root.missingNodes ??= []).push(n);
      stack[stack.length - 1]!.children.push(n);
      if (c.gotoFirstChild()) {
        stack.push(n);
        continue;
      }
      while (!c.gotoNextSibling()) {
        if (!c.gotoParent()) return root;
        stack.pop();
        if (stack.length === 0) return root;
      }
    }
  } finally {
    c.delete();
    tree.delete();
  }
}

function node(c: TreeCursor, field: string | null, types: readonly string[], named: readonly boolean[]): TNode {
  const id = c.nodeTypeId;
  const start = c.startIndex;
  const end = c.endIndex;
  return {
    // as TreeCursor#nodeType and #nodeIsNamed read them (the type id is the node's alias when it has one)
    type: types[id] || 'ERROR',
    start,
    end,
    field,
    named: named[id] ?? c.nodeIsNamed,
    missing: start === end && c.nodeIsMissing,
    children: [],
  };
}

/** Per language: whether each node type (by id) is named. The error type's id is past them; its nodes are asked. */
const namedTypes = new WeakMap<Language, boolean[]>();

function namedTypesOf(language: Language): boolean[] {
  let named = namedTypes.get(language);
  if (!named) {
    named = [];
    for (let id = 0; id < language.types.length; id++) named.push(language.nodeTypeIsNamed(id));
    namedTypes.set(language, named);
  }
  return named;
}

/** The first child with this field name. */
export function childByField(n: TNode, field: string): TNode | undefined {
  for (const c of n.children) if (c.field === field) return c;
  return undefined;
}
