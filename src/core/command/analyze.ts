/**
 * The command analyzer: one command line and a context in, a verdict out.
 *
 *   const analyzer = await createCommandAnalyzer({ policy });
 *   const verdict = analyzer.analyze('sudo rm -rf /', { cwd, workspaceRoot });
 *
 * Creating an analyzer loads the tree-sitter runtime and grammars once per process (later
 * analyzers reuse them); `analyze` is synchronous and fast. It never throws: a rule that throws
 * becomes a finding that asks for confirmation, and so does anything the parser could not read.
 *
 * Invariants:
 * - Unknown, unparsable or dynamic input never yields a silent "allow" (findings with
 *   `atLeast: 'confirm'`, which no severity mapping or allow entry can lower).
 * - Deny wins over allow; the policy's severity mapping decides the rest (see policy/apply.ts).
 * - Spans are UTF-16 offsets into the line exactly as given.
 */
import type { Logger } from '../logger';
import { silentLogger } from '../logger';
import { applyPolicy, customRulesFor, keepsRule, type PolicyCommand, type PolicyOutcome } from '../policy/apply';
import { DEFAULT_POLICY, UNDISABLEABLE_RULE_PREFIXES, type PatternInput, type ResolvedPolicy } from '../policy/types';
import { disabledRuleMatcher, mostSevereByKey, runRule } from '../rules/base';
import { productionMarkers } from '../rules/production';
import { bySeverityDescending, type Decision } from '../severity';
import type { CodeLanguage } from '../code/effects';
import { type Grammar, loadGrammars } from '../code/grammars';
import type { CodeReader } from '../code/read';
import { loadShellLanguages } from '../shell/loader';
import type { WasmCompiler } from '../shell/wasmCompiler';
import type { ParsedLine, ParseIssue, ShellKind, SimpleCommand, Span, Via } from '../shell/model';
import { subcommand } from '../shell/normalise';
import { interpreterSpec, unversioned } from '../shell/interpreters';
import { ShellParser } from '../shell/parse';
import { PACKS } from './packs/index';
import { rehearsalOf } from './rehearsal';
import type { CommandContext, CommandFinding, CommandVerdict, NestedJudge, NestedOptions, NestedVerdict, Rule, RuleContext, RulePack } from './rule';
import { WorkingDirectories } from './directories';
import { DerivedCache } from './fileCache';

export interface CommandAnalyzerOptions {
  /** The policy in force; the defaults when omitted. */
  policy?: ResolvedPolicy;
  logger?: Logger;
  /** Folder holding the tree-sitter wasm files (found next to the bundle when omitted). */
  wasmDir?: string;
  /** Which of V8's compilers builds the grammars (shell/wasmCompiler.ts; the host's default when omitted). */
  wasmCompiler?: WasmCompiler;
  /** Rule packs to run instead of the built-in ones (tests). */
  packs?: readonly RulePack[];
}

