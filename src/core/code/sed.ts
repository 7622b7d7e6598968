/**
 * sed scripts that run commands or write files (GNU sed): the `e` command (run its argument, or
 * the pattern space), the `e` flag of `s` (run the pattern space after the substitution), and
 * `w FILE` / `W FILE` / the `w FILE` flag of `s` (write a file from scratch). When the input is
 * known (`echo x | sed …`), the substitution is applied to find the exact command.
 */
import type { CodeEffect } from './effects';
import type { CodeSpan } from './ir';
import { shellText, str, type Val } from './values';

interface SedCommand {
  cmd: string;
  /** For `s`: pattern, replacement, flags. */
  re?: string;
  repl?: string;
  flags?: string;
  /** The argument of `e`, `w`, `W`, or the `w` flag's file. */
  arg?: string;
}

/** The commands of a sed script (addresses and labels skipped). Never throws. */
export function parseSed(script: string): SedCommand[] {
  const out: SedCommand[] = [];
  let i = 0;
  const s = script;
  const skipSpace = (): void => {
    while (i < s.length && /[\s;]/.test(s[i]!)) i++;
  };
  const readDelimited = (d: string): string | undefined => {
    let v = '';
    while (i < s.length) {
      const ch = s[i]!;
      if (ch === '\\' && i + 1 < s.length) {
        v += ch + s[i + 1]!;
        i += 2;
        continue;
      }
      if (ch === d) {
        i++;
        return v;
      }
      if (ch === '\n' && d !== '\n') return undefined;
      v += ch;
      i++;
    }
    return undefined;
  };
  const restOfLine = (): string => {
    const e = s.indexOf('\n', i);
    const v = s.slice(i, e < 0 ? s.length : e);
    i = e < 0 ? s.length : e;
    return v.trim();
  };
  let guard = 0;
  while (i < s.length && guard++ < 10_000) {
    skipSpace();
    if (i >= s.length) break;
    // addresses: number, $, /re/, \cREc, first~step, addr1,addr2, !
    for (let k = 0; k < 2; k++) {
      if (/[0-9]/.test(s[i] ?? '')) while (/[0-9~]/.test(s[i] ?? '')) i++;
      else if (s[i] === '$') i++;
      else if (s[i] === '/') {
        i++;
        readDelimited('/');
        while (/[IM]/.test(s[i] ?? '')) i++;
      } else if (s[i] === '\\' && i + 1 < s.length) {
        const d = s[i + 1]!;
        i += 2;
        readDelimited(d);
      }
      if (s[i] === ',') i++;
      else break;
    }
    while (s[i] === ' ' || s[i] === '!') i++;
    const c = s[i];
    if (c === undefined) break;
    i++;
    switch (c) {
      case 's':
      case 'y': {
        const d = s[i];
        if (d === undefined) return out;
        i++;
        const re = readDelimited(d);
        const repl = readDelimited(d);
        if (re === undefined || repl === undefined) return out;
        let flags = '';
        while (i < s.length && /[gpiImMe0-9]/.test(s[i]!)) flags += s[i++];
        const cmd: SedCommand = { cmd: c, re, repl, flags };
        if (c === 's' && s[i] === 'w') {
          i++;
          cmd.flags += 'w';
          cmd.arg = restOfLine();
        }
        out.push(cmd);
        break;
      }
      case 'e':
      case 'w':
      case 'W':
      case 'r':
      case 'R':
      case 'a':
      case 'i':
      case 'c':
      case 'b':
      case 't':
      case 'T':
      case ':': {
        const arg = restOfLine();
        out.push({ cmd: c, arg });
        break;
      }
      case '{':
      case '}':
        break;
      default:
        out.push({ cmd: c });
    }
  }
  return out;
}

/** A sed regular expression as a JavaScript one (basic or extended syntax); undefined when it cannot be translated. */
export function sedRegExp(re: string, extended: boolean, flags: string): RegExp | undefined {
  let out = '';
  for (let i = 0; i < re.length; i++) {
    const ch = re[i]!;
    if (ch === '[') {
      const end = re.indexOf(']', i + (re[i + 1] === ']' ? 2 : re[i + 1] === '^' && re[i + 2] === ']' ? 3 : 1));
      if (end < 0) return undefined;
      out += re
        .slice(i, end + 1)
        .replace(/\[:alpha:\]/g, 'A-Za-z')
        .replace(/\[:digit:\]/g, '0-9')
        .replace(/\[:alnum:\]/g, 'A-Za-z0-9')
        .replace(/\[:space:\]/g, '\\s')
        .replace(/\[:upper:\]/g, 'A-Z')
        .replace(/\[:lower:\]/g, 'a-z');
      i = end;
      continue;
    }
    if (ch === '\\' && i + 1 < re.length) {
      const n = re[++i]!;
      if (!extended && '(){}+?|'.includes(n)) out += n;
      else if (n === 'n') out += '\\n';
      else if (n === 't') out += '\\t';
      else if (/[0-9]/.test(n)) out += `\\${n}`;
      else out += `\\${n}`;
      continue;
    }
    if (!extended && '(){}+?|'.includes(ch)) out += `\\${ch}`;
    else out += ch;
  }
  try {
    return new RegExp(out, (flags.includes('g') ? 'g' : '') + (/[iI]/.test(flags) ? 'i' : ''));
  } catch {
    return undefined;
  }
}

