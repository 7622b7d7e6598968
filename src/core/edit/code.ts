/**
 * Lexical masking of source code for rules that look for calls: comments are blanked out
 * (offsets preserved), and a second view also blanks string contents, so a call name inside a
 * string or a comment is never taken for a call, while SQL inside a string can still be read.
 * Approximate by design (no regex literals, no heredocs), and never throws.
 */
export type CodeFamily = 'python' | 'ruby' | 'c-like';

export interface MaskedCode {
  /** Comments replaced by spaces; strings kept. */
  noComments: string;
  /** Comments and string contents replaced by spaces (quotes kept). */
  codeOnly: string;
  /** String literals: [start of content, end of content) offsets. */
  strings: [number, number][];
}

function blank(s: string): string {
  return s.includes('\n') ? s.replace(/[^\n]/g, ' ') : ' '.repeat(s.length);
}

export function maskCode(text: string, family: CodeFamily): MaskedCode {
  const a: string[] = [];
  const b: string[] = [];
  const strings: [number, number][] = [];
  const n = text.length;
  let i = 0;
  const emit = (s: string, commentsToo: boolean, stringContent: boolean): void => {
    a.push(commentsToo ? blank(s) : s);
    b.push(commentsToo || stringContent ? blank(s) : s);
  };
  while (i < n) {
    const c = text[i]!;
    const d = text[i + 1];
    // comments
    if ((family === 'python' || family === 'ruby') && c === '#') {
      const e = text.indexOf('\n', i);
      const stop = e === -1 ? n : e;
      emit(text.slice(i, stop), true, false);
      i = stop;
      continue;
    }
    if (family === 'ruby' && c === '=' && text.startsWith('=begin', i) && (i === 0 || text[i - 1] === '\n')) {
      const e = text.indexOf('\n=end', i);
      const stop = e === -1 ? n : e + 5;
      emit(text.slice(i, stop), true, false);
      i = stop;
      continue;
    }
    if (family === 'c-like' && c === '/' && d === '/') {
      const e = text.indexOf('\n', i);
      const stop = e === -1 ? n : e;
      emit(text.slice(i, stop), true, false);
      i = stop;
      continue;
    }
    if (family === 'c-like' && c === '/' && d === '*') {
      const e = text.indexOf('*/', i + 2);
      const stop = e === -1 ? n : e + 2;
      emit(text.slice(i, stop), true, false);
      i = stop;
      continue;
    }
    // strings
    if (c === '"' || c === "'" || (c === '`' && family === 'c-like')) {
      const triple = family === 'python' && text.startsWith(c.repeat(3), i);
      const q = triple ? c.repeat(3) : c;
      let k = i + q.length;
      while (k < n) {
        if (text[k] === '\\') {
          k += 2;
          continue;
        }
        if (text.startsWith(q, k)) break;
        if (!triple && c !== '`' && text[k] === '\n') break; // unterminated single-line string
        k++;
      }
      const contentEnd = Math.min(k, n);
      const stop = Math.min(text.startsWith(q, k) ? k + q.length : k, n);
      emit(q, false, false);
      emit(text.slice(i + q.length, contentEnd), false, true);
      strings.push([i + q.length, contentEnd]);
      if (stop > contentEnd) emit(text.slice(contentEnd, stop), false, false);
      i = stop;
      continue;
    }
    // plain code up to the next interesting character
    let k = i + 1;
    while (k < n && !'#/"\'`='.includes(text[k]!)) k++;
    emit(text.slice(i, k), false, false);
    i = k;
  }
  return { noComments: a.join(''), codeOnly: b.join(''), strings };
}

export function familyOf(language: string): CodeFamily | undefined {
  if (language === 'python') return 'python';
  if (language === 'ruby') return 'ruby';
  if (['javascript', 'typescript', 'java', 'kotlin', 'csharp', 'go', 'rust', 'php', 'swift', 'scala', 'c', 'cpp'].includes(language)) {
    return 'c-like';
  }
  return undefined;
}

/** Offset just after the bracket that closes the one at `open` (in code-only text); `-1` when unbalanced. */
export function matchBracket(code: string, open: number): number {
  const o = code[open];
  const close = o === '(' ? ')' : o === '[' ? ']' : o === '{' ? '}' : '';
  if (close === '') return -1;
  let depth = 0;
  for (let i = open; i < code.length; i++) {
    const ch = code[i];
    if (ch === o) depth++;
    else if (ch === close) {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return -1;
}

/**
 * Regions of a file that belong to a "down"/"downgrade" migration method: [start, end) offsets.
 * Python: the indented body of `def downgrade(` / `def down(`; Ruby: `def down` … matching `end`
 * at the same indentation; C-like: the braces after `down(`, `down:`, `exports.down =`.
 */
export function downRegions(code: string, family: CodeFamily): [number, number][] {
  const out: [number, number][] = [];
  if (family === 'python' || family === 'ruby') {
    const re = family === 'python' ? /^([ \t]*)(async[ \t]+)?def[ \t]+(downgrade|down)\b/gm : /^([ \t]*)def[ \t]+(self\.)?down\b/gm;
    for (let m = re.exec(code); m !== null; m = re.exec(code)) {
      const indent = m[1]!.length;
      let pos = code.indexOf('\n', m.index);
      if (pos === -1) {
        out.push([m.index, code.length]);
        continue;
      }
      let end = code.length;
      while (pos !== -1 && pos < code.length) {
        const lineStart = pos + 1;
        const lineEnd = code.indexOf('\n', lineStart);
        const line = code.slice(lineStart, lineEnd === -1 ? code.length : lineEnd);
        if (line.trim() !== '') {
          const ind = line.length - line.trimStart().length;
          if (ind <= indent) {
            end = family === 'ruby' && /^\s*end\b/.test(line) ? (lineEnd === -1 ? code.length : lineEnd) : lineStart;
            break;
          }
        }
        pos = lineEnd;
      }
      out.push([m.index, end]);
    }
    return out;
  }
  const re = /\b(?:exports\.down\s*=|down\s*:\s*(?:async\s*)?(?:function\s*)?\(|(?:async\s+)?down\s*\(|function\s+down\s*\()/g;
  for (let m = re.exec(code); m !== null; m = re.exec(code)) {
    const brace = code.indexOf('{', m.index);
    if (brace === -1) continue;
    const end = matchBracket(code, brace);
    out.push([m.index, end === -1 ? code.length : end]);
  }
  return out;
}
