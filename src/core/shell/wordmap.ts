/**
 * Maps offsets in a word's value (quotes removed) back to offsets in the line, so that a
 * finding inside `bash -c 'rm -rf /'` can point at `rm -rf /` and not at the whole argument.
 *
 * The mapping is exact for the usual quoting (single quotes, double quotes with simple escapes,
 * `$'…'`, backslashes). When the re-lexed value differs from the word's text (rare nestings of
 * quotes inside substitutions), every offset maps to the whole word instead.
 */
import type { SpanMap } from './build';
import type { Span, Word } from './model';

/** Source offsets (relative to the word's raw text) of each character of its value, or undefined. */
function lex(raw: string): { text: string; offsets: number[] } {
  let text = '';
  const offsets: number[] = [];
  const put = (s: string, at: number): void => {
    for (let k = 0; k < s.length; k++) {
      text += s[k];
      offsets.push(at);
    }
  };
  let i = 0;
  while (i < raw.length) {
    const ch = raw[i]!;
    if (ch === "'") {
      const end = raw.indexOf("'", i + 1);
      const stop = end < 0 ? raw.length : end;
      for (let j = i + 1; j < stop; j++) put(raw[j]!, j);
      i = stop + 1;
    } else if (ch === '$' && raw[i + 1] === "'") {
      let j = i + 2;
      while (j < raw.length && raw[j] !== "'") {
        if (raw[j] === '\\' && j + 1 < raw.length) {
          const start = j;
          j += 2;
          const e = raw[start + 1]!;
          if (e === 'x') while (j < raw.length && j - start < 4 && /[0-9a-fA-F]/.test(raw[j]!)) j++;
          else if (e === 'u' || e === 'U') while (j < raw.length && j - start < (e === 'u' ? 6 : 10) && /[0-9a-fA-F]/.test(raw[j]!)) j++;
          else if (e >= '0' && e <= '7') while (j < raw.length && j - start < 4 && /[0-7]/.test(raw[j]!)) j++;
          else if (e === 'c') j++;
          put(decodeOne(raw.slice(start, j)), start);
        } else {
          put(raw[j]!, j);
          j++;
        }
      }
      i = j + 1;
    } else if (ch === '"' || (ch === '$' && raw[i + 1] === '"')) {
      let j = ch === '$' ? i + 2 : i + 1;
      while (j < raw.length && raw[j] !== '"') {
        if (raw[j] === '\\' && j + 1 < raw.length && '$`"\\\n'.includes(raw[j + 1]!)) {
          if (raw[j + 1] !== '\n') put(raw[j + 1]!, j + 1);
          j += 2;
        } else {
          put(raw[j]!, j);
          j++;
        }
      }
      i = j + 1;
    } else if (ch === '\\') {
      if (i + 1 < raw.length && raw[i + 1] !== '\n') put(raw[i + 1]!, i + 1);
      i += 2;
    } else {
      put(ch, i);
      i++;
    }
  }
  return { text, offsets };
}

function decodeOne(esc: string): string {
  const map: Record<string, string> = { n: '\n', t: '\t', r: '\r', a: '\x07', b: '\b', e: '\x1b', E: '\x1b', f: '\f', v: '\v', '\\': '\\', "'": "'", '"': '"', '?': '?' };
  const k = esc[1] ?? '';
  if (map[k] !== undefined) return map[k]!;
  if (k === 'x') return String.fromCharCode(parseInt(esc.slice(2) || '0', 16));
  if (k === 'u' || k === 'U') {
    const cp = parseInt(esc.slice(2) || '0', 16);
    return cp <= 0x10ffff ? String.fromCodePoint(cp) : esc;
  }
  if (k >= '0' && k <= '7') return String.fromCharCode(parseInt(esc.slice(1), 8) & 0xff);
  if (k === 'c') return String.fromCharCode((esc.charCodeAt(2) || 0) & 0x1f);
  return esc;
}

/** Absolute line offset of each character of `w.text`, or undefined when not exact. */
export function wordOffsets(w: Word): number[] | undefined {
  // Words from inside another string carry an approximate span: only map words whose span
  // covers exactly their raw text.
  if (w.span[1] - w.span[0] !== w.raw.length) return undefined;
  const { text, offsets } = lex(w.raw);
  if (text !== w.text) return undefined;
  const base = w.span[0];
  return offsets.map((o) => base + o);
}

/**
 * The words joined with single spaces (as `eval a b`, `ssh host cmd args` do) and a map from
 * offsets in that text to spans in the line.
 */
export function joinWords(words: readonly Word[]): { text: string; map: SpanMap } {
  const texts: string[] = [];
  const offsets: number[] = [];
  let exact = true;
  for (let k = 0; k < words.length; k++) {
    const w = words[k]!;
    if (k > 0) {
      texts.push(' ');
      offsets.push(words[k - 1]!.span[1]);
    }
    texts.push(w.text);
    const o = exact ? wordOffsets(w) : undefined;
    if (!o) {
      exact = false;
      continue;
    }
    offsets.push(...o);
  }
  const text = texts.join('');
  const whole: Span = words.length ? [words[0]!.span[0], words[words.length - 1]!.span[1]] : [0, 0];
  if (!exact) return { text, map: () => whole };
  return { text, map: offsetMap(offsets, whole) };
}

/** A span map from per-character offsets; spans that fall outside map to `whole`. */
export function offsetMap(offsets: readonly number[], whole: Span): SpanMap {
  return (s, e) => {
    if (s < 0 || s > offsets.length || e < s) return whole;
    if (s === e) {
      const at = s < offsets.length ? offsets[s]! : whole[1];
      return [at, at];
    }
    const a = offsets[s];
    const b = offsets[Math.min(e, offsets.length) - 1];
    if (a === undefined || b === undefined) return whole;
    return [a, b + 1];
  };
}

/** A linear map for text copied verbatim from the line starting at `base` (heredoc bodies). */
export function linearMap(base: number, whole: Span): SpanMap {
  return (s, e) => {
    const a = Math.min(base + s, whole[1]);
    const b = Math.min(base + e, whole[1]);
    return [a, b];
  };
}

/** Every span maps to `whole` (text that was transformed: decoded, re-quoted, …). */
export function wholeMap(whole: Span): SpanMap {
  return () => whole;
}