export interface CommandAnalyzer {
  /**
   * Judges one command line. Never throws. Interpreter code whose grammar is not loaded yet
   * (Python, JavaScript, TypeScript, Ruby, PHP) is not read and asks for confirmation; use
   * `analyzeAsync`, which loads what the line needs first.
   */
  analyze(line: string, ctx?: CommandContext): CommandVerdict;
  /**
   * Judges one command line after loading the grammars of the interpreter code it holds (each
   * loads once per process, only when such code appears). Never rejects.
   */
  analyzeAsync(line: string, ctx?: CommandContext): Promise<CommandVerdict>;
  /**
   * `analyzeAsync` that also returns the line as parsed for the verdict (with the grammars it
   * needed), for callers that measure the line too (`judgeMeasured`). `parsed` is undefined
   * when the parser failed.
   */
  analyzeLine(line: string, ctx?: CommandContext): Promise<{ verdict: CommandVerdict; parsed?: ParsedLine }>;
  /**
   * `analyzeAsync` without a promise when none is needed: the verdict itself for a line that
   * needs no grammar still to load (most lines), else the promise (streams of lines stay fast).
   */
  analyzeSoon(line: string, ctx?: CommandContext): CommandVerdict | Promise<CommandVerdict>;
  /** The parsed model of a line (for tools and tests). Throws only on an internal parser error. */
  parse(line: string, shell?: CommandContext['shell']): ParsedLine;
  /**
   * Judges a line `parse` returned. Never throws. Interpreter code whose grammar was not loaded
   * when it was parsed asks for confirmation (see `analyzeLine`).
   */
  analyzeParsed(parsed: ParsedLine, ctx?: CommandContext): CommandVerdict;
  /**
   * Judges text that runs commands (a script, a recipe line, a package script, interpreter code
   * in a file) as it would run in `ctx`, the way a script a line runs is judged. Synchronous:
   * grammars it needed and did not have are added to `reader.missing` (see ./editJudge.ts).
   */
  judgeText(text: string, ctx: CommandContext, options: { language?: CodeLanguage; program?: string; file?: string }, reader: CodeReader): NestedVerdict;
  /** A reader of interpreter code with this analyzer's grammars. */
  codeReader(): CodeReader;
  /** Loads grammars of interpreter code (once per process). */
  loadGrammars(grammars: Iterable<Grammar>): Promise<void>;
  /** The rules this analyzer runs (after the policy's disabled rules). */
  readonly rules: readonly Rule[];
  readonly policy: ResolvedPolicy;
}

/** A finding plus what the policy needs to know. */
interface Judged extends CommandFinding {
  atLeast?: Decision;
}

/** Loads the parser (once per process) and returns an analyzer bound to the policy. */
export async function createCommandAnalyzer(options: CommandAnalyzerOptions = {}): Promise<CommandAnalyzer> {
  const languages = await loadShellLanguages(options.wasmDir, options.wasmCompiler);
  return new Analyzer(new ShellParser(languages), options.policy ?? DEFAULT_POLICY, options.logger ?? silentLogger, options.packs ?? PACKS);
}

/**
 * How many levels of code a line is followed into (line → Makefile recipe → script → code, an
 * alias that runs a hook that …), through `RuleContext.nested` and `judgeCode` alike.
 */
export const MAX_NESTED_DEPTH = 4;

/** How many parsed texts of scripts and recipes an analyzer keeps (./fileCache.ts). */
const PARSE_CACHE_ENTRIES = 256;

const ISSUE_RULES: Readonly<Record<ParseIssue['kind'], { id: string; message: string }>> = {
  error: { id: 'parse.error', message: 'Part of this line could not be parsed, so it cannot be judged' },
  missing: { id: 'parse.incomplete', message: 'This line is incomplete, so it cannot be judged' },
  'depth-limit': { id: 'parse.too-deep', message: 'Wrappers or nested shells go deeper than the analyzer follows' },
  unsupported: { id: 'parse.unsupported', message: 'Part of this line was not analysed' },
};

class Analyzer implements CommandAnalyzer {
  readonly rules: readonly Rule[];
  private readonly byProgram = new Map<string, Rule[]>();
  private readonly anyProgram: Rule[] = [];
  /** Fallback rules (the generic layer): only for commands nothing else flagged or owns. */
  private readonly fallback: Rule[] = [];
  /** Rules that say, after they ran, that they judged a command in full (Rule.spokeFor). */
  private readonly afterSpeakers: Rule[] = [];
  /** Scripts, recipe lines and code the lines run, parsed, by text (what a text parses to depends on nothing else). */
  private readonly parses = new DerivedCache<ParsedLine>(PARSE_CACHE_ENTRIES);
  /** Programs the packs speak for: every subcommand (`true`) or the listed leading words. */
  private readonly owned = new Map<string, true | string[][]>();
  /** Rules that say which subcommands of their programs they decide about (`Rule.speaksFor`), disabled ones too. */
  private readonly speakers = new Map<string, Rule[]>();
  private readonly productionMarkers: readonly string[];
  private readonly localMarkers: readonly string[];
  private readonly needsPatternInput: boolean;

