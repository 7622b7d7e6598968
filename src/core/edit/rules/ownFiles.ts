/**
 * This product's own files: the policy file (`.blast-radius.json`), the sign-off record
 * (`.blast-radius/reviews/`) and the private runtime folder that tells the hooks which server
 * decides. Rule ids stay `cicd.*`.
 */
import { jsonChild, jsonKey, type JsonNode, jsonPreview, jsonProps, jsonValue } from '../../formats/json';
import { RUNTIME_RECORD_RE as GUARD_RUNTIME_RE } from '../../guard/runtimeDir';
import { REVIEWS_PATH_RE as REVIEW_RECORD_RE } from '../../signoff/reviewsDir';
import { decisionRank, isDecision } from '../../severity';
import { jsonDoc, lineOfNode } from '../documents';
import type { Edit, EditRule } from '../rule';
import { atAfter, atBefore, atFirstChange } from '../rule';
import type { Side } from '../types';

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
          out.push({ loosens, side: 'after', line: lineOfNode(edit, 'after', n), message: `${where} gained ${jsonPreview(jsonValue(n))}${loosens ? ': protection loosened' : ''}` });
        }
        for (const n of bItems) {
          if (aKeys.has(jsonKey(jsonValue(n)))) continue;
          const loosens = SHRINKS_LOOSER.test(key);
          out.push({ loosens, side: 'before', line: lineOfNode(edit, 'before', n), message: `${where} lost ${jsonPreview(jsonValue(n))}${loosens ? ': protection loosened' : ''}` });
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
        out.push({ loosens, side: 'after', line: lineOfNode(edit, 'after', an), message: `${where} changed from ${jsonPreview(bv)} to ${jsonPreview(av)}${loosens ? ': protection loosened' : ''}` });
      } else if (bn) {
        out.push({ loosens, side: 'before', line: lineOfNode(edit, 'before', bn), message: `${where} (${jsonPreview(bv)}) removed${loosens ? ': protection loosened' : ''}` });
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

// ---------------------------------------------------------------------------------------------
// Example tables

const RECORD_SAMPLE =
  '{\n  "version": 1,\n  "id": "6b1a13a35ae2-36acfab3d8",\n  "kind": "edit",\n  "ruleId": "sql.drop-table",\n  "decision": "approve",\n  "decidedBy": "person"\n}\n';

export const ownFileRules: EditRule[] = [
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
