import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PACKS } from '../../../src/core/command/packs/index';
import { EDIT_RULES } from '../../../src/core/edit/rules/index';
import { loadPolicyFile, parsePath, parsePolicyDocument, policyFileProblems, policyFromSettings } from '../../../src/core/policy';
import { checkRuleRef, closestRuleId, ruleIds, ruleRefProblems } from '../../../src/core/policy/ruleRefs';
import { POLICY_FILE_TEMPLATE } from '../../../src/core/policy/template';

test('the rule ids are every id of both registries, each once', () => {
  const ids = ruleIds();
  assert.deepEqual(ids.command, PACKS.flatMap((p) => p.rules.map((r) => r.id)));
  assert.deepEqual(ids.edit, EDIT_RULES.map((r) => r.id));
  assert.equal(new Set(ids.command).size, ids.command.length);
  assert.equal(new Set(ids.edit).size, ids.edit.length);
});

const CLOSEST: ReadonlyArray<[written: string, meant: string | undefined]> = [
  ['git.force-push', 'git.push-force'], // the same words in another order
  ['git.rm-recursive', 'fs.rm-recursive'], // the same rule name in another pack
  ['sql.drop-tabel', 'sql.drop-table'], // a typo
  ['k8s.delet', 'k8s.delete'],
  ['iac.terraform-destory', 'iac.terraform-destroy'],
  ['weather.sunny-day', undefined], // nothing like it
];
for (const [written, meant] of CLOSEST) {
  test(`the id probably meant by "${written}" is ${meant ?? 'none'}`, () => {
    const { command, edit } = ruleIds();
    assert.equal(closestRuleId(written, [...command, ...edit]), meant);
  });
}

test('real rules and packs of either engine are accepted in disabledRules', () => {
  for (const id of ['git.push-force', 'git.*', 'sql.drop-table', 'sql.*', 'fs.rm-recursive', 'secrets.*']) assert.equal(checkRuleRef(id, 'disabledRules'), undefined, id);
});

test("the engine's own checks are left to the policy, which refuses to disable them", () => {
  for (const id of ['guard.trap', 'dynamic.*', 'parse.error', 'policy.deny']) assert.equal(checkRuleRef(id, 'disabledRules'), undefined, id);
});

test('an unknown id names the rule probably meant', () => {
  const r = checkRuleRef('git.force-push', 'disabledRules');
  assert.equal(r?.closest, 'git.push-force');
  assert.equal(r?.message, '"git.force-push" is not a rule, so it disables nothing; did you mean "git.push-force"?');
});

test('an unknown pack names the pack probably meant', () => {
  const r = checkRuleRef('gitt.*', 'disabledRules');
  assert.equal(r?.closest, 'git.*');
  assert.match(r?.message ?? '', /^"gitt\.\*" is not a pack of rules, so it disables nothing; did you mean "git\.\*"\?$/);
});

test('an unknown id with nothing close says it disables nothing, with no suggestion', () => {
  const r = checkRuleRef('weather.sunny-day', 'disabledRules');
  assert.equal(r?.closest, undefined);
  assert.match(r?.message ?? '', /^"weather\.sunny-day" is not a rule, so it disables nothing/);
});

test('a command rule or pack in edits.disabledRules says where it belongs', () => {
  assert.match(checkRuleRef('git.push-force', 'edits.disabledRules')?.message ?? '', /it is a command rule; list it under disabledRules/);
  assert.match(checkRuleRef('git.*', 'edits.disabledRules')?.message ?? '', /it is a pack of command rules; list it under disabledRules/);
  assert.equal(checkRuleRef('sql.drop-table', 'edits.disabledRules'), undefined);
});

test("a policy file's unknown ids are problems at the exact position of each id", () => {
  const text = '{\n  // ours\n  "disabledRules": ["git.push-force", "git.force-push"],\n  "edits": { "disabledRules": ["sql.drop-tabel"] }\n}\n';
  const problems = ruleRefProblems(parsePolicyDocument(text, 'file'), text);
  assert.deepEqual(
    problems.map((p) => ({ path: p.path, line: p.line, column: p.column, length: p.length, ruleRef: p.ruleRef, source: p.source })),
    [
      { path: 'disabledRules[1]', line: 3, column: 39, length: 16, ruleRef: { id: 'git.force-push', closest: 'git.push-force' }, source: 'file' },
      { path: 'edits.disabledRules[0]', line: 4, column: 32, length: 16, ruleRef: { id: 'sql.drop-tabel', closest: 'sql.drop-table' }, source: 'file' },
    ],
  );
  const lines = text.split('\n');
  for (const p of problems) assert.equal(lines[p.line! - 1]!.slice(p.column! - 1, p.column! - 1 + p.length!), `"${p.ruleRef!.id}"`);
});

