/**
 * tree-sitter-bash syntax tree → our model (simple commands with resolved words).
 *
 * Used for bash, sh, zsh and fish lines (fish is approximated by the bash grammar; what it
 * cannot parse becomes a parse issue, which means "confirm").
 */
import { addCommand, type BuildState, type Frame, issue, type MutableCommand, pipeInputOf } from './build';
import type { Assignment, Expansion, Joiner, Nesting, PipelinePosition, Redirect, StaticInput, Word } from './model';
import { commandName } from './normalise';
import { childByField, type TNode } from './tree';

/** Converts a whole tree (a program) into commands on the build state. */
export function convertBash(root: TNode, frame: Frame, b: BuildState): void {
  new BashConverter(b, frame).sequence(root.children, frame.nesting, undefined);
}

/** Optional per-statement details passed down to the command that receives them. */
interface Placement {
  joinedBy?: Joiner;
  pipeline?: PipelinePosition;
  pipeIn?: StaticInput;
}

const STATEMENT_SEPARATORS = new Set([';', '&', '\n', ';;', ';&', ';;&']);

interface WordState {
  text: string;
  dynamic: boolean;
  glob: boolean;
  tilde: boolean;
  quoted: boolean;
  brace: boolean;
  expansions: Expansion[];
}

class BashConverter {
  constructor(
    private readonly b: BuildState,
    private readonly f: Frame,
  ) {}

  private raw(n: TNode): string {
    return this.f.src.slice(n.start, n.end);
  }

  // -------------------------------------------------------------------------------------------
  // Statements

  /** A list of statements separated by `;`, `&`, newlines (program, group, subshell, body). */
  sequence(children: readonly TNode[], nest: readonly Nesting[], first: Joiner | undefined): void {
    let pending: Joiner | undefined = first;
    let seen = false;
    let lastStart = -1;
    for (const c of children) {
      if (!c.named) {
        if (c.type === '&' && lastStart >= 0) this.markBackground(lastStart);
        if (STATEMENT_SEPARATORS.has(c.type)) pending = c.type === '&' ? '&' : c.type === '\n' ? '\n' : ';';
        continue;
      }
      if (c.type === 'comment') continue;
      lastStart = this.b.commands.length;
      this.statement(c, nest, { joinedBy: pending ?? (seen ? '\n' : undefined) });
      seen = true;
      pending = undefined;
    }
  }

  private markBackground(from: number): void {
    for (let i = from; i < this.b.commands.length; i++) {
      const c = this.b.commands[i]!;
      if (!c.nesting.includes('background')) c.nesting = [...c.nesting, 'background'];
    }
  }

  statement(n: TNode, nest: readonly Nesting[], p: Placement): void {
    switch (n.type) {
      case 'command':
        this.command(n, nest, p, []);
        return;
      case 'list':
        this.list(n, nest, p);
        return;
      case 'pipeline':
        this.pipeline(n.children, nest, p, undefined);
        return;
      case 'redirected_statement':
        this.redirected(n, nest, p);
        return;
      case 'subshell':
        this.sequence(inner(n), [...nest, 'subshell'], p.joinedBy);
        return;
      case 'compound_statement':
        this.sequence(inner(n), [...nest, 'group'], p.joinedBy);
        return;
      case 'negated_command':
        for (const c of n.children) if (c.named) this.statement(c, [...nest, 'negated'], p);
        return;
      case 'function_definition':
        this.functionDefinition(n, nest);
        return;
      case 'declaration_command':
      case 'unset_command':
        this.declaration(n, nest, p);
        return;
      case 'variable_assignment':
      case 'variable_assignments':
        this.bareAssignments(n, nest, p);
        return;
      case 'if_statement':
      case 'elif_clause':
      case 'else_clause':
      case 'while_statement':
      case 'for_statement':
      case 'c_style_for_statement':
      case 'select_statement':
      case 'case_statement':
      case 'case_item':
      case 'do_group':
        this.compound(n, nest);
        return;
      case 'comment':
      case 'heredoc_body':
        return;
      case 'ERROR':
        issue(this.b, 'error', 'part of the line could not be parsed', this.f.map(n.start, n.end));
        this.generic(n, nest);
        return;
      default:
        if (n.missing) {
          issue(this.b, 'missing', `the line is incomplete (missing '${n.type}')`, this.f.map(n.start, n.end));
          return;
        }
        // test_command, arithmetic, words at statement level, …: commands may hide inside.
        this.generic(n, nest);
    }
  }

