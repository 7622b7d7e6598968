/**
 * Reading, validating and merging policies. Nothing here throws on user input: every problem
 * becomes a `PolicyProblem` and the defaults stay in force.
 *
 * Invariants:
 * - Only a valid document from a `user` source may loosen protection (allow commands, disable
 *   rules, add local markers, relax a severity decision, lengthen the confirmation timeout,
 *   lower approvals). Everything else is applied tighten-only onto what is already in force.
 * - A document with errors is not thrown away (its deny entries still protect): the entries that
 *   are valid are applied tighten-only, the invalid ones are dropped, and each error is reported.
 *   Its loosening entries wait until the errors are fixed.
 * - Syntax errors (the text is not JSON) keep the defaults; nothing of that text applies.
 * - Deny wins over allow (see `apply.ts`); the engine's own rules cannot be disabled.
 */
// The ESM build: the UMD one that `main` points at hides its modules from the bundler.
import { parseTree, findNodeAtLocation, printParseErrorCode, type Node as JsonNode, type ParseError } from 'jsonc-parser/lib/esm/main.js';
import { z } from 'zod';
import { decisionRank, FINDING_SEVERITIES, stricterDecision, type Decision, type FindingSeverity } from '../severity';
import { PolicyDocumentSchema, type PolicyDocument } from './schema';
import { formatIssues, formatPath, parsePath } from './messages';
import { compilePattern } from './pattern';
import {
  DEFAULT_POLICY,
  UNDISABLEABLE_RULE_PREFIXES,
  type CompiledCustomRule,
  type CompiledPattern,
  type PolicyProblem,
  type PolicySource,
  type ResolvedPolicy,
} from './types';

/** A policy document after parsing and validation (the valid part of it). */
export interface ParsedPolicy {
  source: PolicySource;
  /** `document`: paths are JSON paths in a file; `settings`: paths are setting names. */
  origin: 'document' | 'settings';
  /** The valid entries (all of it when `valid`). */
  document: PolicyDocument;
  /** False when the text or any entry was invalid. */
  valid: boolean;
  problems: PolicyProblem[];
}

export interface ResolvedResult {
  policy: ResolvedPolicy;
  problems: PolicyProblem[];
}

// ---------------------------------------------------------------------------------------------
// Settings ↔ document

/**
 * Setting keys (relative to the `blastRadius` section) that carry policy, and the document field
 * each one fills. src/extension/ids.ts names the same keys; a unit test keeps them in step.
 */
export const POLICY_SETTINGS = {
  'policy.severity': 'severity',
  'policy.allow': 'allow',
  'policy.deny': 'deny',
  'policy.disabledRules': 'disabledRules',
  'policy.productionMarkers': 'productionMarkers',
  'policy.localMarkers': 'localMarkers',
  'policy.protectedBranches': 'protectedBranches',
  'policy.customRules': 'customRules',
  confirmTimeoutSeconds: 'confirmTimeoutSeconds',
} as const satisfies Record<string, keyof PolicyDocument>;

const SETTING_FOR_FIELD: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(POLICY_SETTINGS).map(([setting, field]) => [field, setting]),
);

/** How a problem path reads to a person: a JSON path in a file, or a setting name. */
function displayPath(origin: ParsedPolicy['origin'], path: readonly PropertyKey[]): string {
  if (origin === 'document' || path.length === 0) return formatPath(path);
  const [head, ...rest] = path;
  const setting = typeof head === 'string' && Object.hasOwn(SETTING_FOR_FIELD, head) ? SETTING_FOR_FIELD[head] : undefined;
  if (!setting) return formatPath(path);
  return `blastRadius.${setting}${formatPath(rest).replace(/^(?=[A-Za-z_$])/, '.')}`;
}

// ---------------------------------------------------------------------------------------------
// Validation

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function unwrap(s: z.ZodType): z.ZodType {
  return s instanceof z.ZodOptional ? (s.unwrap() as z.ZodType) : s;
}

