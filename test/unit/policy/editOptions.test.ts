/**
 * The edit engine's options under a resolved policy (src/core/policy/editOptions.ts), the way the
 * editor's edit review and the agent hooks build them: a rule the person disabled produces no
 * finding (so nothing waits for review), a workspace cannot disable one, and a workspace may
 * lower the size limit so more files are held for review by hand.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeEdit } from '../../../src/core/edit/analyze';
import { DEFAULT_POLICY, parsePolicyDocument, policyFromSettings, resolvePolicy } from '../../../src/core/policy';
import { editOptionsFor } from '../../../src/core/policy/editOptions';

const DROP = { path: 'db/migrations/0002_drop.sql', before: null, after: 'DROP TABLE orders;\n' };

test('under the default policy the drop is a finding and nothing is left out', () => {
  const options = editOptionsFor(DEFAULT_POLICY);
  assert.deepEqual(options, { disabledRules: [], maxBytes: DEFAULT_POLICY.edits.maxFileBytes });
  assert.deepEqual(
    analyzeEdit(DROP, options).findings.map((f) => f.ruleId),
    ['sql.drop-table'],
  );
});

test('a rule the user disabled in settings produces no finding', () => {
  const { policy } = resolvePolicy([policyFromSettings({ 'policy.disabledRules': ['sql.drop-table'] }, 'user')]);
  assert.deepEqual(analyzeEdit(DROP, editOptionsFor(policy)).findings, []);
});

test('a rule of edits.disabledRules in the user policy produces no finding, and a pack is left out whole', () => {
  const { policy } = resolvePolicy([parsePolicyDocument('{ "edits": { "disabledRules": ["sql.*"] } }', 'user')]);
  assert.deepEqual(editOptionsFor(policy).disabledRules, ['sql.*']);
  assert.deepEqual(analyzeEdit(DROP, editOptionsFor(policy)).findings, []);
});

test('a workspace cannot disable an edit rule: the finding stays', () => {
  const { policy, problems } = resolvePolicy([
    policyFromSettings({ 'policy.disabledRules': ['sql.drop-table'] }, 'workspace'),
    parsePolicyDocument('{ "edits": { "disabledRules": ["sql.drop-table"] } }', 'file'),
  ]);
  assert.equal(problems.length, 2, problems.map((p) => p.message).join('\n'));
  assert.deepEqual(
    analyzeEdit(DROP, editOptionsFor(policy)).findings.map((f) => f.ruleId),
    ['sql.drop-table'],
  );
});

test('a workspace policy file that lowers edits.maxFileBytes has larger files held instead of judged', () => {
  const padded = { ...DROP, after: `-- ${'x'.repeat(2000)}\nDROP TABLE orders;\n` };
  assert.equal(analyzeEdit(padded, editOptionsFor(DEFAULT_POLICY)).skipped, undefined);
  const { policy } = resolvePolicy([parsePolicyDocument('{ "edits": { "maxFileBytes": 1024 } }', 'file')]);
  assert.equal(editOptionsFor(policy).maxBytes, 1024);
  const v = analyzeEdit(padded, editOptionsFor(policy));
  assert.equal(v.skipped?.reason, 'too-large');
  assert.match(v.skipped!.detail, /over the 1 KB limit/);
});
