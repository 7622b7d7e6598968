/**
 * Reading, validating and merging policies. Nothing here throws on user input: every problem
 * becomes a `PolicyProblem` and the defaults stay in force.
 *
 * Invariants:
 * - Only a trusted, valid document may loosen protection (allow commands, disable rules, add
 *   local markers, relax a severity decision, lengthen the confirmation timeout, lower
 *   approvals): the protected system policy file, or the user's settings while no
 *   administrator's policy is in force. Everything else is applied tighten-only onto what is
 *   already in force, in the order system, managed, user, workspace settings, policy files
 *   (outermost first), so no later layer can loosen an earlier one.
 * - A document with errors is not thrown away (its deny entries still protect): the entries that
 *   are valid are applied tighten-only, the invalid ones are dropped, and each error is reported.
 *   Its loosening entries wait until the errors are fixed.
 * - Syntax errors (the text is not JSON) keep the defaults; nothing of that text applies.
 * - Deny wins over allow (see `apply.ts`); the engine's own rules cannot be disabled.
 */
// The ESM build: the UMD one that `main` points at hides its modules from the bundler.
import { parseTree, findNodeAtLocation, printParseErrorCode, type Node as JsonNode, type ParseError } from 'jsonc-parser/lib/esm/main.js';
import { z } from 'zod';
import { nestingDepth } from '../formats/depth';
import { decisionRank, FINDING_SEVERITIES, stricterDecision, type Decision, type FindingSeverity } from '../severity';
import { PolicyDocumentSchema, type CommandPattern, type PolicyDocument } from './schema';
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
  /** The file it was read from (absolute), for messages and the Problems panel. */
  file?: string;
  /** The document's text, to locate problems found after validation (bad expressions). */
  text?: string;
  /** `system` only: the file is protected (owned by root, nobody else may write it or a folder above). */
  verified?: boolean;
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
 * Where the value at `segments` is in a document's text: the value, or for an object or a list
 * its key; with `extra` > 0 inside a string value, that character of the string (after its
 * opening quote). Undefined when the text has no such value.
 */
function positionIn(tree: JsonNode | undefined, text: string, segments: readonly (string | number)[], extra = 0): { line: number; column: number; length: number } | undefined {
  const node = tree ? findNodeAtLocation(tree, segments as (string | number)[]) : undefined;
  if (!node) return undefined;
  if (extra > 0 && node.type === 'string') return { ...lineColumn(text, node.offset + extra), length: 1 };
  const key = (node.type === 'object' || node.type === 'array') && node.parent?.type === 'property' ? node.parent.children?.[0] : undefined;
  const at = key ?? node;
  return { ...lineColumn(text, at.offset), length: at.length };
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
    const at = segments ? positionIn(tree, text, segments) : undefined;
    return at ? { ...p, ...at } : p;
  });
}

/**
 * Parses and validates the text of a policy (JSON with comments and trailing commas).
 * Empty text is an empty policy. Never throws.
 */
export function parsePolicyDocument(text: string, source: PolicySource, file?: string): ParsedPolicy {
  const parsed = parseDocumentText(text, source);
  if (file === undefined) return parsed;
  return { ...parsed, file, problems: parsed.problems.map((p) => ({ ...p, file })) };
}

/** How deep a policy may nest (a real one is five levels deep); deeper text is not parsed. */
export const MAX_POLICY_DEPTH = 64;

