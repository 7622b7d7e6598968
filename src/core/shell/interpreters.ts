/**
 * How interpreters take their program: code in an option (`python -c`, `node -e`, `perl -we`,
 * `ruby -e`, `php -r`, `lua -e`, `Rscript -e`, `osascript -e`, `deno eval`, `bun -e`), a program
 * operand (`awk '…'`, `sed '…'`), a script file (`python3 x.py`, `Rscript clean.R`), a module
 * (`python -m json.tool`), or standard input (`python3 - <<EOF`, `echo … | node`).
 *
 * Options are read from each interpreter's manual: which options take a value, which letters
 * may be clustered (`-Sc`, `-we`, `-MFile::Path=rmtree`), and which take the code.
 */
import type { CodeLanguage } from '../code/effects';
import type { SimpleCommand, Word } from './model';
import { own } from '../own';

export interface InterpreterSpec {
  language: CodeLanguage;
  /** Letters whose option takes the code (`c` for python, `e` for perl). */
  codeLetters: string;
  /** The code may be attached to its letter (`-ccode`, `-e'…'`); node takes it from the next word only. */
  codeAttached: boolean;
  /** Long options whose value is code (`--eval`, `--print`). */
  codeLong?: readonly string[];
  /** Several code options add up, in order (perl -e a -e b). */
  multi?: boolean;
  /** Letters that take a value, attached or as the next word (`-W error`, `-I dir`). */
  valueLetters?: string;
  /** Letters that take only an attached value (`-0777`, `-i.bak`, `-MModule`). */
  attachedLetters?: string;
  /** Long options that take a separate value. */
  valueLong?: readonly string[];
  /** The first operand is the program text (awk, sed), not a script file. */
  programOperand?: boolean;
  /** Letters meaning "the program is in this file" (awk -f, sed -f, php -f). */
  fileLetters?: string;
  /** Letters that run a module (`python -m`) or do something else than run code (`php -S`): stop. */
  stopLetters?: string;
  /** Without code or a script, the program is read from standard input. */
  readsStdin?: boolean;
  /** A subcommand that takes the code (`deno eval`), or runs a script (`deno run`, `bun run`). */
  evalSub?: string;
  runSub?: string;
}

const PYTHON: InterpreterSpec = { language: 'python', codeLetters: 'c', codeAttached: true, valueLetters: 'WX', stopLetters: 'm', valueLong: ['--check-hash-based-pycs'], readsStdin: true };
const NODE: InterpreterSpec = { language: 'javascript', codeLetters: 'ep', codeAttached: false, codeLong: ['--eval', '--print'], valueLetters: 'rC', valueLong: ['--require', '--import', '--loader', '--experimental-loader', '--conditions', '--inspect-port', '--title', '--env-file', '--input-type', '--stack-size', '--max-old-space-size'], readsStdin: true };
const PERL: InterpreterSpec = { language: 'perl', codeLetters: 'eE', codeAttached: true, multi: true, valueLetters: 'I', attachedLetters: '0ilFxCdDMmV', readsStdin: true };
const RUBY: InterpreterSpec = { language: 'ruby', codeLetters: 'e', codeAttached: true, multi: true, valueLetters: 'IrCE', attachedLetters: '0iFKTWx', valueLong: ['--encoding', '--external-encoding', '--internal-encoding', '--enable', '--disable', '--dump'], readsStdin: true };
const PHP: InterpreterSpec = { language: 'php', codeLetters: 'rBRE', codeAttached: true, multi: true, valueLetters: 'dcztF', fileLetters: 'f', stopLetters: 'S', readsStdin: true };
const LUA: InterpreterSpec = { language: 'lua', codeLetters: 'e', codeAttached: true, multi: true, valueLetters: 'lj', attachedLetters: 'O', stopLetters: 'b', readsStdin: true };
const RSCRIPT: InterpreterSpec = { language: 'r', codeLetters: 'e', codeAttached: false, multi: true, valueLong: ['--default-packages'], readsStdin: false };
const R: InterpreterSpec = { language: 'r', codeLetters: 'e', codeAttached: false, multi: true, fileLetters: 'f', valueLong: ['--file', '--args'], readsStdin: true };
const OSASCRIPT: InterpreterSpec = { language: 'applescript', codeLetters: 'e', codeAttached: false, multi: true, valueLetters: 'ls', readsStdin: true };
const AWK: InterpreterSpec = { language: 'awk', codeLetters: 'e', codeAttached: false, multi: true, codeLong: ['--source'], valueLetters: 'vFilE', valueLong: ['--assign', '--field-separator', '--include', '--load', '--exec'], programOperand: true, fileLetters: 'f' };
const SED: InterpreterSpec = { language: 'sed', codeLetters: 'e', codeAttached: true, multi: true, codeLong: ['--expression'], valueLetters: 'l', attachedLetters: 'i', valueLong: ['--line-length'], programOperand: true, fileLetters: 'f' };
const DENO: InterpreterSpec = { language: 'typescript', codeLetters: '', codeAttached: false, evalSub: 'eval', runSub: 'run', valueLong: ['--ext', '--config', '-c', '--import-map', '--location', '--v8-flags', '--seed', '--lock', '--cert', '--env-file'] };
const BUN: InterpreterSpec = { language: 'typescript', codeLetters: 'ep', codeAttached: false, codeLong: ['--eval', '--print'], runSub: 'run', valueLong: ['--cwd', '--config', '-c', '--env-file', '--preload', '-r', '--tsconfig-override', '--port'], readsStdin: false };

