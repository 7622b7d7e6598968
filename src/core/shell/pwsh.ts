/**
 * tree-sitter-powershell syntax tree → our model.
 *
 * Commands become simple commands with lowercase program names (aliases resolved:
 * `rm`/`del`/`ri` → `remove-item`), parameters as words (`-Recurse`), string literals with
 * their quotes removed. Static .NET calls (`[Environment]::SetEnvironmentVariable(…)`) become a
 * command named `[environment]::setenvironmentvariable` with the literal arguments, and
 * `$env:NAME = …` an assignment of NAME. The rest is walked for nested commands.
 */
import { addCommand, type BuildState, type Frame, issue, type MutableCommand } from './build';
import type { Expansion, Joiner, Nesting, PipelinePosition, Redirect, SimpleCommand, StaticInput, Word } from './model';
import { commandName } from './normalise';
import type { TNode } from './tree';

export function convertPwsh(root: TNode, frame: Frame, b: BuildState): void {
  new PwshConverter(b, frame).walk(root, frame.nesting, undefined);
}

const SKIP = new Set(['command_argument_sep', 'comment', ' ']);

class PwshConverter {
  constructor(
    private readonly b: BuildState,
    private readonly f: Frame,
  ) {}

  private raw(n: TNode): string {
    return this.f.src.slice(n.start, n.end);
  }

  walk(n: TNode, nest: readonly Nesting[], joinedBy: Joiner | undefined): void {
    if (n.type === 'ERROR') issue(this.b, 'error', 'part of the line could not be parsed', this.f.map(n.start, n.end));
    else if (n.missing) {
      issue(this.b, 'missing', `the line is incomplete (missing '${n.type}')`, this.f.map(n.start, n.end));
      return;
    }
    switch (n.type) {
      case 'pipeline':
        this.pipeline(n, nest, joinedBy);
        return;
      case 'command':
        this.command(n, nest, undefined, joinedBy);
        return;
      case 'assignment_expression':
        this.assignment(n, nest, joinedBy);
        return;
      case 'invokation_expression':
        if (this.staticCall(n, nest, joinedBy)) return;
        break;
      case 'function_statement':
        this.children(n, [...nest, 'function']);
        return;
      case 'if_statement':
      case 'else_clause':
      case 'elseif_clause':
      case 'switch_statement':
        this.children(n, [...nest, 'branch']);
        return;
      case 'foreach_statement':
      case 'for_statement':
      case 'while_statement':
      case 'do_statement':
        this.children(n, [...nest, 'loop']);
        return;
      case 'sub_expression':
        this.children(n, [...nest, 'command-substitution']);
        return;
      default:
        break;
    }
    this.children(n, nest);
  }

  private children(n: TNode, nest: readonly Nesting[]): void {
    let joiner: Joiner | undefined;
    for (const c of n.children) {
      if (c.type === 'empty_statement') {
        joiner = ';';
        continue;
      }
      this.walk(c, nest, joiner);
      joiner = undefined;
    }
  }

  /** `a | b && c || d`: chains of pipelines. */
  private pipeline(n: TNode, nest: readonly Nesting[], joinedBy: Joiner | undefined): void {
    let joiner = joinedBy;
    for (const c of n.children) {
      if (c.type === 'pipeline_chain_tail') {
        const op = c.children.find((k) => k.type === '&&' || k.type === '||');
        joiner = (op?.type as Joiner | undefined) ?? joiner;
        continue;
      }
      if (c.type === 'pipeline_chain') {
        const members = c.children.filter((k) => k.named && !SKIP.has(k.type));
        const cmds = members.filter((k) => k.type === 'command');
        // `'delete x' | console`, `Write-Output 'a' 'b' | console`: text the next command reads on its input
        let input: StaticInput | undefined = members[0] && members[0].type !== 'command' && members[1]?.type === 'command' ? this.literalInput(members[0]) : undefined;
        if (cmds.length > 1) {
          const id = this.b.nextPipelineId++;
          let index = 0;
          for (const m of members) {
            if (m.type !== 'command') {
              this.walk(m, nest, undefined);
              continue;
            }
            const before = this.b.commands.length;
            this.command(m, nest, { id, index: index++, length: cmds.length }, index === 1 ? joiner : undefined, input);
            input = this.b.commands.length > before ? writtenInput(this.b.commands[before]!) : undefined;
          }
        } else if (input && members.length === 2) {
          this.command(members[1]!, nest, undefined, joiner, input);
        } else {
          for (const m of members) this.walk(m, nest, joiner);
        }
        joiner = undefined;
        continue;
      }
      this.walk(c, nest, joiner);
    }
  }