/** The allowed keys of the object schema at a path of the document (for "did you mean"). */
function knownKeysAt(path: readonly PropertyKey[]): readonly string[] {
  let s: z.ZodType = PolicyDocumentSchema;
  for (const seg of path) {
    s = unwrap(s);
    if (s instanceof z.ZodObject && typeof seg === 'string') {
      const shape = s.shape as Record<string, z.ZodType>;
      const next = Object.hasOwn(shape, seg) ? shape[seg] : undefined;
      if (!next) return [];
      s = next;
    } else if (s instanceof z.ZodArray && typeof seg === 'number') {
      s = s.element as z.ZodType;
    } else {
      return [];
    }
  }
  s = unwrap(s);
  if (s instanceof z.ZodUnion) {
    const obj = (s.options as readonly z.ZodType[]).find((o) => o instanceof z.ZodObject);
    if (obj) s = obj;
  }
  return s instanceof z.ZodObject ? Object.keys(s.shape as Record<string, unknown>) : [];
}

/**
 * The valid part of a value: objects keep their valid keys; list entries are kept or dropped
 * whole (a half-valid pattern could match far more than intended).
 */
function salvage(schema: z.ZodType, value: unknown): { ok: true; value: unknown } | { ok: false } {
  const r = schema.safeParse(value);
  if (r.success) return { ok: true, value: r.data };
  const s = unwrap(schema);
  if (s instanceof z.ZodObject && isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    const shape = s.shape as Record<string, z.ZodType>;
    for (const [k, v] of Object.entries(value)) {
      const field = Object.hasOwn(shape, k) ? shape[k] : undefined;
      if (!field) continue;
      const sub = salvage(field, v);
      if (sub.ok && sub.value !== undefined) out[k] = sub.value;
    }
    const again = s.safeParse(out);
    return again.success ? { ok: true, value: again.data } : { ok: false };
  }
  if (s instanceof z.ZodArray && Array.isArray(value)) {
    const element = s.element as z.ZodType;
    const kept = value.filter((v) => element.safeParse(v).success);
    const again = s.safeParse(kept);
    return again.success ? { ok: true, value: again.data } : { ok: false };
  }
  return { ok: false };
}

/** The 1-based line and column of an offset in a text. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      start = i + 1;
    }
  }
  return { line, column: offset - start + 1 };
}

/** Validates a JSON value as a policy document. `text` (when given) locates problems by line. */
export function validatePolicy(
  value: unknown,
  source: PolicySource,
  origin: ParsedPolicy['origin'] = 'document',
  text?: string,
): ParsedPolicy {
  const r = PolicyDocumentSchema.safeParse(value);
  if (r.success) return { source, origin, document: r.data, valid: true, problems: [] };
  const tree = text !== undefined ? parseTree(text, [], { allowTrailingComma: true }) : undefined;
  const problems: PolicyProblem[] = formatIssues(r.error.issues, value, knownKeysAt).map((f) => {
    const p: PolicyProblem = { source, path: displayPath(origin, f.path), message: f.message };
    if (tree && text !== undefined) {
      // Point at the value, or for an unknown key at the key itself.
      const node = findNodeAtLocation(tree, f.path as (string | number)[]);
      const at = f.key && node?.parent?.type === 'property' && node.parent.children?.[0] ? node.parent.children[0] : node;
      if (at) Object.assign(p, lineColumn(text, at.offset), { length: at.length });
    }
    return p;
  });
  const kept = salvage(PolicyDocumentSchema, value);
  const document = (kept.ok ? kept.value : {}) as PolicyDocument;
  return { source, origin, document, valid: false, problems };
}

/**
 * The problems with a position in `text` where they had none and their path names a value of
 * it: the value, or for an object or a list its key (settings paths are left alone).
 */
export function locateProblems(problems: readonly PolicyProblem[], text: string): PolicyProblem[] {
  const tree = parseTree(text, [], { allowTrailingComma: true });
  return problems.map((p) => {
    if (p.line !== undefined || !tree || p.path === '' || p.path.startsWith('blastRadius.')) return p;
    const segments = parsePath(p.path);
    const node = segments ? findNodeAtLocation(tree, segments) : undefined;
    if (!node) return p;
    const key = (node.type === 'object' || node.type === 'array') && node.parent?.type === 'property' ? node.parent.children?.[0] : undefined;
    const at = key ?? node;
    return { ...p, ...lineColumn(text, at.offset), length: at.length };
  });
}