export const INTERPRETERS: Readonly<Record<string, InterpreterSpec>> = {
  python: PYTHON,
  python2: PYTHON,
  python3: PYTHON,
  pypy: PYTHON,
  pypy3: PYTHON,
  node: NODE,
  nodejs: NODE,
  bun: BUN,
  deno: DENO,
  perl: PERL,
  perl5: PERL,
  ruby: RUBY,
  jruby: RUBY,
  php: PHP,
  lua: LUA,
  luajit: LUA,
  'lua5.1': LUA,
  'lua5.2': LUA,
  'lua5.3': LUA,
  'lua5.4': LUA,
  Rscript: RSCRIPT,
  R: R,
  osascript: OSASCRIPT,
  awk: AWK,
  gawk: AWK,
  mawk: AWK,
  nawk: AWK,
  sed: SED,
  gsed: SED,
};

/**
 * The name a versioned interpreter is installed under without its version (`php8.3`, `python3.9`,
 * `perl5.36.0`, `tclsh8.6`, `node20`, `pypy3.10` → `php`, `python`, …): digits and dots after a
 * name of three letters or more. Names with something after the version (`python3-config`,
 * `php-fpm8.3` keeps its `-fpm`) are other programs and stay as they are.
 */
export function unversioned(program: string): string | undefined {
  const m = /^([A-Za-z][A-Za-z-]*[A-Za-z])\d+(?:\.\d+)*$/.exec(program);
  if (m && m[1]!.length >= 3) return m[1];
  // Other implementations of awk run the same language (`goawk`, `nawk`, `bioawk`, `frawk`, `onetrue-awk`).
  return AWK_FAMILY.test(program) ? 'awk' : undefined;
}

const AWK_FAMILY = /^(?:[a-z]{1,8}-?)awk$/;

/** The spec for a program name (`python3.12` counts as python, `php8.3` as php). */
export function interpreterSpec(program: string): InterpreterSpec | undefined {
  const own_ = own(INTERPRETERS, program);
  if (own_) return own_;
  const base = unversioned(program);
  return base ? own(INTERPRETERS, base) : undefined;
}

export interface InterpreterCall {
  spec: InterpreterSpec;
  /** The words holding code, in order (with the text of an attached or `--eval=` value). */
  code: Word[];
  /** The program file (`python3 x.py`, `awk -f prog.awk`, `php -f x.php`). */
  script?: Word;
  /** The program is read from standard input. */
  stdin: boolean;
  /** A module or another mode runs (`python -m`, `php -S`, `luajit -b`): no program here. */
  other?: string;
  /** awk `-v name=value` assignments. */
  vars: Record<string, string>;
  /** sed `-E`/`-r`; osascript `-l JavaScript`. */
  extended: boolean;
  javascript: boolean;
  /** sed --sandbox: e, w and r are refused. */
  sandbox: boolean;
  /** The words after the program or script (its arguments, or the input files of awk and sed). */
  rest: Word[];
}

function sub(w: Word, text: string, offset: number): Word {
  const o = w.raw === w.text ? offset : 0;
  const span = o ? ([w.span[0] + o, w.span[1]] as const) : w.span;
  return { ...w, text, raw: o ? w.raw.slice(o) : text, span };
}