  /** `a && b || c`: left-nested binary lists. */
  private list(n: TNode, nest: readonly Nesting[], p: Placement): void {
    let joiner: Joiner | undefined = p.joinedBy;
    for (const c of n.children) {
      if (!c.named) {
        if (c.type === '&&' || c.type === '||') joiner = c.type;
        else if (c.type === ';' || c.type === '&') joiner = c.type;
        continue;
      }
      if (c.type === 'comment') continue;
      this.statement(c, nest, { joinedBy: joiner });
    }
  }

  /**
   * A pipeline's members. `extra` carries members that tree-sitter placed inside a heredoc
   * redirect (`cat <<EOF | psql`).
   */
  private pipeline(children: readonly TNode[], nest: readonly Nesting[], p: Placement, firstMember: (() => number) | undefined): void {
    const members: TNode[] = [];
    const stderr: boolean[] = [];
    for (const c of children) {
      if (c.named) {
        if (c.type !== 'comment') members.push(c);
      } else if (c.type === '|&') stderr[members.length - 1] = true;
    }
    const total = members.length + (firstMember ? 1 : 0);
    const id = this.b.nextPipelineId++;
    let pipeIn: StaticInput | undefined;
    let index = 0;
    if (firstMember) {
      const at = firstMember();
      pipeIn = pipeInputOf(this.b.commands[at]);
      index = 1;
    }
    for (let i = 0; i < members.length; i++, index++) {
      const pos: PipelinePosition = { id, index, length: total };
      if (stderr[i]) pos.stderr = true;
      const before = this.b.commands.length;
      this.statement(members[i]!, nest, { joinedBy: index === 0 ? p.joinedBy : undefined, pipeline: pos, pipeIn });
      pipeIn = pipeInputOf(this.primaryOf(before, id, index));
    }
  }

  /** The last command emitted at a pipeline position (unwrapped commands come after wrappers). */
  private primaryOf(from: number, id: number, index: number): MutableCommand | undefined {
    let found: MutableCommand | undefined;
    for (let i = from; i < this.b.commands.length; i++) {
      const c = this.b.commands[i]!;
      if (c.pipeline?.id === id && c.pipeline.index === index && c.via.length === this.f.via.length) found = c;
    }
    return found;
  }

