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
import { applyPolicy, customRulesFor, type PolicyCommand } from '../policy/apply';
import { DEFAULT_POLICY, UNDISABLEABLE_RULE_PREFIXES, type PatternInput, type ResolvedPolicy } from '../policy/types';
import { disabledRuleMatcher, mostSevereByKey, runRule } from '../rules/base';
import { productionMarkers } from '../rules/production';
import { bySeverityDescending, type Decision } from '../severity';
import { loadShellLanguages } from '../shell/loader';
import type { WasmCompiler } from '../shell/wasmCompiler';
import type { ParsedLine, ParseIssue, SimpleCommand, Span, Via } from '../shell/model';
import { subcommand } from '../shell/normalise';
import { ShellParser } from '../shell/parse';
import { PACKS } from './packs/index';
import { rehearsalOf } from './rehearsal';
import type { CommandContext, CommandFinding, CommandVerdict, Rule, RuleContext, RulePack } from './rule';

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
  /** Judges one command line. Never throws. */
  analyze(line: string, ctx?: CommandContext): CommandVerdict;
  /** The parsed model of a line (for tools and tests). Throws only on an internal parser error. */
  parse(line: string, shell?: CommandContext['shell']): ParsedLine;
  /** Judges a line `parse` returned (a caller that also measures the line parses it once). Never throws. */
  analyzeParsed(parsed: ParsedLine, ctx?: CommandContext): CommandVerdict;
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
    let parsed: ParsedLine;
    try {
      parsed = this.parser.parse(typeof line === 'string' ? line : String(line), ctx.shell ?? 'bash');
    } catch (e) {
      this.logger.error(`shell parser failed: ${e instanceof Error ? e.message : String(e)}`);
      const span: Span = [0, typeof line === 'string' ? line.length : 0];
      return {
        decision: 'confirm',
        severity: 'high',
        findings: [{ ruleId: 'parse.internal', severity: 'high', message: 'The analyzer failed on this line, so it cannot be judged', span }],
        reasons: ['internal error in the shell parser: confirm'],
        floor: 'confirm',
      };
    }
    return this.judge(parsed, ctx);
  }

  analyzeParsed(parsed: ParsedLine, ctx: CommandContext = {}): CommandVerdict {
    return this.judge(parsed, ctx);
  }

  /** Code a rule found the command will run (`RuleContext.judgeCode`), judged like a line of its own. */
  private judgeNested(code: string, shell: CommandContext['shell'], ctx: CommandContext, depth: number): CommandVerdict | undefined {
    if (depth >= MAX_NESTED_CODE) return undefined;
    let parsed: ParsedLine;
    try {
      parsed = this.parser.parse(code, shell ?? ctx.shell ?? 'bash');
    } catch (e) {
      this.logger.error(`shell parser failed on nested code: ${e instanceof Error ? e.message : String(e)}`);
      return { decision: 'confirm', severity: 'high', findings: [{ ruleId: 'parse.internal', severity: 'high', message: 'The analyzer failed on this code, so it cannot be judged', span: [0, code.length] }] };
    }
    return this.judge(parsed, ctx, depth + 1);
  }

  private judge(parsed: ParsedLine, ctx: CommandContext, depth = 0): CommandVerdict {
    const lineEnv = new Map<string, string | undefined>();
    let current: SimpleCommand | undefined;
    const rc: RuleContext = {
      line: parsed,
      context: ctx,
      productionMarkers: this.productionMarkers,
      localMarkers: this.localMarkers,
      protectedBranches: this.policy.protectedBranches,
      judgeCode: (code, shell) => this.judgeNested(code, shell, ctx, depth),
      env: (name: string): string | undefined => {
        if (current && current.program !== '' && !DECLARERS.has(current.program)) {
          for (let i = current.assignments.length - 1; i >= 0; i--) {
            const a = current.assignments[i]!;
            if (a.name === name) return a.value?.text ?? '';
          }
        }
        if (lineEnv.has(name)) return lineEnv.get(name);
        return ctx.env?.[name];
      },
    };

    const commands: PolicyCommand<Judged>[] = [];
    const rehearsalNotes: string[] = [];
    for (const cmd of parsed.commands) {
      current = cmd;
      const findings: Judged[] = [];
      const rules = this.byProgram.get(cmd.program);
      if (rules) for (const r of rules) this.run(r, cmd, rc, findings);
      // A PowerShell alias that is also a program elsewhere (`rm`, `curl`, `kill`): on Linux and
      // macOS PowerShell runs the native program, so its rules run too.
      if (cmd.alias && cmd.alias !== cmd.program) {
        const native = this.byProgram.get(cmd.alias);
        if (native) {
          const view: SimpleCommand = { ...cmd, program: cmd.alias };
          current = view;
          for (const r of native) this.run(r, view, rc, findings);
          current = cmd;
        }
      }
      for (const r of this.anyProgram) this.run(r, cmd, rc, findings);
      // The generic layer speaks only where no pack did.
      if (findings.length === 0 && this.fallback.length > 0 && !this.isOwned(cmd)) for (const r of this.fallback) this.run(r, cmd, rc, findings);
      // A rehearsal (`--dry-run`, `-WhatIf`, `--help`) changes nothing: what the command would do
      // is not held. The engine's own findings (dynamic input, the guard) still stand.
      if (findings.length > 0) {
        const rehearsal = rehearsalOf(cmd, parsed.shell === 'pwsh' || cmd.via.some((v) => v.program === 'cmd'));
        if (rehearsal) {
          const kept = findings.filter((f) => f.atLeast !== undefined || ENGINE_PREFIXES.some((p) => f.ruleId.startsWith(p)));
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
        for (const a of cmd.assignments) if (a.value || cmd.program === '') lineEnv.set(a.name, a.value?.text ?? '');
      } else if (cmd.program === 'unset') {
        for (const a of cmd.args) lineEnv.set(a.text, undefined);
      }
    }
    const lineFindings: Judged[] = parsed.issues.map((i) => {
      const r = ISSUE_RULES[i.kind];
      const message = i.kind === 'error' ? r.message : `${r.message} (${i.message})`;
      return { ruleId: r.id, severity: 'medium', message, span: i.span, atLeast: 'confirm' };
    });
    const outcome = applyPolicy(this.policy, commands, lineFindings);
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
    const run = runRule(() => rule.check(cmd, rc));
    if (!run.ok) {
      this.logger.error(`rule ${rule.id} failed: ${run.error}`);
      out.push({ ruleId: rule.id, severity: 'high', message: `Internal error in rule ${rule.id}; the command could not be judged`, span: cmd.span, atLeast: 'confirm' });
      return;
    }
    for (const r of run.findings) {
      if (!r || r.severity === 'none') continue;
      const f: Judged = { ruleId: rule.id, severity: r.severity, message: r.message, span: r.span ?? cmd.span };
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
/** How deep code found at check time (an alias that runs a hook that …) is followed. */
const MAX_NESTED_CODE = 3;
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
        case 'remote':
          return v.target ? `${v.program} ${v.target}` : v.program;
        case 'container':
          return v.target ? `${v.program} exec ${v.target}` : v.program;
        case 'interpreter':
          return `${v.program} code`;
        default:
          return v.program;
      }
    })
    .join(' › ');
}

/** One finding per rule and span (the most severe); most severe first, source order within a severity. */
function dedupe(findings: readonly Judged[]): Judged[] {
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