  constructor(
    private readonly parser: ShellParser,
    readonly policy: ResolvedPolicy,
    private readonly logger: Logger,
    packs: readonly RulePack[],
  ) {
    const rules: Rule[] = [];
    const isDisabled = disabledRuleMatcher(policy.disabledRules, UNDISABLEABLE_RULE_PREFIXES);
    for (const pack of packs) {
      for (const entry of pack.owns ?? []) {
        const [program, ...sub] = entry.split(' ');
        if (!program) continue;
        const prev = this.owned.get(program);
        if (sub.length === 0) this.owned.set(program, true);
        else if (prev !== true) this.owned.set(program, [...(prev ?? []), sub]);
      }
      for (const rule of pack.rules) {
        if (rule.speaksFor && rule.programs !== '*') for (const p of rule.programs) this.speakers.set(p, [...(this.speakers.get(p) ?? []), rule]);
        if (isDisabled(rule.id)) continue;
        rules.push(rule);
        if (rule.spokeFor) this.afterSpeakers.push(rule);
        if (rule.fallback) this.fallback.push(rule);
        else if (rule.programs === '*') this.anyProgram.push(rule);
        else
          for (const p of rule.programs) {
            const list = this.byProgram.get(p);
            if (list) list.push(rule);
            else this.byProgram.set(p, [rule]);
          }
      }
    }
    this.rules = rules;
    this.productionMarkers = productionMarkers(policy.productionMarkers);
    this.localMarkers = policy.localMarkers.map((m) => m.toLowerCase());
    this.needsPatternInput = policy.allow.length > 0 || policy.deny.length > 0 || policy.customRules.length > 0;
  }

  parse(line: string, shell: CommandContext['shell'] = 'bash'): ParsedLine {
    return this.parser.parse(line, shell);
  }

  analyze(line: string, ctx: CommandContext = {}): CommandVerdict {
    return this.analyzeWith(line, ctx, this.parser.codeReader()).verdict;
  }

  codeReader(): CodeReader {
    return this.parser.codeReader();
  }

  loadGrammars(grammars: Iterable<Grammar>): Promise<void> {
    return loadGrammars(grammars, this.parser.codeReader().wasmDir!);
  }

  judgeText(text: string, ctx: CommandContext, options: { language?: CodeLanguage; program?: string; file?: string }, reader: CodeReader): NestedVerdict {
    // Judged like a script a line runs, at the depth of the line itself.
    const judge = this.nestedJudge(reader, -1, () => ctx);
    const o: NestedOptions = options.file ? { file: options.file } : {};
    return options.language ? judge.code(options.language, text, { ...o, program: options.program ?? options.language }) : judge.shell(text, o);
  }

  analyzeSoon(line: string, ctx: CommandContext = {}): CommandVerdict | Promise<CommandVerdict> {
    const reader = this.parser.codeReader();
    const { verdict } = this.analyzeWith(line, ctx, reader);
    return reader.missing.size === 0 ? verdict : this.analyzeAsync(line, ctx);
  }

  async analyzeAsync(line: string, ctx: CommandContext = {}): Promise<CommandVerdict> {
    return (await this.analyzeLine(line, ctx)).verdict;
  }

  async analyzeLine(line: string, ctx: CommandContext = {}): Promise<{ verdict: CommandVerdict; parsed?: ParsedLine }> {
    let judged: { verdict: CommandVerdict; parsed?: ParsedLine } | undefined;
    // Each round loads the grammars the previous one missed; code read with a new grammar can
    // lead to more code (a script that runs another), so a few rounds may be needed.
    for (let round = 0; round < 4; round++) {
      const reader = this.parser.codeReader();
      judged = this.analyzeWith(line, ctx, reader);
      if (reader.missing.size === 0) return judged;
      try {
        await loadGrammars(reader.missing, reader.wasmDir!);
      } catch (e) {
        this.logger.error(`a code grammar could not be loaded: ${e instanceof Error ? e.message : String(e)}`);
        return judged;
      }
    }
    return judged!;
  }

