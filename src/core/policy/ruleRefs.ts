/**
 * Rule references in a policy (`disabledRules`, `edits.disabledRules`): is each one a rule or a
 * pack that exists, and if not, which real one was probably meant.
 *
 * An unknown id disables nothing. Accepting it silently leaves a person believing a rule is off
 * (or, worse, that a typo'd rule is on purpose): each one becomes a problem that names the
 * closest real id ("did you mean git.push-force?"), or the other list when the id is a rule of
 * the other engine. Problems only: an unknown id changes nothing in the policy in force.
 *
 * Loaded only for a policy that has rule references: it reads both engines' rule registries.
 */
import { findNodeAtLocation, parseTree } from 'jsonc-parser/lib/esm/main.js';
import { PACKS } from '../command/packs/index';
import { EDIT_RULES } from '../edit/rules/index';
import { closest, formatPath } from './messages';
import { lineColumn, type ParsedPolicy } from './resolve';
import { UNDISABLEABLE_RULE_PREFIXES, type PolicyProblem } from './types';

/** The engines that have rules. */
export type RuleEngine = 'command' | 'edit';

/**
 * The policy's lists of rule references. `disabledRules` (and its setting, which the editor
 * applies to terminal commands and to edits alike) takes rules of both engines;
 * `edits.disabledRules` takes edit rules.
 */
export type RuleList = 'disabledRules' | 'edits.disabledRules';
const ENGINES_OF: Readonly<Record<RuleList, readonly RuleEngine[]>> = { disabledRules: ['command', 'edit'], 'edits.disabledRules': ['edit'] };

/** Every rule id of both engines' registries. */
export function ruleIds(): Readonly<Record<RuleEngine, readonly string[]>> {
  return { command: PACKS.flatMap((p) => p.rules.map((r) => r.id)), edit: EDIT_RULES.map((r) => r.id) };
}

function packOf(id: string): string {
  return id.slice(0, id.indexOf('.'));
}

/** The words of an id, in order (`git.push-force` → git, push, force). */
function words(id: string): string[] {
  return id.toLowerCase().split(/[.\-_]+/).filter(Boolean);
}

function sameWords(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && [...a].sort().join(' ') === [...b].sort().join(' ');
}

/**
 * The real id a person most likely meant by `id`: the same words in another order
 * (`git.force-push` → `git.push-force`), the same rule name in another pack
 * (`git.rm-recursive` → `fs.rm-recursive`), else the nearest by spelling when it is close.
 */
export function closestRuleId(id: string, known: readonly string[]): string | undefined {
  const w = words(id);
  const reordered = known.find((k) => sameWords(words(k), w));
  if (reordered) return reordered;
  const name = w.slice(1);
  const moved = known.filter((k) => sameWords(words(k).slice(1), name));
  if (moved.length === 1) return moved[0];
  return closest(id, known);
}

/** Why `id`, written in `list`, disables nothing, and what was probably meant; undefined when it names a rule or a pack. */
export function checkRuleRef(id: string, list: RuleList, ids = ruleIds()): { message: string; closest?: string } | undefined {
  // The engine's own checks cannot be disabled; the policy reports that already.
  if (UNDISABLEABLE_RULE_PREFIXES.some((p) => id.startsWith(p))) return undefined;
  const own = ENGINES_OF[list].flatMap((e) => ids[e]);
  const others = (['command', 'edit'] as const).filter((e) => !ENGINES_OF[list].includes(e)).flatMap((e) => ids[e]);
  const elsewhere = `it is a command rule; list it under disabledRules (setting blastRadius.policy.disabledRules)`;
  if (id.endsWith('.*')) {
    const pack = id.slice(0, -2);
    const packs = [...new Set(own.map(packOf))];
    if (packs.includes(pack)) return undefined;
    if (others.some((k) => packOf(k) === pack)) return { message: `"${id}" disables nothing here: ${elsewhere.replace('a command rule', 'a pack of command rules')}` };
    const near = closest(pack, packs);
    return near
      ? { message: `"${id}" is not a pack of rules, so it disables nothing; did you mean "${near}.*"?`, closest: `${near}.*` }
      : { message: `"${id}" is not a pack of rules, so it disables nothing; the packs are ${packs.map((p) => `${p}.*`).join(', ')}` };
  }
  if (own.includes(id)) return undefined;
  if (others.includes(id)) return { message: `"${id}" disables nothing here: ${elsewhere}` };
  const near = closestRuleId(id, own);
  return near
    ? { message: `"${id}" is not a rule, so it disables nothing; did you mean "${near}"?`, closest: near }
    : { message: `"${id}" is not a rule, so it disables nothing; each finding names its rule, e.g. "git.push-force"` };
}

/**
 * The problems with the rule references of a parsed policy: one per id that is neither a rule
 * nor a pack of its engine. With the policy's `text`, each problem has the id's line and column.
 */
export function ruleRefProblems(parsed: ParsedPolicy, text?: string): PolicyProblem[] {
  const doc = parsed.document;
  const lists: Array<{ list: RuleList; path: readonly string[]; ids: readonly string[] | undefined }> = [
    { list: 'disabledRules', path: ['disabledRules'], ids: doc.disabledRules },
    { list: 'edits.disabledRules', path: ['edits', 'disabledRules'], ids: doc.edits?.disabledRules },
  ];
  if (lists.every((l) => !l.ids?.length)) return [];
  const ids = ruleIds();
  const tree = text !== undefined && parsed.origin === 'document' ? parseTree(text, [], { allowTrailingComma: true }) : undefined;
  const problems: PolicyProblem[] = [];
  for (const { list, path, ids: refs } of lists) {
    (refs ?? []).forEach((id, i) => {
      const r = checkRuleRef(id, list, ids);
      if (!r) return;
      const jsonPath = [...path, i];
      const where = parsed.origin === 'settings' && list === 'disabledRules' ? `blastRadius.policy.disabledRules[${i}]` : formatPath(jsonPath);
      const p: PolicyProblem = { source: parsed.source, path: where, message: r.message, ruleRef: { id, ...(r.closest ? { closest: r.closest } : {}) } };
      const node = tree ? findNodeAtLocation(tree, jsonPath) : undefined;
      if (node && text !== undefined && node.value === id) Object.assign(p, lineColumn(text, node.offset), { length: node.length });
      problems.push(p);
    });
  }
  return problems;
}
