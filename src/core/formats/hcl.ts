/**
 * A small HCL block-structure reader for Terraform / Terragrunt files: blocks with their labels
 * and line ranges, attributes with their raw value text, nested blocks (lifecycle, ingress, …).
 * Comments (`#`, `//`, `/* *\/`), quoted strings (with `${…}` interpolation) and heredocs are
 * skipped when matching braces. Not an evaluator: values are kept as text. Never throws.
 */

export interface HclAttr {
  name: string;
  /** Raw value text (comments removed), trimmed. */
  value: string;
  /** 1-based lines of the attribute. */
  line: number;
  endLine: number;
}

export interface HclBlock {
  type: string;
  labels: string[];
  /** 1-based lines of the header and of the closing brace. */
  line: number;
  endLine: number;
  attrs: HclAttr[];
  blocks: HclBlock[];
  /** Terraform address for resource/module/data blocks (`aws_s3_bucket.logs`, `module.vpc`, `data.x.y`). */
  address?: string;
}

export interface HclFile {
  /** Attributes at the top level (tfvars, terragrunt.hcl). */
  attrs: HclAttr[];
  blocks: HclBlock[];
}

interface Views {
  /** Comments blanked, strings kept. */
  text: string;
  /** Comments and string/heredoc contents blanked. */
  code: string;
}

function blank(s: string): string {
  return s.includes('\n') ? s.replace(/[^\n]/g, ' ') : ' '.repeat(s.length);
}

/** Blank comments (both views) and string contents (code view), keeping every offset. */
export function maskHcl(src: string): Views {
  const a: string[] = [];
  const b: string[] = [];
  const n = src.length;
  let i = 0;
  const both = (s: string): void => {
    a.push(s);
    b.push(s);
  };
  const commentOut = (s: string): void => {
    const x = blank(s);
    a.push(x);
    b.push(x);
  };
  const stringOut = (s: string): void => {
    a.push(s);
    b.push(blank(s));
  };
  while (i < n) {
    const c = src[i]!;
    const d = src[i + 1];
    if (c === '#' || (c === '/' && d === '/')) {
      const e = src.indexOf('\n', i);
      const stop = e === -1 ? n : e;
      commentOut(src.slice(i, stop));
      i = stop;
      continue;
    }
    if (c === '/' && d === '*') {
      const e = src.indexOf('*/', i + 2);
      const stop = e === -1 ? n : e + 2;
      commentOut(src.slice(i, stop));
      i = stop;
      continue;
    }
    if (c === '<' && d === '<') {
      const m = /^<<-?([A-Za-z_][A-Za-z0-9_]*)[ \t]*\n/.exec(src.slice(i, i + 80));
      if (m) {
        const bodyStart = i + m[0].length;
        const endRe = new RegExp(`^[ \\t]*${m[1]}[ \\t]*$`, 'm');
        const rest = src.slice(bodyStart);
        const em = endRe.exec(rest);
        const bodyEnd = em ? bodyStart + em.index : n;
        both(src.slice(i, bodyStart));
        stringOut(src.slice(bodyStart, bodyEnd));
        i = bodyEnd;
        if (em) {
          both(em[0]);
          i += em[0].length;
        }
        continue;
      }
    }
    if (c === '"') {
      // string with ${ … } interpolation that may itself contain strings
      let k = i + 1;
      let depth = 0;
      while (k < n) {
        const ch = src[k]!;
        if (ch === '\\') {
          k += 2;
          continue;
        }
        if (depth === 0 && ch === '"') break;
        if (depth === 0 && ch === '\n') break;
        if ((ch === '$' || ch === '%') && src[k + 1] === '{') {
          depth++;
          k += 2;
          continue;
        }
        if (depth > 0 && ch === '}') depth--;
        else if (depth > 0 && ch === '{') depth++;
        k++;
      }
      both('"');
      stringOut(src.slice(i + 1, k));
      if (src[k] === '"') {
        both('"');
        k++;
      }
      i = k;
      continue;
    }
    let k = i + 1;
    while (k < n) {
      const x = src.charCodeAt(k);
      if (x === 35 /* # */ || x === 47 /* / */ || x === 60 /* < */ || x === 34 /* " */) break;
      k++;
    }
    both(src.slice(i, k));
    i = k;
  }
  return { text: a.join(''), code: b.join('') };
}

function matchClose(code: string, open: number): number {
  const o = code[open]!;
  const close = o === '{' ? '}' : o === '[' ? ']' : ')';
  let depth = 0;
  for (let i = open; i < code.length; i++) {
    const ch = code[i];
    if (ch === '{' || ch === '[' || ch === '(') depth++;
    else if (ch === '}' || ch === ']' || ch === ')') {
      depth--;
      if (depth === 0) return ch === close ? i : i;
    }
  }
  return code.length;
}