/** The replacement text for one match: `&`, `\1`…`\9`, `\n`. */
function replace(repl: string, m: RegExpExecArray): string {
  let out = '';
  for (let i = 0; i < repl.length; i++) {
    const ch = repl[i]!;
    if (ch === '\\' && i + 1 < repl.length) {
      const n = repl[++i]!;
      out += /[0-9]/.test(n) ? (m[Number(n)] ?? '') : n === 'n' ? '\n' : n === 't' ? '\t' : n;
    } else if (ch === '&') out += m[0];
    else out += ch;
  }
  return out;
}

/** The replacement with the matched text unknown: `dropdb &` → `dropdb ${__line}`. */
function replaceUnknown(repl: string): Val {
  const pieces: (string | { unknown: string })[] = [];
  let lit = '';
  for (let i = 0; i < repl.length; i++) {
    const ch = repl[i]!;
    if (ch === '\\' && i + 1 < repl.length) {
      const n = repl[++i]!;
      if (/[0-9]/.test(n)) {
        if (lit) pieces.push(lit);
        lit = '';
        pieces.push({ unknown: `matched_text_${n}` });
      } else lit += n === 'n' ? '\n' : n;
    } else if (ch === '&') {
      if (lit) pieces.push(lit);
      lit = '';
      pieces.push({ unknown: 'line' });
    } else lit += ch;
  }
  if (lit) pieces.push(lit);
  return pieces.length === 1 && typeof pieces[0] === 'string' ? str(pieces[0]) : { t: 'part', pieces };
}

const WHOLE_LINE = /^\^?\.\*\$?$|^\^\.\*$|^\^$|^\$$/;

/**
 * What a sed script does beyond editing text. `input` is the text it reads when known. Effects
 * are reported at `[0, script.length]`; the caller maps them to the script's word.
 */
export function sedEffects(script: string, input: string | undefined, extended: boolean): CodeEffect[] {
  const at: CodeSpan = [0, script.length];
  const effects: CodeEffect[] = [];
  const lines = input === undefined ? undefined : input.replace(/\n$/, '').split('\n');
  for (const c of parseSed(script)) {
    if (effects.length >= 16) break;
    if (c.cmd === 'w' || c.cmd === 'W' || (c.cmd === 's' && c.flags?.includes('w'))) {
      const file = c.arg ?? '';
      if (file && !/^\/dev\/(stdout|stderr|null)$/.test(file)) effects.push({ kind: 'overwrite', call: c.cmd === 's' ? 'the w flag of s' : `the ${c.cmd} command`, at, path: str(file) });
    }
    if (c.cmd === 'e') {
      if (c.arg) effects.push({ kind: 'run', call: 'the e command', at, command: c.arg });
      else if (lines) for (const l of lines.slice(0, 8)) effects.push({ kind: 'run', call: 'the e command', at, command: l });
      else effects.push({ kind: 'run', call: 'the e command', at });
    }
    if (c.cmd === 's' && c.flags?.includes('e') && c.re !== undefined && c.repl !== undefined) {
      const re = sedRegExp(c.re, extended, c.flags);
      if (lines && re) {
        for (const l of lines.slice(0, 8)) {
          re.lastIndex = 0;
          const m = re.exec(l);
          if (!m) continue;
          re.lastIndex = 0;
          const command = c.flags.includes('g') ? l.replace(re, (...g) => replace(c.repl!, Object.assign([...g.slice(0, -2)] as unknown as RegExpExecArray, { index: 0, input: l }))) : l.slice(0, m.index) + replace(c.repl, m) + l.slice(m.index + m[0].length);
          effects.push({ kind: 'run', call: 'the e flag of s', at, command });
        }
      } else {
        const r = replaceUnknown(c.repl);
        const whole = WHOLE_LINE.test(c.re);
        const v: Val = whole ? r : { t: 'part', pieces: [{ unknown: 'text_before' }, ...(r.t === 'str' ? [r.s] : r.t === 'part' ? r.pieces : []), { unknown: 'text_after' }] };
        effects.push({ kind: 'run', call: 'the e flag of s', at, command: shellText(v) });
      }
    }
  }
  return effects;
}