  private redirected(n: TNode, nest: readonly Nesting[], p: Placement): void {
    const body = childByField(n, 'body');
    const redirects: Redirect[] = [];
    const continuations: { kind: 'pipe' | 'list'; nodes: TNode[]; op?: Joiner }[] = [];
    for (const c of n.children) {
      if (c.field !== 'redirect') continue;
      redirects.push(...this.redirect(c, nest));
      if (c.type === 'heredoc_redirect') {
        // tree-sitter-bash puts what follows `<<EOF` on the same line inside the redirect.
        const opNode = c.children.find((k) => k.field === 'operator');
        const op: Joiner = opNode && (opNode.type === '||' || opNode.type === ';' || opNode.type === '&') ? opNode.type : '&&';
        const pipe = c.children.find((k) => k.type === 'pipeline');
        if (pipe) continuations.push({ kind: 'pipe', nodes: flattenPipe(pipe) });
        const right = childByField(c, 'right');
        if (right) continuations.push({ kind: 'list', nodes: [right], op });
        for (const k of c.children) if (k.type === 'file_redirect') redirects.push(...this.redirect(k, nest));
      }
    }
    const pipeCont = continuations.find((x) => x.kind === 'pipe');
    if (body) {
      if (pipeCont) {
        const at = this.b.commands.length;
        const id = this.b.nextPipelineId;
        const pos: PipelinePosition = { id, index: 0, length: pipeCont.nodes.length + 1 };
        // Reserve the id before emitting the members.
        this.b.nextPipelineId++;
        this.bodyWithRedirects(body, nest, { ...p, pipeline: pos }, redirects);
        const first = this.primaryOf(at, id, 0);
        let pipeIn = pipeInputOf(first);
        for (let i = 0; i < pipeCont.nodes.length; i++) {
          const before = this.b.commands.length;
          this.statement(pipeCont.nodes[i]!, nest, { pipeline: { id, index: i + 1, length: pipeCont.nodes.length + 1 }, pipeIn });
          pipeIn = pipeInputOf(this.primaryOf(before, id, i + 1));
        }
      } else {
        this.bodyWithRedirects(body, nest, p, redirects);
      }
    }
    if (!body) this.bareRedirects(n, nest, p, redirects);
    for (const x of continuations) if (x.kind === 'list') for (const r of x.nodes) this.statement(r, nest, { joinedBy: x.op });
  }

  /** `> file` on its own (truncates or creates the file): a command without a program. */
  private bareRedirects(n: TNode, nest: readonly Nesting[], p: Placement, redirects: Redirect[]): void {
    const cmd: Omit<MutableCommand, 'index'> = {
      program: '',
      name: undefined,
      dynamicName: false,
      args: [],
      assignments: [],
      redirects,
      span: this.f.map(n.start, n.end),
      via: this.f.via,
      nesting: nest,
    };
    if (p.joinedBy) cmd.joinedBy = p.joinedBy;
    if (p.pipeline) cmd.pipeline = p.pipeline;
    if (this.f.remote) cmd.remote = true;
    addCommand(this.b, cmd, this.f);
  }

  private bodyWithRedirects(body: TNode, nest: readonly Nesting[], p: Placement, redirects: Redirect[]): void {
    if (body.type === 'command') {
      this.command(body, nest, p, redirects);
      return;
    }
    // A compound statement with redirections (`while …; done < f`, `{ …; } > out`), or a list the
    // grammar wraps whole (`a && b > f`). The commands come first; the redirections are kept as a
    // command of their own, so `> /dev/sda` or `> .env` is judged whatever it is attached to.
    this.statement(body, nest, p);
    if (redirects.length) this.bareRedirects(body, nest, {}, redirects);
  }

  private functionDefinition(n: TNode, nest: readonly Nesting[]): void {
    const nameNode = childByField(n, 'name');
    const body = childByField(n, 'body');
    const from = this.b.commands.length;
    if (body) {
      const inside: Nesting[] = [...nest, 'function'];
      if (body.type === 'compound_statement') this.sequence(inner(body), inside, undefined);
      else if (body.type === 'subshell') this.sequence(inner(body), [...inside, 'subshell'], undefined);
      else this.statement(body, inside, {});
    }
    if (nameNode) {
      const name = this.raw(nameNode);
      const indexes: number[] = [];
      for (let i = from; i < this.b.commands.length; i++) indexes.push(i);
      this.b.functions.set(name, { name, span: this.f.map(n.start, n.end), body: indexes });
    }
  }

