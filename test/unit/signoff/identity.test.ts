/** Identities: same person, agents and bots, patterns, git's ident line, agent environments. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { agentEnvironmentMarker, agentReason, emailMatches, parseGitIdent, sameIdentity } from '../../../src/core/signoff/identity';

test('one person is one e-mail address, whatever its case and surrounding space', () => {
  assert.ok(sameIdentity({ email: 'Alice@Example.com ' }, { email: 'alice@example.com' }));
  assert.ok(!sameIdentity({ email: 'alice@example.com' }, { email: 'alice@example.org' }));
});

const AGENTS: [string, string, string][] = [
  ['dependabot[bot]', '49699333+dependabot[bot]@users.noreply.github.com', 'GitHub App bot'],
  ['Release Bot', 'release-bot@example.com', 'bot as a word of the local part'],
  ['CI', 'bot@example.com', 'bot alone'],
  ['Deploy', 'deploy_bot@example.com', 'bot after an underscore'],
  ['Claude', 'noreply@anthropic.com', 'co-author address of a coding agent'],
  ['Cursor Agent', 'cursoragent@cursor.com', 'coding agent commit address'],
  ['Copilot', '198982749+Copilot@users.noreply.github.com', 'coding agent commit address'],
  ['renovate[bot]', 'someone@example.com', 'a [bot] account name'],
];

for (const [name, email, why] of AGENTS) {
  test(`${email} (${name}) is an agent: ${why}`, () => {
    assert.ok(agentReason({ name, email }));
  });
}

const PEOPLE: [string, string][] = [
  ['Ann Abbott', 'abbott@example.com'],
  ['Robot Fan', 'robotics-team@example.com'],
  ['Bottomley', 'bottomley@example.com'],
  ['Alice', 'alice@anthropic.com'],
];

for (const [name, email] of PEOPLE) {
  test(`${email} is a person (the letters "bot" alone do not make an agent)`, () => {
    assert.equal(agentReason({ name, email }), undefined);
  });
}

test('a record marked as an agent is an agent whatever its address', () => {
  assert.match(agentReason({ name: 'Alice', email: 'alice@example.com', agent: true }) ?? '', /recorded as an agent/);
});

test("the policy's agent patterns add to the built-in ones", () => {
  assert.equal(agentReason({ name: 'Svc', email: 'svc-deployer@example.com' }), undefined);
  assert.match(agentReason({ name: 'Svc', email: 'svc-deployer@example.com' }, ['svc-*@example.com']) ?? '', /policy's agent pattern svc-\*@example\.com/);
});

test('e-mail patterns are whole-address globs, case-insensitive; regex characters are literal', () => {
  assert.ok(emailMatches('*@example.com', 'Carol@EXAMPLE.com'));
  assert.ok(!emailMatches('*@example.com', 'carol@example.com.evil.org'));
  assert.ok(!emailMatches('*@example.com', 'carol@sub.example.org'));
  assert.ok(emailMatches('carol?@example.com', 'carol2@example.com'));
  assert.ok(!emailMatches('a.b@example.com', 'axb@example.com'));
  assert.ok(!emailMatches('', 'carol@example.com'));
});

test("git's ident line gives the name and e-mail address", () => {
  assert.deepEqual(parseGitIdent('Alice Author <alice@example.com> 1700000000 +0100'), { name: 'Alice Author', email: 'alice@example.com' });
  assert.equal(parseGitIdent('Alice Author <> 1700000000 +0100'), undefined);
  assert.equal(parseGitIdent('nothing here'), undefined);
});

test('agent environments are recognised by the variables agents set in their shells', () => {
  assert.equal(agentEnvironmentMarker({ CLAUDECODE: '1' }), 'CLAUDECODE');
  assert.equal(agentEnvironmentMarker({ GEMINI_CLI: '1', PATH: '/bin' }), 'GEMINI_CLI');
  assert.equal(agentEnvironmentMarker({ CLAUDECODE: '', GEMINI_CLI: '0' }), undefined);
  assert.equal(agentEnvironmentMarker({ PATH: '/bin' }), undefined);
});
