/**
 * How deeply a structured text nests (`[` and `{`, outside double-quoted strings and `//` or
 * `/* … *\/` comments), found in one pass without parsing. Parsers recurse once per level, so
 * text nested absurdly deep is refused or held before it reaches one: it cannot exhaust the
 * stack or make a check slow. Over-counting (a bracket in a YAML comment) only makes a text
 * look deeper, which holds it for a person: never the other way round.
 */

export interface Nesting {
  /** The deepest level seen (up to the point it went over the limit). */
  depth: number;
  /** Offset of the bracket that went over `limit`, when one did. */
  overAt?: number;
}

export function nestingDepth(text: string, limit: number): Nesting {
  let depth = 0;
  let max = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34 /* " */) {
      for (i++; i < text.length && text.charCodeAt(i) !== 34; i++) if (text.charCodeAt(i) === 92) i++;
    } else if (c === 47 /* / */ && text.charCodeAt(i + 1) === 47) {
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? text.length : nl;
    } else if (c === 47 && text.charCodeAt(i + 1) === 42 /* * */) {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 1;
    } else if (c === 91 || c === 123) {
      depth++;
      if (depth > max) max = depth;
      if (depth > limit) return { depth, overAt: i };
    } else if ((c === 93 || c === 125) && depth > 0) {
      depth--;
    }
  }
  return { depth: max };
}