  private analyzeWith(line: string, ctx: CommandContext, reader: CodeReader): { verdict: CommandVerdict; parsed?: ParsedLine } {
    let parsed: ParsedLine;
    try {
      parsed = this.parser.parse(typeof line === 'string' ? line : String(line), ctx.shell ?? 'bash', reader);
    } catch (e) {
      this.logger.error(`shell parser failed: ${e instanceof Error ? e.message : String(e)}`);
      const span: Span = [0, typeof line === 'string' ? line.length : 0];
      const verdict: CommandVerdict = {
        decision: 'confirm',
        severity: 'high',
        findings: [{ ruleId: 'parse.internal', severity: 'high', message: 'The analyzer failed on this line, so it cannot be judged', span }],
        reasons: ['internal error in the shell parser: confirm'],
        floor: 'confirm',
      };
      return { verdict };
    }
    return { verdict: this.judge(parsed, ctx, reader), parsed };
  }

  analyzeParsed(parsed: ParsedLine, ctx: CommandContext = {}): CommandVerdict {
    return this.judge(parsed, ctx, this.parser.codeReader());
  }

  /** Code a rule found the command will run (`RuleContext.judgeCode`), judged like a line of its own. */
  private judgeNested(code: string, shell: CommandContext['shell'], ctx: CommandContext, reader: CodeReader, depth: number): CommandVerdict | undefined {
    if (depth + 1 > MAX_NESTED_DEPTH) return undefined;
    let parsed: ParsedLine;
    try {
      parsed = this.parseText(code, shell ?? ctx.shell ?? 'bash', reader);
    } catch (e) {
      this.logger.error(`shell parser failed on nested code: ${e instanceof Error ? e.message : String(e)}`);
      return { decision: 'confirm', severity: 'high', findings: [{ ruleId: 'parse.internal', severity: 'high', message: 'The analyzer failed on this code, so it cannot be judged', span: [0, code.length] }] };
    }
    return this.judge(parsed, ctx, reader, depth + 1);
  }

  private judge(parsed: ParsedLine, ctx: CommandContext, reader: CodeReader, depth = 0): CommandVerdict {
    const { outcome, rehearsalNotes } = this.evaluate(parsed, ctx, reader, depth);
    const findings = dedupe(outcome.findings);
    const reasons = [...outcome.reasons, ...rehearsalNotes];
    for (const f of findings) if (f.atLeast && f.atLeast !== 'allow') reasons.push(`${f.ruleId}: ${f.message} (needs confirmation whatever the policy's severity settings)`);
    const verdict: CommandVerdict = {
      decision: outcome.decision,
      severity: outcome.severity,
      findings: findings.map(publicFinding),
    };
    if (outcome.floor !== 'allow') verdict.floor = outcome.floor;
    if (reasons.length) verdict.reasons = reasons;
    return verdict;
  }

