/**
 * Rule help: one page per rule id, in markdown, for people (the editor renders it in a markdown
 * preview). Built from the rule itself — id, description, usual severity, what it runs on, its
 * example table (changes or lines it flags, and near-misses it leaves alone) — and from what the
 * engine says about the examples (the message a person would read, the safer alternative), so a
 * page never says more than the rule does.
 *
 * Edit examples are judged here with the real edit engine (synchronous, no parser to load).
 * Command examples need the shell parser; the caller passes a `judge` built on the real command
 * analyzer, or none (the page then shows the lines without the engine's words).
 *
 * Never throws: an id that names no rule gets a page saying so, with the closest real id.
 */
import { PACKS } from '../command/packs/index';
import type { CommandContext, CommandFinding, CommandRuleExample, Rule } from '../command/rule';
import { analyzeEdit } from '../edit/analyze';
import type { EditRule, EditRuleExample } from '../edit/rule';
import { EDIT_RULES } from '../edit/rules/index';
import { closestRuleId, ruleIds } from '../policy/ruleRefs';
import { DEFAULT_SEVERITY_DECISIONS, UNDISABLEABLE_RULE_PREFIXES } from '../policy/types';
import { lineDiff } from '../signoff/hash';
import { type Severity, severityRank } from '../severity';

/** What the engine said about one example. */
export interface ExampleVerdict {
  severity: Severity;
  message: string;
  suggestion?: string;
}

/** One row of a rule's example table, ready to show. */
export interface HelpExample {
  /** A command line, or an edit's path. */
  title: string;
  /** For edits: the change as `-`/`+` lines (at most a few). */
  diff?: string[];
  /** The context a command example runs in (kube context, AWS profile, …), in words. */
  context?: string;
  /** For matches: what the engine says about it, when it was judged. */
  verdict?: ExampleVerdict;
}

export interface RuleHelp {
  id: string;
  /** Which engine owns it; `engine` for the engine's own checks (parse errors, the guard, …) and unknown ids. */
  engine: 'command' | 'edit' | 'engine';
  /** The rule's one-line description. */
  description: string;
  severity?: Severity;
  /** What it runs on: programs or file kinds, in words. */
  runsOn?: string;
  /** The rule's own safer alternative, else the first one the engine gave for its examples. */
  suggestion?: string;
  matches: HelpExample[];
  nearMisses: HelpExample[];
  /** Whether a policy can switch it off (the engine's own checks cannot). */
  canDisable: boolean;
  /** The pack it belongs to (`git` for `git.push-force`). */
  pack: string;
  /** For an id that names no rule: the real one probably meant. */
  closest?: string;
  known: boolean;
}

/** Judges a command line as the analyzer does; the findings of every rule. */
export type CommandJudge = (line: string, context?: CommandContext) => readonly CommandFinding[];

/** At most this many examples of each kind on a page. */
const MAX_EXAMPLES = 4;
/** At most this many diff lines per edit example. */
const MAX_DIFF_LINES = 8;

function packOf(id: string): string {
  const dot = id.indexOf('.');
  return dot > 0 ? id.slice(0, dot) : id;
}

function commandRow(ex: CommandRuleExample): Exclude<CommandRuleExample, string> {
  return typeof ex === 'string' ? { cmd: ex } : ex;
}

function contextWords(ctx: CommandContext | undefined): string | undefined {
  if (!ctx) return undefined;
  const parts: string[] = [];
  if (ctx.kubeContext) parts.push(`kube context ${ctx.kubeContext}`);
  if (ctx.awsProfile) parts.push(`AWS profile ${ctx.awsProfile}`);
  if (ctx.terraformWorkspace) parts.push(`Terraform workspace ${ctx.terraformWorkspace}`);
  if (ctx.shell && ctx.shell !== 'bash') parts.push(`in ${ctx.shell}`);
  for (const [k, v] of Object.entries(ctx.env ?? {})) if (v !== undefined && k !== 'HOME' && k !== 'PATH') parts.push(`${k}=${v}`);
  return parts.length > 0 ? parts.join(', ') : undefined;
}

