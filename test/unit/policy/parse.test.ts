import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_POLICY, decisionForSeverity, formatProblem, isRuleDisabled, parsePolicy, parsePolicyDocument } from '../../../src/core/policy';
import { fixturesDir } from '../helpers/paths';

const fixture = (name: string): string => fs.readFileSync(path.join(fixturesDir, 'policies', name), 'utf8');

test('the default policy: critical and high confirm, medium and low allow, none allow', () => {
  assert.equal(decisionForSeverity(DEFAULT_POLICY, 'critical'), 'confirm');
  assert.equal(decisionForSeverity(DEFAULT_POLICY, 'high'), 'confirm');
  assert.equal(decisionForSeverity(DEFAULT_POLICY, 'medium'), 'allow');
  assert.equal(decisionForSeverity(DEFAULT_POLICY, 'low'), 'allow');
  assert.equal(decisionForSeverity(DEFAULT_POLICY, 'none'), 'allow');
  assert.equal(DEFAULT_POLICY.confirmTimeoutSeconds, 300);
});

test('a full user policy with comments and trailing commas applies every field', () => {
  const { policy, problems } = parsePolicy(fixture('full.jsonc'), 'user');
  assert.deepEqual(problems, []);
  assert.deepEqual(policy.severity, { critical: 'deny', high: 'confirm', medium: 'confirm', low: 'allow' });
  assert.deepEqual(policy.allow.map((p) => p.label), ['kubectl delete pod']);
  assert.deepEqual(policy.deny.map((p) => p.path), ['deny[0]', 'deny[1]', 'deny[2]']);
  assert.equal(policy.deny[1]!.matches({ program: 'kubectl', args: ['drain', 'node', '--all'] }), true);
  assert.equal(policy.deny[2]!.matches({ program: 'aws', args: ['s3', 'ls', '--region', 'eu-west-1'] }), true);
  assert.deepEqual(policy.disabledRules, ['docker.*']);
  assert.equal(isRuleDisabled(policy, 'docker.system-prune'), true);
  assert.equal(isRuleDisabled(policy, 'dockerx.rule'), false);
  assert.deepEqual(policy.productionMarkers, ['emea', 'blue']);
  assert.deepEqual(policy.localMarkers, ['sandbox']);
  assert.equal(policy.customRules.length, 1);
  assert.equal(policy.customRules[0]!.id, 'custom.no-make-deploy');
  assert.equal(policy.customRules[0]!.suggestion, 'Open a pull request and let the pipeline deploy');
  assert.equal(policy.customRules[0]!.pattern.matches({ program: 'make', args: ['deploy'] }), true);
  assert.equal(policy.confirmTimeoutSeconds, 120);
  assert.deepEqual(policy.edits, { disabledRules: ['tests.*'], maxFileBytes: 2097152 });
  assert.deepEqual(policy.approvals, { critical: 2 });
});

test('empty text is an empty, valid policy', () => {
  for (const text of ['', '  \n', '\uFEFF', '{}', '// nothing yet\n{}']) {
    const r = parsePolicy(text, 'user');
    assert.deepEqual(r.problems, [], JSON.stringify(text));
    assert.deepEqual(r.policy.severity, DEFAULT_POLICY.severity);
  }
});

interface InvalidCase {
  text: string;
  path: string;
  message: RegExp;
  line?: number;
}