  /** Runs the rules over a parsed line (or a script, a recipe: `depth` > 0) and applies the policy. */
  private evaluate(parsed: ParsedLine, ctx: CommandContext, reader: CodeReader, depth: number): { outcome: PolicyOutcome<Judged>; commands: PolicyCommand<Judged>[]; lineFindings: Judged[]; rehearsalNotes: string[] } {
    // made at the first assignment the line makes (most make none)
    let lineEnv: Map<string, string | undefined> | undefined;
    let current: SimpleCommand | undefined;
    // `cd DIR` changes the folder later commands of the line run in.
    const dirs = new WorkingDirectories(ctx);
    let here: CommandContext = ctx;
    let nested: NestedJudge | undefined;
    const nestedJudge = (): NestedJudge => (nested ??= this.nestedJudge(reader, depth, () => here));
    const rc: RuleContext = {
      line: parsed,
      get context(): CommandContext {
        return here;
      },
      productionMarkers: this.productionMarkers,
      localMarkers: this.localMarkers,
      protectedBranches: this.policy.protectedBranches,
      judgeCode: (code, shell) => this.judgeNested(code, shell, here, reader, depth),
      // made when a rule first asks (most commands run nothing that is read)
      get nested(): NestedJudge {
        return nestedJudge();
      },
      env: (name: string): string | undefined => {
        if (current && current.program !== '' && !DECLARERS.has(current.program)) {
          for (let i = current.assignments.length - 1; i >= 0; i--) {
            const a = current.assignments[i]!;
            if (a.name === name) return a.value?.text ?? '';
          }
        }
        if (lineEnv?.has(name)) return lineEnv.get(name);
        return ctx.env?.[name];
      },
    };

    // Rules of another name for the command (a PowerShell alias's native program, an
    // interpreter's plain name), run on a view of it under that name.
    const runAs = (cmd: SimpleCommand, program: string, rules: readonly Rule[], findings: Judged[]): void => {
      const view: SimpleCommand = { ...cmd, program };
      current = view;
      for (const r of rules) this.run(r, view, rc, findings);
      current = cmd;
    };
    const commands: PolicyCommand<Judged>[] = [];
    const rehearsalNotes: string[] = [];
    for (const cmd of parsed.commands) {
      current = cmd;
      here = dirs.contextFor(cmd);
      const findings: Judged[] = [];
      const rules = this.byProgram.get(cmd.program);
      if (rules) for (const r of rules) this.run(r, cmd, rc, findings);
      else {
        // `python3.9 x.py`, `php8.3 x.php`: an interpreter named with its version is judged by the
        // rules of its plain name, as interpreterSpec reads it.
        const plain = unversioned(cmd.program);
        const same = plain !== undefined && interpreterSpec(cmd.program) !== undefined ? this.byProgram.get(plain) : undefined;
        if (same) runAs(cmd, plain!, same, findings);
      }
      // A PowerShell alias that is also a program elsewhere (`rm`, `curl`, `kill`): on Linux and
      // macOS PowerShell runs the native program, so its rules run too.
      if (cmd.alias && cmd.alias !== cmd.program) {
        const native = this.byProgram.get(cmd.alias);
        if (native) runAs(cmd, cmd.alias, native, findings);
      }
      for (const r of this.anyProgram) this.run(r, cmd, rc, findings);
      // The generic layer speaks only where no pack did.
      if (findings.length === 0 && this.fallback.length > 0 && !this.isOwned(cmd) && !this.spokeFor(cmd, rc)) for (const r of this.fallback) this.run(r, cmd, rc, findings);
      // A rehearsal (`--dry-run`, `-WhatIf`, `--help`) changes nothing: what the command would do
      // is not held. The engine's own findings (dynamic input, the guard) still stand.
      if (findings.length > 0) {
        const rehearsal = rehearsalOf(cmd, parsed.shell === 'pwsh' || cmd.via.some((v) => v.program === 'cmd'));
        if (rehearsal) {
          const kept = findings.filter(
            (f) =>
              f.atLeast !== undefined ||
              ENGINE_PREFIXES.some((p) => f.ruleId.startsWith(p)) ||
              RUNS_ANYWAY_PREFIXES.some((p) => f.ruleId.startsWith(p)) ||
              (rehearsal.genericOnly === true && !f.ruleId.startsWith('generic.')),
          );
          if (kept.length < findings.length) {
            rehearsalNotes.push(`${rehearsal.word.text}: ${cmd.program} only ${rehearsal.kind === 'help' ? 'prints its help' : 'shows what it would do'}, so ${findings.length - kept.length} finding(s) of it are not held`);
            findings.splice(0, findings.length, ...kept);
          }
        }
      }
      const input = this.needsPatternInput ? patternInput(cmd) : EMPTY_INPUT;
      if (this.policy.customRules.length && cmd.program !== '') {
        for (const cr of customRulesFor(this.policy, input)) {
          const f: Judged = { ruleId: cr.id, severity: cr.severity, message: cr.message, span: cmd.span };
          if (cr.suggestion) f.suggestion = cr.suggestion;
          const via = viaText(cmd.via);
          if (via) f.via = via;
          findings.push(f);
        }
      }
      commands.push({ cmd: input, findings });
      // Assignments that later commands of the line see.
      if (cmd.program === '' || (DECLARERS.has(cmd.program) && cmd.program !== 'local')) {
        for (const a of cmd.assignments) if (a.value || cmd.program === '') (lineEnv ??= new Map()).set(a.name, a.value?.text ?? '');
      } else if (cmd.program === 'unset') {
        for (const a of cmd.args) (lineEnv ??= new Map()).set(a.text, undefined);
      }
      dirs.after(cmd, rc);
    }
    const lineFindings: Judged[] = parsed.issues.map((i) => {
      const r = ISSUE_RULES[i.kind];
      const message = i.kind === 'error' ? r.message : `${r.message} (${i.message})`;
      return { ruleId: r.id, severity: 'medium', message, span: i.span, atLeast: 'confirm' };
    });
    return { outcome: applyPolicy(this.policy, commands, lineFindings), commands, lineFindings, rehearsalNotes };
  }