function mostSevereOf<F extends { severity: Severity }>(fs: readonly F[]): F | undefined {
  return fs.reduce<F | undefined>((a, b) => (a === undefined || severityRank(b.severity) > severityRank(a.severity) ? b : a), undefined);
}

function judged(f: { severity: Severity; message: string; suggestion?: string } | undefined): ExampleVerdict | undefined {
  if (!f) return undefined;
  return { severity: f.severity, message: f.message, ...(f.suggestion ? { suggestion: f.suggestion } : {}) };
}

function commandExample(rule: Rule, ex: CommandRuleExample, judge: CommandJudge | undefined, match: boolean): HelpExample {
  const row = commandRow(ex);
  const context = contextWords(row.ctx);
  let verdict: ExampleVerdict | undefined;
  if (match && judge) {
    try {
      verdict = judged(mostSevereOf(judge(row.cmd, row.ctx).filter((f) => f.ruleId === rule.id)));
    } catch {
      verdict = undefined; // the page shows the line without the engine's words
    }
  }
  return { title: row.cmd, ...(context ? { context } : {}), ...(verdict ? { verdict } : {}) };
}

function diffLines(before: string | null, after: string | null): string[] {
  const out: string[] = [];
  for (const h of lineDiff(before, after).hunks) {
    for (const l of h.removed) out.push(`- ${l.text}`);
    for (const l of h.added) out.push(`+ ${l.text}`);
  }
  return out.length > MAX_DIFF_LINES ? [...out.slice(0, MAX_DIFF_LINES), `  … ${out.length - MAX_DIFF_LINES} more lines`] : out;
}

function editExample(rule: EditRule, ex: EditRuleExample, match: boolean): HelpExample {
  let verdict: ExampleVerdict | undefined;
  if (match) {
    const v = analyzeEdit({ path: ex.path, before: ex.before, after: ex.after, ...(ex.context ? { context: ex.context } : {}) });
    const f = mostSevereOf(v.findings.filter((x) => x.ruleId === rule.id));
    verdict = judged(f && { ...f, suggestion: f.suggestion ?? rule.suggestion });
  }
  const kind = ex.before === null ? 'new file' : ex.after === null ? 'deleted' : undefined;
  return { title: `${ex.path}${kind ? ` (${kind})` : ''} — ${ex.name}`, diff: diffLines(ex.before, ex.after), ...(verdict ? { verdict } : {}) };
}

function firstSuggestion(examples: readonly HelpExample[]): string | undefined {
  return examples.find((e) => e.verdict?.suggestion)?.verdict?.suggestion;
}

/** A known rule's page: the fields both engines give, with the optional ones left out when absent. */
function knownRule(r: Omit<RuleHelp, 'known' | 'severity' | 'suggestion' | 'closest'> & { severity: Severity | undefined; suggestion: string | undefined }): RuleHelp {
  const { severity, suggestion, ...rest } = r;
  return { ...rest, ...(severity ? { severity } : {}), ...(suggestion ? { suggestion } : {}), known: true };
}

