/**
 * The shell parser: one command line (bash, zsh, sh, fish or PowerShell) → `ParsedLine`.
 *
 * Never throws on input: whatever tree-sitter could not parse becomes a `ParseIssue` and the
 * rest is still converted. Strings that are code (`bash -c`, `eval`, heredocs fed to a shell,
 * interpreter shell-outs) are parsed too, with their spans mapped back into the line.
 */
import type { CodeLanguage } from '../code/effects';
import { CodeReader, MAX_FILE_CODE, type ReadOptions } from '../code/read';
import { convertBash } from './bash';
import { convertCmd } from './cmd';
import { fishToBash } from './fish';
import { type BuildState, type Frame, identityMap, issue, type MutableCommand, plainWord } from './build';
import { sharedParsers, type ShellLanguages, type ShellParsers } from './loader';
import type { ParsedLine, ShellKind, Span } from './model';
import { convertPwsh, wholeListElement } from './pwsh';
import { parseToPlainTree, type TNode } from './tree';
import { readInlineCode, unwrap, type UnwrapHost } from './unwrap';

/** Lines longer than this are parsed only up to it; the rest is a parse issue (confirm). */
export const MAX_LINE_LENGTH = 64 * 1024;

export class ShellParser {
  private readonly parsers: ShellParsers;

  constructor(private readonly languages: ShellLanguages) {
    this.parsers = sharedParsers(languages);
  }

  /** A reader of interpreter code with the grammars of this parser's wasm folder. */
  codeReader(): CodeReader {
    return new CodeReader(this.languages.wasmDir);
  }

  /**
   * Parses a line. Interpreter code in it is read with `code` (a fresh reader when omitted);
   * grammars it needed and did not have are in `code.missing` afterwards.
   */
  parse(line: string, shell: ShellKind = 'bash', code: CodeReader = this.codeReader()): ParsedLine {
    const { state } = this.begin(line, shell, code);
    let text = line;
    if (text.length > MAX_LINE_LENGTH) {
      state.issues.push({ kind: 'unsupported', message: `only the first ${MAX_LINE_LENGTH} characters were analysed`, span: [MAX_LINE_LENGTH, line.length] });
      text = text.slice(0, MAX_LINE_LENGTH);
    }
    const language = shell === 'pwsh' ? 'pwsh' : 'sh';
    // fish blocks become plain commands of the same length (fish.ts); the functions they define are recorded
    const fish = shell === 'fish' ? fishToBash(text) : undefined;
    if (fish) text = fish.text;
    this.parseInto(state, text, language, { src: text, language, map: identityMap, via: [], nesting: [], depth: 0, remote: false });
    for (const fn of fish?.functions ?? []) {
      const body = state.commands.filter((c) => c.span[0] > fn.nameStart && c.span[1] <= fn.end).map((c) => c.index);
      if (!state.functions.has(fn.name)) state.functions.set(fn.name, { name: fn.name, span: [fn.start, fn.end], body, ...(fn.runsOn ? { runsOn: fn.runsOn } : {}) });
    }
    linkFunctionCalls(state);
    return { source: line, shell, commands: state.commands, issues: state.issues, functions: state.functions };
  }

  /**
   * Interpreter code on its own (a script file), as a line: a command `program` that runs the
   * code, followed by the commands the code amounts to. Spans are offsets into `code`.
   */
  parseCode(language: CodeLanguage, code: string, program: string, reader: CodeReader = this.codeReader(), file?: string): ParsedLine {
    const { state, host } = this.begin(code, 'bash', reader);
    const whole: Span = [0, code.length];
    const cmd: MutableCommand = { program, name: plainWord(program, [0, 0]), dynamicName: false, args: [], assignments: [], redirects: [], span: whole, via: [], nesting: [], index: 0 };
    state.commands.push(cmd);
    const frame: Frame = { src: code, language: 'sh', map: identityMap, via: [], nesting: [], depth: 0, remote: false };
    const options: ReadOptions = file ? { file, maxLength: MAX_FILE_CODE } : { maxLength: MAX_FILE_CODE };
    readInlineCode(cmd, frame, host, language, { text: code, span: whole, map: identityMap, dynamic: false, from: 'file' }, options);
    return { source: code, shell: 'bash', commands: state.commands, issues: state.issues, functions: state.functions };
  }

  /** A fresh build state for `line`, whose commands are unwrapped as they are built. */
  private begin(line: string, shell: ShellKind, code: CodeReader): { state: BuildState; host: UnwrapHost } {
    const state: BuildState = {
      line,
      code,
      shell,
      commands: [],
      issues: [],
      functions: new Map(),
      nextPipelineId: 0,
      onCommand: (cmd, frame) => unwrap(cmd, frame, host),
    };
    const host: UnwrapHost = {
      state,
      parseCode: (text, language, frame) => this.parseInto(state, text, language, frame),
    };
    return { state, host };
  }