  /** Judging what a command runs (a script, a recipe, a package script) one level deeper. */
  private nestedJudge(reader: CodeReader, depth: number, where: () => CommandContext): NestedJudge {
    const judge = (parse: () => ParsedLine, o: NestedOptions): NestedVerdict => {
      if (depth + 1 > MAX_NESTED_DEPTH) return { findings: [], notJudged: `it runs more than ${MAX_NESTED_DEPTH} levels of scripts deep` };
      let parsed: ParsedLine;
      try {
        parsed = parse();
      } catch (e) {
        this.logger.error(`parsing a script failed: ${e instanceof Error ? e.message : String(e)}`);
        return { findings: [], notJudged: 'the analyzer failed on it' };
      }
      const base = where();
      const ctx: CommandContext = { ...base, cwd: o.cwd ?? base.cwd, shell: o.shell ?? (base.shell === 'pwsh' ? 'bash' : base.shell) };
      if (o.env) ctx.env = { ...base.env, ...o.env };
      const { outcome, commands, lineFindings } = this.evaluate(parsed, ctx, reader, depth + 1);
      const allowed = new Set(outcome.allowed.map((a) => a.index));
      const out: Judged[] = [];
      commands.forEach((c, i) => {
        for (const f of c.findings) if (keepsRule(this.policy, f.ruleId) && (!allowed.has(i) || f.atLeast)) out.push(f);
      });
      for (const f of lineFindings) if (keepsRule(this.policy, f.ruleId)) out.push(f);
      const v: NestedVerdict = { findings: dedupe(out) };
      const denied = outcome.denied[0];
      if (denied) v.denied = denied.pattern.label;
      return v;
    };
    return {
      depth,
      shell: (text, o) => judge(() => this.parseText(text, o.shell ?? 'bash', reader), o),
      code: (language, text, o) => judge(() => this.parses.get(text, `${language}\u0000${o.program}\u0000${o.file ?? ''}`, () => this.parser.parseCode(language, text, o.program, reader, o.file), this.keepsParse(reader)), o),
    };
  }

  /** Shell text a command runs (a script, a recipe line, a package script, an alias), parsed once per text. */
  private parseText(text: string, shell: ShellKind, reader: CodeReader): ParsedLine {
    return this.parses.get(text, shell, () => this.parser.parse(text, shell, reader), this.keepsParse(reader));
  }

  /** A parse is kept only when every grammar it needed was loaded (else it is read again once they are). */
  private keepsParse(reader: CodeReader): () => boolean {
    const before = reader.missing.size;
    return () => before === 0 && reader.missing.size === 0;
  }

  /** A rule judged what the command runs in full (Rule.spokeFor), even though it found nothing. */
  private spokeFor(cmd: SimpleCommand, rc: RuleContext): boolean {
    for (const r of this.afterSpeakers) if (r.spokeFor!(cmd, rc)) return true;
    return false;
  }

  /** A rule speaks for the command's subcommand, or a pack owns the program or its leading subcommand words (`gcloud config`). */
  private isOwned(cmd: SimpleCommand): boolean {
    if (this.speakers.get(cmd.program)?.some((r) => r.speaksFor!(cmd))) return true;
    const o = this.owned.get(cmd.program);
    if (o === undefined) return false;
    if (o === true) return true;
    const words = subcommand(cmd, Math.max(...o.map((x) => x.length)));
    return o.some((prefix) => prefix.every((w, i) => words[i] === w));
  }