  /** if/while/for/case: conditions, values and bodies. */
  private compound(n: TNode, nest: readonly Nesting[]): void {
    const loop = n.type === 'while_statement' || n.type === 'for_statement' || n.type === 'c_style_for_statement' || n.type === 'select_statement';
    const statements: TNode[] = [];
    const flush = (kind: Nesting): void => {
      if (statements.length) this.sequence(statements.splice(0), [...nest, kind], undefined);
    };
    // `for f in /etc/*.conf; do …`: one word (a pattern, or a single value) is what the variable
    // holds on every turn, so the body sees it as an assignment.
    let forVar: string | undefined;
    const forValues: Word[] = [];
    const bindLoopVariable = (): void => {
      if (n.type !== 'for_statement' || !forVar || forValues.length !== 1 || forValues[0]!.dynamic) return;
      const v = forValues[0]!;
      this.bareAssignmentOf(forVar, v, [...nest, 'loop']);
      forVar = undefined;
    };
    for (const c of n.children) {
      if (c.field === 'condition') {
        flush(loop ? 'loop' : 'branch');
        if (c.named) this.statement(c, [...nest, 'condition'], {});
        continue;
      }
      if (c.field === 'value' || c.field === 'variable' || c.field === 'initializer' || c.field === 'update') {
        // for x in $(…): the words may run commands.
        const w = this.word(c, nest);
        if (c.field === 'variable') forVar = w.text;
        else if (c.field === 'value') forValues.push(w);
        continue;
      }
      if (c.type === 'do_group' || c.type === 'elif_clause' || c.type === 'else_clause' || c.type === 'case_item') {
        bindLoopVariable();
        flush(loop ? 'loop' : 'branch');
        if (c.type === 'do_group') this.sequence(inner(c), [...nest, 'loop'], undefined);
        else this.compound(c, [...nest, 'branch']);
        continue;
      }
      if (c.field === 'body' && c.named) {
        flush(loop ? 'loop' : 'branch');
        this.statement(c, [...nest, loop ? 'loop' : 'branch'], {});
        continue;
      }
      statements.push(c);
    }
    flush(loop ? 'loop' : 'branch');
  }

  /** Anything else: look for commands and substitutions inside. */
  private generic(n: TNode, nest: readonly Nesting[]): void {
    for (const c of n.children) {
      if (c.missing) {
        issue(this.b, 'missing', `the line is incomplete (missing '${c.type}')`, this.f.map(c.start, c.end));
        continue;
      }
      switch (c.type) {
        case 'command':
        case 'list':
        case 'pipeline':
        case 'redirected_statement':
        case 'subshell':
        case 'compound_statement':
        case 'negated_command':
        case 'function_definition':
        case 'declaration_command':
        case 'unset_command':
        case 'if_statement':
        case 'while_statement':
        case 'for_statement':
        case 'case_statement':
        case 'c_style_for_statement':
          this.statement(c, nest, {});
          break;
        case 'ERROR':
          issue(this.b, 'error', 'part of the line could not be parsed', this.f.map(c.start, c.end));
          this.generic(c, nest);
          break;
        case 'command_substitution':
        case 'process_substitution':
          this.word(c, nest);
          break;
        default:
          if (c.children.length) this.generic(c, nest);
      }
    }
  }

  // -------------------------------------------------------------------------------------------
  // Simple commands