  private parseInto(state: BuildState, code: string, language: 'sh' | 'pwsh' | 'cmd' | 'fish', frame: Frame): void {
    if (language === 'cmd') {
      convertCmd(code, frame, state);
      return;
    }
    // fish code in a string (an abbreviation, a key binding, fish's eval): its blocks rewritten, same length
    const src = language === 'fish' ? fishToBash(code).text : code;
    let root = parseToPlainTree(language === 'pwsh' ? this.parsers.pwsh : this.parsers.bash, src);
    if (language === 'pwsh') root = withoutListSeparators(root, code);
    if (language === 'pwsh' && hasError(root)) {
      // The PowerShell grammar reads `a, b` in a command's arguments as an error (it knows `a,b`
      // and `a ,b`). The same text with each `, ` turned into ` ,` has the same length, so spans
      // are unchanged; it is used only when it parses cleanly.
      // It also reads a command that starts with `./` or `../` (a script by its relative path) as
      // the dot-source operator followed by an error; `.\` is the same to PowerShell.
      // Nor does it know a hashtable as a list element (`Select-Object Name, @{N='MB';E={…}}`, a
      // calculated property): there the comma becomes a blank, so the hashtable is one more
      // argument of the same command.
      const spaced = commaSpacesMoved(code);
      const tables = hashtableListCommas(spaced);
      for (const retry of new Set([spaced, dotSlashCommands(code), dotSlashCommands(spaced), tables, dotSlashCommands(tables)])) {
        if (retry === code) continue;
        const again = withoutListSeparators(parseToPlainTree(this.parsers.pwsh, retry), retry);
        if (!hasError(again)) {
          root = again;
          frame = { ...frame, src: retry };
          break;
        }
      }
    }
    for (const m of root.missingNodes ?? []) {
      issue(state, 'missing', `the line is incomplete (missing ${m.type === 'word' ? 'a command' : `'${m.type}'`})`, frame.map(m.start, m.end));
    }
    if (language === 'pwsh') convertPwsh(root, frame, state);
    else convertBash(root, language === 'fish' ? { ...frame, src } : frame, state);
  }
}

/**
 * The PowerShell grammar reads a list of bare words `a,b,c` (an array argument:
 * `-Profile Domain,Private`, `Remove-Item a.txt,b.txt`) as the words `a`, `,b`, `,c`
 * with an argument separator it reports as missing before each comma. The line is complete —
 * the converter reads `,b` as the list's next element (pwsh.ts) — so such a separator is
 * dropped from the tree and from its missing nodes when the element after it is whole (a bare
 * word, or a quoted string the grammar kept in one piece: `a,'b c'` is split inside the quotes
 * and stays an issue).
 */
function withoutListSeparators(root: TNode, src: string): TNode {
  if (!root.missingNodes?.some((m) => m.start === m.end && src[m.start] === ',')) return root;
  const dropped = new Set<TNode>();
  const prune = (n: TNode): TNode => {
    const children: TNode[] = [];
    n.children.forEach((c, i) => {
      if (c.type === 'command_argument_sep' && c.children.length === 1 && isListSeparator(c.children[0]!, n.children[i + 1], src)) dropped.add(c.children[0]!);
      else children.push(prune(c));
    });
    return { ...n, children };
  };
  const pruned = prune(root);
  const missing = root.missingNodes.filter((m) => !dropped.has(m));
  if (missing.length) pruned.missingNodes = missing;
  else delete pruned.missingNodes;
  return pruned;
}

/** A missing separator at `,` right after a word, before a whole list element. */
function isListSeparator(n: TNode, next: TNode | undefined, src: string): boolean {
  if (!n.missing || n.start !== n.end || n.type.trim() !== '' || src[n.start] !== ',' || n.start === 0 || /[\s,]/.test(src[n.start - 1]!)) return false;
  if (!next || next.type !== 'generic_token' || next.start !== n.start) return false;
  const element = src.slice(next.start + 1, next.end);
  const q = element[0];
  return element.length > 0 && (q === "'" || q === '"' ? element.length >= 2 && element.endsWith(q) : wholeListElement(element));
}

function hasError(n: TNode): boolean {
  if (n.type === 'ERROR' || n.missing) return true;
  for (const c of n.children) if (hasError(c)) return true;
  return false;
}

/**
 * PowerShell text with each `,` outside quotes that `rewrite` answers for replaced: the answer's
 * text stands for `code[i, end)`. Both rewrites below keep the text's length, so spans hold.
 */
function commasRewritten(code: string, rewrite: (i: number) => { text: string; end: number } | undefined): string {
  let out = '';
  let quote: string | undefined;
  for (let i = 0; i < code.length; i++) {
    const ch = code[i]!;
    if (quote) {
      out += ch;
      if (ch === '`' && quote === '"' && i + 1 < code.length) out += code[++i];
      else if (ch === quote) quote = undefined;
      continue;
    }
    if (ch === "'" || ch === '"') quote = ch;
    const r = ch === ',' ? rewrite(i) : undefined;
    if (r) {
      out += r.text;
      i = r.end - 1;
      continue;
    }
    out += ch;
  }
  return out;
}

/** PowerShell text with each `,` before a hashtable list element (`a, @{…}`, outside quotes) turned into a blank. */
export function hashtableListCommas(code: string): string {
  return commasRewritten(code, (i) => (/^[ \t]*@\{/.test(code.slice(i + 1, i + 40)) ? { text: ' ', end: i + 1 } : undefined));
}

/** PowerShell text with every `,` followed by blanks (outside quotes) moved after the blanks. */
export function commaSpacesMoved(code: string): string {
  return commasRewritten(code, (i) => {
    let j = i + 1;
    while (code[j] === ' ' || code[j] === '\t') j++;
    return j > i + 1 ? { text: `${code.slice(i + 1, j)},`, end: j } : undefined;
  });
}

/** Marks commands that call a function defined in the same line. */
function linkFunctionCalls(state: BuildState): void {
  if (state.functions.size === 0) return;
  for (const c of state.commands as MutableCommand[]) {
    if (c.dynamicName || !c.name) continue;
    if (state.functions.has(c.name.text)) c.callsFunction = c.name.text;
  }
}

/** `./x.ps1` and `../x.ps1` where a PowerShell command starts, written `.\x.ps1` (same length). */
function dotSlashCommands(code: string): string {
  return code.replace(/(^|[;|&({}\n]\s*)(\.\.?)\//g, '$1$2\\');
}