/** How this interpreter command takes its program; undefined when it is not an interpreter. */
export function interpreterCall(cmd: SimpleCommand): InterpreterCall | undefined {
  const spec = interpreterSpec(cmd.program);
  if (!spec) return undefined;
  const out: InterpreterCall = { spec, code: [], stdin: false, vars: {}, extended: false, javascript: false, sandbox: false, rest: [] };
  const a = cmd.args;
  let i = 0;
  if (spec.evalSub || spec.runSub) {
    // deno eval CODE / deno run FILE / bun run FILE
    const first = a[0]?.text;
    if (first === spec.evalSub) i = 1;
    else if (first === spec.runSub) i = 1;
    else if (cmd.program === 'deno' && first && !first.startsWith('-') && !/\.(m?[jt]sx?|c?js)$/.test(first)) {
      out.other = first; // deno test, deno fmt, …
      return out;
    }
  }
  const evalMode = !!spec.evalSub && a[0]?.text === spec.evalSub;
  let programSeen = false;
  for (; i < a.length; i++) {
    const w = a[i]!;
    const t = w.text;
    if (w.dynamic && t.startsWith('$')) {
      if (!programSeen) {
        if (spec.programOperand || evalMode) out.code.push(w);
        else out.script = w;
        programSeen = true;
        i++;
        break;
      }
      continue;
    }
    if (t === '--') {
      i++;
      break;
    }
    if (t === '-') {
      out.stdin = true;
      i++;
      break;
    }
    if (t.startsWith('--')) {
      const eq = t.indexOf('=');
      const name = eq > 0 ? t.slice(0, eq) : t;
      if (spec.codeLong?.includes(name)) {
        if (eq > 0) out.code.push(sub(w, t.slice(eq + 1), eq + 1));
        else if (a[i + 1]) out.code.push(a[++i]!);
        if (!spec.multi) {
          i++;
          break;
        }
        continue;
      }
      if (name === '--sandbox') out.sandbox = true;
      if (name === '--regexp-extended') out.extended = true;
      if (name === '--file' && eq > 0) {
        out.script = sub(w, t.slice(eq + 1), eq + 1);
        continue;
      }
      if (name === '--assign' && eq > 0) {
        const m = /^(\w+)=(.*)$/s.exec(t.slice(eq + 1));
        if (m) out.vars[m[1]!] = m[2]!;
        continue;
      }
      if (eq < 0 && spec.valueLong?.includes(name)) {
        if (name === '--assign' && a[i + 1]) {
          const m = /^(\w+)=(.*)$/s.exec(a[i + 1]!.text);
          if (m) out.vars[m[1]!] = m[2]!;
        }
        i++;
      }
      continue;
    }
    if (t.startsWith('-') && t.length > 1 && !(spec.language === 'r' && cmd.program === 'R' && t === 'CMD')) {
      // a cluster of short options
      let stop = false;
      for (let k = 1; k < t.length; k++) {
        const letter = t[k]!;
        const rest = t.slice(k + 1);
        if (spec.codeLetters.includes(letter)) {
          if (rest && spec.codeAttached) out.code.push(sub(w, rest, k + 1));
          else if (a[i + 1]) out.code.push(a[++i]!);
          if (evalMode && letter === 'p') out.code.pop();
          stop = true;
          break;
        }
        if (spec.fileLetters?.includes(letter)) {
          if (rest) out.script = sub(w, rest, k + 1);
          else if (a[i + 1]) out.script = a[++i]!;
          stop = true;
          break;
        }
        if (spec.stopLetters?.includes(letter)) {
          out.other = rest || a[i + 1]?.text || letter;
          return out;
        }
        if (spec.valueLetters?.includes(letter)) {
          const v = rest || a[++i]?.text || '';
          if (spec.language === 'awk' && letter === 'v') {
            const m = /^(\w+)=(.*)$/s.exec(v);
            if (m) out.vars[m[1]!] = m[2]!;
          }
          if (spec.language === 'applescript' && letter === 'l' && /^javascript$/i.test(v)) out.javascript = true;
          stop = true;
          break;
        }
        // -l and -0 take only digits (`perl -lne`, `-0777`); the rest of the cluster goes on
        if ((letter === 'l' || letter === '0') && spec.attachedLetters?.includes(letter)) {
          while (k + 1 < t.length && /[0-7]/.test(t[k + 1]!)) k++;
          continue;
        }
        if (spec.attachedLetters?.includes(letter)) break;
        if (spec.language === 'sed' && (letter === 'E' || letter === 'r')) out.extended = true;
      }
      if (stop && !spec.multi && out.code.length > 0) {
        i++;
        break;
      }
      continue;
    }
    // an operand
    if (out.code.length > 0 && (!spec.multi || !spec.programOperand)) break;
    if (out.code.length > 0 || out.script) break;
    if (spec.programOperand || evalMode) {
      out.code.push(w);
      programSeen = true;
      i++;
      break;
    }
    if (cmd.program === 'R' && t === 'CMD') {
      out.other = 'CMD';
      return out;
    }
    out.script = w;
    i++;
    break;
  }
  out.rest = a.slice(i);
  if (spec.language === 'awk') {
    for (const r of out.rest) {
      const m = /^([A-Za-z_]\w*)=(.*)$/s.exec(r.text);
      if (m) out.vars[m[1]!] = m[2]!;
    }
  }
  if (out.code.length === 0 && !out.script && !out.other && spec.readsStdin) out.stdin = true;
  return out;
}
