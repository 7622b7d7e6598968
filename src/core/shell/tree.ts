/**
 * A plain copy of a tree-sitter syntax tree. Reading node properties through the wasm boundary
 * is slow, so the tree is copied once with a cursor (a handful of calls per node) and the
 * converters then walk ordinary objects. The tree-sitter tree is deleted right after.
 */
import type { Parser } from '@vscode/tree-sitter-wasm';

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
  try {
    const root = node(c, null);
    const stack: TNode[] = [root];
    if (!c.gotoFirstChild()) return root;
    for (;;) {
      const n = node(c, c.currentFieldName);
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

function node(c: ReturnType<NonNullable<ReturnType<Parser['parse']>>['walk']>, field: string | null): TNode {
  return {
    type: c.nodeType,
    start: c.startIndex,
    end: c.endIndex,
    field,
    named: c.nodeIsNamed,
    missing: c.nodeIsMissing,
    children: [],
  };
}

/** The first child with this field name. */
export function childByField(n: TNode, field: string): TNode | undefined {
  for (const c of n.children) if (c.field === field) return c;
  return undefined;
}