/** The help of one rule id. */
export function ruleHelp(id: string, judge?: CommandJudge): RuleHelp {
  const pack = packOf(id);
  const canDisable = !UNDISABLEABLE_RULE_PREFIXES.some((p) => id.startsWith(p));
  const command = PACKS.flatMap((p) => p.rules).find((r) => r.id === id);
  if (command) {
    const matches = (command.examples?.match ?? []).slice(0, MAX_EXAMPLES).map((e) => commandExample(command, e, judge, true));
    const nearMisses = (command.examples?.nearMiss ?? []).slice(0, MAX_EXAMPLES).map((e) => commandExample(command, e, judge, false));
    const runsOn = command.programs === '*' ? 'every command' : command.programs.map((p) => `\`${p}\``).join(', ');
    return knownRule({ id, engine: 'command', description: command.description, severity: command.severity, runsOn, suggestion: firstSuggestion(matches), matches, nearMisses, canDisable, pack });
  }
  const edit = EDIT_RULES.find((r) => r.id === id);
  if (edit) {
    const matches = edit.examples.match.slice(0, MAX_EXAMPLES).map((e) => editExample(edit, e, true));
    const nearMisses = edit.examples.nearMiss.slice(0, MAX_EXAMPLES).map((e) => editExample(edit, e, false));
    const runsOn = edit.kinds === '*' ? 'every file' : `${edit.kinds.join(', ')} files`;
    return knownRule({ id, engine: 'edit', description: edit.description, severity: edit.severity, runsOn, suggestion: edit.suggestion ?? firstSuggestion(matches), matches, nearMisses, canDisable, pack });
  }
  const known = ruleIds();
  const closest = canDisable ? closestRuleId(id, [...known.command, ...known.edit]) : undefined;
  return {
    id,
    engine: 'engine',
    description: canDisable
      ? 'No rule of this id is in this version of Blast Radius.'
      : 'One of the engine’s own checks: it reports what the engine could not judge, or an attempt to get around the guard.',
    matches: [],
    nearMisses: [],
    canDisable,
    pack,
    ...(closest ? { closest } : {}),
    known: false,
  };
}

// ---------------------------------------------------------------------------------------------
// markdown

function inline(text: string): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const ticks = '`'.repeat(longest + 1);
  return `${ticks}${longest > 0 ? ' ' : ''}${text}${longest > 0 ? ' ' : ''}${ticks}`;
}