test('settings problems name the setting and have no position', () => {
  const problems = ruleRefProblems(policyFromSettings({ 'policy.disabledRules': ['git.push-force', 'git.force-push'] }, 'user'));
  assert.equal(problems.length, 1);
  assert.equal(problems[0]!.path, 'blastRadius.policy.disabledRules[1]');
  assert.equal(problems[0]!.source, 'user');
  assert.equal(problems[0]!.line, undefined);
  assert.deepEqual(problems[0]!.ruleRef, { id: 'git.force-push', closest: 'git.push-force' });
});

test('a policy without rule references has no rule problems', () => {
  assert.deepEqual(ruleRefProblems(parsePolicyDocument('{ "deny": ["terraform destroy"] }', 'file'), '{ "deny": ["terraform destroy"] }'), []);
});

test('loading a policy file reports its unknown rule ids among its problems, and the policy stays as it was', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'blast-rule-refs-'));
  try {
    const file = path.join(dir, '.blast-radius.json');
    fs.writeFileSync(file, '\ufeff{ "disabledRules": ["git.force-push"], "deny": ["terraform destroy"] }');
    const r = await loadPolicyFile(file);
    assert.equal(r.valid, true, 'an unknown id is not an error in the document');
    assert.deepEqual(r.document.disabledRules, ['git.force-push']);
    const p = r.problems.find((x) => x.ruleRef);
    assert.ok(p, JSON.stringify(r.problems));
    assert.equal(p.line, 1);
    assert.equal(p.column, 21);
    assert.match(p.message, /did you mean "git\.push-force"/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a path written by formatPath reads back into its segments', () => {
  assert.deepEqual(parsePath('deny[2].argsRegex'), ['deny', 2, 'argsRegex']);
  assert.deepEqual(parsePath('edits.disabledRules[0]'), ['edits', 'disabledRules', 0]);
  assert.deepEqual(parsePath('["a key"].b'), ['a key', 'b']);
  assert.equal(parsePath('not a path!'), undefined);
});

test("a policy file's problems for the Problems panel: its unknown rule ids and what a workspace file may not do, each at its position (not its schema errors)", async () => {
  const text = '{\n  "severity": { "high": "yes" },\n  "disabledRules": ["git.force-push"],\n  "allow": ["ls"]\n}\n';
  const problems = await policyFileProblems(text);
  const at = (p: (typeof problems)[number]): string => `${p.line}:${p.column}+${p.length ?? '?'} ${p.path}`;
  assert.deepEqual(problems.map(at).sort(), ['3:21+16 disabledRules[0]', '3:3+15 disabledRules', '4:3+7 allow'].sort());
  assert.match(problems.find((p) => p.path === 'disabledRules')!.message, /cannot disable rules/);
  assert.match(problems.find((p) => p.path === 'allow')!.message, /cannot allow commands/);
});

test('the policy file template is valid as written, and a workspace file may use everything in it', async () => {
  const parsed = parsePolicyDocument(POLICY_FILE_TEMPLATE, 'file');
  assert.equal(parsed.valid, true, JSON.stringify(parsed.problems));
  assert.deepEqual(parsed.problems, []);
  assert.deepEqual(await policyFileProblems(POLICY_FILE_TEMPLATE), []);
  // its one active entry is the defaults written out: it changes nothing until a line is uncommented
  assert.deepEqual(parsed.document, { version: 1, deny: [], productionMarkers: [], severity: { critical: 'confirm', high: 'confirm' }, customRules: [] });
});

test('each commented entry of the policy file template is valid when uncommented', () => {
  // every commented line that is JSON (not prose) becomes active
  const uncommented = POLICY_FILE_TEMPLATE.split('\n')
    .map((l) => l.replace(/^(\s*)\/\/ (?=\s*["{}])/, '$1'))
    .join('\n');
  const parsed = parsePolicyDocument(uncommented, 'file');
  assert.deepEqual(parsed.problems, [], uncommented);
  assert.equal(parsed.document.deny?.length, 3);
  assert.equal(parsed.document.customRules?.[0]?.id, 'custom.no-make-deploy');
  assert.equal(parsed.document.approvals?.critical, 2);
});
