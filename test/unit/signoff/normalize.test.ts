/**
 * Identity normalisation: one person is one normalised e-mail address, so case, plus tags,
 * look-alike letters, invisible characters and Gmail dots cannot make one person count twice,
 * and cannot hide an agent. Distinct mailboxes stay distinct.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { agentReason, confusableSkeleton, normalizeEmail, sameIdentity } from '../../../src/core/signoff/identity';

/** [written, normalised, why]. */
const SAME: [string, string, string][] = [
  ['Alice@Example.COM', 'alice@example.com', 'case'],
  ['  alice@example.com\t', 'alice@example.com', 'surrounding white space'],
  ['alice+review@example.com', 'alice@example.com', 'plus tag'],
  ['alice+a+b@example.com', 'alice@example.com', 'plus tag with a plus inside'],
  ['ALICE+CI@EXAMPLE.COM', 'alice@example.com', 'case and plus tag together'],
  ['\u0430lice@example.com', 'alice@example.com', 'Cyrillic small a'],
  ['\u0410LICE@example.com', 'alice@example.com', 'Cyrillic capital A'],
  ['b\u043eb@example.com', 'bob@example.com', 'Cyrillic small o'],
  ['\u0412ob@example.com', 'bob@example.com', 'Cyrillic capital Ve, which looks like B'],
  ['b\u03bfb@example.com', 'bob@example.com', 'Greek small omicron'],
  ['\u0392\u039f\u0392@example.com', 'bob@example.com', 'Greek capitals beta and omicron'],
  ['carol@\u0435xample.com', 'carol@example.com', 'Cyrillic e in the domain'],
  ['\uff41\uff4c\uff49\uff43\uff45@example.com', 'alice@example.com', 'full-width letters (NFKC)'],
  ['\ud835\udc1a\ud835\udc25\ud835\udc22\ud835\udc1c\ud835\udc1e@example.com', 'alice@example.com', 'mathematical bold letters (NFKC)'],
  ['al\u200bice@example.com', 'alice@example.com', 'zero-width space'],
  ['\ufeffalice@exa\u00admple.com', 'alice@example.com', 'byte order mark and soft hyphen'],
  ['al\u0131ce@example.com', 'alice@example.com', 'dotless i'],
  ['d\u0585t@example.com', 'dot@example.com', 'Armenian oh'],
  ['a.l.i.c.e@gmail.com', 'alice@gmail.com', 'dots in a Gmail local part'],
  ['Alice.Smith+x@googlemail.com', 'alicesmith@gmail.com', 'googlemail.com is gmail.com'],
  ['alice@xn--xample-2of.com', 'alice@example.com', 'a punycode domain with a Cyrillic e'],
  ['alice@example.com.', 'alice@example.com', 'a trailing dot on the domain'],
];

for (const [written, normal, why] of SAME) {
  test(`${JSON.stringify(written)} is ${normal} (${why})`, () => {
    assert.equal(normalizeEmail(written), normal);
    assert.ok(sameIdentity({ email: written }, { email: normal }));
  });
}

/** Pairs that are two mailboxes and must stay two people. */
const DIFFERENT: [string, string, string][] = [
  ['alice@example.com', 'alice@example.org', 'another domain'],
  ['a.lice@example.com', 'alice@example.com', 'dots matter outside Gmail'],
  ['alice@corp.gmail.com.example', 'alice@example.com', 'gmail only as the whole domain'],
  ['al1ce@example.com', 'alice@example.com', 'ASCII look-alikes (1 and i) are different mailboxes'],
  ['rnary@example.com', 'mary@example.com', 'rn and m are different mailboxes'],
  ['bob0@example.com', 'bobo@example.com', 'digit 0 and letter o are different mailboxes'],
  ['alicé@example.com', 'alice@example.com', 'an accent is a different letter'],
  ['+alice@example.com', 'alice@example.com', 'a local part that starts with + keeps it'],
];

for (const [a, b, why] of DIFFERENT) {
  test(`${a} and ${b} are two people (${why})`, () => {
    assert.ok(!sameIdentity({ email: a }, { email: b }));
  });
}

test('the skeleton is for comparing only: it never returns the look-alike, and is idempotent', () => {
  const s = confusableSkeleton('\u0421\u0430r\u043el');
  assert.equal(s, 'carol');
  assert.equal(confusableSkeleton(s), s);
  for (const [written] of SAME) assert.equal(normalizeEmail(normalizeEmail(written)), normalizeEmail(written));
});

test('normalisation never throws on odd input', () => {
  for (const odd of ['', '@', 'no-at-sign', '@example.com', 'alice@', 'a@b@c', '\u0000@\u0000', 'x@xn--', '\ud800@example.com']) {
    assert.equal(typeof normalizeEmail(odd), 'string');
  }
});

/** Agent identities that variants must not hide. */
const HIDDEN_AGENTS: [string, string][] = [
  ['NoReply+session@Anthropic.com', 'plus tag and case on a coding-agent address'],
  ['n\u043ereply@anthropic.com', 'Cyrillic o in a coding-agent address'],
  ['cursoragent@cursor.c\u043em', 'Cyrillic o in the domain'],
  ['release-b\u043et@example.com', 'Cyrillic o in the bot word'],
  ['ci\u200b-bot@example.com', 'zero-width space before the bot word'],
];

for (const [email, why] of HIDDEN_AGENTS) {
  test(`${JSON.stringify(email)} is still an agent (${why})`, () => {
    assert.ok(agentReason({ name: 'someone', email }));
  });
}

test('a policy agent pattern catches the normalised form too', () => {
  assert.ok(agentReason({ name: 'd', email: 'Svc-Deployer+x@example.com' }, ['svc-deployer@example.com']));
  assert.equal(agentReason({ name: 'd', email: 'deployer@example.com' }, ['svc-deployer@example.com']), undefined);
});

test('a bot account name written with look-alikes is still a bot', () => {
  assert.ok(agentReason({ name: 'renovate[b\u03bft]', email: 'someone@example.com' }));
});