  /** The text of a string literal on its own (`'x'`, `"a`nb"`, a here-string); undefined when it expands something or is not one. */
  private literalInput(n: TNode): StaticInput | undefined {
    const text = literalText(this.raw(n).trim());
    return text === undefined ? undefined : { kind: 'pipe', text, span: this.f.map(n.start, n.end), dynamic: false };
  }

  private command(n: TNode, nest: readonly Nesting[], pipeline: PipelinePosition | undefined, joinedBy: Joiner | undefined, stdin?: StaticInput): void {
    let name: Word | undefined;
    const args: Word[] = [];
    const redirects: Redirect[] = [];
    const nested: TNode[] = [];
    for (const c of n.children) {
      if (c.type === 'command_invokation_operator') continue;
      if (c.field === 'command_name' || c.type === 'command_name' || c.type === 'command_name_expr') name = this.word(c, nested);
      else if (c.type === 'command_elements' || c.field === 'command_elements') {
        if (c.type === 'script_block_expression') {
          args.push(this.word(c, nested));
          continue;
        }
        let colon = false;
        for (const e of c.children) {
          if (e.type === 'command_argument_sep' && this.raw(e) === ':') {
            colon = args.length > 0 && args[args.length - 1]!.text.startsWith('-');
            continue;
          }
          if (SKIP.has(e.type)) continue;
          if (e.type === 'redirection') {
            redirects.push(this.redirect(e, nested));
            continue;
          }
          if (e.type === 'array_literal_expression' && e.children.some((k) => k.type === ',')) {
            // `'a b', "c"`: each element of the list is an argument of its own.
            for (const k of e.children) if (k.type !== ',') args.push(this.word(k, nested));
            colon = false;
            continue;
          }
          const w = this.listElement(this.word(e, nested));
          if (colon) {
            // `-Confirm:$false`, `-Recurse:$true`: the grammar splits at the colon; one word here.
            const param = args.pop()!;
            const constant = /^\$(true|false|null)$/i.test(w.text);
            args.push({ ...param, text: `${param.text}:${w.text}`, raw: `${param.raw}:${w.raw}`, span: [param.span[0], w.span[1]], dynamic: constant ? false : w.dynamic, expansions: constant ? [] : w.expansions });
            colon = false;
            continue;
          }
          args.push(w);
        }
      } else if (c.type === 'foreach-object' || (!c.named && /^[a-z-]+$/i.test(c.type) && !name)) {
        // foreach_command: the keyword is the name
        name = { text: this.raw(c), raw: this.raw(c), span: this.f.map(c.start, c.end), dynamic: false, glob: false, tilde: false, quoted: false, expansions: [] };
      } else if (c.type === 'foreach_command') {
        this.command(c, nest, pipeline, joinedBy, stdin);
        return;
      }
    }
    const { program, alias, dynamicName } = commandName(name, 'pwsh');
    const cmd: Omit<MutableCommand, 'index'> = {
      program,
      name,
      dynamicName,
      args,
      assignments: [],
      redirects,
      span: this.f.map(n.start, n.end),
      via: this.f.via,
      nesting: nest,
    };
    if (alias) cmd.alias = alias;
    if (stdin) cmd.stdin = stdin;
    if (pipeline) cmd.pipeline = pipeline;
    if (joinedBy) cmd.joinedBy = joinedBy;
    if (this.f.remote) cmd.remote = true;
    addCommand(this.b, cmd, this.f);
    for (const s of nested) this.walk(s, nest, undefined);
  }