  private run(rule: Rule, cmd: SimpleCommand, rc: RuleContext, out: Judged[]): void {
    const run = runRule(rule, cmd, rc);
    if (!run.ok) {
      this.logger.error(`rule ${rule.id} failed: ${run.error}`);
      out.push({ ruleId: rule.id, severity: 'high', message: `Internal error in rule ${rule.id}; the command could not be judged`, span: cmd.span, atLeast: 'confirm' });
      return;
    }
    if (run.findings.length === 0) return;
    const reach = cmd.via.find((v) => v.reach)?.reach;
    for (const r of run.findings) {
      if (!r || r.severity === 'none') continue;
      const f: Judged = { ruleId: rule.id, severity: r.severity, message: r.message, span: r.span ?? cmd.span };
      // A command a fan-out executor runs (`ansible all`, `pdsh -a`, `salt '*'`) does it on many machines at once.
      if (reach && (r.severity === 'medium' || r.severity === 'high')) {
        f.severity = r.severity === 'medium' ? 'high' : 'critical';
        f.message = `${r.message.replace(/\.$/, '')} — on ${reach} at once.`;
      }
      if (r.suggestion) f.suggestion = r.suggestion;
      if (r.target) f.target = r.target;
      const via = viaText(cmd.via);
      if (via) f.via = via;
      if (r.atLeast) f.atLeast = r.atLeast;
      out.push(f);
    }
  }
}

const DECLARERS = new Set(['export', 'declare', 'typeset', 'readonly', 'local']);
/** Rule id prefixes of the engine's own findings, which a rehearsal flag does not lift. */
const ENGINE_PREFIXES = ['guard.', 'dynamic.', 'parse.', 'policy.'];
/**
 * Rule id prefixes of the packs that read the script a command runs and judge its rehearsal
 * forms themselves (`make -n`, `just --dry-run` run nothing): elsewhere the flag goes to the
 * script or the runner ignores it, and the script still runs (`npm run S --dry-run`,
 * `bash x.sh --dry-run`, `yarn S --help`).
 */
const RUNS_ANYWAY_PREFIXES = ['scripts.', 'recipes.'];
const EMPTY_INPUT: PatternInput = { program: '', subcommand: '', args: [] };

/** A simple command as the policy's patterns see it (program, subcommand, argument texts). */
export function patternInput(cmd: SimpleCommand): PatternInput {
  return { program: cmd.program, subcommand: subcommand(cmd)[0] ?? '', args: cmd.args.map((a) => a.text) };
}

/** `sudo`, `bash -c`, `ssh web1`, `kubectl exec api-0` joined with ` › `. */
export function viaText(via: readonly Via[]): string | undefined {
  if (via.length === 0) return undefined;
  return via
    .map((v) => {
      switch (v.kind) {
        case 'shell-c':
          return `${v.program} -c`;
        case 'heredoc':
          return `${v.program} (stdin)`;
        case 'find-exec':
          return 'find -exec';
        case 'prefix':
          return v.target ? `${v.program} ${v.target}` : v.program;
        case 'remote':
          return v.target ? `${v.program} ${v.target}` : v.program;
        case 'container':
          return v.target ? `${v.program} exec ${v.target}` : v.program;
        case 'interpreter':
          return v.target ? `${v.program} code (${v.target})` : `${v.program} code`;
        default:
          return v.program;
      }
    })
    .join(' › ');
}

/** One finding per rule and span (the most severe); most severe first, source order within a severity. */
function dedupe(findings: readonly Judged[]): Judged[] {
  if (findings.length < 2) return [...findings];
  const out = mostSevereByKey(findings, (f) => `${f.ruleId}\u0000${f.span[0]}\u0000${f.span[1]}`);
  return out.sort((a, b) => bySeverityDescending(a, b) || a.span[0] - b.span[0]);
}

function publicFinding(f: Judged): CommandFinding {
  const out: CommandFinding = { ruleId: f.ruleId, severity: f.severity, message: f.message, span: [f.span[0], f.span[1]] };
  if (f.suggestion) out.suggestion = f.suggestion;
  if (f.target) out.target = f.target;
  if (f.via) out.via = f.via;
  return out;
}