  private command(n: TNode, nest: readonly Nesting[], p: Placement, outerRedirects: Redirect[]): void {
    const assignments: Assignment[] = [];
    const redirects: Redirect[] = [];
    const args: Word[] = [];
    let name: Word | undefined;
    const nestedBodies: TNode[] = [];
    for (const c of n.children) {
      if (c.missing) {
        issue(this.b, 'missing', `the line is incomplete (missing '${c.type}')`, this.f.map(c.start, c.end));
        continue;
      }
      if (c.field === 'name') {
        const w = c.children.find((k) => k.named) ?? c;
        name = this.word(w, nest);
      } else if (c.type === 'variable_assignment') {
        assignments.push(this.assignment(c, nest));
      } else if (c.field === 'redirect' || c.type === 'file_redirect' || c.type === 'herestring_redirect' || c.type === 'heredoc_redirect') {
        redirects.push(...this.redirect(c, nest));
      } else if (c.type === '$' && !c.named) {
        continue; // `$"…"`: the string that follows is the word
      } else if (c.field === 'argument') {
        args.push(this.word(c, nest));
      } else if (c.type === 'subshell') {
        // `echo (date)`: not bash; keep it as an argument and parse what is inside.
        args.push(this.wordNoNest(c));
        nestedBodies.push(c);
      } else if (c.type === 'ERROR') {
        issue(this.b, 'error', 'part of the line could not be parsed', this.f.map(c.start, c.end));
        this.generic(c, nest);
      } else if (c.named && c.type !== 'comment') {
        args.push(this.word(c, nest));
      }
    }
    redirects.push(...outerRedirects);
    const { program, alias, dynamicName } = commandName(name, this.b.shell === 'pwsh' ? 'bash' : this.b.shell);
    const cmd: Omit<MutableCommand, 'index'> = {
      program,
      name,
      dynamicName,
      args,
      assignments,
      redirects,
      span: this.f.map(n.start, n.end),
      via: this.f.via,
      nesting: nest,
    };
    if (outerRedirects.length) {
      const last = outerRedirects[outerRedirects.length - 1]!;
      cmd.span = [cmd.span[0], Math.max(cmd.span[1], last.span[1])];
    }
    if (alias) cmd.alias = alias;
    if (p.joinedBy) cmd.joinedBy = p.joinedBy;
    if (p.pipeline) cmd.pipeline = p.pipeline;
    if (this.f.remote) cmd.remote = true;
    const stdin = stdinOf(redirects) ?? p.pipeIn;
    if (stdin) cmd.stdin = stdin;
    addCommand(this.b, cmd, this.f);
    for (const s of nestedBodies) this.sequence(inner(s), [...nest, 'command-substitution'], undefined);
  }