const INVALID: Record<string, InvalidCase> = {
  'bad enum': { text: '{ "severity": { "high": "yes" } }', path: 'severity.high', message: /^expected one of allow, confirm, deny, got "yes"$/, line: 1 },
  'wrong type': { text: '{ "deny": "terraform destroy" }', path: 'deny', message: /^expected a list, got "terraform destroy"$/ },
  'unknown top-level key with a suggestion': { text: '{\n  "denny": [] }', path: 'denny', message: /unknown key "denny"; did you mean "deny"\?/, line: 2 },
  'unknown key in a pattern object': { text: '{ "deny": [{ "command": "rm", "flags": ["-rf"] }] }', path: 'deny[0].flags', message: /unknown key "flags"/ },
  'pattern of the wrong type': { text: '{ "deny": [42] }', path: 'deny[0]', message: /expected a command such as "kubectl delete" or a pattern object with "command", got 42/ },
  'pattern object without command': { text: '{ "allow": [{ "subcommand": "delete" }] }', path: 'allow[0].command', message: /expected a string, got nothing/ },
  'empty pattern string': { text: '{ "deny": [""] }', path: 'deny[0]', message: /must not be empty/ },
  'blank pattern string': { text: '{ "deny": ["   "] }', path: 'deny[0]', message: /expected a command such as "kubectl delete"/ },
  'subcommand of the wrong type': { text: '{ "deny": [{ "command": "git", "subcommand": 3 }] }', path: 'deny[0].subcommand', message: /expected a word or a list of words, got 3/ },
  'bad rule id': { text: '{ "disabledRules": ["Git force push"] }', path: 'disabledRules[0]', message: /expected a rule id such as "git.push-force"/ },
  'custom rule id outside custom.*': { text: '{ "customRules": [{ "id": "git.mine", "severity": "high", "message": "m", "match": "git" }] }', path: 'customRules[0].id', message: /custom\.no-prod-deploy/ },
  'custom rule severity none': { text: '{ "customRules": [{ "id": "custom.x", "severity": "none", "message": "m", "match": "git" }] }', path: 'customRules[0].severity', message: /expected one of low, medium, high, critical, got "none"/ },
  'timeout too small': { text: '{ "confirmTimeoutSeconds": 1 }', path: 'confirmTimeoutSeconds', message: /must be at least 5, got 1/ },
  'timeout not whole': { text: '{ "confirmTimeoutSeconds": 2.5 }', path: 'confirmTimeoutSeconds', message: /expected a whole number, got 2.5/ },
  'unsupported version': { text: '{ "version": 2 }', path: 'version', message: /expected 1, got 2/ },
  'marker with a space': { text: '{ "productionMarkers": ["eu live"] }', path: 'productionMarkers[0]', message: /one word of letters and digits/ },
  'marker with a separator (it could never match a name part)': { text: '{ "localMarkers": ["live-eu"] }', path: 'localMarkers[0]', message: /compared part by part/ },
  'approvals out of range': { text: '{ "approvals": { "critical": 9 } }', path: 'approvals.critical', message: /at most 5/ },
};

for (const [name, c] of Object.entries(INVALID)) {
  test(`invalid policy, ${name}: reported with its JSON path`, () => {
    const r = parsePolicyDocument(c.text, 'user');
    assert.equal(r.valid, false);
    const p = r.problems.find((x) => x.path === c.path);
    assert.ok(p, `no problem at ${c.path}; got ${JSON.stringify(r.problems)}`);
    assert.match(p.message, c.message);
    if (c.line !== undefined) assert.equal(p.line, c.line);
  });
}

test('a syntax error keeps the defaults and says where', () => {
  const { policy, problems } = parsePolicy(fixture('syntax-error.json'), 'user');
  assert.ok(problems.length >= 1);
  assert.equal(problems[0]!.line, 3);
  assert.match(problems[0]!.message, /^not valid JSON: comma expected; the policy is ignored until it is fixed$/);
  assert.equal(policy.deny.length, 0);
  assert.deepEqual(policy.severity, DEFAULT_POLICY.severity);
});

test('a top level that is not an object keeps the defaults', () => {
  for (const text of ['[]', '"deny"', '42', 'null']) {
    const { policy, problems } = parsePolicy(text, 'user');
    assert.equal(problems.length, 1, text);
    assert.match(problems[0]!.message, /expected a JSON object/);
    assert.equal(policy, policy);
    assert.equal(policy.deny.length, 0);
  }
});

test('an invalid user policy still applies its valid tightening entries, never its loosening ones', () => {
  const { policy, problems } = parsePolicy(fixture('unknown-key.json'), 'user');
  // "denny" is reported; the allow entry waits until the document is fixed.
  assert.deepEqual(
    problems.map((p) => p.path),
    ['denny', 'allow'],
  );
  assert.match(problems[1]!.message, /allow commands \(1 entry\) is ignored until the errors in this policy are fixed/);
  assert.equal(policy.allow.length, 0);

  const enumCase = parsePolicy(fixture('bad-enum.json'), 'user');
  assert.equal(enumCase.problems.length, 1);
  assert.equal(enumCase.problems[0]!.path, 'severity.high');
  assert.deepEqual(enumCase.policy.deny.map((p) => p.label), ['terraform destroy']);
  assert.equal(enumCase.policy.severity.high, 'confirm');
});