  /**
   * `a,b` and `a, b` (an array argument) reach us as `a` and `,b`: the element after a comma is
   * an argument of its own, without the comma and its quotes.
   */
  private listElement(w: Word): Word {
    const raw = w.raw;
    if (raw.length < 2 || raw.charCodeAt(0) !== 44 /* , */ || w.quoted) return w;
    const rest = raw.slice(1);
    let text = rest;
    let quoted = false;
    if (rest.length >= 2 && ((rest.startsWith("'") && rest.endsWith("'")) || (rest.startsWith('"') && rest.endsWith('"')))) {
      text = rest.startsWith("'") ? rest.slice(1, -1).replace(/''/g, "'") : rest.slice(1, -1).replace(/`(.)/g, '$1');
      quoted = true;
    }
    const span: Word['span'] = w.span[1] - w.span[0] === raw.length ? [w.span[0] + 1, w.span[1]] : w.span;
    if (!quoted && !wholeListElement(rest)) issue(this.b, 'error', 'part of the line could not be parsed', span);
    return { ...w, text, raw: rest, span, quoted, glob: !quoted && /[*?]/.test(text), tilde: !quoted && text.startsWith('~') };
  }

  private redirect(n: TNode, nested: TNode[]): Redirect {
    let op = '';
    let target: Word | undefined;
    for (const c of n.children) {
      if (c.type === 'file_redirection_operator' || c.type === 'merging_redirection_operator') op = this.raw(c).trim();
      else if (c.type === 'redirected_file_name') target = this.word(c, nested);
    }
    const r: Redirect = { op, span: this.f.map(n.start, n.end) };
    if (target) r.target = target;
    return r;
  }

  /** A command element as a word: quotes removed from literal strings; variables make it dynamic. */
  private word(n: TNode, nested: TNode[]): Word {
    const raw = this.raw(n);
    let dynamic = false;
    let quoted = false;
    const scan = (k: TNode): void => {
      if (k.type === 'variable' || k.type === 'sub_expression') dynamic = true;
      if (k.type === 'script_block_expression' || k.type === 'sub_expression') nested.push(k);
      if (k.type === 'expandable_string_literal' || k.type === 'verbatim_string_characters' || k.type === 'expandable_here_string_literal' || k.type === 'verbatim_here_string_characters') quoted = true;
      if (k.type === 'script_block_expression') return;
      for (const c of k.children) scan(c);
    };
    scan(n);
    let text = raw;
    if (quoted) {
      const t = raw.trim();
      if (t.startsWith("'") && t.endsWith("'") && t.length >= 2) text = t.slice(1, -1).replace(/''/g, "'");
      else if (t.startsWith('"') && t.endsWith('"') && t.length >= 2) text = t.slice(1, -1).replace(/`(.)/g, '$1');
      else if (t.startsWith("@'") || t.startsWith('@"')) text = t.slice(2, -2).replace(/^\r?\n|\r?\n$/g, '');
    }
    const expansions = dynamic ? this.variables(n, raw) : [];
    return { text, raw, span: this.f.map(n.start, n.end), dynamic, glob: !quoted && /[*?]/.test(text), tilde: !quoted && text.startsWith('~'), quoted, expansions };
  }

  /**
   * The variables of a word, each with its name (`$HOME` → HOME, `$env:USERPROFILE` →
   * USERPROFILE), so rules can expand them; a word with anything else dynamic keeps one
   * expansion without a name (unknown).
   */
  private variables(n: TNode, raw: string): Expansion[] {
    const out: Expansion[] = [];
    let other = false;
    const scan = (k: TNode): void => {
      if (k.type === 'variable') {
        const text = this.raw(k);
        const m = /^\$(?:env:)?([A-Za-z_][A-Za-z0-9_]*)$/i.exec(text);
        if (m) out.push({ kind: 'variable', raw: text, name: !/^\$env:/i.test(text) && m[1]!.toLowerCase() === 'home' ? 'HOME' : m[1]! });
        else other = true;
        return;
      }
      if (k.type === 'sub_expression' || k.type === 'script_block_expression') {
        other = true;
        return;
      }
      for (const c of k.children) scan(c);
    };
    scan(n);
    return other || out.length === 0 ? [{ kind: 'variable', raw }] : out;
  }

  /** `$env:NAME = value` → an assignment of NAME; other assignments are walked for commands. */
  private assignment(n: TNode, nest: readonly Nesting[], joinedBy: Joiner | undefined): void {
    const left = n.children[0];
    const value = n.children.find((c) => c.field === 'value');
    const leftText = left ? this.raw(left).trim() : '';
    const m = /^\$env:([A-Za-z_][A-Za-z0-9_]*)$/i.exec(leftText);
    if (m && left) {
      const nested: TNode[] = [];
      const valueWord = value ? this.word(value, nested) : undefined;
      const cmd: Omit<MutableCommand, 'index'> = {
        program: '',
        name: undefined,
        dynamicName: false,
        args: [],
        assignments: [{ name: m[1]!, value: valueWord, span: this.f.map(n.start, n.end) }],
        redirects: [],
        span: this.f.map(n.start, n.end),
        via: this.f.via,
        nesting: nest,
      };
      if (joinedBy) cmd.joinedBy = joinedBy;
      addCommand(this.b, cmd, this.f);
    }
    if (value) this.walk(value, nest, undefined);
  }