  private assignment(n: TNode, nest: readonly Nesting[]): Assignment {
    const nameNode = childByField(n, 'name') ?? n.children[0];
    const valueNode = childByField(n, 'value');
    const a: Assignment = {
      name: nameNode ? this.raw(nameNode).replace(/\[.*$/, '') : '',
      value: valueNode ? this.word(valueNode, nest) : undefined,
      span: this.f.map(n.start, n.end),
    };
    return a;
  }

  /** `export A=1 B`, `declare -x Y=2`, `local z`, `unset X`, `readonly`, `typeset`. */
  private declaration(n: TNode, nest: readonly Nesting[], p: Placement): void {
    const keyword = n.children[0];
    if (!keyword) return;
    const args: Word[] = [];
    const assignments: Assignment[] = [];
    for (const c of n.children.slice(1)) {
      if (c.type === 'variable_assignment') {
        const a = this.assignment(c, nest);
        assignments.push(a);
        args.push({ ...this.wordNoNest(c), text: `${a.name}=${a.value?.text ?? ''}`, dynamic: a.value?.dynamic ?? false, expansions: a.value?.expansions ?? [] });
      } else if (c.type === 'variable_name') {
        const w = this.wordNoNest(c);
        args.push(w);
        if (keyword.type !== 'unset') assignments.push({ name: w.text, value: undefined, span: w.span });
      } else if (c.named && c.type !== 'comment') {
        args.push(this.word(c, nest));
      }
    }
    const name = this.wordNoNest(keyword);
    const cmd: Omit<MutableCommand, 'index'> = {
      program: this.raw(keyword),
      name,
      dynamicName: false,
      args,
      assignments,
      redirects: [],
      span: this.f.map(n.start, n.end),
      via: this.f.via,
      nesting: nest,
    };
    if (p.joinedBy) cmd.joinedBy = p.joinedBy;
    if (p.pipeline) cmd.pipeline = p.pipeline;
    if (this.f.remote) cmd.remote = true;
    addCommand(this.b, cmd, this.f);
  }

  /** A bare assignment the line implies (a loop variable bound to its one value). */
  private bareAssignmentOf(name: string, value: Word, nest: readonly Nesting[]): void {
    const cmd: Omit<MutableCommand, 'index'> = {
      program: '',
      name: undefined,
      dynamicName: false,
      args: [],
      assignments: [{ name, value, span: value.span }],
      redirects: [],
      span: value.span,
      via: this.f.via,
      nesting: nest,
    };
    if (this.f.remote) cmd.remote = true;
    addCommand(this.b, cmd, this.f);
  }

  /** `X=1` or `X=1 Y=2` on their own. */
  private bareAssignments(n: TNode, nest: readonly Nesting[], p: Placement): void {
    const list = n.type === 'variable_assignment' ? [n] : n.children.filter((c) => c.type === 'variable_assignment');
    const cmd: Omit<MutableCommand, 'index'> = {
      program: '',
      name: undefined,
      dynamicName: false,
      args: [],
      assignments: list.map((a) => this.assignment(a, nest)),
      redirects: [],
      span: this.f.map(n.start, n.end),
      via: this.f.via,
      nesting: nest,
    };
    if (p.joinedBy) cmd.joinedBy = p.joinedBy;
    if (this.f.remote) cmd.remote = true;
    addCommand(this.b, cmd, this.f);
  }

  private redirect(n: TNode, nest: readonly Nesting[]): Redirect[] {
    const span = this.f.map(n.start, n.end);
    if (n.type === 'herestring_redirect') {
      const w = n.children.find((c) => c.named);
      const r: Redirect = { op: '<<<', span };
      if (w) {
        const word = this.word(w, nest);
        r.target = word;
        r.heredoc = { body: word.text, span: word.span, dynamic: word.dynamic };
      }
      return [r];
    }
    if (n.type === 'heredoc_redirect') {
      let op = '<<';
      let delimiter: string | undefined;
      let quotedDelimiter = false;
      let bodyNode: TNode | undefined;
      for (const c of n.children) {
        if (c.type === '<<' || c.type === '<<-') op = c.type;
        else if (c.type === 'heredoc_start') {
          const d = this.raw(c);
          quotedDelimiter = /['"\\]/.test(d);
          delimiter = d.replace(/['"\\]/g, '');
        } else if (c.type === 'heredoc_body') bodyNode = c;
      }
      const r: Redirect = { op, span };
      if (bodyNode) {
        let dynamic = false;
        if (!quotedDelimiter) {
          for (const c of bodyNode.children) {
            if (c.type === 'heredoc_content') continue;
            dynamic = true;
            // Command substitutions in an unquoted heredoc run.
            this.word(c, nest);
          }
        }
        r.heredoc = { body: this.f.src.slice(bodyNode.start, bodyNode.end), span: this.f.map(bodyNode.start, bodyNode.end), dynamic };
        if (delimiter !== undefined) r.heredoc.delimiter = delimiter;
      } else {
        r.heredoc = { body: '', span, dynamic: false };
        if (delimiter !== undefined) r.heredoc.delimiter = delimiter;
      }
      return [r];
    }
    // file_redirect
    let op = '';
    let fd: number | undefined;
    const targets: Word[] = [];
    for (const c of n.children) {
      if (c.field === 'descriptor') fd = Number(this.raw(c));
      else if (c.field === 'destination') targets.push(this.word(c, nest));
      else if (!c.named) op += c.type;
      else if (c.type === 'ERROR') issue(this.b, 'error', 'part of the line could not be parsed', this.f.map(c.start, c.end));
    }
    const r: Redirect = { op, span };
    if (fd !== undefined && !Number.isNaN(fd)) r.fd = fd;
    if (targets[0]) r.target = targets[0];
    return [r];
  }

  // -------------------------------------------------------------------------------------------
  // Words

  /** A word with quotes removed; commands inside `$(…)` / `<(…)` are emitted as nested commands. */
  word(n: TNode, nest: readonly Nesting[]): Word {
    const st: WordState = { text: '', dynamic: false, glob: false, tilde: false, quoted: false, brace: false, expansions: [] };
    this.part(n, st, true, nest);
    if (st.brace && /,|\.\./.test(st.text)) st.glob = true;
    return {
      text: st.text,
      raw: this.raw(n),
      span: this.f.map(n.start, n.end),
      dynamic: st.dynamic,
      glob: st.glob,
      tilde: st.tilde,
      quoted: st.quoted,
      expansions: st.expansions,
    };
  }

  /** A word made of a node's source text, without looking inside it. */
  private wordNoNest(n: TNode): Word {
    const raw = this.raw(n);
    return { text: raw, raw, span: this.f.map(n.start, n.end), dynamic: false, glob: false, tilde: false, quoted: false, expansions: [] };
  }

  private part(n: TNode, st: WordState, first: boolean, nest: readonly Nesting[]): void {
    const raw = this.raw(n);
    switch (n.type) {
      case 'word':
        unquoted(raw, st, first);
        return;
      case 'number':
      case 'variable_name':
      case 'special_variable_name':
        st.text += raw;
        return;
      case 'raw_string':
        st.quoted = true;
        st.text += raw.length >= 2 && raw.endsWith("'") ? raw.slice(1, -1) : raw.slice(1);
        return;
      case 'ansi_c_string':
        st.quoted = true;
        st.text += decodeAnsiC(raw.length >= 3 && raw.endsWith("'") ? raw.slice(2, -1) : raw.slice(2));
        return;
      case 'string':
      case 'translated_string':
        st.quoted = true;
        for (const c of n.children) {
          if (c.type === 'string_content') st.text += unescapeDoubleQuoted(this.raw(c));
          else if (c.named) this.part(c, st, false, nest);
        }
        return;
      case 'concatenation': {
        let i = 0;
        for (const c of n.children) this.part(c, st, i++ === 0 && first, nest);
        return;
      }
      case 'simple_expansion': {
        st.dynamic = true;
        st.text += raw;
        const v = n.children.find((c) => c.type === 'variable_name' || c.type === 'special_variable_name');
        st.expansions.push(v ? { kind: 'variable', name: this.raw(v), raw } : { kind: 'variable', raw });
        return;
      }
      case 'expansion': {
        st.dynamic = true;
        st.text += raw;
        const v = n.children.find((c) => c.type === 'variable_name' || c.type === 'special_variable_name');
        const e: Expansion = { kind: 'variable', raw };
        if (v) e.name = this.raw(v);
        if (n.children.some((c) => c.field === 'operator' && (c.type === ':-' || c.type === ':=' || c.type === ':?'))) e.hasDefault = true;
        st.expansions.push(e);
        for (const c of n.children) if (c.type === 'command_substitution' || c.type === 'process_substitution') this.part(c, { ...st, text: '', expansions: [] }, false, nest);
        return;
      }
      case 'command_substitution':
      case 'process_substitution': {
        const process = n.type === 'process_substitution';
        st.dynamic = true;
        st.text += raw;
        st.expansions.push({ kind: process ? 'process' : 'command', raw });
        this.nestedCommands(n, [...nest, process ? 'process-substitution' : 'command-substitution']);
        return;
      }
      case 'arithmetic_expansion':
        st.dynamic = true;
        st.text += raw;
        st.expansions.push({ kind: 'arithmetic', raw });
        this.generic(n, nest);
        return;
      case 'brace_expression':
        st.glob = true;
        st.text += raw;
        return;
      default:
        if (n.type === '$' && !n.named) return; // `$"…"` (translated string) prefix
        st.text += raw;
        if (n.children.length) this.generic(n, nest);
    }
  }

  /** The statements inside `$(…)`, backticks, `<(…)`. */
  private nestedCommands(n: TNode, nest: readonly Nesting[]): void {
    const stmts = n.children.filter((c) => c.named || c.type === ';' || c.type === '&');
    // `$(< file)` has only a redirect: nothing runs.
    if (stmts.length === 1 && stmts[0]!.type === 'file_redirect') return;
    this.sequence(stmts, nest, undefined);
  }
}

/** Children between the opening and closing tokens of `( … )`, `{ … }`, `do … done`. */
function inner(n: TNode): TNode[] {
  return n.children.filter((c) => c.named || c.type === ';' || c.type === '&' || c.type === ';;');
}

/** `| a | b` as tree-sitter nests it inside a heredoc redirect → [a, b]. */
function flattenPipe(n: TNode): TNode[] {
  const out: TNode[] = [];
  for (const c of n.children) {
    if (!c.named) continue;
    if (c.type === 'pipeline') out.push(...flattenPipe(c));
    else if (c.type !== 'comment') out.push(c);
  }
  return out;
}

function stdinOf(redirects: readonly Redirect[]): StaticInput | undefined {
  for (let i = redirects.length - 1; i >= 0; i--) {
    const r = redirects[i]!;
    if (r.heredoc && (r.fd === undefined || r.fd === 0)) {
      return { kind: r.op === '<<<' ? 'herestring' : 'heredoc', text: r.heredoc.body, span: r.heredoc.span, dynamic: r.heredoc.dynamic };
    }
  }
  return undefined;
}

/** Quote removal for an unquoted word: backslash escapes, globs, a leading tilde. */
function unquoted(raw: string, st: WordState, first: boolean): void {
  if (first && raw.charCodeAt(0) === 126 /* ~ */) st.tilde = true;
  let out = '';
  for (let i = 0; i < raw.length; i++) {
    const ch = raw[i]!;
    if (ch === '\\') {
      const next = raw[i + 1];
      st.quoted = true;
      if (next === undefined) continue;
      i++;
      if (next !== '\n') out += next;
      continue;
    }
    if (ch === '*' || ch === '?' || ch === '[') st.glob = true;
    else if (ch === '{') st.brace = true;
    out += ch;
  }
  st.text += out;
}

/** Inside double quotes a backslash only escapes `$`, `` ` ``, `"`, `\` and a newline. */
export function unescapeDoubleQuoted(s: string): string {
  if (!s.includes('\\')) return s;
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    const next = s[i + 1];
    if (ch === '\\' && next !== undefined && '$`"\\\n'.includes(next)) {
      i++;
      if (next !== '\n') out += next;
      continue;
    }
    out += ch;
  }
  return out;
}

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = { n: '\n', t: '\t', r: '\r', a: '\x07', b: '\b', e: '\x1b', E: '\x1b', f: '\f', v: '\v', '\\': '\\', "'": "'", '"': '"', '?': '?' };

/** `$'…'` escapes: `\n`, `\xHH`, `\0NNN`/`\NNN`, `\uHHHH`, `\UHHHHHHHH`, `\cX`. */
export function decodeAnsiC(s: string): string {
  if (!s.includes('\\')) return s;
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    if (ch !== '\\' || i + 1 >= s.length) {
      out += ch;
      continue;
    }
    const n = s[++i]!;
    const simple = SIMPLE_ESCAPES[n];
    if (simple !== undefined) {
      out += simple;
      continue;
    }
    const take = (re: RegExp, max: number): string => {
      let j = i + 1;
      while (j < s.length && j - (i + 1) < max && re.test(s[j]!)) j++;
      const t = s.slice(i + 1, j);
      i = j - 1;
      return t;
    };
    if (n === 'x') {
      const h = take(/[0-9a-fA-F]/, 2);
      out += h ? String.fromCharCode(parseInt(h, 16)) : '\\x';
    } else if (n === 'u' || n === 'U') {
      const h = take(/[0-9a-fA-F]/, n === 'u' ? 4 : 8);
      const cp = h ? parseInt(h, 16) : NaN;
      out += Number.isFinite(cp) && cp <= 0x10ffff ? String.fromCodePoint(cp) : `\\${n}${h}`;
    } else if (n >= '0' && n <= '7') {
      i--;
      const o = take(/[0-7]/, 3);
      out += String.fromCharCode(parseInt(o, 8) & 0xff);
    } else if (n === 'c' && i + 1 < s.length) {
      out += String.fromCharCode(s.charCodeAt(++i) & 0x1f);
    } else {
      out += `\\${n}`;
    }
  }
  return out;
}
