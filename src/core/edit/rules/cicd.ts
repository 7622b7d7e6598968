/**
 * CI/CD and repository control: GitHub workflows that gain broad token permissions, run
 * untrusted pull-request code with secrets, lose or neutralise their tests, or deploy to
 * production on every push; CODEOWNERS entries removed; git hooks and agent configuration
 * changed; VS Code settings that loosen protection; this product's own policy file and its
 * sign-off record.
 *
 * Workflows are read with the YAML parser (../../formats/yaml) and compared structurally, so reordering
 * keys or reformatting stays quiet.
 */
import type { Edit, EditRule, EditRuleFinding } from '../rule';
import { atAfter, atBefore, atFirstChange, hasKind, newlyAdded, reallyRemoved } from '../rule';
import { productionMarkers } from '../../rules/production';
import { decisionRank, isDecision } from '../../severity';
import type { Side } from '../types';
import { jsonChild, jsonKey, type JsonNode, jsonProps, jsonValue } from '../../formats/json';
import { asRecord, pathString, type YamlPath } from '../../formats/yaml';
import { jsonDoc, lineOfNode, parseYamlDocuments } from '../documents';
import { nameParts } from './text';

// ---------------------------------------------------------------------------------------------
// Workflows

interface Workflow {
  data: Record<string, unknown> | undefined;
  /** 1-based line of a key path (`jobs.test.steps[2].run`), when present. */
  at(path: YamlPath): number | undefined;
}

function workflow(edit: Edit, side: Side): Workflow {
  return edit.memo(`cicd:wf:${side}`, () => {
    const doc = parseYamlDocuments(edit, side)[0];
    const lines = new Map<string, number>();
    for (const e of doc?.entries ?? []) lines.set(pathString(e.path), e.line);
    return { data: asRecord(doc?.data), at: (p: YamlPath) => lines.get(pathString(p)) };
  });
}

function triggers(data: Record<string, unknown> | undefined): Map<string, unknown> {
  const out = new Map<string, unknown>();
  const on = data?.['on'] ?? data?.['true'];
  if (typeof on === 'string') {
    out.set(on, null);
  } else if (Array.isArray(on)) {
    for (const e of on) if (typeof e === 'string') out.set(e, null);
  } else {
    const r = asRecord(on);
    if (r) for (const [k, v] of Object.entries(r)) out.set(k, v);
  }
  return out;
}

function jobsOf(data: Record<string, unknown> | undefined): [string, Record<string, unknown>][] {
  const jobs = asRecord(data?.['jobs']);
  if (!jobs) return [];
  const out: [string, Record<string, unknown>][] = [];
  for (const [id, j] of Object.entries(jobs)) {
    const r = asRecord(j);
    if (r) out.push([id, r]);
  }
  return out;
}

function stepsOf(job: Record<string, unknown>): Record<string, unknown>[] {
  const steps = job['steps'];
  return Array.isArray(steps) ? steps.map((s) => asRecord(s) ?? {}) : [];
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : '';
}

const TEST_CMD_RE =
  /\b(?:npm|pnpm|yarn|bun)\s+(?:run\s+)?(?:test|t)\b|\b(?:npm|pnpm|yarn|bun)\s+run\s+[\w:.-]*test[\w:.-]*|\bnpx\s+(?:jest|vitest|mocha|ava|playwright\s+test|cypress\s+run)\b|(?:^|[\s;&|])(?:jest|vitest|mocha|ava)(?:\s|$)|\bpytest\b|\bpython3?\s+-m\s+(?:pytest|unittest)\b|\btox\b|\bnox\b|\bgo\s+test\b|\bcargo\s+(?:test|nextest)\b|\bmvn\b[^\n]*\b(?:test|verify)\b|\bgradlew?\b[^\n]*\b(?:test|check)\b|\bdotnet\s+test\b|\brspec\b|\brake\s+(?:test|spec)\b|\bphpunit\b|\bmake\s+(?:test|check)\b|\bctest\b|\bswift\s+test\b|\bmix\s+test\b|\bdeno\s+test\b/i;
const TEST_NAME_RE = /\btests?\b|\bspecs?\b|\bunit\b|\be2e\b|\bintegration\b|\bpytest\b|\bjest\b|\bvitest\b/i;

function isTestStep(step: Record<string, unknown>): boolean {
  return TEST_CMD_RE.test(str(step['run'])) || TEST_NAME_RE.test(str(step['name']));
}

function stepIdentity(step: Record<string, unknown>): string {
  const s = str(step['name']) || str(step['run']) || str(step['uses']) || str(step['id']);
  return s.trim().replace(/\s+/g, ' ');
}

function isTrue(v: unknown): boolean {
  return v === true || (typeof v === 'string' && /^\s*(?:true|\$\{\{\s*true\s*\}\})\s*$/i.test(v));
}

function isFalse(v: unknown): boolean {
  return v === false || (typeof v === 'string' && /^\s*(?:false|\$\{\{\s*false\s*\}\})\s*$/i.test(v));
}

const HEAD_REF_RE = /github\.event\.pull_request\.head\.(?:sha|ref)|github\.head_ref|refs\/pull\/|github\.event\.pull_request\.number|github\.event\.number|pull_request\.head\.repo/;
const HEAD_RUN_RE = /\bgh\s+pr\s+checkout\b|\bgit\s+(?:fetch|checkout|pull)\b[^\n]*(?:pull\/|github\.event\.pull_request\.head|github\.head_ref)/;

/** Lines (after side) where a pull_request_target workflow checks out the pull request's code. */
function headCheckouts(wf: Workflow): number[] {
  const out: number[] = [];
  for (const [id, job] of jobsOf(wf.data)) {
    stepsOf(job).forEach((step, i) => {
      const w = asRecord(step['with']);
      if (/^actions\/checkout@/i.test(str(step['uses'])) && w) {
        for (const key of ['ref', 'repository']) {
          if (HEAD_REF_RE.test(str(w[key]))) out.push(wf.at(['jobs', id, 'steps', i, 'with', key]) ?? wf.at(['jobs', id, 'steps', i]) ?? 1);
        }
      }
      if (HEAD_RUN_RE.test(str(step['run']))) out.push(wf.at(['jobs', id, 'steps', i, 'run']) ?? 1);
    });
  }
  return out;
}

const DEPLOY_RE = /deploy|release|publish|rollout|ship|promote/i;
const REF_FILTER_RE = /github\.ref\b|github\.ref_name|github\.base_ref|refs\/(?:heads|tags)\/|github\.event_name\s*==/;