test('an invalid entry in a list is dropped whole; the valid entries stay', () => {
  const { policy, problems } = parsePolicy('{ "deny": ["terraform destroy", { "command": "kubectl", "subcommand": 3 }, "helm uninstall"] }', 'user');
  assert.equal(problems.length, 1);
  assert.deepEqual(policy.deny.map((p) => p.label), ['terraform destroy', 'helm uninstall']);
  // A half-valid pattern is not applied as a broader one.
  assert.equal(policy.deny.some((p) => p.matches({ program: 'kubectl', args: ['get', 'pods'] })), false);
});

test('a bad regex makes only its entry inert; the rest of the policy applies', () => {
  const { policy, problems } = parsePolicy(fixture('bad-regex.json'), 'user');
  assert.equal(problems.length, 1);
  assert.equal(problems[0]!.path, 'deny[1].argsRegex');
  assert.equal(policy.deny.length, 2);
  assert.equal(policy.deny[0]!.valid, true);
  assert.equal(policy.deny[1]!.valid, false);
  assert.equal(policy.deny[1]!.matches({ program: 'kubectl', args: ['(unclosed'] }), false);
});

test('the engine\'s own rules cannot be disabled', () => {
  const { policy, problems } = parsePolicy('{ "disabledRules": ["guard.*", "dynamic.command-name", "parse.error", "policy.deny", "git.push-force"] }', 'user');
  assert.deepEqual(policy.disabledRules, ['git.push-force']);
  assert.deepEqual(
    problems.map((p) => p.path),
    ['disabledRules[0]', 'disabledRules[1]', 'disabledRules[2]', 'disabledRules[3]'],
  );
  assert.match(problems[0]!.message, /"guard\.\*" is one of the engine's own checks and cannot be disabled/);
});

test('duplicate custom rule ids keep the first and are reported', () => {
  const rule = (sev: string) => `{ "id": "custom.x", "severity": "${sev}", "message": "m", "match": "make deploy" }`;
  const { policy, problems } = parsePolicy(`{ "customRules": [${rule('high')}, ${rule('low')}] }`, 'user');
  assert.equal(policy.customRules.length, 1);
  assert.equal(policy.customRules[0]!.severity, 'high');
  assert.equal(problems[0]!.path, 'customRules[1].id');
});

test('problems render as one line with where, path and message', () => {
  const { problems } = parsePolicy('{\n "severity": { "high": "yes" } }', 'file');
  assert.equal(formatProblem(problems[0]!, '.blast-radius.json'), '.blast-radius.json:2:24: severity.high: expected one of allow, confirm, deny, got "yes"');
  assert.equal(formatProblem({ source: 'user', path: '', message: 'm' }), 'user settings: m');
});

test('parsing never throws on hostile input', () => {
  const inputs = ['{', '}', '{"severity": null}', '{"deny": [null, [], {}]}', '{"__proto__": {"allow": ["*"]}}', '{"constructor": 1}', '\u0000', '{"deny": ['.repeat(200)];
  for (const text of inputs) {
    const r = parsePolicy(text, 'user');
    assert.equal(r.policy.allow.length, 0, text);
  }
  for (const key of ['__proto__', 'constructor', 'toString']) {
    const r = parsePolicyDocument(`{"${key}": {"allow": ["*"]}}`, 'user');
    assert.equal(r.valid, false, key);
    assert.equal(r.problems[0]!.path, key);
    assert.match(r.problems[0]!.message, /unknown key/);
  }
});

test('the example in docs/policy.md is a valid policy', () => {
  const doc = fs.readFileSync(path.join(fixturesDir, '..', '..', 'docs', 'policy.md'), 'utf8');
  const example = /```jsonc\n([\s\S]*?)```/.exec(doc)?.[1];
  assert.ok(example, 'docs/policy.md should have a ```jsonc example');
  const { policy, problems } = parsePolicy(example, 'file');
  assert.deepEqual(problems, []);
  assert.equal(policy.severity.critical, 'deny');
  assert.equal(policy.deny.length, 3);
  assert.equal(policy.customRules.length, 1);
});