/**
 * Parses and validates the text of a policy (JSON with comments and trailing commas).
 * Empty text is an empty policy. Never throws.
 */
export function parsePolicyDocument(text: string, source: PolicySource): ParsedPolicy {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (body.trim() === '') return { source, origin: 'document', document: {}, valid: true, problems: [] };
  const errors: ParseError[] = [];
  const tree = parseTree(body, errors, { allowTrailingComma: true, disallowComments: false });
  const value: unknown = tree ? nodeValue(tree) : undefined;
  if (errors.length > 0) {
    const problems = errors.slice(0, 10).map((e): PolicyProblem => ({
      source,
      path: '',
      message: `not valid JSON: ${syntaxMessage(printParseErrorCode(e.error))}; the policy is ignored until it is fixed`,
      ...lineColumn(body, e.offset),
    }));
    return { source, origin: 'document', document: {}, valid: false, problems };
  }
  if (!isPlainObject(value)) {
    return {
      source,
      origin: 'document',
      document: {},
      valid: false,
      problems: [{ source, path: '', message: 'expected a JSON object such as { "deny": ["terraform destroy"] }; the policy is ignored until it is fixed', line: 1, column: 1 }],
    };
  }
  return validatePolicy(value, source, 'document', body);
}

/**
 * The value of a parsed node, with every key an own property (`"__proto__"` stays a plain key
 * that validation reports, never a prototype that smuggles in hidden entries).
 */
function nodeValue(node: JsonNode): unknown {
  switch (node.type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const prop of node.children ?? []) {
        const [key, val] = prop.children ?? [];
        if (!key || typeof key.value !== 'string') continue;
        Object.defineProperty(out, key.value, { value: val ? nodeValue(val) : undefined, enumerable: true, writable: true, configurable: true });
      }
      return out;
    }
    case 'array':
      return (node.children ?? []).map(nodeValue);
    default:
      return node.value as unknown;
  }
}

function syntaxMessage(code: string): string {
  // jsonc-parser codes are like `CommaExpected`; make them read as words.
  return code.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}

/**
 * Turns settings values (keys relative to `blastRadius`, e.g. `policy.deny`) into a validated
 * policy. Keys that are not policy settings, and `undefined`/`null` values, are ignored. Problem
 * paths are setting names (`blastRadius.policy.severity.high`).
 */
export function policyFromSettings(values: Readonly<Record<string, unknown>>, source: 'user' | 'workspace'): ParsedPolicy {
  const doc: Record<string, unknown> = {};
  for (const [setting, field] of Object.entries(POLICY_SETTINGS)) {
    const v = values[setting];
    if (v === undefined || v === null) continue;
    doc[field] = v;
  }
  return validatePolicy(doc, source, 'settings');
}

// ---------------------------------------------------------------------------------------------
// Applying documents

interface Draft {
  severity: Record<FindingSeverity, Decision>;
  allow: CompiledPattern[];
  deny: CompiledPattern[];
  disabledRules: string[];
  productionMarkers: string[];
  localMarkers: string[];
  protectedBranches: string[];
  customRules: CompiledCustomRule[];
  confirmTimeoutSeconds: number;
  edits: { disabledRules: string[]; maxFileBytes: number };
  approvals: Partial<Record<FindingSeverity, number>>;
}

function draftOf(p: ResolvedPolicy): Draft {
  return {
    severity: { ...p.severity },
    allow: [...p.allow],
    deny: [...p.deny],
    disabledRules: [...p.disabledRules],
    productionMarkers: [...p.productionMarkers],
    localMarkers: [...p.localMarkers],
    protectedBranches: [...p.protectedBranches],
    customRules: [...p.customRules],
    confirmTimeoutSeconds: p.confirmTimeoutSeconds,
    edits: { disabledRules: [...p.edits.disabledRules], maxFileBytes: p.edits.maxFileBytes },
    approvals: { ...p.approvals },
  };
}