/** Job ids that deploy to production on a push to any branch without an environment gate. */
function ungatedProdDeploys(wf: Workflow, markers: readonly string[]): string[] {
  const on = triggers(wf.data);
  if (!on.has('push')) return [];
  const push = asRecord(on.get('push'));
  const branches = push?.['branches'];
  const filtered =
    push !== undefined &&
    (push['tags'] !== undefined ||
      (branches !== undefined && !(Array.isArray(branches) && branches.every((b) => b === '**' || b === '*')) && branches !== '**'));
  if (filtered) return [];
  const out: string[] = [];
  for (const [id, job] of jobsOf(wf.data)) {
    if (job['environment'] !== undefined) continue;
    if (REF_FILTER_RE.test(str(job['if']))) continue;
    const steps = stepsOf(job);
    const deploys =
      DEPLOY_RE.test(id) ||
      DEPLOY_RE.test(str(job['name'])) ||
      steps.some((s) => DEPLOY_RE.test(str(s['name'])) || DEPLOY_RE.test(str(s['run'])) || DEPLOY_RE.test(str(s['uses'])));
    if (!deploys) continue;
    const text = JSON.stringify(job);
    if (!nameParts(text).some((p) => markers.includes(p))) continue;
    out.push(id);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// CODEOWNERS

interface OwnerEntry {
  pattern: string;
  owners: string[];
  line: number;
}

function ownerEntries(lines: readonly string[]): Map<string, OwnerEntry> {
  const out = new Map<string, OwnerEntry>();
  lines.forEach((l, i) => {
    const t = l.replace(/(^|\s)#.*$/, '').trim();
    if (t === '' || t.startsWith('[') || t.startsWith('^[')) return; // GitLab section headers
    const [pattern, ...owners] = t.split(/\s+/);
    if (pattern) out.set(pattern, { pattern, owners, line: i + 1 });
  });
  return out;
}

// ---------------------------------------------------------------------------------------------
// Hooks and agent configuration

/** Files whose every change can switch off checks or run code: hooks and agent permission files. */
function isHookOrAgentControl(path: string): boolean {
  const p = path.toLowerCase();
  if (/(^|\/)\.git\/hooks\/[^/]+$/.test(p)) return !p.endsWith('.sample');
  if (/(^|\/)(\.githooks|\.husky)\//.test(p)) return !/(^|\/)\.husky\/_\//.test(p);
  if (/(^|\/)\.github\/hooks\//.test(p)) return true;
  if (/(^|\/)lefthook(-local)?\.ya?ml$|(^|\/)\.pre-commit-config\.yaml$/.test(p)) return true;
  if (/(^|\/)\.claude\/(settings[^/]*\.json|hooks\/)/.test(p)) return true;
  if (/(^|\/)\.cursor\/(hooks|mcp|cli)\.json$/.test(p)) return true;
  if (/(^|\/)\.gemini\/settings\.json$/.test(p)) return true;
  if (/(^|\/)\.codex\//.test(p)) return true;
  if (/(^|\/)\.mcp\.json$|(^|\/)\.vscode\/mcp\.json$/.test(p)) return true;
  return false;
}

const GUARD_RE = /blast-radius|blastRadius|blast_radius/;

/** Removed lines that wired this product's guard in (a hook command calling blast-radius). */
function guardRemovals(edit: Edit): { line: number; text: string }[] {
  return edit.memo('cicd:guardRemovals', () => {
    const gone = reallyRemoved(edit).filter((l) => GUARD_RE.test(l.text) && !/^\s*(#|\/\/)/.test(l.text));
    if (gone.length === 0) return [];
    // Still wired in elsewhere in the new version (moved, reformatted): not a removal.
    const stillThere = (edit.after ?? '').split('\n').filter((l) => GUARD_RE.test(l)).length;
    const before = (edit.before ?? '').split('\n').filter((l) => GUARD_RE.test(l)).length;
    return stillThere >= before ? [] : gone;
  });
}

const BROAD_ALLOW_RE = /^(?:Bash|Bash\(\*\)|Bash\(:\*\)|Bash\(\*:\*\)|\*|Write|Edit|MultiEdit|Write\(\*\*?\)|Edit\(\*\*?\)|WebFetch|mcp__\w+)$/;

/** Structural loosening of agent settings (Claude Code, Gemini CLI, Cursor, Codex). */
function agentLoosening(edit: Edit): EditRuleFinding[] {
  return edit.memo('cicd:agentLoosening', () => {
    const out: EditRuleFinding[] = [];
    const name = edit.file.path.toLowerCase();
    if (name.endsWith('.toml')) {
      for (const l of newlyAdded(edit)) {
        if (/^\s*approval_policy\s*=\s*["']never["']|^\s*sandbox_mode\s*=\s*["']danger-full-access["']|dangerously-bypass/.test(l.text)) {
          out.push(atAfter(l.line, `agent approvals or sandbox switched off: ${l.text.trim()}`));
        }
      }
      return out;
    }
    if (!name.endsWith('.json')) return out;
    const b = jsonDoc(edit, 'before').root;
    const a = jsonDoc(edit, 'after').root;
    if (!a) return out;
    const perms = (root: JsonNode | undefined): JsonNode | undefined => jsonChild(root, 'permissions');
    // Claude Code: default mode, allow and deny lists.
    const modeA = jsonChild(perms(a), 'defaultMode') ?? jsonChild(a, 'defaultMode');
    const modeB = jsonChild(perms(b), 'defaultMode') ?? jsonChild(b, 'defaultMode');
    if (modeA && /^(bypassPermissions|acceptEdits|dontAsk)$/.test(String(modeA.value)) && modeA.value !== modeB?.value) {
      out.push(atAfter(lineOfNode(edit, 'after', modeA), `agent permission mode set to "${String(modeA.value)}": it stops asking before acting`));
    }
    const items = (list: JsonNode | undefined): JsonNode[] => (list?.type === 'array' ? (list.children ?? []) : []);
    const beforeAllow = new Set(items(jsonChild(perms(b), 'allow')).map((n) => String(n.value)));
    for (const n of items(jsonChild(perms(a), 'allow'))) {
      const v = String(n.value);
      if (!beforeAllow.has(v) && BROAD_ALLOW_RE.test(v)) out.push(atAfter(lineOfNode(edit, 'after', n), `agent allowed to run "${v}" without asking`));
    }
    const afterDeny = new Set(items(jsonChild(perms(a), 'deny')).map((n) => String(n.value)));
    for (const n of items(jsonChild(perms(b), 'deny'))) {
      if (!afterDeny.has(String(n.value))) out.push(atBefore(lineOfNode(edit, 'before', n), `agent deny rule "${String(n.value)}" removed`));
    }
    // Switches that turn off hooks or confirmations.
    const flat = (root: JsonNode | undefined): Map<string, JsonNode> => {
      const m = new Map<string, JsonNode>();
      const walk = (node: JsonNode | undefined, prefix: string, depth: number): void => {
        if (depth > 6) return;
        for (const [k, , v] of jsonProps(node)) {
          const p = prefix ? `${prefix}.${k}` : k;
          m.set(p, v);
          walk(v, p, depth + 1);
        }
      };
      walk(root, '', 0);
      return m;
    };
    const fa = flat(a);
    const fb = flat(b);
    for (const [p, v] of fa) {
      const key = p.split('.').pop() ?? p;
      const was = fb.get(p)?.value as unknown;
      if (v.value === true && was !== true && /^(disableAllHooks|autoAccept|yolo|enableAllProjectMcpServers|dangerouslySkipPermissions|skipPermissions)$/i.test(key)) {
        out.push(atAfter(lineOfNode(edit, 'after', v), `"${p}": true switches off the agent's confirmations or hooks`));
      }
      if (typeof v.value === 'string' && /^(approvalMode|approval_policy)$/i.test(key) && /^(yolo|never|auto)$/i.test(v.value) && v.value !== was) {
        out.push(atAfter(lineOfNode(edit, 'after', v), `"${p}" set to "${v.value}": the agent no longer asks`));
      }
    }
    // Hook entries removed (Claude Code, Cursor, Gemini: "hooks" objects of lists).
    const hookCount = (root: JsonNode | undefined): number => {
      const h = jsonChild(root, 'hooks');
      if (!h) return 0;
      return JSON.stringify(jsonValue(h)).split('"command"').length - 1;
    };
    const hb = hookCount(b);
    const ha = hookCount(a);
    if (ha < hb && guardRemovals(edit).length === 0) {
      const first = reallyRemoved(edit).find((l) => /"command"/.test(l.text)) ?? reallyRemoved(edit)[0];
      if (first) out.push(atBefore(first.line, `${hb - ha} agent hook command(s) removed`));
    }
    return out;
  });
}

// ---------------------------------------------------------------------------------------------
// VS Code settings

interface SettingRisk {
  re: RegExp;
  /** Does this new value loosen protection (compared with the old)? */
  loosens(after: unknown, before: unknown): boolean;
  severity: 'high' | 'critical';
  why: string;
}

const SETTING_RISKS: readonly SettingRisk[] = [
  {
    re: /^blastRadius\./,
    loosens: () => true,
    severity: 'high',
    why: 'changes how Blast Radius protects this workspace',
  },
  {
    re: /^security\.workspace\.trust\./,
    loosens: () => true,
    severity: 'high',
    why: 'changes workspace trust, which gates tasks, debugging and extensions',
  },
  {
    re: /^chat\.tools\.(?:global\.)?autoApprove$|^chat\.tools\.edits\.autoApprove$|^github\.copilot\.chat\.agent\.autoApprove$/,
    loosens: (a) => a === true || (asRecord(a) !== undefined && Object.values(asRecord(a)!).some((v) => v === true)),
    severity: 'critical',
    why: 'lets the chat agent run tools without asking',
  },
  {
    re: /^chat\.tools\.terminal\.autoApprove$|^github\.copilot\.chat\.agent\.terminal\.allowList$|^chat\.agent\.terminal\.allowList$|^chat\.tools\.terminal\.enableAutoApprove$/,
    loosens: () => true,
    severity: 'high',
    why: 'lets the agent run more terminal commands without asking',
  },
  {
    re: /^task\.allowAutomaticTasks$/,
    loosens: (a) => a === 'on' || a === true,
    severity: 'high',
    why: 'lets folder tasks run automatically when the workspace opens',
  },
];

function settingsRoot(edit: Edit, side: Side): JsonNode | undefined {
  const root = jsonDoc(edit, side).root;
  return edit.file.path.toLowerCase().endsWith('.code-workspace') ? jsonChild(root, 'settings') : root;
}

// ---------------------------------------------------------------------------------------------
// The product's policy file

const GROWS_LOOSER = /^(allow|localMarkers|disabledRules)$/;
const SHRINKS_LOOSER = /^(deny|productionMarkers|customRules)$/;

interface PolicyChange {
  loosens: boolean;
  side: Side;
  line: number;
  message: string;
}

function policyChanges(edit: Edit): PolicyChange[] {
  return edit.memo('cicd:policy', () => {
    const out: PolicyChange[] = [];
    const b = jsonDoc(edit, 'before').root;
    const a = jsonDoc(edit, 'after').root;
    const walk = (bn: JsonNode | undefined, an: JsonNode | undefined, path: string[]): void => {
      const key = path[path.length - 1] ?? '';
      const where = path.join('.');
      const isArr = (n: JsonNode | undefined): boolean => n?.type === 'array';
      if (isArr(bn) || isArr(an)) {
        const bItems = bn?.type === 'array' ? (bn.children ?? []) : [];
        const aItems = an?.type === 'array' ? (an.children ?? []) : [];
        const bKeys = new Set(bItems.map((n) => jsonKey(jsonValue(n))));
        const aKeys = new Set(aItems.map((n) => jsonKey(jsonValue(n))));
        for (const n of aItems) {
          if (bKeys.has(jsonKey(jsonValue(n)))) continue;
          const loosens = GROWS_LOOSER.test(key);
          out.push({ loosens, side: 'after', line: lineOfNode(edit, 'after', n), message: `${where} gained ${short(jsonValue(n))}${loosens ? ': protection loosened' : ''}` });
        }
        for (const n of bItems) {
          if (aKeys.has(jsonKey(jsonValue(n)))) continue;
          const loosens = SHRINKS_LOOSER.test(key);
          out.push({ loosens, side: 'before', line: lineOfNode(edit, 'before', n), message: `${where} lost ${short(jsonValue(n))}${loosens ? ': protection loosened' : ''}` });
        }
        return;
      }
      if (bn?.type === 'object' || an?.type === 'object') {
        const keys = new Set([...jsonProps(bn).map(([k]) => k), ...jsonProps(an).map(([k]) => k)]);
        for (const k of keys) walk(jsonChild(bn, k), jsonChild(an, k), [...path, k]);
        return;
      }
      const bv = jsonValue(bn);
      const av = jsonValue(an);
      if (jsonKey(bv) === jsonKey(av)) return;
      let loosens = false;
      if (path[0] === 'severity' && typeof av === 'string' && typeof bv === 'string') {
        loosens = rankOf(av) < rankOf(bv);
      } else if (path[0] === 'severity' && av === undefined) {
        loosens = bv !== 'allow';
      } else if (path[0] === 'approvals') {
        loosens = typeof bv === 'number' && (typeof av !== 'number' || av < bv);
      } else if (typeof bv === 'boolean' || typeof av === 'boolean') {
        if (/enable|protect|guard|confirm|require|strict/i.test(key)) loosens = av !== true && bv !== false;
        if (/disable|skip|bypass|allowAll|trust/i.test(key)) loosens = av === true && bv !== true;
      }
      if (an) {
        out.push({ loosens, side: 'after', line: lineOfNode(edit, 'after', an), message: `${where} changed from ${short(bv)} to ${short(av)}${loosens ? ': protection loosened' : ''}` });
      } else if (bn) {
        out.push({ loosens, side: 'before', line: lineOfNode(edit, 'before', bn), message: `${where} (${short(bv)}) removed${loosens ? ': protection loosened' : ''}` });
      }
    };
    if (a) walk(b, a, []);
    return out;
  });
}

/** The rank of a decision written in the policy file; an unknown word counts as `confirm`. */
function rankOf(decision: string): number {
  return isDecision(decision) ? decisionRank(decision) : decisionRank('confirm');
}

function short(v: unknown): string {
  const s = v === undefined ? 'nothing' : JSON.stringify(v);
  return s.length > 60 ? `${s.slice(0, 57)}…` : s;
}

// ---------------------------------------------------------------------------------------------

// ---------------------------------------------------------------------------------------------
// The sign-off record (docs/signoff.md)

/** A file in the sign-off record folder, `.blast-radius/reviews/`, at any depth of the path. */
const REVIEW_RECORD_RE = /(?:^|\/)\.blast-radius\/reviews(?:\/|$)/;

/**
 * The editor's discovery files and the hook judge's record in the user's runtime folder
 * (`$XDG_RUNTIME_DIR/blast-radius/` or `<tmp>/blast-radius-<uid>/`): they tell the hooks which
 * server to ask, so pointing them elsewhere answers every question without the person.
 */
const GUARD_RUNTIME_RE = /(?:^|\/)blast-radius(?:-\d+)?\/(?:hook-judge-[^/]+|[0-9a-f]{24}\.json(?:\.\d+\.tmp)?)$/;

const RECORD_SAMPLE =
  '{\n  "version": 1,\n  "id": "6b1a13a35ae2-36acfab3d8",\n  "kind": "edit",\n  "ruleId": "sql.drop-table",\n  "decision": "approve",\n  "decidedBy": "person"\n}\n';

const WF_HEAD = 'name: CI\n';

export const cicdRules: EditRule[] = [
  {
    id: 'cicd.workflow-permissions',
    description: 'A GitHub workflow gained broad token permissions (write-all, or contents/id-token write for every job), or lost its restrictive permissions block.',
    severity: 'high',
    suggestion: 'Keep `permissions: contents: read` at the top and grant write scopes only to the job that needs them.',
    kinds: ['github-workflow'],
    examples: {
      match: [
        {
          name: 'write-all at the top',
          path: '.github/workflows/ci.yml',
          before: `${WF_HEAD}on: push\npermissions:\n  contents: read\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make\n`,
          after: `${WF_HEAD}on: push\npermissions: write-all\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make\n`,
          line: 3,
          side: 'after',
          severity: 'high',
        },
        {
          name: 'id-token write for the whole workflow',
          path: '.github/workflows/ci.yml',
          before: `${WF_HEAD}on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make\n`,
          after: `${WF_HEAD}on: push\npermissions:\n  id-token: write\n  contents: read\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make\n`,
          line: 4,
          side: 'after',
          severity: 'medium',
        },
      ],
      nearMiss: [
        {
          name: 'write scope on one job',
          path: '.github/workflows/release.yml',
          before: `${WF_HEAD}on: push\njobs:\n  release:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make\n`,
          after: `${WF_HEAD}on: push\njobs:\n  release:\n    runs-on: ubuntu-latest\n    permissions:\n      contents: write\n    steps:\n      - run: make\n`,
        },
        {
          name: 'read-only block added',
          path: '.github/workflows/ci.yml',
          before: `${WF_HEAD}on: push\njobs: {}\n`,
          after: `${WF_HEAD}on: push\npermissions:\n  contents: read\njobs: {}\n`,
        },
      ],
    },
    check(edit) {
      if (edit.after === null) return undefined;
      const a = workflow(edit, 'after');
      const b = workflow(edit, 'before');
      const out: EditRuleFinding[] = [];
      const pa = a.data?.['permissions'];
      const pb = b.data?.['permissions'];
      if (pa === 'write-all' && pb !== 'write-all') {
        out.push(atAfter(a.at(['permissions']) ?? 1, 'the workflow token now has write access to everything (permissions: write-all)'));
      }
      const ra = asRecord(pa);
      const rb = asRecord(pb);
      for (const scope of ['contents', 'id-token', 'actions', 'packages', 'deployments']) {
        if (ra?.[scope] === 'write' && rb?.[scope] !== 'write' && pb !== 'write-all') {
          out.push(
            atAfter(a.at(['permissions', scope]) ?? 1, `every job in the workflow now gets ${scope}: write`, {
              severity: scope === 'contents' || scope === 'id-token' ? 'medium' : 'low',
            }),
          );
        }
      }
      for (const [id, job] of jobsOf(a.data)) {
        const before = jobsOf(b.data).find(([bid]) => bid === id)?.[1];
        if (job['permissions'] === 'write-all' && before?.['permissions'] !== 'write-all' && pa !== 'write-all') {
          out.push(atAfter(a.at(['jobs', id, 'permissions']) ?? 1, `job "${id}" now has a token with write access to everything (write-all)`));
        }
      }
      if (pb !== undefined && pb !== 'write-all' && pa === undefined && edit.before !== null) {
        const jobsRestricted = jobsOf(a.data).length > 0 && jobsOf(a.data).every(([, j]) => j['permissions'] !== undefined);
        if (!jobsRestricted) {
          out.push(atBefore(b.at(['permissions']) ?? 1, 'the permissions block was removed: jobs fall back to the repository default, which may be write access', { severity: 'medium' }));
        }
      }
      return out;
    },
  },
  {
    id: 'cicd.pr-target-checkout',
    description: 'A pull_request_target workflow checks out the pull request head: untrusted code runs with secrets and a write token.',
    severity: 'critical',
    suggestion: 'Use the pull_request event for building untrusted code, or split it: build in pull_request, then act on the artifact in a workflow_run job.',
    kinds: ['github-workflow'],
    examples: {
      match: [
        {
          name: 'trigger switched and head checked out',
          path: '.github/workflows/preview.yml',
          before: `${WF_HEAD}on: pull_request\njobs:\n  preview:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: npm ci && npm run build\n`,
          after: `${WF_HEAD}on: pull_request_target\njobs:\n  preview:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n        with:\n          ref: \${{ github.event.pull_request.head.sha }}\n      - run: npm ci && npm run build\n`,
          line: 9,
          side: 'after',
        },
      ],
      nearMiss: [
        {
          name: 'labeler on pull_request_target without checkout of the head',
          path: '.github/workflows/labeler.yml',
          before: null,
          after: `${WF_HEAD}on: pull_request_target\njobs:\n  label:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/labeler@v5\n`,
        },
        {
          name: 'head checkout on pull_request',
          path: '.github/workflows/ci.yml',
          before: `${WF_HEAD}on: pull_request\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n`,
          after: `${WF_HEAD}on: pull_request\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n        with:\n          ref: \${{ github.event.pull_request.head.sha }}\n`,
        },
      ],
    },
    check(edit) {
      if (edit.after === null) return undefined;
      const a = workflow(edit, 'after');
      if (!triggers(a.data).has('pull_request_target')) return undefined;
      const heads = headCheckouts(a);
      if (heads.length === 0) return undefined;
      const b = workflow(edit, 'before');
      if (triggers(b.data).has('pull_request_target') && headCheckouts(b).length >= heads.length) return undefined;
      return heads.map((line) =>
        atAfter(line, 'pull_request_target runs with secrets and a write token, and this step checks out the untrusted pull request code'),
      );
    },
  },
  {
    id: 'cicd.test-step-removed',
    description: 'A CI step or job that runs tests was removed from a workflow.',
    severity: 'high',
    suggestion: 'Keep the test step; if it is slow or flaky, fix or split it instead of deleting it.',
    kinds: ['github-workflow'],
    examples: {
      match: [
        {
          name: 'npm test step removed',
          path: '.github/workflows/ci.yml',
          before: `${WF_HEAD}on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: npm ci\n      - name: Unit tests\n        run: npm test\n      - run: npm run build\n`,
          after: `${WF_HEAD}on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: npm ci\n      - run: npm run build\n`,
          line: 9,
          side: 'before',
        },
        {
          name: 'test job removed',
          path: '.github/workflows/ci.yml',
          before: `${WF_HEAD}on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: go test ./...\n  lint:\n    runs-on: ubuntu-latest\n    steps:\n      - run: golangci-lint run\n`,
          after: `${WF_HEAD}on: push\njobs:\n  lint:\n    runs-on: ubuntu-latest\n    steps:\n      - run: golangci-lint run\n`,
          line: 4,
          side: 'before',
        },
      ],
      nearMiss: [
        {
          name: 'test step renamed and its command changed',
          path: '.github/workflows/ci.yml',
          before: `${WF_HEAD}on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - name: Test\n        run: npm test\n`,
          after: `${WF_HEAD}on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - name: Unit tests (CI reporter)\n        run: npm run test:ci\n`,
        },
        {
          name: 'lint step removed',
          path: '.github/workflows/ci.yml',
          before: `${WF_HEAD}on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: npm run lint\n      - run: npm test\n`,
          after: `${WF_HEAD}on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: npm test\n`,
        },
      ],
    },
    check(edit) {
      const b = workflow(edit, 'before');
      if (!b.data) return undefined;
      const a = workflow(edit, 'after');
      if (edit.after !== null && !a.data) return undefined; // unreadable YAML: other rules and the review see it
      const afterJobs = new Map(jobsOf(a.data));
      const out: EditRuleFinding[] = [];
      for (const [id, job] of jobsOf(b.data)) {
        const testSteps = stepsOf(job)
          .map((s, i) => ({ s, i }))
          .filter(({ s }) => isTestStep(s));
        if (testSteps.length === 0) continue;
        const aj = afterJobs.get(id);
        if (!aj) {
          // A renamed job keeps its test steps somewhere else in the workflow.
          const elsewhere = new Set([...afterJobs.values()].flatMap((j) => stepsOf(j).filter(isTestStep).map(stepIdentity)));
          if (testSteps.every(({ s }) => elsewhere.has(stepIdentity(s)))) continue;
          out.push(atBefore(b.at(['jobs', id]) ?? 1, `job "${id}", which ran tests, was removed from the workflow`));
          continue;
        }
        const afterTests = stepsOf(aj).filter(isTestStep);
        if (afterTests.length >= testSteps.length) continue;
        const kept = new Set(afterTests.map(stepIdentity));
        for (const { s, i } of testSteps) {
          if (kept.has(stepIdentity(s))) continue;
          out.push(atBefore(b.at(['jobs', id, 'steps', i]) ?? 1, `test step "${stepIdentity(s).slice(0, 60)}" was removed from job "${id}"`));
        }
      }
      return out;
    },
  },
  {
    id: 'cicd.test-step-disabled',
    description: 'A CI test step or job was made non-blocking (continue-on-error: true) or switched off (if: false).',
    severity: 'high',
    suggestion: 'Let failing tests fail the build; quarantine a flaky test in the test suite with a tracked issue instead.',
    kinds: ['github-workflow'],
    examples: {
      match: [
        {
          name: 'continue-on-error on pytest',
          path: '.github/workflows/ci.yml',
          before: `${WF_HEAD}on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: pytest -q\n`,
          after: `${WF_HEAD}on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: pytest -q\n        continue-on-error: true\n`,
          line: 8,
          side: 'after',
        },
        {
          name: 'test job switched off',
          path: '.github/workflows/ci.yml',
          before: `${WF_HEAD}on: push\njobs:\n  e2e:\n    runs-on: ubuntu-latest\n    steps:\n      - run: npx playwright test\n`,
          after: `${WF_HEAD}on: push\njobs:\n  e2e:\n    if: false\n    runs-on: ubuntu-latest\n    steps:\n      - run: npx playwright test\n`,
          line: 5,
          side: 'after',
        },
      ],
      nearMiss: [
        {
          name: 'continue-on-error on a notification step',
          path: '.github/workflows/ci.yml',
          before: `${WF_HEAD}on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: pytest\n      - name: Notify Slack\n        uses: slackapi/slack-github-action@v1\n`,
          after: `${WF_HEAD}on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: pytest\n      - name: Notify Slack\n        uses: slackapi/slack-github-action@v1\n        continue-on-error: true\n`,
        },
        {
          name: 'experimental matrix leg already allowed to fail',
          path: '.github/workflows/ci.yml',
          before: `${WF_HEAD}on: push\njobs:\n  test:\n    continue-on-error: true\n    runs-on: ubuntu-latest\n    steps:\n      - run: cargo test\n`,
          after: `${WF_HEAD}on: push\njobs:\n  test:\n    continue-on-error: true\n    runs-on: ubuntu-22.04\n    steps:\n      - run: cargo test\n`,
        },
      ],
    },
    check(edit) {
      if (edit.after === null) return undefined;
      const a = workflow(edit, 'after');
      const b = workflow(edit, 'before');
      const beforeJobs = new Map(jobsOf(b.data));
      const out: EditRuleFinding[] = [];
      for (const [id, job] of jobsOf(a.data)) {
        const bj = beforeJobs.get(id);
        const steps = stepsOf(job);
        const runsTests = steps.some(isTestStep);
        if (runsTests) {
          if (isTrue(job['continue-on-error']) && !isTrue(bj?.['continue-on-error'])) {
            out.push(atAfter(a.at(['jobs', id, 'continue-on-error']) ?? 1, `test failures in job "${id}" no longer fail the build (continue-on-error: true)`));
          }
          if (isFalse(job['if']) && !isFalse(bj?.['if'])) {
            out.push(atAfter(a.at(['jobs', id, 'if']) ?? 1, `job "${id}", which runs tests, is switched off (if: false)`));
          }
        }
        const beforeSteps = new Map((bj ? stepsOf(bj) : []).map((s) => [stepIdentity(s), s]));
        steps.forEach((s, i) => {
          if (!isTestStep(s)) return;
          const prev = beforeSteps.get(stepIdentity(s));
          if (isTrue(s['continue-on-error']) && !isTrue(prev?.['continue-on-error'])) {
            out.push(atAfter(a.at(['jobs', id, 'steps', i, 'continue-on-error']) ?? 1, `test step "${stepIdentity(s).slice(0, 60)}" can now fail without failing the build`));
          }
          if (isFalse(s['if']) && !isFalse(prev?.['if'])) {
            out.push(atAfter(a.at(['jobs', id, 'steps', i, 'if']) ?? 1, `test step "${stepIdentity(s).slice(0, 60)}" is switched off (if: false)`));
          }
        });
      }
      return out;
    },
  },
  {
    id: 'cicd.deploy-on-push',
    description: 'A workflow deploys to production on every push, with no branch filter and no protected environment.',
    severity: 'high',
    suggestion: 'Restrict the trigger (on: push: branches: [main]) and deploy through a protected environment (environment: production) with required reviewers.',
    kinds: ['github-workflow'],
    examples: {
      match: [
        {
          name: 'production deploy on any push',
          path: '.github/workflows/deploy.yml',
          before: null,
          after: `name: Deploy\non: push\njobs:\n  deploy-production:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: ./scripts/deploy.sh production\n`,
          line: 4,
          side: 'after',
        },
      ],
      nearMiss: [
        {
          name: 'protected environment',
          path: '.github/workflows/deploy.yml',
          before: null,
          after: `name: Deploy\non: push\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    environment: production\n    steps:\n      - run: ./scripts/deploy.sh production\n`,
        },
        {
          name: 'main branch only',
          path: '.github/workflows/deploy.yml',
          before: null,
          after: `name: Deploy\non:\n  push:\n    branches: [main]\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    steps:\n      - run: ./scripts/deploy.sh production\n`,
        },
        {
          name: 'staging deploy on push',
          path: '.github/workflows/staging.yml',
          before: null,
          after: `name: Staging\non: push\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    steps:\n      - run: ./scripts/deploy.sh staging\n`,
        },
      ],
    },
    check(edit) {
      if (edit.after === null) return undefined;
      const markers = productionMarkers(edit.context.productionMarkers);
      const was = new Set(ungatedProdDeploys(workflow(edit, 'before'), markers));
      const a = workflow(edit, 'after');
      return ungatedProdDeploys(a, markers)
        .filter((id) => !was.has(id))
        .map((id) => atAfter(a.at(['jobs', id]) ?? 1, `job "${id}" deploys to production on every push to any branch, with no protected environment`));
    },
  },
  {
    id: 'cicd.codeowners-removed',
    description: 'CODEOWNERS entries were removed or lost owners, so changes there no longer need those reviewers.',
    severity: 'high',
    suggestion: 'Keep the entry; change its owners rather than removing required review.',
    kinds: ['codeowners'],
    examples: {
      match: [
        {
          name: 'infra entry removed',
          path: '.github/CODEOWNERS',
          before: '*       @acme/web\n/infra/ @acme/platform\n/db/    @acme/dba\n',
          after: '*       @acme/web\n/db/    @acme/dba\n',
          line: 2,
          side: 'before',
          severity: 'high',
        },
        {
          name: 'owner dropped from an entry',
          path: 'CODEOWNERS',
          before: '/payments/ @acme/payments @acme/security\n',
          after: '/payments/ @acme/payments\n',
          line: 1,
          side: 'after',
          severity: 'medium',
        },
      ],
      nearMiss: [
        { name: 'owner added', path: 'CODEOWNERS', before: '/api/ @acme/api\n', after: '/api/ @acme/api @acme/security\n' },
        { name: 'entries reordered', path: '.github/CODEOWNERS', before: '/a/ @x\n/b/ @y\n', after: '/b/ @y\n/a/ @x\n' },
        { name: 'comment edited', path: 'CODEOWNERS', before: '# owners\n/a/ @x\n', after: '# Owners of the code\n/a/ @x\n' },
      ],
    },
    check(edit) {
      const before = ownerEntries(edit.lines('before'));
      const after = ownerEntries(edit.lines('after'));
      const out: EditRuleFinding[] = [];
      for (const e of before.values()) {
        const now = after.get(e.pattern);
        if (!now) {
          out.push(atBefore(e.line, `CODEOWNERS entry for ${e.pattern} removed: changes there no longer need ${e.owners.join(' ') || 'its owners'}`));
          continue;
        }
        const lost = e.owners.filter((o) => !now.owners.includes(o));
        if (lost.length === 0) continue;
        out.push(
          atAfter(now.line, `${lost.join(' ')} no longer own${lost.length === 1 ? 's' : ''} ${e.pattern}`, {
            severity: now.owners.length === 0 ? 'high' : 'medium',
          }),
        );
      }
      return out;
    },
  },
  {
    id: 'cicd.guard-removed',
    description: "A hook or agent setting that calls Blast Radius was removed: the guard is being switched off.",
    severity: 'critical',
    suggestion: 'Keep the hook; change Blast Radius behaviour through its policy, reviewed by a person.',
    kinds: ['git-hook', 'agent-config', 'ci'],
    examples: {
      match: [
        {
          name: 'pre-commit hook loses its check',
          path: '.git/hooks/pre-commit',
          before: '#!/bin/sh\nblast-radius check-edit --git --staged || exit 1\nnpx lint-staged\n',
          after: '#!/bin/sh\nnpx lint-staged\n',
          line: 2,
          side: 'before',
        },
        {
          name: 'Claude Code hook entry removed',
          path: '.claude/settings.json',
          before:
            '{\n  "hooks": {\n    "PreToolUse": [\n      { "matcher": "*", "hooks": [{ "type": "command", "command": "/usr/local/bin/blast-radius hook claude" }] }\n    ]\n  }\n}\n',
          after: '{\n  "hooks": {}\n}\n',
          line: 4,
          side: 'before',
        },
      ],
      nearMiss: [
        {
          name: 'hook path updated',
          path: '.git/hooks/pre-push',
          before: '#!/bin/sh\n/opt/br/blast-radius check-edit --git origin/main\n',
          after: '#!/bin/sh\n/usr/local/bin/blast-radius check-edit --git origin/main\n',
        },
      ],
    },
    check(edit) {
      if (hasKind(edit, 'ci') && !isHookOrAgentControl(edit.file.path)) {
        // In CI, only a removed verification step counts (blast-radius verify / check-edit).
        return guardRemovals(edit)
          .filter((l) => /\bblast-radius\s+(?:verify|check-edit|check)\b/.test(l.text))
          .map((l) => atBefore(l.line, 'the Blast Radius check was removed from CI', { severity: 'high' }));
      }
      return guardRemovals(edit).map((l) => atBefore(l.line, `Blast Radius was removed from ${edit.file.name}: ${l.text.trim().slice(0, 80)}`));
    },
  },
  {
    id: 'cicd.agent-config-loosened',
    description: 'Agent settings now let the agent act without asking (bypass mode, broad allow rules, deny rules or hooks removed, auto-accept).',
    severity: 'critical',
    suggestion: 'Keep confirmations on; allow narrow, specific commands instead of whole tools.',
    kinds: ['agent-config'],
    examples: {
      match: [
        {
          name: 'bypassPermissions and Bash(*)',
          path: '.claude/settings.json',
          before: '{\n  "permissions": {\n    "allow": ["Bash(npm test)"]\n  }\n}\n',
          after: '{\n  "permissions": {\n    "defaultMode": "bypassPermissions",\n    "allow": ["Bash(npm test)", "Bash(*)"]\n  }\n}\n',
          line: 3,
          side: 'after',
        },
        {
          name: 'Gemini auto-accept',
          path: '.gemini/settings.json',
          before: '{\n  "theme": "GitHub"\n}\n',
          after: '{\n  "theme": "GitHub",\n  "autoAccept": true\n}\n',
          line: 3,
          side: 'after',
        },
        {
          name: 'Codex without approvals',
          path: '.codex/config.toml',
          before: 'model = "o4-mini"\n',
          after: 'model = "o4-mini"\napproval_policy = "never"\n',
          line: 2,
          side: 'after',
        },
      ],
      nearMiss: [
        {
          name: 'narrow allow rule',
          path: '.claude/settings.json',
          before: '{\n  "permissions": {\n    "allow": ["Bash(npm test)"]\n  }\n}\n',
          after: '{\n  "permissions": {\n    "allow": ["Bash(npm test)", "Bash(npm run lint)"]\n  }\n}\n',
        },
      ],
    },
    check(edit) {
      if (edit.after === null) return undefined;
      return agentLoosening(edit);
    },
  },
  {
    id: 'cicd.hook-changed',
    description: 'A git hook, hook manager config or agent hook/permission file was changed: these run code or decide what an agent may do.',
    severity: 'high',
    suggestion: 'Review the hook by hand before it runs; agents should not edit their own hooks or permissions.',
    kinds: ['git-hook', 'agent-config'],
    examples: {
      match: [
        { name: 'husky pre-commit emptied', path: '.husky/pre-commit', before: 'npx lint-staged\nnpm test\n', after: 'exit 0\n', line: 1, side: 'after' },
        { name: 'new Cursor hook', path: '.cursor/hooks.json', before: null, after: '{\n  "version": 1,\n  "hooks": {}\n}\n', line: 1, side: 'after' },
        { name: 'agent hook script deleted', path: '.github/hooks/pre-tool.sh', before: '#!/bin/sh\nexec ./scripts/policy-check.sh\n', after: null, line: 1, side: 'before' },
      ],
      nearMiss: [
        { name: 'sample hook', path: '.git/hooks/pre-commit.sample', before: '#!/bin/sh\n', after: '#!/bin/sh\necho hi\n' },
        { name: 'agent instructions', path: 'AGENTS.md', before: '# Agents\n', after: '# Agents\n\nRun npm test before committing.\n' },
      ],
    },
    check(edit) {
      if (!isHookOrAgentControl(edit.file.path)) {
        if (hasKind(edit, 'agent-config')) {
          const first = edit.hunks()[0];
          if (!first) return undefined;
          const side: Side = first.added.length > 0 ? 'after' : 'before';
          const line = side === 'after' ? first.added[0]!.line : first.removed[0]!.line;
          return { message: `agent instructions in ${edit.file.name} changed`, line, side, severity: 'low' };
        }
        return undefined;
      }
      // A more specific finding already explains the change.
      if (guardRemovals(edit).length > 0 || (edit.after !== null && agentLoosening(edit).length > 0)) return undefined;
      const first = edit.hunks()[0];
      if (!first) return undefined;
      const kind = hasKind(edit, 'git-hook') ? 'git hook' : 'agent hook/permission file';
      if (edit.change === 'deleted') return atBefore(1, `${kind} ${edit.file.name} was deleted`);
      if (edit.change === 'created') return atAfter(1, `${kind} ${edit.file.name} was created: it will run code or grant permissions`);
      if (first.added.length > 0) return atAfter(first.added[0]!.line, `${kind} ${edit.file.name} was changed`);
      return atBefore(first.removed[0]!.line, `${kind} ${edit.file.name} was changed`);
    },
  },
  {
    id: 'cicd.vscode-setting-loosened',
    description: 'A workspace setting that guards agents or the workspace was changed (blastRadius.*, workspace trust, chat tool auto-approval, terminal allow lists, automatic tasks).',
    severity: 'high',
    suggestion: 'Keep protective settings in your user settings; a workspace should only tighten them.',
    kinds: ['vscode-settings'],
    examples: {
      match: [
        {
          name: 'chat tools auto-approved',
          path: '.vscode/settings.json',
          before: '{\n  "editor.formatOnSave": true\n}\n',
          after: '{\n  "editor.formatOnSave": true,\n  "chat.tools.autoApprove": true\n}\n',
          line: 3,
          side: 'after',
          severity: 'critical',
        },
        {
          name: 'terminal auto-approve entries added',
          path: '.vscode/settings.json',
          before: '{\n  "chat.tools.terminal.autoApprove": {\n    "npm test": true\n  }\n}\n',
          after: '{\n  "chat.tools.terminal.autoApprove": {\n    "npm test": true,\n    "rm": true\n  }\n}\n',
          line: 4,
          side: 'after',
        },
        {
          name: 'Blast Radius setting in a workspace file',
          path: 'acme.code-workspace',
          before: '{\n  "folders": [{ "path": "." }],\n  "settings": {}\n}\n',
          after: '{\n  "folders": [{ "path": "." }],\n  "settings": {\n    "blastRadius.enabled": false\n  }\n}\n',
          line: 4,
          side: 'after',
        },
      ],
      nearMiss: [
        { name: 'editor preference', path: '.vscode/settings.json', before: '{\n  "editor.tabSize": 2\n}\n', after: '{\n  "editor.tabSize": 4,\n  "files.eol": "\\n"\n}\n' },
        { name: 'terminal auto-approve entry denied', path: '.vscode/settings.json', before: '{\n  "chat.tools.terminal.autoApprove": {}\n}\n', after: '{\n  "chat.tools.terminal.autoApprove": {\n    "rm": false\n  }\n}\n' },
      ],
    },
    check(edit) {
      const a = settingsRoot(edit, 'after');
      const b = settingsRoot(edit, 'before');
      const out: EditRuleFinding[] = [];
      const afterProps = new Map(jsonProps(a).map(([k, kn, vn]) => [k, { kn, vn }]));
      const beforeProps = new Map(jsonProps(b).map(([k, kn, vn]) => [k, { kn, vn }]));
      for (const key of new Set([...afterProps.keys(), ...beforeProps.keys()])) {
        const risk = SETTING_RISKS.find((r) => r.re.test(key));
        if (!risk) continue;
        const an = afterProps.get(key);
        const bn = beforeProps.get(key);
        const av = jsonValue(an?.vn);
        const bv = jsonValue(bn?.vn);
        if (jsonKey(av) === jsonKey(bv)) continue;
        if (!an) {
          if (/^blastRadius\./.test(key) || /^security\.workspace\.trust\./.test(key)) {
            out.push(atBefore(lineOfNode(edit, 'before', bn!.kn), `"${key}" removed: ${risk.why}`));
          }
          continue;
        }
        // Allow lists and auto-approve maps: report each new entry that approves.
        const ar = an.vn.type === 'object' ? jsonProps(an.vn) : undefined;
        if (ar && /autoApprove$|allowList$/.test(key) && key !== 'chat.tools.autoApprove') {
          const old = new Map(jsonProps(bn?.vn).map(([k, , v]) => [k, jsonValue(v)]));
          for (const [k, kn, vn] of ar) {
            const v = jsonValue(vn);
            const approves = v === true || asRecord(v)?.['approve'] === true;
            if (approves && jsonKey(old.get(k)) !== jsonKey(v)) {
              out.push(atAfter(lineOfNode(edit, 'after', kn), `"${k}" added to ${key}: the agent may run it without asking`, { severity: risk.severity }));
            }
          }
          continue;
        }
        if (an.vn.type === 'array') {
          const old = new Set((bn?.vn.type === 'array' ? (bn.vn.children ?? []) : []).map((n) => jsonKey(jsonValue(n))));
          for (const n of an.vn.children ?? []) {
            if (!old.has(jsonKey(jsonValue(n)))) {
              out.push(atAfter(lineOfNode(edit, 'after', n), `${short(jsonValue(n))} added to ${key}: ${risk.why}`, { severity: risk.severity }));
            }
          }
          continue;
        }
        if (!risk.loosens(av, bv)) continue;
        const severity = /^blastRadius\./.test(key) && (av === false || av === 'off' || av === 'allow' || av === 'none') ? 'critical' : risk.severity;
        out.push(atAfter(lineOfNode(edit, 'after', an.kn), `"${key}" set to ${short(av)}: ${risk.why}`, { severity }));
      }
      return out;
    },
  },
  {
    id: 'cicd.policy-file-changed',
    description: "This product's policy file (.blast-radius.json) was changed (high), loosened (critical) or deleted (critical).",
    severity: 'high',
    suggestion: 'Policy changes need a person: review them in the editor, and never let an agent edit the policy that judges it.',
    kinds: ['blast-policy'],
    examples: {
      match: [
        {
          name: 'high severity now allowed',
          path: '.blast-radius.json',
          before: '{\n  "severity": { "high": "confirm" },\n  "deny": ["terraform destroy"]\n}\n',
          after: '{\n  "severity": { "high": "allow" },\n  "deny": ["terraform destroy"]\n}\n',
          line: 2,
          side: 'after',
          severity: 'critical',
        },
        {
          name: 'deny entry removed',
          path: '.blast-radius.json',
          before: '{\n  "deny": [\n    "terraform destroy",\n    "kubectl delete namespace"\n  ]\n}\n',
          after: '{\n  "deny": [\n    "terraform destroy"\n  ]\n}\n',
          line: 4,
          side: 'before',
          severity: 'critical',
        },
        {
          name: 'deny entry added (tightened, still reviewed)',
          path: '.blast-radius.json',
          before: '{\n  "deny": []\n}\n',
          after: '{\n  "deny": ["helm uninstall"]\n}\n',
          line: 2,
          side: 'after',
          severity: 'high',
        },
        { name: 'policy file deleted', path: '.blast-radius.json', before: '{\n  "deny": ["rm -rf /"]\n}\n', after: null, line: 1, side: 'before', severity: 'critical' },
      ],
      nearMiss: [
        { name: 'a different JSON file', path: 'config/blast.json', before: '{ "deny": ["a"] }\n', after: '{ "deny": [] }\n' },
      ],
    },
    check(edit) {
      if (edit.after === null) {
        return atBefore(1, 'the Blast Radius policy file was deleted: the protections it added are gone', { severity: 'critical' });
      }
      const doc = jsonDoc(edit, 'after');
      if (!doc.root || doc.broken) {
        const first = edit.added()[0];
        return atAfter(first?.line ?? 1, 'the Blast Radius policy file no longer parses: review the change by hand');
      }
      const changes = policyChanges(edit);
      const loose = changes.filter((c) => c.loosens);
      if (loose.length > 0) return loose.map((c) => ({ message: c.message, line: c.line, side: c.side, severity: 'critical' as const }));
      const c = changes[0];
      if (c) return { message: `Blast Radius policy changed: ${c.message}`, line: c.line, side: c.side };
      const first = edit.hunks()[0];
      if (!first) return undefined;
      return first.added.length > 0
        ? atAfter(first.added[0]!.line, 'the Blast Radius policy file was edited')
        : atBefore(first.removed[0]!.line, 'the Blast Radius policy file was edited');
    },
  },
  {
    id: 'cicd.review-record-changed',
    description: 'A file in the sign-off record (.blast-radius/reviews/) was created, changed or deleted by an agent or outside `blast-radius approve`: approvals there count towards the two-person rule.',
    severity: 'critical',
    suggestion: 'Ask the user to approve with `blast-radius approve <id>` or in the editor; never write, edit or delete record files directly.',
    kinds: '*',
    examples: {
      match: [
        { name: 'agent writes an approval', path: '.blast-radius/reviews/2026-01/6b1a13a35ae2-36acfab3d8.json', before: null, after: RECORD_SAMPLE, context: { author: 'agent' }, line: 1, side: 'after', severity: 'critical' },
        {
          name: 'agent flips a revert into an approval',
          path: '.blast-radius/reviews/2026-01/6b1a13a35ae2-36acfab3d8.json',
          before: RECORD_SAMPLE.replace('"approve"', '"revert"'),
          after: RECORD_SAMPLE,
          context: { author: 'agent' },
          line: 6,
          side: 'after',
          severity: 'critical',
        },
        { name: 'agent deletes a record', path: 'services/api/.blast-radius/reviews/2026-01/x.json', before: RECORD_SAMPLE, after: null, context: { author: 'agent' }, line: 1, side: 'before', severity: 'critical' },
        { name: 'record edited in the editor', path: '.blast-radius/reviews/2026-01/6b1a13a35ae2-36acfab3d8.json', before: RECORD_SAMPLE, after: RECORD_SAMPLE.replace('"person"', '"rule"'), context: { author: 'person' }, line: 7, side: 'after', severity: 'critical' },
        { name: 'record in a commit or push (no author known)', path: '.blast-radius/reviews/2026-01/6b1a13a35ae2-36acfab3d8.json', before: null, after: RECORD_SAMPLE, line: 1, side: 'after', severity: 'medium' },
      ],
      nearMiss: [
        { name: 'a reviews folder elsewhere', path: 'docs/reviews/2026-01/notes.json', before: null, after: RECORD_SAMPLE, context: { author: 'agent' } },
        { name: 'a reviews file next to the record folder', path: '.blast-radius/reviews.md', before: null, after: '# Reviews\n', context: { author: 'agent' } },
        { name: 'the policy file (cicd.policy-file-changed)', path: '.blast-radius.json', before: '{\n  "deny": []\n}\n', after: '{\n  "deny": ["helm uninstall"]\n}\n', context: { author: 'agent' } },
      ],
    },
    check(edit) {
      if (!REVIEW_RECORD_RE.test(edit.file.path)) return undefined;
      // An agent's tool call (the agent hooks) or an edit the editor observed carries an author:
      // critical. Without one (a commit or push checked by the git hooks, `check-edit`), records
      // written by `blast-radius approve` are expected there, and `blast-radius verify` already
      // refuses a record that its approver did not commit: a warning, so approvals can be committed.
      const observed = edit.context.author !== undefined;
      const severity = observed ? 'critical' : 'medium';
      const message = observed
        ? `${edit.change === 'created' ? 'Adds to' : edit.change === 'deleted' ? 'Deletes from' : 'Changes'} the sign-off record (${edit.file.name}); approvals must be recorded by a person with \`blast-radius approve\` or the editor`
        : `changes the sign-off record (${edit.file.name}); \`blast-radius verify\` counts a record only when its approver committed it`;
      return atFirstChange(edit, message, { severity });
    },
  },
  {
    id: 'cicd.guard-runtime-changed',
    description: "A file in Blast Radius's private runtime folder (the editor's discovery files, the hook judge's record) was written or deleted: they tell the hooks which server decides.",
    severity: 'critical',
    suggestion: 'Leave these files to Blast Radius; restart the editor, or run `blast-radius hook judge` again, if they are wrong.',
    kinds: '*',
    examples: {
      match: [
        { name: 'a judge record pointed elsewhere', path: '/run/user/1000/blast-radius/hook-judge-0123abcd.json', before: '{"port":40001}\n', after: '{"port":40999}\n', line: 1, side: 'after' },
        { name: 'an editor discovery file written', path: '/tmp/blast-radius-1000/0123456789abcdef01234567.json', before: null, after: '{"port":1}\n', line: 1, side: 'after' },
        { name: 'a discovery file deleted', path: '/run/user/1000/blast-radius/0123456789abcdef01234567.json', before: '{"port":1}\n', after: null, line: 1, side: 'before' },
      ],
      nearMiss: [
        { name: 'the project folder of the same name', path: 'blast-radius/src/main.ts', before: null, after: 'export {};\n' },
        { name: 'a JSON file in a folder named after the product', path: 'docs/blast-radius/notes.json', before: null, after: '{}\n' },
      ],
    },
    check(edit) {
      if (!GUARD_RUNTIME_RE.test(edit.file.path)) return undefined;
      return atFirstChange(edit, `${edit.change === 'deleted' ? 'deletes' : 'writes'} ${edit.file.name} in Blast Radius's runtime folder, which tells the hooks which server decides`);
    },
  },
];