function codeBlock(lang: string, lines: readonly string[]): string[] {
  const longest = Math.max(2, ...lines.flatMap((l) => [...l.matchAll(/`+/g)].map((m) => m[0].length)));
  const fence = '`'.repeat(longest + 1);
  return [`${fence}${lang}`, ...lines, fence];
}

/**
 * Text of rules and findings (our own, with their `code` spans) in markdown: HTML is shown as
 * text, never rendered.
 */
function text(s: string): string {
  const escape = (t: string): string => t.replace(/[<>&]/g, (c) => (c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&amp;'));
  let out = '';
  let at = 0;
  for (const m of s.matchAll(/(`+)[\s\S]*?\1/g)) {
    out += escape(s.slice(at, m.index)) + m[0];
    at = m.index + m[0].length;
  }
  return out + escape(s.slice(at));
}

function decisionWords(s: Severity): string {
  if (s === 'none') return 'allowed';
  const d = DEFAULT_SEVERITY_DECISIONS[s];
  return d === 'confirm' ? 'held until a person confirms it' : d === 'deny' ? 'refused' : s === 'medium' ? 'allowed, shown as a warning and logged' : 'allowed and logged';
}

function why(h: RuleHelp): string[] {
  const out: string[] = [];
  const first = h.matches.find((m) => m.verdict)?.verdict;
  if (first) out.push(`What the engine says about the first example: “${text(first.message)}”`, '');
  if (h.engine === 'command' && h.severity) {
    out.push(`Its findings are usually **${h.severity}**. Out of the box, a ${h.severity} command in a guarded terminal or from an agent is ${decisionWords(h.severity)}; the target (a production context, a protected branch, what a probe measured) can raise or lower that.`);
  } else if (h.engine === 'edit' && h.severity) {
    out.push(
      `Its findings are usually **${h.severity}**. A change it flags waits in **Pending Review** until a person approves or reverts it, and a deploy command that would ship the file is held meanwhile.` +
        (severityRank(h.severity) >= severityRank('high') ? ' Out of the box, approving a high or critical change is also recorded for sign-off (docs/signoff.md).' : ''),
    );
  }
  return out;
}

function examplesSection(h: RuleHelp): string[] {
  const out: string[] = [];
  const show = (e: HelpExample, match: boolean): void => {
    if (h.engine === 'command') {
      out.push(...codeBlock('sh', [e.title]));
      if (e.context) out.push(`with ${text(e.context)}`, '');
    } else {
      out.push(`**${text(e.title)}**`, '', ...codeBlock('diff', e.diff ?? []));
    }
    if (match && e.verdict) out.push(`→ ${e.verdict.severity}: ${text(e.verdict.message)}`, '');
    else out.push('');
  };
  if (h.matches.length > 0) {
    out.push('## Examples it flags', '');
    for (const e of h.matches) show(e, true);
  }
  if (h.nearMisses.length > 0) {
    out.push('## Near misses it leaves alone', '');
    for (const e of h.nearMisses) show(e, false);
  }
  return out;
}

function policySection(h: RuleHelp): string[] {
  const out = ['## In your policy', ''];
  if (!h.canDisable) {
    out.push(
      'The engine’s own checks cannot be switched off: what cannot be judged, and attempts to get around the guard, always go to a person. A policy can only make them stricter (for example `"severity": { "high": "deny" }`).',
      '',
    );
    return out;
  }
  out.push(
    `To switch it off, list it in your **user** settings (a whole pack is ${inline(`${h.pack}.*`)}):`,
    '',
    ...codeBlock('jsonc', [`"blastRadius.policy.disabledRules": [${JSON.stringify(h.id)}]`]),
    '',
    'A workspace (its settings or its `.blast-radius.json`) cannot switch rules off: it can only tighten your protection.',
    '',
  );
  if (h.engine === 'command') {
    const sev = h.severity && h.severity !== 'none' ? h.severity : 'high';
    out.push(
      'To tighten it: refuse instead of asking for every finding of its severity, or refuse the command outright with a deny pattern:',
      '',
      ...codeBlock('jsonc', [`{ "severity": { ${JSON.stringify(sev)}: "deny" }, "deny": [${JSON.stringify(denyExample(h))}] }`]),
      '',
    );
  } else {
    out.push('To tighten it: ask more people to approve such changes before `blast-radius verify` passes, or review every change, typed or not (setting `blastRadius.edits.review`: `all`):', '', ...codeBlock('jsonc', [`{ "approvals": { ${JSON.stringify(h.severity && h.severity !== 'none' ? h.severity : 'high')}: 2 } }`]), '');
  }
  return out;
}

/** A deny pattern for the first example: its program and subcommand, as docs/policy.md writes them. */
function denyExample(h: RuleHelp): string {
  const words = (h.matches[0]?.title ?? '').trim().split(/\s+/).filter((w) => /^[\w.:/-]+$/.test(w));
  const program = words[0]?.split('/').pop() ?? h.pack;
  const sub = words[1] && !words[1].startsWith('-') ? ` ${words[1]}` : '';
  return `${program}${sub}`;
}

/** The page of one rule, as markdown. */
export function ruleHelpMarkdown(h: RuleHelp): string {
  const out = [`# ${h.id}`, ''];
  const facts = [
    h.severity ? `**Usual severity:** ${h.severity}` : undefined,
    h.engine === 'command' ? '**Judges:** terminal commands' : h.engine === 'edit' ? '**Judges:** file changes' : '**Judges:** what the engine could not judge',
    h.runsOn ? `**Runs on:** ${h.runsOn}` : undefined,
  ].filter((x): x is string => x !== undefined);
  out.push(facts.join(' · '), '');
  out.push('## What it catches', '', text(h.description), '');
  if (!h.known && h.closest) out.push(`Did you mean ${inline(h.closest)}? Rule ids are \`pack.rule\`; they appear in hovers, Problems and the audit log.`, '');
  const w = why(h);
  if (w.length > 0) out.push('## Why it matters', '', ...w, '');
  if (h.suggestion) out.push('## Safer alternative', '', text(h.suggestion), '');
  out.push(...examplesSection(h));
  if (h.known || !h.canDisable) out.push(...policySection(h));
  return `${out.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd()}\n`;
}