function freeze(d: Draft): ResolvedPolicy {
  return Object.freeze({
    severity: Object.freeze(d.severity),
    allow: Object.freeze(d.allow),
    deny: Object.freeze(d.deny),
    disabledRules: Object.freeze(d.disabledRules),
    productionMarkers: Object.freeze(d.productionMarkers),
    localMarkers: Object.freeze(d.localMarkers),
    protectedBranches: Object.freeze(d.protectedBranches),
    customRules: Object.freeze(d.customRules),
    confirmTimeoutSeconds: d.confirmTimeoutSeconds,
    edits: Object.freeze({ disabledRules: Object.freeze(d.edits.disabledRules), maxFileBytes: d.edits.maxFileBytes }),
    approvals: Object.freeze(d.approvals),
  });
}

function addUnique(list: string[], items: readonly string[]): void {
  for (const raw of items) {
    const m = raw.toLowerCase();
    if (!list.includes(m)) list.push(m);
  }
}

/**
 * Applies one parsed policy onto a draft. `trusted` (a valid user policy) may loosen; otherwise
 * loosening entries are refused with a problem saying why.
 */
function applyLayer(d: Draft, layer: ParsedPolicy, trusted: boolean, problems: PolicyProblem[]): void {
  const { source, origin } = layer;
  const doc = layer.document;
  const at = (...path: PropertyKey[]): string => displayPath(origin, path);
  const refused = (path: string, what: string): void => {
    const why =
      source === 'user'
        ? `${what} is ignored until the errors in this policy are fixed`
        : `a ${source === 'file' ? 'workspace policy file' : 'workspace setting'} cannot ${what}; move this to your user settings`;
    problems.push({ source, path, message: why });
  };

  if (doc.severity) {
    for (const level of FINDING_SEVERITIES) {
      const want = doc.severity[level];
      if (!want) continue;
      const current = d.severity[level];
      if (trusted) d.severity[level] = want;
      else if (decisionRank(want) >= decisionRank(current)) d.severity[level] = stricterDecision(current, want);
      else refused(at('severity', level), `relax ${level} from "${current}" to "${want}"`);
    }
  }

  const compileList = (list: PolicyDocument['deny'], field: 'allow' | 'deny', into: CompiledPattern[]): void => {
    (list ?? []).forEach((p, i) => {
      const c = compilePattern(p, at(field, i), source);
      problems.push(...c.problems);
      into.push(c.pattern);
    });
  };

  if (doc.allow && doc.allow.length > 0) {
    if (trusted) compileList(doc.allow, 'allow', d.allow);
    else refused(at('allow'), `allow commands (${doc.allow.length} ${doc.allow.length === 1 ? 'entry' : 'entries'})`);
  }
  compileList(doc.deny, 'deny', d.deny);

  const disable = (list: readonly string[] | undefined, into: string[], path: PropertyKey[]): void => {
    if (!list || list.length === 0) return;
    if (!trusted) {
      refused(at(...path), 'disable rules');
      return;
    }
    list.forEach((id, i) => {
      if (UNDISABLEABLE_RULE_PREFIXES.some((p) => id.startsWith(p))) {
        problems.push({ source, path: at(...path, i), message: `"${id}" is one of the engine's own checks and cannot be disabled` });
      } else if (!into.includes(id)) {
        into.push(id);
      }
    });
  };
  disable(doc.disabledRules, d.disabledRules, ['disabledRules']);
  disable(doc.edits?.disabledRules, d.edits.disabledRules, ['edits', 'disabledRules']);

  if (doc.productionMarkers) addUnique(d.productionMarkers, doc.productionMarkers);
  // More protected branches is stricter: any source may add them. Branch names keep their case.
  for (const b of doc.protectedBranches ?? []) if (!d.protectedBranches.includes(b)) d.protectedBranches.push(b);
  if (doc.localMarkers && doc.localMarkers.length > 0) {
    if (trusted) addUnique(d.localMarkers, doc.localMarkers);
    else refused(at('localMarkers'), 'mark targets as local');
  }

  (doc.customRules ?? []).forEach((r, i) => {
    const c = compilePattern(r.match, at('customRules', i, 'match'), source);
    problems.push(...c.problems);
    const already = d.customRules.some((x) => x.id === r.id && x.pattern.source === source);
    if (already) {
      problems.push({ source, path: at('customRules', i, 'id'), message: `duplicate rule id "${r.id}"; only the first is used` });
      return;
    }
    const rule: CompiledCustomRule = {
      id: r.id,
      severity: r.severity,
      message: r.message,
      pattern: c.pattern,
      ...(r.suggestion !== undefined ? { suggestion: r.suggestion } : {}),
    };
    d.customRules.push(rule);
  });

  // A shorter timeout is the stricter one: an unanswered command is denied sooner.
  if (doc.confirmTimeoutSeconds !== undefined) {
    if (trusted || doc.confirmTimeoutSeconds <= d.confirmTimeoutSeconds) d.confirmTimeoutSeconds = doc.confirmTimeoutSeconds;
    else refused(at('confirmTimeoutSeconds'), `lengthen the confirmation timeout beyond ${d.confirmTimeoutSeconds} seconds`);
  }
  // A smaller limit is the stricter one: more edits are held for review instead of judged.
  const maxBytes = doc.edits?.maxFileBytes;
  if (maxBytes !== undefined) {
    if (trusted || maxBytes <= d.edits.maxFileBytes) d.edits.maxFileBytes = maxBytes;
    else refused(at('edits', 'maxFileBytes'), `raise the size limit for judged edits beyond ${d.edits.maxFileBytes} bytes`);
  }
  if (doc.approvals) {
    for (const level of FINDING_SEVERITIES) {
      const want = doc.approvals[level];
      if (want === undefined) continue;
      const current = d.approvals[level] ?? 1;
      if (trusted || want >= current) d.approvals[level] = want;
      else refused(at('approvals', level), `lower the approvals for ${level} from ${current} to ${want}`);
    }
  }
}