/** Identifier characters: letters, digits, `_`, `-`, `.`. */
function isIdent(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 45 || c === 46;
}

/** Parse HCL text. `lineAt` maps an offset to a 1-based line. */
export function parseHcl(src: string, lineAt: (offset: number) => number): HclFile {
  const v = maskHcl(src);
  const code = v.code;
  const n = code.length;

  const parseBody = (from: number, to: number, depth: number): { attrs: HclAttr[]; blocks: HclBlock[] } => {
    const attrs: HclAttr[] = [];
    const blocks: HclBlock[] = [];
    let i = from;
    while (i < to) {
      const ch = code[i]!;
      if (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r' || ch === ',' || ch === ';') {
        i++;
        continue;
      }
      if (!isIdent(code.charCodeAt(i)) && ch !== '"') {
        // unknown token: skip to end of line
        const e = code.indexOf('\n', i);
        i = e === -1 || e > to ? to : e + 1;
        continue;
      }
      // identifier (or a quoted key inside objects)
      const start = i;
      let name: string;
      if (ch === '"') {
        const e = code.indexOf('"', i + 1);
        if (e === -1 || e > to) break;
        name = v.text.slice(i + 1, e);
        i = e + 1;
      } else {
        while (i < to && isIdent(code.charCodeAt(i))) i++;
        name = code.slice(start, i);
      }
      while (i < to && (code[i] === ' ' || code[i] === '\t')) i++;
      if ((code[i] === '=' && code[i + 1] !== '=') || code[i] === ':') {
        // attribute: value runs to the end of the line at bracket depth 0
        i++;
        const vs = i;
        let d = 0;
        while (i < to) {
          const c = code[i]!;
          if (c === '{' || c === '[' || c === '(') d++;
          else if (c === '}' || c === ']' || c === ')') {
            if (d === 0) break;
            d--;
          } else if (c === '\n' && d === 0) break;
          else if (c === ',' && d === 0 && depth > 0) break;
          i++;
        }
        attrs.push({ name, value: v.text.slice(vs, i).trim(), line: lineAt(start), endLine: lineAt(Math.max(vs, i - 1)) });
        continue;
      }
      // block: labels then `{`
      const labels: string[] = [];
      let ok = false;
      while (i < to) {
        const c = code[i]!;
        if (c === ' ' || c === '\t') {
          i++;
          continue;
        }
        if (c === '"') {
          const e = code.indexOf('"', i + 1);
          if (e === -1 || e > to) break;
          labels.push(v.text.slice(i + 1, e));
          i = e + 1;
          continue;
        }
        if (isIdent(c.charCodeAt(0))) {
          const s = i;
          while (i < to && isIdent(code.charCodeAt(i))) i++;
          labels.push(code.slice(s, i));
          continue;
        }
        if (c === '{') ok = true;
        break;
      }
      if (!ok) {
        const e = code.indexOf('\n', i);
        i = e === -1 || e > to ? to : e + 1;
        continue;
      }
      const open = i;
      const close = Math.min(matchClose(code, open), to);
      const inner = parseBody(open + 1, close, depth + 1);
      const block: HclBlock = { type: name, labels, line: lineAt(start), endLine: lineAt(Math.min(close, n - 1)), attrs: inner.attrs, blocks: inner.blocks };
      if (depth === 0) {
        if (name === 'resource' && labels.length >= 2) block.address = `${labels[0]}.${labels[1]}`;
        else if (name === 'module' && labels.length >= 1) block.address = `module.${labels[0]}`;
        else if (name === 'data' && labels.length >= 2) block.address = `data.${labels[0]}.${labels[1]}`;
      }
      blocks.push(block);
      i = close + 1;
    }
    return { attrs, blocks };
  };

  try {
    return parseBody(0, n, 0);
  } catch {
    return { attrs: [], blocks: [] };
  }
}

/** Every block nested anywhere inside `b` (depth-first, `b` excluded). */
export function* innerBlocks(b: { blocks: HclBlock[] }): Generator<HclBlock> {
  for (const c of b.blocks) {
    yield c;
    yield* innerBlocks(c);
  }
}

/** An attribute of a block by name (first match). */
export function attr(b: { attrs: HclAttr[] }, name: string): HclAttr | undefined {
  return b.attrs.find((a) => a.name === name);
}

/** Literal value without quotes, lower-cased (`"true"` → `true`). */
export function literal(value: string): string {
  return value.trim().replace(/^"(.*)"$/s, '$1').toLowerCase();
}