function parseDocumentText(text: string, source: PolicySource): ParsedPolicy {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (body.trim() === '') return { source, origin: 'document', document: {}, valid: true, problems: [] };
  // The JSON parser recurses once per level: refuse absurd nesting before it can exhaust the stack.
  const nesting = nestingDepth(body, MAX_POLICY_DEPTH);
  if (nesting.overAt !== undefined) {
    return {
      source,
      origin: 'document',
      document: {},
      valid: false,
      problems: [{ source, path: '', message: `nested more than ${MAX_POLICY_DEPTH} levels deep; a policy is a few levels deep, so this text is not read and the policy is ignored until it is fixed`, ...lineColumn(body, nesting.overAt) }],
    };
  }
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
  return { ...validatePolicy(value, source, 'document', body), text: body };
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

/** Why a layer may not loosen, in the words of the problem it gets. */
type Trust = 'trusted' | 'invalid' | 'admin' | 'untrusted';

/** Where the value at `path` is in a layer's text (`positionIn`); nothing for settings. */
function locate(layer: ParsedPolicy, path: readonly PropertyKey[], extra = 0): { line?: number; column?: number; length?: number } {
  if (layer.text === undefined || layer.origin !== 'document') return {};
  return positionIn(parseTree(layer.text, [], { allowTrailingComma: true }), layer.text, path as (string | number)[], extra) ?? {};
}

function refusal(source: PolicySource, trust: Trust, what: string): string {
  if (trust === 'invalid') return `${what} is ignored until the errors in this policy are fixed`;
  switch (source) {
    case 'user':
      return `your user settings cannot ${what} while an administrator's policy is in force (the system policy file or managed settings); ask the administrator to put it in the system policy`;
    case 'system':
      return `a system policy that is not protected (see the warning above), or one added with BLAST_RADIUS_EXTRA_POLICY, can only tighten and cannot ${what}; only a system policy file owned by root and writable by root alone may`;
    case 'managed':
      return `managed settings can only tighten and cannot ${what} (the editor cannot prove where a managed value comes from); put it in the system policy file`;
    case 'file':
      return `a workspace policy file cannot ${what}; move this to your user settings`;
    default:
      return `a workspace setting cannot ${what}; move this to your user settings`;
  }
}

/**
 * Applies one parsed policy onto a draft. A `trusted` layer may loosen; otherwise loosening
 * entries are refused with a problem saying why.
 */
function applyLayer(d: Draft, layer: ParsedPolicy, trust: Trust, problems: PolicyProblem[]): void {
  const { source, origin } = layer;
  const trusted = trust === 'trusted';
  const doc = layer.document;
  const at = (...path: PropertyKey[]): string => displayPath(origin, path);
  const report = (segments: readonly PropertyKey[], message: string, extra = 0): void => {
    problems.push({ source, path: at(...segments), message, ...locate(layer, segments, extra), ...(layer.file !== undefined ? { file: layer.file } : {}) });
  };
  const refused = (segments: readonly PropertyKey[], what: string): void => report(segments, refusal(source, trust, what));

  if (doc.severity) {
    for (const level of FINDING_SEVERITIES) {
      const want = doc.severity[level];
      if (!want) continue;
      const current = d.severity[level];
      if (trusted) d.severity[level] = want;
      else if (decisionRank(want) >= decisionRank(current)) d.severity[level] = stricterDecision(current, want);
      else refused(['severity', level], `relax ${level} from "${current}" to "${want}"`);
    }
  }

  /** Compiles one pattern; its problems are located in the file (a bad expression at its character). */
  const compileAt = (p: CommandPattern, segments: readonly PropertyKey[]): CompiledPattern => {
    const c = compilePattern(p, at(...segments), source);
    for (const pr of c.problems) {
      const onRegex = pr.path.endsWith('.argsRegex');
      report(onRegex ? [...segments, 'argsRegex'] : segments, pr.message, onRegex ? (pr.column ?? 0) : 0);
    }
    return c.pattern;
  };
  const compileList = (list: PolicyDocument['deny'], field: 'allow' | 'deny', into: CompiledPattern[]): void => {
    (list ?? []).forEach((p, i) => into.push(compileAt(p, [field, i])));
  };

  if (doc.allow && doc.allow.length > 0) {
    if (trusted) compileList(doc.allow, 'allow', d.allow);
    else refused(['allow'], `allow commands (${doc.allow.length} ${doc.allow.length === 1 ? 'entry' : 'entries'})`);
  }
  compileList(doc.deny, 'deny', d.deny);

  const disable = (list: readonly string[] | undefined, into: string[], path: PropertyKey[]): void => {
    if (!list || list.length === 0) return;
    if (!trusted) {
      refused(path, 'disable rules');
      return;
    }
    list.forEach((id, i) => {
      if (UNDISABLEABLE_RULE_PREFIXES.some((p) => id.startsWith(p))) {
        report([...path, i], `"${id}" is one of the engine's own checks and cannot be disabled`);
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
    else refused(['localMarkers'], 'mark targets as local');
  }

  (doc.customRules ?? []).forEach((r, i) => {
    const pattern = compileAt(r.match, ['customRules', i, 'match']);
    const already = d.customRules.some((x) => x.id === r.id && x.pattern.source === source);
    if (already) {
      report(['customRules', i, 'id'], `duplicate rule id "${r.id}"; only the first is used`);
      return;
    }
    const rule: CompiledCustomRule = {
      id: r.id,
      severity: r.severity,
      message: r.message,
      pattern,
      ...(r.suggestion !== undefined ? { suggestion: r.suggestion } : {}),
    };
    d.customRules.push(rule);
  });

  // A shorter timeout is the stricter one: an unanswered command is denied sooner.
  if (doc.confirmTimeoutSeconds !== undefined) {
    if (trusted || doc.confirmTimeoutSeconds <= d.confirmTimeoutSeconds) d.confirmTimeoutSeconds = doc.confirmTimeoutSeconds;
    else refused(['confirmTimeoutSeconds'], `lengthen the confirmation timeout beyond ${d.confirmTimeoutSeconds} seconds`);
  }
  // A smaller limit is the stricter one: more edits are held for review instead of judged.
  const maxBytes = doc.edits?.maxFileBytes;
  if (maxBytes !== undefined) {
    if (trusted || maxBytes <= d.edits.maxFileBytes) d.edits.maxFileBytes = maxBytes;
    else refused(['edits', 'maxFileBytes'], `raise the size limit for judged edits beyond ${d.edits.maxFileBytes} bytes`);
  }
  if (doc.approvals) {
    for (const level of FINDING_SEVERITIES) {
      const want = doc.approvals[level];
      if (want === undefined) continue;
      const current = d.approvals[level] ?? 1;
      if (trusted || want >= current) d.approvals[level] = want;
      else refused(['approvals', level], `lower the approvals for ${level} from ${current} to ${want}`);
    }
  }
}

const SOURCE_ORDER: Readonly<Record<PolicySource, number>> = { default: 0, system: 1, managed: 2, user: 3, workspace: 4, file: 5 };

/** True when a layer sets anything at all. */
function hasEntries(l: ParsedPolicy): boolean {
  return Object.keys(l.document).some((k) => k !== '$schema' && k !== 'version');
}

/**
 * True when an administrator's policy is in force: a protected system policy file, or managed
 * settings with a value. The user's settings then only tighten.
 */
export function adminPolicyInForce(layers: readonly ParsedPolicy[]): boolean {
  return layers.some((l) => (l.source === 'system' && l.verified === true) || (l.source === 'managed' && hasEntries(l)));
}

function trustOf(l: ParsedPolicy, admin: boolean): Trust {
  const mayLoosen = (l.source === 'system' && l.verified === true) || (l.source === 'user' && !admin);
  if (!mayLoosen) return 'untrusted';
  if (!l.valid) return 'invalid';
  return 'trusted';
}

/**
 * Builds the policy in force from parsed layers, starting from `base` (the defaults), in the
 * order system, managed, user, workspace settings, policy files (layers of one source in the
 * order given: outermost policy file first). A protected system file and, while no
 * administrator's policy is in force, the user's settings apply fully when valid; everything
 * else tighten-only. Returns every layer's problems followed by the problems found while merging.
 */
export function resolvePolicy(layers: readonly ParsedPolicy[], base: ResolvedPolicy = DEFAULT_POLICY): ResolvedResult {
  const problems: PolicyProblem[] = [];
  for (const l of layers) problems.push(...l.problems);
  const d = draftOf(base);
  const admin = adminPolicyInForce(layers);
  const ordered = [...layers].sort((a, b) => SOURCE_ORDER[a.source] - SOURCE_ORDER[b.source]);
  for (const l of ordered) applyLayer(d, l, trustOf(l, admin), problems);
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
  applyLayer(d, layer, 'untrusted', problems);
  return { policy: freeze(d), problems };
}