const SOURCE_ORDER: Readonly<Record<PolicySource, number>> = { default: 0, user: 1, workspace: 2, file: 3 };

/**
 * Builds the policy in force from parsed layers, starting from `base` (the defaults). User
 * layers are applied first (fully when valid), then workspace settings and the workspace file,
 * tighten-only. Returns every layer's problems followed by the problems found while merging.
 */
export function resolvePolicy(layers: readonly ParsedPolicy[], base: ResolvedPolicy = DEFAULT_POLICY): ResolvedResult {
  const problems: PolicyProblem[] = [];
  for (const l of layers) problems.push(...l.problems);
  const d = draftOf(base);
  const ordered = [...layers].sort((a, b) => SOURCE_ORDER[a.source] - SOURCE_ORDER[b.source]);
  for (const l of ordered) applyLayer(d, l, l.source === 'user' && l.valid, problems);
  return { policy: freeze(d), problems };
}

/** Parses one policy text and resolves it onto the defaults (tighten-only unless `user`). */
export function parsePolicy(text: string, source: PolicySource): ResolvedResult {
  return resolvePolicy([parsePolicyDocument(text, source)]);
}

/**
 * Tightens `user` with a workspace-supplied policy: stricter decisions win, deny entries,
 * production markers and custom rules are added; allow entries, disabled rules, local markers
 * and every other loosening are refused and reported.
 */
export function mergePolicies(user: ResolvedPolicy, workspace: ParsedPolicy | PolicyDocument, source: 'workspace' | 'file' = 'workspace'): ResolvedResult {
  const layer: ParsedPolicy =
    'problems' in workspace && 'document' in workspace
      ? { ...(workspace as ParsedPolicy), source: (workspace as ParsedPolicy).source === 'user' ? source : (workspace as ParsedPolicy).source }
      : { source, origin: 'document', document: workspace as PolicyDocument, valid: true, problems: [] };
  const problems: PolicyProblem[] = [...layer.problems];
  const d = draftOf(user);
  applyLayer(d, layer, false, problems);
  return { policy: freeze(d), problems };
}