  /** `[Type]::Member(args…)` as a command `[type]::member` with literal arguments. */
  private staticCall(n: TNode, nest: readonly Nesting[], joinedBy: Joiner | undefined): boolean {
    const type = n.children.find((c) => c.type === 'type_literal');
    const member = n.children.find((c) => c.type === 'member_name');
    const argList = n.children.find((c) => c.type === 'argument_list');
    if (!type || !member) return false;
    const program = `${this.raw(type)}::${this.raw(member)}`.toLowerCase().replace(/\s+/g, '');
    const args: Word[] = [];
    const nested: TNode[] = [];
    const collect = (k: TNode): void => {
      if (k.type === 'argument_expression') {
        args.push(this.word(k, nested));
        return;
      }
      for (const c of k.children) collect(c);
    };
    if (argList) collect(argList);
    const name: Word = { text: program, raw: this.raw(type) + '::' + this.raw(member), span: this.f.map(type.start, member.end), dynamic: false, glob: false, tilde: false, quoted: false, expansions: [] };
    const cmd: Omit<MutableCommand, 'index'> = {
      program,
      name,
      dynamicName: false,
      args,
      assignments: [],
      redirects: [],
      span: this.f.map(n.start, n.end),
      via: this.f.via,
      nesting: nest,
    };
    if (joinedBy) cmd.joinedBy = joinedBy;
    addCommand(this.b, cmd, this.f);
    for (const s of nested) this.walk(s, nest, undefined);
    return true;
  }
}

/** A PowerShell string literal's value: verbatim (`'…'`, `@'…'@`) or expandable without variables or subexpressions (`"a`nb"`). */
function literalText(raw: string): string | undefined {
  const here = /^@(['"])\r?\n([\s\S]*?)\r?\n\1@$/.exec(raw);
  const plain = here ? undefined : /^(['"])([\s\S]*)\1$/.exec(raw);
  const m = here ?? plain;
  if (!m) return undefined;
  const [, quote, body] = m as unknown as [string, string, string];
  if (quote === "'") return here ? body : body.replace(/''/g, "'");
  if (/\$/.test(body) || (!here && /(?<!`)"/.test(body))) return undefined;
  return body.replace(/`([nrt0`"'$])/g, (_m, c: string) => (c === 'n' ? '\n' : c === 'r' ? '\r' : c === 't' ? '\t' : c === '0' ? '' : c));
}

/**
 * What a command writes to the pipeline when it only prints literals: `Write-Output 'a' 'b'`
 * (`echo`, `write`) each on a line of its own; `cmd /c echo TEXT` the rest of its line.
 */
function writtenInput(cmd: SimpleCommand): StaticInput | undefined {
  const a = cmd.args;
  const cmdEcho = cmd.program === 'cmd' && /^\/[ck]$/i.test(a[0]?.text ?? '') && /^echo$/i.test(a[1]?.text ?? '');
  const words = cmdEcho ? a.slice(2) : cmd.program === 'write-output' ? a : [];
  if (words.length === 0 || words.some((w) => w.dynamic || (!w.quoted && w.text.startsWith('-'))) || (cmdEcho && /^(?:on|off)$/i.test(words[0]!.text))) return undefined;
  return { kind: 'pipe', text: words.map((w) => w.text).join(cmdEcho ? ' ' : '\n'), span: [words[0]!.span[0], words[words.length - 1]!.span[1]], dynamic: false };
}

/**
 * A bare list element the grammar read whole (`b` in `a,b`): no quote left open, its brackets
 * closed, and no expression start (`@{`, `@(`). `a,@{N=1` or `a,{1` is an expression the
 * grammar lost track of (the line is incomplete), so it is an issue, never an argument.
 */
export function wholeListElement(element: string): boolean {
  if (element.startsWith('@') || /['"]/.test(element)) return false;
  let depth = 0;
  for (const ch of element) {
    if (ch === '{' || ch === '(' || ch === '[') depth++;
    else if (ch === '}' || ch === ')' || ch === ']') depth--;
    if (depth < 0) return false;
  }
  return depth === 0;
}
