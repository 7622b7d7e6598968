/**
 * Reading interpreter code: the entry point the shell parser and the rules use. A `CodeReader`
 * reads code of one language with its grammar (loaded on demand, see ./grammars.ts) or its
 * tokenizer, evaluates it and returns its effects. It remembers grammars that were needed but
 * not loaded (`missing`), so an asynchronous caller can load them and read again.
 */
import { parseToPlainTree } from '../shell/tree';
import { APPLESCRIPT, appleScriptToIr } from './applescript';
import { AWK, awkToIr } from './awk';
import type { CodeEffect, CodeLanguage } from './effects';
import { type EvalOptions, Evaluator, type Profile } from './evaluate';
import { type Grammar, readyParser } from './grammars';
import type { CodeSpan, Stmt } from './ir';
import { JAVASCRIPT, javascriptToIr } from './javascript';
import { LUA, luaToIr } from './lua';
import { PERL, perlToIr } from './perl';
import { PHP, phpToIr } from './php';
import { PYTHON, pythonToIr } from './python';
import { R, rToIr } from './rlang';
import { RUBY, rubyToIr } from './ruby';
import { sedEffects } from './sed';
import { sqlCalls } from './foreign';
import type { Val } from './values';

export type { CodeEffect, CodeLanguage } from './effects';

/** Inline code longer than this is not read (the caller asks a person); script files may be longer. */
export const MAX_INLINE_CODE = 32 * 1024;
export const MAX_FILE_CODE = 256 * 1024;
const MAX_NESTED = 3;

export interface CodeReading {
  effects: CodeEffect[];
  /** What the code prints (awk), for a shell that reads its output. */
  prints: Val[];
  /** Why the code was not read, when it was not (its grammar is not loaded, it is too long). */
  unread?: string;
}

export interface ReadOptions extends EvalOptions {
  /** sed: the text it reads, when known; its scripts use extended syntax. */
  input?: string;
  extended?: boolean;
  /** Longest code read (`MAX_INLINE_CODE` by default). */
  maxLength?: number;
}

const GRAMMAR_OF: Partial<Record<CodeLanguage, Grammar>> = {
  python: 'python',
  javascript: 'javascript',
  typescript: 'typescript',
  ruby: 'ruby',
  php: 'php',
};

const LABEL: Readonly<Record<CodeLanguage, string>> = {
  python: 'Python',
  javascript: 'JavaScript',
  typescript: 'TypeScript',
  ruby: 'Ruby',
  php: 'PHP',
  perl: 'Perl',
  lua: 'Lua',
  awk: 'awk',
  r: 'R',
  applescript: 'AppleScript',
  sed: 'sed',
};

export function languageLabel(l: CodeLanguage): string {
  return LABEL[l];
}

/** The grammar a language needs, if it has one. */
export function grammarOf(l: CodeLanguage): Grammar | undefined {
  return GRAMMAR_OF[l];
}

export class CodeReader {
  /** Grammars that were needed and not loaded. */
  readonly missing = new Set<Grammar>();

  /** `wasmDir` is where the grammars load from; without one only tokenized languages are read. */
  constructor(readonly wasmDir: string | undefined) {}

  read(language: CodeLanguage, code: string, options: ReadOptions = {}, depth = 0): CodeReading {
    const max = options.maxLength ?? MAX_INLINE_CODE;
    if (code.length > max) return { effects: [], prints: [], unread: `the ${LABEL[language]} code is ${code.length} characters long, more than the ${max} read` };
    if (language === 'sed') return { effects: sedEffects(code, options.input, !!options.extended), prints: [] };
    let stmts: Stmt[];
    let profile: Profile;
    let shift = 0;
    const grammar = GRAMMAR_OF[language];
    if (grammar) {
      const parser = this.wasmDir ? readyParser(grammar, this.wasmDir) : undefined;
      if (!parser) {
        this.missing.add(grammar);
        return { effects: [], prints: [], unread: `the ${LABEL[language]} parser is not loaded` };
      }
      let text = code;
      if (language === 'php' && !/^\s*<\?/.test(code)) {
        text = `<?php ${code}`;
        shift = 6;
      }
      const root = parseToPlainTree(parser, text);
      switch (language) {
        case 'python':
          stmts = pythonToIr(root, text);
          profile = PYTHON;
          break;
        case 'ruby':
          stmts = rubyToIr(root, text);
          profile = RUBY;
          break;
        case 'php':
          stmts = phpToIr(root, text);
          profile = PHP;
          break;
        default:
          stmts = javascriptToIr(root, text);
          profile = JAVASCRIPT;
      }
    } else {
      switch (language) {
        case 'perl':
          stmts = perlToIr(code);
          profile = PERL;
          break;
        case 'lua':
          stmts = luaToIr(code);
          profile = LUA;
          break;
        case 'awk':
          stmts = awkToIr(code);
          profile = AWK;
          break;
        case 'r':
          stmts = rToIr(code);
          profile = R;
          break;
        default:
          stmts = appleScriptToIr(code);
          profile = APPLESCRIPT;
      }
    }
    const ev = new Evaluator(profile, options);
    ev.run(stmts);
    const effects: CodeEffect[] = [];
    for (const e of ev.effects) {
      const moved = shift ? shiftEffect(e, -shift, code.length) : e;
      if (moved.kind !== 'code') {
        effects.push(moved);
        continue;
      }
      // Code in a string (`eval('…')`) is read in turn, its effects placed inside the string.
      if (depth >= MAX_NESTED) {
        effects.push({ kind: 'dynamic', call: moved.call, at: moved.at, why: `${moved.call} runs code nested too deeply to follow` });
        continue;
      }
      const inner = this.read(language, moved.code, options, depth + 1);
      if (inner.unread) effects.push({ kind: 'dynamic', call: moved.call, at: moved.at, why: `${moved.call} runs code that was not read (${inner.unread})` });
      for (const ie of inner.effects) effects.push(moved.exact ? shiftEffect(ie, moved.exact[0], code.length) : { ...ie, at: moved.at, ...(ie.kind === 'run' ? { exact: undefined } : {}) });
    }
    // SQL the code hands to a database client (`cursor.execute('DROP …')`, `$pdo->exec("DROP …")`), read by the shared SQL reader
    if (language !== 'awk' && depth === 0) effects.push(...sqlCalls(code));
    return { effects, prints: ev.prints };
  }
}

function clampSpan(s: CodeSpan, by: number, max: number): CodeSpan {
  const a = Math.min(max, Math.max(0, s[0] + by));
  const b = Math.min(max, Math.max(a, s[1] + by));
  return [a, b];
}

function shiftEffect(e: CodeEffect, by: number, max: number): CodeEffect {
  const out = { ...e, at: clampSpan(e.at, by, max) } as CodeEffect;
  if ((out.kind === 'run' || out.kind === 'code') && out.exact) out.exact = clampSpan(out.exact, by, max);
  if (out.kind === 'run' && out.exact === undefined) delete out.exact;
  return out;
}
