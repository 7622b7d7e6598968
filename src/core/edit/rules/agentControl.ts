/**
 * What decides what runs and what an agent may do without asking: git hooks and hook managers,
 * agent hook and permission files (Claude Code, Cursor, Gemini CLI, Codex), this product's guard
 * wired into them, and VS Code settings that loosen protection. Rule ids stay `cicd.*`.
 */
import { jsonChild, jsonKey, type JsonNode, jsonPreview, jsonProps, jsonValue } from '../../formats/json';
import { asRecord } from '../../formats/yaml';
import { jsonDoc, lineOfNode } from '../documents';
import type { Edit, EditRule, EditRuleFinding } from '../rule';
import { atAfter, atBefore, hasKind, newlyAdded, reallyRemoved } from '../rule';
import type { Side } from '../types';

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

export const agentControlRules: EditRule[] = [
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
              out.push(atAfter(lineOfNode(edit, 'after', n), `${jsonPreview(jsonValue(n))} added to ${key}: ${risk.why}`, { severity: risk.severity }));
            }
          }
          continue;
        }
        if (!risk.loosens(av, bv)) continue;
        const severity = /^blastRadius\./.test(key) && (av === false || av === 'off' || av === 'allow' || av === 'none') ? 'critical' : risk.severity;
        out.push(atAfter(lineOfNode(edit, 'after', an.kn), `"${key}" set to ${jsonPreview(av)}: ${risk.why}`, { severity }));
      }
      return out;
    },
  },
];
